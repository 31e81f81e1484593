import type { AuthedCtx } from '../../core/context.js';
import { canDecideReport, canEditReport, canReadObligation, canSubmitReport, isPublishedStatus } from '../../core/access/policy.js';
import { AppError, badInput, ErrorCode, forbidden, invalidState, notFound, Reason } from '../../core/errors.js';
import { keysetPage } from '../../core/graphql/pagination.js';
import { parseUnitId, parseUuid } from '../../core/ids.js';
import { cleanText, optionalText, parseDate, todayInVietnam } from '../../core/text.js';
import { insertReportNotice } from '../notifications/notification.store.js';
import { NotificationKind } from '../notifications/notification.types.js';
import { reportingPlanStatus, reportingTargets, reportingTasks, type ReportingTarget } from '../plans/store/index.js';
import { getVisiblePlan } from '../plans/plan.service.js';
import { periodKey, periodOfKey } from './periods.js';
import * as store from './store/index.js';
import { reportLoaders } from './report-loaders.js';
import {
  MAX_REPORT_VERSIONS,
  MAX_TREND_PERIODS,
  type CountedFigureNode,
  type ReportFiguresArgs,
  type ReportTrendTargetNode,
  TaskProgresses,
  type CreateReportInput,
  type CorrectReportInput,
  type ReportCompliance,
  type ReportRollupCellNode,
  type ReportRollupTotalNode,
  type ReportTransitionInput,
  type UpdateReportFigureInput,
  type UpdateReportTaskInput,
  type UpdateReportTextInput,
} from './report.types.js';

/*
 * Progress reports (docs/REPORTS.md): checks and the shape of each change; every statement goes
 * through the reports store (and the plan store for the plan's facts).
 */

/** Figures: non-negative decimals of at most 10^12 (docs/REPORTS.md). */
export const MAX_FIGURE = 1e12;
export const DECIMAL = /^\d{1,13}(\.\d{1,6})?$/;

/** Decimal text → its canonical text, or null when empty; BAD_USER_INPUT naming the field otherwise. */
export function parseFigure(value: string | null | undefined, field: string): string | null | undefined {
  if (value === undefined) return undefined;
  if (value === null) return null;
  const text = value.normalize('NFC').trim();
  if (text === '') return null;
  if (!DECIMAL.test(text) || Number(text) > MAX_FIGURE) {
    throw new AppError(ErrorCode.BAD_USER_INPUT, `${field} must be a number from 0 to 10^12, as in "12" or "12.5"`, {
      field,
      reason: Reason.FIGURE_INVALID,
      limit: MAX_FIGURE,
    });
  }
  return String(Number(text));
}

export const sameFigure = (a: string | number | null, b: string | number | null) =>
  (a === null ? null : Number(a)) === (b === null ? null : Number(b));

/* ---------------------------------------------------------------- reads */

/** A period's key as ReportingPeriod.key gives it ("MONTH-2024-09"); BAD_USER_INPUT naming `period` otherwise. */
function parsePeriod(value: string): string {
  const p = periodOfKey(value.trim());
  if (!p) throw badInput('period must be a period key such as "MONTH-2024-09", "QUARTER-2024-03", "YEAR-2024-01"', 'period');
  return periodKey(p);
}

export async function getVisibleReport(ctx: AuthedCtx, id: string, field = 'id'): Promise<store.ReportRow> {
  const r = await reportLoaders(ctx).report.load(parseUuid(id, field));
  if (!r) throw notFound('Report');
  return r;
}

export async function listObligations(
  ctx: AuthedCtx,
  args: {
    planId?: string;
    unitId?: string;
    milestoneId?: string;
    owedToUnitId?: string;
    statuses?: string[];
    dueBy?: string;
    includeClosed?: boolean;
    period?: string;
    first?: number;
    after?: string;
  },
) {
  const f: store.ObligationFilter = {
    planId: args.planId ? parseUuid(args.planId, 'planId') : null,
    unitId: args.unitId ? parseUnitId(args.unitId, 'unitId') : null,
    milestoneId: args.milestoneId ? parseUuid(args.milestoneId, 'milestoneId') : null,
    owedToUnitId: args.owedToUnitId ? parseUnitId(args.owedToUnitId, 'owedToUnitId') : null,
    statuses: args.statuses?.length ? args.statuses : null,
    dueBy: args.dueBy ? parseDate(args.dueBy, 'dueBy') : null,
    includeClosed: args.includeClosed ?? false,
    periodKey: args.period ? parsePeriod(args.period) : null,
  };
  if (!f.planId && !f.unitId && !f.milestoneId && !f.owedToUnitId)
    throw badInput('give planId, unitId, milestoneId or owedToUnitId', 'planId');
  return keysetPage(
    args,
    3,
    (after, limit) => store.obligationRows(ctx.em, ctx.principal, f, after, limit),
    (o) => [o.due, o.code, o.id],
    () => store.countObligations(ctx.em, ctx.principal, f),
  );
}

