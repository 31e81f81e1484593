import crypto from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Principal } from '../../../core/context.js';
import { reportVisibleParams, sqlReportVisible, sqlSubtree, subtreeParams } from '../../../core/access/policy.js';
import { afterClause } from '../../../core/graphql/pagination.js';
import { one, pgArray, rows } from '../../../core/sql.js';
import { todayInVietnam } from '../../../core/text.js';
import { reportingDuties } from '../../plans/store/index.js';
import type { ReportObligationNode } from '../report.types.js';

/*
 * Report obligations (docs/REPORTS.md, "Obligations come from milestones"): written once, when a
 * plan is issued, one set-based INSERT for every reporting milestone × expected unit; read with
 * the status of the report each unit has made, as the caller may see it.
 */

/**
 * Opens the obligations of the given issued plans (idempotent: an obligation exists once per
 * milestone and unit). Each links to the obligation its issuer owes on the plan it implements
 * (same kind of milestone, same rank among them: the derived plan's copy), so that figures roll
 * up the chain. Two statements whatever the number of plans, milestones and units.
 */
export async function openObligations(em: EntityManager, planIds: readonly string[]): Promise<number> {
  const duties = await reportingDuties(em, planIds);
  if (!duties.length) return 0;
  const inserted = await rows<{ id: string }>(
    em,
    `insert into report_obligation (id, plan_id, plan_series_id, milestone_id, kind, kind_rank, title, recipient, due_date,
       plan_period_start, plan_period_end, unit_id, unit_path, issuer_unit_id, province_id, parent_obligation_id)
     select d.id, d.plan_id, d.plan_series_id, d.milestone_id, d.kind, d.kind_rank, d.title, d.recipient, d.due_date,
       d.plan_period_start, d.plan_period_end, d.unit_id, d.unit_path, d.issuer_unit_id, d.province_id,
       (select po.id from report_obligation po
        where po.unit_id = d.issuer_unit_id and po.plan_series_id = d.issuer_parent_series_id and po.kind = d.kind and po.kind_rank = d.kind_rank
        order by po.created_at desc limit 1)
     from jsonb_to_recordset(?::jsonb) as d(id uuid, plan_id uuid, plan_series_id uuid, milestone_id uuid, kind text, kind_rank int, title text,
       recipient text, due_date date, plan_period_start date, plan_period_end date, unit_id int, unit_path ltree, issuer_unit_id int,
       province_id int, issuer_parent_series_id uuid)
     on conflict (milestone_id, unit_id) do nothing
     returning id`,
    [
      JSON.stringify(
        duties.map((d) => ({
          id: crypto.randomUUID(),
          plan_id: d.planId,
          plan_series_id: d.planSeriesId,
          milestone_id: d.milestoneId,
          kind: d.kind,
          kind_rank: d.kindRank,
          title: d.title,
          recipient: d.recipient,
          due_date: d.dueDate,
          plan_period_start: d.planPeriodStart,
          plan_period_end: d.planPeriodEnd,
          unit_id: d.unitId,
          unit_path: d.unitPath,
          issuer_unit_id: d.issuerUnitId,
          province_id: d.provinceId,
          issuer_parent_series_id: d.issuerParentSeriesId,
        })),
      ),
    ],
  );
  return inserted.length;
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
 * The period an obligation reports on, as SQL over the obligation `o`: the plan's start to the
 * due date, within the plan's period — a report's default period (docs/REPORTS.md). Written once
 * here: when obligations carry a period of their own (a periodic milestone makes one obligation
 * per milestone, unit and period), these two lines become its columns, and every figure, trend
 * and export that reads a period follows.
 */
export const SQL_OBLIGATION_PERIOD_START = `o.plan_period_start`;
export const SQL_OBLIGATION_PERIOD_END = `(case when least(o.due_date, o.plan_period_end) < o.plan_period_start then o.plan_period_start
  else least(o.due_date, o.plan_period_end) end)`;
/**
 * What tells one reporting period of a plan from another: its milestone and the obligation's
 * period (one per milestone today; one per period of a periodic milestone tomorrow).
 */
export const SQL_PERIOD_KEY = `concat_ws('|', o.milestone_id, ${SQL_OBLIGATION_PERIOD_START}, ${SQL_OBLIGATION_PERIOD_END})`;

/**
 * Compliance of the report `r` (null: none in sight) on the obligation `o` (docs/REPORTS.md,
 * "Superiors follow it"); one `?`: today.
 */
export const sqlCompliance = (r: string, o: string) => `case when ${r}.status = 'RETURNED' then 'RETURNED'
    when ${r}.first_submitted_on is not null then case when ${o}.due_date is null or ${r}.first_submitted_on <= ${o}.due_date then 'ON_TIME' else 'LATE' end
    when ${o}.due_date < ?::date then 'MISSING' else 'PENDING' end`;

/**
 * An obligation with the report the caller sees on it (the latest version not superseded; a
 * draft only for the unit's own users) and its compliance. `?` parameters: see obligationParams.
 */
export const OBLIGATION_SELECT = `o.id, o.plan_id as "planId", o.milestone_id as "milestoneId", o.kind, o.title, o.recipient, o.due_date::text as "dueDate",
  o.unit_id as "unitId", o.unit_path::text as "unitPath", o.issuer_unit_id as "issuerUnitId",
  o.plan_period_start::text as "planPeriodStart", o.plan_period_end::text as "planPeriodEnd",
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
     where o.id = ? and ${sqlSubtree('o.unit_path')}`,
    [...obligationParams(p), ...joinParams(p), id, ...subtreeParams(p)],
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
}

