import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/postgresql';
import { UNIT_COLUMNS } from '../modules/admin-units/admin-unit.service.js';
import type { AdminUnitNode } from '../modules/admin-units/admin-unit.types.js';
import { loadLegalBases, loadMilestones, loadNodes, loadPhases, loadPlanRows, loadTargets } from '../modules/plans/plan-store.js';
import type { PlanNode } from '../modules/plans/plan.types.js';
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
