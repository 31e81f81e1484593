import { Migration } from '@mikro-orm/migrations';

/**
 * Plans as documents (docs/DESIGN.md §3): the plan row (header, lifecycle, versions), its body tree,
 * legal bases, phases, targets with allocations and reporting milestones; per-unit number
 * sequences; idempotency keys for mutations a client may retry.
 * Every tenant-owned row carries province_id (sharding by province later) and the plan rows carry
 * the issuing unit's ltree path so visibility is one indexed predicate without a join.
 */
export class Migration0002Plans extends Migration {
  override name = '0002-plans';

  override up(): void {
    this.addSql(`create table plan (
      id uuid primary key,
      unit_id integer not null references admin_unit(id),
      unit_path ltree not null,
      province_id integer references admin_unit(id),
      series_id uuid not null,
      version_no integer not null default 1,
      amends_plan_id uuid references plan(id),
      parent_plan_id uuid references plan(id),
      status text not null default 'DRAFT' check (status in ('DRAFT','IN_REVIEW','ISSUED','SUPERSEDED','REVOKED')),
      issuing_body text,
      number text,
      symbol text not null default 'KH-UBND',
      place text,
      date_line text,
      issued_date date,
      document_kind text not null default 'KẾ HOẠCH',
      title text not null,
      preamble text not null default '',
      period_start date,
      period_end date,
      submission_deadline date,
      recipients jsonb not null default '[]',
      signature jsonb not null default '{}',
      revoked_reason text,
      status_changed_at timestamptz not null default now(),
      issued_at timestamptz,
      issued_by uuid,
      created_by uuid,
      version integer not null default 1,
      search_key text generated always as (public.kh_search_key(title || ' ' || coalesce(number, '') || '/' || symbol)) stored,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      check (status <> 'ISSUED' or (number is not null and issued_date is not null))
    )`);
    this.addSql(`create index plan_unit_path on plan using gist (unit_path)`);
    this.addSql(`create index plan_unit on plan (unit_id, status, created_at desc)`);
    this.addSql(`create index plan_parent on plan (parent_plan_id)`);
    this.addSql(`create index plan_series on plan (series_id, version_no)`);
    this.addSql(`create index plan_search on plan using gin (search_key gin_trgm_ops)`);
    // One number per (unit, symbol, year) among issued documents.
    this.addSql(
      `create unique index plan_number_unique on plan (unit_id, symbol, extract(year from issued_date), number) where number is not null`,
    );

    this.addSql(`create table plan_number_sequence (
      unit_id integer not null references admin_unit(id),
      symbol text not null,
      year integer not null,
      last_number integer not null,
      primary key (unit_id, symbol, year)
    )`);

    this.addSql(`create table plan_legal_basis (
      id uuid primary key,
      plan_id uuid not null references plan(id) on delete cascade,
      province_id integer,
      position integer not null,
      type text not null,
      number text,
      date date,
      issuer text,
      title text,
      text text not null,
      ref_plan_id uuid references plan(id)
    )`);
    this.addSql(`create index plan_legal_basis_plan on plan_legal_basis (plan_id, position)`);
    this.addSql(`create index plan_legal_basis_ref on plan_legal_basis (ref_plan_id)`);

    this.addSql(`create table plan_node (
      id uuid primary key,
      plan_id uuid not null references plan(id) on delete cascade,
      province_id integer,
      parent_id uuid references plan_node(id) on delete cascade,
      position integer not null,
      kind text not null check (kind in ('SECTION','ITEM','POINT','BULLET','PARAGRAPH')),
      label text,
      text text not null,
      task jsonb,
      derived_from_node_id uuid references plan_node(id) on delete set null,
      source_snapshot jsonb,
      previous_version_node_id uuid references plan_node(id) on delete set null,
      version integer not null default 1,
      search_key text generated always as (public.kh_search_key(text)) stored,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`);
    this.addSql(`create index plan_node_plan on plan_node (plan_id, parent_id, position)`);
    this.addSql(`create index plan_node_derived on plan_node (derived_from_node_id)`);
    this.addSql(`create index plan_node_search on plan_node using gin (search_key gin_trgm_ops)`);

    this.addSql(`create table plan_phase (
      id uuid primary key,
      plan_id uuid not null references plan(id) on delete cascade,
      province_id integer,
      node_id uuid references plan_node(id) on delete set null,
      position integer not null,
      name text not null,
      start_date date,
      end_date date,
      goal text,
      version integer not null default 1,
      check (end_date is null or start_date is null or end_date >= start_date)
    )`);
    this.addSql(`create index plan_phase_plan on plan_phase (plan_id, position)`);

    this.addSql(`create table plan_target (
      id uuid primary key,
      plan_id uuid not null references plan(id) on delete cascade,
      province_id integer,
      node_id uuid references plan_node(id) on delete cascade,
      position integer not null,
      metric text not null,
      unit_of_measure text not null,
      comparator text not null check (comparator in ('AT_LEAST','EXACT','AT_MOST')),
      value numeric,
      period_start date,
      period_end date,
      phase_id uuid references plan_phase(id) on delete set null,
      year integer,
      responsible jsonb,
      derived_from_target_id uuid references plan_target(id) on delete set null,
      previous_version_target_id uuid references plan_target(id) on delete set null,
      version integer not null default 1
    )`);
    this.addSql(`create index plan_target_plan on plan_target (plan_id, position)`);

    this.addSql(`create table plan_target_allocation (
      id uuid primary key,
      target_id uuid not null references plan_target(id) on delete cascade,
      plan_id uuid not null references plan(id) on delete cascade,
      position integer not null,
      assignee text not null,
      unit_id integer references admin_unit(id),
      agency_id uuid references agency(id),
      value numeric not null
    )`);
    this.addSql(`create index plan_target_allocation_target on plan_target_allocation (target_id, position)`);
    this.addSql(`create index plan_target_allocation_plan on plan_target_allocation (plan_id)`);
    this.addSql(`create index plan_target_allocation_unit on plan_target_allocation (unit_id)`);

    this.addSql(`create table plan_milestone (
      id uuid primary key,
      plan_id uuid not null references plan(id) on delete cascade,
      province_id integer,
      node_id uuid references plan_node(id) on delete set null,
      position integer not null,
      kind text not null check (kind in ('RESULT_REPORT','INTERIM_REVIEW','FINAL_REVIEW','PLAN_SUBMISSION')),
      title text not null,
      due_date date,
      recipient text,
      version integer not null default 1
    )`);
    this.addSql(`create index plan_milestone_plan on plan_milestone (plan_id, position)`);

    this.addSql(`create table idempotency_key (
      key text not null,
      principal_id text not null,
      operation text not null,
      request_hash text not null,
      response jsonb,
      created_at timestamptz not null default now(),
      primary key (principal_id, key)
    )`);
  }

  override down(): void {
    for (const t of [
      'idempotency_key',
      'plan_milestone',
      'plan_target_allocation',
      'plan_target',
      'plan_phase',
      'plan_node',
      'plan_legal_basis',
      'plan_number_sequence',
      'plan',
    ]) {
      this.addSql(`drop table if exists ${t}`);
    }
  }
}
