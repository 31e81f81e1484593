import { Migration } from '@mikro-orm/migrations';

/**
 * The database as a second fence behind the policy module (docs/ARCHITECTURE.md, "Database roles
 * and row-level security"; docs/ACCESS.md):
 *
 *  1. One open derived plan per (parent series, unit): `plan.parent_series_id` (kept by a trigger)
 *     and a partial unique index over DRAFT and IN_REVIEW plans. The check derivePlan makes in SQL
 *     is not a uniqueness guarantee under READ COMMITTED; this index is.
 *  2. The serving role `kehoach_app`: created here when missing (NOLOGIN; boot gives it a login and
 *     a password, or an operator's role is made a member), with only the grants the app needs —
 *     reference data read-only, roll-ups only through kh_refresh_rollup, the audit log append-only,
 *     nothing on the migrations table. Default privileges give it the same DML on tables that later
 *     migrations create (by the owner running them); a later tenant table must enable RLS itself.
 *  3. Row-level security, ENABLEd and FORCEd on every tenant table, with policies that repeat
 *     api/src/core/access/policy.ts on the principal set per transaction (`kehoach.unit_path`,
 *     `kehoach.unit_id`, `kehoach.principal_id`, set_config(…, true)). The kh_principal_*()
 *     functions raise when a setting is missing or empty: after a transaction-local set_config a
 *     pooled connection reads '' (not NULL), and ''::ltree is the root of every path.
 *  4. SECURITY DEFINER functions for what must run before a principal is known (sign-in, token and
 *     API key resolution) and for the one deliberate cross-unit write (roll-ups of plans in the
 *     caller's subtree, rewritten when the caller issues an amendment).
 *
 * The owner running migrations (and seeding) must bypass RLS: a superuser or a role with BYPASSRLS.
 */

const ROLE = 'kehoach_app';

/** The principal's unit path, once per statement (an InitPlan), never per row. */
const ME = `(select kh_principal_path())`;
const PLAN_VISIBLE = `(unit_path <@ ${ME} or (unit_path @> ${ME} and status in ('ISSUED','SUPERSEDED')))`;
/** Rows of a plan the caller may read; plan's own policy applies inside the subquery. */
const viaVisiblePlan = (t: string) => `exists (select 1 from plan p where p.id = ${t}.plan_id)`;
/** Rows of a plan of the caller's own unit (the only plans it writes). */
const viaOwnPlan = (t: string) => `exists (select 1 from plan p where p.id = ${t}.plan_id and p.unit_path = ${ME})`;
const unitOnChain = (t: string) => `exists (select 1 from admin_unit u where u.id = ${t}.unit_id and (u.path <@ ${ME} or u.path @> ${ME}))`;
const unitInSubtree = (t: string) => `exists (select 1 from admin_unit u where u.id = ${t}.unit_id and u.path <@ ${ME})`;

/** Every tenant table: ENABLE + FORCE row-level security. */
export const TENANT_TABLES = [
  'plan',
  'plan_legal_basis',
  'plan_node',
  'plan_phase',
  'plan_target',
  'plan_target_allocation',
  'plan_milestone',
  'plan_omission',
  'plan_upstream_decision',
  'plan_rollup',
  'plan_number_sequence',
  'agency',
  'app_user',
  'api_key',
  'audit_event',
  'idempotency_key',
] as const;

/** Plan content: read with the plan, written only by the plan's own unit. */
const PLAN_CONTENT = [
  'plan_legal_basis',
  'plan_node',
  'plan_phase',
  'plan_target',
  'plan_target_allocation',
  'plan_milestone',
  'plan_omission',
  'plan_upstream_decision',
];

/** [table, policy name, command, using, with check] */
type Policy = [string, string, 'select' | 'insert' | 'update' | 'delete' | 'all', string | null, string | null];

const POLICIES: Policy[] = [
  ['plan', 'plan_read', 'select', PLAN_VISIBLE, null],
  ['plan', 'plan_insert', 'insert', null, `unit_path = ${ME}`],
  // USING as for reads, so that `select … for update` of a visible plan still finds it (the
  // service then answers FORBIDDEN); the new row must be the caller's own.
  ['plan', 'plan_update', 'update', PLAN_VISIBLE, `unit_path = ${ME}`],
  ['plan', 'plan_delete', 'delete', `unit_path = ${ME}`, null],
  ...PLAN_CONTENT.flatMap((t): Policy[] => [
    [t, `${t}_read`, 'select', viaVisiblePlan(t), null],
    [t, `${t}_insert`, 'insert', null, viaOwnPlan(t)],
    [t, `${t}_update`, 'update', viaOwnPlan(t), viaOwnPlan(t)],
    [t, `${t}_delete`, 'delete', viaOwnPlan(t), null],
  ]),
  // Written only by kh_refresh_rollup (no INSERT/UPDATE/DELETE grant): readable with its plan.
  ['plan_rollup', 'plan_rollup_read', 'select', `(unit_path <@ ${ME} or ${viaVisiblePlan('plan_rollup')})`, null],
  [
    'plan_number_sequence',
    'plan_number_sequence_own',
    'all',
    `unit_id = (select kh_principal_unit())`,
    `unit_id = (select kh_principal_unit())`,
  ],
  ...['agency', 'app_user', 'api_key'].flatMap((t): Policy[] => [
    [t, `${t}_read`, 'select', unitOnChain(t), null],
    [t, `${t}_insert`, 'insert', null, unitInSubtree(t)],
    [t, `${t}_update`, 'update', unitInSubtree(t), unitInSubtree(t)],
    [t, `${t}_delete`, 'delete', unitInSubtree(t), null],
  ]),
  // A plan's history is visible with the plan; other events with their unit on the caller's chain.
  [
    'audit_event',
    'audit_event_read',
    'select',
    `case when entity_type = 'Plan' then exists (select 1 from plan p where p.id = audit_event.entity_id::uuid) else ${unitOnChain('audit_event')} end`,
    null,
  ],
  ['audit_event', 'audit_event_insert', 'insert', null, unitInSubtree('audit_event')],
  [
    'idempotency_key',
    'idempotency_key_own',
    'all',
    `principal_id = (select kh_principal_id())`,
    `principal_id = (select kh_principal_id())`,
  ],
];

