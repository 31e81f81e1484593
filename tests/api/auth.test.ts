import 'reflect-metadata';
import crypto from 'node:crypto';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { boot, type App } from '../../api/src/boot.js';
import { loadConfig } from '../../api/src/config.js';
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
  const username = `080.auth-${crypto.randomBytes(4).toString('hex')}`; // 080: Thành phố Lào Cai's code
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

  it('revoked, unknown and malformed API keys get one and the same answer', async () => {
    const admin = await env.login('tplaocai.admin');
    const created = await env.gql(
      `mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { secret apiKey { id } } }`,
      { i: { unitId: tplaocaiId, name: 'revoked for comparison' } },
      admin,
    );
    const { secret, apiKey } = created.data!.createApiKey;
    await env.gql(`mutation($id: ID!) { revokeApiKey(input: { id: $id }) { apiKey { id } } }`, { id: apiKey.id }, admin);
    const unknown = `kh_${crypto.randomBytes(6).toString('base64url')}_${crypto.randomBytes(30).toString('base64url')}`;
    const answers = [];
    for (const key of [secret, unknown, 'kh_short']) {
      answers.push(await raw(ME, {}, { authorization: `ApiKey ${key}` }), await raw(ME, {}, { 'x-api-key': key }));
    }
    for (const a of answers) expect(a).toEqual(answers[0]);
    expectUnauthenticated(answers[0]);
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

// ---- Sign-in throttling (docs/ACCESS.md, "Sign-in throttling") ----

interface Answer {
  status: number;
  retryAfter: string | null;
  body: { data?: any; errors?: { message: string; extensions?: Record<string, unknown> }[] };
}

/**
 * POST /graphql from a chosen loopback address: the whole of 127/8 reaches a server listening on
 * 127.0.0.1, so each simulated client has a real socket address of its own (no header trickery).
 */
function post(server: App, payload: unknown, from: string, headers: Record<string, string> = {}): Promise<Answer> {
  const data = JSON.stringify(payload);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port: server.server.port,
        path: '/graphql',
        method: 'POST',
        localAddress: from,
        agent: false,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data), ...headers },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => {
          const retryAfter = res.headers['retry-after'];
          resolve({ status: res.statusCode!, retryAfter: typeof retryAfter === 'string' ? retryAfter : null, body: JSON.parse(text) });
        });
      },
    );
    req.on('error', reject);
    req.end(data);
  });
}

const signInFrom = (server: App, from: string, u: string, p: string, headers?: Record<string, string>) =>
  post(server, { query: SIGN_IN, variables: { u, p } }, from, headers);
/** OK, or the code of the one error. */
const outcome = (a: Answer) => (a.body.data?.signIn ? 'OK' : a.body.errors?.[0]?.extensions?.code);
const outcomes = (answers: Answer[]) => answers.map(outcome);
const count = (answers: Answer[], code: string) => answers.filter((a) => outcome(a) === code).length;

