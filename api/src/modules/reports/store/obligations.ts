import crypto from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Principal } from '../../../core/context.js';
import { obligationVisibleParams, reportVisibleParams, sqlObligationVisible, sqlReportVisible } from '../../../core/access/policy.js';
import { AppError, ErrorCode, Reason } from '../../../core/errors.js';
import { afterClause } from '../../../core/graphql/pagination.js';
import { one, pgArray, preparedRows, rows } from '../../../core/sql.js';
import { todayInVietnam } from '../../../core/text.js';
import { existsOn, sqlExistsOn } from '../../admin-units/unit-table.js';
import { issuedPlanIdsOfUnit, reportingDuties, type ReportingDuty } from '../../plans/store/index.js';
import { periodDueDate, periodKey, periodsBetween, type PeriodKind } from '../periods.js';
import type { ReportObligationNode } from '../report.types.js';

/*
 * Report obligations (docs/REPORTS.md, "Obligations"): what each unit (or agency) owes on the
 * reporting milestones of issued plans, one row per (milestone, unit, agency, period). Written
 * when a plan is issued, adjusted when an amendment of it is issued or a unit is dissolved —
 * each change one set-based statement (open, move, close) whatever the number of units; read
 * with the status of the report each one has made, as the caller may see it.
 */

/** The most periods a periodic milestone makes (a plan of ten years owes 120 monthly reports). */
export const MAX_PERIODS = 120;

/** One obligation as it should exist: a duty of the plan store, for one period, due on one day. */
export interface ObligationDuty extends ReportingDuty {
  periodKey: string;
  periodStart: string | null;
  periodEnd: string | null;
}

/**
 * The obligations the duties make (pure): a one-off milestone one, due on its date; a periodic one
 * one per period of the plan's span (its period, else from its date of issue to the end of that
 * year), each with its data window and due on the milestone's day of the period's last month. Only
 * a unit that exists on the due date owes it: a dissolved unit nothing due after its last day, a
 * successor nothing due before its first (without a due date, the units expected on the plan's date).
 */
export function expandDuties(duties: readonly ReportingDuty[]): ObligationDuty[] {
  const out: ObligationDuty[] = [];
  const periodsOf = new Map<string, { key: string; start: string; end: string; due: string | null }[]>();
  for (const d of duties) {
    let instances: { key: string; start: string | null; end: string | null; due: string | null }[];
    if (d.recurrence) {
      let periods = periodsOf.get(d.milestoneId);
      if (!periods) {
        const from = d.planPeriodStart ?? d.planIssuedDate;
        const to = d.planPeriodEnd ?? `${from.slice(0, 4)}-12-31`;
        let found;
        try {
          found = periodsBetween(d.recurrence as PeriodKind, from, to, MAX_PERIODS);
        } catch {
          throw new AppError(
            ErrorCode.INVALID_STATE,
            `A periodic report of the plan recurs more than ${MAX_PERIODS} times over its period: shorten the period or the recurrence`,
            { reason: Reason.TOO_MANY_PERIODS, limit: MAX_PERIODS, milestoneId: d.milestoneId, recurrence: d.recurrence },
          );
        }
        periods = found.map((p) => ({ key: periodKey(p), start: p.from, end: p.to, due: d.dueDay ? periodDueDate(p, d.dueDay) : null }));
        periodsOf.set(d.milestoneId, periods);
      }
      instances = periods;
    } else {
      instances = [{ key: '', start: null, end: null, due: d.dueDate }];
    }
    for (const i of instances) {
      if (i.due ? !existsOn({ validFrom: d.unitValidFrom, validTo: d.unitValidTo }, i.due) : d.successorOnly) continue;
      out.push({ ...d, dueDate: i.due, periodKey: i.key, periodStart: i.start, periodEnd: i.end });
    }
  }
  return out;
}

/**
 * The duties as JSON rows for the statements below; `newId` gives each its id (the benchmark's
 * generator passes a seeded stream, tests/bench/reports.ts).
 */
