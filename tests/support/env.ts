import crypto from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import { boot, type App } from '../../api/src/boot.js';
import { loadConfig } from '../../api/src/config.js';
import type { Limits } from '../../api/src/core/graphql/limits.js';
import { DEMO_PASSWORD } from '../../api/src/seed/demo.seed.js';
import { TEMPLATE_DB, withDatabase } from './global-setup.js';

export const TEST_JWT_SECRET = 'test-secret-for-kehoach-tests-only-0123456789';

export interface GqlResult<T = Record<string, any>> {
  status: number;
  data: T | null;
  errors: { message: string; extensions?: { code?: string; [k: string]: unknown }; path?: (string | number)[] }[] | undefined;
  /** SQL statements the server ran for this request. */
  sqlCount: number;
  /** Round trips to PostgreSQL before the response (framing of the transaction included). */
  roundTrips: number;
}

export interface Caller {
  token?: string;
  apiKey?: string;
  headers?: Record<string, string>;
}

export interface TestEnv {
  url: string;
  app: App;
  /** A direct connection to this file's database as its owner (no row-level security): setup, re-reading after denied writes. */
  db: pg.Client;
  gql<T = Record<string, any>>(query: string, variables?: Record<string, unknown>, as?: Caller): Promise<GqlResult<T>>;
  /** Signs in a demo account ("laocai.admin") and caches its token; `fresh` signs in again (after a password change). */
  login(username: string, password?: string, opts?: { fresh?: boolean }): Promise<Caller>;
  unitId(code: string, validFrom?: string | null): Promise<number>;
  stop(): Promise<void>;
}

/**
 * Boots the real server (the same boot() as `npm start`) on a fresh clone of the template
 * database and returns typed clients for it. The server serves as kehoach_app, under row-level
 * security, like production.
 */
export interface TestEnvOptions {
  /** Boot as with NODE_ENV=production. */
  production?: boolean;
  /** Overrides of the request limits (api/src/core/graphql/limits.ts). */
  limits?: Partial<Limits>;
  /** Start the scheduled-job queue (off by default: every test server would poll it). */
  jobs?: boolean;
  /** More environment for loadConfig (SMTP_URL…). */
  env?: Record<string, string>;
}

export async function createTestEnv(opts: TestEnvOptions = {}): Promise<TestEnv> {
  const adminUrl = inject('pgAdminUrl');
  const dbName = `kh_test_${crypto.randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${dbName} template ${TEMPLATE_DB}`);
  await admin.end();
  const databaseUrl = withDatabase(adminUrl, dbName);
  const config = loadConfig({
    ...process.env,
    DATABASE_URL: databaseUrl,
    DATABASE_APP_URL: withDatabase(inject('pgAppUrl'), dbName),
    PORT: '0',
    KEHOACH_DATA_DIR: path.join(os.tmpdir(), `kehoach-${dbName}`),
    KEHOACH_JWT_SECRET: TEST_JWT_SECRET,
    NODE_ENV: opts.production ? 'production' : 'test',
    ...opts.env,
  });
  const app = await boot(config, { seed: false, exposeSqlCount: true, limits: opts.limits, jobs: opts.jobs ?? false });
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  const tokens = new Map<string, Caller>();

  const gql: TestEnv['gql'] = async (query, variables, as) => {
    const headers: Record<string, string> = { 'content-type': 'application/json', ...(as?.headers ?? {}) };
    if (as?.token) headers.authorization = `Bearer ${as.token}`;
    if (as?.apiKey) headers.authorization = `ApiKey ${as.apiKey}`;
    const res = await fetch(`${app.server.url}/graphql`, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
    const body = (await res.json()) as { data?: any; errors?: GqlResult['errors'] };
    return {
      status: res.status,
      data: body.data ?? null,
      errors: body.errors,
      sqlCount: Number(res.headers.get('x-sql-count') ?? -1),
      roundTrips: Number(res.headers.get('x-sql-round-trips') ?? -1),
    };
  };

  return {
    url: app.server.url,
    app,
    db,
    gql,
    async login(username, password = DEMO_PASSWORD, opts = {}) {
      const cached = tokens.get(username);
      if (cached && password === DEMO_PASSWORD && !opts.fresh) return cached;
      const r = await gql<{ signIn: { token: string } }>(
        `mutation($u: String!, $p: String!) { signIn(input: { username: $u, password: $p }) { token } }`,
        { u: username, p: password },
      );
      if (!r.data) throw new Error(`login ${username} failed: ${JSON.stringify(r.errors)}`);
      const caller = { token: r.data.signIn.token };
      tokens.set(username, caller);
      return caller;
    },
    async unitId(code, validFrom = null) {
      const { rows } = await db.query(
        `select id from admin_unit where code = $1 and coalesce(valid_from, '-infinity'::date) = coalesce($2::date, '-infinity'::date)`,
        [code, validFrom],
      );
      if (!rows[0]) throw new Error(`no unit ${code}`);
      return rows[0].id as number;
    },
    async stop() {
      await db.end();
      await app.stop();
      const cleanup = new pg.Client({ connectionString: adminUrl });
      await cleanup.connect();
      await cleanup.query(`drop database if exists ${dbName} with (force)`);
      await cleanup.end();
    },
  };
}

/** The code of the first error, for assertions (tests assert codes, never messages). */
export const codeOf = (r: GqlResult) => r.errors?.[0]?.extensions?.code;
