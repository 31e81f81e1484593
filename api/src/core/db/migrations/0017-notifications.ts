import { Migration } from '@mikro-orm/migrations';

/**
 * Notifications (issue 11; docs/NOTIFICATIONS.md): what a unit's officials are told — a superior
 * issued a plan they are to implement, or amended the plan theirs derives from. One row per
 * recipient unit; each user's reading is kept apart (`notification_read`), so one official's
 * click does not hide the notice from a colleague. `emailed_at` makes the table the outbox of
 * the e-mail job: a notice is mailed once, whichever instance runs the job.
 *
 * Row-level security as the other tenant tables (migration 0008): a unit reads its own notices;
 * a notice is written by a unit above its recipient (the issuing unit, in its issuing transaction).
 */
const ROLE = 'kehoach_app';
const ME = `(select kh_principal_path())`;

export class Migration0017Notifications extends Migration {
  override name = '0017-notifications';

  override up(): void {
    this.addSql(`alter table app_user add column email text`);
    this.addSql(
      `alter table app_user add constraint app_user_email_check check (email is null or email ~ '^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$')`,
    );

    this.addSql(`create table notification (
      id uuid primary key default gen_random_uuid(),
      unit_id integer not null references admin_unit(id),
      unit_path ltree not null,
      kind text not null check (kind in ('PLAN_ISSUED_ABOVE','PLAN_AMENDED_ABOVE')),
      plan_id uuid not null references plan(id),
      from_unit_id integer not null references admin_unit(id),
      created_at timestamptz not null default now(),
      emailed_at timestamptz
    )`);
    this.addSql(`create index notification_unit on notification (unit_id, created_at desc, id desc)`);
    this.addSql(`create index notification_outbox on notification (created_at) where emailed_at is null`);
    this.addSql(`create unique index notification_once on notification (unit_id, kind, plan_id)`);

    this.addSql(`create table notification_read (
      notification_id uuid not null references notification(id) on delete cascade,
      user_id uuid not null references app_user(id) on delete cascade,
      read_at timestamptz not null default now(),
      primary key (user_id, notification_id)
    )`);

    for (const t of ['notification', 'notification_read']) {
      this.addSql(`alter table ${t} enable row level security`);
      this.addSql(`alter table ${t} force row level security`);
    }
    this.addSql(`create policy notification_read on notification for select using (unit_path = ${ME})`);
    this.addSql(`create policy notification_insert on notification for insert with check (unit_path <@ ${ME} and unit_path <> ${ME})`);
    // The e-mail job runs as the owner; the serving role neither updates nor deletes notices.
    this.addSql(`revoke update, delete on notification from ${ROLE}`);
    this.addSql(`create policy notification_read_own on notification_read for all
      using (user_id::text = (select kh_principal_id())) with check (user_id::text = (select kh_principal_id()))`);
  }

  override down(): void {
    this.addSql(`drop table notification_read`);
    this.addSql(`drop table notification`);
    this.addSql(`alter table app_user drop constraint app_user_email_check`);
    this.addSql(`alter table app_user drop column email`);
  }
}