let lastHost = 0;
/** A fresh client address for each simulated client. */
const client = () => `127.0.${20 + Math.floor(++lastHost / 250)}.${(lastHost % 250) + 1}`;
const nobody = () => `khong-co-ai-${crypto.randomBytes(4).toString('hex')}`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Small limits for the tests. STRICT waits long (exact counts, whatever the machine's speed); FAST waits a second. */
const LIMITS = { KEHOACH_SIGNIN_LIMIT: '3', KEHOACH_SIGNIN_ADDRESS_LIMIT: '8', KEHOACH_SIGNIN_USERNAME_ADDRESSES: '3' };
const STRICT = { ...LIMITS, KEHOACH_SIGNIN_WINDOW: '600', KEHOACH_SIGNIN_BLOCK: '300', KEHOACH_SIGNIN_MAX_BLOCK: '600' };
const FAST = { ...LIMITS, KEHOACH_SIGNIN_WINDOW: '5', KEHOACH_SIGNIN_BLOCK: '2', KEHOACH_SIGNIN_MAX_BLOCK: '2' };

describe('sign-in throttling', () => {
  /** Two instances of the product on this file's database, as behind a load balancer. */
  let strictA: App;
  let strictB: App;
  let fast: App;
  /** Behind a trusted proxy on the loopback. */
  let proxied: App;

  const bootWith = (settings: Record<string, string>) =>
    boot(
      loadConfig({
        ...process.env,
        DATABASE_URL: env.app.databaseUrl,
        // The role's password is shared by every test file's servers: never let boot reset it.
        DATABASE_APP_URL: env.app.appDatabaseUrl,
        PORT: '0',
        KEHOACH_JWT_SECRET: TEST_JWT_SECRET,
        KEHOACH_DATA_DIR: path.join(os.tmpdir(), 'kehoach-throttle-test'),
        ...settings,
      }),
      { seed: false },
    );

  beforeAll(async () => {
    strictA = await bootWith(STRICT);
    strictB = await bootWith(STRICT);
    fast = await bootWith(FAST);
    proxied = await bootWith({ ...STRICT, KEHOACH_TRUST_PROXY: 'loopback' });
  });
  afterAll(async () => {
    for (const app of [strictA, strictB, fast, proxied]) await app?.stop();
  });

  it('guessing one account: 429 TOO_MANY_ATTEMPTS with Retry-After after the limit, on every instance, the right password included', async () => {
    const u = await newUser();
    const attacker = client();
    const guesses = [];
    for (const server of [strictA, strictB, strictA]) guesses.push(await signInFrom(server, attacker, u.username, 'sai-mat-khau-1'));
    expect(outcomes(guesses)).toEqual(['UNAUTHENTICATED', 'UNAUTHENTICATED', 'UNAUTHENTICATED']);

    // The fourth attempt, on the other instance: the state is in the database.
    const refused = await signInFrom(strictB, attacker, u.username, 'sai-mat-khau-1');
    expect(refused.status).toBe(429);
    expect(refused.body.data ?? null).toBeNull();
    expect(refused.body.errors).toHaveLength(1);
    const ext = refused.body.errors![0].extensions!;
    expect(ext.code).toBe('TOO_MANY_ATTEMPTS');
    expect(Object.keys(ext).sort()).toEqual(['code', 'retryAfterSeconds']);
    expect(ext.retryAfterSeconds).toBeGreaterThan(250);
    expect(ext.retryAfterSeconds).toBeLessThanOrEqual(300);
    expect(refused.retryAfter).toBe(String(ext.retryAfterSeconds));
    // The right password from the same address waits too, on both instances.
    for (const server of [strictA, strictB])
      expect(outcome(await signInFrom(server, attacker, u.username, u.password))).toBe('TOO_MANY_ATTEMPTS');

    // The owner, from anywhere else, is not locked out by one address's guessing…
    const owner = await signInFrom(strictA, client(), u.username, u.password);
    expect(outcome(owner)).toBe('OK');
    // …and the owner's success does not release the guesser.
    expect(outcome(await signInFrom(strictB, attacker, u.username, u.password))).toBe('TOO_MANY_ATTEMPTS');
  });

  it('50 parallel wrong passwords on two instances: exactly `limit` are checked, the rest are refused', async () => {
    const u = await newUser();
    const attacker = client();
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) => signInFrom(i % 2 ? strictA : strictB, attacker, u.username, `doan-mat-khau-${i}`)),
    );
    expect(count(answers, 'UNAUTHENTICATED')).toBe(3);
    expect(count(answers, 'TOO_MANY_ATTEMPTS')).toBe(47);
    for (const a of answers.filter((x) => outcome(x) === 'TOO_MANY_ATTEMPTS')) expect(a.status).toBe(429);
    // 50 guesses from one address never lock the owner out elsewhere.
    expect(outcome(await signInFrom(strictB, client(), u.username, u.password))).toBe('OK');
  });

  it('an unknown username is throttled exactly like a real one (the throttle tells no account apart)', async () => {
    const u = await newUser();
    const [a, b] = [client(), client()];
    const real: Answer[] = [];
    const unknown: Answer[] = [];
    const name = nobody();
    for (let i = 0; i < 5; i++) {
      real.push(await signInFrom(strictA, a, u.username, 'sai-mat-khau-2'));
      unknown.push(await signInFrom(strictA, b, name, 'sai-mat-khau-2'));
    }
    const expected = ['UNAUTHENTICATED', 'UNAUTHENTICATED', 'UNAUTHENTICATED', 'TOO_MANY_ATTEMPTS', 'TOO_MANY_ATTEMPTS'];
    expect(outcomes(real)).toEqual(expected);
    expect(outcomes(unknown)).toEqual(expected);
    const shape = (x: Answer) => ({
      status: x.status,
      message: x.body.errors?.[0].message.replace(/\d+ s$/, 'N s'),
      keys: Object.keys(x.body),
    });
    expect(real.map(shape)).toEqual(unknown.map(shape));
  });

  it('password spraying: an address gets `addressLimit` failures whatever the usernames, then waits; other addresses do not', async () => {
    const sprayer = client();
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => signInFrom(strictA, sprayer, nobody(), `thu-${i}-mat-khau`)));
    expect(count(answers, 'UNAUTHENTICATED')).toBe(8);
    expect(count(answers, 'TOO_MANY_ATTEMPTS')).toBe(12);
    // The address waits, for any name…
    expect(outcome(await signInFrom(strictB, sprayer, nobody(), 'thu-nua-mat-khau'))).toBe('TOO_MANY_ATTEMPTS');
    // …while another address is answered normally: a wrong guess is checked, a right password signs in.
    const other = client();
    expect(outcome(await signInFrom(strictB, other, nobody(), 'thu-nua-mat-khau'))).toBe('UNAUTHENTICATED');
    expect(outcome(await signInFrom(strictB, other, 'tplaocai.viewer', DEMO_PASSWORD))).toBe('OK');
  });

  it('X-Forwarded-For is ignored without KEHOACH_TRUST_PROXY: a forged header does not make a new client', async () => {
    const sprayer = client();
    const answers: Answer[] = [];
    for (let i = 0; i < 10; i++) {
      answers.push(await signInFrom(strictA, sprayer, nobody(), 'sai-mat-khau-3', { 'x-forwarded-for': `198.51.100.${i + 1}` }));
    }
    expect(count(answers, 'UNAUTHENTICATED')).toBe(8);
    expect(outcomes(answers.slice(8))).toEqual(['TOO_MANY_ATTEMPTS', 'TOO_MANY_ATTEMPTS']);
  });

  it('behind a trusted proxy, the address is the one the proxy saw, and prepending to the header does not escape', async () => {
    const proxy = client(); // a loopback address: trusted by KEHOACH_TRUST_PROXY=loopback
    const behind = (xff: string, name = nobody()) => signInFrom(proxied, proxy, name, 'sai-mat-khau-4', { 'x-forwarded-for': xff });
    const first: Answer[] = [];
    for (let i = 0; i < 8; i++) first.push(await behind('203.0.113.10'));
    expect(count(first, 'UNAUTHENTICATED')).toBe(8);
    expect(outcome(await behind('203.0.113.10'))).toBe('TOO_MANY_ATTEMPTS');
    // A client that prepends its own value is still the address the proxy appended.
    expect(outcome(await behind('192.0.2.77, 203.0.113.10'))).toBe('TOO_MANY_ATTEMPTS');
    // Another client behind the same proxy is answered normally.
    expect(outcome(await behind('203.0.113.11'))).toBe('UNAUTHENTICATED');
  });

  it('the right password is refused while the key waits; when the wait is over the owner signs in and the counter starts afresh', async () => {
    const u = await newUser();
    const from = client();
    const first: Answer[] = [];
    for (let i = 0; i < 3; i++) first.push(await signInFrom(fast, from, u.username, 'sai-mat-khau-5'));
    expect(outcomes(first)).toEqual(['UNAUTHENTICATED', 'UNAUTHENTICATED', 'UNAUTHENTICATED']);
    const waiting = await signInFrom(fast, from, u.username, u.password);
    expect(outcome(waiting)).toBe('TOO_MANY_ATTEMPTS');
    expect(Number(waiting.retryAfter)).toBeGreaterThanOrEqual(1);
    // Knocking during the wait does not lengthen it.
    for (let i = 0; i < 5; i++) expect(outcome(await signInFrom(fast, from, u.username, 'sai-mat-khau-5'))).toBe('TOO_MANY_ATTEMPTS');
    await sleep(Number(waiting.retryAfter) * 1000 + 300);
    expect(outcome(await signInFrom(fast, from, u.username, u.password))).toBe('OK');
    // The success reset the counter: `limit` fresh failures are checked again before any wait.
    const again: Answer[] = [];
    for (let i = 0; i < 4; i++) again.push(await signInFrom(fast, from, u.username, 'sai-mat-khau-6'));
    expect(outcomes(again)).toEqual(['UNAUTHENTICATED', 'UNAUTHENTICATED', 'UNAUTHENTICATED', 'TOO_MANY_ATTEMPTS']);
  });

  it('many addresses guessing one account make it wait everywhere, for at most the cap; then the owner signs in', async () => {
    const u = await newUser();
    for (let i = 0; i < 3; i++) expect(outcome(await signInFrom(fast, client(), u.username, 'sai-mat-khau-7'))).toBe('UNAUTHENTICATED');
    const owner = client();
    const waiting = await signInFrom(fast, owner, u.username, u.password);
    expect(outcome(waiting)).toBe('TOO_MANY_ATTEMPTS');
    expect(Number(waiting.retryAfter)).toBeLessThanOrEqual(2); // KEHOACH_SIGNIN_MAX_BLOCK
    await sleep(Number(waiting.retryAfter) * 1000 + 300);
    expect(outcome(await signInFrom(fast, owner, u.username, u.password))).toBe('OK');
  });

  it('expired counters are deleted: the table does not grow without bound', async () => {
    const expired = async () =>
      Number((await env.db.query(`select count(*)::int n from sign_in_throttle where expires_at <= now()`)).rows[0].n);
    // Counters of the FAST instance last 5 s (KEHOACH_SIGNIN_WINDOW) after their first failure or last wait.
    for (let i = 0; i < 4; i++) await signInFrom(fast, client(), nobody(), 'sai-mat-khau-8');
    const lastSignIn = Date.now();
    const deadline = Date.now() + 20_000;
    while ((await expired()) === 0 && Date.now() < deadline) await sleep(500);
    expect(await expired()).toBeGreaterThan(0);
    // The FAST instance sweeps at most once a window (5 s), and the last of the four sign-ins may
    // have swept (on a loaded machine they take seconds): once a window has passed since it, every
    // counter above has expired and the next sign-in sweeps.
    await sleep(Math.max(0, lastSignIn + 5_300 - Date.now()));
    // Every counter expired by the time of that sign-in is gone (counters of earlier tests may
    // expire a little later, while the assertion runs: they are the next sweep's).
    const sweepAt = (await env.db.query(`select now() as t`)).rows[0].t as Date;
    await signInFrom(fast, client(), nobody(), 'sai-mat-khau-8');
    expect(Number((await env.db.query(`select count(*)::int n from sign_in_throttle where expires_at <= $1`, [sweepAt])).rows[0].n)).toBe(
      0,
    );
  });
});

