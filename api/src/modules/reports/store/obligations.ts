import crypto from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Principal } from '../../../core/context.js';
import { reportVisibleParams, sqlReportVisible, sqlSubtree, subtreeParams } from '../../../core/access/policy.js';
import { afterClause } from '../../../core/graphql/pagination.js';
import { one, pgArray, rows } from '../../../core/sql.js';
import { todayInVietnam } from '../../../core/text.js';
import { reportingDuties } from '../../plans/store/index.js';
import { UNIT_COLUMNS } from '../../admin-units/unit-table.js';
import type { AdminUnitNode } from '../../admin-units/admin-unit.types.js';
import type { ReportObligationNode } from '../report.types.js';
import { REPORT_COLUMNS, type ReportRow } from './reports.js';
import type { RollupCellRow } from './rollup.js';

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
 * An obligation with the report the caller sees on it (the latest version not superseded; a
 * draft only for the unit's own users) and its compliance. `?` parameters: see obligationParams.
 */
const OBLIGATION_SELECT = `o.id, o.plan_id as "planId", o.milestone_id as "milestoneId", o.kind, o.title, o.recipient, o.due_date::text as "dueDate",
  o.unit_id as "unitId", o.unit_path::text as "unitPath", o.issuer_unit_id as "issuerUnitId",
  o.plan_period_start::text as "planPeriodStart", o.plan_period_end::text as "planPeriodEnd",
  case when o.unit_path <> ?::ltree then o.parent_obligation_id end as "parentObligationId",
  r.id as "reportId", coalesce(r.status, 'NONE') as status, r.first_submitted_on::text as "submittedOn",
  case when r.status = 'RETURNED' then 'RETURNED'
    when r.first_submitted_on is not null then case when o.due_date is null or r.first_submitted_on <= o.due_date then 'ON_TIME' else 'LATE' end
    when o.due_date < ?::date then 'MISSING' else 'PENDING' end as compliance`;
const OBLIGATION_JOIN = `left join lateral (
    select r.id, r.status, r.first_submitted_on from report r
    where r.obligation_id = o.id and r.status <> 'SUPERSEDED' and ${sqlReportVisible('r')}
    order by r.version_no desc limit 1) r on true`;
const obligationParams = (p: Principal) => [p.unitPath, todayInVietnam()];
const joinParams = (p: Principal) => reportVisibleParams(p);

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

/**
 * The obligations of a milestone and, at depth ALL, those of the derived milestones below them: a
 * CTE `tree` (id, unit_id, unit_path, depth). Each step looks the children of each obligation up
 * in report_obligation_parent: as a plain join, the planner expects thousands of rows per level
 * and reads the whole table at every level (two full scans of 36,000 rows for a province's ~500
 * obligations in the benchmark, docs/REPORTS.md); `offset 0` keeps the lateral lookup from
 * being flattened into that join.
 */
function treeSql(depth: 'CHILDREN' | 'ALL'): string {
  return `with recursive tree as (
      select o.id, o.unit_id, o.unit_path, 1 as depth from report_obligation o where o.milestone_id = ?
      ${
        depth === 'ALL'
          ? `union all
      select c.id, c.unit_id, c.unit_path, tree.depth + 1 from tree cross join lateral (
        select c.id, c.unit_id, c.unit_path from report_obligation c where c.parent_obligation_id = tree.id offset 0) c
      where tree.depth < 4`
          : ''
      }
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

export interface RollupPageRow extends ObligationRow {
  /** Every obligation of the roll-up in the caller's sight (the same on every row of a page). */
  totalCount: number;
  unit: AdminUnitNode;
  /** The report the caller sees on it (as reportsById reads it), or null. */
  report: ReportRow | null;
  cells: RollupCellRow[];
}

/**
 * A page of the roll-up in ONE statement (docs/REPORTS.md, "Superiors follow it"): the
 * obligations under a milestone, by depth then unit code, each with its unit, the report the
 * caller sees, its roll-up cells and the count of all rows — what the page would otherwise read in
 * five statements (rows, count, cells, units, reports). Only the sort keys are read for every
 * obligation of the tree; the rest for the page's rows, after the limit.
 */
export async function rollupPageRows(
  em: EntityManager,
  p: Principal,
  milestoneId: string,
  depth: 'CHILDREN' | 'ALL',
  after: unknown[] | null,
  limit: number,
): Promise<RollupPageRow[]> {
  const a = afterClause(['t.depth', 'u.code', 't.id'], after);
  const found = await rows<RollupPageRow>(
    em,
    `${treeSql(depth)},
     seen as (select * from tree t where ${sqlSubtree('t.unit_path')}),
     page as (
       select t.id, t.depth, u.code, (select count(*) from seen)::int as total
       from seen t join admin_unit u on u.id = t.unit_id
       where ${a.sql} order by t.depth, u.code, t.id limit ?)
     select ${OBLIGATION_SELECT}, page.depth, page.code, page.total as "totalCount",
       (select row_to_json(v) from (select ${UNIT_COLUMNS}) v) as unit, r.row as report,
       (select coalesce(json_agg(json_build_object('obligationId', x.obligation_id, 'targetId', x.target_id, 'position', x.position,
           'metric', x.metric, 'unitOfMeasure', x.unit_of_measure, 'achieved', x.achieved_period::float8,
           'achievedCumulative', x.achieved_cumulative::float8, 'reportedByUnit', x.own_period is not null or x.own_cumulative is not null)
           order by x.position), '[]')
        from report_rollup x where x.obligation_id = o.id) as cells
     from page join report_obligation o on o.id = page.id join admin_unit u on u.id = o.unit_id
     left join lateral (
       select r.id, r.status, r.first_submitted_on, (select row_to_json(v) from (select ${REPORT_COLUMNS}) v) as row from report r
       where r.obligation_id = o.id and r.status <> 'SUPERSEDED' and ${sqlReportVisible('r')}
       order by r.version_no desc limit 1) r on true
     order by page.depth, page.code, page.id`,
    [milestoneId, ...subtreeParams(p), ...a.params, limit, ...obligationParams(p), ...joinParams(p)],
  );
  // JSON carries timestamps as text: the report row as reportsById returns it.
  for (const o of found) {
    if (!o.report) continue;
    const r = o.report;
    const json = r as unknown as { submittedAt: string | null; createdAt: string; updatedAt: string };
    r.submittedAt = json.submittedAt === null ? null : new Date(json.submittedAt);
    r.createdAt = new Date(json.createdAt);
    r.updatedAt = new Date(json.updatedAt);
  }
  return found;
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
