import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { MikroORM } from '@mikro-orm/postgresql';
import { composeApp } from './app.js';
import type { AppConfig } from './config.js';
import { ensureDatabase, startEmbeddedPostgres, type EmbeddedDatabase } from './core/db/embedded.js';
import { takeBootLock } from './core/db/boot-lock.js';
import { assertServingRole, ensureAppRoleLogin } from './core/db/credentials.js';
import { migrateUp, openOrm, servingOptions } from './core/db/orm.js';
import { sessionName, terminateBusySessions } from './core/db/sessions.js';
import { superviseEmbeddedPostgres, type Supervisor } from './core/db/supervisor.js';
import type { Limits } from './core/graphql/limits.js';
import { createHttpServer, type RunningServer } from './core/server.js';
import { createTokenSigner } from './modules/auth/tokens.js';
import { seedAdminUnits } from './seed/admin-units.seed.js';
import { seedDemo, type DemoAccount } from './seed/demo.seed.js';
import { seedPlans } from './seed/plans.seed.js';
import { closeImportPool } from './modules/documents/import/import-pool.js';
import { startJobQueue, type JobQueue } from './core/jobs/job-queue.js';
import { housekeepingJob } from './modules/maintenance/housekeeping.job.js';
import { notificationEmailJob } from './modules/notifications/notification-email.job.js';
import { reportRemindersJob } from './modules/notifications/report-reminders.job.js';

export interface App {
  server: RunningServer;
  /** The serving ORM: connections as kehoach_app, under row-level security. */
  orm: MikroORM;
  /** The owner's URL (migrations, seeding; tests use it as their administrator connection). */
  databaseUrl: string;
  /** The serving role's URL. */
  appDatabaseUrl: string;
  embedded: EmbeddedDatabase | null;
  /** Restarts the embedded PostgreSQL when it dies; null with DATABASE_URL. */
  supervisor: Supervisor | null;
  /** Scheduled jobs (docs/SCALING.md); null when turned off (KEHOACH_JOBS=0, most tests). */
  jobs: JobQueue | null;
  migrated: string[];
  seeded: { units: number; plans: number; createdAccounts: number; accounts: DemoAccount[] };
  /**
   * The orderly stop: no more restarts; the HTTP server stops accepting and gives requests in
   * flight `graceMs` (default 3 s), then cuts their sockets; this server's SQL still running is
   * ended; the pool closes; the embedded database gets a fast shutdown. Each step has a deadline.
   */
  stop: (opts?: { graceMs?: number }) => Promise<void>;
  /** For an exit that cannot wait: asks the embedded postmaster for a fast shutdown and returns. */
  abort: () => void;
}

/** In-flight requests' grace on stop; with the later steps' deadlines the whole stays under 10 s. */
export const STOP_GRACE_MS = 3_000;

