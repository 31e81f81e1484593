import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { APP_ROLE, newSecret, withCredentials } from '../../api/src/core/db/credentials.js';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../../api/src/core/db/embedded.js';
import { migrateUp, openOrm } from '../../api/src/core/db/orm.js';
import { seedAdminUnits } from '../../api/src/seed/admin-units.seed.js';
import { seedDemo } from '../../api/src/seed/demo.seed.js';
import { seedPlans } from '../../api/src/seed/plans.seed.js';

export const TEMPLATE_DB = 'kehoach_test_template';

/**
 * Once per test run: a real PostgreSQL (embedded, or the server of DATABASE_URL, used as the
 * owner) and a template database with migrations, the seed provinces and demo accounts. Each test file then clones
 * the template into its own database (CREATE DATABASE … TEMPLATE), so files are isolated and
 * start in milliseconds.
 */
export default async function setup(project: TestProject) {
  let embedded: EmbeddedDatabase | null = null;
  let adminUrl: string;
  if (process.env.DATABASE_URL) {
    adminUrl = process.env.DATABASE_URL;
  } else {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kehoach-test-pg-'));
    fs.chmodSync(dir, 0o755);
    // Port 0: a free port the system picks. A fixed one made two runs on one machine (CI beside a
    // developer's run) race for it, and the second failed to start its PostgreSQL.
    embedded = await startEmbeddedPostgres(path.join(dir, 'pg'), { ephemeral: true, preferredPort: 0 });
    adminUrl = embedded.url('postgres');
  }
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`drop database if exists ${TEMPLATE_DB} with (force)`);
  await admin.query(`create database ${TEMPLATE_DB}`);
  const templateUrl = withDatabase(adminUrl, TEMPLATE_DB);
  const orm = await openOrm(templateUrl);
  await migrateUp(orm);
  const em = orm.em.fork();
  await em.transactional(async (tem) => {
    await seedAdminUnits(tem, { all: false });
    await seedDemo(tem);
    await seedPlans(tem);
  });
  await orm.close(true);
  // Every test server serves as the app role (row-level security applies in every API test); its
  // password is set once here, as the workers boot their servers in parallel.
  const appPassword = newSecret();
  await admin.query(`alter role ${APP_ROLE} with login password '${appPassword}'`);
  await admin.end();

  project.provide('pgAdminUrl', adminUrl);
  project.provide('pgAppUrl', withCredentials(adminUrl, APP_ROLE, appPassword));
  return async () => {
    if (embedded) await embedded.stop();
  };
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

declare module 'vitest' {
  export interface ProvidedContext {
    pgAdminUrl: string;
    /** The serving role kehoach_app (database part to be replaced). */
    pgAppUrl: string;
  }
}
