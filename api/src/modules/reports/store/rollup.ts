import type { EntityManager } from '@mikro-orm/postgresql';
import type { Principal } from '../../../core/context.js';
import {
  obligationVisibleParams,
  reportVisibleParams,
  sqlObligationVisible,
  sqlReportVisible,
  sqlSubtree,
  subtreeParams,
} from '../../../core/access/policy.js';
import { afterClause } from '../../../core/graphql/pagination.js';
import { todayInVietnam } from '../../../core/text.js';
import { pgArray, preparedRows, rows } from '../../../core/sql.js';
import type { AdminUnitNode } from '../../admin-units/admin-unit.types.js';
import { UNIT_COLUMNS } from '../../admin-units/unit-table.js';
import { AGENCY_COLUMNS } from '../../agencies/agency.service.js';
import type { AgencyNode } from '../../agencies/agency.types.js';
import { reportingTargetsSql, type ReportingTarget } from '../../plans/store/index.js';
import {
  OBLIGATION_JOIN,
  OBLIGATION_SELECT,
  joinParams,
  obligationParams,
  sqlCompliance,
  treeParams,
  treeSql,
  type ObligationRow,
} from './obligations.js';
import { REPORT_COLUMNS, type ReportRow } from './reports.js';

/*
 * Reads of the roll-up of achieved figures (report_rollup, kept on write by
 * kh_refresh_report_rollup, migration 0013): per obligation and target, the unit's own submitted
 * figure or, when it has not reported, what the units below it submitted — each figure once.
 */

export interface RollupCellRow {
  obligationId: string;
  targetId: string;
  /** The target of the obligation above that this figure counts into (null: a target of the unit's own). */
  rollsIntoTargetId: string | null;
  position: number;
  metric: string;
  unitOfMeasure: string;
  achieved: number | null;
  achievedCumulative: number | null;
  reportedByUnit: boolean;
}

/** The roll-up rows of some obligations (the printed report's units below): one statement. */
export async function rollupCells(em: EntityManager, obligationIds: readonly string[]): Promise<RollupCellRow[]> {
  if (!obligationIds.length) return [];
  return rows<RollupCellRow>(
    em,
    `select obligation_id as "obligationId", target_id as "targetId", rolls_into_target_id as "rollsIntoTargetId", position, metric, unit_of_measure as "unitOfMeasure",
       achieved_period::float8 as achieved, achieved_cumulative::float8 as "achievedCumulative",
       (own_period is not null or own_cumulative is not null) as "reportedByUnit"
     from report_rollup where obligation_id = any(?::uuid[]) order by obligation_id, position`,
    [pgArray([...obligationIds])],
  );
}

/** A roll-up cell as the roll-up page gives it (RollupCellRow without what the page does not show). */
export type RollupPageCell = Pick<
  RollupCellRow,
  'targetId' | 'metric' | 'unitOfMeasure' | 'achieved' | 'achievedCumulative' | 'reportedByUnit'
>;
/** A target a row's unit reports on with its share, as the roll-up page gives it (of ReportingTarget). */
export type RollupPageShare = Pick<ReportingTarget, 'targetId' | 'metric' | 'unitOfMeasure' | 'allocated'>;

export interface RollupPageRow extends ObligationRow {
  unitRow: AdminUnitNode;
  /** The agency that owes it, or null for a unit's own obligation. */
  agencyRow: AgencyNode | null;
  /** The report the caller sees on it (the row reportsById gives), or null. */
  reportRow: ReportRow | null;
  /** Its roll-up cells, by the target's position. */
  cells: RollupPageCell[];
  /** The targets its unit (or agency) reports on with its share (the plan store's reportingTargetsSql), by position. */
  expected: RollupPageShare[];
}

/*
 * The page's cells and shares travel as JSON arrays of arrays, decoded below: building objects
 * with their keys repeated cost 0.8 ms of the statement's 6.3 ms on the largest province, and
 * 40 % of the bytes the server parsed (docs/REPORTS.md, "Superiors follow it").
 */
/** Per cell: [targetId, achieved, achievedCumulative, reportedByUnit, metric, unitOfMeasure], by position. */
const CELLS_JSON = `json_agg(json_build_array(x.target_id, x.achieved_period::float8, x.achieved_cumulative::float8,
    x.own_period is not null or x.own_cumulative is not null, x.metric, x.unit_of_measure) order by x.position)`;
