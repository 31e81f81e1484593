/**
 * The national data set of the benchmark, in its own embedded PostgreSQL under .data/bench/.
 * Generated once per (generator version, seed) and reused by later runs.
 */
import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { boot } from '../../api/src/boot.js';
import { REPO_ROOT, loadConfig } from '../../api/src/config.js';
import { ensureDatabase, startEmbeddedPostgres, type EmbeddedDatabase } from '../../api/src/core/db/embedded.js';
import { GENERATOR_VERSION, generate, type GenerateResult } from './generate.js';
import { unitKey, type UnitRow } from './model.js';
import { gqlClient } from './write-path.js';

export const BENCH_DIR = path.join(REPO_ROOT, '.data', 'bench');
export const BENCH_DB = 'kehoach_bench';
export const BENCH_SEED = process.env.KEHOACH_BENCH_SEED ?? 'kehoach-bench-1';
export const JWT_SECRET = 'bench-secret-not-for-production-0123456789abcdef';
const MARKER = path.join(BENCH_DIR, 'dataset.json');

/** Units the benchmark's operations are aimed at (chosen from the unit lists, fixed by the seed). */
export interface Targets {
  /** The largest province before the 2025 reform (most communes). */
  province: UnitRow;
  /** Its district with the most communes: its plan has exactly 300 nodes. */
  district: UnitRow;
  /** A commune of that district kept as a draft (O7 edits it). */
  draftCommune: UnitRow;
  /** A commune of that district left without a plan (O8 derives it). */
  emptyCommune: UnitRow;
}

export interface Dataset {
  version: number;
  seed: string;
  generated: GenerateResult;
  targets: Targets;
  sizes: Record<string, number>;
  createdAt: string;
}

const UNIT_SQL = `select id, code, name, kind, level, parent_id as "parentId", province_id as "provinceId", path::text as path,
  valid_from::text as "validFrom", valid_to::text as "validTo" from admin_unit`;

export async function chooseTargets(db: pg.Client): Promise<Targets> {
  const units = (await db.query<UnitRow>(UNIT_SQL)).rows;
  const old = units.filter((u) => !u.validFrom);
  const kids = new Map<number, UnitRow[]>();
  for (const u of old) if (u.parentId !== null) kids.set(u.parentId, [...(kids.get(u.parentId) ?? []), u]);
  const communes = (u: UnitRow): number => (kids.get(u.id) ?? []).reduce((s, c) => s + (c.level === 'COMMUNE' ? 1 : communes(c)), 0);
  const byCode = (a: UnitRow, b: UnitRow) => (a.code < b.code ? -1 : 1);
  const provinces = old.filter((u) => u.level === 'PROVINCE').sort(byCode);
  const province = provinces.reduce((best, p) => (communes(p) > communes(best) ? p : best));
  const districts = (kids.get(province.id) ?? []).sort(byCode);
  const district = districts.reduce((best, d) => (communes(d) > communes(best) ? d : best));
  const cs = (kids.get(district.id) ?? []).sort(byCode);
  return { province, district, draftCommune: cs[0], emptyCommune: cs[cs.length - 1] };
}

export async function startBenchDb(opts: { ephemeral?: boolean } = {}): Promise<{ embedded: EmbeddedDatabase; url: string }> {
  const embedded = await startEmbeddedPostgres(path.join(BENCH_DIR, 'pg'), { preferredPort: 54400, ephemeral: opts.ephemeral });
  await ensureDatabase(embedded, BENCH_DB);
  return { embedded, url: embedded.url(BENCH_DB) };
}

/**
 * After a server's boot ran new migrations on a data set made before them: VACUUM (ANALYZE) the
 * tables whose dead rows reach autovacuum's threshold (20 % of the live ones), as autovacuum would
 * within a minute of such a migration in production. A migration that rewrites every row (a new
 * column filled in) otherwise leaves the visibility map empty — index-only scans read the heap
 * again — and the planner's statistics stale, and the benchmark would measure that transient
 * instead of the steady state. Tables without such dead rows are left alone: a no-op on a data set
 * that no migration touched.
 */
