import type { GqlClient } from '../graphql/lazy-client';
import type { AuthProvider } from '@refinedev/core';
import { t } from '../i18n/locale';
import { toHttpError } from '../providers/errors';
import { ME, SIGN_IN } from './auth.graphql';
import type { Identity } from './identity';
import { tokenStore } from './token-store';

export const SIGN_IN_PATH = '/login';

export interface PortalAuthProvider extends AuthProvider {
  /** The signed-in identity, read once per session (shared by the header and access control). */
  identity: () => Promise<Identity | null>;
}

interface SignInResult {
  signIn: { token: string; expiresAt: string; viewer: Identity };
}

/**
 * Sign-in with username and password (the API's signIn mutation); the token is kept in
 * localStorage and sent by the Apollo Client. Any 401 from the API signs the user out.
 */
export function createAuthProvider(
  client: GqlClient,
  options: { store?: typeof tokenStore; /** Called when a user signs in or out (to empty caches). */ onSessionChange?: () => void } = {},
): PortalAuthProvider {
  const store = options.store ?? tokenStore;
  let identity: Promise<Identity | null> | null = null;

  const loadIdentity = (): Promise<Identity | null> => {
    if (!store.get()) return Promise.resolve(null);
    identity ??= client
      .query<{ me: Identity }>({ query: ME, fetchPolicy: 'no-cache' })
      .then((r) => r.data?.me ?? null)
      .catch((error: unknown) => {
        identity = null;
        if (toHttpError(error).statusCode === 401) {
          store.clear();
          return null;
        }
        throw toHttpError(error);
      });
    return identity;
  };

  const signOut = async () => {
    store.clear();
    identity = null;
    await client.clearStore();
    options.onSessionChange?.();
  };

  return {
    identity: loadIdentity,

    async login({ username, password }: { username: string; password: string }) {
      try {
        const result = await client.mutate<SignInResult>({
          mutation: SIGN_IN,
          variables: { input: { username: username.trim(), password } },
        });
        const payload = result.data!.signIn;
        options.onSessionChange?.();
        store.set({ token: payload.token, expiresAt: payload.expiresAt });
        identity = Promise.resolve(payload.viewer);
        return { success: true, redirectTo: '/' };
      } catch (error) {
        const e = toHttpError(error);
        const message =
          e.statusCode === 401
            ? t('auth.wrongCredentials')
            : `${t(`errors.${e.code}`, t('errors.SERVER_ERROR'))}. ${t(`errors.descriptions.${e.code}`, '')}`;
        return { success: false, error: { name: t('auth.failed'), message } };
      }
    },

    async logout() {
      await signOut();
      return { success: true, redirectTo: SIGN_IN_PATH };
    },

    async check() {
      if (store.get()) return { authenticated: true };
      return { authenticated: false, logout: true, redirectTo: SIGN_IN_PATH };
    },

    async onError(error: unknown) {
      if (toHttpError(error).statusCode === 401) {
        return { logout: true, redirectTo: SIGN_IN_PATH, error: { name: t('errors.UNAUTHENTICATED'), message: t('auth.sessionExpired') } };
      }
      return {};
    },

    async getIdentity() {
      return loadIdentity();
    },

    async getPermissions() {
      return (await loadIdentity())?.role ?? null;
    },
  };
}
