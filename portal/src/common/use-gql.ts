import { useCallback } from 'react';
import type { DocumentNode } from 'graphql';
import { keepPreviousData } from '@tanstack/react-query';
import { useCustom, useCustomMutation } from '@refinedev/core';
import { toHttpError } from '../providers/errors';

/**
 * One GraphQL query through the Refine data provider's `custom` (so it shares Refine's cache, its
 * error shape and the session's cache clearing). `keepPrevious` keeps the last page on screen
 * while the next one loads (paged matrices and charts).
 */
export function useGqlQuery<T>(
  document: DocumentNode,
  variables: Record<string, unknown>,
  options: { enabled?: boolean; keepPrevious?: boolean; refetchInterval?: number } = {},
) {
  const { query } = useCustom<T & Record<string, unknown>>({
    url: '',
    method: 'get',
    meta: { gqlQuery: document, gqlVariables: variables },
    queryOptions: {
      enabled: options.enabled ?? true,
      placeholderData: options.keepPrevious ? keepPreviousData : undefined,
      refetchInterval: options.refetchInterval,
    },
    errorNotification: false,
  });
  // Refine's `result.data` is {} before the first answer: read the query's own data instead.
  return { data: query.data?.data as T | undefined, query };
}

/**
 * The portal's one way to send a mutation of its own (the lists' create/update go through Refine's
 * hooks): through the data provider's `custom`, without Refine's toasts (the screens word their own
 * outcome), rethrowing the API's error as an ApiError (`code`, `reason`, `field`, `current`).
 * `run(document, variables)` resolves to the mutation's data.
 */
export function useMutationRunner() {
  const { mutateAsync, mutation } = useCustomMutation();
  const run = useCallback(
    async <T = Record<string, unknown>>(document: DocumentNode, variables: Record<string, unknown>): Promise<T> => {
      try {
        const r = await mutateAsync({
          url: '',
          method: 'post',
          values: {},
          meta: { gqlMutation: document, gqlVariables: variables },
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

/** One mutation bound to its document: `run(variables)`. */
export function useGqlMutation<T>(document: DocumentNode) {
  const { run, isPending } = useMutationRunner();
  const bound = useCallback((variables: Record<string, unknown>) => run<T>(document, variables), [run, document]);
  return { run: bound, isPending };
}