export async function settleAfterMigrations(pool: pg.Pool | pg.Client, log: (m: string) => void = () => {}): Promise<string[]> {
  const { rows } = await pool.query<{ name: string }>(
    `select quote_ident(schemaname) || '.' || quote_ident(relname) as name from pg_stat_user_tables
     where n_dead_tup > 1000 and n_dead_tup >= 0.2 * greatest(n_live_tup, 1) order by 1`,
  );
  for (const { name } of rows) {
    const t = Date.now();
    await pool.query(`vacuum (analyze) ${name}`);
    log(`vacuum (analyze) ${name} after migrations (${((Date.now() - t) / 1000).toFixed(1)} s)`);
  }
  return rows.map((r) => r.name);
}

export function readDataset(): Dataset | null {
  if (!fs.existsSync(MARKER)) return null;
  const d = JSON.parse(fs.readFileSync(MARKER, 'utf8')) as Dataset;
  return d.version === GENERATOR_VERSION && d.seed === BENCH_SEED ? d : null;
}

/** Generates the national data set unless a matching one is on disk. */
export async function ensureDataset(log: (m: string) => void): Promise<Dataset> {
  const have = readDataset();
  if (have) {
    log(`reusing the data set in ${path.relative(REPO_ROOT, BENCH_DIR)} (generator v${have.version}, seed ${have.seed})`);
    return have;
  }
  log(`generating the national data set into ${path.relative(REPO_ROOT, BENCH_DIR)} (generator v${GENERATOR_VERSION}, seed ${BENCH_SEED})`);
  fs.rmSync(BENCH_DIR, { recursive: true, force: true });
  fs.mkdirSync(BENCH_DIR, { recursive: true });
  // Generation trades durability for speed; the benchmark itself restarts PostgreSQL with fsync on.
  const { embedded, url } = await startBenchDb({ ephemeral: true });
  try {
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`alter system set max_wal_size = '8GB'`);
    await admin.query(`select pg_reload_conf()`);
    await admin.end();
    const t0 = Date.now();
    const app = await boot(
      loadConfig({
        ...process.env,
        DATABASE_URL: url,
        PORT: '0',
        KEHOACH_JWT_SECRET: JWT_SECRET,
        KEHOACH_ALL_UNITS: '1',
        NODE_ENV: 'production',
      }),
      {},
    );
    log(`units of both shapes and demo accounts loaded (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
    const db = new pg.Client({ connectionString: url });
    await db.connect();
    let generated: GenerateResult;
    let targets: Targets;
    try {
      targets = await chooseTargets(db);
      generated = await generate({
        databaseUrl: url,
        seed: BENCH_SEED,
        scope: { shapes: ['old', 'new'] },
        rootSize: 180,
        gql: gqlClient(app.server.url),
        mode: 'bulk',
        bulkLoad: true,
        fillTo: { [unitKey(targets.district)]: 300 },
        force: {
          [unitKey(targets.province)]: 'ISSUED',
          [unitKey(targets.district)]: 'ISSUED',
          [unitKey(targets.draftCommune)]: 'DRAFT',
          [unitKey(targets.emptyCommune)]: 'NONE',
        },
        log,
      });
      const { rows } = await db.query(
        `select relname, n_live_tup::bigint as n from pg_stat_user_tables where relname in ('plan', 'plan_node', 'plan_rollup', 'plan_target', 'plan_target_allocation', 'plan_omission', 'audit_event', 'admin_unit', 'agency', 'app_user',
           'report_obligation', 'report', 'report_task', 'report_figure', 'report_rollup')`,
      );
      const size = await db.query(`select pg_database_size(current_database())::bigint as b`);
      const sizes = Object.fromEntries(rows.map((r) => [r.relname, Number(r.n)]));
      sizes.databaseMB = Math.round(Number(size.rows[0].b) / 1048576);
      await app.stop();
      const dataset: Dataset = {
        version: GENERATOR_VERSION,
        seed: BENCH_SEED,
        generated,
        targets,
        sizes,
        createdAt: new Date().toISOString(),
      };
      fs.writeFileSync(MARKER, JSON.stringify(dataset, null, 2));
      log(`data set ready in ${generated.seconds.total} s: ${generated.plans} plans, ${generated.nodes} nodes, ${sizes.databaseMB} MB`);
      return dataset;
    } finally {
      await db.end();
    }
  } finally {
    await embedded.stop();
  }
}
