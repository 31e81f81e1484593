import type { CanReturnType } from '@refinedev/core';
import type { Identity } from '../auth/identity';

/**
 * Access rules of the cascade (docs/DESIGN.md §5, §6), dispatched from access/policy.ts for the resource
 * "cascade". Anyone may open the cascade of a plan they can read: the API lists only the units
 * of their own subtree (a sibling sees nothing of another's plan). The menu entry, which lists
 * the plans to follow, is hidden from communes: they have no subordinate units.
 */
export function decideCascade(identity: Identity, action: string): CanReturnType {
  if (action === 'show') return { can: true };
  if (action === 'list') return identity.unit.level === 'COMMUNE' ? { can: false, reason: 'NO_SUBORDINATES' } : { can: true };
  return { can: false, reason: 'READ_ONLY' };
}
