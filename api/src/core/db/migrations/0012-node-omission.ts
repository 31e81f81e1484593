import { Migration } from '@mikro-orm/migrations';

/** The roll-up's counts as migration 0008 defined them, before omitted nodes stayed in the document. */
const ROLLUP_BEFORE = {
  omitted: `(select count(*) from plan_node pn where pn.plan_id = p.parent_plan_id
             and not exists (select 1 from plan_node cn where cn.plan_id = p.id and cn.derived_from_node_id = pn.id))`,
  covered: `(select count(*) from plan_node pn where pn.plan_id = p.parent_plan_id and pn.task is not null
             and exists (select 1 from plan_node cn where cn.plan_id = p.id and cn.derived_from_node_id = pn.id))`,
  tasks: `(select count(*) from plan_node pn where pn.plan_id = p.parent_plan_id and pn.task is not null)`,
};
/**
 * Only the parent's own live nodes count (what it omitted itself is no part of its plan); one of
 * them is omitted by the child when the child has no counterpart of it, or only an OMITTED one.
 */
const ROLLUP_AFTER = {
  omitted: `(select count(*) from plan_node pn where pn.plan_id = p.parent_plan_id and pn.provenance <> 'OMITTED'
             and not exists (select 1 from plan_node cn where cn.plan_id = p.id and cn.derived_from_node_id = pn.id and cn.provenance <> 'OMITTED'))`,
  tasks: `(select count(*) from plan_node pn where pn.plan_id = p.parent_plan_id and pn.task is not null and pn.provenance <> 'OMITTED')`,
  covered: `(select count(*) from plan_node pn where pn.plan_id = p.parent_plan_id and pn.task is not null and pn.provenance <> 'OMITTED'
             and exists (select 1 from plan_node cn where cn.plan_id = p.id and cn.derived_from_node_id = pn.id and cn.provenance <> 'OMITTED'))`,
};

const refreshRollup = (c: {
  omitted: string;
  tasks: string;
  covered: string;
}) => `create or replace function kh_refresh_rollup(p_plan uuid, p_pending integer, p_declined integer) returns void
      language plpgsql volatile security definer set search_path = public, pg_temp as $$
      begin
        -- The owner seeding (it bypasses row-level security anyway) has no principal to check.
        if not exists (select 1 from pg_roles where rolname = session_user and (rolsuper or rolbypassrls)) then
          if not exists (select 1 from plan where id = p_plan and unit_path <@ kh_principal_path()) then
            raise exception 'the roll-up of plan % is outside the caller''s subtree', p_plan using errcode = '42501';
          end if;
        end if;
        insert into plan_rollup (plan_id, parent_plan_id, parent_series_id, lineage, unit_id, unit_path, province_id, inherited, adapted, local,
          omitted, parent_tasks, parent_tasks_covered, upstream_pending, upstream_declined, updated_at)
        select p.id, p.parent_plan_id, pp.series_id, array[pp.series_id] || coalesce((select lineage from plan_rollup x where x.plan_id = pp.id), '{}'),
          p.unit_id, p.unit_path, p.province_id,
          (select count(*) from plan_node n where n.plan_id = p.id and n.provenance = 'INHERITED'),
          (select count(*) from plan_node n where n.plan_id = p.id and n.provenance = 'ADAPTED'),
          (select count(*) from plan_node n where n.plan_id = p.id and n.provenance = 'LOCAL'),
          ${c.omitted},
          ${c.tasks},
          ${c.covered},
          p_pending, p_declined, now()
        from plan p join plan pp on pp.id = p.parent_plan_id where p.id = p_plan
        on conflict (plan_id) do update set parent_plan_id = excluded.parent_plan_id, parent_series_id = excluded.parent_series_id,
          lineage = excluded.lineage, inherited = excluded.inherited, adapted = excluded.adapted, local = excluded.local,
          omitted = excluded.omitted, parent_tasks = excluded.parent_tasks, parent_tasks_covered = excluded.parent_tasks_covered,
          upstream_pending = excluded.upstream_pending, upstream_declined = excluded.upstream_declined, updated_at = now();
      end $$`;

/**
 * Omission is its own state (issue 15, docs/DESIGN.md §4): a node of a derived plan that came from
 * the parent is omitted with a reason and stays in the document with provenance OMITTED (its
 * reason in plan_omission, keyed by the parent node as before), out of the checks and the printed
 * plan, until it is restored. The roll-up counts only the parent's live nodes, and one of them as
 * omitted when the child has no counterpart of it (an omission recorded before this migration,
 * when the node was deleted) or only an OMITTED one, and no longer as covered.
 */
export class Migration0012NodeOmission extends Migration {
  override name = '0012-node-omission';

  override up(): void {
    this.addSql(`alter table plan_node drop constraint plan_node_provenance_check`);
    this.addSql(
      `alter table plan_node add constraint plan_node_provenance_check check (provenance in ('INHERITED','ADAPTED','LOCAL','OMITTED'))`,
    );
    this.addSql(refreshRollup(ROLLUP_AFTER));
  }

  override down(): void {
    // Before this migration an omission was the node deleted with its reason kept: omitted nodes
    // go (their plan_omission rows stay), then the constraint and the roll-up return.
    this.addSql(`delete from plan_node where provenance = 'OMITTED'`);
    this.addSql(`alter table plan_node drop constraint plan_node_provenance_check`);
    this.addSql(`alter table plan_node add constraint plan_node_provenance_check check (provenance in ('INHERITED','ADAPTED','LOCAL'))`);
    this.addSql(refreshRollup(ROLLUP_BEFORE));
  }
}
