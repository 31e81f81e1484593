import { Migration } from '@mikro-orm/migrations';

/**
 * Indexes behind the report roll-up page (docs/REPORTS.md, "Superiors follow it"), measured on the
 * national benchmark data set (tests/bench, O9: a province's ~500 obligations at every depth):
 *
 * - report_obligation_parent covers the walk down the chain of obligations (id, unit and path):
 *   under row-level security each step also filters on unit_path, and with the plain index the
 *   planner intersected it with the GiST index on unit_path — the province's 1,500 paths bitmapped
 *   again for every obligation that has children. Covered, each step is one index-only lookup.
 * - The allocation of a target to a unit, and a unit plan's target derived from a target, are
 *   looked up once per (unit, target) of a page (plans/store/reporting.ts, `reportingTargets`):
 *   with one-column indexes each lookup intersected two bitmaps.
 * - Every signed-in request first reads its caller through kh_auth_user (migration 0008) joined to
 *   its unit. A set-returning function is estimated at 1,000 rows, so the planner hashed all of
 *   admin_unit (14,162 rows on the national data set) for the one row it returns: 3–11 ms of each
 *   request on the benchmark machine, more than the SQL of most pages. The functions return one
 *   account (by id, by user name, by key hash): said so, the unit is one index lookup (0.45 ms).
 */
/** The sign-in functions of migration 0008: each returns at most one account. */
const AUTH_FUNCTIONS = ['kh_auth_user(uuid)', 'kh_auth_sign_in(text)', 'kh_auth_api_key(text)'];

export class Migration0021ReportRollupIndexes extends Migration {
  override name = '0021-report-rollup-indexes';

  override up(): void {
    this.addSql(`drop index if exists report_obligation_parent`);
    this.addSql(
      `create index report_obligation_parent on report_obligation (parent_obligation_id) include (id, unit_id, unit_path, state)`,
    );
    this.addSql(`drop index if exists plan_target_allocation_unit`);
    this.addSql(`create index plan_target_allocation_unit on plan_target_allocation (unit_id, target_id)`);
    this.addSql(`drop index if exists plan_target_derived`);
    this.addSql(`create index plan_target_derived on plan_target (derived_from_target_id, plan_id)`);
    for (const f of AUTH_FUNCTIONS) this.addSql(`alter function ${f} rows 1`);
  }

  override down(): void {
    for (const f of AUTH_FUNCTIONS) this.addSql(`alter function ${f} rows 1000`);
    this.addSql(`drop index if exists plan_target_derived`);
    this.addSql(`create index plan_target_derived on plan_target (derived_from_target_id)`);
    this.addSql(`drop index if exists plan_target_allocation_unit`);
    this.addSql(`create index plan_target_allocation_unit on plan_target_allocation (unit_id)`);
    this.addSql(`drop index if exists report_obligation_parent`);
    this.addSql(`create index report_obligation_parent on report_obligation (parent_obligation_id)`);
  }
}
