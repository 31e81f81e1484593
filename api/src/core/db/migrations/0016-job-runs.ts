import { Migration } from '@mikro-orm/migrations';

/**
 * What each scheduled job did, one row per run, written in the same transaction as the job's work
 * (docs/SCALING.md, "Scheduled jobs"). The queue itself lives in pg-boss's schema `kehoach_jobs`;
 * this is the operator's record — when housekeeping last ran, on which instance, what it deleted —
 * and the evidence the multi-instance test reads that a scheduled run happened once.
 *
 * Jobs run as the owner (they are system work across every unit), so the serving role gets nothing
 * here: the default privileges of migration 0008 are taken back.
 */
export class Migration0016JobRuns extends Migration {
  override name = '0016-job-runs';

  override up(): void {
    this.addSql(`create table job_run (
      id bigserial primary key,
      job text not null,
      job_id text not null unique,
      instance text not null,
      started_at timestamptz not null,
      finished_at timestamptz not null default clock_timestamp(),
      result jsonb not null default '{}'::jsonb
    )`);
    this.addSql(`create index job_run_job on job_run (job, started_at desc)`);
    this.addSql(`revoke all on job_run from kehoach_app`);
    this.addSql(`revoke all on sequence job_run_id_seq from kehoach_app`);
  }

  override down(): void {
    this.addSql(`drop table job_run`);
  }
}
