import type { JobDefinition } from '../../core/jobs/job-queue.js';

/**
 * How long a mutation's idempotency record replays its answer (docs/ARCHITECTURE.md, "Idempotency").
 * A client retries within seconds or, on a phone that lost its network, within hours; a week is
 * far beyond any retry, and without a limit the table would grow with every create forever.
 */
export const IDEMPOTENCY_RETENTION_DAYS = 7;

/** Every ten minutes unless KEHOACH_HOUSEKEEPING_CRON says otherwise (docs/SCALING.md). */
export const HOUSEKEEPING_CRON = '*/10 * * * *';

/**
 * Deletes what has expired: idempotency records past their retention and sign-in counters past
 * their window. Bounded per run (10,000 rows a table) so one run never holds a long transaction;
 * what is left goes at the next run.
 */
export function housekeepingJob(cron: string): JobDefinition {
  return {
    name: 'housekeeping',
    cron,
    async run({ em }) {
      const idempotency = await em.execute<{ n: string }[]>(
        `with gone as (
           delete from idempotency_key where ctid in (
             select ctid from idempotency_key where created_at < now() - make_interval(days => ?) limit 10000)
           returning 1)
         select count(*)::text as n from gone`,
        [IDEMPOTENCY_RETENTION_DAYS],
      );
      const throttle = await em.execute<{ n: string }[]>(
        `with gone as (
           delete from sign_in_throttle where ctid in (
             select ctid from sign_in_throttle where expires_at <= now() limit 10000)
           returning 1)
         select count(*)::text as n from gone`,
      );
      return { idempotencyKeysDeleted: Number(idempotency[0]!.n), signInCountersDeleted: Number(throttle[0]!.n) };
    },
  };
}
