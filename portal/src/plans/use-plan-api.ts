import { useCallback, useMemo } from 'react';
import type { DocumentNode } from 'graphql';
import { App } from 'antd';
import { useGetIdentity, useInvalidate } from '@refinedev/core';
import type { Identity } from '../auth/identity';
import { useMutationRunner } from '../common/use-gql';
import { decidePlan, type PlanAction, type PlanDenyReason } from '../access/plan-policy';
import type { PlanDocument } from './types';

/** Plan mutations: `run(document, input)` sends `{ input }` (the portal's one mutation runner, common/use-gql.ts). */
export function usePlanMutation() {
  const { run: send, isPending } = useMutationRunner();
  const run = useCallback(
    <T = Record<string, unknown>>(document: DocumentNode, input: Record<string, unknown>): Promise<T> => send<T>(document, { input }),
    [send],
  );
  return { run, isPending };
}

/** Refreshes every plan list (after a create, import or change of status). */
export function useInvalidatePlanLists() {
  const invalidate = useInvalidate();
  return useCallback(() => invalidate({ resource: 'plans', invalidates: ['list'] }), [invalidate]);
}

/** A fresh idempotency key: a retried create, import, issue or amendment returns the first result. */
export { newIdempotencyKey } from '../providers/idempotency';

export interface PlanPermissions {
  identity: Identity | undefined;
  can: (action: PlanAction) => boolean;
  /** Why the plan is read-only for this user (null when they may edit it). */
  readOnlyReason: PlanDenyReason | null;
}

/** What the signed-in official may do with this plan, by the rules of access/plan-policy.ts. */
export function usePlanPermissions(plan: Pick<PlanDocument, 'status' | 'unit'> | undefined): PlanPermissions {
  const { data: identity } = useGetIdentity<Identity>();
  return useMemo(() => {
    const facts = plan ? { unitId: plan.unit.id, status: plan.status } : undefined;
    const can = (action: PlanAction) => Boolean(identity && facts && decidePlan(identity, action, { plan: facts }).can);
    const edit = identity && facts ? decidePlan(identity, 'edit', { plan: facts }) : null;
    return {
      identity,
      can,
      readOnlyReason: edit === null ? 'NO_PLAN' : edit.can ? null : ((edit.reason as PlanDenyReason | undefined) ?? 'NO_PLAN'),
    };
  }, [identity, plan]);
}

/** A short confirmation of an edit in place (top centre, gone in two seconds), not a notification card. */
export function useSaved() {
  const { message } = App.useApp();
  return useCallback((text: string) => void message.success({ content: text, duration: 2 }), [message]);
}
