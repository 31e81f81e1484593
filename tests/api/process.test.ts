import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { holderOf, processState, readPidFile } from '../../api/src/core/db/postmaster.js';
import { DEMO_PASSWORD } from '../../api/src/seed/demo.seed.js';
import { TEMPLATE_DB, withDatabase } from '../support/global-setup.js';

/**
 * The server as a process, the way `npm start` runs it: `node --import tsx api/src/main.ts` in a
 * child process, then the things that happen to processes — the database killed under it, the
 * server killed with its database left behind, SIGTERM in the middle of a request, a database
 * that cannot start. Time bounds are generous (the machine is shared); the unfixed code fails
 * each test on what happens, not on how fast.
 */

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kehoach-process-'));
fs.chmodSync(dataDir, 0o755);
const pgDir = path.join(dataDir, 'pg');
const spawned: ChildProcess[] = [];

interface Server {
  child: ChildProcess;
  url: string;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
}

function serverEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: '0', KEHOACH_DATA_DIR: dataDir, ...extra };
  // As `npm start` runs: not in test mode (Apollo installs its signal handlers outside it).
  for (const key of ['NODE_ENV', 'KEHOACH_JWT_SECRET', 'KEHOACH_LOG_ERRORS', 'KEHOACH_DEBUG_PG']) delete env[key];
  if (!extra.DATABASE_URL) delete env.DATABASE_URL;
  return env;
}

/** Spawns main.ts; resolves once it prints its URL, or with `url: ''` when it exits first. */
function launch(extra: Record<string, string> = {}): Promise<Server> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'api/src/main.ts'], {
    cwd: ROOT,
    env: serverEnv(extra),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  spawned.push(child);
  let out = '';
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal, at: Date.now() })),
  );
  return new Promise((resolve) => {
    const seen = (chunk: Buffer) => {
      out += chunk.toString('utf8');
      const m = /GraphQL\s+(http:\/\/\S+)\/graphql/.exec(out);
      if (m) {
        child.stdout!.off('data', seen);
        child.stdout!.on('data', (c: Buffer) => (out += c.toString('utf8')));
        resolve({ child, url: m[1]!, output: () => out, exited });
      }
    };
    child.stdout!.on('data', seen);
    child.stderr!.on('data', (c: Buffer) => (out += c.toString('utf8')));
    void exited.then(() => resolve({ child, url: '', output: () => out, exited }));
  });
}

