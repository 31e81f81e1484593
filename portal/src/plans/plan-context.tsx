import { createContext, useContext } from 'react';
import type { Tree } from './plan-tree';
import type { PlanPermissions } from './use-plan-api';
import type { AgencyOption, CheckFinding, ChildUnit, Milestone, Phase, PlanDocument, PlanNode, Target } from './types';

/** What the parts of the plan page share: the document as loaded, lookups, rights and actions. */
export interface PlanContextValue {
  plan: PlanDocument;
  tree: Tree<PlanNode>;
  permissions: PlanPermissions;
  /** The user may edit this draft now. */
  editable: boolean;
  agencies: AgencyOption[];
  childUnits: ChildUnit[];
  findingsByNode: Map<string, CheckFinding[]>;
  targetsByNode: Map<string, Target[]>;
  phasesByNode: Map<string, Phase[]>;
  milestonesByNode: Map<string, Milestone[]>;
  /** Reloads the plan (after each edit: numbering, sums and checks come back from the API). */
  reload: () => Promise<PlanDocument | undefined>;
}

export const PlanContext = createContext<PlanContextValue | null>(null);

export function usePlanContext(): PlanContextValue {
  const value = useContext(PlanContext);
  if (!value) throw new Error('usePlanContext outside the plan page');
  return value;
}

export function groupBy<T>(items: readonly T[], key: (item: T) => string | null): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    if (k === null) continue;
    const list = out.get(k) ?? [];
    list.push(item);
    out.set(k, list);
  }
  return out;
}
