import type { EntityManager } from '@mikro-orm/postgresql';
import { afterClause } from '../../core/graphql/pagination.js';
import { one, pgArray, rows } from '../../core/sql.js';
import type { NotificationKind, NotificationNode } from './notification.types.js';

/*
 * The only SQL on `notification` and `notification_read` (docs/NOTIFICATIONS.md). Requests run it
 * under row-level security (a unit reads its own notices); the e-mail and reminder jobs run it as the owner.
 */

/**
 * One notice per recipient unit. A plan is issued once, so a unit is told of it once (a unique
 * index holds it). Neither RETURNING nor ON CONFLICT: both need to read the row, and the issuing
 * unit may write a notice to the units below but not read it (row-level security).
 */
export async function insertNotifications(
  em: EntityManager,
  n: { kind: NotificationKind; planId: string; fromUnitId: number; unitIds: number[] },
): Promise<void> {
  if (n.unitIds.length === 0) return;
  await em.execute(
    `insert into notification (unit_id, unit_path, kind, plan_id, from_unit_id)
     select u.id, u.path, ?, ?, ? from admin_unit u where u.id = any(?::int[])`,
    [n.kind, n.planId, n.fromUnitId, pgArray(n.unitIds)],
  );
}

/**
 * A report notice for one unit, written in the transaction of the act it reports (a return, a
 * submission). Neither RETURNING nor ON CONFLICT, as above: the writer may not read it back.
 */
export async function insertReportNotice(
  em: EntityManager,
  n: {
    kind: NotificationKind;
    planId: string;
    obligationId: string;
    reportId: string | null;
    fromUnitId: number;
    unitId: number;
    /** Only the unit's users of this role are told (a submission: the approvers who accept it). */
    forRole?: 'APPROVER' | null;
    /** What the act said (a return's reason), kept with the notice. */
    note?: string | null;
    /** The agency that owes the report, when an agency does: its accounts (and the unit's own) read the notice. */
    agencyId: string | null;
  },
): Promise<void> {
  await em.execute(
    `insert into notification (unit_id, unit_path, kind, plan_id, from_unit_id, obligation_id, report_id, for_role, note, agency_id)
     select u.id, u.path, ?, ?, ?, ?, ?, ?, ?, ? from admin_unit u where u.id = ?`,
    [n.kind, n.planId, n.fromUnitId, n.obligationId, n.reportId, n.forRole ?? null, n.note ?? null, n.agencyId, n.unitId],
  );
}

/**
 * Reminders of the daily job (run as the owner): one notice per obligation and kind, whatever the
 * number of instances and runs — the unique index notification_once_reminder (migration 0019)
 * keeps the rule, a second insert does nothing. Returns how many were new. One statement.
 */
export async function insertReminders(
  em: EntityManager,
  kind: NotificationKind,
  due: readonly { obligationId: string; unitId: number; planId: string; fromUnitId: number; agencyId: string | null }[],
): Promise<number> {
  if (due.length === 0) return 0;
  const made = await rows<{ id: string }>(
    em,
    `insert into notification (unit_id, unit_path, kind, plan_id, from_unit_id, obligation_id, agency_id)
     select u.id, u.path, ?, d.plan_id, d.from_unit_id, d.obligation_id, d.agency_id
     from jsonb_to_recordset(?::jsonb) as d(obligation_id uuid, unit_id int, plan_id uuid, from_unit_id int, agency_id uuid)
     join admin_unit u on u.id = d.unit_id
     on conflict do nothing returning id`,
    [
      kind,
      JSON.stringify(
        due.map((d) => ({
          obligation_id: d.obligationId,
          unit_id: d.unitId,
          plan_id: d.planId,
          from_unit_id: d.fromUnitId,
          agency_id: d.agencyId,
        })),
      ),
    ],
  );
  return made.length;
}

/** The reader: a user of a unit, with a role (a notice may be for the unit's approvers only) and maybe an agency. */
export interface NoticeReader {
  unitId: number;
  userId: string;
  role: string;
  agencyId: string | null;
}

/**
 * Notices of the reader's unit meant for everyone there or for the reader's role; an agency's
 * notice for the unit's own users and that agency's accounts (as row-level security, migration 0020).
 */
const FOR_READER = `(n.for_role is null or n.for_role = ?) and (n.agency_id is null or ?::uuid is null or n.agency_id = ?::uuid)`;
const readerParams = (who: NoticeReader) => [who.role, who.agencyId, who.agencyId];

