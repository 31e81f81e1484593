import type { AuthedCtx } from '../../../core/context.js';
import { notFound } from '../../../core/errors.js';
import { parseUuid } from '../../../core/ids.js';
import type { AdminUnitNode } from '../../admin-units/admin-unit.types.js';
import { loadTargets, planHeadlines, reportingTargets } from '../../plans/store/index.js';
import { reportLoaders } from '../report-loaders.js';
import type { ReportFigureNode } from '../report.types.js';
import * as reports from '../reports.service.js';
import * as store from '../store/index.js';
import {
  COMPLIANCE_WORDS,
  REPORT_STATUS_WORDS,
  sheetNames,
  targetHeading,
  targetHeadings,
  workbookBuffer,
  WORDS,
  writeReportSheet,
  writeSummarySheet,
  type ReportTable,
  type SummaryRow,
  type TableCell,
  type TableColumn,
} from './layout.js';

/*
 * The figures table of a report, and of a milestone for the superior's follow page, as .xlsx
 * (docs/REPORTS.md, "Figures as a spreadsheet"). Everything is read for all reports of a workbook
 * at once — a fixed number of statements whatever the number of reports and units — and in the
 * caller's sight only: the report as `report(id)` reads it, the milestone as the follow page does
 * (a superior never sees a draft).
 */

/** Report sheets in one milestone workbook at most; the summary says so when there are more. */
export const MAX_REPORT_SHEETS = 300;

/** A report with everything its figures table shows, and what an import compares with. */
export interface ReportFigureData {
  report: store.ReportRow;
  obligation: store.ObligationRow;
  unit: AdminUnitNode;
  planLine: string | null;
  /** Every target of the plan the report is on (an import finds its columns among them), with its heading. */
  planTargets: { id: string; metric: string; unitOfMeasure: string }[];
  headings: Map<string, string>;
  figures: ReportFigureNode[];
  below: {
    row: store.BelowObligationRow;
    cells: Map<string, TableCell>;
    /** Targets of the report the unit reports on (allocated to it, or taken over by its plan). */
    expected: Set<string>;
  }[];
}

const ddmmyyyy = (iso: string | null) => (iso ? `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}` : null);

function planLines(found: { id: string; title: string; numberSymbol: string | null; issuedDate: string | null }[]) {
  return new Map(
    found.map((p) => [
      p.id,
      [p.numberSymbol ? `Số ${p.numberSymbol}` : null, p.issuedDate ? `ngày ${ddmmyyyy(p.issuedDate)}` : null, p.title]
        .filter(Boolean)
        .join(' — '),
    ]),
  );
}

/** Eight statements whatever the number of reports and of units below them. */
export async function reportFigureData(ctx: AuthedCtx, rs: store.ReportRow[]): Promise<ReportFigureData[]> {
  if (!rs.length) return [];
  const em = ctx.em;
  const [obligations, units, figures, below] = await Promise.all([
    Promise.all(rs.map((r) => reportLoaders(ctx).obligation.load(r.obligationId))),
    Promise.all(rs.map((r) => ctx.loaders.unitById.load(r.unitId))),
    store.reportFigures(
      em,
      rs.map((r) => r.id),
    ),
    store.belowObligations(
      em,
      ctx.principal,
      rs.map((r) => r.obligationId),
    ),
  ]);
  const planIds = [...new Set(obligations.map((o) => o!.planId))];
  const [cells, expected, plans, planTargets] = await Promise.all([
    store.belowFigures(
      em,
      below.map((b) => b.obligationId),
    ),
    reportingTargets(
      em,
      below.map((b) => ({ planId: b.planId, unitId: b.unit.id })),
    ),
    planHeadlines(em, planIds),
    loadTargets(em, planIds),
  ]);
  const lines = planLines(plans);
  const headings = new Map(planIds.map((id) => [id, targetHeadings(planTargets.get(id) ?? [])]));
  return rs.map((report, i) => {
    const obligation = obligations[i]!;
    return {
      report,
      obligation,
      unit: units[i]!,
      planLine: lines.get(obligation.planId) ?? null,
      planTargets: planTargets.get(obligation.planId) ?? [],
      headings: headings.get(obligation.planId)!,
      figures: figures.filter((f) => f.reportId === report.id),
      below: below
        .filter((b) => b.parentObligationId === report.obligationId)
        .map((row) => {
          const mine = expected.filter((t) => t.planId === row.planId && t.unitId === row.unit.id && t.rollsIntoTargetId);
          const got = cells.filter((c) => c.obligationId === row.obligationId);
          const targets = new Set([...mine.map((t) => t.rollsIntoTargetId!), ...got.map((c) => c.targetId)]);
          const byTarget = new Map<string, TableCell>();
          for (const targetId of targets) {
            const c = got.find((x) => x.targetId === targetId);
            const allocated = mine.filter((t) => t.rollsIntoTargetId === targetId && t.allocated !== null);
            byTarget.set(targetId, {
              allocated: allocated.length ? allocated.reduce((s, t) => s + t.allocated!, 0) : null,
              period: c?.achieved ?? null,
              cumulative: c?.achievedCumulative ?? null,
            });
          }
          return { row, cells: byTarget, expected: new Set(mine.map((t) => t.rollsIntoTargetId!)) };
        }),
    };
  });
}

