import type { EntityManager } from '@mikro-orm/postgresql';
import { one, rows } from '../../../core/sql.js';

/*
 * The store's statements for the lifecycle (submit, return, issue, revoke, supersede, amend):
 * called only inside a `writePlan` change (write.ts) or by seeding.
 */

export async function setPlanStatus(em: EntityManager, planId: string, status: string, extra: { revokedReason?: string } = {}) {
  await rows(
    em,
    `update plan set status = ?, status_changed_at = now(), version = version + 1, updated_at = now()${extra.revokedReason !== undefined ? ', revoked_reason = ?' : ''}
     where id = ?`,
    extra.revokedReason !== undefined ? [status, extra.revokedReason, planId] : [status, planId],
  );
}

export async function countNodes(em: EntityManager, planId: string): Promise<number> {
  return (await one<{ n: number }>(em, `select count(*)::int n from plan_node where plan_id = ?`, [planId]))?.n ?? 0;
}

export async function hasOpenVersion(em: EntityManager, seriesId: string): Promise<boolean> {
  return !!(await one(em, `select 1 from plan where series_id = ? and status in ('DRAFT','IN_REVIEW')`, [seriesId]));
}

export async function isNumberTaken(em: EntityManager, p: { unitId: number; symbol: string; id: string }, year: number, number: string) {
  return !!(await one(
    em,
    `select 1 from plan where unit_id = ? and symbol = ? and extract(year from issued_date) = ? and number = ? and id <> ?`,
    [p.unitId, p.symbol, year, number, p.id],
  ));
}

/** Raises the unit's sequence to an explicitly given number. */
export async function reserveNumber(em: EntityManager, unitId: number, symbol: string, year: number, n: number): Promise<void> {
  await rows(
    em,
    `insert into plan_number_sequence (unit_id, symbol, year, last_number) values (?, ?, ?, ?)
     on conflict (unit_id, symbol, year) do update set last_number = greatest(plan_number_sequence.last_number, excluded.last_number)`,
    [unitId, symbol, year, n],
  );
}

/** The next number of the unit's sequence (per symbol and year); the row lock makes concurrent issues queue. */
export async function nextNumber(em: EntityManager, unitId: number, symbol: string, year: number): Promise<number> {
  return (await one<{ n: number }>(
    em,
    `insert into plan_number_sequence (unit_id, symbol, year, last_number) values (?, ?, ?, 1)
     on conflict (unit_id, symbol, year) do update set last_number = plan_number_sequence.last_number + 1
     returning last_number as n`,
    [unitId, symbol, year],
  ))!.n;
}

export async function markIssued(
  em: EntityManager,
  planId: string,
  f: { number: string; issuedDate: string; place: string; dateLine: string; signature: unknown; issuedBy: string | null },
): Promise<void> {
  await rows(
    em,
    `update plan set status = 'ISSUED', number = ?, issued_date = ?, place = ?, date_line = ?, signature = ?::jsonb, issued_at = now(), issued_by = ?,
       status_changed_at = now(), version = version + 1, updated_at = now() where id = ?`,
    [f.number, f.issuedDate, f.place, f.dateLine, JSON.stringify(f.signature), f.issuedBy, planId],
  );
}

/** Derivation facts of a version's nodes, carried to the next version by an amendment. */
export async function nodeDerivations(em: EntityManager, planId: string) {
  return rows<{ id: string; derivedFromNodeId: string | null; sourceSnapshot: unknown; provenance: string }>(
    em,
    `select id, derived_from_node_id as "derivedFromNodeId", source_snapshot as "sourceSnapshot", provenance from plan_node where plan_id = ?`,
    [planId],
  );
}
