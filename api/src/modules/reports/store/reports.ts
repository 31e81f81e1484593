import crypto from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { AuthedCtx, Principal } from '../../../core/context.js';
import { canReadReport, reportVisibleParams, sqlReportVisible } from '../../../core/access/policy.js';
import { conflict, notFound } from '../../../core/errors.js';
import { idempotent } from '../../../core/idempotency.js';
import { parseUuid } from '../../../core/ids.js';
import { one, pgArray, rows } from '../../../core/sql.js';
import { recordAudit } from '../../audit/audit.service.js';
import type { ReportingTarget, ReportingTask } from '../../plans/store/index.js';
import type { AdminUnitNode } from '../../admin-units/admin-unit.types.js';
import { UNIT_COLUMNS } from '../../admin-units/unit-table.js';
import type { ReportFigureNode, ReportNode, ReportTaskNode } from '../report.types.js';

/*
 * THE write path of the report tables (docs/REPORTS.md; the plan store's discipline,
 * docs/ARCHITECTURE.md "How a write happens"): a savepoint in the request's one transaction, the
 * idempotency record of a create, the report row locked and the checks in the order visible →
 * allowed → state → version, the change, the report's bookkeeping, the roll-up of achieved
 * figures up the chain of obligations, the audit event — each once, here.
 */

export const REPORT_COLUMNS = `r.id, r.obligation_id as "obligationId", r.unit_id as "unitId", r.unit_path::text as "unitPath", r.agency_id as "agencyId",
  r.province_id as "provinceId", r.version_no as "versionNo", r.corrects_report_id as "correctsReportId", r.status,
  r.period_start::text as "periodStart", r.period_end::text as "periodEnd", r.difficulties, r.proposals, r.recipients, r.signature,
  r.returned_reason as "returnedReason", r.submitted_at as "submittedAt", r.first_submitted_on::text as "firstSubmittedOn",
  r.version, r.created_at as "createdAt", r.updated_at as "updatedAt"`;

export type ReportRow = ReportNode & { provinceId: number | null };

export async function reloadReport(em: EntityManager, id: string): Promise<ReportRow> {
  return (await one<ReportRow>(em, `select ${REPORT_COLUMNS} from report r where r.id = ?`, [id]))!;
}

/** Reports by id in the caller's sight (the request loader). */
export async function reportsById(em: EntityManager, p: Principal, ids: readonly string[]): Promise<ReportRow[]> {
  if (!ids.length) return [];
  return rows<ReportRow>(em, `select ${REPORT_COLUMNS} from report r where r.id = any(?::uuid[]) and ${sqlReportVisible('r')}`, [
    pgArray([...ids]),
    ...reportVisibleParams(p),
  ]);
}

/** Every version of the reports' series (same obligation), newest first, in the caller's sight. */
export async function reportVersions(em: EntityManager, p: Principal, obligationIds: readonly string[]): Promise<ReportRow[]> {
  if (!obligationIds.length) return [];
  return rows<ReportRow>(
    em,
    `select ${REPORT_COLUMNS} from report r where r.obligation_id = any(?::uuid[]) and ${sqlReportVisible('r')} order by r.version_no desc`,
    [pgArray([...obligationIds]), ...reportVisibleParams(p)],
  );
}

export async function reportTasks(em: EntityManager, reportIds: readonly string[]): Promise<(ReportTaskNode & { reportId: string })[]> {
  if (!reportIds.length) return [];
  return rows(
    em,
    `select t.id, t.report_id as "reportId", t.node_id as "nodeId", t.label, t.text, t.status, t.done, t.version
     from report_task t where t.report_id = any(?::uuid[]) order by t.report_id, t.position`,
    [pgArray([...reportIds])],
  );
}

/** Figures with what the units below submitted for the same obligation and target (kept on write in report_rollup). */
export async function reportFigures(em: EntityManager, reportIds: readonly string[]): Promise<(ReportFigureNode & { reportId: string })[]> {
  if (!reportIds.length) return [];
  const found = await rows<ReportFigureNode & { reportId: string }>(
    em,
    `select f.id, f.report_id as "reportId", f.target_id as "targetId", f.metric, f.unit_of_measure as "unitOfMeasure",
       f.allocated::float8 as allocated, f.period_value::float8 as "periodValue", f.cumulative_value::float8 as "cumulativeValue",
       x.below_period::float8 as "sumFromBelow", x.below_cumulative::float8 as "cumulativeFromBelow", coalesce(x.below_units, 0) as "unitsBelow",
       f.override_note as "overrideNote", f.version
     from report_figure f join report r on r.id = f.report_id
     left join report_rollup x on x.obligation_id = r.obligation_id and x.target_id = f.target_id
     where f.report_id = any(?::uuid[]) order by f.report_id, f.position`,
    [pgArray([...reportIds])],
  );
  return found.map((f) => ({
    ...f,
    difference: f.periodValue !== null && f.sumFromBelow !== null ? f.periodValue - f.sumFromBelow : null,
    gap: f.allocated !== null && (f.cumulativeValue ?? f.periodValue) !== null ? (f.cumulativeValue ?? f.periodValue)! - f.allocated : null,
  }));
}

