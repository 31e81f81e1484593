import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/postgresql';
import { UNIT_COLUMNS } from '../modules/admin-units/admin-unit.service.js';
import { existsOnParams, sqlExistsOn } from '../modules/admin-units/unit-table.js';
import type { AdminUnitNode } from '../modules/admin-units/admin-unit.types.js';
import { AGENCY_COLUMNS } from '../modules/agencies/agency.service.js';
import type { AgencyNode } from '../modules/agencies/agency.types.js';
import { loadLegalBases, loadMilestones, loadNodes, loadPhases, loadPlanRows, loadTargets } from '../modules/plans/store/reads.js';
import type { PlanNode } from '../modules/plans/plan.types.js';
import { pgArray, rows } from './sql.js';
import { chainOrSubtreeParams, sqlChainOrSubtree } from './access/policy.js';
import type { Principal } from './context.js';

/**
 * Request-scoped batch loaders: nested fields (a unit's parent, a plan's unit…) are resolved
 * in one query per field per request, never one per row. Loaders do not check access: callers
 * only load ids reached through rows that already passed the policy.
 */
export function createLoaders(em: EntityManager, principal: Principal | null = null) {
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
  const visible = principal ? ` and ${sqlChainOrSubtree('u.path')}` : ' and false';
  const visibleParams = principal ? chainOrSubtreeParams(principal) : [];
  const validity = (validOn: string) =>
    validOn ? { sql: ` and ${sqlExistsOn('u')}`, params: existsOnParams(validOn) } : { sql: '', params: [] };
  return {
    /**
     * First pages of `children` for many units at once (a list of units each showing its
     * children): one statement per distinct page size, a window function cutting each parent's page.
     * Keys: "parentId|limit|validOn".
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
        const page = await rows<AdminUnitNode & { rn: number }>(
          em,
          `select * from (select ${UNIT_COLUMNS}, row_number() over (partition by u.parent_id order by u.code, u.id) as rn
             from admin_unit u where u.parent_id = any(?::int[])${visible}${v.sql}) x where x.rn <= ? order by x."parentId", x.rn`,
          [pgArray(parents), ...visibleParams, ...v.params, Number(limit)],
        );
        for (const { rn: _rn, ...u } of page) found.set(`${u.parentId}|${group}`, [...(found.get(`${u.parentId}|${group}`) ?? []), u]);
      }
      return keys.map((k) => found.get(k) ?? []);
    }),
    /** First pages of agencies for many units at once ("unitId|limit|includeDisabled 0/1"), by name. */
    agencyPages: new DataLoader<string, (AgencyNode & { searchKey: string })[]>(async (keys) => {
      const groups = new Map<string, number[]>();
      for (const k of keys) {
        const [unitId, limit, disabled] = k.split('|');
        groups.set(`${limit}|${disabled}`, [...(groups.get(`${limit}|${disabled}`) ?? []), Number(unitId)]);
      }
      const found = new Map<string, (AgencyNode & { searchKey: string })[]>();
      for (const [group, units] of groups) {
        const [limit, disabled] = group.split('|');
        const page = await rows<AgencyNode & { searchKey: string; rn: number }>(
          em,
          `select * from (select ${AGENCY_COLUMNS}, g.search_key as "searchKey",
             row_number() over (partition by g.unit_id order by g.search_key, g.id::text) as rn
             from agency g where g.unit_id = any(?::int[])${disabled === '1' ? '' : ' and g.disabled_at is null'}) x
           where x.rn <= ? order by x."unitId", x.rn`,
          [pgArray(units), Number(limit)],
        );
        for (const { rn: _rn, ...g } of page) found.set(`${g.unitId}|${group}`, [...(found.get(`${g.unitId}|${group}`) ?? []), g]);
      }
      return keys.map((k) => found.get(k) ?? []);
    }),
    agencyTotals: new DataLoader<string, number>(async (keys) => {
      const out = new Map<string, number>();
      for (const disabled of ['0', '1']) {
        const units = keys.filter((k) => k.endsWith(`|${disabled}`)).map((k) => Number(k.split('|')[0]));
        if (!units.length) continue;
        const counts = await rows<{ unitId: number; n: number }>(
          em,
          `select g.unit_id as "unitId", count(*)::int n from agency g where g.unit_id = any(?::int[])${disabled === '1' ? '' : ' and g.disabled_at is null'} group by g.unit_id`,
          [pgArray(units)],
        );
        for (const c of counts) out.set(`${c.unitId}|${disabled}`, c.n);
      }
      return keys.map((k) => out.get(k) ?? 0);
    }),
    /** Visible children per parent ("parentId|validOn"), for totalCount of those pages. */
    childTotals: new DataLoader<string, number>(async (keys) => {
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
    }),
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
    planById: new DataLoader<string, PlanNode | undefined>(async (ids) => {
      const found = await loadPlanRows(em, ids);
      const byId = new Map(found.map((p) => [p.id, p]));
      return ids.map((id) => byId.get(id));
    }),
    // Plan content, batched across every plan of a response: one statement per table.
    planNodes: new DataLoader((ids: readonly string[]) => loadNodes(em, ids).then((m) => ids.map((id) => m.get(id)!))),
    planLegalBases: new DataLoader((ids: readonly string[]) => loadLegalBases(em, ids).then((m) => ids.map((id) => m.get(id)!))),
    planPhases: new DataLoader((ids: readonly string[]) => loadPhases(em, ids).then((m) => ids.map((id) => m.get(id)!))),
    planTargets: new DataLoader((ids: readonly string[]) => loadTargets(em, ids).then((m) => ids.map((id) => m.get(id)!))),
    planMilestones: new DataLoader((ids: readonly string[]) => loadMilestones(em, ids).then((m) => ids.map((id) => m.get(id)!))),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
