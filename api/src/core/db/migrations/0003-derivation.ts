import { Migration } from '@mikro-orm/migrations';

/**
 * Derivation and the cascade (docs/DESIGN.md §4–§5): node provenance kept on write, omissions with the
 * editor's reason, decisions on upstream changes, and a roll-up row per derived plan so that a
 * cascade page is an indexed lookup instead of an aggregation over every node of the tree.
 */
export class Migration0003Derivation extends Migration {
  override name = '0003-derivation';

  override up(): void {
    this.addSql(
      `alter table plan_node add column provenance text not null default 'LOCAL' check (provenance in ('INHERITED','ADAPTED','LOCAL'))`,
    );

    this.addSql(`create table plan_omission (
      plan_id uuid not null references plan(id) on delete cascade,
      source_node_id uuid not null references plan_node(id) on delete cascade,
      reason text not null,
      created_by uuid,
      created_at timestamptz not null default now(),
      primary key (plan_id, source_node_id)
    )`);

    this.addSql(`create table plan_upstream_decision (
      plan_id uuid not null references plan(id) on delete cascade,
      upstream_node_id uuid not null references plan_node(id) on delete cascade,
      decision text not null check (decision in ('TAKEN','DECLINED')),
      reason text,
      decided_by uuid,
      decided_at timestamptz not null default now(),
      primary key (plan_id, upstream_node_id)
    )`);

    // One row per plan that has a parent plan; rewritten in the transaction of every change to it.
    this.addSql(`create table plan_rollup (
      plan_id uuid primary key references plan(id) on delete cascade,
      parent_plan_id uuid not null references plan(id),
      parent_series_id uuid not null,
      -- Series of every plan above in the derivation chain: a commune's plan is in the cascade of
      -- the province plan its district's plan came from.
      lineage uuid[] not null,
      unit_id integer not null references admin_unit(id),
      unit_path ltree not null,
      province_id integer,
      inherited integer not null default 0,
      adapted integer not null default 0,
      local integer not null default 0,
      omitted integer not null default 0,
      parent_tasks integer not null default 0,
      parent_tasks_covered integer not null default 0,
      upstream_pending integer not null default 0,
      upstream_declined integer not null default 0,
      updated_at timestamptz not null default now()
    )`);
    this.addSql(`create index plan_rollup_series on plan_rollup (parent_series_id, unit_id)`);
    this.addSql(`create index plan_rollup_path on plan_rollup using gist (unit_path)`);
    this.addSql(`create index plan_rollup_lineage on plan_rollup using gin (lineage)`);
    this.addSql(`create index plan_rollup_unit on plan_rollup (unit_id)`);
    this.addSql(`create index plan_target_derived on plan_target (derived_from_target_id)`);
    this.addSql(`create index plan_parent_unit on plan (parent_plan_id, unit_id)`);
  }

  override down(): void {
    this.addSql(`drop index if exists plan_parent_unit`);
    this.addSql(`drop index if exists plan_target_derived`);
    this.addSql(`drop table if exists plan_rollup`);
    this.addSql(`drop table if exists plan_upstream_decision`);
    this.addSql(`drop table if exists plan_omission`);
    this.addSql(`alter table plan_node drop column if exists provenance`);
  }
}
