import { Migration } from '@mikro-orm/migrations';

/**
 * The unit's code and level on each obligation (docs/REPORTS.md, "Superiors follow it"): the
 * roll-up walks a milestone's obligations down `parent_obligation_id` and sorts them on their
 * unit's code, and stops below communes by their level. Read from admin_unit, that was one more
 * index lookup per obligation of the tree — half of the walk (about 0.9 of 1.8 ms for the ~500
 * obligations of the largest province). Held on the obligation and in the walk's two covering
 * indexes, each step is one index-only lookup.
 *
 * Written once, at insert (reports/store/obligations.ts INSERT_OBLIGATIONS_SQL, the one INSERT):
 * a unit's code and level never change — the 2025 reform made new units with new ids, and the
 * unit lists only add units and close them (valid_to).
 */
export class Migration0025ObligationUnitSortKey extends Migration {
  override name = '0025-obligation-unit-sort-key';

  override up(): void {
    this.addSql(`alter table report_obligation add column unit_code text, add column unit_level text`);
    this.addSql(`update report_obligation o set unit_code = u.code, unit_level = u.level from admin_unit u where u.id = o.unit_id`);
    this.addSql(`alter table report_obligation alter column unit_code set not null, alter column unit_level set not null`);
    this.addSql(`drop index if exists report_obligation_parent`);
    this.addSql(
      `create index report_obligation_parent on report_obligation (parent_obligation_id)
         include (id, unit_id, unit_path, state, agency_id, unit_code, unit_level)`,
    );
    this.addSql(`drop index if exists report_obligation_milestone`);
    this.addSql(
      `create index report_obligation_milestone on report_obligation (milestone_id)
         include (id, unit_id, unit_path, state, agency_id, period_key, unit_code, unit_level)`,
    );
  }

  override down(): void {
    this.addSql(`drop index if exists report_obligation_milestone`);
    this.addSql(
      `create index report_obligation_milestone on report_obligation (milestone_id) include (id, unit_id, unit_path, state, agency_id, period_key)`,
    );
    this.addSql(`drop index if exists report_obligation_parent`);
    this.addSql(
      `create index report_obligation_parent on report_obligation (parent_obligation_id) include (id, unit_id, unit_path, state, agency_id)`,
    );
    this.addSql(`alter table report_obligation drop column unit_code, drop column unit_level`);
  }
}
