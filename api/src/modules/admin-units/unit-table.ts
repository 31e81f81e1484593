import type { EntityManager } from '@mikro-orm/postgresql';
import { isOnChain, sqlSubtree, subtreeParams } from '../../core/access/policy.js';
import type { Principal } from '../../core/context.js';
import { AppError, ErrorCode, Reason } from '../../core/errors.js';
import { one, rows } from '../../core/sql.js';
import type { AdminUnitNode } from './admin-unit.types.js';

/*
 * The one owner of the unit tables (`admin_unit`, `admin_unit_succession`; docs/ARCHITECTURE.md,
 * "Administrative units"). Every question about a unit that is not a plain read of the hierarchy
 * — does it exist on a date, who succeeded it, who was below it then, is it below another, what
 * is its username key — is answered here, once, and derivation, issuing, the cascade, import and
 * accounts ask it.
 *
 * Validity: a unit exists from `valid_from` (null: since before the data begins) to `valid_to`
 * (its last day, inclusive; null: it still exists). The pre-2025 three-level tree ends on
 * 30/06/2025, the post-2025 tree begins on 01/07/2025, and `admin_unit_succession` links each
 * dissolved unit to the units that took it over (FULL or PARTIAL).
 */

export const UNIT_COLUMNS = `u.id, u.code, u.name, u.kind, u.level, u.parent_id as "parentId", u.province_id as "provinceId",
  u.path::text as path, u.valid_from as "validFrom", u.valid_to as "validTo"`;

export type UnitValidity = Pick<AdminUnitNode, 'validFrom' | 'validTo'>;

/**
 * SQL: the unit `alias` exists on a date — by default the parameter given twice by existsOnParams,
 * or a date expression of the statement (then no parameters).
 */
export function sqlExistsOn(alias = 'u', date = '?::date'): string {
  return `(${alias}.valid_from is null or ${alias}.valid_from <= ${date}) and (${alias}.valid_to is null or ${alias}.valid_to >= ${date})`;
}
export const existsOnParams = (date: string) => [date, date];

/** Does the unit exist on this date (YYYY-MM-DD)? */
export function existsOn(unit: UnitValidity, date: string): boolean {
  return (unit.validFrom === null || unit.validFrom <= date) && (unit.validTo === null || unit.validTo >= date);
}

/**
 * The date on which to look at a unit's subordinates for something dated `date`: the date itself
 * while the unit exists, else the nearest day of its existence — a plan of Thành phố Lào Cai dated
 * after 30/06/2025 is followed by the wards and communes it had on its last day, not by none.
 */
export function dateWithinExistence(unit: UnitValidity, date: string): string {
  if (unit.validTo !== null && date > unit.validTo) return unit.validTo;
  if (unit.validFrom !== null && date < unit.validFrom) return unit.validFrom;
  return date;
}

/** SQL twin of dateWithinExistence: a date expression for the unit and date of dateWithinExistenceParams. */
export function sqlDateWithinExistence(): string {
  return `(select ${sqlDateWithinExistenceOf('x', '?::date')} from admin_unit x where x.id = ?)`;
}
export const dateWithinExistenceParams = (unitId: number, date: string) => [date, date, date, unitId];

/**
 * SQL twin of dateWithinExistence over a unit row of the statement (`alias`) and a date expression,
 * for set-based statements over many units (report obligations of many plans at once).
 */
export function sqlDateWithinExistenceOf(alias: string, date: string): string {
  return `(case when ${alias}.valid_to < ${date} then ${alias}.valid_to when ${alias}.valid_from > ${date} then ${alias}.valid_from else ${date} end)`;
}

/** One unit by id, read in the caller's transaction (no request loader: writes read what they lock beside). */
export async function readUnit(em: EntityManager, id: number): Promise<AdminUnitNode | undefined> {
  return one<AdminUnitNode>(em, `select ${UNIT_COLUMNS} from admin_unit u where u.id = ?`, [id]);
}

export interface Successor {
  /** Null when the successor is out of the caller's sight (docs/ACCESS.md: no id the API then denies). */
  id: string | null;
  code: string;
  name: string;
  /** FULL: the whole unit went there; PARTIAL: part of it. */
  kind: 'FULL' | 'PARTIAL';
}

/** The units that took over a dissolved unit, by code; ids only of those the principal may see. */
export async function successorsOf(em: EntityManager, unitId: number, principal: Principal): Promise<Successor[]> {
  const found = await rows<{ id: number; code: string; name: string; path: string; kind: 'FULL' | 'PARTIAL' }>(
    em,
    `select u.id, u.code, u.name, u.path::text as path, s.kind from admin_unit_succession s join admin_unit u on u.id = s.successor_id
     where s.predecessor_id = ? order by u.code, u.id`,
    [unitId],
  );
  return found.map((s) => ({ id: isOnChain(principal, s.path) ? String(s.id) : null, code: s.code, name: s.name, kind: s.kind }));
}

const dmy = (iso: string) => iso.split('-').reverse().join('/');

type ActingUnit = Pick<AdminUnitNode, 'id' | 'name'> & UnitValidity;

/**
 * Refuses an act of a unit dated after its last day (deriving from a plan issued after it was
 * dissolved): INVALID_STATE with reason UNIT_DISSOLVED, the successor units (who acts now) and
 * the dates as extensions, and a readable message.
 */