/** Resolves when `work` settles or after `ms`, whichever comes first; never rejects. */
async function within(ms: number, work: () => Promise<unknown>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([work().catch(() => {}), new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}

function jwtSecret(config: AppConfig): string {
  if (config.jwtSecret) return config.jwtSecret;
  if (config.production) throw new Error('KEHOACH_JWT_SECRET must be set in production');
  const file = path.join(config.dataDir, 'jwt-secret');
  if (!fs.existsSync(file)) {
    fs.mkdirSync(config.dataDir, { recursive: true });
    fs.writeFileSync(file, crypto.randomBytes(32).toString('base64url'), { mode: 0o600 });
  }
  return fs.readFileSync(file, 'utf8').trim();
}

/**
 * The whole start path of `npm start`: database (embedded unless DATABASE_URL), migrations,
 * reference and demo data, HTTP server. Tests call the same function.
 */
export async function boot(
  config: AppConfig,
  opts: {
    seed?: boolean;
    seedDemo?: boolean;
    exposeSqlCount?: boolean;
    ephemeralDb?: boolean;
    limits?: Partial<Limits>;
    /** Overrides config.jobs.enabled. */
    jobs?: boolean;
  } = {},
): Promise<App> {
  let embedded: EmbeddedDatabase | null = null;
  let supervisor: Supervisor | null = null;
  let orm: MikroORM | null = null;
  let replicas: MikroORM[] = [];
  let server: RunningServer | null = null;
  let jobs: JobQueue | null = null;
  let jobsOrm: MikroORM | null = null;
  let databaseUrl = config.databaseUrl;
  const applicationName = sessionName();

  const stop = async ({ graceMs = STOP_GRACE_MS }: { graceMs?: number } = {}) => {
    const watching = supervisor;
    if (watching) await within(2_000, () => watching.stop());
    if (server) await server.stop(graceMs);
    // A job in flight gets the same grace as a request, then its transaction is ended below.
    const queue = jobs;
    if (queue) await within(graceMs + 500, () => queue.stop(graceMs));
    // Import workers end with the server: a parse in flight is abandoned (its request is gone).
    await within(1_500, () => closeImportPool());
    if (orm && databaseUrl) {
      const url = databaseUrl;
      await within(1_500, () => terminateBusySessions(url, applicationName));
      const closing = orm;
      await within(1_500, () => closing.close(true));
      for (const replica of replicas) await within(1_500, () => replica.close(true));
      const jobsDb = jobsOrm;
      if (jobsDb) await within(1_500, () => jobsDb.close(true));
    }
    if (embedded) await embedded.stop(3_000);
  };

  try {
    if (!databaseUrl) {
      embedded = await startEmbeddedPostgres(path.join(config.dataDir, 'pg'), { ephemeral: opts.ephemeralDb });
      supervisor = superviseEmbeddedPostgres(embedded);
      await ensureDatabase(embedded, 'kehoach');
      databaseUrl = embedded.url('kehoach');
    }
    // Migrations, seeding and the serving role's password as the owner; requests as the serving
    // role (docs/SECURITY.md). One instance at a time: others started together wait, then find
    // nothing left to do (docs/SCALING.md).
    const bootLock = await takeBootLock(databaseUrl, (m) => console.log(m));
    let migrated: string[];
    let seeded: App['seeded'];
    let appDatabaseUrl: string;
    try {
      const owner = await openOrm(databaseUrl, { pool: { min: 0, max: 2 } });
      try {
        migrated = await migrateUp(owner);
        const em = owner.em.fork();
        seeded =
          opts.seed === false
            ? { units: 0, plans: 0, accounts: [], createdAccounts: 0 }
            : await em.transactional(async (tem) => {
                const units = await seedAdminUnits(tem, { all: config.allUnits });
                const demo = opts.seedDemo === false ? { accounts: [], createdAccounts: 0 } : await seedDemo(tem);
                const plans = opts.seedDemo === false ? { created: 0 } : await seedPlans(tem);
                return { units: units.inserted, plans: plans.created, ...demo };
              });
      } finally {
        await owner.close(true);
      }
      appDatabaseUrl = config.databaseAppUrl ?? (await ensureAppRoleLogin(databaseUrl, config.dataDir));
    } finally {
      await bootLock.release();
    }
    const serving = servingOptions(config.db);
    orm = await openOrm(appDatabaseUrl, { ...serving, driverOptions: { ...serving.driverOptions, application_name: applicationName } });
    const servingOrm = orm;
    await assertServingRole((sql) => servingOrm.em.fork().execute(sql));
    replicas = await openReplicas(config, applicationName);
    const signer = createTokenSigner(jwtSecret(config), config.tokenTtlSeconds);
    const http = await createHttpServer({
      orm,
      replicas,
      wiring: composeApp({ signer, signInThrottle: config.signInThrottle }),
      production: config.production,
      exposeSqlCount: opts.exposeSqlCount,
      trustProxy: config.trustProxy,
      limits: opts.limits,
      dataDir: config.dataDir,
    });
    if (opts.jobs ?? config.jobs.enabled) {
      jobsOrm = await openOrm(databaseUrl, { pool: { min: 0, max: 2 } });
      const definitions = [
        housekeepingJob(config.jobs.housekeepingCron),
        reportRemindersJob(config.jobs.reminders),
        ...(config.mail ? [notificationEmailJob(config.mail)] : []),
      ];
      jobs = await startJobQueue(databaseUrl, jobsOrm, definitions, config.jobs, (m) => console.warn(m));
    }
    server = await http.listen(config.port, config.host);
    return {
      server,
      orm,
      databaseUrl,
      appDatabaseUrl,
      embedded,
      supervisor,
      jobs,
      migrated,
      seeded,
      stop,
      abort: () => embedded?.signalStop(),
    };
  } catch (e) {
    await stop({ graceMs: 0 });
    throw e;
  }
}

/**
 * The read replicas of DATABASE_REPLICA_URLS, each checked like the primary's serving role (a
 * replica reached as a superuser would read past row-level security). One that cannot be reached
 * now is left out with a warning: reads go to the others or to the primary (docs/SCALING.md).
 */
async function openReplicas(config: AppConfig, applicationName: string): Promise<MikroORM[]> {
  const serving = servingOptions(config.db);
  const out: MikroORM[] = [];
  for (const [n, url] of config.databaseReplicaUrls.entries()) {
    let replica: MikroORM | null = null;
    try {
      replica = await openOrm(url, { ...serving, driverOptions: { ...serving.driverOptions, application_name: applicationName } });
      const opened = replica;
      await assertServingRole((sql) => opened.em.fork().execute(sql));
      out.push(replica);
    } catch (e) {
      await replica?.close(true);
      if (/row-level security/.test((e as Error).message)) throw e;
      console.warn(`kehoach: read replica ${n} left out, it cannot be reached: ${(e as Error).message}`);
    }
  }
  return out;
}
