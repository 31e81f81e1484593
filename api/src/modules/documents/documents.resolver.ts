import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import type { AuthedCtx } from '../../core/context.js';
import { Access } from '../../core/graphql/access.js';
import { ImportPlanInput, ImportPlanPayload } from './documents.types.js';
import { importPlan } from './plan-import.service.js';

@Resolver()
export class DocumentsResolver {
  @Mutation(() => ImportPlanPayload, {
    description: 'Creates a DRAFT from a .docx or text plan, rebuilding its structure; reports what it could not classify.',
  })
  @Access('WRITER')
  importPlan(@Arg('input', () => ImportPlanInput) input: ImportPlanInput, @Ctx() ctx: AuthedCtx) {
    return importPlan(ctx, input);
  }
}
