import type { EntityManager } from '@mikro-orm/postgresql';
import type { Principal } from '../../../core/context.js';
import { sqlSubtree, subtreeParams } from '../../../core/access/policy.js';
import { afterClause } from '../../../core/graphql/pagination.js';
import { one, rows } from '../../../core/sql.js';
import { SQL_COUNTED_STATUSES, SQL_OBLIGATION_PERIOD_END, SQL_OBLIGATION_PERIOD_START, SQL_PERIOD_KEY } from './obligations.js';

/*
 * The counted figures for integrators and the trend of a plan (docs/REPORTS.md, "Figures for
 * integrators"), read from report_rollup: per obligation and target the unit's own figure from its
 * current submitted or accepted report, else what the units below it achieved — each figure
 * counted once. Drafts never count, so nothing here shows a draft to anyone.
 */

export interface CountedFigureFilter {
  planId?: string | null;
  unitId?: number | null;
  targetId?: string | null;
  milestoneId?: string | null;
  /** Reporting periods ending on or after this day. */
  from?: string | null;
  /** Reporting periods ending on or before this day. */
  to?: string | null;
}

export interface CountedFigureRow {
  obligationId: string;
  planId: string;
  milestoneId: string;
  kind: string;
  dueDate: string | null;
  periodStart: string | null;
  periodEnd: string | null;
  unitId: number;
  code: string;
  targetId: string;
  position: number;
  metric: string;
  unitOfMeasure: string;
  achieved: number | null;
  achievedCumulative: number | null;
  reportedByUnit: boolean;
  unitsBelow: number;
  reportId: string | null;
  due: string;
}

function figureFilterSql(f: CountedFigureFilter): { sql: string; params: unknown[] } {
  const parts: string[] = [];
  const params: unknown[] = [];
  const add = (sql: string, value: unknown) => {
    parts.push(sql);
    params.push(value);
  };
  if (f.planId) add('o.plan_id = ?', f.planId);
  if (f.unitId) add('o.unit_id = ?', f.unitId);
  if (f.milestoneId) add('o.milestone_id = ?', f.milestoneId);
  if (f.targetId) add('x.target_id = ?', f.targetId);
  if (f.from) add(`${SQL_OBLIGATION_PERIOD_END} >= ?::date`, f.from);
  if (f.to) add(`${SQL_OBLIGATION_PERIOD_END} <= ?::date`, f.to);
  return { sql: parts.length ? parts.join(' and ') : 'true', params };
}

/** The roll-up rows in the caller's sight that hold a counted figure. */
const figuresFrom = (withUnit: boolean) => `from report_rollup x join report_obligation o on o.id = x.obligation_id
  ${withUnit ? 'join admin_unit u on u.id = o.unit_id' : ''}
  where ${sqlSubtree('o.unit_path')} and (x.achieved_period is not null or x.achieved_cumulative is not null)`;

/** A page of counted figures, by due date, unit code, obligation, then the target's place in the plan. One statement. */
export async function countedFigureRows(
  em: EntityManager,
  p: Principal,
  f: CountedFigureFilter,
  after: unknown[] | null,
  limit: number,
): Promise<CountedFigureRow[]> {
  const w = figureFilterSql(f);
  const a = afterClause(['y.due', 'y.code', 'y.obligation_id', 'y.position', 'y.target_id'], after);
  return rows<CountedFigureRow>(
    em,
    `select y.obligation_id as "obligationId", y.plan_id as "planId", y.milestone_id as "milestoneId", y.kind, y.due_date as "dueDate",
       y.period_start as "periodStart", y.period_end as "periodEnd", y.unit_id as "unitId", y.code, y.target_id as "targetId", y.position,
       y.metric, y.unit_of_measure as "unitOfMeasure", y.achieved, y.achieved_cumulative as "achievedCumulative",
       y.reported_by_unit as "reportedByUnit", y.below_units as "unitsBelow", y.report_id as "reportId", y.due
     from (
       select x.obligation_id, o.plan_id, o.milestone_id, o.kind, o.due_date::text as due_date, ${SQL_OBLIGATION_PERIOD_START}::text as period_start,
         ${SQL_OBLIGATION_PERIOD_END}::text as period_end, o.unit_id, u.code, x.target_id, x.position, x.metric, x.unit_of_measure,
         x.achieved_period::float8 as achieved, x.achieved_cumulative::float8 as achieved_cumulative,
         (x.own_period is not null or x.own_cumulative is not null) as reported_by_unit, x.below_units,
         (select r.id from report r where r.obligation_id = o.id and r.status in ${SQL_COUNTED_STATUSES} order by r.version_no desc limit 1) as report_id,
         coalesce(o.due_date::text, '9999-12-31') as due
       ${figuresFrom(true)} and ${w.sql}) y
     where ${a.sql}
     order by y.due, y.code, y.obligation_id, y.position, y.target_id limit ?`,
    [...subtreeParams(p), ...w.params, ...a.params, limit],
  );
}

