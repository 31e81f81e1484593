import { useCallback } from 'react';
import type { DocumentNode } from 'graphql';
import { keepPreviousData } from '@tanstack/react-query';
import { useCustom, useCustomMutation } from '@refinedev/core';

/**
 * One GraphQL query through the Refine data provider's `custom` (so it shares Refine's cache, its
 * error shape and the session's cache clearing). `keepPrevious` keeps the last page on screen
 * while the next one loads (paged matrices and charts).
 */
export function useGqlQuery<T>(
  document: DocumentNode,
  variables: Record<string, unknown>,
  options: { enabled?: boolean; keepPrevious?: boolean } = {},
) {
  const { query } = useCustom<T & Record<string, unknown>>({
    url: '',
    method: 'get',
    meta: { gqlQuery: document, gqlVariables: variables },
    queryOptions: {
      enabled: options.enabled ?? true,
      placeholderData: options.keepPrevious ? keepPreviousData : undefined,
    },
    errorNotification: false,
  });
  // Refine's `result.data` is {} before the first answer: read the query's own data instead.
  return { data: query.data?.data as T | undefined, query };
}

/** One GraphQL mutation; `run(variables)` resolves to the mutation's data or throws an ApiError. */
export function useGqlMutation<T>(document: DocumentNode) {
  const { mutateAsync, mutation } = useCustomMutation<T & Record<string, unknown>>();
  const run = useCallback(
    async (variables: Record<string, unknown>): Promise<T> => {
      const r = await mutateAsync({
        url: '',
        method: 'post',
        values: {},
        meta: { gqlMutation: document, gqlVariables: variables },
        successNotification: false,
        errorNotification: false,
      });
      return r.data as T;
    },
    [mutateAsync, document],
  );
  return { run, isPending: mutation.isPending };
}
