import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { boot, type App } from '../../api/src/boot.js';
import { loadConfig } from '../../api/src/config.js';
import { ensureDatabase, startEmbeddedPostgres, type EmbeddedDatabase } from '../../api/src/core/db/embedded.js';
import { DEMO_PASSWORD } from '../../api/src/seed/demo.seed.js';
import { startStandby, type Standby } from '../support/standby.js';
import { TEST_JWT_SECRET } from '../support/env.js';

/**
 * Reads from a real streaming replica (docs/SCALING.md, "Read replicas"): an embedded primary, a
 * standby made from it by base backup and streaming, and the server given the standby in
 * DATABASE_REPLICA_URLS. Replay is paused on purpose to make the replica lag, so what is read
 * where is visible: a query goes to the replica, a mutation to the primary, and a client that
 * sends back the position its write was given reads its write.
 */

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kehoach-replica-'));
let primary: EmbeddedDatabase;
let standby: Standby;
let app: App;

const configFor = (extra: Record<string, string>) =>
  loadConfig({
    ...process.env,
    PORT: '0',
    KEHOACH_DATA_DIR: path.join(dir, 'data'),
    KEHOACH_JWT_SECRET: TEST_JWT_SECRET,
    DATABASE_URL: primary.url('kehoach'),
    NODE_ENV: 'test',
    ...extra,
  });

beforeAll(async () => {
  primary = await startEmbeddedPostgres(path.join(dir, 'pg'), { log: () => {} });
  await ensureDatabase(primary, 'kehoach');
  // Migrations, demo data and the serving role's login, once, before the standby is copied.
  const preparing = await boot(configFor({ DATABASE_APP_URL: '' }));
  const appUrl = preparing.appDatabaseUrl;
  await preparing.stop();
  standby = await startStandby(primary, path.join(dir, 'standby'));
  const role = new URL(appUrl);
  app = await boot(
    configFor({
      DATABASE_APP_URL: appUrl,
      DATABASE_REPLICA_URLS: standby.url('kehoach', decodeURIComponent(role.username), decodeURIComponent(role.password)),
    }),
    { seed: false },
  );
}, 240_000);

afterAll(async () => {
  await app?.stop();
  await standby?.stop().catch(() => {});
  await primary?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
}, 60_000);

interface Answer {
  data?: any;
  errors?: { extensions?: Record<string, unknown> }[];
  servedBy: string | null;
  lsn: string | null;
}

async function gql(query: string, variables: Record<string, unknown> = {}, token?: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${app.server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as Omit<Answer, 'servedBy' | 'lsn'>;
  return { ...body, servedBy: res.headers.get('x-kehoach-served-by'), lsn: res.headers.get('x-kehoach-lsn') } as Answer;
}

async function signIn(username: string): Promise<string> {
  const r = await gql(`mutation($u: String!, $p: String!) { signIn(input: { username: $u, password: $p }) { token } }`, {
    u: username,
    p: DEMO_PASSWORD,
  });
  expect(r.servedBy).toBe('primary');
  return r.data.signIn.token as string;
}

const PLAN = `query($id: String!) { plan(id: $id) { id title } }`;

describe('read replicas', { timeout: 120_000 }, () => {
  it('answers queries from the replica and mutations from the primary', async () => {
    const token = await signIn('laocai.viewer');
    const me = await gql(`{ me { username } }`, {}, token);
    expect(me.data.me.username).toBe('laocai.viewer');
    expect(me.servedBy).toBe('replica 0');
    // A document with a mutation in it is a write, whichever operation it names first.
    const mixed = await gql(
      `query A { me { username } } mutation B { signIn(input: { username: "x", password: "y" }) { token } }`,
      {},
      token,
    );
    expect(mixed.servedBy).toBe('primary');
  });

  it('a lagging replica does not show a write; the writer who sends back its position reads it from the primary', async () => {
    const editor = await signIn('laocai.editor');
    await standby.pauseReplay();
    try {
      const created = await gql(`mutation { createPlan(input: { title: "Kế hoạch đọc lại" }) { plan { id } } }`, {}, editor);
      expect(created.errors).toBeUndefined();
      expect(created.servedBy).toBe('primary');
      expect(created.lsn).toMatch(/^[0-9A-F]+\/[0-9A-F]+$/);
      const id = created.data.createPlan.plan.id as string;

      const anyone = await gql(PLAN, { id }, editor);
      expect(anyone.servedBy).toBe('replica 0');
      expect(anyone.errors?.[0]?.extensions?.code).toBe('NOT_FOUND'); // the replica has not replayed the write

      const writer = await gql(PLAN, { id }, editor, { 'x-kehoach-lsn': created.lsn! });
      expect(writer.servedBy).toBe('primary');
      expect(writer.data.plan).toMatchObject({ id, title: 'Kế hoạch đọc lại' });

      await standby.resumeReplay();
      await standby.catchUp();
      const later = await gql(PLAN, { id }, editor, { 'x-kehoach-lsn': created.lsn! });
      expect(later.servedBy).toBe('replica 0'); // caught up: the replica serves the writer again
      expect(later.data.plan.id).toBe(id);
    } finally {
      await standby.resumeReplay().catch(() => {});
    }
  });

  it('a position that is no WAL position is read from the primary, not refused', async () => {
    const token = await signIn('laocai.viewer');
    const r = await gql(`{ me { username } }`, {}, token, { 'x-kehoach-lsn': "0/0'; select 1 --" });
    expect(r.data.me.username).toBe('laocai.viewer');
    expect(r.servedBy).toBe('primary');
  });

  it('with the replica down, reads go to the primary and still answer', async () => {
    const token = await signIn('laocai.viewer');
    await standby.stop();
    const r = await gql(`{ me { username } }`, {}, token);
    expect(r.data.me.username).toBe('laocai.viewer');
    expect(r.servedBy).toBe('primary');
  });
});
