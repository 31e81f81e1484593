import { Migration } from '@mikro-orm/migrations';

/**
 * Report notices (issue 11; docs/NOTIFICATIONS.md): a report due soon, overdue, returned by the
 * superior, submitted by a unit below. A report notice names the obligation it is about (and the
 * report, for a return or a submission); the plan it keeps is the plan that ordered the report.
 *
 * Once per obligation and kind for the reminders: the daily job runs on several instances and may
 * run again, so the database holds the rule (`notification_once_reminder`), the job inserts with
 * ON CONFLICT DO NOTHING as the owner. A return or a submission may happen more than once on one
 * report (returned, corrected, returned again): each is told, in the transaction of the act.
 *
 * Row-level security: notices still go down (migration 0017), but a submission is told up — the
 * submitting unit may write a REPORT_SUBMITTED notice to the unit its own obligation is owed to,
 * and to no other unit. `for_role` narrows a notice to the unit's approvers (who accept reports);
 * `note` keeps what the act said (the reason of a return).
 */
const ME = `(select kh_principal_path())`;
const PLAN_KINDS = `('PLAN_ISSUED_ABOVE','PLAN_AMENDED_ABOVE')`;
const REMINDER_KINDS = `('REPORT_DUE_SOON','REPORT_OVERDUE')`;

export class Migration0019ReportNotices extends Migration {
  override name = '0019-report-notices';

  override up(): void {
    this.addSql(`alter table notification drop constraint notification_kind_check`);
    this.addSql(`alter table notification add constraint notification_kind_check check (kind in (
      'PLAN_ISSUED_ABOVE','PLAN_AMENDED_ABOVE','REPORT_DUE_SOON','REPORT_OVERDUE','REPORT_RETURNED','REPORT_SUBMITTED'))`);
    this.addSql(`alter table notification add column obligation_id uuid references report_obligation(id)`);
    this.addSql(`alter table notification add column report_id uuid references report(id)`);
    this.addSql(`alter table notification add column for_role text check (for_role in ('APPROVER'))`);
    // What the act said, kept with the notice (a return's reason: the report clears it when submitted again).
    this.addSql(`alter table notification add column note text`);
    this.addSql(`alter table notification add constraint notification_report_kind_obligation
      check (kind in ${PLAN_KINDS} or obligation_id is not null)`);
    this.addSql(`drop index notification_once`);
    this.addSql(`create unique index notification_once_plan on notification (unit_id, kind, plan_id) where kind in ${PLAN_KINDS}`);
    this.addSql(`create unique index notification_once_reminder on notification (obligation_id, kind) where kind in ${REMINDER_KINDS}`);
    // The desk's "reports waiting for acceptance" (owed to a unit) and the reminders (by due date).
    this.addSql(`create index report_obligation_issuer on report_obligation (issuer_unit_id, due_date)`);
    this.addSql(`create index report_obligation_due on report_obligation (due_date)`);
    this.addSql(`create policy notification_insert_submitted on notification for insert with check (
      kind = 'REPORT_SUBMITTED' and exists (
        select 1 from report_obligation o
        where o.id = notification.obligation_id and o.unit_path = ${ME} and o.issuer_unit_id = notification.unit_id))`);
  }

  override down(): void {
    this.addSql(`drop policy notification_insert_submitted on notification`);
    this.addSql(`drop index report_obligation_due`);
    this.addSql(`drop index report_obligation_issuer`);
    this.addSql(`delete from notification where kind not in ${PLAN_KINDS}`);
    this.addSql(`drop index notification_once_reminder`);
    this.addSql(`drop index notification_once_plan`);
    this.addSql(`create unique index notification_once on notification (unit_id, kind, plan_id)`);
    this.addSql(`alter table notification drop constraint notification_report_kind_obligation`);
    this.addSql(`alter table notification drop column note`);
    this.addSql(`alter table notification drop column for_role`);
    this.addSql(`alter table notification drop column report_id`);
    this.addSql(`alter table notification drop column obligation_id`);
    this.addSql(`alter table notification drop constraint notification_kind_check`);
    this.addSql(`alter table notification add constraint notification_kind_check check (kind in ${PLAN_KINDS})`);
  }
}
