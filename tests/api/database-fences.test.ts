import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { boot, type App } from '../../api/src/boot.js';
import { loadConfig } from '../../api/src/config.js';
import { canReadPlan, isInSubtree, isOnChain } from '../../api/src/core/access/policy.js';
import type { Principal, PrincipalRole } from '../../api/src/core/context.js';
import { TENANT_TABLES } from '../../api/src/core/db/migrations/0008-database-fences.js';
import { foldBegins } from '../../api/src/core/db/begin-folding.js';
import { MAX_PREPARED, numberPlaceholders, preparePerConnection, registerPrepared } from '../../api/src/core/db/prepared.js';
import { guardPool, inTransactionAs } from '../../api/src/core/db/transaction.js';
import { seedText } from '../../api/src/modules/documents/import/test-fixtures.js';
import { loadPlanRows } from '../../api/src/modules/plans/store/index.js';
import { insertUser } from '../support/api-helpers.js';
import { TEST_JWT_SECRET, codeOf, createTestEnv, type Caller, type TestEnv } from '../support/env.js';

/**
 * The database as the spine behind the services (docs/ARCHITECTURE.md, "Database roles and
 * row-level security"): one derived plan per unit and parent plan whatever the concurrency, requests
 * in one transaction on one connection as a role that owns nothing, bounded waits, and row-level
 * security that repeats api/src/core/access/policy.ts — proved by reading the tables with the
 * application's filters left out.
 */

let env: TestEnv;
let laoCaiPlan: { id: string; seriesId: string };

beforeAll(async () => {
  env = await createTestEnv();
  laoCaiPlan = (
    await env.db.query(
      `select p.id, p.series_id as "seriesId" from plan p join admin_unit u on u.id = p.unit_id
       where u.code = '10' and u.valid_from is null and p.status = 'ISSUED'`,
    )
  ).rows[0];
});
afterAll(async () => {
  await env?.stop();
});

const DERIVE = `mutation($i: DerivePlanInput!) { derivePlan(input: $i) { plan { id status } } }`;

