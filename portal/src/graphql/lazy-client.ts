import type { ApolloClient } from '@apollo/client';
import type { ApolloClientOptions } from './client';

/** What the providers use of Apollo Client. */
export type GqlClient = Pick<ApolloClient, 'query' | 'mutate' | 'clearStore'>;

/**
 * The Apollo Client, loaded on the first request (issue 14: first-load weight). The sign-in page
 * of a newcomer never needs it until "Đăng nhập" is pressed; a returning official's first request
 * (`me`) loads it beside the page's own code.
 */
export function lazyApolloClient(options: ApolloClientOptions): GqlClient {
  let client: Promise<ApolloClient> | null = null;
  const get = () => (client ??= import('./client').then((m) => m.createApolloClient(options)));
  return {
    query: ((o: Parameters<ApolloClient['query']>[0]) => get().then((c) => c.query(o))) as ApolloClient['query'],
    mutate: ((o: Parameters<ApolloClient['mutate']>[0]) => get().then((c) => c.mutate(o))) as ApolloClient['mutate'],
    clearStore: () => (client ? client.then((c) => c.clearStore()) : Promise.resolve([])),
  };
}
