import 'reflect-metadata';
import crypto from 'node:crypto';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../api/src/seed/demo.seed.js';
import { walkPages } from '../support/api-helpers.js';
import { TEST_JWT_SECRET, createTestEnv, type TestEnv } from '../support/env.js';

let env: TestEnv;
let tplaocaiId: number;

beforeAll(async () => {
  env = await createTestEnv();
  tplaocaiId = await env.unitId('080');
});
afterAll(async () => {
  await env?.stop();
});

const ME = `{ me { kind username role unit { code } } }`;
const SIGN_IN = `mutation($u: String!, $p: String!) { signIn(input: { username: $u, password: $p }) { token expiresAt viewer { username role } } }`;

/** The raw HTTP answer, to prove a refusal carries nothing but the error. */
async function raw(query: string, variables: Record<string, unknown>, headers: Record<string, string> = {}) {
  const res = await fetch(`${env.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return {
    status: res.status,
    body: (await res.json()) as { data?: unknown; errors?: { message: string; extensions?: Record<string, unknown> }[] },
  };
}

/** Exactly one UNAUTHENTICATED error, no data, no other keys. */
function expectUnauthenticated(r: Awaited<ReturnType<typeof raw>>) {
  expect(Object.keys(r.body).filter((k) => k !== 'data' && k !== 'errors')).toEqual([]);
  expect(r.body.data ?? null).toBeNull();
  expect(r.body.errors).toHaveLength(1);
  expect(r.body.errors![0].extensions).toEqual({ code: 'UNAUTHENTICATED' });
}

async function newUser(role = 'VIEWER', password = 'Mat-khau-ban-dau-1') {
  const admin = await env.login('tplaocai.admin');
  const username = `auth-${crypto.randomBytes(4).toString('hex')}`;
  const r = await env.gql<{ createUser: { user: { id: string; version: number } } }>(
    `mutation($i: CreateUserInput!) { createUser(input: $i) { user { id version } } }`,
    { i: { unitId: tplaocaiId, username, displayName: 'Người thử đăng nhập', role, password } },
    admin,
  );
  expect(r.errors).toBeUndefined();
  return { username, password, ...r.data!.createUser.user };
}

async function userId(username: string): Promise<string> {
  return (await env.db.query(`select id from app_user where username = $1`, [username])).rows[0].id;
}

function jwt(claims: Record<string, unknown>, secret: string, opts: { exp?: number; iss?: string } = {}) {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuer(opts.iss ?? 'kehoach')
    .setIssuedAt(now)
    .setExpirationTime(opts.exp ?? now + 3600)
    .sign(new TextEncoder().encode(secret));
}

describe('sign-in and credentials that do not check out', () => {
  it('wrong password → UNAUTHENTICATED, no data', async () => {
    expectUnauthenticated(await raw(SIGN_IN, { u: 'tplaocai.viewer', p: 'not-the-password' }));
  });

  it('unknown user → the very same answer as a wrong password', async () => {
    const unknown = await raw(SIGN_IN, { u: 'khong-co-ai', p: DEMO_PASSWORD });
    const wrong = await raw(SIGN_IN, { u: 'tplaocai.viewer', p: 'not-the-password' });
    expectUnauthenticated(unknown);
    expect(unknown).toEqual(wrong);
  });

  it('a disabled user: the token in hand stops working and sign-in fails', async () => {
    const u = await newUser();
    const token = (await env.login(u.username, u.password)).token!;
    expect((await env.gql(ME, {}, { token })).data!.me.username).toBe(u.username);

    const admin = await env.login('tplaocai.admin');
    const r = await env.gql(
      `mutation($i: UpdateUserInput!) { updateUser(input: $i) { user { disabled } } }`,
      { i: { id: u.id, version: u.version, disabled: true } },
      admin,
    );
    expect(r.data!.updateUser.user.disabled).toBe(true);

    expectUnauthenticated(await raw(ME, {}, { authorization: `Bearer ${token}` }));
    const signIn = await raw(SIGN_IN, { u: u.username, p: u.password });
    expectUnauthenticated(signIn);
    // Same answer as a wrong password: a disabled account is not revealed either.
    expect(signIn).toEqual(await raw(SIGN_IN, { u: 'tplaocai.viewer', p: 'not-the-password' }));
  });

  it('an expired token (right secret, issuer and type) → UNAUTHENTICATED', async () => {
    const now = Math.floor(Date.now() / 1000);
    const token = await jwt({ typ: 'access', sub: await userId('tplaocai.viewer') }, TEST_JWT_SECRET, { exp: now - 60 });
    expectUnauthenticated(await raw(ME, {}, { authorization: `Bearer ${token}` }));
  });

  it('a control: the same hand-made token with a future expiry is accepted', async () => {
    const token = await jwt({ typ: 'access', sub: await userId('tplaocai.viewer') }, TEST_JWT_SECRET);
    const r = await env.gql(ME, {}, { token });
    expect(r.data!.me.username).toBe('tplaocai.viewer');
  });

  it('a token signed with another secret → UNAUTHENTICATED', async () => {
    const token = await jwt({ typ: 'access', sub: await userId('tplaocai.admin') }, 'an-attacker-secret-that-is-long-enough-000000');
    expectUnauthenticated(await raw(ME, {}, { authorization: `Bearer ${token}` }));
  });

  it('an unsigned token (alg: none) → UNAUTHENTICATED', async () => {
    const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const now = Math.floor(Date.now() / 1000);
    const payload = { typ: 'access', sub: await userId('tplaocai.admin'), iss: 'kehoach', iat: now, exp: now + 3600 };
    for (const token of [`${b64({ alg: 'none', typ: 'JWT' })}.${b64(payload)}.`, `${b64({ alg: 'none' })}.${b64(payload)}`]) {
      expectUnauthenticated(await raw(ME, {}, { authorization: `Bearer ${token}` }));
    }
  });

  it('a right-secret token of another issuer or type → UNAUTHENTICATED', async () => {
    const sub = await userId('tplaocai.viewer');
    expectUnauthenticated(
      await raw(ME, {}, { authorization: `Bearer ${await jwt({ typ: 'access', sub }, TEST_JWT_SECRET, { iss: 'someone-else' })}` }),
    );
    expectUnauthenticated(await raw(ME, {}, { authorization: `Bearer ${await jwt({ typ: 'refresh', sub }, TEST_JWT_SECRET)}` }));
    expectUnauthenticated(
      await raw(ME, {}, { authorization: `Bearer ${await jwt({ typ: 'access', sub: crypto.randomUUID() }, TEST_JWT_SECRET)}` }),
    );
  });

  it.each([
    ['Bearer', 'a scheme without credential'],
    ['Bearer ', 'a scheme and a blank'],
    ['Bearer not-a-jwt', 'a credential that is no JWT'],
    ['Bearer a.b.c', 'three garbage segments'],
    ['Basic dXNlcjpwYXNz', 'another scheme'],
    ['Token abc', 'an unknown scheme'],
    ['ApiKey', 'the ApiKey scheme without a key'],
    ['ApiKey kh_short', 'a malformed API key'],
  ])('malformed Authorization header %j (%s) → UNAUTHENTICATED', async (authorization) => {
    expectUnauthenticated(await raw(ME, {}, { authorization }));
  });

  it('a revoked API key → the next request is UNAUTHENTICATED', async () => {
    const admin = await env.login('tplaocai.admin');
    const created = await env.gql(
      `mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { secret apiKey { id } } }`,
      { i: { unitId: tplaocaiId, name: 'revoke me' } },
      admin,
    );
    const { secret, apiKey } = created.data!.createApiKey;
    expect((await env.gql(ME, {}, { apiKey: secret })).data!.me.kind).toBe('API_KEY');
    const revoked = await env.gql(`mutation($id: ID!) { revokeApiKey(input: { id: $id }) { apiKey { id } } }`, { id: apiKey.id }, admin);
    expect(revoked.errors).toBeUndefined();
    expectUnauthenticated(await raw(ME, {}, { authorization: `ApiKey ${secret}` }));
    expectUnauthenticated(await raw(ME, {}, { 'x-api-key': secret }));
  });

  it('a random well-formed API key → UNAUTHENTICATED', async () => {
    const secret = `kh_${crypto.randomBytes(6).toString('base64url')}_${crypto.randomBytes(30).toString('base64url')}`;
    expect(secret).toMatch(/^kh_[A-Za-z0-9_-]{8}_[A-Za-z0-9_-]{40}$/);
    expectUnauthenticated(await raw(ME, {}, { authorization: `ApiKey ${secret}` }));
  });

  it('a bad credential fails even the PUBLIC signIn (never a silent anonymous fallback)', async () => {
    expectUnauthenticated(await raw(SIGN_IN, { u: 'tplaocai.viewer', p: DEMO_PASSWORD }, { authorization: 'Bearer forged' }));
  });
});

describe('happy paths', () => {
  it('signs in and reads me', async () => {
    const r = await env.gql(SIGN_IN, { u: 'tplaocai.editor', p: DEMO_PASSWORD });
    expect(r.errors).toBeUndefined();
    expect(r.data!.signIn.viewer).toEqual({ username: 'tplaocai.editor', role: 'EDITOR' });
    expect(new Date(r.data!.signIn.expiresAt).getTime()).toBeGreaterThan(Date.now());
    const me = await env.gql(ME, {}, { token: r.data!.signIn.token });
    expect(me.data!.me).toEqual({ kind: 'USER', username: 'tplaocai.editor', role: 'EDITOR', unit: { code: '080' } });
  });

  it('usernames are case-insensitive at sign-in', async () => {
    const r = await env.gql(SIGN_IN, { u: '  TPLaoCai.Viewer ', p: DEMO_PASSWORD });
    expect(r.data!.signIn.viewer.username).toBe('tplaocai.viewer');
  });

  it('an API key reads as a VIEWER of its unit and its lastUsedAt is recorded', async () => {
    const admin = await env.login('tplaocai.admin');
    const created = await env.gql(
      `mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { secret apiKey { id role lastUsedAt } } }`,
      { i: { unitId: tplaocaiId, name: 'dashboard' } },
      admin,
    );
    const { secret, apiKey } = created.data!.createApiKey;
    expect(apiKey.role).toBe('VIEWER');
    expect(apiKey.lastUsedAt).toBeNull();
    const me = await env.gql(ME, {}, { apiKey: secret });
    expect(me.data!.me).toEqual({ kind: 'API_KEY', username: null, role: 'VIEWER', unit: { code: '080' } });
    const units = await env.gql(`{ units(first: 5) { totalCount } }`, {}, { apiKey: secret });
    expect(units.data!.units.totalCount).toBeGreaterThan(0);
    const { rows } = await env.db.query(`select last_used_at from api_key where id = $1`, [apiKey.id]);
    expect(rows[0].last_used_at).toBeInstanceOf(Date);
    expect(Date.now() - rows[0].last_used_at.getTime()).toBeLessThan(60_000);
    // The same header form works through X-Api-Key.
    expect((await env.gql(ME, {}, { headers: { 'x-api-key': secret } })).data!.me.kind).toBe('API_KEY');
  });

  it('changePassword: the new password signs in, the old one no longer does', async () => {
    const u = await newUser();
    const as = await env.login(u.username, u.password);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const wrongCurrent = await env.gql(
      `mutation { changePassword(input: { currentPassword: "wrong-password-1", newPassword: "Mat-khau-moi-2026" }) }`,
      {},
      as,
    );
    expect(wrongCurrent.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const r = await env.gql(
      `mutation($c: String!) { changePassword(input: { currentPassword: $c, newPassword: "Mat-khau-moi-2026" }) }`,
      { c: u.password },
      as,
    );
    expect(r.errors).toBeUndefined();
    expect(r.data!.changePassword).toBe(true);
    // Sessions opened before the change end with it (token times are whole seconds).
    expect((await env.gql(ME, {}, as)).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect((await env.gql(SIGN_IN, { u: u.username, p: 'Mat-khau-moi-2026' })).data!.signIn.viewer.username).toBe(u.username);
    expectUnauthenticated(await raw(SIGN_IN, { u: u.username, p: u.password }));
    const audit = await env.db.query(
      `select action, actor_user_id from audit_event where entity_type = 'User' and entity_id = $1 order by id`,
      [u.id],
    );
    expect(audit.rows.map((a) => a.action)).toEqual(['CREATE', 'CHANGE_PASSWORD']);
    expect(audit.rows[1].actor_user_id).toBe(u.id);
  });

  it('a too-short new password is refused and the old one still works', async () => {
    const u = await newUser();
    const as = await env.login(u.username, u.password);
    const r = await env.gql(
      `mutation($c: String!) { changePassword(input: { currentPassword: $c, newPassword: "short" }) }`,
      { c: u.password },
      as,
    );
    expect(r.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect((await env.gql(SIGN_IN, { u: u.username, p: u.password })).errors).toBeUndefined();
  });
});

describe('secrets at rest', () => {
  it('passwords are stored as argon2id hashes', async () => {
    const u = await newUser('EDITOR', 'Mot-mat-khau-rieng-9');
    const { rows } = await env.db.query(`select password_hash from app_user where username = any($1)`, [
      [u.username, 'tplaocai.viewer', 'quocgia.admin'],
    ]);
    expect(rows).toHaveLength(3);
    for (const r of rows) {
      expect(r.password_hash).toMatch(/^\$argon2id\$v=19\$m=\d+,t=\d+,p=\d+\$/);
      expect(r.password_hash).not.toContain('Mot-mat-khau-rieng-9');
    }
    const all = await env.db.query(`select count(*)::int n from app_user where password_hash not like '$argon2id$%'`);
    expect(all.rows[0].n).toBe(0);
    // Nothing in the audit trail carries the password either.
    const leaks = await env.db.query(
      `select count(*)::int n from audit_event where coalesce(before::text, '') || coalesce(after::text, '') like '%Mot-mat-khau%'`,
    );
    expect(leaks.rows[0].n).toBe(0);
  });

  it('API keys are stored as SHA-256 hex of the secret, never the secret', async () => {
    const admin = await env.login('tplaocai.admin');
    const r = await env.gql(
      `mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { secret apiKey { id prefix } } }`,
      { i: { unitId: tplaocaiId, name: 'hash check' } },
      admin,
    );
    const { secret, apiKey } = r.data!.createApiKey;
    expect(secret).toMatch(/^kh_[A-Za-z0-9_-]{8}_[A-Za-z0-9_-]{20,80}$/);
    expect(secret.startsWith(`kh_${apiKey.prefix}_`)).toBe(true);
    const { rows } = await env.db.query(`select to_jsonb(k) j, secret_hash from api_key k where id = $1`, [apiKey.id]);
    expect(rows[0].secret_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(rows[0].secret_hash).toBe(crypto.createHash('sha256').update(secret).digest('hex'));
    const secretPart = secret.split('_').slice(2).join('_');
    expect(JSON.stringify(rows[0].j)).not.toContain(secretPart);
    const audit = await env.db.query(`select count(*)::int n from audit_event where coalesce(after::text, '') like $1`, [
      `%${secretPart}%`,
    ]);
    expect(audit.rows[0].n).toBe(0);
    // The secret is never readable again through the API.
    const list = await env.gql(`query($u: ID!) { apiKeys(unitId: $u, first: 100) { nodes { id name prefix } } }`, { u: tplaocaiId }, admin);
    expect(JSON.stringify(list.data)).not.toContain(secretPart);
  });
});

describe('account lists', () => {
  it('apiKeys pages walk without duplicates and its date fields serialize', async () => {
    const admin = await env.login('tplaocai.admin');
    for (let i = 0; i < 5; i++) {
      const r = await env.gql(
        `mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { apiKey { id } } }`,
        { i: { unitId: tplaocaiId, name: `page ${i}` } },
        admin,
      );
      expect(r.errors).toBeUndefined();
    }
    const q = `query($u: ID!, $after: String) { apiKeys(unitId: $u, first: 2, after: $after) { nodes { id createdAt lastUsedAt revokedAt } pageInfo { hasNextPage endCursor } totalCount } }`;
    const { nodes, totalCount } = await walkPages(
      (after) => env.gql(q, { u: tplaocaiId, after }, admin),
      (d) => d.apiKeys,
    );
    const { rows } = await env.db.query(`select id from api_key where unit_id = $1`, [tplaocaiId]);
    expect(nodes.map((n) => n.id).sort()).toEqual(rows.map((r) => r.id).sort());
    expect(totalCount).toBe(rows.length);
    for (const n of nodes as unknown as { createdAt: string }[]) expect(n.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
  });

  it('users pages walk without duplicates and createdAt serializes', async () => {
    const admin = await env.login('laocai.admin');
    const q = `query($u: ID!, $after: String) { users(unitId: $u, includeDescendants: true, first: 3, after: $after) { nodes { id username createdAt unit { code } } pageInfo { hasNextPage endCursor } totalCount } }`;
    const laocai = await env.unitId('10');
    const { nodes, totalCount } = await walkPages(
      (after) => env.gql(q, { u: laocai, after }, admin),
      (d) => d.users,
    );
    const { rows } = await env.db.query(
      `select a.id from app_user a join admin_unit u on u.id = a.unit_id where u.path <@ (select path from admin_unit where id = $1)`,
      [laocai],
    );
    expect(nodes.map((n) => n.id).sort()).toEqual(rows.map((r) => r.id).sort());
    expect(totalCount).toBe(rows.length);
    expect(totalCount).toBeGreaterThanOrEqual(16); // laocai, tplaocai, phuonglaocai, batxat × 4 roles
  });
});
