import { useCallback, useMemo } from 'react';
import type { DocumentNode } from 'graphql';
import { App } from 'antd';
import { useCustomMutation, useGetIdentity, useInvalidate } from '@refinedev/core';
import type { Identity } from '../auth/identity';
import { decidePlan, type PlanAction, type PlanDenyReason } from '../access/plan-policy';
import { toHttpError } from '../providers/errors';
import type { PlanDocument } from './types';

/**
 * Plan mutations through the Refine data provider's `custom` (its error shape, its session).
 * `run(document, input)` sends `{ input }` and resolves to the mutation's data, or throws an
 * ApiError (`code`, `current` on CONFLICT).
 */
export function usePlanMutation() {
  const { mutateAsync, mutation } = useCustomMutation();
  const run = useCallback(
    async <T = Record<string, unknown>>(document: DocumentNode, input: Record<string, unknown>): Promise<T> => {
      try {
        const r = await mutateAsync({
          url: '',
          method: 'post',
          values: {},
          meta: { gqlMutation: document, gqlVariables: { input } },
          successNotification: false,
          errorNotification: false,
        });
        return r.data as T;
      } catch (error) {
        throw toHttpError(error);
      }
    },
    [mutateAsync],
  );
  return { run, isPending: mutation.isPending };
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