/** POST /graphql with a time limit: a hung server fails the test instead of hanging it. */
async function timedGql(query: string, variables: Record<string, unknown>, as: Caller | undefined, ms = 60_000) {
  const started = Date.now();
  const res = await fetch(`${env.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(as?.token ? { authorization: `Bearer ${as.token}` } : {}) },
    body: JSON.stringify({ query, variables }),
    signal: AbortSignal.timeout(ms),
  });
  const body = (await res.json()) as { data?: any; errors?: { extensions?: { code?: string } }[] };
  return { status: res.status, body, ms: Date.now() - started };
}

async function timedGet(url: string, ms: number) {
  const started = Date.now();
  const res = await fetch(url, { signal: AbortSignal.timeout(ms) });
  return { status: res.status, ms: Date.now() - started };
}

/**
 * A unit below the Lào Cai province with no plan and no account, and an editor account made for
 * the test (the demo's districts have plans or accounts: a commune then).
 */
async function editorOfFreshDistrict(username: string): Promise<{ caller: Caller; unitId: number }> {
  const { rows } = await env.db.query(
    `select d.id from admin_unit d join admin_unit p on d.path <@ p.path and d.id <> p.id
     where p.code = '10' and p.valid_from is null and not exists (select 1 from plan where unit_id = d.id)
       and not exists (select 1 from app_user where unit_id = d.id) order by nlevel(d.path), d.code limit 1`,
  );
  await insertUser(env.db, rows[0].id, { username, role: 'EDITOR' });
  return { caller: await env.login(username), unitId: rows[0].id };
}

const derivedPlansOf = async (unitId: number) =>
  (
    await env.db.query(`select id, parent_series_id as "parentSeriesId" from plan where unit_id = $1 and parent_plan_id is not null`, [
      unitId,
    ])
  ).rows;

describe('one derived plan per unit and parent plan, whatever the concurrency', () => {
  it('40 parallel derivePlan into one unit: exactly one plan, 39 INVALID_STATE, and /readyz and GraphQL answer throughout', async () => {
    // 40 requests against a pool of 20 connections: once each request asked the pool for a second
    // connection inside its transaction, 20 of them deadlocked the pool and the server for good.
    const batxat = await env.login('batxat.editor');
    const viewer = await env.login('laocai.viewer');
    const derives = Array.from({ length: 40 }, () => timedGql(DERIVE, { i: { parentPlanId: laoCaiPlan.id } }, batxat));
    const probes: { what: string; status: number; ms: number }[] = [];
    for (let i = 0; i < 3; i++) {
      const [ready, query] = await Promise.all([
        timedGet(`${env.url}/readyz`, 30_000),
        timedGql(`{ me { username } }`, {}, viewer, 30_000),
      ]);
      probes.push({ what: 'readyz', ...ready }, { what: 'graphql', status: query.status, ms: query.ms });
    }
    const results = await Promise.all(derives);
    for (const p of probes) expect(p.status, p.what).toBe(200);

    const won = results.filter((r) => !r.body.errors);
    const lost = results.filter((r) => r.body.errors);
    expect(won).toHaveLength(1);
    expect(lost.map((r) => r.body.errors![0].extensions?.code)).toEqual(Array(39).fill('INVALID_STATE'));
    const batxatId = await env.unitId('082');
    const plans = await derivedPlansOf(batxatId);
    expect(plans).toEqual([{ id: won[0].body.data.derivePlan.plan.id, parentSeriesId: laoCaiPlan.seriesId }]);
  });

  it('40 parallel retries with one idempotency key all get the same plan', async () => {
    const { caller, unitId } = await editorOfFreshDistrict('fence-idem.editor');
    const results = await Promise.all(
      Array.from({ length: 40 }, () =>
        timedGql(DERIVE, { i: { parentPlanId: laoCaiPlan.id, idempotencyKey: 'derive-fence-0001' } }, caller),
      ),
    );
    const plans = await derivedPlansOf(unitId);
    expect(plans).toHaveLength(1);
    // The first runs; the others wait for it on the key and replay its result (or, while it is
    // still running, are told so: CONFLICT).
    for (const r of results) {
      if (r.body.errors) expect(r.body.errors[0].extensions?.code).toBe('CONFLICT');
      else expect(r.body.data.derivePlan.plan.id).toBe(plans[0].id);
    }
    expect(results.filter((r) => !r.body.errors).length).toBeGreaterThan(0);
  });

  it('the database itself refuses a second open plan of a unit from the same parent plan', async () => {
    const tplaocai = await env.unitId('080');
    const [draft] = await derivedPlansOf(tplaocai); // the demo's derived draft
    expect(draft.parentSeriesId).toBe(laoCaiPlan.seriesId); // kept by the trigger
    const unit = (await env.db.query(`select path::text, province_id from admin_unit where id = $1`, [tplaocai])).rows[0];
    // Even the owner, who bypasses row-level security, meets the index.
    const second = env.db.query(
      `insert into plan (id, unit_id, unit_path, province_id, series_id, parent_plan_id, title)
       values (gen_random_uuid(), $1, $2::ltree, $3, gen_random_uuid(), $4, 'Bản thứ hai')`,
      [tplaocai, unit.path, unit.province_id, laoCaiPlan.id],
    );
    await expect(second).rejects.toMatchObject({ code: '23505', constraint: 'plan_one_open_derived' });
  });

  it('importing a text that cites a plan the unit already has its plan from keeps it as a plan of its own', async () => {
    const pleiku = await env.login('pleiku.editor');
    const r = await env.gql(
      `mutation($i: ImportPlanInput!) { importPlan(input: $i) { plan { id parentPlan { id } legalBases { refPlanId } } report { parentPlanId warnings } } }`,
      { i: { fileName: 'gialai.txt', contentBase64: Buffer.from(seedText('giaLai')).toString('base64') } },
      pleiku,
    );
    expect(r.errors).toBeUndefined();
    const { plan, report } = r.data!.importPlan;
    expect(plan.parentPlan).toBeNull();
    expect(report.parentPlanId).toBeNull();
    expect(report.warnings.some((w: string) => w.includes('imported as a plan of its own'))).toBe(true);
    expect(plan.legalBases[0].refPlanId).toBeTruthy(); // the citation is kept
  });
});

/* --------------------------------------------------------------- roles, transactions, limits */

/** A second server on this file's database with tight limits: one connection, short waits. */
async function tightServer(overrides: Record<string, string> = {}): Promise<App> {
  return boot(
    loadConfig({
      ...process.env,
      DATABASE_URL: env.app.databaseUrl,
      DATABASE_APP_URL: env.app.appDatabaseUrl,
      PORT: '0',
      KEHOACH_DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'kehoach-tight-')),
      KEHOACH_JWT_SECRET: TEST_JWT_SECRET,
      KEHOACH_DB_POOL_SIZE: '1',
      KEHOACH_DB_ACQUIRE_TIMEOUT_MS: '500',
      KEHOACH_DB_STATEMENT_TIMEOUT_MS: '1500',
      KEHOACH_DB_IDLE_TX_TIMEOUT_MS: '3000',
      ...overrides,
    }),
    { seed: false },
  );
}

describe('requests run as kehoach_app, in one transaction, with bounded waits', () => {
  it('refuses to serve through a role that bypasses row-level security', async () => {
    const attempt = boot(
      loadConfig({
        ...process.env,
        DATABASE_URL: env.app.databaseUrl,
        DATABASE_APP_URL: env.app.databaseUrl, // the owner
        PORT: '0',
        KEHOACH_DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'kehoach-owner-')),
        KEHOACH_JWT_SECRET: TEST_JWT_SECRET,
      }),
      { seed: false },
    );
    await expect(attempt).rejects.toThrow(/row-level security would not apply/);
    const role = await env.db.query(`select rolsuper, rolbypassrls from pg_roles where rolname = 'kehoach_app'`);
    expect(role.rows[0]).toEqual({ rolsuper: false, rolbypassrls: false });
  });

  it('the caller is read with one lookup of its unit, not a pass over every unit (each sign-in function returns one account)', async () => {
    // The join of api/src/modules/auth/principal.ts and user.service.ts. Estimated at 1,000 rows (a
    // set-returning function's default), the planner hashed all of admin_unit on every request.
    const plan = async (from: string, param: string) =>
      (await env.db.query(`explain select u.path from ${from} a join admin_unit u on u.id = a.unit_id`, [param])).rows
        .map((r) => r['QUERY PLAN'] as string)
        .join('\n');
    const user = (await env.db.query(`select id from app_user limit 1`)).rows[0].id as string;
    for (const p of [
      await plan('kh_auth_user($1::uuid)', user),
      await plan('kh_auth_sign_in($1)', 'laocai.viewer'),
      await plan('kh_auth_api_key($1)', 'x'),
    ]) {
      // One index lookup of the caller's unit by id (the primary key, or migration 0022's covering index).
      expect(p).toMatch(/Index (Only )?Scan using admin_unit_\w+ on admin_unit u[\s\S]*Index Cond: \(id = a\.unit_id\)/);
      expect(p).not.toMatch(/Seq Scan on admin_unit|Hash/);
    }
  });

  it('a statement stuck on a lock ends at statement_timeout, a request finding no free connection fails at the acquire timeout, and both recover', async () => {
    const tight = await tightServer();
    const lock = new pg.Client({ connectionString: env.app.databaseUrl });
    await lock.connect();
    try {
      const viewer = await env.login('laocai.viewer');
      await lock.query(`begin`);
      await lock.query(`lock table plan in access exclusive mode`);
      const stuck = fetch(`${tight.server.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${viewer.token}` },
        body: JSON.stringify({ query: `{ plans(first: 1) { nodes { id } } }` }),
        signal: AbortSignal.timeout(30_000),
      });
      await new Promise((resolve) => setTimeout(resolve, 300));
      // The only connection is held by the stuck request: /readyz waits 0.5 s for it, then answers.
      const ready = await timedGet(`${tight.server.url}/readyz`, 20_000);
      expect(ready.status).toBe(503);
      const res = await stuck;
      const body = (await res.json()) as { errors?: { extensions?: { code?: string } }[] };
      expect(body.errors?.[0].extensions?.code).toBe('INTERNAL_SERVER_ERROR');
      await lock.query(`rollback`);
      expect((await timedGet(`${tight.server.url}/readyz`, 20_000)).status).toBe(200);
      const settings = await tight.orm.em
        .fork()
        .execute(`select current_setting('statement_timeout') s, current_setting('idle_in_transaction_session_timeout') i, current_user u`);
      expect(settings[0]).toEqual({ s: '1500ms', i: '3s', u: 'kehoach_app' });
    } finally {
      await lock.end();
      await tight.stop();
    }
  });

  it('gives back the place of a connection the database closes while a request holds it', async () => {
    const pool = new pg.Pool({ connectionString: env.app.appDatabaseUrl, max: 1, connectionTimeoutMillis: 3000 });
    pool.on('error', () => {});
    guardPool(pool);
    try {
      const held = await pool.connect();
      held.on('error', () => {});
      await held.query('begin');
      const pid = (await held.query('select pg_backend_pid() pid')).rows[0].pid;
      const ended = new Promise((resolve) => held.once('end', resolve));
      await env.db.query(`select pg_terminate_backend($1)`, [pid]);
      await ended;
      // The holder never gets to release it (its COMMIT and ROLLBACK fail): the pool must not wait for that.
      const next = await pool.connect();
      expect((await next.query(`select 1 as ok`)).rows[0].ok).toBe(1);
      next.release();
    } finally {
      await pool.end();
    }
  });

  it('a signed-in read waits for its statements and nothing else: the caller is read and set for row-level security in one statement carrying the BEGIN, and COMMIT is not waited for', async () => {
    // docs/ARCHITECTURE.md, "What every request costs". A caller lookup and its settings split
    // again, a BEGIN of its own or a COMMIT waited for would each add a round trip here.
    const PLANS = `{ plans(first: 3) { totalCount nodes { id } } }`;
    const viewer = await env.login('laocai.viewer');
    const read = await env.gql(PLANS, {}, viewer);
    expect(read.errors).toBeUndefined();
    // Tenant rows answer only with the caller set (a query with no principal set is an error, below).
    expect(read.data!.plans.totalCount).toBeGreaterThan(0);
    expect(read.sqlCount).toBeGreaterThanOrEqual(2); // the caller, then the page
    expect(read.roundTrips).toBe(read.sqlCount);

    const admin = await env.login('tplaocai.admin');
    const created = await env.gql(
      `mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { secret } }`,
      { i: { unitId: await env.unitId('080'), name: 'round trips' } },
      admin,
    );
    expect(created.errors).toBeUndefined();
    // A mutation waits for its COMMIT (whose answer says whether the transaction had failed).
    expect(created.roundTrips).toBe(created.sqlCount + 1);
    const byKey = await env.gql(PLANS, {}, { apiKey: created.data!.createApiKey.secret });
    expect(byKey.data!.plans.totalCount).toBeGreaterThan(0);
    expect(byKey.roundTrips).toBe(byKey.sqlCount);

    // Anonymous and asking for nothing stored: no round trip at all (the held BEGIN is never sent).
    const anonymous = await env.gql(`{ __typename }`, {});
    expect(anonymous.data).toEqual({ __typename: 'Query' });
    expect(anonymous.roundTrips).toBe(0);
  });

  it('a BEGIN held for the first statement: that statement is in the transaction, its settings end with it, a first statement PostgreSQL cannot parse leaves a failed transaction, not none, and COMMIT of a failed transaction fails', async () => {
    const pool = new pg.Pool({ connectionString: env.app.appDatabaseUrl, max: 1 });
    pool.on('error', () => {});
    foldBegins(pool);
    const c = await pool.connect();
    try {
      await c.query('begin');
      expect(c.getTransactionStatus()).toBe('I'); // nothing sent yet
      const set = await c.query(`select set_config('kehoach.unit_path', '1.2', true) as v`);
      expect(set.rows).toEqual([{ v: '1.2' }]);
      expect(c.getTransactionStatus()).toBe('T');
      await c.query('commit');
      expect((await c.query(`select current_setting('kehoach.unit_path', true) v`)).rows[0].v).toBe('');
      // With parameters (one statement per message), BEGIN goes first on its own.
      await c.query('begin');
      expect((await c.query(`select $1::int as n`, [7])).rows).toEqual([{ n: 7 }]);
      expect(c.getTransactionStatus()).toBe('T');
      await c.query('rollback');
      // A syntax error stops the whole message, BEGIN included. Without care, the next statements
      // would run and commit one by one, without the transaction's settings: they must fail.
      await c.query('begin');
      await expect(c.query(`selec 1`)).rejects.toMatchObject({ code: '42601' });
      await expect(c.query(`select 1`)).rejects.toMatchObject({ code: '25P02' });
      await c.query('rollback');
      expect(c.getTransactionStatus()).toBe('I');
      // COMMIT of a transaction with a failed statement: PostgreSQL rolls it back and says so in
      // its answer only; here it fails, so the failure cannot pass for a kept write.
      await c.query('begin');
      await c.query(`select set_config('kehoach.unit_path', '1.2', true)`);
      await expect(c.query(`select 1/0`)).rejects.toMatchObject({ code: '22012' });
      await expect(c.query('commit')).rejects.toThrow(/COMMIT rolled it back/);
      expect(c.getTransactionStatus()).toBe('I');
      // Begun and ended with nothing between: nothing was sent, nothing is open.
      await c.query('begin');
      await c.query('commit');
      expect(c.getTransactionStatus()).toBe('I');
      expect((await c.query(`select 1 as ok`)).rows).toEqual([{ ok: 1 }]);
    } finally {
      c.release();
      await pool.end();
    }
  });

  it('a prepared read is prepared once per connection: after a rollback, in parallel, with a BEGIN held, and under row-level security', async () => {
    expect(numberPlaceholders(`select ? as a, '?' as b, "x?" as c -- ?\n /* ? */ , ?::int as d`)).toEqual({
      text: `select $1 as a, '?' as b, "x?" as c -- ?\n /* ? */ , $2::int as d`,
      count: 2,
    });
    const pool = new pg.Pool({ connectionString: env.app.appDatabaseUrl, max: 1 });
    pool.on('error', () => {});
    foldBegins(pool);
    preparePerConnection(pool);
    // The text as core/sql.ts preparedRows sends it: its values inlined into the EXECUTE.
    const execute = registerPrepared(`select count(*)::int as n from plan where unit_path <@ ?::ltree and ?::int > 0`)!;
    const text = (path: string) => execute.replace('?', `'${path}'`).replace('?', '1');
    const prepared = (c: pg.PoolClient) =>
      c.query(`select count(*)::int as n from pg_prepared_statements where name = $1`, [execute.split(/[ (]/)[1]]);
    const c = await pool.connect();
    try {
      // First use in a transaction whose BEGIN is held: PREPARE carries it, then EXECUTE.
      await c.query('begin');
      await c.query(`select set_config('kehoach.unit_path', '1', true), set_config('kehoach.agency_id', '', true)`);
      const all = (await c.query(text('1'))).rows[0].n as number;
      expect(all).toBeGreaterThan(3);
      await c.query('rollback');
      // PREPARE outlives the rollback; the next use must not prepare it again ("already exists").
      expect((await prepared(c)).rows[0].n).toBe(1);
      await c.query('begin');
      // Row-level security is in the plan, the caller's setting read when it runs: a province sees less.
      await c.query(
        `select set_config('kehoach.unit_path', (select path::text from admin_unit where code = '10' and valid_from is null), true), set_config('kehoach.agency_id', '', true)`,
      );
      const province = (await c.query(text('1'))).rows[0].n as number;
      expect(province).toBeGreaterThan(0);
      expect(province).toBeLessThan(all);
      await c.query('commit');
      // Sent in parallel on one connection before either is prepared: one PREPARE, both answered.
      const execute2 = registerPrepared(`select ?::int + 1 as n`)!;
      const [a, b] = await Promise.all([c.query(execute2.replace('?', '1')), c.query(execute2.replace('?', '2'))]);
      expect([a.rows[0].n, b.rows[0].n]).toEqual([2, 3]);
      expect((await c.query(`select count(*)::int as n from pg_prepared_statements`)).rows[0].n).toBe(2);
      // A first use whose EXECUTE fails after its PREPARE ran (same message): the next use must
      // neither prepare it again ("already exists") nor assume it is there.
      const execute3 = registerPrepared(`select ?::int * 2 as n`)!;
      await c.query('begin');
      await expect(c.query(execute3.replace('?', "'x'"))).rejects.toMatchObject({ code: '22P02' });
      await c.query('rollback');
      // Its next use in a transaction that has already failed fails too (the question cannot be
      // asked there); the use after that, in a sound transaction, must still work.
      await c.query('begin');
      await expect(c.query(`select 1/0`)).rejects.toMatchObject({ code: '22012' });
      await expect(c.query(execute3.replace('?', '1'))).rejects.toMatchObject({ code: '25P02' });
      await c.query('rollback');
      await c.query('begin');
      expect((await c.query(execute3.replace('?', '21'))).rows).toEqual([{ n: 42 }]);
      await c.query('commit');
    } finally {
      c.release();
      await pool.end();
    }
    // A value written into the text instead of a parameter would make a statement per value: the
    // number of texts is bounded, beyond it a text runs as it is.
    let refused = 0;
    for (let i = 0; i <= MAX_PREPARED; i++) if (registerPrepared(`select ${i} as bound_${i}`) === null) refused++;
    expect(refused).toBeGreaterThan(0);
  });

  it('a request is one transaction: a mutation that fails unexpectedly takes the earlier ones of the request with it', async () => {
    // Only the statement timeout matters here: a connection may take seconds to open on a loaded machine.
    const tight = await tightServer({ KEHOACH_DB_ACQUIRE_TIMEOUT_MS: '15000' });
    const lock = new pg.Client({ connectionString: env.app.databaseUrl });
    await lock.connect();
    try {
      const { caller } = await editorOfFreshDistrict('fence-batch.editor');
      await lock.query(`begin`);
      await lock.query(`lock table agency in access exclusive mode`); // derivePlan maps agencies; createPlan does not
      const res = await fetch(`${tight.server.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${caller.token}` },
        body: JSON.stringify({
          query: `mutation($p: ID!) { a: createPlan(input: { title: "Kế hoạch lô" }) { plan { id } } b: derivePlan(input: { parentPlanId: $p }) { plan { id } } }`,
          variables: { p: laoCaiPlan.id },
        }),
        signal: AbortSignal.timeout(30_000),
      });
      const body = (await res.json()) as { data: unknown; errors?: { extensions?: { code?: string } }[] };
      await lock.query(`rollback`);
      expect(body.errors?.[0].extensions?.code).toBe('INTERNAL_SERVER_ERROR');
      expect(body.data).toBeNull(); // not { a: { plan … } }: that plan was not kept
      const made = await env.db.query(`select count(*)::int n from plan where title = 'Kế hoạch lô'`);
      expect(made.rows[0].n).toBe(0);
    } finally {
      await lock.end();
      await tight.stop();
    }
  });
});

/* --------------------------------------------------------------- row-level security */

/** The principal of a demo account, as resolvePrincipal would build it. */
async function principalOf(username: string): Promise<Principal> {
  const { rows } = await env.db.query(
    `select a.id, a.display_name as label, a.role, a.unit_id as "unitId", u.path::text as "unitPath", a.province_id as "provinceId"
     from app_user a join admin_unit u on u.id = a.unit_id where a.username = $1`,
    [username],
  );
  return { kind: 'USER', ...rows[0], role: rows[0].role as PrincipalRole };
}

/** A connection as kehoach_app, the serving role, with no application code in between. */
async function appConnection(): Promise<pg.Client> {
  const c = new pg.Client({ connectionString: env.app.appDatabaseUrl });
  await c.connect();
  return c;
}

async function asPrincipal<T>(c: pg.Client, p: Principal, work: () => Promise<T>): Promise<T> {
  await c.query('begin');
  try {
    await c.query(
      `select set_config('kehoach.unit_path', $1, true), set_config('kehoach.unit_id', $2, true), set_config('kehoach.principal_id', $3, true)`,
      [p.unitPath, String(p.unitId), p.id],
    );
    return await work();
  } finally {
    await c.query('rollback');
  }
}

const ACCOUNTS = ['quocgia.viewer', 'laocai.viewer', 'tplaocai.viewer', 'phuonglaocai.viewer', 'batxat.viewer', 'pleiku.viewer'];

describe('deletes follow indexes', () => {
  it('every foreign key into a table whose rows the product deletes has an index on its columns (migration 0023)', async () => {
    // Without one, PostgreSQL scans the referencing table once per deleted row: a 300-node draft
    // took 7.5 s to delete on the benchmark's 1.4 million report tasks.
    const missing = (
      await env.db.query(
        `select c.conrelid::regclass::text as "table", c.conname as "constraint"
         from pg_constraint c
         where c.contype = 'f' and c.connamespace = 'public'::regnamespace and c.confrelid = any($1::regclass[])
           and not exists (
             select 1 from pg_index i where i.indrelid = c.conrelid
               and (select array_agg(k.x order by k.x) from unnest(i.indkey::int2[]) with ordinality k(x, n) where k.n <= cardinality(c.conkey))
                 = (select array_agg(x order by x) from unnest(c.conkey) x))
         order by 1, 2`,
        [['plan', 'plan_node', 'plan_target', 'plan_phase', 'plan_milestone', 'report']],
      )
    ).rows;
    expect(missing).toEqual([]);
  });
});

describe('row-level security behind the policy module', () => {
  beforeAll(async () => {
    // Drafts and plans in review above the wards and districts: "up only what is issued" must hide them.
    for (const [editor, title] of [
      ['laocai.editor', 'Dự thảo của tỉnh Lào Cai'],
      ['gialai.editor', 'Dự thảo của tỉnh Gia Lai'],
      ['quocgia.editor', 'Dự thảo quốc gia'],
    ]) {
      const r = await env.gql(
        `mutation($t: String!) { createPlan(input: { title: $t }) { plan { id } } }`,
        { t: title },
        await env.login(editor),
      );
      expect(r.errors).toBeUndefined();
    }
  });

  it('every table the serving role can read is a tenant table under forced row-level security, or reference data', async () => {
    // A table a later migration adds (reports, notifications…) is held to the same fence: it
    // either forces RLS or is named here as reference data the serving role may read whole.
    const REFERENCE = ['admin_unit', 'admin_unit_succession', 'sign_in_throttle'];
    const { rows } = await env.db.query(
      `select c.relname as name, c.relrowsecurity as rls, c.relforcerowsecurity as forced
       from pg_class c join pg_namespace n on n.oid = c.relnamespace
       where n.nspname = 'public' and c.relkind in ('r', 'p') and has_table_privilege('kehoach_app', c.oid, 'select')
       order by 1`,
    );
    const unfenced = rows.filter((r) => !(r.rls && r.forced) && !REFERENCE.includes(r.name)).map((r) => r.name);
    expect(unfenced).toEqual([]);
    const fenced = rows.filter((r) => r.rls && r.forced).map((r) => r.name as string);
    expect(fenced).toEqual(expect.arrayContaining([...TENANT_TABLES, 'notification', 'notification_read', 'report', 'report_obligation']));
  });

  it('a query with no principal set returns an error, not rows — on every tenant table, and on a pooled connection after one', async () => {
    const c = await appConnection();
    const forced = (
      await env.db.query(
        `select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
         where n.nspname = 'public' and c.relkind = 'r' and c.relrowsecurity and c.relforcerowsecurity order by 1`,
      )
    ).rows.map((r) => r.name as string);
    try {
      for (const table of forced) {
        const owned = await env.db.query(`select count(*)::int n from ${table}`);
        if (owned.rows[0].n === 0) continue; // nothing to leak
        await expect(c.query(`select * from ${table}`), table).rejects.toMatchObject({ code: '42501' });
      }
      // After a transaction-local setting, the same connection reads '' (not NULL): still an error.
      const ward = await principalOf('pleiku.viewer');
      const seen = await asPrincipal(c, ward, async () => (await c.query(`select count(*)::int n from plan`)).rows[0].n);
      expect(seen).toBeGreaterThan(0);
      expect((await c.query(`select current_setting('kehoach.unit_path', true) v`)).rows[0].v).toBe('');
      await expect(c.query(`select id from plan`)).rejects.toMatchObject({ code: '42501' });
      await expect(c.query(`select id from plan_node limit 1`)).rejects.toMatchObject({ code: '42501' });
    } finally {
      await c.end();
    }
  });

  it.each(ACCOUNTS)('%s: the unfiltered select of every plan returns exactly what canReadPlan allows', async (username) => {
    const p = await principalOf(username);
    const all = (await env.db.query(`select id, unit_path::text as "unitPath", status, unit_id as "unitId" from plan`)).rows;
    const expected = all
      .filter((plan) => canReadPlan(p, plan))
      .map((x) => x.id)
      .sort();
    const c = await appConnection();
    try {
      const seen = await asPrincipal(c, p, async () => (await c.query(`select id from plan order by id`)).rows.map((r) => r.id));
      expect(seen).toEqual(expected);
      // Sideways plans exist for everyone but the national root, who sees everything below it.
      if (username !== 'quocgia.viewer') expect(seen.length).toBeLessThan(all.length);
      // Plan content follows its plan.
      const nodes = await asPrincipal(c, p, async () => (await c.query(`select distinct plan_id from plan_node order by plan_id`)).rows);
      const owned = (
        await env.db.query(`select distinct plan_id from plan_node where plan_id = any($1::uuid[]) order by plan_id`, [expected])
      ).rows;
      expect(nodes).toEqual(owned);
    } finally {
      await c.end();
    }
  });

  describe("a plan's targets and allocations: answered from their plan's path at or below the caller, through the plan above it (migration 0026)", () => {
    beforeAll(async () => {
      // A target allocated to the city on the province's draft: above the city and its wards, which must not see it.
      const draft = (await env.db.query(`select id from plan where title = 'Dự thảo của tỉnh Lào Cai'`)).rows[0].id;
      const city = (await env.db.query(`select id from admin_unit where code = '080' order by valid_from nulls first limit 1`)).rows[0].id;
      const r = await env.gql(
        `mutation($i: SaveTargetInput!) { saveTarget(input: $i) { target { id } } }`,
        {
          i: {
            planId: draft,
            metric: 'số vụ thử nghiệm',
            unitOfMeasure: 'vụ',
            value: 10,
            allocations: [{ assignee: 'thành phố Lào Cai', unitId: String(city), value: 4 }],
          },
        },
        await env.login('laocai.editor'),
      );
      expect(r.errors).toBeUndefined();
    });

    it("every row carries its plan's unit path, whoever wrote it", async () => {
      for (const t of ['plan_target', 'plan_target_allocation']) {
        const { rows } = await env.db.query(
          `select count(*)::int as n, count(*) filter (where x.plan_unit_path is distinct from p.unit_path)::int as wrong
           from ${t} x join plan p on p.id = x.plan_id`,
        );
        expect(rows[0].n, t).toBeGreaterThan(0);
        expect(rows[0].wrong, t).toBe(0);
      }
      // Written by hand, a wrong path is put right: the trigger takes the plan's.
      const one = (await env.db.query(`select id, plan_unit_path::text as path from plan_target limit 1`)).rows[0];
      await env.db.query(`update plan_target set plan_unit_path = '1' where id = $1`, [one.id]);
      expect((await env.db.query(`select plan_unit_path::text as path from plan_target where id = $1`, [one.id])).rows[0].path).toBe(
        one.path,
      );
    });

    it.each(ACCOUNTS)('%s: the unfiltered selects return exactly the rows of the plans canReadPlan allows', async (username) => {
      const p = await principalOf(username);
      const plans = (await env.db.query(`select id, unit_path::text as "unitPath", status, unit_id as "unitId" from plan`)).rows;
      const readable = new Set(plans.filter((plan) => canReadPlan(p, plan)).map((x) => x.id as string));
      const c = await appConnection();
      try {
        for (const t of ['plan_target', 'plan_target_allocation']) {
          const all = (await env.db.query(`select id, plan_id from ${t} order by id`)).rows;
          const seen = await asPrincipal(c, p, async () => (await c.query(`select id from ${t} order by id`)).rows.map((r) => r.id));
          expect(seen, t).toEqual(all.filter((x) => readable.has(x.plan_id)).map((x) => x.id));
        }
      } finally {
        await c.end();
      }
    });
  });

  it.each(ACCOUNTS)('%s: accounts, keys and agencies of units on its chain only', async (username) => {
    const p = await principalOf(username);
    const c = await appConnection();
    try {
      for (const table of ['app_user', 'agency', 'api_key']) {
        const all = (await env.db.query(`select t.id, u.path::text as path from ${table} t join admin_unit u on u.id = t.unit_id`)).rows;
        const expected = all
          .filter((r) => isOnChain(p, r.path))
          .map((r) => r.id)
          .sort();
        const seen = await asPrincipal(c, p, async () => (await c.query(`select id from ${table} order by id`)).rows.map((r) => r.id));
        expect(seen, table).toEqual(expected);
      }
    } finally {
      await c.end();
    }
  });

  it('a store function called without the SQL filter (a resolver bug) still returns only visible plans', async () => {
    const ward = await principalOf('phuonglaocai.viewer');
    const all = (await env.db.query(`select id, unit_path::text as "unitPath", status, unit_id as "unitId" from plan`)).rows;
    // loadPlanRows applies no access rule: callers pass ids that passed the policy. Here it gets every id.
    const rows = await inTransactionAs(env.app.orm, ward, (em) =>
      loadPlanRows(
        em,
        all.map((x) => x.id),
      ),
    );
    expect(rows.map((r) => r.id).sort()).toEqual(
      all
        .filter((x) => canReadPlan(ward, x))
        .map((x) => x.id)
        .sort(),
    );
    expect(rows.every((r) => isOnChain(ward, r.unitPath))).toBe(true);
    expect(rows.length).toBeLessThan(all.length);
  });

  it('writes: only the own plan, nothing sideways, no roll-ups, no reference data, an append-only audit log', async () => {
    const district = await principalOf('tplaocai.editor');
    const c = await appConnection();
    const tryAs = (sql: string, params: unknown[] = []) =>
      asPrincipal(c, district, async () => {
        await c.query('savepoint w');
        try {
          const r = await c.query(sql, params);
          return { rowCount: r.rowCount, code: null as string | null };
        } catch (e) {
          await c.query('rollback to savepoint w');
          return { rowCount: 0, code: (e as { code: string }).code };
        }
      });
    try {
      // The province's issued plan is visible to the district, but not its to write.
      expect(await tryAs(`update plan set title = 'x' where id = $1`, [laoCaiPlan.id])).toMatchObject({ code: '42501' });
      // A sibling district's rows are not even there.
      const batxat = await env.unitId('082');
      expect(await tryAs(`update agency set name = name || ' x' where unit_id = $1`, [batxat])).toEqual({ rowCount: 0, code: null });
      expect(await tryAs(`delete from plan_node where plan_id = $1`, [laoCaiPlan.id])).toEqual({ rowCount: 0, code: null });
      const sibling = (await env.db.query(`select path::text p, province_id from admin_unit where id = $1`, [batxat])).rows[0];
      expect(
        await tryAs(
          `insert into plan (id, unit_id, unit_path, province_id, series_id, title) values (gen_random_uuid(), $1, $2::ltree, $3, gen_random_uuid(), 'x')`,
          [batxat, sibling.p, sibling.province_id],
        ),
      ).toMatchObject({ code: '42501' });
      expect(await tryAs(`update plan_rollup set inherited = 0`)).toMatchObject({ code: '42501' });
      expect(await tryAs(`update audit_event set action = 'x'`)).toMatchObject({ code: '42501' });
      expect(await tryAs(`delete from audit_event`)).toMatchObject({ code: '42501' });
      expect(await tryAs(`update admin_unit set name = 'x'`)).toMatchObject({ code: '42501' });
      expect(await tryAs(`select * from mikro_orm_migrations`)).toMatchObject({ code: '42501' });
      // Roll-ups of plans outside the caller's subtree cannot be rewritten through the function either.
      const province = await env.unitId('10');
      const other = (await env.db.query(`select id from plan where unit_id = $1 and parent_plan_id is null limit 1`, [province])).rows[0];
      expect(await tryAs(`select kh_refresh_rollup($1, 0, 0)`, [other.id])).toMatchObject({ code: '42501' });
      const own = (await env.db.query(`select id from plan where unit_id = $1 and parent_plan_id is not null`, [district.unitId])).rows[0];
      expect(await tryAs(`select kh_refresh_rollup($1, 0, 0)`, [own.id])).toMatchObject({ code: null });
    } finally {
      await c.end();
    }
  });

  it('notices go down; up only a submitted report, to the unit its own obligation is owed to (migration 0019)', async () => {
    const city = await principalOf('tplaocai.editor');
    const province = await env.unitId('10');
    const batxat = await env.unitId('082');
    const ward = await env.unitId('02641');
    const quocgia = await env.unitId('VN');
    const obligationOf = async (unit: number) =>
      (await env.db.query(`select id, plan_id, issuer_unit_id from report_obligation where unit_id = $1 limit 1`, [unit])).rows[0];
    const own = await obligationOf(city.unitId);
    const sibling = await obligationOf(batxat);
    expect(own.issuer_unit_id).toBe(province);
    const c = await appConnection();
    const notify = (kind: string, to: number, obligation: { id: string; plan_id: string }) =>
      asPrincipal(c, city, async () => {
        await c.query('savepoint w');
        try {
          const r = await c.query(
            `insert into notification (unit_id, unit_path, kind, plan_id, from_unit_id, obligation_id)
             values ($1, (select path from admin_unit where id = $1), $2, $3, $4, $5)`,
            [to, kind, obligation.plan_id, city.unitId, obligation.id],
          );
          return { rowCount: r.rowCount, code: null as string | null };
        } catch (e) {
          await c.query('rollback to savepoint w');
          return { rowCount: 0, code: (e as { code: string }).code };
        }
      });
    try {
      // Its own submission, to the province it owes the report to: allowed.
      expect(await notify('REPORT_SUBMITTED', province, own)).toEqual({ rowCount: 1, code: null });
      // A sibling's obligation, another unit above, another kind upwards: refused.
      expect(await notify('REPORT_SUBMITTED', province, sibling)).toMatchObject({ code: '42501' });
      expect(await notify('REPORT_SUBMITTED', quocgia, own)).toMatchObject({ code: '42501' });
      expect(await notify('REPORT_RETURNED', province, own)).toMatchObject({ code: '42501' });
      expect(await notify('REPORT_DUE_SOON', batxat, own)).toMatchObject({ code: '42501' });
      // Down, to a ward below it: the rule of migration 0017.
      expect(await notify('REPORT_RETURNED', ward, own)).toEqual({ rowCount: 1, code: null });
    } finally {
      await c.end();
    }
  });

  it('what a unit writes into its own subtree (accounts, agencies) passes; the serving role never sees sign-in data without a principal except through kh_auth_sign_in', async () => {
    const c = await appConnection();
    try {
      const viaFunction = await c.query(`select username from kh_auth_sign_in('pleiku.viewer')`);
      expect(viaFunction.rows).toEqual([{ username: 'pleiku.viewer' }]);
      await expect(c.query(`select username from app_user where username = 'pleiku.viewer'`)).rejects.toMatchObject({ code: '42501' });
      const admin = await principalOf('laocai.admin');
      const below = await env.unitId('080');
      const updated = await asPrincipal(
        c,
        admin,
        async () => (await c.query(`update agency set version = version where unit_id = $1`, [below])).rowCount,
      );
      expect(updated).toBeGreaterThan(0);
      expect(isInSubtree(admin, (await env.db.query(`select path::text p from admin_unit where id = $1`, [below])).rows[0].p)).toBe(true);
    } finally {
      await c.end();
    }
  });

  it('the API answers as before for the unit and above: a ward reads its own plan and the issued plan above', async () => {
    const r = await env.gql(`{ plans(first: 50) { totalCount nodes { status unit { code } } } }`, {}, await env.login('pleiku.viewer'));
    expect(r.errors).toBeUndefined();
    expect(r.data!.plans.nodes.every((p: any) => ['23575', '52'].includes(p.unit.code))).toBe(true);
    expect(r.data!.plans.nodes.filter((p: any) => p.unit.code === '52').every((p: any) => p.status === 'ISSUED')).toBe(true);
    expect(codeOf(await env.gql(`{ plan(id: "${laoCaiPlan.id}") { id } }`, {}, await env.login('pleiku.viewer')))).toBe('NOT_FOUND');
  });
});
