import 'reflect-metadata';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres } from '../core/db/embedded.js';
import { openOrm } from '../core/db/orm.js';

/**
 * Migration check (CI): on an empty database, every committed migration applies, rolls back to
 * nothing and applies again; afterwards every column the entities map exists with that name.
 * Catches a migration without a working `down`, and entities that drift from the SQL.
 */
const external = process.env.DATABASE_URL;
const embedded = external
  ? null
  : await startEmbeddedPostgres(fs.mkdtempSync(path.join(os.tmpdir(), 'kehoach-migcheck-')) + '/pg', {
      ephemeral: true,
      preferredPort: 55433,
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
  const cols = (await orm.em
    .fork()
    .execute(`select table_name, column_name from information_schema.columns where table_schema = 'public'`)) as {
    table_name: string;
    column_name: string;
  }[];
  const have = new Set(cols.map((c) => `${c.table_name}.${c.column_name}`));
  const metas = [...orm.getMetadata()].filter((m) => !m.abstract && !m.embeddable);
  for (const meta of metas) {
    for (const prop of Object.values(meta.properties)) {
      for (const field of prop.fieldNames ?? []) {
        if (!have.has(`${meta.tableName}.${field}`)) {
          console.error(`entity ${meta.className}.${prop.name} maps ${meta.tableName}.${field}, which no migration creates`);
          failed = true;
        }
      }
    }
  }
  console.log(
    `${failed ? 'FAILED' : 'ok'}: ${up1.length} migrations applied, rolled back and re-applied; ${metas.length} entities checked against the schema`,
  );
} finally {
  await orm.close(true);
  await admin.query(`drop database if exists ${dbName} with (force)`);
  await admin.end();
  if (embedded) await embedded.stop();
}
process.exit(failed ? 1 : 0);