export async function requireNotDissolvedBy(
  em: EntityManager,
  principal: Principal,
  unit: ActingUnit,
  date: string,
  act: string,
): Promise<void> {
  if (unit.validTo === null || date <= unit.validTo) return;
  const successors = await successorsOf(em, unit.id, principal);
  const names = successors.map((s) => s.name).join(', ');
  throw new AppError(
    ErrorCode.INVALID_STATE,
    `${unit.name} ceased to exist on ${dmy(unit.validTo)} and cannot ${act} on ${dmy(date)}` + (names ? `; its successors: ${names}` : ''),
    {
      reason: Reason.UNIT_DISSOLVED,
      unit: { id: String(unit.id), name: unit.name },
      date,
      validFrom: unit.validFrom,
      validTo: unit.validTo,
      successors,
    },
  );
}

/**
 * Refuses an act of a unit on a date it did not exist (issuing a plan dated then): UNIT_DISSOLVED
 * as above, or UNIT_NOT_YET_ESTABLISHED before its first day.
 */
export async function requireExistsOn(em: EntityManager, principal: Principal, unit: ActingUnit, date: string, act: string): Promise<void> {
  await requireNotDissolvedBy(em, principal, unit, date, act);
  if (unit.validFrom === null || date >= unit.validFrom) return;
  throw new AppError(ErrorCode.INVALID_STATE, `${unit.name} was established on ${dmy(unit.validFrom)} and cannot ${act} on ${dmy(date)}`, {
    reason: Reason.UNIT_NOT_YET_ESTABLISHED,
    unit: { id: String(unit.id), name: unit.name },
    date,
    validFrom: unit.validFrom,
    validTo: unit.validTo,
    successors: [],
  });
}

/** Is `unitId` strictly below the unit at `ancestor` (any depth)? */
export async function isStrictlyBelow(em: EntityManager, unitId: number, ancestor: { id: number; path: string }): Promise<boolean> {
  return !!(await one(em, `select 1 from admin_unit where id = ? and path <@ ?::ltree and id <> ?`, [unitId, ancestor.path, ancestor.id]));
}

/** The direct children of a unit, all eras (an imported plan's allocations name them). */
export async function childUnits(em: EntityManager, unitId: number): Promise<{ id: number; name: string; kind: string }[]> {
  return rows(em, `select id, name, kind from admin_unit where parent_id = ?`, [unitId]);
}

/**
 * The username keys of the units on the chain from `unitPath` up to the principal's unit, the
 * unit itself first (docs/ACCESS.md, "Usernames"): the official code in lower case, and for a
 * pre-2025 unit whose code the reform gave to a later unit, the year it ended ("33-2025.").
 */
export async function usernameKeys(em: EntityManager, unitPath: string, principal: Principal): Promise<string[]> {
  const found = await rows<{ prefix: string }>(
    em,
    `select lower(u.code)
       || case when exists (select 1 from admin_unit v where v.code = u.code
                              and coalesce(v.valid_from, '-infinity'::date) > coalesce(u.valid_from, '-infinity'::date))
               then '-' || coalesce(extract(year from u.valid_to)::int::text, 'old') else '' end
       || '.' as prefix
     from admin_unit u where u.path @> ?::ltree and ${sqlSubtree('u.path')} order by nlevel(u.path) desc`,
    [unitPath, ...subtreeParams(principal)],
  );
  return found.map((r) => r.prefix);
}

/** The direct children of a unit that exist on `date` (the units a plan issued that day is for). */
export async function childUnitsOn(em: EntityManager, unitId: number, date: string): Promise<number[]> {
  const found = await rows<{ id: number }>(em, `select u.id from admin_unit u where u.parent_id = ? and ${sqlExistsOn('u')}`, [
    unitId,
    ...existsOnParams(date),
  ]);
  return found.map((r) => r.id);
}

/**
 * Records that a unit ceased to exist after `lastDay` and which units took it over (FULL or
 * PARTIAL). The unit hierarchy is reference data written by the owner only — the serving role
 * writes no unit table (migration 0008) — so this runs in the owner's transactions: loading the
 * unit lists (api/src/seed/admin-units.seed.ts) or `dissolveUnit` (admin-units/dissolution.ts),
 * which adjusts what the units owe in the same transaction. Returns the unit and its successors.
 */
export async function recordDissolution(
  em: EntityManager,
  d: { unitId: number; lastDay: string; successors: { unitId: number; kind: 'FULL' | 'PARTIAL' }[] },
): Promise<number[]> {
  await rows(em, `update admin_unit set valid_to = ?::date where id = ?`, [d.lastDay, d.unitId]);
  if (d.successors.length) {
    await rows(
      em,
      `insert into admin_unit_succession (predecessor_id, successor_id, kind)
       select ?, s, k from jsonb_to_recordset(?::jsonb) as x(s int, k text)
       on conflict (predecessor_id, successor_id) do update set kind = excluded.kind`,
      [d.unitId, JSON.stringify(d.successors.map((s) => ({ s: s.unitId, k: s.kind })))],
    );
  }
  return [d.unitId, ...d.successors.map((s) => s.unitId)];
}
