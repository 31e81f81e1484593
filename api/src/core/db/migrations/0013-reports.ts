import { Migration } from '@mikro-orm/migrations';

/**
 * Progress reports (issue 11, docs/REPORTS.md): obligations made from the reporting milestones of
 * issued plans, reports with their task statuses and figures, and the roll-up of achieved figures
 * kept on write. Written only by the reports store (api/src/modules/reports/store/).
 *
 * Row-level security repeats api/src/core/access/policy.ts (`canReadReport`): a unit reads its own
 * obligations and reports in every status and those of the units below it once submitted (never
 * their drafts), nothing of its superiors or siblings. A unit writes its own reports; its
 * superiors change only their status (accept, return). Obligations and the roll-up's expected
 * rows are inserted by the unit that issues the plan (rows of the units below it); the achieved
 * figures of the roll-up are written only through kh_refresh_report_rollup, which counts a unit's
 * figures once, at the nearest level that reports them, up the chain of obligations.
 */

const ME = `(select kh_principal_path())`;
/** Report statuses a superior reads: never a draft. */
const PUBLISHED = `('SUBMITTED','ACCEPTED','RETURNED','SUPERSEDED')`;
const REPORT_VISIBLE = `(unit_path = ${ME} or (unit_path <@ ${ME} and status in ${PUBLISHED}))`;
const viaVisibleReport = (t: string) => `exists (select 1 from report r where r.id = ${t}.report_id)`;
const viaOwnReport = (t: string) => `exists (select 1 from report r where r.id = ${t}.report_id and r.unit_path = ${ME})`;

export const REPORT_TABLES = ['report_obligation', 'report', 'report_task', 'report_figure', 'report_rollup'] as const;

type Policy = [string, string, 'select' | 'insert' | 'update' | 'delete' | 'all', string | null, string | null];

const POLICIES: Policy[] = [
  ['report_obligation', 'report_obligation_read', 'select', `unit_path <@ ${ME}`, null],
  ['report_obligation', 'report_obligation_insert', 'insert', null, `unit_path <@ ${ME} and unit_path <> ${ME}`],
  ['report', 'report_read', 'select', REPORT_VISIBLE, null],
  ['report', 'report_insert', 'insert', null, `unit_path = ${ME}`],
  // The unit edits and submits; a superior sees it submitted and accepts or returns it.
  ['report', 'report_update', 'update', REPORT_VISIBLE, REPORT_VISIBLE],
  ['report', 'report_delete', 'delete', `unit_path = ${ME}`, null],
  ...['report_task', 'report_figure'].flatMap((t): Policy[] => [
    [t, `${t}_read`, 'select', viaVisibleReport(t), null],
    [t, `${t}_insert`, 'insert', null, viaOwnReport(t)],
    [t, `${t}_update`, 'update', viaOwnReport(t), viaOwnReport(t)],
    [t, `${t}_delete`, 'delete', viaOwnReport(t), null],
  ]),
  ['report_rollup', 'report_rollup_read', 'select', `unit_path <@ ${ME}`, null],
];

export class Migration0013Reports extends Migration {
  override name = '0013-reports';