describe('sessions end when the account is disabled, and stay ended when it is enabled again', () => {
  const UPDATE = `mutation($i: UpdateUserInput!) { updateUser(input: $i) { user { disabled version } } }`;

  it('sign in, disable, re-enable: the old token is UNAUTHENTICATED, a fresh sign-in works', async () => {
    const u = await newUser();
    const token = (await env.login(u.username, u.password)).token!;
    expect((await env.gql(ME, {}, { token })).data!.me.username).toBe(u.username);
    const admin = await env.login('tplaocai.admin');
    const off = await env.gql(UPDATE, { i: { id: u.id, version: u.version, disabled: true } }, admin);
    expect(off.data!.updateUser.user.disabled).toBe(true);
    const on = await env.gql(UPDATE, { i: { id: u.id, version: off.data!.updateUser.user.version, disabled: false } }, admin);
    expect(on.data!.updateUser.user.disabled).toBe(false);

    expectUnauthenticated(await raw(ME, {}, { authorization: `Bearer ${token}` }));
    const fresh = await env.login(u.username, u.password, { fresh: true });
    expect((await env.gql(ME, {}, fresh)).data!.me.username).toBe(u.username);
  });

  it('a token issued in the same second as a password reset is ended by it (no whole-second blind spot)', async () => {
    const u = await newUser();
    // Sign in and reset within one wall-clock second: token times are whole seconds.
    await sleep(1000 - (Date.now() % 1000));
    const token = (await env.login(u.username, u.password)).token!;
    const admin = await env.login('tplaocai.admin');
    const reset = await env.gql(UPDATE, { i: { id: u.id, version: u.version, password: 'Mat-khau-dat-lai-9' } }, admin);
    expect(reset.errors).toBeUndefined();
    expectUnauthenticated(await raw(ME, {}, { authorization: `Bearer ${token}` }));
    const fresh = await env.login(u.username, 'Mat-khau-dat-lai-9', { fresh: true });
    expect((await env.gql(ME, {}, fresh)).data!.me.username).toBe(u.username);
  });

  it('renaming an account does not end its sessions (only credentials and the disabled state do)', async () => {
    const u = await newUser();
    const token = (await env.login(u.username, u.password)).token!;
    const admin = await env.login('tplaocai.admin');
    const renamed = await env.gql(UPDATE, { i: { id: u.id, version: u.version, displayName: 'Tên mới' } }, admin);
    expect(renamed.errors).toBeUndefined();
    expect((await env.gql(ME, {}, { token })).data!.me.username).toBe(u.username);
  });
});