/** A setting of the current transaction, refused when missing or empty. */
function principalSetting(fn: string, setting: string, type: string): string {
  return `create function ${fn}() returns ${type} language plpgsql stable parallel safe as $$
    declare v text := current_setting('${setting}', true);
    begin
      if v is null or v = '' then
        raise exception 'no principal is set for this transaction (${setting})' using errcode = '42501';
      end if;
      return v::${type};
    end $$`;
}

export class Migration0008DatabaseFences extends Migration {
  override name = '0008-database-fences';

  override up(): void {
    /* 1. one open derived plan per (parent series, unit) */
    this.addSql(`alter table plan add column parent_series_id uuid`);
    this.addSql(`update plan c set parent_series_id = p.series_id from plan p where p.id = c.parent_plan_id`);
    // SECURITY DEFINER: the series of the parent is needed even when the caller may no longer read
    // the parent (e.g. an amendment of a plan whose parent was revoked since).
    this.addSql(`create function kh_plan_parent_series() returns trigger
      language plpgsql security definer set search_path = public, pg_temp as $$
      begin
        new.parent_series_id := (select series_id from plan where id = new.parent_plan_id);
        return new;
      end $$`);
    this.addSql(`create trigger plan_parent_series before insert or update of parent_plan_id, parent_series_id on plan
      for each row execute function kh_plan_parent_series()`);
    // Data created by the race this index closes would stop the migration with a clear list.
    this.addSql(`do $$
      declare dup text;
      begin
        select string_agg(format('unit %s: plans %s', unit_id, ids), '; ') into dup from (
          select unit_id, string_agg(id::text, ', ' order by created_at) ids from plan
          where parent_series_id is not null and status in ('DRAFT','IN_REVIEW')
          group by parent_series_id, unit_id having count(*) > 1) d;
        if dup is not null then
          raise exception 'several open plans of one unit derive from the same parent plan (%): keep one per unit, then migrate again', dup;
        end if;
      end $$`);
    this.addSql(`create unique index plan_one_open_derived on plan (parent_series_id, unit_id)
      where parent_series_id is not null and status in ('DRAFT','IN_REVIEW')`);

    /* 2. the serving role and its grants */
    this.addSql(`do $$ begin
      if not exists (select 1 from pg_roles where rolname = '${ROLE}') then create role ${ROLE} nologin; end if;
    end $$`);
    this.addSql(`grant usage on schema public to ${ROLE}`);
    this.addSql(`grant select, insert, update, delete on all tables in schema public to ${ROLE}`);
    this.addSql(`grant usage, select on all sequences in schema public to ${ROLE}`);
    this.addSql(`alter default privileges in schema public grant select, insert, update, delete on tables to ${ROLE}`);
    this.addSql(`alter default privileges in schema public grant usage, select on sequences to ${ROLE}`);
    this.addSql(`revoke all on mikro_orm_migrations from ${ROLE}`);
    this.addSql(`do $$ declare seq text := pg_get_serial_sequence('mikro_orm_migrations', 'id');
      begin if seq is not null then execute format('revoke all on sequence %s from ${ROLE}', seq); end if; end $$`);
    this.addSql(`revoke insert, update, delete on admin_unit, admin_unit_succession from ${ROLE}`);
    this.addSql(`revoke insert, update, delete on plan_rollup from ${ROLE}`);
    this.addSql(`revoke update, delete on audit_event from ${ROLE}`);

    /* 3. row-level security */
    this.addSql(principalSetting('kh_principal_path', 'kehoach.unit_path', 'ltree'));
    this.addSql(principalSetting('kh_principal_unit', 'kehoach.unit_id', 'integer'));
    this.addSql(principalSetting('kh_principal_id', 'kehoach.principal_id', 'text'));
    for (const t of TENANT_TABLES) {
      this.addSql(`alter table ${t} enable row level security`);
      this.addSql(`alter table ${t} force row level security`);
    }
    for (const [table, name, command, using, check] of POLICIES) {
      this.addSql(
        `create policy ${name} on ${table} for ${command}${using ? ` using (${using})` : ''}${check ? ` with check (${check})` : ''}`,
      );
    }

    /* 4. SECURITY DEFINER functions: exactly the rows needed, nothing more */
    // Sign-in: the account of a user name, before anyone is signed in.
    this.addSql(`create function kh_auth_sign_in(p_username text) returns setof app_user
      language sql stable security definer set search_path = public, pg_temp
      as $$ select * from app_user where lower(username) = lower(p_username) $$`);
    // A verified token's user.
    this.addSql(`create function kh_auth_user(p_user uuid) returns setof app_user
      language sql stable security definer set search_path = public, pg_temp
      as $$ select * from app_user where id = p_user $$`);
    // An API key by the hash of its secret; records its last use at most once a minute, skipping a
    // row another request is updating rather than waiting for it.
    this.addSql(`create function kh_auth_api_key(p_hash text) returns setof api_key
      language plpgsql volatile security definer set search_path = public, pg_temp as $$
      begin
        return query select * from api_key where secret_hash = p_hash;
        update api_key set last_used_at = now() where id = (
          select id from api_key where secret_hash = p_hash and revoked_at is null
            and (last_used_at is null or last_used_at < now() - interval '1 minute')
          for update skip locked);
      end $$`);
    // Roll-ups are derived data computed from the plan, its parent and the parent's roll-up, which
    // the caller may not all see (a revoked parent): they are computed with the owner's rights, for
    // plans in the caller's subtree only — its own plan after an edit, the plans derived from its
    // plan after it issues an amendment (the one cross-unit write; docs/ARCHITECTURE.md).
    this.addSql(`create function kh_refresh_rollup(p_plan uuid, p_pending integer, p_declined integer) returns void
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
          (select count(*) from plan_node pn where pn.plan_id = p.parent_plan_id
             and not exists (select 1 from plan_node cn where cn.plan_id = p.id and cn.derived_from_node_id = pn.id)),
          (select count(*) from plan_node pn where pn.plan_id = p.parent_plan_id and pn.task is not null),
          (select count(*) from plan_node pn where pn.plan_id = p.parent_plan_id and pn.task is not null
             and exists (select 1 from plan_node cn where cn.plan_id = p.id and cn.derived_from_node_id = pn.id)),
          p_pending, p_declined, now()
        from plan p join plan pp on pp.id = p.parent_plan_id where p.id = p_plan
        on conflict (plan_id) do update set parent_plan_id = excluded.parent_plan_id, parent_series_id = excluded.parent_series_id,
          lineage = excluded.lineage, inherited = excluded.inherited, adapted = excluded.adapted, local = excluded.local,
          omitted = excluded.omitted, parent_tasks = excluded.parent_tasks, parent_tasks_covered = excluded.parent_tasks_covered,
          upstream_pending = excluded.upstream_pending, upstream_declined = excluded.upstream_declined, updated_at = now();
      end $$`);
    for (const fn of [
      'kh_auth_sign_in(text)',
      'kh_auth_user(uuid)',
      'kh_auth_api_key(text)',
      'kh_refresh_rollup(uuid, integer, integer)',
    ]) {
      this.addSql(`revoke all on function ${fn} from public`);
      this.addSql(`grant execute on function ${fn} to ${ROLE}`);
    }
  }