/**
 * A page of the roll-up of a milestone: its obligations (at depth ALL, the derived milestones'
 * below them), each unit's achieved figures against what it was allocated, with the gap. One
 * statement whatever the number of units (docs/REPORTS.md): the rows with their count, units,
 * agencies, the reports the caller sees, the roll-up cells and the allocations (the plan store's
 * fragment in the reports store's statement). The units, agencies and reports ride on the rows, so the fields
 * `unit`, `agency` and `report` cost nothing more (ReportObligationResolver).
 */
export async function rollupPage(
  ctx: AuthedCtx,
  args: { milestoneId: string; depth?: 'CHILDREN' | 'ALL'; period?: string; first?: number; after?: string },
) {
  const milestoneId = parseUuid(args.milestoneId, 'milestoneId');
  const depth = args.depth ?? 'CHILDREN';
  const period = args.period ? parsePeriod(args.period) : null;
  let total: number | undefined;
  const page = await keysetPage(
    args,
    4,
    async (after, limit) => {
      const found = await store.rollupPageRows(ctx.em, ctx.principal, milestoneId, depth, period, after, limit);
      total = found.total;
      return found.rows;
    },
    (o) => [o.depth, o.code, o.periodKey, o.id],
    // The count comes with the rows; only a page of `first: 0`, which reads none, asks for it.
    () =>
      total !== undefined ? Promise.resolve(total) : store.countMilestoneObligations(ctx.em, ctx.principal, milestoneId, depth, period),
  );
  const nodes = page.nodes.map((row) => {
    const got = row.cells;
    const mine = row.expected;
    const targets: ReportRollupCellNode[] = mine.map((t) => {
      const c = got.find((x) => x.targetId === t.targetId);
      const achieved = c?.achieved ?? null;
      const cumulative = c?.achievedCumulative ?? null;
      const reached = cumulative ?? achieved;
      return {
        targetId: t.targetId,
        metric: t.metric,
        unitOfMeasure: t.unitOfMeasure,
        allocated: t.allocated,
        achieved,
        achievedCumulative: cumulative,
        reportedByUnit: c?.reportedByUnit ?? false,
        gap: t.allocated !== null && reached !== null ? reached - t.allocated : null,
      };
    });
    // Figures reported on a target no longer expected of the unit still show.
    for (const c of got) {
      if (mine.some((t) => t.targetId === c.targetId)) continue;
      targets.push({
        targetId: c.targetId,
        metric: c.metric,
        unitOfMeasure: c.unitOfMeasure,
        allocated: null,
        achieved: c.achieved,
        achievedCumulative: c.achievedCumulative,
        reportedByUnit: c.reportedByUnit,
        gap: null,
      });
    }
    // The row itself, with its unit, agency and report (unitRow, agencyRow, reportRow): not copied.
    return { obligation: row, targets };
  });
  return { ...page, nodes };
}

/** A target measured as a rate (a percentage of something), whose units' figures do not add up. */
const isRate = (unitOfMeasure: string) => unitOfMeasure.trim() === '%';

/**
 * Per target, the units' allocations against their achieved figures (each counted once): sums,
 * and for a rate (%) the mean of the units allocated / reporting — nine districts at 100 % are
 * 100 %, never 900 %. `expected` are the targets the units report on with their shares (plan
 * store), `totals` what they achieved per target (report_rollup).
 */