describe('sign-in answers alike for unknown user, wrong password and disabled account', () => {
  it('in the time it takes too: an unknown name costs one password check like a wrong password (generous bound)', async () => {
    const u = await newUser();
    const unknownMs: number[] = [];
    const wrongMs: number[] = [];
    const timed = async (username: string, into: number[]) => {
      const started = performance.now();
      expectUnauthenticated(await raw(SIGN_IN, { u: username, p: 'sai-mat-khau-9' }));
      into.push(performance.now() - started);
    };
    // Interleaved, so that load on the machine hits both alike; within the default limits.
    for (let i = 0; i < 4; i++) {
      await timed(nobody(), unknownMs);
      await timed(u.username, wrongMs);
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    // Without the dummy verification an unknown name answers in a fraction of the time.
    expect(median(unknownMs)).toBeGreaterThan(median(wrongMs) * 0.5);
  });
});

describe('usernames begin with the key of a unit the administrator administers', () => {
  const CREATE = `mutation($i: CreateUserInput!) { createUser(input: $i) { user { id username unit { code } } } }`;
  const create = async (admin: string, unitId: number, username: string) =>
    env.gql(
      CREATE,
      { i: { unitId, username, displayName: 'Người thử tên', role: 'VIEWER', password: 'Mat-khau-dai-2026' } },
      await env.login(admin),
    );
  const hex = () => crypto.randomBytes(4).toString('hex');

  it('the unit’s own code or that of a unit above it that the admin administers; anything else is refused for its form', async () => {
    const phuong = await env.unitId('02641');
    for (const ok of [`02641.moi-${hex()}`, `080.moi-${hex()}`]) {
      const r = await create('tplaocai.admin', phuong, ok);
      expect(r.errors, ok).toBeUndefined();
      expect(r.data!.createUser.user).toMatchObject({ username: ok, unit: { code: '02641' } });
    }
    // The province above Thành phố Lào Cai is not administered by its admin; a bare name has no key.
    for (const refused of [`10.moi-${hex()}`, `moi-${hex()}`, '02641.', `082.moi-${hex()}`]) {
      const r = await create('tplaocai.admin', phuong, refused);
      expect(
        r.errors?.map((e) => e.extensions),
        refused,
      ).toEqual([{ code: 'BAD_USER_INPUT', field: 'username', prefixes: ['02641.', '080.'] }]);
    }
  });

  it('a name taken inside the admin’s tree gets the plain answer', async () => {
    const name = `080.trung-${hex()}`;
    expect((await create('tplaocai.admin', tplaocaiId, name)).errors).toBeUndefined();
    const again = await create('laocai.admin', await env.unitId('080'), name.toUpperCase());
    expect(again.errors?.map((e) => [e.extensions?.code, e.message])).toEqual([['BAD_USER_INPUT', 'username is already taken']]);
  });

  it('a code the 2025 reform gave to a new unit: the new unit keeps it, the old one adds the year it ended', async () => {
    const oldHungYen = await env.unitId('33'); // Tỉnh Hưng Yên before 2025; code 33 now belongs to the new province
    const refused = await create('hungyen.admin', oldHungYen, `33.cu-${hex()}`);
    expect(refused.errors?.[0].extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'username', prefixes: ['33-2025.'] });
    expect((await create('hungyen.admin', oldHungYen, `33-2025.cu-${hex()}`)).errors).toBeUndefined();
    const gialai = await env.unitId('52', '2025-07-01'); // Tỉnh Gia Lai from 2025: holds code 52
    expect((await create('gialai.admin', gialai, `52.moi-${hex()}`)).errors).toBeUndefined();
  });
});