export const dutyJson = (duties: readonly ObligationDuty[], newId: () => string = () => crypto.randomUUID()) =>
  JSON.stringify(
    duties.map((d) => ({
      id: newId(),
      plan_id: d.planId,
      plan_series_id: d.planSeriesId,
      milestone_id: d.milestoneId,
      previous_milestone_id: d.previousMilestoneId,
      kind: d.kind,
      kind_rank: d.kindRank,
      title: d.title,
      recipient: d.recipient,
      due_date: d.dueDate,
      plan_period_start: d.planPeriodStart,
      plan_period_end: d.planPeriodEnd,
      period_key: d.periodKey,
      period_start: d.periodStart,
      period_end: d.periodEnd,
      unit_id: d.unitId,
      unit_path: d.unitPath,
      agency_id: d.agencyId,
      issuer_unit_id: d.issuerUnitId,
      province_id: d.provinceId,
      issuer_parent_series_id: d.issuerParentSeriesId,
    })),
  );
const DUTY_COLUMNS = `id uuid, plan_id uuid, plan_series_id uuid, milestone_id uuid, previous_milestone_id uuid, kind text, kind_rank int,
  title text, recipient text, due_date date, plan_period_start date, plan_period_end date, period_key text, period_start date,
  period_end date, unit_id int, unit_path ltree, agency_id uuid, issuer_unit_id int, province_id int, issuer_parent_series_id uuid`;

/** insertObligations' one statement, its one `?` the duties as dutyJson gives them; answers id and plan_id of the rows it made. */
export const INSERT_OBLIGATIONS_SQL = `insert into report_obligation (id, plan_id, plan_series_id, milestone_id, kind, kind_rank, title, recipient, due_date,
       plan_period_start, plan_period_end, period_key, period_start, period_end, unit_id, unit_path, unit_code, unit_level, agency_id,
       issuer_unit_id, province_id, parent_obligation_id)
     select d.id, d.plan_id, d.plan_series_id, d.milestone_id, d.kind, d.kind_rank, d.title, d.recipient, d.due_date,
       d.plan_period_start, d.plan_period_end, d.period_key, d.period_start, d.period_end, d.unit_id, d.unit_path, u.code, u.level, d.agency_id,
       d.issuer_unit_id, d.province_id,
       case when d.agency_id is null then (select po.id from report_obligation po
         where po.unit_id = d.issuer_unit_id and po.plan_series_id = d.issuer_parent_series_id and po.kind = d.kind and po.kind_rank = d.kind_rank
           and po.period_key = d.period_key and po.agency_id is null
         order by (po.state = 'OPEN') desc, po.created_at desc limit 1) end
     -- The code and level of the unit, kept for the walk of the roll-up (migration 0025).
     from jsonb_to_recordset(?::jsonb) as d(${DUTY_COLUMNS}) join admin_unit u on u.id = d.unit_id
     on conflict on constraint report_obligation_key do nothing
     returning id, plan_id`;

/**
 * Inserts the obligations that do not exist yet (idempotent on milestone, unit, agency and period).
 * A unit's obligation links to the one its issuer owes on the plan it implements — same kind of
 * milestone, same rank among them (the derived plan's copy), same period — so that figures roll
 * up the chain; an agency's stays apart (docs/REPORTS.md, "Agencies"). One statement.
 */
async function insertObligations(em: EntityManager, duties: readonly ObligationDuty[]): Promise<number> {
  if (!duties.length) return 0;
  const inserted = await rows<{ id: string }>(em, INSERT_OBLIGATIONS_SQL, [dutyJson(duties)]);
  return inserted.length;
}

/**
 * Issuing an amendment: the obligations of the version it replaces whose milestone continues in
 * the new one (`previous_version_milestone_id`), for the same unit, agency and period, move onto
 * it with the milestone's new facts. A due date moves only where nothing was submitted yet: a
 * submitted report keeps the date it was judged by. Closed obligations stay where they are. One
 * statement.
 */