/**
 * Per obligation: the units below that owe a report into it (their unit rows and their own
 * obligation), and whether each has submitted one.
 */
export async function subordinateObligations(
  em: EntityManager,
  obligationIds: readonly string[],
): Promise<{ parentId: string; obligationId: string; unit: AdminUnitNode; reported: boolean }[]> {
  if (!obligationIds.length) return [];
  const found = await rows<AdminUnitNode & { parentObligationId: string; childObligationId: string; reported: boolean }>(
    em,
    `select c.parent_obligation_id as "parentObligationId", c.id as "childObligationId", ${UNIT_COLUMNS},
       exists (select 1 from report r where r.obligation_id = c.id and r.status in ('SUBMITTED','ACCEPTED')) as reported
     from report_obligation c join admin_unit u on u.id = c.unit_id where c.parent_obligation_id = any(?::uuid[]) and c.state = 'OPEN'
     order by u.code`,
    [pgArray([...obligationIds])],
  );
  return found.map(({ parentObligationId, childObligationId, reported, ...unit }) => ({
    parentId: parentObligationId,
    obligationId: childObligationId,
    unit: unit as AdminUnitNode,
    reported,
  }));
}

/** What the units below submitted for an obligation, per target (the pre-fill of a new report). */
export async function belowSums(
  em: EntityManager,
  obligationId: string,
): Promise<Map<string, { period: number | null; cumulative: number | null }>> {
  const found = await rows<{ targetId: string; period: number | null; cumulative: number | null }>(
    em,
    `select target_id as "targetId", below_period::float8 as period, below_cumulative::float8 as cumulative
     from report_rollup where obligation_id = ?`,
    [obligationId],
  );
  return new Map(found.map((f) => [f.targetId, { period: f.period, cumulative: f.cumulative }]));
}

/** The report on an obligation that is current or being written (not superseded), latest version. */
export async function latestReportOf(em: EntityManager, obligationId: string): Promise<ReportRow | undefined> {
  return one<ReportRow>(
    em,
    `select ${REPORT_COLUMNS} from report r where r.obligation_id = ? and r.status <> 'SUPERSEDED' order by r.version_no desc limit 1`,
    [obligationId],
  );
}

/** Serialises the creation of reports on one obligation (two first reports, two corrections). */
export async function lockObligation(em: EntityManager, obligationId: string): Promise<void> {
  await rows(em, `select pg_advisory_xact_lock(hashtext('report_obligation'), hashtext(?))`, [obligationId]);
}

export const auditReport = (
  ctx: AuthedCtx,
  em: EntityManager,
  r: { id: string; unitId: number; provinceId: number | null },
  action: string,
  before?: unknown,
  after?: unknown,
) => recordAudit(ctx, em, { unitId: r.unitId, provinceId: r.provinceId, entityType: 'Report', entityId: r.id, action, before, after });

/** Recomputes the achieved figures of these obligations and of every obligation above them. */
export async function refreshReportRollup(em: EntityManager, obligationIds: readonly string[]): Promise<void> {
  if (!obligationIds.length) return;
  await rows(em, `select kh_refresh_report_rollup(?::uuid[])`, [pgArray([...obligationIds])]);
}

/* ---------------------------------------------------------------- writes */

/** What a figure row is about: the target, what it rolls into one level up, its label and the unit's share. */
export type FigureSource = Omit<ReportingTarget, 'planId' | 'unitId'>;

export interface NewReport {
  obligation: { id: string; unitId: number; unitPath: string; provinceId: number | null; agencyId: string | null };
  versionNo: number;
  correctsReportId: string | null;
  periodStart: string | null;
  periodEnd: string | null;
  difficulties?: string;
  proposals?: string;
  recipients?: string[];
  signature?: unknown;
  firstSubmittedOn?: string | null;
  tasks: (ReportingTask & { status?: string; done?: string })[];
  figures: (FigureSource & { periodValue: number | null; cumulativeValue: number | null; overrideNote?: string | null })[];
}

