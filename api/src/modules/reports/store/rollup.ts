import type { EntityManager } from '@mikro-orm/postgresql';
import { pgArray, rows } from '../../../core/sql.js';

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

/** The roll-up rows of a page of obligations: one statement. */
export async function rollupCells(em: EntityManager, obligationIds: readonly string[]): Promise<RollupCellRow[]> {
  if (!obligationIds.length) return [];
  return rows<RollupCellRow>(
    em,
    `select obligation_id as "obligationId", target_id as "targetId", position, metric, unit_of_measure as "unitOfMeasure",
       achieved_period::float8 as achieved, achieved_cumulative::float8 as "achievedCumulative",
       (own_period is not null or own_cumulative is not null) as "reportedByUnit"
     from report_rollup where obligation_id = any(?::uuid[]) order by obligation_id, position`,
    [pgArray([...obligationIds])],
  );
}
