import DataLoader from 'dataloader';
import type { AuthedCtx } from '../../core/context.js';
import * as store from './store/index.js';
import type { AdminUnitNode } from '../admin-units/admin-unit.types.js';
import type { ReportFigureNode, ReportTaskNode } from './report.types.js';

/**
 * Request-scoped loaders of the report pages (no per-row queries, docs/ARCHITECTURE.md "Read
 * paths"): every report, task list, figure list, obligation and subordinate list of a response
 * is read in one statement each.
 */
function create(ctx: AuthedCtx) {
  const em = ctx.em;
  const p = ctx.principal;
  const group = <T extends Record<K, string>, K extends string>(items: T[], key: K, ids: readonly string[]) => {
    const by = new Map<string, T[]>(ids.map((id) => [id, []]));
    for (const it of items) by.get(it[key])?.push(it);
    return ids.map((id) => by.get(id) ?? []);
  };
  return {
    report: new DataLoader<string, store.ReportRow | undefined>(async (ids) => {
      const found = await store.reportsById(em, p, ids);
      return ids.map((id) => found.find((r) => r.id === id));
    }),
    obligation: new DataLoader<string, store.ObligationRow | undefined>(async (ids) => {
      const found = await store.obligationsById(em, p, ids);
      return ids.map((id) => found.find((o) => o.id === id));
    }),
    tasks: new DataLoader<string, ReportTaskNode[]>(async (ids) => group(await store.reportTasks(em, ids), 'reportId', ids)),
    figures: new DataLoader<string, ReportFigureNode[]>(async (ids) => group(await store.reportFigures(em, ids), 'reportId', ids)),
    versions: new DataLoader<string, store.ReportRow[]>(async (ids) => group(await store.reportVersions(em, p, ids), 'obligationId', ids)),
    /** Keyed `milestoneId|unitId`: the cascade page's report column, one statement per milestone asked. */
    unitObligation: new DataLoader<string, store.ObligationRow | undefined>(async (keys) => {
      const byMilestone = new Map<string, number[]>();
      for (const k of keys) {
        const [milestoneId, unitId] = k.split('|');
        byMilestone.set(milestoneId, [...(byMilestone.get(milestoneId) ?? []), Number(unitId)]);
      }
      const found = new Map<string, store.ObligationRow>();
      for (const [milestoneId, unitIds] of byMilestone) {
        for (const o of await store.milestoneObligationsOfUnits(em, p, milestoneId, unitIds)) found.set(`${milestoneId}|${o.unitId}`, o);
      }
      return keys.map((k) => found.get(k));
    }),
    subordinates: new DataLoader<string, { parentId: string; obligationId: string; unit: AdminUnitNode; reported: boolean }[]>(
      async (ids) => group(await store.subordinateObligations(em, ids), 'parentId', ids),
    ),
  };
}

const memo = new WeakMap<object, ReturnType<typeof create>>();

export function reportLoaders(ctx: AuthedCtx): ReturnType<typeof create> {
  let l = memo.get(ctx.loaders);
  if (!l) {
    l = create(ctx);
    memo.set(ctx.loaders, l);
  }
  return l;
}
