import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Per-request counters (tests and the benchmark assert them through response headers):
 *  - sql: statements of the request's work (x-sql-count), the framing of its transaction left out
 *    (begin, commit, rollback; see framing());
 *  - roundTrips: every exchange with PostgreSQL the response waits for (x-sql-round-trips),
 *    framing included, several statements sent as one counting once (core/db/begin-folding.ts);
 *    what the response does not wait for (a query's COMMIT, core/http.ts) runs in unwaited().
 */
export interface RequestStats {
  sql: number;
  roundTrips: number;
}

export const requestStats = new AsyncLocalStorage<RequestStats>();
const inFraming = new AsyncLocalStorage<boolean>();

export function countSql(): void {
  const s = requestStats.getStore();
  if (s && !inFraming.getStore()) s.sql++;
}

export function countRoundTrip(): void {
  const s = requestStats.getStore();
  if (s) s.roundTrips++;
}

/** Runs a statement that frames the request's work: a round trip, not a statement of the work. */
export function framing<T>(fn: () => Promise<T>): Promise<T> {
  return inFraming.run(true, fn);
}

/** Runs work the response does not wait for: counted in neither figure. */
export function unwaited<T>(fn: () => Promise<T>): Promise<T> {
  return requestStats.exit(fn);
}
