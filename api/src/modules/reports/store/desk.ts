import type { EntityManager } from '@mikro-orm/postgresql';
import type { Principal } from '../../../core/context.js';
import { sqlSubtree, subtreeParams } from '../../../core/access/policy.js';
import { pgArray, rows } from '../../../core/sql.js';
import { sqlPlanInForce } from '../../plans/store/index.js';
import { OBLIGATION_JOIN, OBLIGATION_SELECT, joinParams, obligationParams, type ObligationRow } from './obligations.js';

/*
 * What the desk and the reminders read of the obligations (docs/REPORTS.md, "The desk";
 * docs/NOTIFICATIONS.md): each list one statement, bounded, with its total — whatever the number
 * of units and reports. Kept apart from obligations.ts so that the obligations' own changes
 * (periods) and these readers meet only in OBLIGATION_SELECT.
 */

/**
 * Open: not closed (docs/REPORTS.md, "Obligations"), and nothing submitted or accepted stands on
 * the obligation — no report, a draft, or a report returned to be corrected (a correction being
 * drafted of a submitted report is not open: the submitted version stands).
 */
const OPEN = (o: string) =>
  `${o}.state = 'OPEN' and not exists (select 1 from report s where s.obligation_id = ${o}.id and s.status in ('SUBMITTED','ACCEPTED'))`;

export interface DeskList<T> {
  rows: T[];
  total: number;
}

/** Rows with `total` (count(*) over ()) → the list; `limit` 0 still reads one row for the total. */
function deskList<T>(found: (T & { total: number })[], limit: number): DeskList<T> {
  return { rows: found.slice(0, limit).map(({ total: _t, ...r }) => r as unknown as T), total: found[0]?.total ?? 0 };
}

/**
 * The unit's open obligations due by `dueBy` (overdue ones included), of plans still in force,
 * earliest first. One statement.
 */
export async function openObligationsDue(
  em: EntityManager,
  p: Principal,
  unitId: number,
  dueBy: string,
  limit: number,
): Promise<DeskList<ObligationRow>> {
  const found = await rows<ObligationRow & { total: number }>(
    em,
    `select x.*, count(*) over ()::int as total from (
       select ${OBLIGATION_SELECT}, 1 as depth, u.code
       from report_obligation o join admin_unit u on u.id = o.unit_id ${OBLIGATION_JOIN}
       where o.unit_id = ? and o.agency_id is not distinct from ?::uuid and o.due_date <= ?::date and ${OPEN('o')}
         and ${sqlPlanInForce('o.plan_id')} and ${sqlSubtree('o.unit_path')}) x
     order by x."dueDate", x.code, x.id limit ?`,
    [...obligationParams(p), ...joinParams(p), unitId, p.agencyId ?? null, dueBy, ...subtreeParams(p), Math.max(limit, 1)],
  );
  return deskList(found, limit);
}

/**
 * Reports the units below submitted to `issuerUnitId` (the plan's issuer) and that wait for it to
 * accept or return them — the latest version the caller sees is SUBMITTED — the longest waiting
 * first. One statement.
 */
export async function submittedObligationsOwedTo(
  em: EntityManager,
  p: Principal,
  issuerUnitId: number,
  limit: number,
): Promise<DeskList<ObligationRow>> {
  const found = await rows<ObligationRow & { total: number }>(
    em,
    `select x.*, count(*) over ()::int as total from (
       select ${OBLIGATION_SELECT}, 1 as depth, u.code
       from report_obligation o join admin_unit u on u.id = o.unit_id ${OBLIGATION_JOIN}
       where o.issuer_unit_id = ? and ${sqlSubtree('o.unit_path')}) x
     where x.status = 'SUBMITTED'
     order by x."submittedOn", x."dueDate", x.code, x.id limit ?`,
    [...obligationParams(p), ...joinParams(p), issuerUnitId, ...subtreeParams(p), Math.max(limit, 1)],
  );
  return deskList(found, limit);
}

export interface ObligationToRemind {
  obligationId: string;
  unitId: number;
  planId: string;
  /** The unit the report is owed to (the notice's `fromUnit`). */
  fromUnitId: number;
  dueDate: string;
  /** The agency that owes it, if an agency does: the reminder is its accounts'. */
  agencyId: string | null;
}

/**
 * A batch of the open obligations (of plans in force) due between two days, both included, after
 * the keyset `after` (due date, id): the reminder job reads them all, batch by batch, as the owner.
 */
export function openObligationsDueBetween(
  em: EntityManager,
  from: string,
  to: string,
  after: { dueDate: string; id: string } | null,
  limit: number,
): Promise<ObligationToRemind[]> {
  return rows<ObligationToRemind>(
    em,
    `select o.id as "obligationId", o.unit_id as "unitId", o.plan_id as "planId", o.issuer_unit_id as "fromUnitId", o.due_date::text as "dueDate",
       o.agency_id as "agencyId"
     from report_obligation o
     where o.due_date between ?::date and ?::date and (o.due_date, o.id) > (?::date, ?::uuid)
       and ${OPEN('o')} and ${sqlPlanInForce('o.plan_id')}
     order by o.due_date, o.id limit ?`,
    [from, to, after?.dueDate ?? '-infinity', after?.id ?? '00000000-0000-0000-0000-000000000000', limit],
  );
}

export interface ObligationHeadline {
  id: string;
  kind: string;
  title: string;
  dueDate: string | null;
  unitName: string;
  issuerName: string;
  /** The unit's current report on it (latest version not superseded), if any: where a link leads. */
  reportId: string | null;
}

/** Title, due date and units of obligations, for texts written outside a request (the e-mail job). */
export function obligationHeadlines(em: EntityManager, ids: readonly string[]): Promise<ObligationHeadline[]> {
  if (!ids.length) return Promise.resolve([]);
  return rows<ObligationHeadline>(
    em,
    `select o.id, o.kind, o.title, o.due_date::text as "dueDate", u.name as "unitName", iu.name as "issuerName",
       (select r.id from report r where r.obligation_id = o.id and r.status <> 'SUPERSEDED' order by r.version_no desc limit 1) as "reportId"
     from report_obligation o join admin_unit u on u.id = o.unit_id join admin_unit iu on iu.id = o.issuer_unit_id
     where o.id = any(?::uuid[])`,
    [pgArray([...ids])],
  );
}
