import type { EntityManager } from '@mikro-orm/postgresql';
import type { Principal } from '../../../core/context.js';
import { sqlSubtree, subtreeParams } from '../../../core/access/policy.js';
import { pgArray, rows } from '../../../core/sql.js';

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

/** The roll-up rows of a page of obligations: one statement. */
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
 * the units' totals, which already hold what the agencies did on their territory).
 */
export async function rollupTotals(
  em: EntityManager,
  p: Principal,
  milestoneId: string,
  periodKey: string | null = null,
): Promise<RollupTotalRow[]> {
  return rows<RollupTotalRow>(
    em,
    `select x.target_id as "targetId", sum(x.achieved_period)::float8 as achieved, sum(x.achieved_cumulative)::float8 as "achievedCumulative",
       count(*) filter (where x.achieved_period is not null or x.achieved_cumulative is not null)::int as units
     from report_rollup x join report_obligation o on o.id = x.obligation_id
     where o.milestone_id = ? and o.state = 'OPEN' and o.agency_id is null and (?::text is null or o.period_key = ?::text)
       and ${sqlSubtree('o.unit_path')} group by x.target_id`,
    [milestoneId, periodKey, periodKey, ...subtreeParams(p)],
  );
}