async function moveObligations(
  em: EntityManager,
  previousPlanId: string,
  duties: readonly ObligationDuty[],
): Promise<{ moved: number; rescheduled: number }> {
  const continued = duties.filter((d) => d.previousMilestoneId);
  if (!continued.length) return { moved: 0, rescheduled: 0 };
  const moved = await rows<{ rescheduled: boolean }>(
    em,
    `with d as (select * from jsonb_to_recordset(?::jsonb) as d(${DUTY_COLUMNS})),
     old as (
       select o.id, o.due_date, d.milestone_id, d.plan_id, d.kind, d.kind_rank, d.title, d.recipient, d.plan_period_start, d.plan_period_end,
         case when exists (select 1 from report r where r.obligation_id = o.id and r.first_submitted_on is not null) then o.due_date
           else d.due_date end as due_date_next
       from report_obligation o join d on d.previous_milestone_id = o.milestone_id and d.unit_id = o.unit_id
         and d.agency_id is not distinct from o.agency_id and d.period_key = o.period_key
       where o.plan_id = ? and o.state = 'OPEN'
     )
     update report_obligation o set plan_id = old.plan_id, milestone_id = old.milestone_id, kind = old.kind, kind_rank = old.kind_rank,
       title = old.title, recipient = old.recipient, plan_period_start = old.plan_period_start, plan_period_end = old.plan_period_end,
       due_date = old.due_date_next
     from old where o.id = old.id
     returning old.due_date is distinct from old.due_date_next as rescheduled`,
    [dutyJson(continued), previousPlanId],
  );
  return { moved: moved.length, rescheduled: moved.filter((m) => m.rescheduled).length };
}

/**
 * Closes the open obligations of these plans that the duties no longer make — a milestone an
 * amendment removed, a period it no longer spans, a unit dissolved before the due date — where
 * nobody has submitted a report (those stay, with their reports). Closed obligations are kept for
 * history, out of the compliance counts. `unitIds` narrows it to some units. One statement.
 */
async function closeObligations(
  em: EntityManager,
  planIds: readonly string[],
  duties: readonly ObligationDuty[],
  unitIds: readonly number[] | null = null,
): Promise<number> {
  if (!planIds.length) return 0;
  const keys = JSON.stringify(
    duties.map((d) => ({ milestone_id: d.milestoneId, unit_id: d.unitId, agency_id: d.agencyId, period_key: d.periodKey })),
  );
  const milestones = [...new Set(duties.map((d) => d.milestoneId))];
  const closed = await rows<{ id: string }>(
    em,
    `update report_obligation o set state = 'CLOSED', closed_on = ?::date,
       closed_reason = case
         when not (o.milestone_id = any(?::uuid[])) then 'MILESTONE_REMOVED'
         when o.due_date is not null and exists (select 1 from admin_unit u where u.id = o.unit_id and not (${sqlExistsOn('u', 'o.due_date')}))
           then 'UNIT_DISSOLVED'
         else 'NO_LONGER_DUE' end
     where o.plan_id = any(?::uuid[]) and o.state = 'OPEN' and (?::int[] is null or o.unit_id = any(?::int[]))
       and not exists (select 1 from jsonb_to_recordset(?::jsonb) as d(milestone_id uuid, unit_id int, agency_id uuid, period_key text)
         where d.milestone_id = o.milestone_id and d.unit_id = o.unit_id and d.agency_id is not distinct from o.agency_id
           and d.period_key = o.period_key)
       and not exists (select 1 from report r where r.obligation_id = o.id and r.first_submitted_on is not null)
     returning o.id`,
    [todayInVietnam(), pgArray(milestones), pgArray(planIds), unitIds ? pgArray(unitIds) : null, unitIds ? pgArray(unitIds) : null, keys],
  );
  return closed.length;
}

/**
 * Opens the obligations of the given issued plans (idempotent). Two statements whatever the
 * number of plans, milestones, periods and units: the duties (plan store), the insert.
 */
