import type { EntityManager } from '@mikro-orm/postgresql';
import type { JobDefinition } from '../../core/jobs/job-queue.js';
import { addDays, todayInVietnam } from '../../core/text.js';
import { openObligationsDueBetween, type ObligationToRemind } from '../reports/store/index.js';
import { insertReminders } from './notification.store.js';
import { NotificationKind } from './notification.types.js';

/** Days before the due date a report is reminded of, unless KEHOACH_REMINDER_DAYS says otherwise. */
export const REMINDER_DAYS = 3;
/** Once a day, at 07:00 in Vietnam, unless KEHOACH_REMINDER_CRON says otherwise (docs/NOTIFICATIONS.md). */
export const REMINDER_CRON = '0 7 * * *';
/**
 * A day without a run (every instance down, the queue off) is caught up by the next run: an
 * obligation whose due date passed at most this many days ago is still told it is overdue. Older
 * ones are not — a first deployment on years of data would otherwise send a flood.
 */
export const OVERDUE_CATCH_UP_DAYS = 7;
/** Obligations read and told per statement; a run goes through all of them, batch by batch. */
const BATCH = 2000;

export interface ReminderSettings {
  days: number;
  cron: string;
}

/**
 * The daily reminders (docs/NOTIFICATIONS.md): REPORT_DUE_SOON for each open obligation (nothing
 * submitted) due within `days` days — exactly `days` days ahead on a day after a run, sooner for
 * one opened late — and REPORT_OVERDUE from the day after its due date, for the users of the owing
 * unit. Never twice for one obligation and kind: the unique index of migration 0019 holds it
 * whatever the instances and re-runs, and the e-mail job mails each notice once.
 */
export function reportRemindersJob(settings: ReminderSettings): JobDefinition {
  return {
    name: 'report-reminders',
    cron: settings.cron,
    async run({ em, startedAt }) {
      const today = todayInVietnam(startedAt);
      const dueSoon = await remind(em, NotificationKind.REPORT_DUE_SOON, today, addDays(today, settings.days));
      const overdue = await remind(em, NotificationKind.REPORT_OVERDUE, addDays(today, -OVERDUE_CATCH_UP_DAYS), addDays(today, -1));
      return { today, dueSoon, overdue };
    },
  };
}

/** Tells every open obligation due between two days (both included); returns how many notices are new. */
async function remind(em: EntityManager, kind: NotificationKind, from: string, to: string): Promise<number> {
  let made = 0;
  let after: { dueDate: string; id: string } | null = null;
  for (;;) {
    const batch: ObligationToRemind[] = await openObligationsDueBetween(em, from, to, after, BATCH);
    made += await insertReminders(em, kind, batch);
    if (batch.length < BATCH) return made;
    const last = batch[batch.length - 1]!;
    after = { dueDate: last.dueDate, id: last.obligationId };
  }
}
