import 'reflect-metadata';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres } from '../core/db/embedded.js';
import { openOrm } from '../core/db/orm.js';

/**
 * Migration check (CI): on an empty database, every committed migration applies, rolls back to
 * nothing and applies again. Catches a migration without a working `down`. (There are no ORM
 * entities to compare with the tables: docs/ARCHITECTURE.md, "Entities".)
 */
const external = process.env.DATABASE_URL;
const embedded = external
  ? null
  : await startEmbeddedPostgres(fs.mkdtempSync(path.join(os.tmpdir(), 'kehoach-migcheck-')) + '/pg', {
      ephemeral: true,
      preferredPort: 0, // any free port: several checks may run on one machine
    });
const adminUrl = external ?? embedded!.url('postgres');
const dbName = `kehoach_migcheck_${process.pid}`;
const admin = new pg.Client({ connectionString: adminUrl });
await admin.connect();
await admin.query(`drop database if exists ${dbName} with (force)`);
await admin.query(`create database ${dbName}`);
const url = new URL(adminUrl);
url.pathname = `/${dbName}`;
const orm = await openOrm(url.toString());
let failed = false;
try {
  const up1 = await orm.migrator.up();
  await orm.migrator.down({ to: 0 });
  const left = await orm.em
    .fork()
    .execute(
      `select count(*)::int n from information_schema.tables where table_schema = 'public' and table_name <> 'mikro_orm_migrations'`,
    );
  if ((left[0] as { n: number }).n !== 0) {
    console.error(`down() left ${(left[0] as { n: number }).n} tables behind`);
    failed = true;
  }
  const up2 = await orm.migrator.up();
  if (up1.length !== up2.length) {
    console.error('migrations did not re-apply after rolling back');
    failed = true;
  }
  console.log(`${failed ? 'FAILED' : 'ok'}: ${up1.length} migrations applied, rolled back and re-applied`);
} finally {
  await orm.close(true);
  await admin.query(`drop database if exists ${dbName} with (force)`);
  await admin.end();
  if (embedded) await embedded.stop();
}
process.exit(failed ? 1 : 0);
