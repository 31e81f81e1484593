import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import type { AuthedCtx } from '../../../core/context.js';
import { Access } from '../../../core/graphql/access.js';
import { importReportFigures } from './figures-import.service.js';
import { ImportReportFiguresInput, ImportReportFiguresPayload } from './figures-import.types.js';

@Resolver()
export class FiguresImportResolver {
  @Mutation(() => ImportReportFiguresPayload, {
    description:
      'Reads an .xlsx figures table into a draft or returned report (editors): dryRun true previews the changes and warnings, false applies exactly them.',
  })
  @Access('WRITER')
  importReportFigures(@Arg('input', () => ImportReportFiguresInput) input: ImportReportFiguresInput, @Ctx() ctx: AuthedCtx) {
    return importReportFigures(ctx, input);
  }
}