function totalsAgainstAllocations(
  expected: readonly ReportingTarget[],
  totals: readonly { targetId: string; achieved: number | null; achievedCumulative: number | null; units: number }[],
): ReportRollupTotalNode[] {
  const targets = new Map<string, ReportRollupTotalNode>();
  const allocations = new Map<string, number>();
  for (const t of expected) {
    const cur = targets.get(t.targetId) ?? {
      targetId: t.targetId,
      metric: t.metric,
      unitOfMeasure: t.unitOfMeasure,
      allocated: null,
      achieved: null,
      achievedCumulative: null,
      unitsReporting: 0,
      gap: null,
    };
    if (t.allocated !== null) {
      cur.allocated = (cur.allocated ?? 0) + t.allocated;
      allocations.set(t.targetId, (allocations.get(t.targetId) ?? 0) + 1);
    }
    targets.set(t.targetId, cur);
  }
  for (const x of totals) {
    const cur = targets.get(x.targetId);
    if (!cur) continue; // a target no unit in sight reports on any more
    cur.achieved = x.achieved;
    cur.achievedCumulative = x.achievedCumulative;
    cur.unitsReporting = x.units;
  }
  for (const t of targets.values()) {
    if (!isRate(t.unitOfMeasure)) continue;
    const allocated = allocations.get(t.targetId) ?? 0;
    if (t.allocated !== null && allocated > 0) t.allocated /= allocated;
    if (t.unitsReporting > 0) {
      if (t.achieved !== null) t.achieved /= t.unitsReporting;
      if (t.achievedCumulative !== null) t.achievedCumulative /= t.unitsReporting;
    }
  }
  for (const t of targets.values()) {
    const reached = t.achievedCumulative ?? t.achieved;
    t.gap = t.allocated !== null && reached !== null ? reached - t.allocated : null;
  }
  return [...targets.values()];
}

/**
 * The summary of a milestone's roll-up: its open obligations (units directly below, in sight) by
 * compliance, and per target of the plan the units' allocations and achieved figures summed, each
 * figure counted once. Agencies are not units below: their rows are on the roll-up page, never
 * in these totals (docs/REPORTS.md, "Agencies"). One statement (and the caller's) whatever the number of units.
 */
export async function rollupSummary(ctx: AuthedCtx, milestoneId: string, periodArg?: string | null) {
  const id = parseUuid(milestoneId, 'milestoneId');
  const period = periodArg ? parsePeriod(periodArg) : null;
  const row = await store.rollupSummaryRow(ctx.em, ctx.principal, id, period);
  return {
    units: row.units,
    byCompliance: row.byCompliance.map((c) => ({ compliance: c.compliance as ReportCompliance, count: c.count })),
    targets: totalsAgainstAllocations(row.expected, row.totals),
  };
}

/* ---------------------------------------------------- figures for integrators */

/**
 * The counted figures (docs/REPORTS.md, "Figures for integrators") of a plan, unit, target or
 * milestone in the caller's sight, per unit, target and reporting period, a page at a time. A page
 * is a fixed number of statements: the rows, the units' shares (plan store), their units
 * (loader) and the count when asked.
 */
export async function countedFigures(ctx: AuthedCtx, args: ReportFiguresArgs) {
  const f = args.filter;
  const filter: store.CountedFigureFilter = {
    planId: f.planId ? parseUuid(f.planId, 'filter.planId') : null,
    unitId: f.unitId ? parseUnitId(f.unitId, 'filter.unitId') : null,
    targetId: f.targetId ? parseUuid(f.targetId, 'filter.targetId') : null,
    milestoneId: f.milestoneId ? parseUuid(f.milestoneId, 'filter.milestoneId') : null,
    from: f.from ? parseDate(f.from, 'filter.from') : null,
    to: f.to ? parseDate(f.to, 'filter.to') : null,
  };
  if (!filter.planId && !filter.unitId && !filter.targetId && !filter.milestoneId)
    throw badInput('give filter.planId, unitId, targetId or milestoneId', 'filter.planId');
  if (filter.from && filter.to && filter.to < filter.from) throw badInput('filter.to is before filter.from', 'filter.to');
  const page = await keysetPage(
    args,
    5,
    (after, limit) => store.countedFigureRows(ctx.em, ctx.principal, filter, after, limit),
    (r) => [r.due, r.code, r.obligationId, r.position, r.targetId],
    () => store.countCountedFigures(ctx.em, ctx.principal, filter),
  );
  const shares = await reportingTargets(ctx.em, uniquePairs(page.nodes));
  const share = new Map(shares.map((t) => [`${t.planId}|${t.unitId}|${t.targetId}`, t.allocated]));
  const nodes: CountedFigureNode[] = page.nodes.map((r) => {
    const allocated = share.get(`${r.planId}|${r.unitId}|${r.targetId}`) ?? null;
    const reached = r.achievedCumulative ?? r.achieved;
    return {
      obligationId: r.obligationId,
      planId: r.planId,
      milestoneId: r.milestoneId,
      kind: r.kind,
      dueDate: r.dueDate,
      periodStart: r.periodStart,
      periodEnd: r.periodEnd,
      unitId: r.unitId,
      targetId: r.targetId,
      metric: r.metric,
      unitOfMeasure: r.unitOfMeasure,
      allocated,
      achieved: r.achieved,
      achievedCumulative: r.achievedCumulative,
      reportedByUnit: r.reportedByUnit,
      unitsBelow: r.reportedByUnit ? 0 : r.unitsBelow,
      gap: allocated !== null && reached !== null ? reached - allocated : null,
      reportId: r.reportId,
    };
  });
  return { ...page, nodes };
}

