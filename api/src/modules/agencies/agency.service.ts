import crypto from 'node:crypto';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { AuthedCtx } from '../../core/context.js';
import { canAdministerUnit, canReadAgenciesOf, requireHumanAdmin } from '../../core/access/policy.js';
import { badInput, conflict, forbidden, notFound } from '../../core/errors.js';
import { afterClause, encodeCursor, keysetPage, pageSize, type Page } from '../../core/graphql/pagination.js';
import { idempotent } from '../../core/idempotency.js';
import { parseUuid } from '../../core/ids.js';
import { one, rows } from '../../core/sql.js';
import { cleanText, likePattern } from '../../core/text.js';
import { findVisibleUnit, parseUnitId } from '../admin-units/admin-unit.service.js';
import { recordAudit } from '../audit/audit.service.js';
import type { AdminUnitNode } from '../admin-units/admin-unit.types.js';
import type { AgencyNode } from './agency.types.js';
import { isSector } from './sectors.js';
import { syncAgencyObligations } from '../reports/store/index.js';

export const AGENCY_COLUMNS = `g.id, g.name, g.sector, g.disabled_at is not null as disabled, g.version, g.unit_id as "unitId"`;

/** Is `agencyId` an enabled agency of the unit? (an account working for it: docs/REPORTS.md, "Agencies") */
export async function isEnabledAgencyOf(em: EntityManager, agencyId: string, unitId: number): Promise<boolean> {
  return !!(await one(em, `select 1 from agency where id = ?::uuid and unit_id = ? and disabled_at is null`, [agencyId, unitId]));
}

export async function listAgencies(
  ctx: AuthedCtx,
  unitId: number,
  args: { sector?: string; search?: string; includeDisabled?: boolean; first?: number; after?: string },
) {
  const unit = await findVisibleUnit(ctx, unitId);
  if (!canReadAgenciesOf(ctx.principal, unit.path)) throw notFound('Unit');
  const where = ['g.unit_id = ?'];
  const params: unknown[] = [unit.id];
  if (!args.includeDisabled) where.push('g.disabled_at is null');
  if (args.sector) {
    if (!isSector(args.sector)) throw badInput('unknown sector', 'sector');
    where.push('g.sector = ?');
    params.push(args.sector);
  }
  if (args.search) {
    where.push('g.search_key like ?');
    params.push(likePattern(cleanText(args.search, 'search', { max: 100 })));
  }
  const whereSql = where.join(' and ');
  return keysetPage(
    args,
    2,
    (after, limit) => {
      const a = afterClause(['g.search_key', 'g.id::text'], after);
      return rows<AgencyNode & { searchKey: string }>(
        ctx.em,
        `select ${AGENCY_COLUMNS}, g.search_key as "searchKey" from agency g where ${whereSql} and ${a.sql} order by g.search_key, g.id::text limit ?`,
        [...params, ...a.params, limit],
      );
    },
    (g) => [g.searchKey, g.id],
    async () => Number((await one<{ n: string }>(ctx.em, `select count(*) n from agency g where ${whereSql}`, params))?.n ?? 0),
  );
}

/**
 * Two concurrent writes can both pass the duplicate check above them; the unique index then
 * refuses the second, which is the same client mistake, not an internal error.
 */
function duplicateName(e: unknown): never {
  throw e instanceof UniqueConstraintViolationException ? badInput('this unit already has an agency with that name', 'name') : e;
}

/**
 * Agencies of a unit shown inside a list of units: first pages without filters go through a loader,
 * so the list costs one statement for all its units; anything else uses listAgencies.
 */
export async function unitAgenciesPage(
  ctx: AuthedCtx,
  unit: AdminUnitNode,
  args: { sector?: string; search?: string; includeDisabled?: boolean; first?: number; after?: string },
): Promise<Page<AgencyNode>> {
  if (args.after || args.sector || args.search) return listAgencies(ctx, unit.id, args);
  // Units reached through a list are already visible; agencies follow the unit's visibility (chain).
  if (!canReadAgenciesOf(ctx.principal, unit.path)) throw notFound('Unit');
  const size = pageSize(args.first);
  const disabled = args.includeDisabled ? '1' : '0';
  const fetched = size === 0 ? [] : await ctx.loaders.agencyPages.load(`${unit.id}|${size + 1}|${disabled}`);
  const nodes = fetched.slice(0, size);
  return {
    nodes,
    cursors: nodes.map((g) => encodeCursor([g.searchKey, g.id])),
    hasNextPage: fetched.length > size,
    totalCount: () => ctx.loaders.agencyTotals.load(`${unit.id}|${disabled}`),
  };
}