async function started(extra: Record<string, string> = {}): Promise<Server> {
  const server = await launch(extra);
  if (!server.url) throw new Error(`the server did not start:\n${server.output()}`);
  return server;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until<T>(what: string, ms: number, probe: () => Promise<T | undefined> | T | undefined): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

const readyz = (url: string) =>
  fetch(`${url}/readyz`, { signal: AbortSignal.timeout(5_000) }).then(
    (r) => r.status,
    () => 0,
  );

async function gql(url: string, query: string, variables: Record<string, unknown> = {}, token?: string) {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return (await res.json()) as { data?: any; errors?: { message: string; extensions?: { code?: string } }[] };
}

async function signIn(url: string, username = 'laocai.admin'): Promise<string> {
  const r = await gql(url, `mutation($u: String!, $p: String!) { signIn(input: { username: $u, password: $p }) { token } }`, {
    u: username,
    p: DEMO_PASSWORD,
  });
  expect(r.errors).toBeUndefined();
  return r.data.signIn.token as string;
}

const running = (pid: number) => processState(pid) === 'running';

let current: Server | null = null;

/** Kills the servers this file started and stops a postmaster they left in the data folder (only ours). */
async function cleanUp() {
  current = null;
  for (const child of spawned) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  const holder = holderOf(pgDir);
  if (holder.kind !== 'none') {
    process.kill(holder.pid, 'SIGINT');
    await until('the test postmaster to stop', 20_000, () => (running(holder.pid) ? undefined : true)).catch(() =>
      process.kill(holder.pid, 'SIGKILL'),
    );
  }
}

afterAll(async () => {
  await cleanUp();
  fs.rmSync(dataDir, { recursive: true, force: true });
}, 60_000);

describe('the embedded PostgreSQL as a process', () => {
  it('restarts PostgreSQL after kill -9: /readyz answers 503, then 200, and sign-in works again', async () => {
    current = await started();
    expect(await readyz(current.url)).toBe(200);
    const before = readPidFile(pgDir)!.pid;
    expect(running(before)).toBe(true);

    process.kill(before, 'SIGKILL');
    await until('the postmaster to die', 10_000, () => (running(before) ? undefined : true));
    // The supervisor waits at least 0.5 s before restarting: the outage is visible.
    expect(await until('/readyz to answer 503', 10_000, async () => ((await readyz(current!.url)) === 503 ? 503 : undefined))).toBe(503);
    await until('/readyz to answer 200 again', 60_000, async () => ((await readyz(current!.url)) === 200 ? true : undefined));

    const after = readPidFile(pgDir)!.pid;
    expect(after).not.toBe(before);
    expect(running(after)).toBe(true);
    expect(await signIn(current.url)).toBeTruthy();
    expect(current.output()).toMatch(/PostgreSQL exited unexpectedly \(signal SIGKILL\)/);
    expect(current.output()).toMatch(/PostgreSQL is running again/);
  }, 120_000);

  it('restarts that fail are retried with a growing delay, each failure with its reason, until PostgreSQL can start', async () => {
    let server = current;
    if (!server || (await readyz(server.url)) !== 200) {
      await cleanUp();
      server = current = await started();
    }
    const from = server.output().length;
    const log = () => server.output().slice(from);
    fs.chmodSync(pgDir, 0o777); // every restart now fails: PostgreSQL refuses the folder
    try {
      process.kill(readPidFile(pgDir)!.pid, 'SIGKILL');
      await until('three failed restarts', 30_000, () => ((log().match(/restart failed/g) ?? []).length >= 3 ? true : undefined));
      expect(log()).toMatch(/restart failed: PostgreSQL did not start[^]*has invalid permissions/);
      const delays = [...log().matchAll(/restarting PostgreSQL in ([\d.]+) s \(attempt (\d+)\)/g)].map((m) => Number(m[1]));
      // Doubling from 0.5 s (or from where the last short-lived postmaster left it), capped at 30 s.
      expect(delays.length).toBeGreaterThanOrEqual(3);
      for (let i = 1; i < delays.length; i++) expect(delays[i]).toBe(Math.min(30, delays[i - 1]! * 2));
      expect(await readyz(server.url)).toBe(503);
    } finally {
      fs.chmodSync(pgDir, 0o700);
    }
    await until('/readyz to answer 200 again', 60_000, async () => ((await readyz(server.url)) === 200 ? true : undefined));
    expect(await signIn(server.url)).toBeTruthy();
  }, 120_000);

  it('after kill -9 of the server its PostgreSQL stays; the next start stops it and serves on the same folder', async () => {
    let first = current;
    if (!first || (await readyz(first.url)) !== 200) {
      await cleanUp();
      first = await started();
    }
    current = null;
    const orphan = readPidFile(pgDir)!.pid;
    first.child.kill('SIGKILL');
    await first.exited;
    await sleep(500);
    expect(running(orphan)).toBe(true); // the orphan this test is about

    const second = await launch();
    expect(second.output(), 'the second start must serve').toMatch(/ready in/);
    current = second;
    expect(second.output()).toMatch(new RegExp(`left running by an earlier run holds .* \\(pid ${orphan}\\)`));
    expect(running(orphan)).toBe(false);
    expect(readPidFile(pgDir)!.pid).not.toBe(orphan);
    expect(await readyz(second.url)).toBe(200);
    expect(await signIn(second.url)).toBeTruthy();
  }, 120_000);

  it('SIGTERM stops the server and the embedded PostgreSQL, exits 0 and restarts nothing', async () => {
    let server = current;
    if (!server || (await readyz(server.url)) !== 200) {
      await cleanUp();
      server = await started();
    }
    current = null;
    const postmaster = readPidFile(pgDir)!.pid;
    const t0 = Date.now();
    server.child.kill('SIGTERM');
    const exit = await server.exited;
    expect(exit.at - t0).toBeLessThan(10_000);
    expect(exit).toMatchObject({ code: 0, signal: null });
    expect(server.output()).toMatch(/kehoach: stopped/);
    await sleep(1_000);
    expect(running(postmaster)).toBe(false);
    expect(readPidFile(pgDir)).toBeNull(); // a clean shutdown removes its lock file
    expect(server.output()).not.toMatch(/restarting PostgreSQL/);
  }, 60_000);

  it('a database that cannot start: the server prints PostgreSQL’s reason and exits 1', async () => {
    await cleanUp();
    fs.chmodSync(pgDir, 0o777); // PostgreSQL refuses a data folder others can write to
    try {
      const server = await launch();
      const exit = await server.exited;
      expect(server.url).toBe('');
      expect(exit.code).toBe(1);
      expect(server.output()).toMatch(/could not start: PostgreSQL did not start/);
      expect(server.output()).toMatch(/FATAL: +data directory .* has invalid permissions/);
      expect(server.output()).not.toMatch(/triggerUncaughtException/);
    } finally {
      fs.chmodSync(pgDir, 0o700);
    }
  }, 60_000);
});

describe('SIGTERM with a request in flight (DATABASE_URL)', () => {
  const adminUrl = inject('pgAdminUrl');
  const dbName = `kh_process_${crypto.randomBytes(4).toString('hex')}`;
  const databaseUrl = withDatabase(adminUrl, dbName);
  // The serving role's password is shared by every test file's servers: never let boot reset it.
  const appUrl = withDatabase(inject('pgAppUrl'), dbName);
  let db: pg.Client;

  beforeAll(async () => {
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`create database ${dbName} template ${TEMPLATE_DB}`);
    await admin.end();
    db = new pg.Client({ connectionString: databaseUrl });
    await db.connect();
  });
  afterAll(async () => {
    await db?.end();
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`drop database if exists ${dbName} with (force)`);
    await admin.end();
  });

  /** Sessions of this database (the server's: the test holds the lock) that wait on a lock. */
  const lockWaiters = async () =>
    (
      await db.query<{ n: number }>(
        `select count(*)::int n from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid() and wait_event_type = 'Lock'`,
      )
    ).rows[0]!.n;

  /**
   * Holds laocai.viewer's row locked from the test's own connection and sends an updateUser of it
   * as laocai.admin: a real mutation that waits on the lock for as long as the test wants.
   */
  async function blockedMutation(url: string) {
    const token = await signIn(url);
    const { rows } = await db.query<{ id: string; version: number; display_name: string }>(
      `select id, version, display_name from app_user where username = 'laocai.viewer'`,
    );
    const viewer = rows[0]!;
    await db.query('begin');
    await db.query('select 1 from app_user where id = $1 for update', [viewer.id]);
    const answer = gql(
      url,
      `mutation($i: UpdateUserInput!) { updateUser(input: $i) { user { id displayName } } }`,
      { i: { id: viewer.id, version: viewer.version, displayName: 'Đổi trong lúc dừng' } },
      token,
    ).catch((e: Error) => ({ failed: e.message }));
    await until('the mutation to wait on the lock', 10_000, async () => ((await lockWaiters()) > 0 ? true : undefined));
    return { viewer, answer };
  }

  it('a request that can finish within the grace period gets its answer; then the process exits 0', async () => {
    const server = await started({
      DATABASE_URL: databaseUrl,
      DATABASE_APP_URL: appUrl,
      KEHOACH_DATA_DIR: path.join(dataDir, 'external-a'),
    });
    const { viewer, answer } = await blockedMutation(server.url);
    server.child.kill('SIGTERM');
    await sleep(1_000);
    await db.query('commit'); // the lock goes away within the grace period
    expect(await answer).toEqual({ data: { updateUser: { user: { id: viewer.id, displayName: 'Đổi trong lúc dừng' } } } });
    const exit = await server.exited;
    expect(exit).toMatchObject({ code: 0, signal: null });
    expect(server.output()).toMatch(/kehoach: stopped/);
  }, 60_000);

  it('a statement that waits past the grace period is ended; the process exits 0 within 10 s and nothing is written', async () => {
    const server = await started({
      DATABASE_URL: databaseUrl,
      DATABASE_APP_URL: appUrl,
      KEHOACH_DATA_DIR: path.join(dataDir, 'external-b'),
    });
    const { viewer, answer } = await blockedMutation(server.url);
    const t0 = Date.now();
    server.child.kill('SIGTERM');
    const exit = await server.exited;
    expect(exit.at - t0).toBeLessThan(10_000);
    expect(exit).toMatchObject({ code: 0, signal: null });
    expect(await answer).toHaveProperty('failed'); // its socket was cut after the grace period
    // The waiting UPDATE was ended with its session, not left queued behind the lock.
    expect(await lockWaiters()).toBe(0);
    await db.query('commit');
    const { rows } = await db.query(`select display_name, version from app_user where id = $1`, [viewer.id]);
    expect(rows[0]).toEqual({ display_name: viewer.display_name, version: viewer.version });
  }, 60_000);

  it('a second signal exits at once', async () => {
    const server = await started({
      DATABASE_URL: databaseUrl,
      DATABASE_APP_URL: appUrl,
      KEHOACH_DATA_DIR: path.join(dataDir, 'external-c'),
    });
    await blockedMutation(server.url);
    server.child.kill('SIGTERM');
    await until('the shutdown to begin', 5_000, () => (/shutting down/.test(server.output()) ? true : undefined));
    server.child.kill('SIGTERM');
    const exit = await server.exited;
    expect(exit).toMatchObject({ code: 143, signal: null });
    expect(server.output()).toMatch(/second SIGTERM, exiting now/);
    expect(server.output()).not.toMatch(/kehoach: stopped/);
    await db.query('rollback');
  }, 60_000);
});
