import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/postgresql';
import { chainOrSubtreeParams, sqlChainOrSubtree } from '../../core/access/policy.js';
import type { Principal } from '../../core/context.js';
import { pgArray, rows } from '../../core/sql.js';
import type { AdminUnitNode } from './admin-unit.types.js';
import { existsOnParams, sqlExistsOn, UNIT_COLUMNS } from './unit-table.js';

/** The unit loaders of a request (core/loaders.ts): the hierarchy's nested fields, batched. */
export function createUnitLoaders(em: EntityManager, principal: Principal | null) {
  const succession = (mine: 'predecessor_id' | 'successor_id', other: 'predecessor_id' | 'successor_id') =>
    new DataLoader<number, { unit: AdminUnitNode; kind: string }[]>(async (ids) => {
      if (!principal) return ids.map(() => []);
      // Only units on the caller's chain: the policy's SQL twin, applied to the whole batch.
      const found = await rows<AdminUnitNode & { forId: number; succKind: string }>(
        em,
        `select ${UNIT_COLUMNS}, s.${mine} as "forId", s.kind as "succKind" from admin_unit_succession s join admin_unit u on u.id = s.${other}
         where s.${mine} = any(?::int[]) and ${sqlChainOrSubtree('u.path')} order by u.code`,
        [pgArray([...ids]), ...chainOrSubtreeParams(principal)],
      );
      return ids.map((id) => found.filter((f) => f.forId === id).map(({ forId: _f, succKind, ...unit }) => ({ unit, kind: succKind })));
    });
  const visibleAt = (path: string) => (principal ? ` and ${sqlChainOrSubtree(path)}` : ' and false');
  const visible = visibleAt('u.path');
  const visibleParams = principal ? chainOrSubtreeParams(principal) : [];
  const validity = (validOn: string) =>
    validOn ? { sql: ` and ${sqlExistsOn('u')}`, params: existsOnParams(validOn) } : { sql: '', params: [] };
  /** Visible children per parent ("parentId|validOn"), for totalCount of children pages and childCount. */
  const childTotals = new DataLoader<string, number>(async (keys) => {
    const groups = new Map<string, number[]>();
    for (const k of keys) {
      const [parentId, validOn] = k.split('|');
      groups.set(validOn, [...(groups.get(validOn) ?? []), Number(parentId)]);
    }
    const found = new Map<string, number>();
    for (const [validOn, parents] of groups) {
      const v = validity(validOn);
      const counts = await rows<{ parentId: number; n: number }>(
        em,
        `select u.parent_id as "parentId", count(*)::int n from admin_unit u where u.parent_id = any(?::int[])${visible}${v.sql} group by u.parent_id`,
        [pgArray(parents), ...visibleParams, ...v.params],
      );
      for (const c of counts) found.set(`${c.parentId}|${validOn}`, c.n);
    }
    return keys.map((k) => found.get(k) ?? 0);
  });
  return {
    /**
     * First pages of `children` for many units at once (a list of units each showing its
     * children): one statement per distinct page size, a window function cutting each parent's page.
     * The same statement counts each parent's visible children (the page's totalCount) and each
     * child's (its childCount, all eras), and gives them to childTotals: a page of children with
     * their counts is one statement. Keys: "parentId|limit|validOn".
     */
    childPages: new DataLoader<string, AdminUnitNode[]>(async (keys) => {
      const groups = new Map<string, number[]>();
      for (const k of keys) {
        const [parentId, limit, validOn] = k.split('|');
        groups.set(`${limit}|${validOn}`, [...(groups.get(`${limit}|${validOn}`) ?? []), Number(parentId)]);
      }
      const found = new Map<string, AdminUnitNode[]>();
      for (const [group, parents] of groups) {
        const [limit, validOn] = group.split('|');
        const v = validity(validOn);
        const page = await rows<AdminUnitNode & { rn: number; siblings: number; childCount: number }>(
          em,
          `select x.*, (select count(*)::int from admin_unit c where c.parent_id = x.id${visibleAt('c.path')}) as "childCount"
           from (select ${UNIT_COLUMNS}, row_number() over (partition by u.parent_id order by u.code, u.id) as rn,
               count(*) over (partition by u.parent_id)::int as siblings
             from admin_unit u where u.parent_id = any(?::int[])${visible}${v.sql}) x
           where x.rn <= ? order by x."parentId", x.rn`,
          [...visibleParams, pgArray(parents), ...visibleParams, ...v.params, Number(limit)],
        );
        const totals = new Map(parents.map((p) => [p, 0]));
        for (const { rn: _rn, siblings, childCount, ...u } of page) {
          found.set(`${u.parentId}|${group}`, [...(found.get(`${u.parentId}|${group}`) ?? []), u]);
          totals.set(u.parentId!, siblings);
          childTotals.prime(`${u.id}|`, childCount);
        }
        for (const [p, n] of totals) childTotals.prime(`${p}|${validOn}`, n);
      }
      return keys.map((k) => found.get(k) ?? []);
    }),
    childTotals,
    /** Ancestors from the root down, by unit path; always visible to whoever sees the unit. */
    ancestorsByPath: new DataLoader<string, AdminUnitNode[]>(async (paths) => {
      const found = await rows<AdminUnitNode & { forPath: string }>(
        em,
        `select ${UNIT_COLUMNS}, q.p as "forPath" from unnest(?::text[]) as q(p) join admin_unit u on u.path @> q.p::ltree and u.path <> q.p::ltree
         order by q.p, nlevel(u.path)`,
        [pgArray([...paths])],
      );
      return paths.map((p) => found.filter((f) => f.forPath === p).map(({ forPath: _p, ...unit }) => unit));
    }),
    successors: succession('predecessor_id', 'successor_id'),
    predecessors: succession('successor_id', 'predecessor_id'),
    unitById: new DataLoader<number, AdminUnitNode | undefined>(async (ids) => {
      const found = await rows<AdminUnitNode>(em, `select ${UNIT_COLUMNS} from admin_unit u where u.id = any(?::int[])`, [
        pgArray([...ids]),
      ]);
      const byId = new Map(found.map((u) => [u.id, u]));
      return ids.map((id) => byId.get(id));
    }),
  };
}

declare module '../../core/loaders.js' {
  interface Loaders extends ReturnType<typeof createUnitLoaders> {}
}
