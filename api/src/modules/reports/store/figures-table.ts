import type { EntityManager } from '@mikro-orm/postgresql';
import type { Principal } from '../../../core/context.js';
import { sqlSubtree, subtreeParams } from '../../../core/access/policy.js';
import { pgArray, rows } from '../../../core/sql.js';
import type { AdminUnitNode } from '../../admin-units/admin-unit.types.js';
import { UNIT_COLUMNS } from '../../admin-units/unit-table.js';

/*
 * The figures table of reports (docs/REPORTS.md, "Figures as a spreadsheet"): for each report,
 * the units below owing a report into it and what each achieved per target of the report, as the
 * roll-up knows it (the unit's own submitted figure, else its subordinates' sum). One statement
 * each, whatever the number of reports and units.
 */

export interface BelowObligationRow {
  /** The obligation the unit's figures roll into (the report's). */
  parentObligationId: string;
  obligationId: string;
  planId: string;
  unit: AdminUnitNode;
  /** A SUBMITTED or ACCEPTED report stands on the obligation. */
  reported: boolean;
}

/** The obligations owed into these obligations (units below), by unit code. */
export async function belowObligations(em: EntityManager, p: Principal, obligationIds: readonly string[]): Promise<BelowObligationRow[]> {
  if (!obligationIds.length) return [];
  const found = await rows<AdminUnitNode & { parentObligationId: string; obligationId: string; planId: string; reported: boolean }>(
    em,
    `select c.parent_obligation_id as "parentObligationId", c.id as "obligationId", c.plan_id as "planId", ${UNIT_COLUMNS},
       exists (select 1 from report r where r.obligation_id = c.id and r.status in ('SUBMITTED','ACCEPTED')) as reported
     from report_obligation c join admin_unit u on u.id = c.unit_id
     where c.parent_obligation_id = any(?::uuid[]) and ${sqlSubtree('c.unit_path')} order by u.code, c.id`,
    [pgArray([...obligationIds]), ...subtreeParams(p)],
  );
  return found.map(({ parentObligationId, obligationId, planId, reported, ...unit }) => ({
    parentObligationId,
    obligationId,
    planId,
    reported,
    unit: unit as AdminUnitNode,
  }));
}

export interface BelowFigureRow {
  obligationId: string;
  /** The target of the report above that the unit's figure rolls into. */
  targetId: string;
  achieved: number | null;
  achievedCumulative: number | null;
  /** The unit's own report gives the figure (else it is the sum of the units below it). */
  reportedByUnit: boolean;
}

/** What the units of these obligations achieved, per target of the report their figures roll into. */
export async function belowFigures(em: EntityManager, obligationIds: readonly string[]): Promise<BelowFigureRow[]> {
  if (!obligationIds.length) return [];
  return rows<BelowFigureRow>(
    em,
    `select x.obligation_id as "obligationId", x.rolls_into_target_id as "targetId", sum(x.achieved_period)::float8 as achieved,
       sum(x.achieved_cumulative)::float8 as "achievedCumulative", bool_or(x.own_period is not null or x.own_cumulative is not null) as "reportedByUnit"
     from report_rollup x where x.obligation_id = any(?::uuid[]) and x.rolls_into_target_id is not null
     group by x.obligation_id, x.rolls_into_target_id`,
    [pgArray([...obligationIds])],
  );
}

/** A figure row of a report written by an import (the columns updateReportFigureRow writes, for many rows). */
export interface FigureWrite {
  id: string;
  periodValue: string | null;
  cumulativeValue: string | null;
  overrideNote: string | null;
}

/** Several figures of one report in one statement (an import of the figures table). */
export async function updateReportFigureRows(em: EntityManager, reportId: string, figures: readonly FigureWrite[]): Promise<void> {
  if (!figures.length) return;
  await rows(
    em,
    `update report_figure f set period_value = d.period_value, cumulative_value = d.cumulative_value, override_note = d.note,
       version = f.version + 1
     from jsonb_to_recordset(?::jsonb) as d(id uuid, period_value numeric, cumulative_value numeric, note text)
     where f.id = d.id and f.report_id = ?`,
    [
      JSON.stringify(
        figures.map((f) => ({ id: f.id, period_value: f.periodValue, cumulative_value: f.cumulativeValue, note: f.overrideNote })),
      ),
      reportId,
    ],
  );
}

/** Report figures with their values as exact decimal text (an import compares and rewrites them). */
export async function figureTexts(
  em: EntityManager,
  reportId: string,
): Promise<{ id: string; targetId: string; periodValue: string | null; cumulativeValue: string | null; overrideNote: string | null }[]> {
  return rows(
    em,
    `select id, target_id as "targetId", period_value::text as "periodValue", cumulative_value::text as "cumulativeValue",
       override_note as "overrideNote"
     from report_figure where report_id = ? order by position`,
    [reportId],
  );
}

/** The roll-up rows of these obligations with the target each rolls into (a milestone's summary places them in the plan's columns). */
export async function rollupFigures(
  em: EntityManager,
  obligationIds: readonly string[],
): Promise<
  { obligationId: string; targetId: string; rollsIntoTargetId: string | null; achieved: number | null; achievedCumulative: number | null }[]
> {
  if (!obligationIds.length) return [];
  return rows(
    em,
    `select obligation_id as "obligationId", target_id as "targetId", rolls_into_target_id as "rollsIntoTargetId",
       achieved_period::float8 as achieved, achieved_cumulative::float8 as "achievedCumulative"
     from report_rollup where obligation_id = any(?::uuid[])`,
    [pgArray([...obligationIds])],
  );
}
