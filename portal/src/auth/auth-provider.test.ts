import { ApolloLink } from '@apollo/client';
import { Observable } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { createApolloClient } from '../graphql/client';
import { createAuthProvider } from './auth-provider';
import type { StoredToken } from './token-store';

const viewer = {
  __typename: 'Viewer',
  id: 'u1',
  kind: 'USER',
  displayName: 'Admin — Tỉnh Lào Cai',
  username: 'laocai.admin',
  role: 'ADMIN',
  unit: {
    __typename: 'AdminUnit',
    id: '2',
    name: 'Tỉnh Lào Cai',
    kind: 'tỉnh',
    code: '10',
    level: 'PROVINCE',
    validTo: '2025-06-30',
    ancestors: [],
  },
};

function memoryStore(initial: StoredToken | null = null) {
  let value = initial;
  return {
    get: () => value,
    token: () => value?.token ?? null,
    set: (v: StoredToken) => void (value = v),
    clear: () => void (value = null),
  };
}

function setup(
  answer: (operationName: string | undefined, variables: Record<string, any>) => Record<string, unknown>,
  initial: StoredToken | null = null,
) {
  const store = memoryStore(initial);
  const seen: string[] = [];
  const transport = new ApolloLink(
    (operation) =>
      new Observable((observer) => {
        seen.push(operation.operationName ?? '');
        observer.next(answer(operation.operationName, operation.variables) as never);
        observer.complete();
      }),
  );
  const client = createApolloClient({ getToken: store.token, transport });
  const sessions = { changes: 0 };
  return { store, seen, sessions, auth: createAuthProvider(client, { store: store as never, onSessionChange: () => sessions.changes++ }) };
}

const later = new Date(Date.now() + 3600_000).toISOString();

describe('auth provider', () => {
  it('signs in, keeps the token and the identity, and signs out', async () => {
    const { auth, store, seen, sessions } = setup((op, v) =>
      op === 'SignIn' && v.input.password === 'KeHoach@2026'
        ? { data: { signIn: { __typename: 'SignInPayload', token: 'jwt', expiresAt: later, viewer } } }
        : { data: null, errors: [{ message: 'Wrong username or password', extensions: { code: 'UNAUTHENTICATED' } }] },
    );
    expect(await auth.check()).toMatchObject({ authenticated: false, redirectTo: '/login' });
    expect(await auth.login({ username: ' laocai.admin ', password: 'KeHoach@2026' })).toMatchObject({ success: true, redirectTo: '/' });
    expect(store.get()).toEqual({ token: 'jwt', expiresAt: later });
    expect(sessions.changes).toBe(1); // the previous user's cached lists and permissions are dropped
    expect(await auth.check()).toEqual({ authenticated: true });
    expect(await auth.getIdentity!()).toMatchObject({ displayName: 'Admin — Tỉnh Lào Cai', role: 'ADMIN', unit: { name: 'Tỉnh Lào Cai' } });
    expect(await auth.getPermissions!()).toBe('ADMIN');
    expect(seen).toEqual(['SignIn']); // the identity came with the sign-in, no extra `me`
    expect(await auth.logout({})).toMatchObject({ success: true, redirectTo: '/login' });
    expect(store.get()).toBeNull();
    expect(sessions.changes).toBe(2);
  });

  it('says a wrong password in the user language without telling which part was wrong', async () => {
    const { auth, store } = setup(() => ({
      data: null,
      errors: [{ message: 'Wrong username or password', extensions: { code: 'UNAUTHENTICATED' } }],
    }));
    const result = await auth.login({ username: 'laocai.admin', password: 'x' });
    expect(result.success).toBe(false);
    expect(result.error?.message).toBe('Tên đăng nhập hoặc mật khẩu không đúng, hoặc tài khoản đã bị khóa.');
    expect(store.get()).toBeNull();
  });

  it('says that sign-in is paused after too many failures, by the code (never by the English message)', async () => {
    const { auth, store } = setup(() => ({
      data: null,
      errors: [{ message: 'Too many failed sign-in attempts: try again in 60 s', extensions: { code: 'TOO_MANY_ATTEMPTS', retryAfterSeconds: 60 } }],
    }));
    const result = await auth.login({ username: 'laocai.admin', password: 'x' });
    expect(result.success).toBe(false);
    expect(result.error?.message).toBe(
      'Đăng nhập sai quá nhiều lần. Vì an toàn, việc đăng nhập tạm dừng trong ít phút. Hãy chờ rồi thử lại với đúng mật khẩu.',
    );
    expect(store.get()).toBeNull();
  });

  it('reads the identity with `me` after a reload, and a rejected token counts as signed out', async () => {
    const ok = setup(() => ({ data: { me: viewer } }), { token: 'jwt', expiresAt: later });
    expect(await ok.auth.getIdentity!()).toMatchObject({ username: 'laocai.admin' });
    await ok.auth.getIdentity!();
    expect(ok.seen).toEqual(['Me']); // read once per session

    const expired = setup(() => ({ data: null, errors: [{ message: 'Sign-in required', extensions: { code: 'UNAUTHENTICATED' } }] }), {
      token: 'old',
      expiresAt: later,
    });
    expect(await expired.auth.getIdentity!()).toBeNull();
    expect(expired.store.get()).toBeNull();
  });

  it('signs out on any 401 from the API and on nothing else', async () => {
    const { auth } = setup(() => ({ data: null }));
    expect(await auth.onError({ statusCode: 401, code: 'UNAUTHENTICATED', message: 'x' })).toMatchObject({
      logout: true,
      redirectTo: '/login',
    });
    expect(await auth.onError({ statusCode: 403, code: 'FORBIDDEN', message: 'x' })).toEqual({});
    expect(await auth.onError({ statusCode: 409, code: 'CONFLICT', message: 'x' })).toEqual({});
  });
});
