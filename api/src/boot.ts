import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { AppConfig } from './config.js';
import { assertServingRole, ensureAppRoleLogin } from './core/db/credentials.js';
import { ensureDatabase, startEmbeddedPostgres, type EmbeddedDatabase } from './core/db/embedded.js';
import { migrateUp, openOrm, servingOptions } from './core/db/orm.js';
import { createHttpServer, type RunningServer } from './core/server.js';
import { createTokenSigner } from './modules/auth/tokens.js';
import { seedAdminUnits } from './seed/admin-units.seed.js';
import { seedDemo, type DemoAccount } from './seed/demo.seed.js';
import { seedPlans } from './seed/plans.seed.js';

export interface App {
  server: RunningServer;
  /** The serving ORM: connections as kehoach_app, under row-level security. */
  orm: MikroORM;
  /** The owner's URL (migrations, seeding; tests use it as their administrator connection). */
  databaseUrl: string;
  /** The serving role's URL. */
  appDatabaseUrl: string;
  embedded: EmbeddedDatabase | null;
  migrated: string[];
  seeded: { units: number; plans: number; createdAccounts: number; accounts: DemoAccount[] };
  stop: () => Promise<void>;
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
 * reference and demo data as the owner; then the HTTP server, whose requests run as the serving
 * role kehoach_app (DATABASE_APP_URL, or a login boot gives it) under row-level security.
 * Tests call the same function.
 */
export async function boot(
  config: AppConfig,
  opts: { seed?: boolean; seedDemo?: boolean; exposeSqlCount?: boolean; ephemeralDb?: boolean } = {},
): Promise<App> {
  let embedded: EmbeddedDatabase | null = null;
  let databaseUrl = config.databaseUrl;
  if (!databaseUrl) {
    embedded = await startEmbeddedPostgres(path.join(config.dataDir, 'pg'), { ephemeral: opts.ephemeralDb });
    await ensureDatabase(embedded, 'kehoach');
    databaseUrl = embedded.url('kehoach');
  }
  let orm: MikroORM | null = null;
  try {
    const owner = await openOrm(databaseUrl, { pool: { min: 0, max: 2 } });
    let migrated: string[];
    let seeded: App['seeded'];
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
    const appDatabaseUrl = config.databaseAppUrl ?? (await ensureAppRoleLogin(databaseUrl, config.dataDir));
    orm = await openOrm(appDatabaseUrl, servingOptions(config.db));
    const serving = orm;
    await assertServingRole((sql) => serving.em.fork().execute(sql));
    const signer = createTokenSigner(jwtSecret(config), config.tokenTtlSeconds);
    const http = await createHttpServer({ orm, signer, production: config.production, exposeSqlCount: opts.exposeSqlCount });
    const server = await http.listen(config.port, config.host);
    return {
      server,
      orm,
      databaseUrl,
      appDatabaseUrl,
      embedded,
      migrated,
      seeded,
      async stop() {
        await server.stop();
        await serving.close(true);
        if (embedded) await embedded.stop();
      },
    };
  } catch (e) {
    await orm?.close(true);
    if (embedded) await embedded.stop();
    throw e;
  }
}