type CellTuple = [string, number | null, number | null, boolean, string, string];
/** Per share: [targetId, allocated, metric, unitOfMeasure], by position. */
const SHARES_JSON = `json_agg(json_build_array(e."targetId", e.allocated, e.metric, e."unitOfMeasure") order by e.position)`;
type ShareTuple = [string, number | null, string, string];

const cellOf = ([targetId, achieved, achievedCumulative, reportedByUnit, metric, unitOfMeasure]: CellTuple): RollupPageCell => ({
  targetId,
  metric,
  unitOfMeasure,
  achieved,
  achievedCumulative,
  reportedByUnit,
});
const shareOf = ([targetId, allocated, metric, unitOfMeasure]: ShareTuple): RollupPageShare => ({
  targetId,
  metric,
  unitOfMeasure,
  allocated,
});

/**
 * A page of the roll-up of a milestone in ONE statement (docs/REPORTS.md, "Superiors follow it"):
 * its open obligations (of one period, when given; at depth ALL those of the derived milestones
 * below too) in the caller's sight, by depth, unit code, period and id, each with its unit, its
 * agency, the report the caller sees (a draft only for the unit's own users) with its compliance,
 * its roll-up cells and the targets it reports on with its allocations (the plan store's fragment);
 * and the count of all of them. Only the sort keys are read for every
 * obligation of the tree (the walk is index-only, migrations 0022 and 0025); the rest for the page's rows,
 * after the limit — the cells of the page in one pass over report_rollup (a lookup per row went
 * through row-level security's GiST bitmap each time), cells and shares as arrays (CELLS_JSON,
 * SHARES_JSON). Prepared: planned once per connection.
 * Always one row back: with no obligation
 * on the page, its columns are null and only `total` is set.
 */
export async function rollupPageRows(
  em: EntityManager,
  p: Principal,
  milestoneId: string,
  depth: 'CHILDREN' | 'ALL',
  periodKey: string | null,
  after: unknown[] | null,
  limit: number,
): Promise<{ total: number; rows: RollupPageRow[] }> {
  const a = afterClause(['t.depth', 't.code', 't.period_key', 't.id'], after);
  // Prepared (core/db/prepared.ts): its planning was a third of its time.
  type Found = Omit<RollupPageRow, 'cells' | 'expected'> & { total: number; cells: CellTuple[] | null; expected: ShareTuple[] | null };
  const found = await preparedRows<Found | { total: number; id: null }>(
    em,
    `${treeSql(depth)},
     seen as (select t.id, t.depth, t.period_key, t.code from tree t where ${sqlObligationVisible('t')}),
     page as (select t.id, t.depth, t.code, t.period_key from seen t where ${a.sql} order by t.depth, t.code, t.period_key, t.id limit ?),
     -- The page's cells by obligation, in one pass over report_rollup (a lookup per row went through
     -- row-level security's GiST bitmap each time).
     cells as materialized (select x.obligation_id as ob, ${CELLS_JSON} as cells from report_rollup x
       where x.obligation_id = any(array(select id from page)) group by x.obligation_id)
     select n.total, x.* from (select count(*)::int as total from seen) n left join lateral (
       select ${OBLIGATION_SELECT}, page.depth, page.code,
         (select row_to_json(v) from (select ${UNIT_COLUMNS}) v) as "unitRow",
         (select row_to_json(v) from (select ${AGENCY_COLUMNS} from agency g where g.id = o.agency_id) v) as "agencyRow",
         r.row as "reportRow", (select c.cells from cells c where c.ob = o.id) as cells,
         (select ${SHARES_JSON}
          from (${reportingTargetsSql('(select o.plan_id, o.unit_id, o.agency_id) d')}) e) as expected
       from page join report_obligation o on o.id = page.id join admin_unit u on u.id = o.unit_id
       left join lateral (
         select r.id, r.status, r.first_submitted_on, (select row_to_json(v) from (select ${REPORT_COLUMNS}) v) as row from report r
         where r.obligation_id = o.id and r.status <> 'SUPERSEDED' and ${sqlReportVisible('r')}
         order by r.version_no desc limit 1) r on true) x on true
     order by x.depth, x.code, x."periodKey", x.id`,
    [
      ...treeParams(milestoneId, periodKey),
      ...obligationVisibleParams(p),
      ...a.params,
      limit,
      ...obligationParams(p),
      ...reportVisibleParams(p),
    ],
  );
  const total = found[0]?.total ?? 0;
  const page: RollupPageRow[] = [];
  for (const o of found) {
    if (o.id === null) continue;
    // JSON carries timestamps as text: the report as reportsById gives it.
    const r = o.reportRow as (ReportRow & { submittedAt: Date | string | null; createdAt: Date | string; updatedAt: Date | string }) | null;
    if (r) {
      r.submittedAt = r.submittedAt === null ? null : new Date(r.submittedAt);
      r.createdAt = new Date(r.createdAt);
      r.updatedAt = new Date(r.updatedAt);
    }
    page.push({ ...o, cells: (o.cells ?? []).map(cellOf), expected: (o.expected ?? []).map(shareOf) });
  }
  return { total, rows: page };
}

