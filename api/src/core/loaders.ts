import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/postgresql';
import { UNIT_COLUMNS } from '../modules/admin-units/admin-unit.service.js';
import type { AdminUnitNode } from '../modules/admin-units/admin-unit.types.js';
import { pgArray, rows } from './sql.js';

/**
 * Request-scoped batch loaders: nested fields (a unit's parent, a plan's unit…) are resolved
 * in one query per field per request, never one per row. Loaders do not check access: callers
 * only load ids reached through rows that already passed the policy.
 */
export function createLoaders(em: EntityManager) {
  return {
    unitById: new DataLoader<number, AdminUnitNode | undefined>(async (ids) => {
      const found = await rows<AdminUnitNode>(em, `select ${UNIT_COLUMNS} from admin_unit u where u.id = any(?::int[])`, [
        pgArray([...ids]),
      ]);
      const byId = new Map(found.map((u) => [u.id, u]));
      return ids.map((id) => byId.get(id));
    }),
    childCount: new DataLoader<number, number>(async (ids) => {
      const found = await rows<{ parentId: number; n: string }>(
        em,
        `select parent_id as "parentId", count(*) n from admin_unit where parent_id = any(?::int[]) group by parent_id`,
        [pgArray([...ids])],
      );
      const byId = new Map(found.map((r) => [r.parentId, Number(r.n)]));
      return ids.map((id) => byId.get(id) ?? 0);
    }),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
