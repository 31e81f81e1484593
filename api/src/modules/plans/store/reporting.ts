import type { EntityManager } from '@mikro-orm/postgresql';
import { pgArray, preparedRows, rows } from '../../../core/sql.js';
import { sqlDateWithinExistenceOf, sqlExistsOn } from '../../admin-units/unit-table.js';

/*
 * The plan facts the reports module needs (docs/REPORTS.md), read here because the plan store
 * owns every statement on the plan tables (docs/ARCHITECTURE.md, "How a write happens"). Each
 * function is one statement whatever the number of plans or units asked about.
 */

/** The milestone kinds that order a report (PLAN_SUBMISSION orders a plan, not a report). */
export const REPORTING_KINDS = ['RESULT_REPORT', 'INTERIM_REVIEW', 'FINAL_REVIEW'] as const;

export interface ReportingDuty {
  planId: string;
  planSeriesId: string;
  /** The series of the plan the issuing plan implements: its issuer's own obligations hang there. */
  issuerParentSeriesId: string | null;
  milestoneId: string;
  /** The milestone of the amended version this one continues (docs/REPORTS.md, "Amendments"). */
  previousMilestoneId: string | null;
  kind: string;
  /** 0 for the first milestone of its kind in the plan, 1 for the second…: matches a derived plan's copy. */
  kindRank: number;
  title: string;
  recipient: string | null;
  dueDate: string | null;
  /** A periodic report (MONTH, QUARTER, HALF_YEAR, YEAR) and its due day in each period's last month. */
  recurrence: string | null;
  dueDay: number | null;
  planPeriodStart: string | null;
  planPeriodEnd: string | null;
  planIssuedDate: string;
  unitId: number;
  unitPath: string;
  provinceId: number | null;
  /** The unit's (for an agency: its unit's) existence, to owe only what falls due while it exists. */
  unitValidFrom: string | null;
  unitValidTo: string | null;
  /** A successor of an expected unit (not expected itself): it owes only what falls due from its start. */
  successorOnly: boolean;
  /** An agency of the issuer the plan names (a task it leads, a target allocated to it) that has accounts. */
  agencyId: string | null;
  issuerUnitId: number;
}

/**
 * Every reporting milestone of those of the given plans that are ISSUED (in force) × everyone
 * expected to report on it:
 *  - the direct subordinates of the issuer that exist on the plan's date (taken within the issuer's
 *    existence, as the cascade takes them) and every unit whose plan derives from it;
 *  - the successors of those units that are direct subordinates of the issuer too (the 2025 reform
 *    merged provinces under the national root): they owe what falls due from their start;
 *  - the agencies of the issuer the plan names — lead agency of a task, or a target allocated to it
 *    — that have at least one enabled account (docs/REPORTS.md, "Agencies").
 * Whether each one owes a given due date (its existence then) is decided by the caller. One
 * statement whatever the number of plans, milestones and units.
 */