export async function openObligations(em: EntityManager, planIds: readonly string[]): Promise<number> {
  return insertObligations(em, expandDuties(await reportingDuties(em, planIds)));
}

export interface ObligationChanges {
  opened: number;
  moved: number;
  rescheduled: number;
  closed: number;
}

/**
 * A plan is issued (in the issuing transaction, as its issuer): its obligations open; when it
 * amends an issued version, that version's obligations move onto the milestones that continue
 * them (due dates with them), the new milestones' open, and those of removed milestones close
 * unless reported on. Four statements: the duties, move, open, close.
 */
export async function syncObligationsOnIssue(em: EntityManager, planId: string, amendsPlanId: string | null): Promise<ObligationChanges> {
  const duties = expandDuties(await reportingDuties(em, [planId]));
  const moved = amendsPlanId ? await moveObligations(em, amendsPlanId, duties) : { moved: 0, rescheduled: 0 };
  const opened = await insertObligations(em, duties);
  const closed = amendsPlanId ? await closeObligations(em, [amendsPlanId], duties) : 0;
  return { opened, ...moved, closed };
}

/**
 * Units dissolved or succeeded (docs/REPORTS.md, "Dissolution"), in the transaction that records
 * it: on every issued plan they owe on, what falls due after a dissolved unit's last day closes
 * (unless reported on) and its successors below the same issuer owe from their start. Four
 * statements: the plans, the duties, open, close.
 */
export async function adjustObligationsForUnits(em: EntityManager, unitIds: readonly number[]): Promise<ObligationChanges> {
  const none = { opened: 0, moved: 0, rescheduled: 0, closed: 0 };
  if (!unitIds.length) return none;
  const plans = (
    await rows<{ planId: string }>(em, `select distinct plan_id as "planId" from report_obligation where unit_id = any(?::int[])`, [
      pgArray(unitIds),
    ])
  ).map((r) => r.planId);
  if (!plans.length) return none;
  const duties = expandDuties(await reportingDuties(em, plans));
  const opened = await insertObligations(em, duties);
  // Only plans still in force have duties; an obligation of a superseded or revoked version is left alone.
  const inForce = [...new Set(duties.map((d) => d.planId))];
  const closed = await closeObligations(em, inForce, duties, unitIds);
  return { ...none, opened, closed };
}

/** Why an agency's obligations close when nobody can write its reports any more (migration 0024). */
const AGENCY_CLOSED_REASONS = ['AGENCY_WITHOUT_ACCOUNT', 'AGENCY_DISABLED'] as const;

/**
 * An agency's accounts or the agency itself changed (docs/REPORTS.md, "Agencies"), in the
 * transaction that changed them: an agency owes reports only while it is enabled and has an enabled
 * account. When it does, on the plans of its unit in force that name it, it owes what falls due
 * from today on — the obligations it never had open, and those closed while it had no account
 * open again; what fell due before it could report is not held against it. When it does not, its
 * open obligations due from today on (those with a due date) close (AGENCY_DISABLED,
 * AGENCY_WITHOUT_ACCOUNT) unless a report was submitted on them; what fell due while it had accounts stays, missing or not.
 *
 * The agency's row is locked first, so that two transactions taking away its last two accounts,
 * or one taking the last while another gives one, decide one after the other on what the other
 * committed (each reads the accounts after the lock). Opening: six statements (the lock, the
 * accounts, the plans, the duties, reopen, insert); closing: three.
 */
