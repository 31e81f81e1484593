import type { AncestorPlanRef } from '../plans/types';

export interface SuperiorChange {
  /** The plan above that was replaced by an amendment since. */
  changed: AncestorPlanRef;
  /** 1: this plan's own parent; 2: the parent's parent; … */
  depth: number;
  /** The plan between this one and `changed` that still rests on the replaced version (depth ≥ 2). */
  via: AncestorPlanRef | null;
}

/**
 * Has a superior's plan changed since this plan was derived from it? Yes when a plan in the chain
 * above is SUPERSEDED — its amendment is issued and the plan below has not followed it yet (a
 * derived plan follows the new version once it has decided every change). Looking up the whole
 * chain matters: a commune whose district plan is current is still behind when that district
 * plan rests on a superseded province plan (issue 14).
 */
export function superiorChange(plan: { parentPlan?: AncestorPlanRef | null }): SuperiorChange | null {
  let above = plan.parentPlan ?? null;
  let via: AncestorPlanRef | null = null;
  for (let depth = 1; above; depth++) {
    if (above.status === 'SUPERSEDED') return { changed: above, depth, via };
    via = above;
    above = above.parentPlan ?? null;
  }
  return null;
}
