import { Migration } from '@mikro-orm/migrations';

/**
 * Indexes behind the report roll-up page read in one statement (docs/REPORTS.md, "Superiors follow
 * it"; benchmark O9), measured with EXPLAIN (ANALYZE, BUFFERS) as the serving role on the national
 * data set. Row-level security adds its own condition to every read of report_obligation — the
 * unit path, and since migration 0018 the agency — so an index serves a lookup without touching
 * the table only when it holds those columns too:
 *
 * - report_obligation_parent (the walk down the chain of obligations, one lookup per obligation of
 *   the tree): 0021's index lacked agency_id, so each of the ~500 steps of a province fell back
 *   to a bitmap of the parent index AND-ed with the GiST index on unit_path (the province's 1,500
 *   paths bitmapped again at every step that found children). With it, each step is index-only.
 * - report_obligation_milestone (the tree's first level, the milestone's own obligations): the
 *   unique key (milestone_id, unit_id, agency_id, period_key) lacks unit_path and state, and the
 *   planner AND-ed it with the same GiST bitmap; covered, the level is read index-only.
 * - admin_unit_code: the page sorts every obligation of the tree by its unit's code (and the walk
 *   stops at communes, by their level): ~500 lookups of a unit by id, index-only with these two
 *   columns beside the id (a fifth of the statement's buffer reads went to the table's heap).
 */
export class Migration0022ReportRollupPage extends Migration {
  override name = '0022-report-rollup-page';

  override up(): void {
    this.addSql(`drop index if exists report_obligation_parent`);
    this.addSql(
      `create index report_obligation_parent on report_obligation (parent_obligation_id) include (id, unit_id, unit_path, state, agency_id)`,
    );
    this.addSql(`drop index if exists report_obligation_milestone`);
    this.addSql(
      `create index report_obligation_milestone on report_obligation (milestone_id) include (id, unit_id, unit_path, state, agency_id, period_key)`,
    );
    this.addSql(`drop index if exists admin_unit_code`);
    this.addSql(`create index admin_unit_code on admin_unit (id) include (code, level)`);
  }

  override down(): void {
    this.addSql(`drop index if exists admin_unit_code`);
    this.addSql(`drop index if exists report_obligation_milestone`);
    this.addSql(`drop index if exists report_obligation_parent`);
    this.addSql(
      `create index report_obligation_parent on report_obligation (parent_obligation_id) include (id, unit_id, unit_path, state)`,
    );
  }
}
