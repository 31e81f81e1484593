import type { AuthedCtx } from '../../core/context.js';
import type { AdminUnitNode } from '../admin-units/admin-unit.types.js';
import { visiblePlanOrNull } from '../plans/plan.service.js';
import { numberSymbol } from '../plans/plan-document.js';
import { periodLabel, periodOfDates } from './periods.js';
import { reportLoaders } from './report-loaders.js';
import type { ReportFigureNode, ReportTaskNode } from './report.types.js';
import { getVisibleReport } from './reports.service.js';
import * as store from './store/index.js';

/*
 * Everything the printed "BÁO CÁO" of a report shows (docs/REPORTS.md, "The printed report"),
 * read under exactly the report's read access: what `report(id)` answers NOT_FOUND is NOT_FOUND
 * here too. The rendering is the documents module's (documents/export/report-docx.ts); this file
 * only gathers, in a fixed number of statements whatever the number of units below: the report;
 * its obligation, tasks, figures and the units below; the plan, the two units and the units
 * below's roll-up.
 */

/** A unit below and what it achieved, per target of the report it reports into. */
export interface PrintableSubordinate {
  unit: Pick<AdminUnitNode, 'id' | 'name' | 'code'>;
  /** It submitted its own report (submitted or accepted). */
  reported: boolean;
  /** By the report's targetId: the unit's figure counted into it — its own, or when it has not reported, its units below's sum. */
  figures: Record<string, { achieved: number | null; achievedCumulative: number | null; reportedByUnit: boolean }>;
}

export interface PrintableReport {
  report: store.ReportRow;
  /** The reporting unit. */
  unit: Pick<AdminUnitNode, 'id' | 'name'>;
  /** The unit the report is owed to: the plan's issuer. */
  issuerUnit: Pick<AdminUnitNode, 'id' | 'name'>;
  obligation: Pick<store.ObligationRow, 'id' | 'kind' | 'title' | 'recipient' | 'dueDate'>;
  /** The plan that ordered the report; null once it is out of the caller's sight (revoked). */
  plan: { numberSymbol: string | null; issuedDate: string | null; title: string } | null;
  /** The period's name when it is exactly a reporting period of Decree 09/2019 ("tháng 10/2024"), else null. */
  periodLabel: string | null;
  tasks: ReportTaskNode[];
  figures: ReportFigureNode[];
  subordinates: PrintableSubordinate[];
}

export async function printableReport(ctx: AuthedCtx, id: string): Promise<PrintableReport> {
  const report = await getVisibleReport(ctx, id);
  const loaders = reportLoaders(ctx);
  const [obligation, tasks, figures, subs] = await Promise.all([
    loaders.obligation.load(report.obligationId),
    loaders.tasks.load(report.id),
    loaders.figures.load(report.id),
    loaders.subordinates.load(report.obligationId),
  ]);
  // A readable report's obligation is in sight: the report's unit is the caller's or below it.
  const o = obligation!;
  const [plan, unit, issuerUnit, cells] = await Promise.all([
    visiblePlanOrNull(ctx, o.planId),
    ctx.loaders.unitById.load(report.unitId),
    ctx.loaders.unitById.load(o.issuerUnitId),
    store.rollupCells(
      ctx.em,
      subs.map((s) => s.obligationId),
    ),
  ]);
  const period = periodOfDates(report.periodStart, report.periodEnd);
  return {
    report,
    unit: unit!,
    issuerUnit: issuerUnit!,
    obligation: o,
    plan: plan ? { numberSymbol: numberSymbol(plan.number, plan.symbol), issuedDate: plan.issuedDate, title: plan.title } : null,
    periodLabel: period ? periodLabel(period) : null,
    tasks,
    figures,
    subordinates: subs.map((s) => {
      const out: PrintableSubordinate['figures'] = {};
      // A unit's figures count into the report's targets they were derived from (report_rollup's
      // rolls_into_target_id, as kh_refresh_report_rollup sums them): several into one are added.
      for (const c of cells) {
        if (c.obligationId !== s.obligationId || !c.rollsIntoTargetId) continue;
        const cur = out[c.rollsIntoTargetId];
        out[c.rollsIntoTargetId] = cur
          ? {
              achieved: add(cur.achieved, c.achieved),
              achievedCumulative: add(cur.achievedCumulative, c.achievedCumulative),
              reportedByUnit: cur.reportedByUnit || c.reportedByUnit,
            }
          : { achieved: c.achieved, achievedCumulative: c.achievedCumulative, reportedByUnit: c.reportedByUnit };
      }
      return { unit: { id: s.unit.id, name: s.unit.name, code: s.unit.code }, reported: s.reported, figures: out };
    }),
  };
}

const add = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : a + b);
