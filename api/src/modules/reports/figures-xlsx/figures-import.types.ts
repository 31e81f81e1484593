import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { TypeAccess } from '../../../core/graphql/access.js';
import { MaxItems } from '../../../core/graphql/list-bounds.js';
import { PLAN_LIMITS } from '../../plans/plan-limits.js';
import { ReportNode } from '../report.types.js';

/* importReportFigures in GraphQL (docs/REPORTS.md, "Figures as a spreadsheet"). */

export const ReportFigureFieldEnum = { ALLOCATED: 'ALLOCATED', PERIOD: 'PERIOD', CUMULATIVE: 'CUMULATIVE', NOTE: 'NOTE' } as const;
registerEnumType(ReportFigureFieldEnum, {
  name: 'ReportFigureField',
  description:
    'A column of a target in the figures table: allocated (read only), the period figure, the cumulative figure, the override note.',
});

/** Warnings given at most (a district of a few dozen communes × targets × fields fits; warningCount has them all). */
export const MAX_IMPORT_WARNINGS = 2_000;

@InputType({
  description: 'An .xlsx figures table (as GET /api/reports/:id/figures.xlsx gives it), base64-encoded (at most 2 MB decoded).',
})
export class ImportReportFiguresInput {
  @Field(() => String) reportId!: string;
  @Field(() => Int, { description: 'The report’s version (optimistic lock; the import bumps it).' }) version!: number;
  @Field(() => String, { nullable: true }) fileName?: string | null;
  @Field(() => String) contentBase64!: string;
  @Field(() => Boolean, { description: 'true: only the change list and warnings, nothing written; false: apply them.' }) dryRun!: boolean;
  @Field(() => String, {
    nullable: true,
    description:
      'The previewDigest of the dry run: the apply refuses (CONFLICT, IMPORT_PREVIEW_STALE) when its changes would differ from those previewed.',
  })
  previewDigest?: string | null;
}

@ObjectType('ReportFiguresChange', { description: 'One field of one target of the report changed by the import.' })
@TypeAccess('SCOPED')
export class ReportFiguresChangeNode {
  @Field(() => ID) targetId!: string;
  @Field(() => String) metric!: string;
  @Field(() => String) unitOfMeasure!: string;
  @Field(() => ReportFigureFieldEnum) field!: string;
  @Field(() => String, { nullable: true, description: 'The stored value (a figure as decimal text).' }) before!: string | null;
  @Field(() => String, { nullable: true }) after!: string | null;
  @Field(() => String, { description: 'The cell of the file ("E12").' }) cell!: string;
}

@ObjectType('ReportFiguresWarning', { description: 'What the file says that the import does not write, and why.' })
@TypeAccess('SCOPED')
export class ReportFiguresWarningNode {
  @Field(() => String, {
    description:
      'SUBORDINATE_DIFFERS (a unit below submitted another figure: its own report holds it), SUBORDINATE_NOTE_NOT_IMPORTED, ALLOCATION_NOT_IMPORTED (allocations are the plan’s), OWN_ROW_MISSING, OTHER_REPORT (the sheet was exported from another report).',
  })
  code!: string;
  @Field(() => String, { description: 'In English, for logs; clients word a warning by its code and fields.' }) message!: string;
  @Field(() => String) sheet!: string;
  @Field(() => String, { nullable: true }) cell!: string | null;
  @Field(() => String, { nullable: true }) unitName!: string | null;
  @Field(() => String, { nullable: true, description: 'The target as the table heads it: "metric (unit)".' }) metric!: string | null;
  @Field(() => ReportFigureFieldEnum, { nullable: true }) field!: string | null;
  @Field(() => String, { nullable: true }) inFile!: string | null;
  @Field(() => String, { nullable: true, description: 'What the system holds.' }) current!: string | null;
}

@ObjectType('ImportReportFiguresPayload')
@TypeAccess('SCOPED')
export class ImportReportFiguresPayload {
  @Field(() => Boolean) dryRun!: boolean;
  @Field(() => Boolean, { description: 'The changes were written (false for a dry run, or when there is nothing to change).' })
  applied!: boolean;
  @Field(() => String, { description: 'The sheet read.' }) sheet!: string;
  @Field(() => [ReportFiguresChangeNode]) @MaxItems(PLAN_LIMITS.targets * 3) changes!: ReportFiguresChangeNode[];
  @Field(() => [ReportFiguresWarningNode]) @MaxItems(MAX_IMPORT_WARNINGS, { truncate: true }) warnings!: ReportFiguresWarningNode[];
  @Field(() => Int, { description: 'Every warning, also those beyond the list’s maximum.' }) warningCount!: number;
  @Field(() => String, { description: 'Digest of the change list: give it back with dryRun false to apply exactly what was previewed.' })
  previewDigest!: string;
  @Field(() => ReportNode) report!: ReportNode;
}
