import { AsyncLocalStorage } from 'node:async_hooks';

/** Per-request SQL statement counter (tests and the benchmark assert query counts with it). */
export const requestStats = new AsyncLocalStorage<{ sql: number }>();

export function countSql(): void {
  const s = requestStats.getStore();
  if (s) s.sql++;
}