const COLUMNS = `n.id, n.kind, n.created_at as "createdAt", r.user_id is not null as read, n.plan_id as "planId", n.from_unit_id as "fromUnitId",
  n.obligation_id as "obligationId", n.report_id as "reportId", n.note`;

export function notificationPage(em: EntityManager, who: NoticeReader, unreadOnly: boolean, after: unknown[] | null, limit: number) {
  const a = afterClause(['n.created_at', 'n.id'], after, 'desc');
  return rows<NotificationNode & { cursorAt: string }>(
    em,
    `select ${COLUMNS}, n.created_at::text as "cursorAt"
     from notification n left join notification_read r on r.notification_id = n.id and r.user_id = ?::uuid
     where n.unit_id = ? and ${FOR_READER}${unreadOnly ? ' and r.user_id is null' : ''} and ${a.sql.replace('(?, ?)', '(?::timestamptz, ?::uuid)')}
     order by n.created_at desc, n.id desc limit ?`,
    [who.userId, who.unitId, ...readerParams(who), ...a.params, limit],
  );
}

export async function notificationCount(em: EntityManager, who: NoticeReader, unreadOnly: boolean): Promise<number> {
  const found = await one<{ n: string }>(
    em,
    `select count(*) as n from notification n
     where n.unit_id = ? and ${FOR_READER}${unreadOnly ? ' and not exists (select 1 from notification_read r where r.notification_id = n.id and r.user_id = ?::uuid)' : ''}`,
    unreadOnly ? [who.unitId, ...readerParams(who), who.userId] : [who.unitId, ...readerParams(who)],
  );
  return Number(found?.n ?? 0);
}

/** Marks notices of the unit as read by the user: the given ones, or all; returns how many were new. */
export async function markRead(em: EntityManager, who: NoticeReader, ids: string[] | null): Promise<number> {
  const marked = await rows<{ id: string }>(
    em,
    `insert into notification_read (notification_id, user_id)
     select n.id, ?::uuid from notification n where n.unit_id = ? and ${FOR_READER}${ids ? ' and n.id = any(?::uuid[])' : ''}
     on conflict do nothing returning notification_id as id`,
    ids ? [who.userId, who.unitId, ...readerParams(who), pgArray(ids)] : [who.userId, who.unitId, ...readerParams(who)],
  );
  return marked.length;
}

/** The e-mail job's batch: notices not yet mailed, newest two days only, locked against other instances. */
export function takeUnmailed(em: EntityManager, limit: number) {
  return rows<{
    id: string;
    kind: NotificationKind;
    unitId: number;
    planId: string;
    fromUnitId: number;
    obligationId: string | null;
    reportId: string | null;
    forRole: string | null;
    note: string | null;
    agencyId: string | null;
  }>(
    em,
    `select n.id, n.kind, n.unit_id as "unitId", n.plan_id as "planId", n.from_unit_id as "fromUnitId",
       n.obligation_id as "obligationId", n.report_id as "reportId", n.for_role as "forRole", n.note, n.agency_id as "agencyId" from notification n
     where n.emailed_at is null and n.created_at > now() - interval '2 days'
     order by n.created_at limit ? for update skip locked`,
    [limit],
  );
}

export async function markMailed(em: EntityManager, ids: string[]): Promise<void> {
  if (ids.length) await em.execute(`update notification set emailed_at = now() where id = any(?::uuid[])`, [pgArray(ids)]);
}

export interface MailRecipient {
  unitId: number;
  email: string;
  displayName: string;
  role: string;
  agencyId: string | null;
}

/**
 * Who is mailed a notice: the users of its unit (of its role, when it names one) who act on it. An
 * agency's notice goes to that agency's accounts — they write its report — except a submission,
 * which goes to the unit's own approvers, who accept it (docs/NOTIFICATIONS.md, "Agencies").
 */
export function isRecipient(
  r: MailRecipient,
  n: { unitId: number; kind: NotificationKind | string; forRole: string | null; agencyId: string | null },
): boolean {
  if (r.unitId !== n.unitId || (n.forRole && r.role !== n.forRole)) return false;
  if (!n.agencyId) return true;
  return n.kind === 'REPORT_SUBMITTED' ? r.agencyId === null : r.agencyId === n.agencyId;
}

/** Active users of these units with an e-mail address. */
export function mailRecipients(em: EntityManager, unitIds: number[]) {
  return rows<MailRecipient>(
    em,
    `select unit_id as "unitId", email, display_name as "displayName", role, agency_id as "agencyId" from app_user
     where unit_id = any(?::int[]) and email is not null and disabled_at is null order by unit_id, username`,
    [pgArray(unitIds)],
  );
}