const uniquePairs = (items: readonly { planId: string; unitId: number }[]) => [
  ...new Map(items.map((i) => [`${i.planId}|${i.unitId}`, { planId: i.planId, unitId: i.unitId }])).values(),
];

/**
 * The trend of a plan (docs/REPORTS.md, "Figures for integrators"): per reporting period of its
 * milestones, in order, per target what the units in the caller's sight achieved (each figure once,
 * from report_rollup) against what they were allocated. Four statements whatever the number of
 * units and periods: the plan, the periods, the totals, the units' shares.
 */
export async function reportTrend(ctx: AuthedCtx, args: { planId: string; targetId?: string | null }) {
  const plan = await getVisiblePlan(ctx, args.planId, 'planId');
  const targetId = args.targetId ? parseUuid(args.targetId, 'targetId') : null;
  const [periods, totals] = await Promise.all([
    store.trendPeriods(ctx.em, ctx.principal, plan.id, MAX_TREND_PERIODS),
    store.trendTotals(ctx.em, ctx.principal, plan.id, targetId),
  ]);
  const unitIds = [...new Set(periods.flatMap((p) => p.unitIds))];
  const expected = (
    await reportingTargets(
      ctx.em,
      unitIds.map((unitId) => ({ planId: plan.id, unitId })),
    )
  ).filter((t) => !targetId || t.targetId === targetId);
  const byPeriod = periods.map((p) =>
    totalsAgainstAllocations(
      expected,
      totals.filter((t) => t.key === p.key),
    ),
  );
  const targets: ReportTrendTargetNode[] = totalsAgainstAllocations(expected, []).map((t) => ({
    targetId: t.targetId,
    metric: t.metric,
    unitOfMeasure: t.unitOfMeasure,
    allocated: t.allocated,
    points: byPeriod.map((list) => {
      const x = list.find((y) => y.targetId === t.targetId)!;
      return { achieved: x.achieved, achievedCumulative: x.achievedCumulative, unitsReporting: x.unitsReporting, gap: x.gap };
    }),
  }));
  return {
    planId: plan.id,
    periods: periods.map(({ key: _key, unitIds: _units, ...p }) => p),
    targets,
  };
}

/**
 * The obligation a cascade row's unit owes on a milestone of the plan followed, with its report
 * and compliance (docs/REPORTS.md, "The cascade"): batched per milestone, one statement for a
 * page of units.
 */
export async function cascadeRowObligation(ctx: AuthedCtx, milestoneId: string, unitId: number) {
  const id = parseUuid(milestoneId, 'milestoneId');
  return (await reportLoaders(ctx).unitObligation.load(`${id}|${unitId}`)) ?? null;
}

/** Units below that owe a report into this one, and those that have not submitted. */
export async function subordinatesOf(ctx: AuthedCtx, report: { obligationId: string }) {
  const subs = await reportLoaders(ctx).subordinates.load(report.obligationId);
  // The units come with the rows (one statement whatever their number); they lie below the report's unit.
  return {
    expected: subs.length,
    reported: subs.filter((s) => s.reported).length,
    missing: subs.filter((s) => !s.reported).map((s) => s.unit),
  };
}

/* --------------------------------------------------------------- writes */

/**
 * A figure other than the sum the units below submitted is an override: it needs a note
 * (updateReportFigure, and the .xlsx import, which names the cell in `where`).
 */
