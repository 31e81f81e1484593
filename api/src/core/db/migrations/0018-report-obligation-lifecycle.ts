import { Migration } from '@mikro-orm/migrations';

/**
 * Report obligations over the plans' whole life (issue 11, docs/REPORTS.md "Obligations"):
 *
 *  1. Periodic milestones: a reporting milestone may recur (MONTH, QUARTER, HALF_YEAR, YEAR) with a
 *     due day of the period's last month; it makes one obligation per period of the plan's span,
 *     so obligations are keyed by (milestone, unit, agency, period) — `period_key` is '' for a
 *     one-off report — and carry the period's data window.
 *  2. Amendments: an amendment's milestone remembers the one it continues
 *     (`previous_version_milestone_id`, like plan_target's), so issuing it moves the open
 *     obligations onto the new version; those of removed milestones close (`state` CLOSED, kept
 *     for history, out of compliance counts) unless a report was submitted on them.
 *  3. Dissolution closes what a unit owes after its last day (closed_reason UNIT_DISSOLVED).
 *  4. Agencies: `app_user.agency_id` (an agency of the user's own unit: a composite foreign key)
 *     and obligations owed by an agency to the plan's unit (`agency_id`), with their reports.
 *
 * Row-level security repeats api/src/core/access/policy.ts: within its unit, a user of an agency
 * reads and writes only its own agency's obligations and reports (and the unit's own); siblings
 * agencies are out of sight. The principal's agency is the transaction setting kehoach.agency_id
 * (empty: none). Obligations are adjusted (moved, closed) only by the unit whose plan made them.
 */

const ME = `(select kh_principal_path())`;
const AG = `(select kh_principal_agency())`;
const PUBLISHED = `('SUBMITTED','ACCEPTED','RETURNED','SUPERSEDED')`;
/** Within the caller's own unit, an agency's row is for the unit's own users and that agency's. */
const ownAgency = (alias = '') => `(${alias}agency_id is null or ${AG} is null or ${alias}agency_id = ${AG})`;
const REPORT_VISIBLE = `((unit_path = ${ME} and ${ownAgency()}) or (unit_path <@ ${ME} and unit_path <> ${ME} and status in ${PUBLISHED}))`;
const REPORT_VISIBLE_0013 = `(unit_path = ${ME} or (unit_path <@ ${ME} and status in ${PUBLISHED}))`;
const viaOwnReport = (t: string) =>
  `exists (select 1 from report r where r.id = ${t}.report_id and r.unit_path = ${ME} and r.agency_id is not distinct from ${AG})`;
const viaOwnReport0013 = (t: string) => `exists (select 1 from report r where r.id = ${t}.report_id and r.unit_path = ${ME})`;

type Policy = [string, string, 'select' | 'insert' | 'update' | 'delete', string | null, string | null];

const POLICIES: Policy[] = [
  ['report_obligation', 'report_obligation_read', 'select', `unit_path <@ ${ME} and (unit_path <> ${ME} or ${ownAgency()})`, null],
  ['report_obligation', 'report_obligation_insert', 'insert', null, `unit_path <@ ${ME} and (unit_path <> ${ME} or agency_id is not null)`],
  [
    'report_obligation',
    'report_obligation_adjust',
    'update',
    `issuer_unit_id = (select kh_principal_unit())`,
    `issuer_unit_id = (select kh_principal_unit())`,
  ],
  ['report', 'report_read', 'select', REPORT_VISIBLE, null],
  ['report', 'report_insert', 'insert', null, `unit_path = ${ME} and agency_id is not distinct from ${AG}`],
  ['report', 'report_update', 'update', REPORT_VISIBLE, REPORT_VISIBLE],
  ...['report_task', 'report_figure'].flatMap((t): Policy[] => [
    [t, `${t}_insert`, 'insert', null, viaOwnReport(t)],
    [t, `${t}_update`, 'update', viaOwnReport(t), viaOwnReport(t)],
    [t, `${t}_delete`, 'delete', viaOwnReport(t), null],
  ]),
  [
    'report_rollup',
    'report_rollup_read',
    'select',
    `unit_path <@ ${ME} and (unit_path <> ${ME} or ${AG} is null or exists (select 1 from report_obligation o where o.id = report_rollup.obligation_id))`,
    null,
  ],
];

/** The policies of migration 0013 that this one replaces, as they were (for down). */
const POLICIES_0013: Policy[] = [
  ['report_obligation', 'report_obligation_read', 'select', `unit_path <@ ${ME}`, null],
  ['report_obligation', 'report_obligation_insert', 'insert', null, `unit_path <@ ${ME} and unit_path <> ${ME}`],
  ['report', 'report_read', 'select', REPORT_VISIBLE_0013, null],
  ['report', 'report_insert', 'insert', null, `unit_path = ${ME}`],
  ['report', 'report_update', 'update', REPORT_VISIBLE_0013, REPORT_VISIBLE_0013],
  ...['report_task', 'report_figure'].flatMap((t): Policy[] => [
    [t, `${t}_insert`, 'insert', null, viaOwnReport0013(t)],
    [t, `${t}_update`, 'update', viaOwnReport0013(t), viaOwnReport0013(t)],
    [t, `${t}_delete`, 'delete', viaOwnReport0013(t), null],
  ]),
  ['report_rollup', 'report_rollup_read', 'select', `unit_path <@ ${ME}`, null],
];

/** What issuing an amendment or a dissolution changes on an obligation; nothing else of it is rewritten. */
const ADJUSTABLE = [
  'plan_id',
  'milestone_id',
  'kind',
  'kind_rank',
  'title',
  'recipient',
  'due_date',
  'plan_period_start',
  'plan_period_end',
  'state',
  'closed_on',
  'closed_reason',
];

