import type { EntityManager } from '@mikro-orm/postgresql';
import type { Principal } from '../../../core/context.js';
import { sqlSubtree, subtreeParams } from '../../../core/access/policy.js';
import { rows } from '../../../core/sql.js';

/*
 * Reads of the roll-up of achieved figures (report_rollup, kept on write by
 * kh_refresh_report_rollup, migration 0013): per obligation and target, the unit's own submitted
 * figure or, when it has not reported, what the units below it submitted — each figure once.
 */

export interface RollupCellRow {
  obligationId: string;
  targetId: string;
  position: number;
  metric: string;
  unitOfMeasure: string;
  achieved: number | null;
  achievedCumulative: number | null;
  reportedByUnit: boolean;
}

export interface RollupTotalRow {
  targetId: string;
  achieved: number | null;
  achievedCumulative: number | null;
  units: number;
}

/**
 * Per target, the sum of what the units directly below achieved on a milestone's obligations in
 * the caller's sight: each unit's own figure or its subordinates' sum, so each figure counts once.
 */
export async function rollupTotals(em: EntityManager, p: Principal, milestoneId: string): Promise<RollupTotalRow[]> {
  return rows<RollupTotalRow>(
    em,
    `select x.target_id as "targetId", sum(x.achieved_period)::float8 as achieved, sum(x.achieved_cumulative)::float8 as "achievedCumulative",
       count(*) filter (where x.achieved_period is not null or x.achieved_cumulative is not null)::int as units
     from report_rollup x join report_obligation o on o.id = x.obligation_id
     where o.milestone_id = ? and ${sqlSubtree('o.unit_path')} group by x.target_id`,
    [milestoneId, ...subtreeParams(p)],
  );
}
