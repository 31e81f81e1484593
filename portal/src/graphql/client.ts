import { ApolloClient, ApolloLink, HttpLink, InMemoryCache } from '@apollo/client';
import { SetContextLink } from '@apollo/client/link/context';
import { GRAPHQL_PATH } from './paths';
import { fetchWithWritePosition } from './write-position';

export { GRAPHQL_PATH };

export interface ApolloClientOptions {
  /** Where the API listens; the portal is served by the API, so a relative path is enough. */
  uri?: string;
  /** Returns the current access token, or null when signed out. */
  getToken: () => string | null;
  /** Replaces the HTTP transport (unit tests pass a fake link). */
  transport?: ApolloLink;
}

/**
 * The one Apollo Client of the portal. Every request carries
 * - `Authorization: Bearer <token>` when signed in;
 * - `apollo-require-preflight: true`, which the API's CSRF prevention requires of requests that
 *   a browser could send cross-site without a preflight;
 * - `X-Kehoach-Lsn` after a write, when the API has read replicas (write-position.ts).
 * Caching of lists and records is left to Refine (TanStack Query), so the data provider asks
 * Apollo for `no-cache` fetches.
 */
export function createApolloClient(options: ApolloClientOptions): ApolloClient {
  const auth = new SetContextLink((prev) => {
    const token = options.getToken();
    return {
      headers: {
        ...(prev.headers as Record<string, string> | undefined),
        'apollo-require-preflight': 'true',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
    };
  });
  // Sends back the position of the last write, so reads after it see it (write-position.ts).
  const transport = options.transport ?? new HttpLink({ uri: options.uri ?? GRAPHQL_PATH, fetch: fetchWithWritePosition() });
  return new ApolloClient({
    link: ApolloLink.from([auth, transport]),
    cache: new InMemoryCache(),
    defaultOptions: {
      query: { fetchPolicy: 'no-cache' },
      mutate: { fetchPolicy: 'no-cache' },
    },
  });
}