export async function syncAgencyObligations(em: EntityManager, agencyId: string): Promise<{ opened: number; closed: number }> {
  // The lock, then the accounts in a statement of their own: under READ COMMITTED a statement reads
  // the snapshot it started with, so accounts read in the statement that waited for the lock
  // would miss what the transaction holding it committed.
  if (!(await one(em, `select 1 from agency where id = ?::uuid for update`, [agencyId]))) return { opened: 0, closed: 0 };
  const agency = (await one<{ unitId: number; disabled: boolean; accounts: boolean }>(
    em,
    `select g.unit_id as "unitId", g.disabled_at is not null as disabled,
       exists (select 1 from app_user a where a.agency_id = g.id and a.disabled_at is null) as accounts
     from agency g where g.id = ?::uuid`,
    [agencyId],
  ))!;
  const today = todayInVietnam();
  if (agency.disabled || !agency.accounts) {
    const closed = await rows<{ id: string }>(
      em,
      `update report_obligation o set state = 'CLOSED', closed_on = ?::date, closed_reason = ?
       where o.agency_id = ?::uuid and o.state = 'OPEN' and o.due_date >= ?::date
         and not exists (select 1 from report r where r.obligation_id = o.id and r.first_submitted_on is not null)
       returning o.id`,
      [today, agency.disabled ? 'AGENCY_DISABLED' : 'AGENCY_WITHOUT_ACCOUNT', agencyId, today],
    );
    return { opened: 0, closed: closed.length };
  }
  const plans = await issuedPlanIdsOfUnit(em, agency.unitId);
  if (!plans.length) return { opened: 0, closed: 0 };
  const duties = expandDuties(await reportingDuties(em, plans)).filter((d) => d.agencyId === agencyId && (d.dueDate ?? '') >= today);
  if (!duties.length) return { opened: 0, closed: 0 };
  const keys = JSON.stringify(duties.map((d) => ({ milestone_id: d.milestoneId, period_key: d.periodKey })));
  const reopened = await rows<{ id: string }>(
    em,
    `update report_obligation o set state = 'OPEN', closed_on = null, closed_reason = null
     from jsonb_to_recordset(?::jsonb) as d(milestone_id uuid, period_key text)
     where o.agency_id = ?::uuid and o.state = 'CLOSED' and o.closed_reason in (${AGENCY_CLOSED_REASONS.map((r) => `'${r}'`).join(',')})
       and o.milestone_id = d.milestone_id and o.period_key = d.period_key
     returning o.id`,
    [keys, agencyId],
  );
  return { opened: reopened.length + (await insertObligations(em, duties)), closed: 0 };
}

export interface ObligationRow extends ReportObligationNode {
  code: string;
}

/**
 * The statuses of a report whose figures count (kh_refresh_report_rollup, migration 0013): the
 * current submitted or accepted version.
 */
export const SQL_COUNTED_STATUSES = `('SUBMITTED','ACCEPTED')`;

/**
 * The period an obligation reports on, as SQL over the obligation `o`: a periodic milestone's
 * obligation has its own (the Decree 09/2019 window), a one-off's is the plan's start to the due
 * date, within the plan's period — a report's default period (docs/REPORTS.md). Written once
 * here: every figure, trend and export that reads a period follows.
 */
export const SQL_OBLIGATION_PERIOD_START = `coalesce(o.period_start, o.plan_period_start)`;
export const SQL_OBLIGATION_PERIOD_END = `coalesce(o.period_end, case when least(o.due_date, o.plan_period_end) < o.plan_period_start then o.plan_period_start
  else least(o.due_date, o.plan_period_end) end)`;
/**
 * What tells one reporting period of a plan from another: its milestone and the obligation's
 * period (one per one-off milestone; one per period of a periodic milestone).
 */
export const SQL_PERIOD_KEY = `concat_ws('|', o.milestone_id, ${SQL_OBLIGATION_PERIOD_START}, ${SQL_OBLIGATION_PERIOD_END})`;

/**
 * Compliance of the report `r` (null: none in sight) on the obligation `o` (docs/REPORTS.md,
 * "Superiors follow it"); one `?`: today.
 */
export const sqlCompliance = (
  r: string,
  o: string,
) => `case when ${o}.state = 'CLOSED' then 'CLOSED' when ${r}.status = 'RETURNED' then 'RETURNED'
    when ${r}.first_submitted_on is not null then case when ${o}.due_date is null or ${r}.first_submitted_on <= ${o}.due_date then 'ON_TIME' else 'LATE' end
    when ${o}.due_date < ?::date then 'MISSING' else 'PENDING' end`;

