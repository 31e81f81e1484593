import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/postgresql';
import { loadLegalBases, loadMilestones, loadNodes, loadPhases, loadPlanRows, loadTargets } from './store/reads.js';
import type { PlanRow } from './plan.types.js';

/** The plan loaders of a request (core/loaders.ts): plan rows and their content, through the store's batched reads. */
export function createPlanLoaders(em: EntityManager) {
  return {
    planById: new DataLoader<string, PlanRow | undefined>(async (ids) => {
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

declare module '../../core/loaders.js' {
  interface Loaders extends ReturnType<typeof createPlanLoaders> {}
}