/** The table a report's sheet shows (and an unchanged import reads back). */
export function reportTable(d: ReportFigureData, sheetName: string): ReportTable {
  const columns: TableColumn[] = d.figures.map((f) => ({ targetId: f.targetId, heading: d.headings.get(f.targetId) ?? targetHeading(f) }));
  const hasFigures = (cells: Map<string, TableCell>) => [...cells.values()].some((c) => c.period !== null || c.cumulative !== null);
  return {
    sheetName,
    reportId: d.report.id,
    unitName: d.unit.name,
    planLine: d.planLine,
    title: d.obligation.title,
    periodStart: d.report.periodStart,
    periodEnd: d.report.periodEnd,
    dueDate: d.obligation.dueDate,
    status: `${REPORT_STATUS_WORDS[d.report.status] ?? d.report.status}${d.report.versionNo > 1 ? ` (lần ${d.report.versionNo})` : ''}`,
    columns,
    rows: [
      {
        unitName: d.unit.name,
        status: REPORT_STATUS_WORDS[d.report.status] ?? d.report.status,
        own: true,
        cells: new Map(
          d.figures.map((f) => [
            f.targetId,
            { allocated: f.allocated, period: f.periodValue, cumulative: f.cumulativeValue, note: f.overrideNote },
          ]),
        ),
      },
      ...d.below.map((b) => ({
        unitName: b.row.unit.name,
        status: b.row.reported ? WORDS.reported : hasFigures(b.cells) ? WORDS.notReportedBelow : WORDS.notReported,
        own: false,
        cells: b.cells,
      })),
    ],
  };
}

export interface XlsxFile {
  body: Buffer;
  /** ASCII file name, and the Vietnamese one (RFC 5987). */
  asciiName: string;
  name: string;
}

const asciiSlug = (s: string) =>
  s
    .replace(/Đ/g, 'D')
    .replace(/đ/g, 'd')
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);

