import type { EntityManager } from '@mikro-orm/postgresql';
import { one, rows } from '../../../core/sql.js';

/*
 * The store's statements for demo data that lives in the present (api/src/seed/plans.seed.ts):
 * seeding only, never a request.
 */

/**
 * Moves a plan's working dates by `days`: period, deadline for the units below, phases, report
 * milestones, targets' periods and tasks' deadlines. Its number, date of issue and texts — the
 * date line, the preamble, "hoàn thành trước ngày 30/8/2024" in a task — are kept.
 */
export async function shiftWorkingDates(em: EntityManager, planId: string, days: number): Promise<void> {
  if (days === 0) return;
  await rows(
    em,
    `update plan set period_start = period_start + ?::int, period_end = period_end + ?::int,
       submission_deadline = submission_deadline + ?::int where id = ?`,
    [days, days, days, planId],
  );
  await rows(em, `update plan_phase set start_date = start_date + ?::int, end_date = end_date + ?::int where plan_id = ?`, [
    days,
    days,
    planId,
  ]);
  await rows(em, `update plan_milestone set due_date = due_date + ?::int where plan_id = ?`, [days, planId]);
  await rows(em, `update plan_target set period_start = period_start + ?::int, period_end = period_end + ?::int where plan_id = ?`, [
    days,
    days,
    planId,
  ]);
  const shifted = (field: string) =>
    `case when task->'timing'->>'${field}' is null then task->'timing'->'${field}'
       else to_jsonb(to_char((task->'timing'->>'${field}')::date + ?::int, 'YYYY-MM-DD')) end`;
  await rows(
    em,
    `update plan_node set task = jsonb_set(task, '{timing}', (task->'timing') || jsonb_build_object(
       'dueDate', ${shifted('dueDate')}, 'periodStart', ${shifted('periodStart')}, 'periodEnd', ${shifted('periodEnd')}))
     where plan_id = ? and jsonb_typeof(task->'timing') = 'object'`,
    [days, days, days, planId],
  );
}

/** The deadline a plan gives the units below for their own plans (YYYY-MM-DD), or null. */
export async function submissionDeadlineOf(em: EntityManager, planId: string): Promise<string | null> {
  return (
    (await one<{ deadline: string | null }>(em, `select submission_deadline::text as deadline from plan where id = ?`, [planId]))
      ?.deadline ?? null
  );
}