export function requireOverrideNote(
  next: { periodValue: string | null; cumulativeValue: string | null; overrideNote: string | null },
  below: { period: string | number | null; cumulative: string | number | null } | undefined,
  where: Record<string, unknown> = { field: 'overrideNote' },
): void {
  const overridden =
    (below?.period != null && next.periodValue !== null && !sameFigure(next.periodValue, below.period)) ||
    (below?.cumulative != null && next.cumulativeValue !== null && !sameFigure(next.cumulativeValue, below.cumulative));
  if (overridden && !next.overrideNote) {
    throw new AppError(ErrorCode.BAD_USER_INPUT, 'The figure differs from the sum reported by the units below: say why in overrideNote', {
      ...where,
      reason: Reason.OVERRIDE_NOTE_REQUIRED,
      sumFromBelow: Number(below!.period ?? below!.cumulative),
    });
  }
}

function periodDefaults(o: store.ObligationRow): { start: string | null; end: string | null } {
  // A periodic report counts its period's data window (docs/REPORTS.md, "Periods").
  if (o.periodStart && o.periodEnd) return { start: o.periodStart, end: o.periodEnd };
  const end = o.dueDate && o.planPeriodEnd && o.dueDate > o.planPeriodEnd ? o.planPeriodEnd : (o.dueDate ?? o.planPeriodEnd);
  const start = o.planPeriodStart;
  return { start, end: start && end && end < start ? start : end };
}

/** The plan that ordered the report must still be in force (issued or superseded by an amendment). */
async function requirePlanInForce(ctx: AuthedCtx, planId: string): Promise<void> {
  const status = await reportingPlanStatus(ctx.em, planId);
  if (!status || !isPublishedStatus(status)) {
    throw new AppError(ErrorCode.INVALID_STATE, 'The plan that ordered this report has been revoked', { reason: Reason.PLAN_REVOKED });
  }
}

/** Nothing more is written on a closed obligation (docs/REPORTS.md, "Amendments", "Dissolution"). */
function requireOpen(o: store.ObligationRow): void {
  if (o.state === 'CLOSED') {
    throw new AppError(ErrorCode.INVALID_STATE, 'This report is no longer owed: the obligation was closed', {
      reason: Reason.OBLIGATION_CLOSED,
      closedOn: o.closedOn,
      closedReason: o.closedReason,
    });
  }
}

/**
 * A report on an obligation of the caller's unit, pre-filled: the tasks of the unit's plan, the
 * targets it reports on with their allocated values, and for a unit with subordinates the sum
 * of their submitted figures per target.
 */
export function createReport(ctx: AuthedCtx, input: CreateReportInput): Promise<store.ReportRow> {
  const obligationId = parseUuid(input.obligationId, 'obligationId');
  return store.createReportWrite(ctx, { operation: 'createReport', key: input.idempotencyKey, request: input }, async (em) => {
    const o = await store.readObligation(em, ctx.principal, obligationId);
    if (!o || !canReadObligation(ctx.principal, o)) throw notFound('Obligation');
    if (!canEditReport(ctx.principal, o)) throw forbidden('Only editors of the reporting unit (or agency) write its reports');
    requireOpen(o);
    await store.lockObligation(em, o.id);
    if (await store.latestReportOf(em, o.id))
      throw invalidState('This obligation already has a report: edit it, or correct it once submitted');
    await requirePlanInForce(ctx, o.planId);
    const [tasks, targets, below] = await Promise.all([
      reportingTasks(em, o.planId, o.unitId, o.agencyId),
      reportingTargets(em, [{ planId: o.planId, unitId: o.unitId, agencyId: o.agencyId }]),
      store.belowSums(em, o.id),
    ]);
    const unit = (await ctx.loaders.unitById.load(o.unitId))!;
    const period = periodDefaults(o);
    return {
      report: {
        obligation: { id: o.id, unitId: o.unitId, unitPath: o.unitPath, provinceId: unit.provinceId, agencyId: o.agencyId },
        versionNo: 1,
        correctsReportId: null,
        periodStart: period.start,
        periodEnd: period.end,
        recipients: o.recipient ? [o.recipient, 'Lưu: VT'] : ['Lưu: VT'],
        tasks,
        figures: targets.map((t) => ({
          ...t,
          periodValue: below.get(t.targetId)?.period ?? null,
          cumulativeValue: below.get(t.targetId)?.cumulative ?? null,
        })),
      },
      action: 'CREATE_REPORT',
    };
  });
}

