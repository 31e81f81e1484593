import nodemailer from 'nodemailer';
import type { JobDefinition } from '../../core/jobs/job-queue.js';
import { formatDateVi } from '../../core/text.js';
import { planHeadlines } from '../plans/store/queries.js';
import { obligationHeadlines, type ObligationHeadline } from '../reports/store/index.js';
import { isRecipient, mailRecipients, markMailed, takeUnmailed } from './notification.store.js';
import { NotificationKind } from './notification.types.js';

export interface MailSettings {
  /** smtp://user:pass@host:port or smtps://… (SMTP_URL). */
  smtpUrl: string;
  /** The sender (KEHOACH_MAIL_FROM). */
  from: string;
  /** The portal's public address, for links in the message (KEHOACH_PUBLIC_URL); none: no link. */
  publicUrl: string | null;
}

/** Notices a run mails at most; the rest go at the next minute. */
const BATCH = 200;

/**
 * Mails each notice once to every active user of its unit with an address — of its role, for a
 * notice to the unit's approvers (docs/NOTIFICATIONS.md).
 * The notice table is the outbox: a run takes unmailed notices with `for update skip locked`, so
 * two instances never take the same one, sends, and marks them in its transaction. A send that
 * fails ends the run there: what was sent stays marked, the rest waits for the next run.
 */
export function notificationEmailJob(settings: MailSettings): JobDefinition {
  const transport = nodemailer.createTransport(settings.smtpUrl);
  return {
    name: 'notification-emails',
    cron: '* * * * *',
    async run({ em }) {
      const notices = await takeUnmailed(em, BATCH);
      if (notices.length === 0) return { mailed: 0, messages: 0 };
      const plans = new Map((await planHeadlines(em, [...new Set(notices.map((n) => n.planId))])).map((p) => [p.id, p]));
      const obligationIds = [...new Set(notices.flatMap((n) => (n.obligationId ? [n.obligationId] : [])))];
      const obligations = new Map((await obligationHeadlines(em, obligationIds)).map((o) => [o.id, o]));
      const recipients = await mailRecipients(em, [...new Set(notices.map((n) => n.unitId))]);
      const mailed: string[] = [];
      let messages = 0;
      let failure: string | null = null;
      for (const notice of notices) {
        const plan = plans.get(notice.planId);
        // A notice for one role (a submission: the approvers) is mailed to that role only; an agency's to its accounts.
        const to = recipients.filter((r) => isRecipient(r, notice));
        const obligation = notice.obligationId ? obligations.get(notice.obligationId) : undefined;
        if (plan && to.length > 0 && (!notice.obligationId || obligation)) {
          const text = obligation
            ? reportMailText(
                notice.kind,
                { ...obligation, reportId: notice.reportId ?? obligation.reportId, reason: notice.note },
                plan,
                settings.publicUrl,
              )
            : mailText(notice.kind, plan, settings.publicUrl);
          try {
            await transport.sendMail({ from: settings.from, to: to.map((r) => ({ name: r.displayName, address: r.email })), ...text });
            messages++;
          } catch (e) {
            failure = (e as Error).message;
            break;
          }
        }
        mailed.push(notice.id);
      }
      await markMailed(em, mailed);
      return { mailed: mailed.length, messages, ...(failure ? { failure } : {}) };
    },
  };
}

type Headline = Awaited<ReturnType<typeof planHeadlines>>[number];

/** The message, in Vietnamese: what happened, which plan, what to do, where. */
export function mailText(kind: NotificationKind, plan: Headline, publicUrl: string | null): { subject: string; text: string } {
  const name = plan.numberSymbol ? `Kế hoạch số ${plan.numberSymbol}` : 'Kế hoạch';
  const link = publicUrl ? `\n\nXem kế hoạch: ${publicUrl.replace(/\/$/, '')}/plans/${plan.id}` : '';
  if (kind === NotificationKind.PLAN_AMENDED_ABOVE) {
    return {
      subject: `${plan.unitName} sửa đổi, bổ sung ${name}`,
      text:
        `${plan.unitName} đã ban hành văn bản sửa đổi, bổ sung ${name} "${plan.title}", ` +
        `là kế hoạch cấp trên của kế hoạch đơn vị đang thực hiện.\n` +
        `Vui lòng xem các thay đổi và quyết định áp dụng vào kế hoạch của đơn vị.${link}`,
    };
  }
  return {
    subject: `${plan.unitName} ban hành ${name}`,
    text:
      `${plan.unitName} đã ban hành ${name} "${plan.title}".\n` + `Đơn vị cần xây dựng kế hoạch thực hiện trên cơ sở kế hoạch này.${link}`,
  };
}

/**
 * A report notice's message, in Vietnamese: which report (its title, the plan that ordered it),
 * the due date as officials write it, what to do, and a link to the report (or to the unit's
 * reports when none is written yet).
 */
export function reportMailText(
  kind: NotificationKind,
  o: ObligationHeadline & { reason: string | null },
  plan: Headline,
  publicUrl: string | null,
): { subject: string; text: string } {
  const base = publicUrl ? publicUrl.replace(/\/$/, '') : null;
  const link = base ? `\n\nXem báo cáo: ${base}/reports${o.reportId ? `/${o.reportId}` : ''}` : '';
  const planName = plan.numberSymbol ? `Kế hoạch số ${plan.numberSymbol}` : `kế hoạch "${plan.title}"`;
  const due = o.dueDate ? formatDateVi(o.dueDate) : null;
  switch (kind) {
    case NotificationKind.REPORT_DUE_SOON:
      return {
        subject: `Báo cáo sắp đến hạn${due ? ` ngày ${due}` : ''}: ${o.title}`,
        text: `${o.unitName} cần gửi ${o.issuerName} báo cáo "${o.title}" theo ${planName}${due ? `, hạn ngày ${due}` : ''}.\nBáo cáo chưa được gửi.${link}`,
      };
    case NotificationKind.REPORT_OVERDUE:
      return {
        subject: `Báo cáo quá hạn: ${o.title}`,
        text:
          `Báo cáo "${o.title}" của ${o.unitName} theo ${planName}${due ? ` đã quá hạn từ ngày ${due}` : ' đã quá hạn'} mà chưa được gửi ${o.issuerName}.\n` +
          `Đề nghị hoàn thành và gửi ngay.${link}`,
      };
    case NotificationKind.REPORT_RETURNED:
      return {
        subject: `${o.issuerName} trả lại báo cáo: ${o.title}`,
        text:
          `${o.issuerName} đã trả lại báo cáo "${o.title}" của ${o.unitName} (theo ${planName}).` +
          (o.reason ? `\nLý do: ${o.reason}` : '') +
          `\nĐề nghị sửa theo ý kiến của cấp trên và gửi lại.${link}`,
      };
    default:
      return {
        subject: `${o.unitName} đã gửi báo cáo: ${o.title}`,
        text: `${o.unitName} đã gửi báo cáo "${o.title}" theo ${planName}.\nBáo cáo chờ ${o.issuerName} tiếp nhận hoặc trả lại.${link}`,
      };
  }
}
