import type { EntityManager } from '@mikro-orm/postgresql';
import type { Principal } from '../../../core/context.js';
import { planVisibleParams, sqlPlanVisible, sqlPublished } from '../../../core/access/policy.js';
import { rows } from '../../../core/sql.js';
import { sqlDateWithinExistenceOf, sqlExistsOn } from '../../admin-units/unit-table.js';
import type { PlanRow } from '../plan.types.js';
import { PLAN_COLUMNS, normalisePlanRow } from './reads.js';

/*
 * What the desk (`myWork`, modules/work) reads of the plans: each list one statement, bounded by
 * `limit`, with its total (count(*) over ()), whatever the number of plans and units. A limit of 0
 * still reads one row, for the total.
 */

export interface PlanDeskList<T> {
  rows: T[];
  total: number;
}

function deskList<T extends PlanRow>(found: (T & { total: number })[], limit: number): PlanDeskList<T> {
  return {
    rows: found.slice(0, limit).map(({ total: _t, ...r }) => normalisePlanRow(r as unknown as T) as T),
    total: found[0]?.total ?? 0,
  };
}

/**
 * A predicate for statements of other stores (the reports' desk and reminders): the plan of
 * `planIdColumn` is in force — issued, or superseded by an amendment — and in the caller's sight.
 */
export function sqlPlanInForce(planIdColumn: string): string {
  return `exists (select 1 from plan pf where pf.id = ${planIdColumn} and ${sqlPublished('pf.status')})`;
}

/**
 * Plans the unit is to derive its own from: issued by its direct superior on a day the unit
 * existed (taken within the superior's existence, as the cascade expects its units: docs/REPORTS.md,
 * "Obligations"), and from whose series the unit has no plan yet (a revoked one does not count).
 * Newest first.
 */
export async function plansToDerive(em: EntityManager, p: Principal, unitId: number, limit: number): Promise<PlanDeskList<PlanRow>> {
  const found = await rows<PlanRow & { total: number }>(
    em,
    `select x.*, count(*) over ()::int as total from (
       select ${PLAN_COLUMNS} from admin_unit me
       join plan p on p.unit_id = me.parent_id
       join admin_unit pu on pu.id = p.unit_id
       where me.id = ? and p.status = 'ISSUED' and ${sqlPlanVisible('p')}
         and ${sqlExistsOn('me', sqlDateWithinExistenceOf('pu', 'p.issued_date'))}
         and not exists (select 1 from plan c where c.unit_id = me.id and c.parent_series_id = p.series_id and c.status <> 'REVOKED')) x
     order by x."issuedDate" desc, x.id limit ?`,
    [unitId, ...planVisibleParams(p), Math.max(limit, 1)],
  );
  return deskList(found, limit);
}

/** The unit's drafts submitted for review (IN_REVIEW), waiting for its approver; longest waiting first. */
export async function plansInReview(em: EntityManager, p: Principal, unitId: number, limit: number): Promise<PlanDeskList<PlanRow>> {
  const found = await rows<PlanRow & { total: number }>(
    em,
    `select ${PLAN_COLUMNS}, count(*) over ()::int as total from plan p
     where p.unit_id = ? and p.status = 'IN_REVIEW' and ${sqlPlanVisible('p')}
     order by p.status_changed_at, p.id limit ?`,
    [unitId, ...planVisibleParams(p), Math.max(limit, 1)],
  );
  return deskList(found, limit);
}

export interface PlanBehind extends PlanRow {
  /** Upstream changes not yet taken or declined (plan_rollup.upstream_pending, kept on write). */
  pendingChanges: number;
  /** The latest issued version of the parent's series: the amendment the changes come from. */
  amendmentId: string | null;
}

/**
 * The unit's plans whose parent has since been amended (the parent is SUPERSEDED) with changes
 * still to take or decline (docs/ARCHITECTURE.md, "Derivation and the cascade"; the counts are the
 * roll-up's, computed by plans/store/upstream-state.ts). A draft, a plan in review, or an issued
 * plan not already being amended (its amendment is then the one listed). Most recently changed first.
 */
export async function plansBehindUpstream(
  em: EntityManager,
  p: Principal,
  unitId: number,
  limit: number,
): Promise<PlanDeskList<PlanBehind>> {
  const found = await rows<PlanBehind & { total: number }>(
    em,
    `select ${PLAN_COLUMNS}, r.upstream_pending as "pendingChanges",
       (select l.id from plan l where l.series_id = par.series_id and l.status = 'ISSUED' order by l.version_no desc limit 1) as "amendmentId",
       count(*) over ()::int as total
     from plan p join plan_rollup r on r.plan_id = p.id join plan par on par.id = p.parent_plan_id
     where p.unit_id = ? and p.status in ('DRAFT','IN_REVIEW','ISSUED') and par.status = 'SUPERSEDED' and r.upstream_pending > 0
       and not (p.status = 'ISSUED' and exists (select 1 from plan o where o.series_id = p.series_id and o.status in ('DRAFT','IN_REVIEW')))
       and ${sqlPlanVisible('p')}
     order by p.updated_at desc, p.id limit ?`,
    [unitId, ...planVisibleParams(p), Math.max(limit, 1)],
  );
  return deskList(found, limit);
}