/** Editors of the reporting unit edit a DRAFT or RETURNED report (every edit, the .xlsx import too). */
export const checkEditable = (ctx: AuthedCtx) => (r: store.ReportRow) => {
  if (!canEditReport(ctx.principal, r)) throw forbidden('Only editors of the reporting unit edit its reports');
  if (r.status !== 'DRAFT' && r.status !== 'RETURNED')
    throw invalidState(`The report is ${r.status}; a submitted report is corrected, not edited`);
};

export function updateReportTask(ctx: AuthedCtx, input: UpdateReportTaskInput) {
  return store.writeReport(
    ctx,
    { part: { table: 'report_task', id: input.taskId, what: 'Report task', field: 'taskId' }, check: checkEditable(ctx) },
    async ({ em, report }) => {
      const task = (await store.taskOwner(em, parseUuid(input.taskId, 'taskId')))!;
      if (task.version !== input.version)
        throw new AppError(ErrorCode.CONFLICT, 'The task was changed by someone else', {
          current: { id: input.taskId, version: task.version },
        });
      if (input.status && !(TaskProgresses as readonly string[]).includes(input.status)) throw badInput('unknown status', 'status');
      const next = {
        status: input.status ?? task.status,
        done: input.done !== undefined && input.done !== null ? cleanText(input.done, 'done', { max: 4000, allowEmpty: true }) : task.done,
      };
      await store.updateReportTaskRow(em, input.taskId, next);
      return {
        result: undefined as never,
        audit: {
          action: 'UPDATE_REPORT_TASK',
          before: { taskId: input.taskId, status: task.status, done: task.done },
          after: { taskId: input.taskId, ...next },
        },
        reload: async () => (await store.reportTasks(em, [report.id])).find((t) => t.id === input.taskId)!,
      };
    },
  );
}

export function updateReportFigure(ctx: AuthedCtx, input: UpdateReportFigureInput) {
  const periodValue = parseFigure(input.periodValue, 'periodValue');
  const cumulativeValue = parseFigure(input.cumulativeValue, 'cumulativeValue');
  const targetId = parseUuid(input.targetId, 'targetId');
  return store.writeReport(ctx, { reportId: input.reportId, check: checkEditable(ctx) }, async ({ em, report }) => {
    const fig = await store.figureOf(em, report.id, targetId);
    if (!fig) {
      throw new AppError(ErrorCode.BAD_USER_INPUT, 'The unit reports on no such target for this obligation', {
        field: 'targetId',
        reason: Reason.TARGET_NOT_REPORTED,
      });
    }
    if (fig.version !== input.version)
      throw new AppError(ErrorCode.CONFLICT, 'The figure was changed by someone else', { current: { targetId, version: fig.version } });
    const next = {
      periodValue: periodValue === undefined ? fig.periodValue : periodValue,
      cumulativeValue: cumulativeValue === undefined ? fig.cumulativeValue : cumulativeValue,
      overrideNote: input.overrideNote !== undefined ? optionalText(input.overrideNote, 'overrideNote', 2000) : fig.overrideNote,
    };
    requireOverrideNote(next, await store.belowOf(em, report.obligationId, targetId));
    await store.updateReportFigureRow(em, fig.id, next);
    return {
      result: undefined as never,
      audit: {
        action: 'UPDATE_REPORT_FIGURE',
        before: { targetId, periodValue: fig.periodValue, cumulativeValue: fig.cumulativeValue, overrideNote: fig.overrideNote },
        after: { targetId, ...next },
      },
      reload: async () => (await store.reportFigures(em, [report.id])).find((f) => f.targetId === targetId)!,
    };
  });
}

