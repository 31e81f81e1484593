import { Migration } from '@mikro-orm/migrations';

/**
 * Indexes for the deletes the product does (a draft plan, a node, a target, a phase): PostgreSQL
 * checks every foreign key that points at a deleted row by looking for the rows that reference it,
 * and without an index on the referencing column that is a scan of the whole table per deleted
 * row. On the benchmark's national data set, deleting a 300-node draft scanned the 1.4 million
 * report tasks 300 times (report_task.node_id): 7.5 s. tests/api/database-fences.test.ts checks
 * that every foreign key into a table whose rows are deleted has its index.
 */
const INDEXES: [name: string, table: string, column: string, partial: boolean][] = [
  ['report_task_node', 'report_task', 'node_id', true],
  ['report_figure_target', 'report_figure', 'target_id', false],
  ['report_figure_rolls_into', 'report_figure', 'rolls_into_target_id', true],
  ['report_rollup_target', 'report_rollup', 'target_id', false],
  ['report_rollup_rolls_into', 'report_rollup', 'rolls_into_target_id', true],
  ['plan_target_previous_version', 'plan_target', 'previous_version_target_id', true],
  ['plan_target_phase', 'plan_target', 'phase_id', true],
  ['plan_rollup_parent_plan', 'plan_rollup', 'parent_plan_id', true],
  ['plan_amends', 'plan', 'amends_plan_id', true],
  ['notification_plan', 'notification', 'plan_id', false],
  ['notification_report', 'notification', 'report_id', true],
  ['report_corrects', 'report', 'corrects_report_id', true],
];

export class Migration0023DeletePaths extends Migration {
  override name = '0023-delete-paths';

  override up(): void {
    for (const [name, table, column, partial] of INDEXES)
      this.addSql(`create index if not exists ${name} on ${table} (${column})${partial ? ` where ${column} is not null` : ''}`);
  }

  override down(): void {
    for (const [name] of INDEXES) this.addSql(`drop index if exists ${name}`);
  }
}