export async function reportingDuties(em: EntityManager, planIds: readonly string[]): Promise<ReportingDuty[]> {
  if (!planIds.length) return [];
  const onDate = sqlDateWithinExistenceOf('pu', 'p.issued_date');
  return rows<ReportingDuty>(
    em,
    `with p as (
       select p.id, p.series_id, p.parent_series_id, p.unit_id, p.period_start, p.period_end, p.issued_date, pu.path as unit_path,
         pu.province_id, pu.valid_from, pu.valid_to
       from plan p join admin_unit pu on pu.id = p.unit_id
       -- The version in force: a superseded one's obligations moved on to its amendment.
       where p.id = any(?::uuid[]) and p.status = 'ISSUED'
     ),
     expected as (
       select p.id as plan_id, u.id as unit_id from p join admin_unit pu on pu.id = p.unit_id join admin_unit u on u.parent_id = p.unit_id
       where (${sqlExistsOn('u', onDate)}) or exists (select 1 from plan c where c.unit_id = u.id and c.parent_series_id = p.series_id)
     ),
     successors as (
       select distinct e.plan_id, s.successor_id as unit_id from expected e
       join admin_unit_succession s on s.predecessor_id = e.unit_id
       join admin_unit su on su.id = s.successor_id
       join p on p.id = e.plan_id and su.parent_id = p.unit_id
       where not exists (select 1 from expected x where x.plan_id = e.plan_id and x.unit_id = s.successor_id)
     ),
     owing as (
       select plan_id, unit_id, null::uuid as agency_id, false as successor_only from expected
       union all select plan_id, unit_id, null, true from successors
       union all
       select p.id, p.unit_id, g.id, false from p join agency g on g.unit_id = p.unit_id and g.disabled_at is null
       where (exists (select 1 from plan_target_allocation a where a.plan_id = p.id and a.agency_id = g.id)
           or exists (select 1 from plan_node n cross join lateral jsonb_array_elements(coalesce(n.task->'lead', '[]'::jsonb)) l
                      where n.plan_id = p.id and n.provenance <> 'OMITTED' and l->>'agencyId' = g.id::text))
         and exists (select 1 from app_user a where a.agency_id = g.id and a.disabled_at is null)
     )
     select p.id as "planId", p.series_id as "planSeriesId", p.parent_series_id as "issuerParentSeriesId", m.id as "milestoneId",
       m.previous_version_milestone_id as "previousMilestoneId", m.kind,
       (select count(*)::int from plan_milestone x where x.plan_id = m.plan_id and x.kind = m.kind and x.position < m.position) as "kindRank",
       m.title, m.recipient, m.due_date::text as "dueDate", m.recurrence, m.due_day as "dueDay",
       p.period_start::text as "planPeriodStart", p.period_end::text as "planPeriodEnd", p.issued_date::text as "planIssuedDate",
       u.id as "unitId", u.path::text as "unitPath", u.province_id as "provinceId", u.valid_from::text as "unitValidFrom",
       u.valid_to::text as "unitValidTo", o.successor_only as "successorOnly", o.agency_id as "agencyId", p.unit_id as "issuerUnitId"
     from p
     join plan_milestone m on m.plan_id = p.id and m.kind in (${REPORTING_KINDS.map((k) => `'${k}'`).join(',')})
     join owing o on o.plan_id = p.id
     join admin_unit u on u.id = o.unit_id
     order by p.id, m.position, u.id, o.agency_id`,
    [pgArray(planIds)],
  );
}

/** The plans of a unit in force (issued, not superseded nor revoked): what an agency of it may be named in. */
export async function issuedPlanIdsOfUnit(em: EntityManager, unitId: number): Promise<string[]> {
  return (await rows<{ id: string }>(em, `select id from plan where unit_id = ? and status = 'ISSUED'`, [unitId])).map((r) => r.id);
}

export interface ReportingTarget {
  planId: string;
  unitId: number;
  /** An agency's report (its unit is the plan's issuer): the targets allocated to the agency. */
  agencyId: string | null;
  targetId: string;
  /** The superior's target this one was derived from: where the unit's figure counts one level up. */
  rollsIntoTargetId: string | null;
  position: number;
  metric: string;
  unitOfMeasure: string;
  /** The unit's share: its allocation, else its own plan's target value; null when the plan sets none for it. */
  allocated: number | null;
}

/**
 * The targets of `planId` a unit reports on (docs/REPORTS.md): those allocated to it, those its own
 * plan (derived from the plan's series, not revoked) takes over, and — when it has no plan yet —
 * those the plan allocates to nobody (a whole-plan target every implementing unit works towards).
 * An agency (`agencyId`, its unit the plan's issuer) reports on the targets allocated to it.
 *
 * As an SQL fragment, so that a read of another module can take them in its own statement (the
 * report roll-up page: one statement for its rows and their allocations, docs/REPORTS.md):
 * `pairs` is a FROM item named d, with the columns plan_id (uuid), unit_id (int) and agency_id (uuid); the
 * select gives, per pair and target, the pair's three columns and the columns of ReportingTarget,
 * unordered. No parameters.
 */
export function reportingTargetsSql(pairs: string): string {
  return `select d.plan_id, d.unit_id, d.agency_id, t.id as "targetId",
       t.derived_from_target_id as "rollsIntoTargetId", t.position, t.metric, t.unit_of_measure as "unitOfMeasure",
       coalesce(a.value, ot.value)::float8 as allocated
     from ${pairs}
     join plan_target t on t.plan_id = d.plan_id
     -- A unit's allocation or an agency's, each by its own index (one condition with a CASE used neither).
     left join lateral (select x.value from plan_target_allocation x where d.agency_id is null and x.unit_id = d.unit_id and x.target_id = t.id
       union all select x.value from plan_target_allocation x where x.agency_id = d.agency_id and x.target_id = t.id limit 1) a on true
     -- Only for a unit's target it has no allocation of: the unit's own plan implementing this one (the
     -- issued version first, else its latest draft) and whether that plan takes the target over. Asked
     -- per target, not per pair, so that a pair whose targets are all allocated never asks it (most of
     -- a roll-up page's rows: half of its lookups). "offset 0" keeps the condition on a.value a
     -- one-time filter: flattened into the join, the lookups ran for every target.
     left join lateral (
       select own.id as own_plan_id, x.value, x.taken from (
         select c.id from plan p join plan c on c.unit_id = d.unit_id and c.parent_series_id = p.series_id and c.status <> 'REVOKED'
         where p.id = d.plan_id order by (c.status = 'ISSUED') desc, c.version_no desc limit 1) own
       left join lateral (select x.value, true as taken from plan_target x where x.plan_id = own.id and x.derived_from_target_id = t.id limit 1) x on true
       where a.value is null and d.agency_id is null offset 0) ot on true
     where a.value is not null
       or (d.agency_id is null and (ot.taken
         or (ot.own_plan_id is null and not exists (select 1 from plan_target_allocation z where z.target_id = t.id))))`;
}

