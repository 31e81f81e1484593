import crypto from 'node:crypto';
import type { AuthedCtx } from '../../../core/context.js';
import { AppError, ErrorCode, Reason } from '../../../core/errors.js';
import { cleanText } from '../../../core/text.js';
import { checkEditable, getVisibleReport } from '../reports.service.js';
import * as store from '../store/index.js';
import { reportFigureData } from './figures-export.js';
import { planImport, type ImportPlan } from './figures-import.js';
import { readWorkbook } from './read-workbook.js';
import type { ImportReportFiguresInput } from './figures-import.types.js';

/**
 * importReportFigures (docs/REPORTS.md, "Figures as a spreadsheet"): checks in the order of every
 * report write — visible, allowed (an editor of the report's unit), state (DRAFT or RETURNED),
 * version — then the file is read and the change list worked out. A dry run returns it; an apply
 * goes through the report store's one write path (writeReport: one savepoint, the report locked,
 * one statement for the figures, the version bumped, the audit event), works the list out again
 * under the lock and writes it only when it is the one previewed.
 */
export async function importReportFigures(ctx: AuthedCtx, input: ImportReportFiguresInput) {
  const fileName = input.fileName ? cleanText(input.fileName, 'fileName', { max: 255 }) : null;
  const report = await getVisibleReport(ctx, input.reportId, 'reportId');
  checkEditable(ctx)(report);
  store.requireReportVersion(report, input.version);
  if (!/^[A-Za-z0-9+/=\s]*$/.test(input.contentBase64)) {
    throw new AppError(ErrorCode.BAD_USER_INPUT, 'contentBase64 is not base64', { field: 'file', reason: Reason.NOT_BASE64 });
  }
  const bytes = Buffer.from(input.contentBase64, 'base64');
  const sheets = await readWorkbook(bytes);
  const [data] = await reportFigureData(ctx, [report]);
  const work = async (em = ctx.em): Promise<ImportPlan> => {
    const [stored, below] = await Promise.all([store.figureTexts(em, report.id), store.belowSums(em, report.obligationId)]);
    return planImport(sheets, data, stored, below);
  };
  const preview = await work();
  const answer = (plan: ImportPlan, applied: boolean, r: store.ReportRow) => ({
    dryRun: input.dryRun,
    applied,
    sheet: plan.sheet,
    changes: plan.changes,
    warnings: plan.warnings,
    warningCount: plan.warnings.length,
    previewDigest: plan.digest,
    report: r,
  });
  // Nothing to change writes nothing: an unchanged round trip leaves the report as it was.
  if (input.dryRun || !preview.changes.length) return answer(preview, false, report);
  const stale = (expected: string) =>
    new AppError(ErrorCode.CONFLICT, 'The figures changed since the preview: preview the file again', {
      reason: Reason.IMPORT_PREVIEW_STALE,
      previewDigest: expected,
    });
  if (input.previewDigest && input.previewDigest !== preview.digest) throw stale(preview.digest);
  const sha256 = crypto.createHash('sha256').update(bytes).digest('hex');
  return store.writeReport(
    ctx,
    { reportId: report.id, check: checkEditable(ctx), expectedVersion: input.version },
    async ({ em, report: locked }) => {
      const plan = await work(em);
      if (plan.digest !== preview.digest) throw stale(plan.digest);
      await store.updateReportFigureRows(em, locked.id, plan.writes);
      return {
        result: undefined as never,
        touch: 'version',
        audit: {
          action: 'IMPORT_REPORT_FIGURES',
          after: { fileName, bytes: bytes.length, sha256, sheet: plan.sheet, changes: plan.changes },
        },
        reload: async () => answer(plan, true, await store.reloadReport(em, locked.id)),
      };
    },
  );
}