  override up(): void {
    // One obligation per reporting milestone of an issued plan and implementing unit; the
    // milestone's facts are copied (the milestone row belongs to the plan store).
    this.addSql(`create table report_obligation (
      id uuid primary key,
      plan_id uuid not null references plan(id) on delete cascade,
      plan_series_id uuid not null,
      milestone_id uuid not null references plan_milestone(id) on delete cascade,
      kind text not null check (kind in ('RESULT_REPORT','INTERIM_REVIEW','FINAL_REVIEW')),
      kind_rank integer not null,
      title text not null,
      recipient text,
      due_date date,
      plan_period_start date,
      plan_period_end date,
      unit_id integer not null references admin_unit(id),
      unit_path ltree not null,
      issuer_unit_id integer not null references admin_unit(id),
      province_id integer references admin_unit(id),
      parent_obligation_id uuid references report_obligation(id) on delete set null,
      created_at timestamptz not null default now(),
      unique (milestone_id, unit_id)
    )`);
    this.addSql(`create index report_obligation_unit_path on report_obligation using gist (unit_path)`);
    this.addSql(`create index report_obligation_plan on report_obligation (plan_id, milestone_id)`);
    this.addSql(`create index report_obligation_unit on report_obligation (unit_id, due_date)`);
    this.addSql(`create index report_obligation_parent on report_obligation (parent_obligation_id)`);
    this.addSql(`create index report_obligation_series on report_obligation (unit_id, plan_series_id, kind, kind_rank)`);

    this.addSql(`create table report (
      id uuid primary key,
      obligation_id uuid not null references report_obligation(id) on delete cascade,
      unit_id integer not null references admin_unit(id),
      unit_path ltree not null,
      province_id integer references admin_unit(id),
      version_no integer not null default 1,
      corrects_report_id uuid references report(id),
      status text not null default 'DRAFT' check (status in ('DRAFT','SUBMITTED','ACCEPTED','RETURNED','SUPERSEDED')),
      period_start date,
      period_end date,
      difficulties text not null default '',
      proposals text not null default '',
      recipients jsonb not null default '[]',
      signature jsonb not null default '{}',
      returned_reason text,
      submitted_at timestamptz,
      first_submitted_on date,
      decided_at timestamptz,
      created_by uuid,
      version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      unique (obligation_id, version_no),
      check (period_end is null or period_start is null or period_end >= period_start)
    )`);
    this.addSql(`create index report_unit_path on report using gist (unit_path)`);
    // One report being written per obligation (a draft, a returned report or a correction).
    this.addSql(`create unique index report_one_open on report (obligation_id) where status in ('DRAFT','RETURNED')`);

    this.addSql(`create table report_task (
      id uuid primary key,
      report_id uuid not null references report(id) on delete cascade,
      node_id uuid references plan_node(id) on delete set null,
      position integer not null,
      label text,
      text text not null,
      status text not null default 'NOT_STARTED' check (status in ('COMPLETED','IN_PROGRESS','NOT_STARTED','NOT_APPLICABLE')),
      done text not null default '',
      version integer not null default 1
    )`);
    this.addSql(`create index report_task_report on report_task (report_id, position)`);

    this.addSql(`create table report_figure (
      id uuid primary key,
      report_id uuid not null references report(id) on delete cascade,
      target_id uuid not null references plan_target(id) on delete cascade,
      rolls_into_target_id uuid references plan_target(id) on delete set null,
      position integer not null,
      metric text not null,
      unit_of_measure text not null,
      allocated numeric,
      period_value numeric check (period_value >= 0 and period_value <= 1e12),
      cumulative_value numeric check (cumulative_value >= 0 and cumulative_value <= 1e12),
      override_note text,
      version integer not null default 1,
      unique (report_id, target_id)
    )`);

    // Per obligation and target: what the unit must reach, what it reported (its current
    // submitted or accepted report) and what the units below it reported, counted once.
    this.addSql(`create table report_rollup (
      obligation_id uuid not null references report_obligation(id) on delete cascade,
      target_id uuid not null references plan_target(id) on delete cascade,
      rolls_into_target_id uuid references plan_target(id) on delete set null,
      unit_id integer not null references admin_unit(id),
      unit_path ltree not null,
      province_id integer references admin_unit(id),
      position integer not null,
      metric text not null,
      unit_of_measure text not null,
      own_period numeric,
      own_cumulative numeric,
      below_period numeric,
      below_cumulative numeric,
      below_units integer not null default 0,
      achieved_period numeric generated always as (coalesce(own_period, below_period)) stored,
      achieved_cumulative numeric generated always as (coalesce(own_cumulative, below_cumulative)) stored,
      updated_at timestamptz not null default now(),
      primary key (obligation_id, target_id)
    )`);
    this.addSql(`create index report_rollup_unit_path on report_rollup using gist (unit_path)`);

    // Achieved figures up the chain of obligations, bottom-up, in a fixed number of statements per
    // level: a unit's own submitted figure when it reported, else the sum of what its subordinates
    // achieved (their own figure, or theirs from below) — each figure counted once.
    this.addSql(`create function kh_refresh_report_rollup(p_obligations uuid[]) returns void
      language plpgsql volatile security definer set search_path = public, pg_temp as $$
      declare ids uuid[] := p_obligations; hop integer := 0;
      begin
        if not exists (select 1 from pg_roles where rolname = session_user and (rolsuper or rolbypassrls)) then
          if exists (select 1 from report_obligation o where o.id = any(p_obligations) and not (o.unit_path <@ kh_principal_path())) then
            raise exception 'a report roll-up outside the caller''s subtree' using errcode = '42501';
          end if;
        end if;
        while coalesce(array_length(ids, 1), 0) > 0 and hop < 6 loop
          -- Writers under one obligation queue here, bottom-up (so never in a cycle); each statement
          -- below then reads what the one before committed: no sum from below is lost.
          perform pg_advisory_xact_lock(hashtext('report_rollup'), hashtext(x::text)) from unnest(ids) x order by x;
          delete from report_rollup where obligation_id = any(ids);
          with cur as (
            select distinct on (r.obligation_id) r.id, r.obligation_id from report r
            where r.obligation_id = any(ids) and r.status in ('SUBMITTED','ACCEPTED') order by r.obligation_id, r.version_no desc
          )
          insert into report_rollup (obligation_id, target_id, rolls_into_target_id, unit_id, unit_path, province_id, position, metric,
            unit_of_measure, own_period, own_cumulative)
          select c.obligation_id, f.target_id, f.rolls_into_target_id, o.unit_id, o.unit_path, o.province_id, f.position, f.metric,
            f.unit_of_measure, f.period_value, f.cumulative_value
          from cur c join report_figure f on f.report_id = c.id join report_obligation o on o.id = c.obligation_id;
          with below as (
            select ch.parent_obligation_id as obligation_id, x.rolls_into_target_id as target_id, sum(x.achieved_period) p,
              sum(x.achieved_cumulative) c, count(*)::int n
            from report_obligation ch join report_rollup x on x.obligation_id = ch.id
            where ch.parent_obligation_id = any(ids) and x.rolls_into_target_id is not null
              and (x.achieved_period is not null or x.achieved_cumulative is not null)
            group by ch.parent_obligation_id, x.rolls_into_target_id
          )
          insert into report_rollup (obligation_id, target_id, rolls_into_target_id, unit_id, unit_path, province_id, position, metric,
            unit_of_measure, below_period, below_cumulative, below_units)
          select below.obligation_id, below.target_id, t.derived_from_target_id, o.unit_id, o.unit_path, o.province_id, t.position, t.metric,
            t.unit_of_measure, below.p, below.c, below.n
          from below join report_obligation o on o.id = below.obligation_id join plan_target t on t.id = below.target_id
          on conflict (obligation_id, target_id) do update set below_period = excluded.below_period,
            below_cumulative = excluded.below_cumulative, below_units = excluded.below_units;
          ids := array(select distinct parent_obligation_id from report_obligation where id = any(ids) and parent_obligation_id is not null);
          hop := hop + 1;
        end loop;
      end $$`);
    this.addSql(`revoke all on function kh_refresh_report_rollup(uuid[]) from public`);
    this.addSql(`grant execute on function kh_refresh_report_rollup(uuid[]) to kehoach_app`);
    // The roll-up changes only through the function; obligations are never rewritten.
    this.addSql(`revoke insert, update, delete on report_rollup from kehoach_app`);
    this.addSql(`revoke update, delete on report_obligation from kehoach_app`);

    for (const t of REPORT_TABLES) {
      this.addSql(`alter table ${t} enable row level security`);
      this.addSql(`alter table ${t} force row level security`);
    }
    for (const [table, name, command, using, check] of POLICIES) {
      this.addSql(
        `create policy ${name} on ${table} for ${command}${using ? ` using (${using})` : ''}${check ? ` with check (${check})` : ''}`,
      );
    }
  }

  override down(): void {
    this.addSql(`drop function if exists kh_refresh_report_rollup(uuid[])`);
    for (const t of ['report_rollup', 'report_figure', 'report_task', 'report', 'report_obligation'])
      this.addSql(`drop table if exists ${t}`);
  }
}