/** The report row, its tasks and its figures: one INSERT per table. */
export async function insertReport(em: EntityManager, createdBy: string | null, n: NewReport): Promise<string> {
  const id = crypto.randomUUID();
  await rows(
    em,
    `insert into report (id, obligation_id, unit_id, unit_path, agency_id, province_id, version_no, corrects_report_id, period_start, period_end,
       difficulties, proposals, recipients, signature, first_submitted_on, created_by)
     values (?, ?, ?, ?::ltree, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?, ?)`,
    [
      id,
      n.obligation.id,
      n.obligation.unitId,
      n.obligation.unitPath,
      n.obligation.agencyId,
      n.obligation.provinceId,
      n.versionNo,
      n.correctsReportId,
      n.periodStart,
      n.periodEnd,
      n.difficulties ?? '',
      n.proposals ?? '',
      JSON.stringify(n.recipients ?? []),
      JSON.stringify(n.signature ?? { authority: 'TM. ỦY BAN NHÂN DÂN', title: 'CHỦ TỊCH', signerName: null }),
      n.firstSubmittedOn ?? null,
      createdBy,
    ],
  );
  if (n.tasks.length) {
    await rows(
      em,
      `insert into report_task (id, report_id, node_id, position, label, text, status, done)
       select d.id, ?, d.node_id, d.position, d.label, d.text, d.status, d.done
       from jsonb_to_recordset(?::jsonb) as d(id uuid, node_id uuid, position int, label text, text text, status text, done text)`,
      [
        id,
        JSON.stringify(
          n.tasks.map((t, i) => ({
            id: crypto.randomUUID(),
            node_id: t.nodeId,
            position: i,
            label: t.label,
            text: t.text,
            status: t.status ?? 'NOT_STARTED',
            done: t.done ?? '',
          })),
        ),
      ],
    );
  }
  if (n.figures.length) {
    await rows(
      em,
      `insert into report_figure (id, report_id, target_id, rolls_into_target_id, position, metric, unit_of_measure, allocated,
         period_value, cumulative_value, override_note)
       select d.id, ?, d.target_id, d.rolls_into, d.position, d.metric, d.unit_of_measure, d.allocated, d.period_value, d.cumulative_value, d.note
       from jsonb_to_recordset(?::jsonb) as d(id uuid, target_id uuid, rolls_into uuid, position int, metric text, unit_of_measure text,
         allocated numeric, period_value numeric, cumulative_value numeric, note text)`,
      [
        id,
        JSON.stringify(
          n.figures.map((f, i) => ({
            id: crypto.randomUUID(),
            target_id: f.targetId,
            rolls_into: f.rollsIntoTargetId,
            position: i,
            metric: f.metric,
            unit_of_measure: f.unitOfMeasure,
            allocated: f.allocated,
            period_value: f.periodValue,
            cumulative_value: f.cumulativeValue,
            note: f.overrideNote ?? null,
          })),
        ),
      ],
    );
  }
  return id;
}

export async function updateReportTaskRow(em: EntityManager, id: string, f: { status: string; done: string }): Promise<void> {
  await rows(em, `update report_task set status = ?, done = ?, version = version + 1 where id = ?`, [f.status, f.done, id]);
}

export async function updateReportFigureRow(
  em: EntityManager,
  id: string,
  f: { periodValue: string | null; cumulativeValue: string | null; overrideNote: string | null },
): Promise<void> {
  await rows(
    em,
    `update report_figure set period_value = ?::numeric, cumulative_value = ?::numeric, override_note = ?, version = version + 1 where id = ?`,
    [f.periodValue, f.cumulativeValue, f.overrideNote, id],
  );
}

export async function updateReportTextRow(
  em: EntityManager,
  id: string,
  f: {
    periodStart: string | null;
    periodEnd: string | null;
    difficulties: string;
    proposals: string;
    recipients: string[];
    signature: unknown;
  },
): Promise<void> {
  await rows(
    em,
    `update report set period_start = ?, period_end = ?, difficulties = ?, proposals = ?, recipients = ?::jsonb, signature = ?::jsonb where id = ?`,
    [f.periodStart, f.periodEnd, f.difficulties, f.proposals, JSON.stringify(f.recipients), JSON.stringify(f.signature), id],
  );
}