/** reportingTargetsSql for pairs given by the caller: one statement, by plan, unit, agency and position. */
export async function reportingTargets(
  em: EntityManager,
  pairs: readonly { planId: string; unitId: number; agencyId?: string | null }[],
): Promise<ReportingTarget[]> {
  if (!pairs.length) return [];
  return preparedRows<ReportingTarget>(
    em,
    `select e.plan_id as "planId", e.unit_id as "unitId", e.agency_id as "agencyId", e."targetId", e."rollsIntoTargetId", e.position,
       e.metric, e."unitOfMeasure", e.allocated
     from (${reportingTargetsSql('jsonb_to_recordset(?::jsonb) as d(plan_id uuid, unit_id int, agency_id uuid)')}) e
     order by e.plan_id, e.unit_id, e.agency_id, e.position`,
    [JSON.stringify(pairs.map((p) => ({ plan_id: p.planId, unit_id: p.unitId, agency_id: p.agencyId ?? null })))],
  );
}

export interface ReportingTask {
  nodeId: string;
  label: string | null;
  text: string;
}

/**
 * The tasks a unit reports on for a plan: those of its own plan derived from it (issued first,
 * else its latest draft), else the plan's own tasks (a unit with no plan yet still owes its report).
 * An agency reports on the tasks of the plan it leads.
 */
export async function reportingTasks(
  em: EntityManager,
  planId: string,
  unitId: number,
  agencyId: string | null = null,
): Promise<ReportingTask[]> {
  if (agencyId) {
    return rows<ReportingTask>(
      em,
      `with recursive doc as (
         select n.id, n.label, n.text, n.task, n.provenance, array[n.position] as k from plan_node n where n.plan_id = ? and n.parent_id is null
         union all
         select n.id, n.label, n.text, n.task, n.provenance, doc.k || n.position from plan_node n join doc on n.parent_id = doc.id
       )
       select id as "nodeId", label, text from doc
       where provenance <> 'OMITTED' and exists (select 1 from jsonb_array_elements(coalesce(task->'lead', '[]'::jsonb)) l where l->>'agencyId' = ?)
       order by k`,
      [planId, agencyId],
    );
  }
  return rows<ReportingTask>(
    em,
    `with recursive own as (
       select c.id from plan p join plan c on c.unit_id = ? and c.parent_series_id = p.series_id and c.status <> 'REVOKED'
       where p.id = ? order by (c.status = 'ISSUED') desc, c.version_no desc limit 1
     ), src as (select coalesce((select id from own), ?::uuid) as plan_id),
     doc as (
       select n.id, n.label, n.text, n.task, array[n.position] as k from plan_node n join src on n.plan_id = src.plan_id where n.parent_id is null
       union all
       select n.id, n.label, n.text, n.task, doc.k || n.position from plan_node n join doc on n.parent_id = doc.id
     )
     select id as "nodeId", label, text from doc where task is not null order by k`,
    [unitId, planId, planId],
  );
}

/** The status of a plan as the caller sees it (an ancestor's plan once revoked is out of sight: null). */
export async function reportingPlanStatus(em: EntityManager, planId: string): Promise<string | null> {
  return (await rows<{ status: string }>(em, `select status from plan where id = ?`, [planId]))[0]?.status ?? null;
}

/** Issued plans, for the demo data's obligations (seeding only). */
export async function issuedPlanIds(em: EntityManager): Promise<string[]> {
  return (await rows<{ id: string }>(em, `select id from plan where status = 'ISSUED' order by issued_date, created_at`)).map((r) => r.id);
}

/** The issuing unit of a plan (seeding the demo reports). */
export async function issuerOfPlan(em: EntityManager, planId: string): Promise<{ unitId: number; unitPath: string }> {
  return (
    await rows<{ unitId: number; unitPath: string }>(
      em,
      `select unit_id as "unitId", unit_path::text as "unitPath" from plan where id = ?`,
      [planId],
    )
  )[0];
}
