import type { ApolloClient } from '@apollo/client';
import { Kind, print, visit, type DocumentNode, type FieldNode, type OperationDefinitionNode } from 'graphql';
import type { ApolloClientOptions } from './client';
import { GRAPHQL_PATH } from './paths';

/** What the providers use of Apollo Client, and `prefetch` (below). */
export type GqlClient = Pick<ApolloClient, 'query' | 'mutate' | 'clearStore'> & {
  /**
   * Sends a query now, without waiting for Apollo Client's code; the first `query` with the same
   * operation and variables takes its answer instead of asking again.
   */
  prefetch?: (document: DocumentNode, variables?: Record<string, unknown>) => void;
};

/** A prefetched answer is taken within this time, or asked again (a page opened later wants fresh data). */
const PREFETCH_TTL_MS = 30_000;

function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableStringify((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

function operationOf(document: DocumentNode): OperationDefinitionNode | undefined {
  return document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
}

/** The key of a request: its operation and its variables (in any key order). */
export function requestKey(document: DocumentNode, variables: Record<string, unknown> | undefined): string {
  return `${operationOf(document)?.name?.value ?? print(document)}|${stableStringify(variables ?? {})}`;
}

const TYPENAME: FieldNode = { kind: Kind.FIELD, name: { kind: Kind.NAME, value: '__typename' } };

/**
 * The document as Apollo Client sends it: `__typename` in every selection below the operation's,
 * so that a prefetched answer has the very shape of the one Apollo would have returned.
 */
export function withTypenames(document: DocumentNode): DocumentNode {
  return visit(document, {
    SelectionSet(node, _key, parent) {
      if (parent && !Array.isArray(parent) && (parent as { kind?: string }).kind === Kind.OPERATION_DEFINITION) return undefined;
      if (node.selections.some((s) => s.kind === Kind.FIELD && s.name.value === '__typename')) return undefined;
      return { ...node, selections: [...node.selections, TYPENAME] };
    },
  });
}

interface Prefetched {
  at: number;
  /** The data, or null when the answer was not a clean one (Apollo then asks again and reports it). */
  result: Promise<unknown>;
}

/**
 * The Apollo Client, loaded on the first request (issue 14: first-load weight). The sign-in page
 * of a newcomer never needs it until "Đăng nhập" is pressed.
 *
 * A page's first requests (who is signed in, the page's data) are sent at boot by `prefetch`, with
 * fetch alone, beside the page's code (App.tsx, `startFirstScreen`): on a phone over 4G they no
 * longer wait for React, the page's code and Apollo's one after the other. Their answers reach the
 * page through the same `query` call as any other; only a clean answer (HTTP 200, data, no errors)
 * is taken — anything else is asked again through Apollo, whose errors the portal knows.
 */
export function lazyApolloClient(options: ApolloClientOptions): GqlClient {
  let client: Promise<ApolloClient> | null = null;
  const get = () => (client ??= import('./client').then((m) => m.createApolloClient(options)));
  const prefetched = new Map<string, Prefetched>();

  const take = (document: DocumentNode, variables: Record<string, unknown> | undefined): Prefetched | undefined => {
    const key = requestKey(document, variables);
    const hit = prefetched.get(key);
    prefetched.delete(key);
    return hit && Date.now() - hit.at < PREFETCH_TTL_MS ? hit : undefined;
  };

  return {
    query: (async (o: Parameters<ApolloClient['query']>[0]) => {
      const hit = take(o.query, o.variables as Record<string, unknown> | undefined);
      const data = hit ? await hit.result : null;
      if (data) return { data };
      return (await get()).query(o);
    }) as ApolloClient['query'],
    mutate: ((o: Parameters<ApolloClient['mutate']>[0]) => get().then((c) => c.mutate(o))) as ApolloClient['mutate'],
    clearStore: () => {
      prefetched.clear();
      return client ? client.then((c) => c.clearStore()) : Promise.resolve([]);
    },
    prefetch(document, variables) {
      const token = options.getToken();
      const key = requestKey(document, variables);
      if (!token || prefetched.has(key)) return;
      const result = fetch(options.uri ?? GRAPHQL_PATH, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/graphql-response+json,application/json;q=0.9',
          'apollo-require-preflight': 'true',
          authorization: `Bearer ${token}`,
        },
        body: JSON.stringify({ operationName: operationOf(document)?.name?.value, variables: variables ?? {}, query: print(withTypenames(document)) }),
      })
        .then(async (res) => {
          if (!res.ok) return null;
          const body = (await res.json()) as { data?: unknown; errors?: unknown[] };
          return body.errors?.length || !body.data ? null : body.data;
        })
        .catch(() => null);
      prefetched.set(key, { at: Date.now(), result });
    },
  };
}
