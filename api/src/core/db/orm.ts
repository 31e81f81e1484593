import pg from 'pg';
import { MikroORM, PostgreSqlPlatform, type Options } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import { migrations } from './migrations/index.js';
import { countSql } from '../request-stats.js';
import type { DbLimits } from '../../config.js';
import { foldBegins } from './begin-folding.js';
import { guardPool } from './transaction.js';
import { preparePerConnection } from './prepared.js';

// Calendar dates stay strings (YYYY-MM-DD): parsing them into JS Dates shifts them by the
// server's time zone. Bigints (counts) stay strings; callers convert explicitly.
pg.types.setTypeParser(1082, (v: string) => v);

// MikroORM inlines parameters into the SQL it sends, quoting strings one character at a time
// (`escaped += c`): a 5 MB JSON parameter (the nodes of a large imported plan) kept the event
// loop busy for seconds, mostly collecting the millions of intermediate strings. Same result
// (quotes and backslashes doubled, E'' when there is a backslash), in linear native calls.
(PostgreSqlPlatform.prototype as unknown as { escapeLiteral(str: string): string }).escapeLiteral = function escapeLiteral(str) {
  const quoted = `'${str.replaceAll("'", "''").replaceAll('\\', '\\\\')}'`;
  return str.includes('\\') ? ` E${quoted}` : quoted;
};

export function ormOptions(clientUrl: string, extra: Partial<Options> = {}): Options {
  return {
    clientUrl,
    // No entities, on purpose: every read and write is plain SQL through core/sql.ts, and the
    // committed migrations are the one description of the tables (docs/ARCHITECTURE.md, "Entities").
    entities: [],
    discovery: { warnWhenNoEntities: false },
    extensions: [Migrator],
    // Every request works in its own fork; the global EntityManager must never hold state.
    allowGlobalContext: false,
    pool: { min: 0, max: 20 },
    migrations: { migrationsList: migrations, transactional: true, allOrNothing: true, snapshot: false },
    // Statement counting for tests/benchmark: the logger sees every query; it prints nothing.
    debug: ['query'],
    logger: countSql,
    ...extra,
    driverOptions: {
      ...extra.driverOptions,
      // Every pool, whatever else it installs, prepares the registered statements on its
      // connections (prepared.ts): a statement sent as `execute kh_…` must run on any of them.
      onPoolCreated: (pool: pg.Pool) => {
        (extra.driverOptions as { onPoolCreated?: (pool: pg.Pool) => void } | undefined)?.onPoolCreated?.(pool);
        preparePerConnection(pool);
      },
    },
  };
}

/**
 * The serving pool (the kehoach_app role): its size, how long a request may wait for a connection,
 * and the PostgreSQL timeouts of its sessions (docs/ARCHITECTURE.md). Migrations and seeding use
 * the owner's connection without these limits.
 */
export function servingOptions(limits: DbLimits): Partial<Options> {
  return {
    pool: { min: 0, max: limits.poolSize },
    driverOptions: {
      connectionTimeoutMillis: limits.acquireTimeoutMs,
      statement_timeout: limits.statementTimeoutMs,
      idle_in_transaction_session_timeout: limits.idleInTransactionTimeoutMs,
      application_name: 'kehoach',
      onPoolCreated: (pool: pg.Pool) => {
        guardPool(pool);
        foldBegins(pool);
      },
    },
  };
}

export async function openOrm(clientUrl: string, extra: Partial<Options> = {}): Promise<MikroORM> {
  return MikroORM.init(ormOptions(clientUrl, extra));
}

export async function migrateUp(orm: MikroORM): Promise<string[]> {
  const done = await orm.migrator.up();
  return done.map((m) => m.name);
}
