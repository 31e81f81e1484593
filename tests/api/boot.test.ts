import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { boot, type App } from '../../api/src/boot.js';
import { loadConfig } from '../../api/src/config.js';

/**
 * The path of `npm start`: an embedded PostgreSQL in an empty data folder, migrations, reference
 * and demo data, the server — then the same again on the same folder, which must find everything
 * in place and add nothing.
 */
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kehoach-boot-'));
fs.chmodSync(dataDir, 0o755);
const config = () => {
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: '0', KEHOACH_DATA_DIR: dataDir };
  delete env.DATABASE_URL; // this test is about the embedded database
  delete env.DATABASE_APP_URL;
  delete env.KEHOACH_JWT_SECRET;
  return loadConfig(env);
};
let app: App | null = null;

async function counts(url: string) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  const { rows } = await c.query(`select (select count(*)::int from admin_unit) units, (select count(*)::int from app_user) users,
    (select count(*)::int from agency) agencies, (select count(*)::int from plan) plans, (select count(*)::int from plan_node) nodes,
    (select count(*)::int from admin_unit_succession) succession`);
  await c.end();
  return rows[0];
}

/** Can `password` sign in as the embedded cluster's superuser? */
async function superuserAccepts(password: string): Promise<boolean> {
  const port = new URL(app!.databaseUrl).port;
  const c = new pg.Client({ host: '127.0.0.1', port: Number(port), user: 'postgres', password, database: 'postgres' });
  try {
    await c.connect();
    await c.end();
    return true;
  } catch {
    return false;
  }
}

afterAll(async () => {
  await app?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('npm start boot path', () => {
  it('starts from an empty data folder, then again without duplicating anything', async () => {
    app = await boot(config(), { ephemeralDb: true });
    expect(app.embedded).not.toBeNull();
    expect(app.migrated).toEqual([
      '0001-foundation',
      '0002-plans',
      '0003-derivation',
      '0004-credentials',
      '0005-node-reference-indexes',
      '0006-sign-in-throttle',
      '0008-database-fences',
      '0011-table-nodes',
      '0012-node-omission',
      '0013-reports',
      '0016-job-runs',
      '0017-notifications',
      '0018-report-obligation-lifecycle',
      '0019-report-notices',
      '0020-agency-notices',
      '0021-report-rollup-indexes',
      '0022-report-rollup-page',
      '0023-delete-paths',
      '0024-obligation-closed-reasons',
      '0025-obligation-unit-sort-key',
      '0026-plan-target-paths',
    ]);
    expect(app.seeded.createdAccounts).toBeGreaterThan(0);
    // Five seed plans, the city's derived draft, seven district plans under Lào Cai.
    expect(app.seeded.plans).toBe(13);
    expect((await fetch(`${app.server.url}/healthz`)).status).toBe(200);
    expect(await (await fetch(`${app.server.url}/readyz`)).json()).toEqual({ status: 'ready' });
    const first = await counts(app.databaseUrl);
    expect(first.units).toBeGreaterThan(1900);
    expect(fs.existsSync(path.join(dataDir, 'jwt-secret'))).toBe(true);
    await app.stop();
    app = null;

    app = await boot(config(), { ephemeralDb: true });
    expect(app.migrated).toEqual([]);
    expect(app.seeded).toMatchObject({ units: 0, plans: 0, createdAccounts: 0 });
    expect(await counts(app.databaseUrl)).toEqual(first);
    const signIn = await fetch(`${app.server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: 'mutation { signIn(input: { username: "laocai.viewer", password: "KeHoach@2026" }) { token } }' }),
    });
    expect(((await signIn.json()) as any).data.signIn.token).toBeTruthy();
  });

  it('keeps generated database passwords in the data folder (0600) and serves as kehoach_app, not the owner', async () => {
    app ??= await boot(config(), { ephemeralDb: true });
    for (const file of ['pg-superuser-password', 'db-app-password']) {
      expect((fs.statSync(path.join(dataDir, file)).mode & 0o777).toString(8), file).toBe('600');
    }
    expect(await superuserAccepts(fs.readFileSync(path.join(dataDir, 'pg-superuser-password'), 'utf8'))).toBe(true);
    expect(await superuserAccepts('kehoach')).toBe(false); // the constant password of before
    expect(new URL(app.appDatabaseUrl).username).toBe('kehoach_app');
    expect(await (await fetch(`${app.server.url}/readyz`)).json()).toEqual({ status: 'ready' });
    const c = new pg.Client({ connectionString: app.databaseUrl });
    await c.connect();
    const { rows } = await c.query(
      `select distinct usename from pg_stat_activity where datname = current_database() and application_name ~ '^kehoach-[0-9]+-'`,
    );
    // The job queue is system work across every unit and runs as the owner (docs/SCALING.md), on
    // sessions of its own name; requests never do.
    const jobs = await c.query(
      `select distinct usename from pg_stat_activity where datname = current_database() and application_name = 'kehoach-jobs'`,
    );
    await c.end();
    expect(rows).toEqual([{ usename: 'kehoach_app' }]);
    expect(jobs.rows.map((r) => r.usename)).not.toContain('kehoach_app');
  });

  it('replaces the constant password of a data folder made before passwords were generated', async () => {
    app ??= await boot(config(), { ephemeralDb: true });
    const c = new pg.Client({ connectionString: app.databaseUrl });
    await c.connect();
    await c.query(`alter role postgres password 'kehoach'`);
    await c.end();
    await app.stop();
    app = null;
    fs.rmSync(path.join(dataDir, 'pg-superuser-password'));

    app = await boot(config(), { ephemeralDb: true });
    expect(await (await fetch(`${app.server.url}/readyz`)).json()).toEqual({ status: 'ready' });
    const fresh = fs.readFileSync(path.join(dataDir, 'pg-superuser-password'), 'utf8');
    expect(fresh).not.toBe('kehoach');
    expect(await superuserAccepts(fresh)).toBe(true);
    expect(await superuserAccepts('kehoach')).toBe(false);
  });
});