const policySql = ([table, name, command, using, check]: Policy) =>
  `create policy ${name} on ${table} for ${command}${using ? ` using (${using})` : ''}${check ? ` with check (${check})` : ''}`;

export class Migration0018ReportObligationLifecycle extends Migration {
  override name = '0018-report-obligation-lifecycle';

  override up(): void {
    /* milestones: recurrence and the version they continue */
    this.addSql(`alter table plan_milestone add column recurrence text check (recurrence in ('MONTH','QUARTER','HALF_YEAR','YEAR'))`);
    this.addSql(`alter table plan_milestone add column due_day smallint check (due_day between 1 and 31)`);
    this.addSql(
      `alter table plan_milestone add constraint plan_milestone_due_day_recurs check (due_day is null or recurrence is not null)`,
    );
    this.addSql(
      `alter table plan_milestone add column previous_version_milestone_id uuid references plan_milestone(id) on delete set null`,
    );
    this.addSql(
      `create index plan_milestone_previous on plan_milestone (previous_version_milestone_id) where previous_version_milestone_id is not null`,
    );

    /* accounts of an agency: an agency of the user's own unit */
    this.addSql(`alter table agency add constraint agency_unit_id_key unique (unit_id, id)`);
    this.addSql(`alter table app_user add column agency_id uuid`);
    this.addSql(`alter table app_user add constraint app_user_agency_fk foreign key (unit_id, agency_id) references agency (unit_id, id)`);
    this.addSql(`create index app_user_agency on app_user (agency_id) where agency_id is not null`);
    // The principal's agency, or null: unset and empty mean a user of the unit itself.
    this.addSql(`create function kh_principal_agency() returns uuid language sql stable parallel safe as $$
      select nullif(current_setting('kehoach.agency_id', true), '')::uuid $$`);

    /* obligations: per period, per agency, open or closed */
    this.addSql(`alter table report_obligation add column period_key text not null default ''`);
    this.addSql(`alter table report_obligation add column period_start date`);
    this.addSql(`alter table report_obligation add column period_end date`);
    this.addSql(`alter table report_obligation add column agency_id uuid references agency(id)`);
    this.addSql(`alter table report_obligation add column state text not null default 'OPEN' check (state in ('OPEN','CLOSED'))`);
    this.addSql(`alter table report_obligation add column closed_on date`);
    this.addSql(
      `alter table report_obligation add column closed_reason text check (closed_reason in ('MILESTONE_REMOVED','PERIOD_REMOVED','UNIT_DISSOLVED','UNIT_NOT_EXPECTED'))`,
    );
    this.addSql(
      `alter table report_obligation add constraint report_obligation_closed check ((state = 'CLOSED') = (closed_on is not null))`,
    );
    this.addSql(`alter table report_obligation drop constraint report_obligation_milestone_id_unit_id_key`);
    this.addSql(
      `alter table report_obligation add constraint report_obligation_key unique nulls not distinct (milestone_id, unit_id, agency_id, period_key)`,
    );
    this.addSql(`drop index report_obligation_series`);
    this.addSql(
      `create index report_obligation_series on report_obligation (unit_id, plan_series_id, kind, kind_rank, period_key) where agency_id is null`,
    );
    this.addSql(`create index report_obligation_agency on report_obligation (agency_id, due_date) where agency_id is not null`);
    this.addSql(`grant update (${ADJUSTABLE.join(', ')}) on report_obligation to kehoach_app`);

    /* reports: the agency of their obligation, for the policies */
    this.addSql(`alter table report add column agency_id uuid references agency(id)`);
    this.addSql(`update report r set agency_id = o.agency_id from report_obligation o where o.id = r.obligation_id`);

    for (const [table, name] of POLICIES) this.addSql(`drop policy if exists ${name} on ${table}`);
    for (const p of POLICIES) this.addSql(policySql(p));
  }

  override down(): void {
    for (const [table, name] of POLICIES) this.addSql(`drop policy if exists ${name} on ${table}`);
    for (const p of POLICIES_0013) this.addSql(policySql(p));
    this.addSql(`alter table report drop column agency_id`);
    this.addSql(`revoke update on report_obligation from kehoach_app`);
    this.addSql(`drop index report_obligation_agency`);
    this.addSql(`drop index report_obligation_series`);
    this.addSql(`create index report_obligation_series on report_obligation (unit_id, plan_series_id, kind, kind_rank)`);
    // Periodic and agency obligations have no place in the one-per-milestone-and-unit table.
    this.addSql(`delete from report_obligation where period_key <> '' or agency_id is not null`);
    this.addSql(`alter table report_obligation drop constraint report_obligation_key`);
    this.addSql(`alter table report_obligation add constraint report_obligation_milestone_id_unit_id_key unique (milestone_id, unit_id)`);
    for (const c of ['closed_reason', 'closed_on', 'state', 'agency_id', 'period_end', 'period_start', 'period_key'])
      this.addSql(`alter table report_obligation drop column ${c}`);
    this.addSql(`drop function kh_principal_agency()`);
    this.addSql(`drop index app_user_agency`);
    this.addSql(`alter table app_user drop constraint app_user_agency_fk`);
    this.addSql(`alter table app_user drop column agency_id`);
    this.addSql(`alter table agency drop constraint agency_unit_id_key`);
    this.addSql(`drop index plan_milestone_previous`);
    for (const c of ['previous_version_milestone_id', 'due_day', 'recurrence'])
      this.addSql(`alter table plan_milestone drop column ${c} cascade`);
  }
}
