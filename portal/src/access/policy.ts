import type { CanParams, CanReturnType } from '@refinedev/core';
import type { Identity } from '../auth/identity';
import { decideCascade } from '../cascade/access';
import { decideDerivation } from '../derivation/access';
import { decidePlan } from './plan-policy';
import { decideReport } from '../reports/access';

/**
 * The portal's mirror of the API's access rules (docs/DESIGN.md §6), used only to hide or disable what a
 * user may not do. The API enforces everything again; a rule missing here means "deny".
 *
 * - Every signed-in user reads the unit tree and the agencies along their chain.
 * - Administrators (human accounts with role ADMIN) manage agencies, users and API keys of their
 *   own unit and of every unit below it.
 * - Plans (plan-policy.ts): editors edit drafts of their unit, approvers issue them, nobody edits
 *   an issued plan.
 * - Reports (reports/access.ts): editors write their unit's report, its approvers submit it, the
 *   approvers of the unit it is owed to accept or return it.
 */

/** A unit as a scope check needs it: its id and the ids of every unit above it. */
export interface UnitScope {
  id: string;
  ancestorIds: string[];
}

export function unitScope(unit: { id: string; ancestors?: { id: string }[] | null }): UnitScope {
  return { id: unit.id, ancestorIds: (unit.ancestors ?? []).map((a) => a.id) };
}

/** Is `unit` the identity's own unit or below it? */
export function isInOwnSubtree(identity: Identity, unit: UnitScope): boolean {
  return unit.id === identity.unit.id || unit.ancestorIds.includes(identity.unit.id);
}

export const isAdministrator = (identity: Identity) => identity.kind === 'USER' && identity.role === 'ADMIN';

const READ_ACTIONS = new Set(['list', 'show']);
const WRITE_ACTIONS = new Set(['create', 'edit', 'delete']);

const allow: CanReturnType = { can: true };
const deny = (reason: string): CanReturnType => ({ can: false, reason });

/** Administration of a unit: an administrator, and the target unit (when given) in their subtree. */
function administer(identity: Identity, unit: UnitScope | undefined): CanReturnType {
  if (!isAdministrator(identity)) return deny('ADMIN_ONLY');
  if (unit && !isInOwnSubtree(identity, unit)) return deny('OUTSIDE_SUBTREE');
  return allow;
}

export function decide(identity: Identity | null, { resource, action, params }: CanParams): CanReturnType {
  if (!identity) return deny('SIGNED_OUT');
  const unit = params?.unit as UnitScope | undefined;
  switch (resource) {
    case 'home':
      return action === 'list' ? allow : deny('READ_ONLY');
    case 'notifications':
      // Notices are read by people; an API key has none (docs/NOTIFICATIONS.md).
      if (!identity.username) return deny('NO_RULE');
      return action === 'list' ? allow : deny('READ_ONLY');
    case 'units':
      return READ_ACTIONS.has(action) ? allow : deny('READ_ONLY');
    case 'agencies':
      if (READ_ACTIONS.has(action)) return allow;
      if (WRITE_ACTIONS.has(action)) return administer(identity, unit);
      return deny('UNKNOWN_ACTION');
    case 'users':
    case 'apiKeys':
      if (READ_ACTIONS.has(action) || WRITE_ACTIONS.has(action)) return administer(identity, unit);
      return deny('UNKNOWN_ACTION');
    case 'derivation':
      return decideDerivation(identity, action, params);
    case 'cascade':
      return decideCascade(identity, action);
    case 'plans':
      return decidePlan(identity, action, params);
    case 'reports':
      return decideReport(identity, action, params);
    default:
      return deny('NO_RULE');
  }
}
