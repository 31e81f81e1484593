import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { AppConfig } from './config.js';
import { ensureDatabase, startEmbeddedPostgres, type EmbeddedDatabase } from './core/db/embedded.js';
import { migrateUp, openOrm } from './core/db/orm.js';
import { createHttpServer, type RunningServer } from './core/server.js';
import { createTokenSigner } from './modules/auth/tokens.js';
import { seedAdminUnits } from './seed/admin-units.seed.js';
import { seedDemo, type DemoAccount } from './seed/demo.seed.js';
import { seedPlans } from './seed/plans.seed.js';
import { closeImportPool } from './modules/documents/import/import-pool.js';

export interface App {
  server: RunningServer;
  orm: MikroORM;
  databaseUrl: string;
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
 * reference and demo data, HTTP server. Tests call the same function.
 */
export async function boot(
  config: AppConfig,
  opts: { seed?: boolean; seedDemo?: boolean; exposeSqlCount?: boolean; ephemeralDb?: boolean } = {},
): Promise<App> {
  let embedded: EmbeddedDatabase | null = null;
  let databaseUrl = config.databaseUrl;
  if (!databaseUrl) {
    embedded = await startEmbeddedPostgres(path.join(config.dataDir, 'pg'), { ephemeral: opts.ephemeralDb });
    await ensureDatabase(embedded.pg, 'kehoach');
    databaseUrl = embedded.url('kehoach');
  }
  const orm = await openOrm(databaseUrl);
  try {
    const migrated = await migrateUp(orm);
    const em = orm.em.fork();
    const seeded =
      opts.seed === false
        ? { units: 0, plans: 0, accounts: [], createdAccounts: 0 }
        : await em.transactional(async (tem) => {
            const units = await seedAdminUnits(tem, { all: config.allUnits });
            const demo = opts.seedDemo === false ? { accounts: [], createdAccounts: 0 } : await seedDemo(tem);
            const plans = opts.seedDemo === false ? { created: 0 } : await seedPlans(tem);
            return { units: units.inserted, plans: plans.created, ...demo };
          });
    const signer = createTokenSigner(jwtSecret(config), config.tokenTtlSeconds);
    const http = await createHttpServer({ orm, signer, production: config.production, exposeSqlCount: opts.exposeSqlCount });
    const server = await http.listen(config.port, config.host);
    return {
      server,
      orm,
      databaseUrl,
      embedded,
      migrated,
      seeded,
      async stop() {
        await server.stop();
        await closeImportPool();
        await orm.close(true);
        if (embedded) await embedded.stop();
      },
    };
  } catch (e) {
    await orm.close(true);
    if (embedded) await embedded.stop();
    throw e;
  }
}