export interface RollupTotalRow {
  targetId: string;
  achieved: number | null;
  achievedCumulative: number | null;
  units: number;
}

/**
 * Per target, the sum of what the units directly below achieved on a milestone's open obligations
 * in the caller's sight: each unit's own figure or its subordinates' sum, so each figure counts
 * once. Agencies' figures stay out of it (docs/REPORTS.md, "Agencies": they are not a part of
 * the units' totals, which already hold what the agencies did on their territory). `?`: totalsParams.
 */
const TOTALS_SQL = `select x.target_id as "targetId", sum(x.achieved_period)::float8 as achieved, sum(x.achieved_cumulative)::float8 as "achievedCumulative",
       count(*) filter (where x.achieved_period is not null or x.achieved_cumulative is not null)::int as units
     from report_rollup x
     -- The obligations' rows in one lookup: joined one obligation at a time, each lookup AND-ed the
     -- obligation index with row-level security's GiST index on unit_path (1,700 paths bitmapped
     -- 26 times on the largest province).
     where x.obligation_id = any(array(select o.id from report_obligation o
       where o.milestone_id = ? and o.state = 'OPEN' and o.agency_id is null and (?::text is null or o.period_key = ?::text)
         and ${sqlSubtree('o.unit_path')}))
     group by x.target_id`;
const totalsParams = (p: Principal, milestoneId: string, periodKey: string | null) => [
  milestoneId,
  periodKey,
  periodKey,
  ...subtreeParams(p),
];

export interface RollupSummaryRow {
  /** The open obligations of the units directly below in sight (agencies' are not units below). */
  units: number;
  byCompliance: { compliance: string; count: number }[];
  /** Per obligation, the targets its unit reports on with its share (as reportingTargets gives them, in its order). */
  expected: ReportingTarget[];
  totals: RollupTotalRow[];
}

/**
 * The summary of a milestone's roll-up in ONE statement (docs/REPORTS.md, "Superiors follow it";
 * benchmark O10): the obligations of the units directly below in the caller's sight by
 * compliance, the targets each reports on with its allocation (the plan store's
 * reportingTargetsSql), and what they achieved per target (TOTALS_SQL). Prepared.
 */
export async function rollupSummaryRow(
  em: EntityManager,
  p: Principal,
  milestoneId: string,
  periodKey: string | null,
): Promise<RollupSummaryRow> {
  const [row] = await preparedRows<RollupSummaryRow>(
    em,
    `${treeSql('CHILDREN')},
     ob as (select o.id, o.plan_id, o.unit_id, ${sqlCompliance('r', 'o')} as compliance
       from tree join report_obligation o on o.id = tree.id ${OBLIGATION_JOIN}
       where o.agency_id is null and ${sqlObligationVisible('o')})
     select (select count(*)::int from ob) as units,
       (select coalesce(json_agg(json_build_object('compliance', c.compliance, 'count', c.n) order by c.compliance), '[]')
          from (select compliance, count(*)::int as n from ob group by compliance) c) as "byCompliance",
       (select coalesce(json_agg(json_build_object('planId', e.plan_id, 'unitId', e.unit_id, 'agencyId', e.agency_id, 'targetId', e."targetId",
            'rollsIntoTargetId', e."rollsIntoTargetId", 'position', e.position, 'metric', e.metric, 'unitOfMeasure', e."unitOfMeasure",
            'allocated', e.allocated) order by e.plan_id, e.unit_id, e.position), '[]')
          from (${reportingTargetsSql('(select ob.plan_id, ob.unit_id, null::uuid as agency_id from ob) d')}) e) as expected,
       (select coalesce(json_agg(t), '[]') from (${TOTALS_SQL}) t) as totals`,
    [
      ...treeParams(milestoneId, periodKey),
      todayInVietnam(),
      ...joinParams(p),
      ...obligationVisibleParams(p),
      ...totalsParams(p, milestoneId, periodKey),
    ],
  );
  return row!;
}