export function updateReportText(ctx: AuthedCtx, input: UpdateReportTextInput) {
  return store.writeReport(
    ctx,
    { reportId: input.reportId, check: checkEditable(ctx), expectedVersion: input.version },
    async ({ em, report }) => {
      const o = (await store.readObligation(em, ctx.principal, report.obligationId))!;
      const periodStart =
        input.periodStart !== undefined ? (input.periodStart ? parseDate(input.periodStart, 'periodStart') : null) : report.periodStart;
      const periodEnd =
        input.periodEnd !== undefined ? (input.periodEnd ? parseDate(input.periodEnd, 'periodEnd') : null) : report.periodEnd;
      // A periodic report's data window may begin before the plan (its first period opens on the
      // 15th of the month before) or end after it: the window widens what is allowed.
      const first = [o.planPeriodStart, o.periodStart].filter((d): d is string => !!d).sort()[0] ?? null;
      const last =
        [o.planPeriodEnd, o.periodEnd]
          .filter((d): d is string => !!d)
          .sort()
          .at(-1) ?? null;
      const within = { start: o.planPeriodStart ? first : null, end: o.planPeriodEnd ? last : null };
      const outside = (field: 'periodStart' | 'periodEnd', d: string | null) => {
        if (d && ((within.start && d < within.start) || (within.end && d > within.end))) {
          throw new AppError(ErrorCode.BAD_USER_INPUT, `${field} lies outside the plan's period`, {
            field,
            reason: Reason.PERIOD_OUTSIDE_PLAN,
            planPeriodStart: within.start,
            planPeriodEnd: within.end,
          });
        }
      };
      outside('periodStart', periodStart);
      outside('periodEnd', periodEnd);
      if (periodStart && periodEnd && periodEnd < periodStart) throw badInput('periodEnd is before periodStart', 'periodEnd');
      const s = input.signature;
      const next = {
        periodStart,
        periodEnd,
        difficulties:
          input.difficulties != null
            ? cleanText(input.difficulties, 'difficulties', { max: 20000, allowEmpty: true })
            : report.difficulties,
        proposals: input.proposals != null ? cleanText(input.proposals, 'proposals', { max: 20000, allowEmpty: true }) : report.proposals,
        recipients: input.recipients ? input.recipients.map((x, i) => cleanText(x, `recipients[${i}]`, { max: 300 })) : report.recipients,
        signature: {
          authority: s?.authority !== undefined ? optionalText(s.authority, 'signature.authority', 100) : report.signature.authority,
          title: s?.title !== undefined ? optionalText(s.title, 'signature.title', 100) : report.signature.title,
          signerName: s?.signerName !== undefined ? optionalText(s.signerName, 'signature.signerName', 100) : report.signature.signerName,
        },
      };
      await store.updateReportTextRow(em, report.id, next);
      return {
        result: undefined as never,
        touch: 'version',
        audit: { action: 'UPDATE_REPORT_TEXT', after: next },
        reload: () => store.reloadReport(em, report.id),
      };
    },
  );
}

/** DRAFT or RETURNED → SUBMITTED, by an approver of the unit, while the plan is in force. */
export function submitReport(ctx: AuthedCtx, input: ReportTransitionInput) {
  return store.writeReport(
    ctx,
    {
      reportId: input.reportId,
      expectedVersion: input.version,
      check: (r) => {
        if (!canSubmitReport(ctx.principal, r)) throw forbidden('Only approvers of the reporting unit submit its reports');
        if (r.status !== 'DRAFT' && r.status !== 'RETURNED')
          throw invalidState(`The report is ${r.status}; only drafts and returned reports are submitted`);
      },
    },
    async ({ em, report }) => {
      const o = (await store.readObligation(em, ctx.principal, report.obligationId))!;
      requireOpen(o);
      await requirePlanInForce(ctx, o.planId);
      await store.setReportStatus(em, report.id, 'SUBMITTED', { submitted: todayInVietnam(), returnedReason: null });
      // A submitted correction replaces the version it corrects.
      if (report.correctsReportId) await store.setReportStatus(em, report.correctsReportId, 'SUPERSEDED');
      // The approvers of the unit it is owed to are told, in this transaction (docs/NOTIFICATIONS.md).
      await insertReportNotice(em, {
        kind: NotificationKind.REPORT_SUBMITTED,
        planId: o.planId,
        obligationId: o.id,
        reportId: report.id,
        fromUnitId: report.unitId,
        unitId: o.issuerUnitId,
        forRole: 'APPROVER',
        agencyId: o.agencyId,
      });
      return {
        result: undefined as never,
        touch: 'version',
        rollup: true,
        audit: { action: 'SUBMIT_REPORT', before: { status: report.status }, after: { status: 'SUBMITTED', versionNo: report.versionNo } },
        reload: () => store.reloadReport(em, report.id),
      };
    },
  );
}