export async function setReportStatus(
  em: EntityManager,
  id: string,
  status: string,
  extra: { submitted?: string; returnedReason?: string | null; decided?: boolean } = {},
): Promise<void> {
  await rows(
    em,
    `update report set status = ?,
       submitted_at = case when ?::boolean then now() else submitted_at end,
       first_submitted_on = case when ?::boolean then coalesce(first_submitted_on, ?::date) else first_submitted_on end,
       returned_reason = case when ?::boolean then ? else returned_reason end,
       decided_at = case when ?::boolean then now() else decided_at end
     where id = ?`,
    [
      status,
      extra.submitted !== undefined,
      extra.submitted !== undefined,
      extra.submitted ?? null,
      extra.returnedReason !== undefined,
      extra.returnedReason ?? null,
      extra.decided ?? false,
      id,
    ],
  );
}

export async function taskOwner(
  em: EntityManager,
  taskId: string,
): Promise<{ reportId: string; version: number; status: string; done: string } | undefined> {
  return one(em, `select report_id as "reportId", version, status, done from report_task where id = ?`, [taskId]);
}

export async function figureOf(
  em: EntityManager,
  reportId: string,
  targetId: string,
): Promise<
  { id: string; version: number; periodValue: string | null; cumulativeValue: string | null; overrideNote: string | null } | undefined
> {
  return one(
    em,
    `select id, version, period_value::text as "periodValue", cumulative_value::text as "cumulativeValue", override_note as "overrideNote"
     from report_figure where report_id = ? and target_id = ?`,
    [reportId, targetId],
  );
}

/** A report's figure rows as a new version copies them: the target and what it rolls into. */
export async function figureSources(em: EntityManager, reportId: string): Promise<FigureSource[]> {
  return rows<FigureSource>(
    em,
    `select f.target_id as "targetId", f.rolls_into_target_id as "rollsIntoTargetId", f.position, f.metric, f.unit_of_measure as "unitOfMeasure",
       f.allocated::float8 as allocated
     from report_figure f where f.report_id = ? order by f.position`,
    [reportId],
  );
}

/** Sums from below for one obligation and target, as stored in the roll-up. */
export async function belowOf(
  em: EntityManager,
  obligationId: string,
  targetId: string,
): Promise<{ period: string | null; cumulative: string | null } | undefined> {
  return one(
    em,
    `select below_period::text as period, below_cumulative::text as cumulative from report_rollup where obligation_id = ? and target_id = ?`,
    [obligationId, targetId],
  );
}

/* ------------------------------------------------------------ the write path */

export interface ReportChange<T> {
  result: T;
  audit: { action: string; before?: unknown; after?: unknown };
  /** 'version' bumps the report's version (text, transitions); 'touch' only marks it changed (a task or figure edit). */
  touch?: 'version' | 'touch';
  /** The counted figures of the obligation may have changed: the roll-up up the chain is recomputed. */
  rollup?: boolean;
  /** The result read again after the epilogue. */
  reload?: () => Promise<T>;
}

export interface ReportWrite {
  ctx: AuthedCtx;
  em: EntityManager;
  report: ReportRow;
}

export interface WriteReportOptions {
  reportId?: string;
  /** The report found through one of its rows: an invisible report answers as a missing row. */
  part?: { table: 'report_task'; id: string; what: string; field: string };
  expectedVersion?: number;
  check?: (report: ReportRow, em: EntityManager) => void | Promise<void>;
  idempotency?: { operation: string; key: string | null | undefined; request: unknown };
}

/** Locks a report for the transaction; NOT_FOUND when absent or out of the caller's sight. */
export async function lockReport(ctx: AuthedCtx, em: EntityManager, id: string, missing = 'Report'): Promise<ReportRow> {
  const row = await one<ReportRow>(em, `select ${REPORT_COLUMNS} from report r where r.id = ? for update`, [id]);
  if (!row || !canReadReport(ctx.principal, row)) throw notFound(missing);
  return row;
}

export function requireReportVersion(r: ReportRow, version: number): void {
  if (r.version !== version) throw conflict('The report was changed by someone else', { id: r.id, version: r.version, status: r.status });
}