export async function countCountedFigures(em: EntityManager, p: Principal, f: CountedFigureFilter): Promise<number> {
  const w = figureFilterSql(f);
  return (await one<{ n: number }>(em, `select count(*)::int n ${figuresFrom(false)} and ${w.sql}`, [...subtreeParams(p), ...w.params]))!.n;
}

/* ------------------------------------------------------------ the trend */

export interface TrendPeriodRow {
  key: string;
  milestoneId: string;
  kind: string;
  title: string;
  dueDate: string | null;
  periodStart: string | null;
  periodEnd: string | null;
  /** Units in sight owing the report. */
  units: number;
  /** Of them, those with a counted (submitted or accepted) report. */
  reported: number;
  unitIds: number[];
}

/**
 * The reporting periods of a plan — each milestone's (and, once obligations carry one, each
 * period's) obligations in the caller's sight — in order of due date; at most `limit`.
 */
export async function trendPeriods(em: EntityManager, p: Principal, planId: string, limit: number): Promise<TrendPeriodRow[]> {
  return rows<TrendPeriodRow>(
    em,
    `select ${SQL_PERIOD_KEY} as key, o.milestone_id as "milestoneId", min(o.kind) as kind, min(o.title) as title,
       min(o.due_date)::text as "dueDate", ${SQL_OBLIGATION_PERIOD_START}::text as "periodStart", ${SQL_OBLIGATION_PERIOD_END}::text as "periodEnd",
       count(*)::int as units,
       count(*) filter (where exists (select 1 from report r where r.obligation_id = o.id and r.status in ${SQL_COUNTED_STATUSES}))::int as reported,
       array_agg(distinct o.unit_id) as "unitIds"
     from report_obligation o
     where o.plan_id = ? and ${sqlSubtree('o.unit_path')}
     group by o.milestone_id, ${SQL_OBLIGATION_PERIOD_START}, ${SQL_OBLIGATION_PERIOD_END}
     order by min(o.due_date) nulls last, min(o.kind), min(o.kind_rank), 1
     limit ?`,
    [planId, ...subtreeParams(p), limit],
  );
}

export interface TrendTotalRow {
  key: string;
  targetId: string;
  achieved: number | null;
  achievedCumulative: number | null;
  units: number;
}

/**
 * Per reporting period of a plan and target, what the units in sight achieved, each figure
 * counted once (a unit's own figure, or its subordinates' when it did not report). One statement.
 */
export async function trendTotals(em: EntityManager, p: Principal, planId: string, targetId: string | null): Promise<TrendTotalRow[]> {
  return rows<TrendTotalRow>(
    em,
    `select ${SQL_PERIOD_KEY} as key, x.target_id as "targetId", sum(x.achieved_period)::float8 as achieved,
       sum(x.achieved_cumulative)::float8 as "achievedCumulative",
       count(*) filter (where x.achieved_period is not null or x.achieved_cumulative is not null)::int as units
     from report_rollup x join report_obligation o on o.id = x.obligation_id
     where o.plan_id = ? and ${sqlSubtree('o.unit_path')} and (?::uuid is null or x.target_id = ?::uuid)
     group by 1, x.target_id`,
    [planId, ...subtreeParams(p), targetId, targetId],
  );
}
