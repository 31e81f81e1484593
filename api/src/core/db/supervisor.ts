import type { EmbeddedDatabase } from './embedded.js';

export interface SupervisorOptions {
  /** First restart delay; doubled after each failed or short-lived start. */
  minDelayMs?: number;
  /** Cap of the delay. */
  maxDelayMs?: number;
  /** A postmaster that ran this long starts the backoff over when it dies. */
  stableMs?: number;
  log?: (message: string) => void;
}

export interface Supervisor {
  /** No restart after this; waits for a restart in progress to settle. */
  stop: () => Promise<void>;
  /** Successful restarts so far. */
  readonly restarts: number;
}

/**
 * Keeps the embedded PostgreSQL running: when the postmaster dies (killed, crashed) it is started
 * again on the same folder and port, with exponential backoff. The ORM pool needs nothing: queries
 * fail fast during the outage (/readyz answers 503) and new connections succeed once PostgreSQL is
 * back. Only the embedded server is supervised; an external DATABASE_URL is someone else's to run.
 * See docs/ARCHITECTURE.md, "Process".
 */
export function superviseEmbeddedPostgres(db: EmbeddedDatabase, options: SupervisorOptions = {}): Supervisor {
  const minDelay = options.minDelayMs ?? 500;
  const maxDelay = options.maxDelayMs ?? 30_000;
  const stableMs = options.stableMs ?? 30_000;
  const log = options.log ?? ((message: string) => console.log(`kehoach: ${message}`));
  let stopped = false;
  let attempt = 0;
  let restarts = 0;
  let upSince = Date.now();
  let timer: NodeJS.Timeout | undefined;
  let starting: Promise<void> | null = null;

  const schedule = () => {
    const delay = Math.min(maxDelay, minDelay * 2 ** attempt);
    attempt += 1;
    log(`restarting PostgreSQL in ${(delay / 1000).toFixed(1)} s (attempt ${attempt})`);
    timer = setTimeout(() => void restart(), delay);
  };

  const restart = async () => {
    timer = undefined;
    if (stopped) return;
    starting = db.restart();
    try {
      await starting;
      restarts += 1;
      upSince = Date.now();
      log(`PostgreSQL is running again (pid ${db.pid() ?? '?'}, port ${db.port}, attempt ${attempt})`);
    } catch (e) {
      log(`PostgreSQL restart failed: ${e instanceof Error ? e.message : String(e)}`);
      if (!stopped) schedule();
    } finally {
      starting = null;
    }
  };

  db.onUnexpectedExit((code, signal) => {
    if (stopped) return;
    if (Date.now() - upSince >= stableMs) attempt = 0;
    log(`PostgreSQL exited unexpectedly (${signal ? `signal ${signal}` : `code ${code}`}); the API answers 503 until it is back`);
    schedule();
  });

  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = undefined;
      await starting?.catch(() => {});
    },
    get restarts() {
      return restarts;
    },
  };
}