/**
 * An obligation with the report the caller sees on it (the latest version not superseded; a
 * draft only for the unit's own users) and its compliance. `?` parameters: see obligationParams.
 */
export const OBLIGATION_SELECT = `o.id, o.plan_id as "planId", o.milestone_id as "milestoneId", o.kind, o.title, o.recipient, o.due_date::text as "dueDate",
  o.unit_id as "unitId", o.unit_path::text as "unitPath", o.issuer_unit_id as "issuerUnitId", o.agency_id as "agencyId",
  o.plan_period_start::text as "planPeriodStart", o.plan_period_end::text as "planPeriodEnd",
  o.period_key as "periodKey", o.period_start::text as "periodStart", o.period_end::text as "periodEnd",
  o.state, o.closed_on::text as "closedOn", o.closed_reason as "closedReason",
  case when o.unit_path <> ?::ltree then o.parent_obligation_id end as "parentObligationId",
  r.id as "reportId", coalesce(r.status, 'NONE') as status, r.first_submitted_on::text as "submittedOn",
  ${sqlCompliance('r', 'o')} as compliance`;
export const OBLIGATION_JOIN = `left join lateral (
    select r.id, r.status, r.first_submitted_on from report r
    where r.obligation_id = o.id and r.status <> 'SUPERSEDED' and ${sqlReportVisible('r')}
    order by r.version_no desc limit 1) r on true`;
export const obligationParams = (p: Principal) => [p.unitPath, todayInVietnam()];
export const joinParams = (p: Principal) => reportVisibleParams(p);

/** One obligation in the caller's sight (its unit or below), or undefined. */
export async function readObligation(em: EntityManager, p: Principal, id: string): Promise<ObligationRow | undefined> {
  return one<ObligationRow>(
    em,
    `select ${OBLIGATION_SELECT}, 1 as depth, u.code from report_obligation o join admin_unit u on u.id = o.unit_id ${OBLIGATION_JOIN}
     where o.id = ? and ${sqlObligationVisible('o')}`,
    [...obligationParams(p), ...joinParams(p), id, ...obligationVisibleParams(p)],
  );
}

export interface ObligationFilter {
  planId?: string | null;
  unitId?: number | null;
  milestoneId?: string | null;
  /** Owed to this unit (the issuer of the plan). */
  owedToUnitId?: number | null;
  /** The report's status as the caller sees it (NONE: none, or a draft out of sight). */
  statuses?: string[] | null;
  /** Due on or before this day (no due date: never). */
  dueBy?: string | null;
  /** Closed obligations too (kept for history); open ones only by default. */
  includeClosed?: boolean | null;
  /** Of one period of a periodic report (its key, "MONTH-2024-09"). */
  periodKey?: string | null;
}

function filterSql(f: ObligationFilter): { sql: string; params: unknown[] } {
  const parts: string[] = f.includeClosed ? [] : [`o.state = 'OPEN'`];
  const params: unknown[] = [];
  if (f.planId) {
    parts.push('o.plan_id = ?');
    params.push(f.planId);
  }
  if (f.unitId) {
    parts.push('o.unit_id = ?');
    params.push(f.unitId);
  }
  if (f.milestoneId) {
    parts.push('o.milestone_id = ?');
    params.push(f.milestoneId);
  }
  if (f.owedToUnitId) {
    parts.push('o.issuer_unit_id = ?');
    params.push(f.owedToUnitId);
  }
  if (f.dueBy) {
    parts.push('o.due_date <= ?::date');
    params.push(f.dueBy);
  }
  if (f.periodKey) {
    parts.push('o.period_key = ?');
    params.push(f.periodKey);
  }
  return { sql: parts.length ? parts.join(' and ') : 'true', params };
}