function filterSql(f: ObligationFilter): { sql: string; params: unknown[] } {
  const parts: string[] = [];
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
       where ${sqlSubtree('o.unit_path')} and ${w.sql}) x
     where ${a.sql} and ${st.sql} order by x.due, x.code, x.id limit ?`,
    [...obligationParams(p), ...joinParams(p), ...subtreeParams(p), ...w.params, ...a.params, ...st.params, limit],
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
         where ${sqlSubtree('o.unit_path')} and ${w.sql}) x
       where ${st.sql}`,
      [...joinParams(p), ...subtreeParams(p), ...w.params, ...st.params],
    ))!.n;
  }
  return (await one<{ n: number }>(em, `select count(*)::int n from report_obligation o where ${sqlSubtree('o.unit_path')} and ${w.sql}`, [
    ...subtreeParams(p),
    ...w.params,
  ]))!.n;
}

/** The obligations of a milestone and, at depth ALL, those of the derived milestones below them: a CTE `tree`. */
function treeSql(depth: 'CHILDREN' | 'ALL'): string {
  return `with recursive tree as (
      select o.id, 1 as depth from report_obligation o where o.milestone_id = ?
      ${depth === 'ALL' ? 'union all select c.id, tree.depth + 1 from report_obligation c join tree on c.parent_obligation_id = tree.id where tree.depth < 4' : ''}
    )`;
}

/** A page of the roll-up's rows: obligations under a milestone, by depth then unit code. */
export async function milestoneObligationRows(
  em: EntityManager,
  p: Principal,
  milestoneId: string,
  depth: 'CHILDREN' | 'ALL',
  after: unknown[] | null,
  limit: number,
): Promise<ObligationRow[]> {
  const a = afterClause(['x.depth', 'x.code', 'x.id'], after);
  return rows(
    em,
    `${treeSql(depth)}
     select * from (
       select ${OBLIGATION_SELECT}, tree.depth, u.code
       from tree join report_obligation o on o.id = tree.id join admin_unit u on u.id = o.unit_id ${OBLIGATION_JOIN}
       where ${sqlSubtree('o.unit_path')}) x
     where ${a.sql} order by x.depth, x.code, x.id limit ?`,
    [milestoneId, ...obligationParams(p), ...joinParams(p), ...subtreeParams(p), ...a.params, limit],
  );
}

export async function countMilestoneObligations(
  em: EntityManager,
  p: Principal,
  milestoneId: string,
  depth: 'CHILDREN' | 'ALL',
): Promise<number> {
  return (await one<{ n: number }>(
    em,
    `${treeSql(depth)} select count(*)::int n from tree join report_obligation o on o.id = tree.id where ${sqlSubtree('o.unit_path')}`,
    [milestoneId, ...subtreeParams(p)],
  ))!.n;
}

/** Obligations by id (the report page's obligation field), in the caller's sight. */
export async function obligationsById(em: EntityManager, p: Principal, ids: readonly string[]): Promise<ObligationRow[]> {
  if (!ids.length) return [];
  return rows<ObligationRow>(
    em,
    `select ${OBLIGATION_SELECT}, 1 as depth, u.code from report_obligation o join admin_unit u on u.id = o.unit_id ${OBLIGATION_JOIN}
     where o.id = any(?::uuid[]) and ${sqlSubtree('o.unit_path')}`,
    [...obligationParams(p), ...joinParams(p), pgArray([...ids]), ...subtreeParams(p)],
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
     where o.unit_id = any(?::int[]) and ${sqlSubtree('o.unit_path')}
     order by o.unit_id, o.due_date desc nulls last, o.id`,
    [milestoneId, ...obligationParams(p), ...joinParams(p), pgArray([...unitIds]), ...subtreeParams(p)],
  );
}
