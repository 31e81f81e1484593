import type { CanReturnType } from '@refinedev/core';
import type { Identity } from '../auth/identity';

/**
 * Plan rules (docs/DESIGN.md §6), the portal's mirror of api/src/core/access/policy.ts and of the
 * lifecycle checks in the plans module. Reading is left to the API (it lists only what the
 * caller may see); these rules decide which buttons an official gets:
 *
 * - editors of the issuing unit create and import plans, edit and submit its drafts, withdraw a
 *   plan from review and start an amendment of an issued plan (an EDITOR API key too);
 * - approvers of the issuing unit (people, never API keys) return a plan in review to draft,
 *   issue it, and revoke an issued plan;
 * - nobody edits a plan that is not a draft.
 */

export type PlanStatusFact = 'DRAFT' | 'IN_REVIEW' | 'ISSUED' | 'SUPERSEDED' | 'REVOKED';

/** What a rule needs to know of a plan. */
export interface PlanFacts {
  unitId: string;
  status: PlanStatusFact;
}

export const PLAN_ACTIONS = [
  'list',
  'show',
  'history',
  'export',
  'create',
  'import',
  'edit',
  'submit',
  'withdraw',
  'return',
  'issue',
  'revoke',
  'amend',
] as const;
export type PlanAction = (typeof PLAN_ACTIONS)[number];

/** Why an action is denied: the plan page words its read-only notice from it. */
export type PlanDenyReason = 'UNKNOWN_ACTION' | 'NO_PLAN' | 'EDITORS_ONLY' | 'APPROVERS_ONLY' | 'OTHER_UNIT' | 'STATUS';

const allow: CanReturnType = { can: true };
const deny = (reason: PlanDenyReason): CanReturnType => ({ can: false, reason });

const isEditor = (identity: Identity) => identity.role === 'EDITOR';
/** A person, approver of the unit itself: an agency's approvers approve its reports, not the unit's plans. */
const isApprover = (identity: Identity) => identity.kind === 'USER' && identity.role === 'APPROVER' && !identity.agencyId;

/** The status each action on an existing plan starts from. */
const FROM_STATUS: Partial<Record<PlanAction, PlanStatusFact>> = {
  edit: 'DRAFT',
  submit: 'DRAFT',
  withdraw: 'IN_REVIEW',
  return: 'IN_REVIEW',
  issue: 'IN_REVIEW',
  revoke: 'ISSUED',
  amend: 'ISSUED',
};

export function decidePlan(identity: Identity, action: string, params?: Record<string, unknown>): CanReturnType {
  switch (action as PlanAction) {
    case 'list':
    case 'show':
    case 'history':
    case 'export':
      return allow;
    case 'create':
    case 'import': {
      if (!isEditor(identity)) return deny('EDITORS_ONLY');
      const unitId = (params?.unitId as string | undefined) ?? identity.unit.id;
      return unitId === identity.unit.id ? allow : deny('OTHER_UNIT');
    }
    case 'edit':
    case 'submit':
    case 'withdraw':
    case 'amend':
    case 'return':
    case 'issue':
    case 'revoke': {
      const plan = params?.plan as PlanFacts | undefined;
      if (!plan) return deny('NO_PLAN');
      const byApprover = action === 'return' || action === 'issue' || action === 'revoke';
      if (byApprover ? !isApprover(identity) : !isEditor(identity)) return deny(byApprover ? 'APPROVERS_ONLY' : 'EDITORS_ONLY');
      if (plan.unitId !== identity.unit.id) return deny('OTHER_UNIT');
      if (plan.status !== FROM_STATUS[action as PlanAction]) return deny('STATUS');
      return allow;
    }
    default:
      return deny('UNKNOWN_ACTION');
  }
}