/** The filter on the report's status, over the subquery `x` (it depends on what the caller sees). */
function statusSql(f: ObligationFilter): { sql: string; params: unknown[] } {
  return f.statuses ? { sql: 'x.status = any(?::text[])', params: [pgArray(f.statuses)] } : { sql: 'true', params: [] };
}

/** A page of obligations in the caller's sight, by due date then unit code. */
export async function obligationRows(
  em: EntityManager,
  p: Principal,
  f: ObligationFilter,
  after: unknown[] | null,
  limit: number,
): Promise<(ObligationRow & { due: string })[]> {
  const w = filterSql(f);
  const st = statusSql(f);
  const a = afterClause(['x.due', 'x.code', 'x.id'], after);
  return rows(
    em,
    `select * from (
       select ${OBLIGATION_SELECT}, 1 as depth, u.code, coalesce(o.due_date::text, '9999-12-31') as due
       from report_obligation o join admin_unit u on u.id = o.unit_id ${OBLIGATION_JOIN}
       where ${sqlObligationVisible('o')} and ${w.sql}) x
     where ${a.sql} and ${st.sql} order by x.due, x.code, x.id limit ?`,
    [...obligationParams(p), ...joinParams(p), ...obligationVisibleParams(p), ...w.params, ...a.params, ...st.params, limit],
  );
}

export async function countObligations(em: EntityManager, p: Principal, f: ObligationFilter): Promise<number> {
  const w = filterSql(f);
  if (f.statuses) {
    const st = statusSql(f);
    return (await one<{ n: number }>(
      em,
      `select count(*)::int n from (
         select coalesce(r.status, 'NONE') as status from report_obligation o ${OBLIGATION_JOIN}
         where ${sqlObligationVisible('o')} and ${w.sql}) x
       where ${st.sql}`,
      [...joinParams(p), ...obligationVisibleParams(p), ...w.params, ...st.params],
    ))!.n;
  }
  return (await one<{ n: number }>(em, `select count(*)::int n from report_obligation o where ${sqlObligationVisible('o')} and ${w.sql}`, [
    ...obligationVisibleParams(p),
    ...w.params,
  ]))!.n;
}

/**
 * The open obligations of a milestone (of one period, when given) and, at depth ALL, those of the
 * derived milestones below them (linked period by period): a CTE `tree` (id, unit_id, unit_path,
 * agency_id, period_key, code and level of the unit, depth). Parameters: treeParams. Each step
 * looks the children of each obligation up in report_obligation_parent, index-only (migrations
 * 0021, 0022, 0025: the index holds every column the step, the sort and row-level security read —
 * the unit's code and level too, kept on the obligation, so no unit is looked up): as a plain
 * join, the planner expects thousands of rows per level and reads the whole table at every level
 * (two full scans of 36,000 rows for a province's ~500 obligations in the benchmark,
 * docs/REPORTS.md); `offset 0` keeps the lateral lookup from being flattened into that join.
 * What is known without a lookup is not looked up: a child's agency and period are its parent's,
 * by how links are made (INSERT_OBLIGATIONS_SQL: only a unit's own obligation links, to its
 * issuer's of the same period); an agency's obligation has no children; nor has a commune's — an
 * obligation's unit lies below the issuer of its plan, and no unit lies below a commune.
 */
export function treeSql(depth: 'CHILDREN' | 'ALL'): string {
  return `with recursive tree as (
      select o.id, o.unit_id, o.unit_path, o.agency_id, o.period_key, o.unit_code as code, o.unit_level as level, 1 as depth
      from report_obligation o
      where o.milestone_id = ? and o.state = 'OPEN' and (?::text is null or o.period_key = ?::text)
      ${
        depth === 'ALL'
          ? `union all
      select c.id, c.unit_id, c.unit_path, null::uuid, tree.period_key, c.unit_code, c.unit_level, tree.depth + 1 from tree cross join lateral (
        select c.id, c.unit_id, c.unit_path, c.unit_code, c.unit_level from report_obligation c
        where c.parent_obligation_id = tree.id and c.state = 'OPEN' offset 0) c
      where tree.depth < 4 and tree.agency_id is null and tree.level <> 'COMMUNE'`
          : ''
      }
    )`;
}