/** One write of an existing report: the whole sequence, each step once, in its own savepoint. */
export function writeReport<T>(ctx: AuthedCtx, opts: WriteReportOptions, change: (w: ReportWrite) => Promise<ReportChange<T>>): Promise<T> {
  return ctx.em.transactional((em) => {
    const run = async () => {
      let reportId: string;
      let missing = 'Report';
      if (opts.part) {
        const partId = parseUuid(opts.part.id, opts.part.field);
        missing = opts.part.what;
        const owner = await one<{ reportId: string }>(em, `select report_id as "reportId" from ${opts.part.table} where id = ?`, [partId]);
        if (!owner) throw notFound(missing);
        reportId = owner.reportId;
      } else {
        reportId = parseUuid(opts.reportId!, 'reportId');
      }
      const report = await lockReport(ctx, em, reportId, missing);
      await opts.check?.(report, em);
      if (opts.expectedVersion !== undefined) requireReportVersion(report, opts.expectedVersion);
      const out = await change({ ctx, em, report });
      if (out.touch === 'version') await rows(em, `update report set version = version + 1, updated_at = now() where id = ?`, [report.id]);
      else await rows(em, `update report set updated_at = now() where id = ?`, [report.id]);
      if (out.rollup) await refreshReportRollup(em, [report.obligationId]);
      const result = out.reload ? await out.reload() : out.result;
      await auditReport(ctx, em, report, out.audit.action, out.audit.before, out.audit.after);
      return result;
    };
    const i = opts.idempotency;
    if (!i) return run();
    return idempotent(ctx, em, i, {
      run,
      ref: (r) => ({ reportId: (r as unknown as ReportRow).id }),
      replay: async (ref) => {
        const row = await one<ReportRow>(em, `select ${REPORT_COLUMNS} from report r where r.id = ?`, [ref.reportId]);
        if (!row || !canReadReport(ctx.principal, row)) throw notFound('Report');
        return row as unknown as T;
      },
    });
  });
}

/** A new report (create, correct) under the idempotency key: `build` checks and returns it; then the rows, the roll-up, the audit event. */
export function createReportWrite(
  ctx: AuthedCtx,
  idem: { operation: string; key: string | null | undefined; request: unknown },
  build: (
    em: EntityManager,
  ) => Promise<{ report: NewReport; action: string; after?: unknown; also?: (em: EntityManager, id: string) => Promise<void> }>,
): Promise<ReportRow> {
  return ctx.em.transactional((em) =>
    idempotent(ctx, em, idem, {
      run: async () => {
        const b = await build(em);
        const id = await insertReport(em, ctx.principal.kind === 'USER' ? ctx.principal.id : null, b.report);
        await b.also?.(em, id);
        const report = await reloadReport(em, id);
        await auditReport(
          ctx,
          em,
          report,
          b.action,
          undefined,
          b.after ?? { obligationId: report.obligationId, versionNo: report.versionNo },
        );
        return report;
      },
      ref: (r) => ({ reportId: r.id }),
      replay: async (ref) => {
        const row = await one<ReportRow>(em, `select ${REPORT_COLUMNS} from report r where r.id = ?`, [ref.reportId]);
        if (!row || !canReadReport(ctx.principal, row)) throw notFound('Report');
        return row;
      },
    }),
  );
}

/* ------------------------------------------------------------ demo data */

/** Dates a demo report's submission in the past (seeding only, api/src/seed/reports.seed.ts). */
export async function backdateSubmission(em: EntityManager, reportId: string, day: string): Promise<void> {
  await rows(em, `update report set submitted_at = ?::date + time '09:00', first_submitted_on = ?::date where id = ?`, [
    day,
    day,
    reportId,
  ]);
}

/** Has any report been written on the obligations of this plan? (seeding only: the demo is made once) */
export async function planHasReports(em: EntityManager, planId: string): Promise<boolean> {
  return !!(await one(em, `select 1 from report r join report_obligation o on o.id = r.obligation_id where o.plan_id = ? limit 1`, [
    planId,
  ]));
}

/** The obligations of a plan's first milestone of a kind, with their units' codes (seeding only). */
export async function firstObligationsOf(
  em: EntityManager,
  planId: string,
  kind: string,
): Promise<{ id: string; unitId: number; unitPath: string; code: string; dueDate: string | null }[]> {
  return rows(
    em,
    `select o.id, o.unit_id as "unitId", o.unit_path::text as "unitPath", u.code, o.due_date::text as "dueDate"
     from report_obligation o join admin_unit u on u.id = o.unit_id
     where o.plan_id = ? and o.kind = ? and o.kind_rank = 0 and o.agency_id is null and o.period_key = '' order by u.code`,
    [planId, kind],
  );
}