export async function createAgency(
  ctx: AuthedCtx,
  input: { unitId: string; name: string; sector: string; idempotencyKey?: string | null },
): Promise<AgencyNode> {
  // Visibility first: a unit off the caller's chain is NOT_FOUND whatever the role (docs/DESIGN.md §6).
  const unit = await findVisibleUnit(ctx, parseUnitId(input.unitId, 'unitId'));
  requireHumanAdmin(ctx);
  if (!canAdministerUnit(ctx.principal, unit.path)) throw forbidden('Administrators manage agencies of their unit and the units below');
  const name = cleanText(input.name, 'name', { max: 300 });
  if (!isSector(input.sector)) throw badInput('unknown sector', 'sector');
  const id = crypto.randomUUID();
  return ctx.em.transactional((em) =>
    idempotent(
      ctx,
      em,
      { operation: 'createAgency', key: input.idempotencyKey, request: input },
      {
        run: async () => {
          const dup = await one(em, `select 1 from agency where unit_id = ? and search_key = kh_search_key(?)`, [unit.id, name]);
          if (dup) throw badInput('this unit already has an agency with that name', 'name');
          await rows(em, `insert into agency (id, unit_id, province_id, name, sector) values (?, ?, ?, ?, ?)`, [
            id,
            unit.id,
            unit.provinceId,
            name,
            input.sector,
          ]).catch(duplicateName);
          const created = (await one<AgencyNode>(em, `select ${AGENCY_COLUMNS} from agency g where g.id = ?::uuid`, [id]))!;
          await recordAudit(ctx, em, {
            unitId: unit.id,
            provinceId: unit.provinceId,
            entityType: 'Agency',
            entityId: id,
            action: 'CREATE',
            after: { name, sector: input.sector },
          });
          return created;
        },
        ref: (agency) => ({ agencyId: agency.id }),
        // The unit was checked above for this request too; the agency is re-read as it is now.
        replay: async (ref) => {
          const agency = await one<AgencyNode>(em, `select ${AGENCY_COLUMNS} from agency g where g.id = ?::uuid`, [ref.agencyId]);
          if (!agency) throw notFound('Agency');
          return agency;
        },
      },
    ),
  );
}

export async function updateAgency(
  ctx: AuthedCtx,
  input: { id: string; version: number; name?: string; sector?: string; disabled?: boolean },
): Promise<AgencyNode> {
  const id = parseUuid(input.id, 'id');
  const before = await one<AgencyNode & { unitPath: string; provinceId: number | null }>(
    ctx.em,
    `select ${AGENCY_COLUMNS}, u.path::text as "unitPath", g.province_id as "provinceId" from agency g join admin_unit u on u.id = g.unit_id where g.id = ?::uuid`,
    [id],
  );
  if (!before || !canReadAgenciesOf(ctx.principal, before.unitPath)) throw notFound('Agency');
  requireHumanAdmin(ctx);
  if (!canAdministerUnit(ctx.principal, before.unitPath))
    throw forbidden('Administrators manage agencies of their unit and the units below');
  const name = input.name !== undefined ? cleanText(input.name, 'name', { max: 300 }) : before.name;
  const sector = input.sector ?? before.sector;
  if (!isSector(sector)) throw badInput('unknown sector', 'sector');
  return ctx.em.transactional(async (em) => {
    const dup = await one(em, `select 1 from agency where unit_id = ? and search_key = kh_search_key(?) and id <> ?::uuid`, [
      before.unitId,
      name,
      before.id,
    ]);
    if (dup) throw badInput('this unit already has an agency with that name', 'name');
    const updated = await rows(
      em,
      `update agency set name = ?, sector = ?,
         disabled_at = case when ?::boolean is null then disabled_at when ?::boolean then coalesce(disabled_at, now()) else null end,
         version = version + 1, updated_at = now()
       where id = ?::uuid and version = ? returning id`,
      [name, sector, input.disabled ?? null, input.disabled ?? null, before.id, input.version],
    ).catch(duplicateName);
    const current = (await one<AgencyNode>(em, `select ${AGENCY_COLUMNS} from agency g where g.id = ?::uuid`, [before.id]))!;
    if (updated.length === 0) throw conflict('The agency was changed by someone else', { ...current });
    // Disabled, it owes nothing from today on; enabled again, what falls due from today on (docs/REPORTS.md, "Agencies").
    if (current.disabled !== before.disabled) await syncAgencyObligations(em, before.id);
    await recordAudit(ctx, em, {
      unitId: before.unitId,
      provinceId: before.provinceId,
      entityType: 'Agency',
      entityId: before.id,
      action: 'UPDATE',
      before: { name: before.name, sector: before.sector, disabled: before.disabled },
      after: { name: current.name, sector: current.sector, disabled: current.disabled },
    });
    return current;
  });
}