/** SUBMITTED → ACCEPTED or RETURNED (with a reason), by an approver of the unit the report is owed to. */
export function decideReport(ctx: AuthedCtx, input: ReportTransitionInput, decision: 'ACCEPTED' | 'RETURNED') {
  const reason = decision === 'RETURNED' ? cleanText(input.reason ?? '', 'reason', { max: 2000 }) : null;
  let obligation: store.ObligationRow | null = null;
  return store.writeReport(
    ctx,
    {
      reportId: input.reportId,
      expectedVersion: input.version,
      check: async (r, em) => {
        const o = (await store.readObligation(em, ctx.principal, r.obligationId))!;
        obligation = o;
        if (!canDecideReport(ctx.principal, o)) throw forbidden('Only approvers of the unit the report is owed to accept or return it');
        if (r.status !== 'SUBMITTED') throw invalidState(`The report is ${r.status}; only submitted reports are accepted or returned`);
      },
    },
    async ({ em, report }) => {
      const o = obligation!;
      const issuer = o.issuerUnitId;
      await store.setReportStatus(em, report.id, decision, { decided: true, returnedReason: decision === 'RETURNED' ? reason : undefined });
      // The reporting unit is told of a return, in this transaction (docs/NOTIFICATIONS.md).
      if (decision === 'RETURNED') {
        await insertReportNotice(em, {
          kind: NotificationKind.REPORT_RETURNED,
          planId: o.planId,
          obligationId: o.id,
          reportId: report.id,
          fromUnitId: issuer,
          unitId: report.unitId,
          note: reason,
          agencyId: o.agencyId,
        });
      }
      return {
        result: undefined as never,
        touch: 'version',
        rollup: decision === 'RETURNED',
        audit: {
          action: decision === 'ACCEPTED' ? 'ACCEPT_REPORT' : 'RETURN_REPORT',
          before: { status: report.status },
          after: { status: decision, reason, by: issuer },
        },
        reload: () => store.reloadReport(em, report.id),
      };
    },
  );
}

/** A new DRAFT version of a submitted or accepted report, its content copied; the earlier stays until the correction is submitted. */
export function correctReport(ctx: AuthedCtx, input: CorrectReportInput): Promise<store.ReportRow> {
  const reportId = parseUuid(input.reportId, 'reportId');
  return store.createReportWrite(ctx, { operation: 'correctReport', key: input.idempotencyKey, request: input }, async (em) => {
    const r = await store.lockReport(ctx, em, reportId);
    if (!canEditReport(ctx.principal, r)) throw forbidden('Only editors of the reporting unit correct its reports');
    store.requireReportVersion(r, input.version);
    if (r.status !== 'SUBMITTED' && r.status !== 'ACCEPTED')
      throw invalidState(`The report is ${r.status}; only submitted or accepted reports are corrected`);
    await store.lockObligation(em, r.obligationId);
    const latest = await store.latestReportOf(em, r.obligationId);
    if (latest && latest.id !== r.id) throw invalidState('A correction of this report is already being written');
    if (r.versionNo >= MAX_REPORT_VERSIONS) throw invalidState(`A report has at most ${MAX_REPORT_VERSIONS} versions`);
    const [tasks, figures] = await Promise.all([store.reportTasks(em, [r.id]), store.reportFigures(em, [r.id])]);
    return {
      report: {
        obligation: { id: r.obligationId, unitId: r.unitId, unitPath: r.unitPath, provinceId: r.provinceId, agencyId: r.agencyId },
        versionNo: r.versionNo + 1,
        correctsReportId: r.id,
        periodStart: r.periodStart,
        periodEnd: r.periodEnd,
        difficulties: r.difficulties,
        proposals: r.proposals,
        recipients: r.recipients,
        signature: r.signature,
        firstSubmittedOn: r.firstSubmittedOn,
        tasks: tasks.map((t) => ({ nodeId: t.nodeId!, label: t.label, text: t.text, status: t.status, done: t.done })),
        figures: (await store.figureSources(em, r.id)).map((f) => ({
          ...f,
          periodValue: figures.find((x) => x.targetId === f.targetId)?.periodValue ?? null,
          cumulativeValue: figures.find((x) => x.targetId === f.targetId)?.cumulativeValue ?? null,
          overrideNote: figures.find((x) => x.targetId === f.targetId)?.overrideNote ?? null,
        })),
      },
      action: 'CORRECT_REPORT',
      after: { corrects: r.id, versionNo: r.versionNo + 1 },
    };
  });
}
