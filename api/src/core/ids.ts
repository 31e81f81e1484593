import { badInput } from './errors.js';

/*
 * The one rule for ids that arrive from clients (docs/ACCESS.md, "Ids"):
 *  - an id of the wrong shape cannot name any row: it is the caller's mistake, BAD_USER_INPUT
 *    naming the input field (never an internal error from a uuid or integer cast in SQL);
 *  - a well-formed id that names nothing the caller may see is NOT_FOUND, with the same message
 *    whether the row exists out of sight or does not exist at all (the services decide that).
 * The shape says nothing about existence, so answering it differently leaks nothing.
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Plans, nodes, targets, phases, milestones, agencies, users, API keys: lower-case uuid text. */
export function parseUuid(value: string, field: string): string {
  if (typeof value !== 'string' || !UUID.test(value)) throw badInput(`${field} is not a valid id`, field);
  return value.toLowerCase();
}

export function parseOptionalUuid(value: string | null | undefined, field: string): string | null {
  return value === null || value === undefined || value === '' ? null : parseUuid(value, field);
}

/** Administrative units: PostgreSQL integers written in decimal digits. */
export function parseUnitId(id: string | number, field = 'id'): number {
  // Decimal digits only: Number() would also read "0x10", "1e3" or " 12 " as ids.
  const n = typeof id === 'number' ? id : /^[0-9]+$/.test(id) ? Number(id) : NaN;
  // Ids are PostgreSQL integers: a larger number would fail in SQL as an internal error.
  if (!Number.isSafeInteger(n) || n <= 0 || n > 2_147_483_647) throw badInput(`${field} is not a unit id`, field);
  return n;
}