/** The parameters of treeSql. */
export const treeParams = (milestoneId: string, periodKey: string | null) => [milestoneId, periodKey, periodKey];

/** A page of the roll-up's rows: obligations under a milestone, by depth, unit code and period. */
export async function milestoneObligationRows(
  em: EntityManager,
  p: Principal,
  milestoneId: string,
  depth: 'CHILDREN' | 'ALL',
  after: unknown[] | null,
  limit: number,
  periodKey: string | null = null,
): Promise<ObligationRow[]> {
  const a = afterClause(['x.depth', 'x.code', 'x."periodKey"', 'x.id'], after);
  return preparedRows(
    em,
    `${treeSql(depth)}
     select * from (
       select ${OBLIGATION_SELECT}, tree.depth, u.code
       from tree join report_obligation o on o.id = tree.id join admin_unit u on u.id = o.unit_id ${OBLIGATION_JOIN}
       where ${sqlObligationVisible('o')}) x
     where ${a.sql} order by x.depth, x.code, x."periodKey", x.id limit ?`,
    [...treeParams(milestoneId, periodKey), ...obligationParams(p), ...joinParams(p), ...obligationVisibleParams(p), ...a.params, limit],
  );
}

export async function countMilestoneObligations(
  em: EntityManager,
  p: Principal,
  milestoneId: string,
  depth: 'CHILDREN' | 'ALL',
  periodKey: string | null = null,
): Promise<number> {
  return (await one<{ n: number }>(
    em,
    `${treeSql(depth)} select count(*)::int n from tree join report_obligation o on o.id = tree.id where ${sqlObligationVisible('o')}`,
    [...treeParams(milestoneId, periodKey), ...obligationVisibleParams(p)],
  ))!.n;
}

/** Obligations by id (the report page's obligation field), in the caller's sight. */
export async function obligationsById(em: EntityManager, p: Principal, ids: readonly string[]): Promise<ObligationRow[]> {
  if (!ids.length) return [];
  return rows<ObligationRow>(
    em,
    `select ${OBLIGATION_SELECT}, 1 as depth, u.code from report_obligation o join admin_unit u on u.id = o.unit_id ${OBLIGATION_JOIN}
     where o.id = any(?::uuid[]) and ${sqlObligationVisible('o')}`,
    [...obligationParams(p), ...joinParams(p), pgArray([...ids]), ...obligationVisibleParams(p)],
  );
}

/**
 * The obligation each of these units owes under a milestone — the milestone's own or, for a unit
 * further down, the derived milestone's below it (the chain of parent obligations) — in the
 * caller's sight, with its report and compliance: the cascade page's report column, one
 * statement for a page of units.
 */
export async function milestoneObligationsOfUnits(
  em: EntityManager,
  p: Principal,
  milestoneId: string,
  unitIds: readonly number[],
): Promise<ObligationRow[]> {
  if (!unitIds.length) return [];
  // One obligation per unit and milestone today; should a milestone come to owe one per period,
  // the unit's latest period is the one shown.
  return rows<ObligationRow>(
    em,
    `${treeSql('ALL')}
     select distinct on (o.unit_id) ${OBLIGATION_SELECT}, tree.depth, u.code
     from tree join report_obligation o on o.id = tree.id join admin_unit u on u.id = o.unit_id ${OBLIGATION_JOIN}
     where o.unit_id = any(?::int[]) and o.agency_id is null and ${sqlObligationVisible('o')}
     order by o.unit_id, o.due_date desc nulls last, o.id`,
    [...treeParams(milestoneId, null), ...obligationParams(p), ...joinParams(p), pgArray([...unitIds]), ...obligationVisibleParams(p)],
  );
}