/** GET /api/reports/:id/figures.xlsx: the report's sheet. NOT_FOUND unless the caller reads the report. */
export async function reportWorkbook(ctx: AuthedCtx, id: string): Promise<XlsxFile> {
  const report = await reports.getVisibleReport(ctx, id);
  const [data] = await reportFigureData(ctx, [report]);
  const [sheet] = sheetNames([data.unit.name]);
  const body = await workbookBuffer((wb) => writeReportSheet(wb, reportTable(data, sheet)));
  const due = data.obligation.dueDate ?? '';
  return {
    body,
    asciiName: `so-lieu-bao-cao-${asciiSlug(data.unit.name)}-${due}.xlsx`,
    name: `Số liệu báo cáo - ${data.unit.name} - ${ddmmyyyy(due) ?? ''}.xlsx`.replace(/[\\/:*?"<>|]+/g, '-'),
  };
}

/**
 * GET /api/reports/milestones/:milestoneId/figures.xlsx: a summary sheet (every unit in sight ×
 * targets, achieved against allocated, as the follow page shows) and a sheet per report in sight.
 * NOT_FOUND when the caller sees no obligation of the milestone.
 */
export async function milestoneWorkbook(ctx: AuthedCtx, milestoneId: string): Promise<XlsxFile> {
  const id = parseUuid(milestoneId, 'milestoneId');
  const em = ctx.em;
  const obligations = await store.milestoneObligationRows(em, ctx.principal, id, 'ALL', null, 100_000);
  if (!obligations.length) throw notFound('Milestone');
  const top = obligations.filter((o) => o.depth === 1);
  const planId = (top[0] ?? obligations[0]).planId;
  const withReport = obligations.filter((o) => o.reportId);
  const shown = withReport.slice(0, MAX_REPORT_SHEETS);
  const [summary, cells, expected, targets, plans, rs] = await Promise.all([
    reports.rollupSummary(ctx, milestoneId),
    store.rollupFigures(
      em,
      obligations.map((o) => o.id),
    ),
    reportingTargets(
      em,
      obligations.map((o) => ({ planId: o.planId, unitId: o.unitId })),
    ),
    loadTargets(em, [planId]),
    planHeadlines(em, [planId]),
    store.reportsById(
      em,
      ctx.principal,
      shown.map((o) => o.reportId!),
    ),
  ]);
  const units = await Promise.all(obligations.map((o) => ctx.loaders.unitById.load(o.unitId)));
  const planTargets = targets.get(planId) ?? [];
  const headings = targetHeadings(planTargets);
  const columns: TableColumn[] = planTargets.map((t) => ({ targetId: t.id, heading: headings.get(t.id)! }));
  const columnIds = new Set(columns.map((c) => c.targetId));
  // A commune's target rolls into its district's, which rolls into the plan's: each figure finds its column up that chain.
  const up = new Map<string, string>();
  for (const t of expected) if (t.rollsIntoTargetId) up.set(t.targetId, t.rollsIntoTargetId);
  for (const c of cells) if (c.rollsIntoTargetId) up.set(c.targetId, c.rollsIntoTargetId);
  const columnOf = (targetId: string) => {
    let t: string | undefined = targetId;
    for (let hop = 0; t && hop < 6; hop++, t = up.get(t)) if (columnIds.has(t)) return t;
    return null;
  };
  const rowOf = (o: store.ObligationRow, i: number): SummaryRow => {
    const byColumn: SummaryRow['cells'] = new Map();
    const add = (targetId: string, f: (x: { allocated: number | null; period: number | null; cumulative: number | null }) => void) => {
      const col = columnOf(targetId);
      if (!col) return;
      const x = byColumn.get(col) ?? { allocated: null, period: null, cumulative: null, gap: null };
      f(x);
      byColumn.set(col, x);
    };
    const plus = (a: number | null, b: number | null) => (b === null ? a : (a ?? 0) + b);
    for (const t of expected)
      if (t.planId === o.planId && t.unitId === o.unitId) add(t.targetId, (x) => (x.allocated = plus(x.allocated, t.allocated)));
    for (const c of cells) {
      if (c.obligationId !== o.id) continue;
      add(c.targetId, (x) => {
        x.period = plus(x.period, c.achieved);
        x.cumulative = plus(x.cumulative, c.achievedCumulative);
      });
    }
    for (const x of byColumn.values()) {
      const reached = x.cumulative ?? x.period;
      x.gap = x.allocated !== null && reached !== null ? reached - x.allocated : null;
    }
    const status =
      o.status === 'NONE' || o.status === 'DRAFT'
        ? o.compliance === 'MISSING'
          ? COMPLIANCE_WORDS.MISSING
          : WORDS.notReported
        : o.compliance === 'RETURNED'
          ? COMPLIANCE_WORDS.RETURNED
          : `${REPORT_STATUS_WORDS[o.status] ?? o.status}, ${COMPLIANCE_WORDS[o.compliance]}`;
    return { unitName: units[i]!.name, depth: o.depth, status, submittedOn: o.submittedOn, cells: byColumn };
  };
  // Tree order: each unit followed by the units below it, by code.
  const index = new Map(obligations.map((o, i) => [o.id, i]));
  const children = new Map<string, store.ObligationRow[]>();
  for (const o of obligations) {
    if (o.depth > 1 && o.parentObligationId && index.has(o.parentObligationId)) {
      children.set(o.parentObligationId, [...(children.get(o.parentObligationId) ?? []), o]);
    }
  }
  const ordered: store.ObligationRow[] = [];
  const visit = (o: store.ObligationRow) => {
    ordered.push(o);
    for (const c of children.get(o.id) ?? []) visit(c);
  };
  for (const o of obligations) if (!(o.depth > 1 && o.parentObligationId && index.has(o.parentObligationId))) visit(o);

  const totals: SummaryRow['cells'] = new Map(
    summary.targets.map((t) => [t.targetId, { allocated: t.allocated, period: t.achieved, cumulative: t.achievedCumulative, gap: t.gap }]),
  );
  const byId = new Map(rs.map((r) => [r.id, r]));
  const reportRows = shown.map((o) => byId.get(o.reportId!)).filter((r): r is store.ReportRow => !!r);
  const data = await reportFigureData(ctx, reportRows);
  const names = sheetNames(['Tổng hợp', ...data.map((d) => d.unit.name)]);
  const first = obligations[0];
  const body = await workbookBuffer((wb) => {
    writeSummarySheet(wb, names[0], {
      planLine: planLines(plans).get(planId) ?? null,
      title: first.title,
      dueDate: (top[0] ?? first).dueDate,
      columns,
      rows: ordered.map((o) => rowOf(o, index.get(o.id)!)),
      totals,
      cappedAt: withReport.length > shown.length ? MAX_REPORT_SHEETS : null,
    });
    data.forEach((d, i) => writeReportSheet(wb, reportTable(d, names[i + 1])));
  });
  const due = (top[0] ?? first).dueDate ?? '';
  return {
    body,
    asciiName: `tong-hop-so-lieu-${asciiSlug(first.title)}-${due}.xlsx`,
    name: `Tổng hợp số liệu - ${first.title} - ${ddmmyyyy(due) ?? ''}.xlsx`.replace(/[\\/:*?"<>|]+/g, '-'),
  };
}
