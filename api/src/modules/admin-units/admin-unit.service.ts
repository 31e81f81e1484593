import type { EntityManager } from '@mikro-orm/postgresql';
import type { AuthedCtx, Principal } from '../../core/context.js';
import { chainOrSubtreeParams, sqlChainOrSubtree } from '../../core/access/policy.js';
import { badInput, notFound } from '../../core/errors.js';
import { afterClause, encodeCursor, keysetPage, pageSize, type Page } from '../../core/graphql/pagination.js';
import { one, rows } from '../../core/sql.js';
import { cleanText, likePattern, parseDate } from '../../core/text.js';
import type { UnitLevel } from './admin-unit.types.js';
import type { AdminUnitNode } from './admin-unit.types.js';
import { existsOnParams, readUnit, sqlExistsOn, UNIT_COLUMNS } from './unit-table.js';

export interface UnitListFilter {
  level?: UnitLevel;
  parentId?: number;
  ancestorId?: number;
  search?: string;
  validOn?: string;
}

/** Unit ids follow the one id rule of core/ids.ts (re-exported: the modules import it from here). */
export { parseUnitId } from '../../core/ids.js';

/** Builds the WHERE clause for unit lists; visibility is always the first condition. */
async function whereFor(ctx: AuthedCtx, f: UnitListFilter): Promise<{ sql: string; params: unknown[] }> {
  const parts = [sqlChainOrSubtree('u.path')];
  const params: unknown[] = [...chainOrSubtreeParams(ctx.principal)];
  if (f.level) {
    parts.push('u.level = ?');
    params.push(f.level);
  }
  if (f.parentId !== undefined) {
    parts.push('u.parent_id = ?');
    params.push(f.parentId);
  }
  if (f.ancestorId !== undefined) {
    const anc = await findVisibleUnit(ctx, f.ancestorId);
    parts.push('u.path <@ ?::ltree and u.id <> ?');
    params.push(anc.path, anc.id);
  }
  if (f.search) {
    parts.push('u.search_key like ?');
    params.push(likePattern(cleanText(f.search, 'search', { max: 100 })));
  }
  if (f.validOn) {
    parts.push(sqlExistsOn('u'));
    params.push(...existsOnParams(parseDate(f.validOn, 'validOn')));
  }
  return { sql: parts.join(' and '), params };
}

export async function listUnits(
  ctx: AuthedCtx,
  filter: UnitListFilter,
  args: { first?: number; after?: string },
): Promise<Page<AdminUnitNode>> {
  const where = await whereFor(ctx, filter);
  return keysetPage(
    args,
    2,
    (after, limit) => {
      const a = afterClause(['u.code', 'u.id'], after);
      return rows<AdminUnitNode>(
        ctx.em,
        `select ${UNIT_COLUMNS} from admin_unit u where ${where.sql} and ${a.sql} order by u.code, u.id limit ?`,
        [...where.params, ...a.params, limit],
      );
    },
    (u) => [u.code, u.id],
    async () => Number((await one<{ n: string }>(ctx.em, `select count(*) n from admin_unit u where ${where.sql}`, where.params))?.n ?? 0),
  );
}

/**
 * Children of a unit. First pages go through a loader so that a list of units each showing its
 * children costs one statement, not one per unit; later pages use the keyset query.
 */
export async function childrenPage(
  ctx: AuthedCtx,
  unit: AdminUnitNode,
  args: { first?: number; after?: string; validOn?: string },
): Promise<Page<AdminUnitNode>> {
  if (args.after) return listUnits(ctx, { parentId: unit.id, validOn: args.validOn }, args);
  const size = pageSize(args.first);
  const validOn = args.validOn ? parseDate(args.validOn, 'validOn') : '';
  const fetched = size === 0 ? [] : await ctx.loaders.childPages.load(`${unit.id}|${size + 1}|${validOn}`);
  const nodes = fetched.slice(0, size);
  return {
    nodes,
    cursors: nodes.map((u) => encodeCursor([u.code, u.id])),
    hasNextPage: fetched.length > size,
    totalCount: () => ctx.loaders.childTotals.load(`${unit.id}|${validOn}`),
  };
}

/** The unit if the principal may see it, else NOT_FOUND (invisible and absent look the same). */
export async function findVisibleUnit(ctx: AuthedCtx, id: number): Promise<AdminUnitNode> {
  return visibleUnitOr404(ctx.principal, await ctx.loaders.unitById.load(id));
}

/** findVisibleUnit read through `em` — a write's own transaction — rather than the request's loaders. */
export async function findVisibleUnitIn(em: EntityManager, principal: Principal, id: number): Promise<AdminUnitNode> {
  return visibleUnitOr404(principal, await readUnit(em, id));
}

function visibleUnitOr404(principal: Principal, unit: AdminUnitNode | undefined): AdminUnitNode {
  if (!unit) throw notFound('Unit');
  const me = principal.unitPath;
  const visible = unit.path === me || me.startsWith(`${unit.path}.`) || unit.path.startsWith(`${me}.`);
  if (!visible) throw notFound('Unit');
  return unit;
}

export async function findUnitByCode(ctx: AuthedCtx, code: string, on: string | undefined): Promise<AdminUnitNode> {
  const clean = cleanText(code, 'code', { max: 10 });
  if (!/^\d{2,5}$|^[A-Z]{2,10}$/.test(clean)) throw badInput('code is not an administrative unit code', 'code');
  const params: unknown[] = [clean];
  let dateSql: string;
  if (on) {
    dateSql = `and ${sqlExistsOn('u')}`;
    params.push(...existsOnParams(parseDate(on, 'on')));
  } else {
    dateSql = 'and u.valid_to is null';
  }
  const unit = await one<AdminUnitNode>(
    ctx.em,
    `select ${UNIT_COLUMNS} from admin_unit u where u.code = ? ${dateSql} and ${sqlChainOrSubtree('u.path')} order by u.valid_from desc nulls last limit 1`,
    [...params, ...chainOrSubtreeParams(ctx.principal)],
  );
  if (!unit) throw notFound('Unit');
  return unit;
}