  override down(): void {
    for (const fn of [
      'kh_refresh_rollup(uuid, integer, integer)',
      'kh_auth_api_key(text)',
      'kh_auth_user(uuid)',
      'kh_auth_sign_in(text)',
    ]) {
      this.addSql(`drop function if exists ${fn}`);
    }
    for (const [table, name] of POLICIES) this.addSql(`drop policy if exists ${name} on ${table}`);
    for (const t of TENANT_TABLES) {
      this.addSql(`alter table ${t} no force row level security`);
      this.addSql(`alter table ${t} disable row level security`);
    }
    for (const fn of ['kh_principal_id', 'kh_principal_unit', 'kh_principal_path']) this.addSql(`drop function if exists ${fn}()`);
    // The role is cluster-wide (other databases of the cluster may use it): only this database's grants go.
    this.addSql(`alter default privileges in schema public revoke select, insert, update, delete on tables from ${ROLE}`);
    this.addSql(`alter default privileges in schema public revoke usage, select on sequences from ${ROLE}`);
    this.addSql(`revoke all on all tables in schema public from ${ROLE}`);
    this.addSql(`revoke all on all sequences in schema public from ${ROLE}`);
    this.addSql(`revoke usage on schema public from ${ROLE}`);
    this.addSql(`drop index if exists plan_one_open_derived`);
    this.addSql(`drop trigger if exists plan_parent_series on plan`);
    this.addSql(`drop function if exists kh_plan_parent_series()`);
    this.addSql(`alter table plan drop column if exists parent_series_id`);
  }
}
