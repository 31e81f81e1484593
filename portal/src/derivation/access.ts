import type { CanReturnType } from '@refinedev/core';
import type { Identity } from '../auth/identity';

/**
 * Access rules of derivation (docs/DESIGN.md §4, §6), dispatched from access/policy.ts for the resource
 * "derivation". They only hide what a user may not do; the API decides again.
 *
 * - list: the page of plans from above to derive from, for editors;
 * - show: the diff and upstream pages (the API hides plans the user may not read);
 * - create: derive from an issued plan of a unit above the editor's own;
 * - setOmissionReason, takeUpstream, declineUpstream: editors of the derived plan's unit, on a draft.
 */

/** A plan as these rules need it: its status and its issuing unit's id and chain. */
export interface PlanScope {
  status: string;
  unit: { id: string; ancestors?: { id: string }[] | null };
}

const allow: CanReturnType = { can: true };
const deny = (reason: string): CanReturnType => ({ can: false, reason });

/** Editors author plans; an API key with the EDITOR role counts as one (as in the API). */
export const isEditor = (identity: Identity) => identity.role === 'EDITOR';

export const DRAFT_EDIT_ACTIONS = new Set(['setOmissionReason', 'takeUpstream', 'declineUpstream']);

/** May this editor derive their unit's plan from `parent`? */
export function canDeriveFrom(identity: Identity, parent: PlanScope | undefined): CanReturnType {
  if (!isEditor(identity)) return deny('EDITOR_ONLY');
  if (!parent) return allow;
  if (parent.status !== 'ISSUED') return deny('PARENT_NOT_ISSUED');
  const above = identity.unit.ancestors.some((a) => a.id === parent.unit.id);
  return above ? allow : deny('NOT_BELOW_ISSUER');
}

/** May this user change a derived plan's decisions (omission reasons, upstream changes)? */
export function canEditDerivedDraft(identity: Identity, plan: PlanScope | undefined): CanReturnType {
  if (!isEditor(identity)) return deny('EDITOR_ONLY');
  if (!plan) return deny('NO_PLAN');
  if (plan.unit.id !== identity.unit.id) return deny('OTHER_UNIT');
  return plan.status === 'DRAFT' ? allow : deny('NOT_DRAFT');
}

export function decideDerivation(identity: Identity, action: string, params: Record<string, unknown> | undefined): CanReturnType {
  if (action === 'list') return isEditor(identity) ? allow : deny('EDITOR_ONLY');
  if (action === 'show') return allow;
  if (action === 'create') return canDeriveFrom(identity, params?.parentPlan as PlanScope | undefined);
  if (DRAFT_EDIT_ACTIONS.has(action)) return canEditDerivedDraft(identity, params?.plan as PlanScope | undefined);
  return deny('UNKNOWN_ACTION');
}
