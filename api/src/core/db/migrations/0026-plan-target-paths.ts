import { Migration } from '@mikro-orm/migrations';

const ME = `(select kh_principal_path())`;
const TABLES = ['plan_target', 'plan_target_allocation'] as const;

/**
 * Row-level security of a plan's targets and allocations answered from the row for what lies at or
 * below the caller (docs/ARCHITECTURE.md, "Database roles and row-level security"). Their read policy was "the plan is
 * visible" — a lookup of the plan, through the plan's own policy, for every row read. The report
 * roll-up page reads ~700 such rows for the 50 units of a page (the targets each reports on and its
 * allocations, plans/store/reporting.ts), and those checks were 0.75 of its statement's 5.5 ms
 * (benchmark O9, docs/REPORTS.md).
 *
 * Each row now carries its plan's unit path (`plan_unit_path`, filled from the plan by a trigger
 * on insert — a plan's unit path never changes), and the policy reads it first: a plan of the
 * caller's unit or below is visible whatever its status (PLAN_VISIBLE, migration 0008), so the
 * row needs no lookup; for a plan above the caller, whose visibility depends on its status, the
 * lookup of the plan stays. The same rows are visible as before
 * (tests/api/database-fences.test.ts compares them, principal by principal, with the policy
 * module). Writes keep their policies (the own plan).
 */
export class Migration0026PlanTargetPaths extends Migration {
  override name = '0026-plan-target-paths';

  override up(): void {
    // SECURITY DEFINER: the path is the plan's, whoever inserts (as kh_plan_parent_series, 0008).
    this.addSql(`create function kh_plan_unit_path() returns trigger
      language plpgsql security definer set search_path = public, pg_temp as $$
      begin
        new.plan_unit_path := (select unit_path from plan where id = new.plan_id);
        return new;
      end $$`);
    for (const t of TABLES) {
      this.addSql(`alter table ${t} add column plan_unit_path ltree`);
      this.addSql(`update ${t} x set plan_unit_path = p.unit_path from plan p where p.id = x.plan_id`);
      this.addSql(`alter table ${t} alter column plan_unit_path set not null`);
      this.addSql(`create trigger ${t}_plan_unit_path before insert or update of plan_id, plan_unit_path on ${t}
        for each row execute function kh_plan_unit_path()`);
      this.addSql(`drop policy ${t}_read on ${t}`);
      this.addSql(
        `create policy ${t}_read on ${t} for select
           using (plan_unit_path <@ ${ME} or exists (select 1 from plan p where p.id = ${t}.plan_id))`,
      );
    }
  }

  override down(): void {
    for (const t of TABLES) {
      this.addSql(`drop policy ${t}_read on ${t}`);
      this.addSql(`create policy ${t}_read on ${t} for select using (exists (select 1 from plan p where p.id = ${t}.plan_id))`);
      this.addSql(`drop trigger ${t}_plan_unit_path on ${t}`);
      this.addSql(`alter table ${t} drop column plan_unit_path`);
    }
    this.addSql(`drop function kh_plan_unit_path()`);
  }
}
