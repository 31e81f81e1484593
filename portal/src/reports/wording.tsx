import { Tag } from 'antd';
import { useTranslate } from '@refinedev/core';
import type { ObligationReportStatus, ReportCompliance } from '../graphql/generated';

/*
 * The report screens' words (docs/REPORTS.md): one tag per status and per compliance, figures as
 * officials write them (1.234,5), on every screen.
 */

const STATUS_COLOR: Record<string, string> = {
  NONE: 'default',
  DRAFT: 'gold',
  SUBMITTED: 'processing',
  ACCEPTED: 'green',
  RETURNED: 'orange',
  SUPERSEDED: 'purple',
  OVERDUE: 'red',
};

/**
 * Chưa báo cáo / Đang soạn / Đã gửi / Đã tiếp nhận / Bị trả lại — and "Quá hạn" for a report
 * not submitted past its due date.
 */
export function ReportStatusTag({ status, compliance }: { status: ObligationReportStatus; compliance?: ReportCompliance }) {
  const translate = useTranslate();
  const shown = compliance === 'MISSING' ? 'OVERDUE' : status;
  return (
    <Tag color={STATUS_COLOR[shown]} className="report-status" data-status={shown}>
      {translate(`reports.status.${shown}`)}
    </Tag>
  );
}

const COMPLIANCE_COLOR: Record<ReportCompliance, string> = {
  ON_TIME: 'green',
  LATE: 'gold',
  MISSING: 'red',
  RETURNED: 'orange',
  PENDING: 'default',
  CLOSED: 'default',
};

export function ComplianceTag({ compliance }: { compliance: ReportCompliance }) {
  const translate = useTranslate();
  return (
    <Tag color={COMPLIANCE_COLOR[compliance]} className="report-compliance" data-compliance={compliance}>
      {translate(`reports.compliance.${compliance}`)}
    </Tag>
  );
}

const NUMBER = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 6 });

/** A figure as Vietnamese officials write it ("1.234,5"); empty for none. */
export function formatFigure(value: number | null | undefined): string {
  return value === null || value === undefined ? '' : NUMBER.format(value);
}

/** A figure typed in the portal as the API's decimal text: "1.234,5" or "1234.5" → "1234.5". */
export function figureInput(text: string): string {
  const t = text.trim().replace(/\s/g, '');
  if (t === '') return '';
  // With a comma, Vietnamese writing: dots group thousands, the comma is the decimal mark.
  if (t.includes(',')) return t.replace(/\./g, '').replace(',', '.');
  return t;
}

const ROMAN = ['I', 'II', 'III', 'IV'];

/**
 * A period of a periodic report as the documents name it — "tháng 09/2024", "quý III/2024",
 * "6 tháng đầu năm 2024", "năm 2024" (docs/REPORTS.md, "Periods") — in the portal's language.
 */
export function periodText(
  period: { kind: string; year: number; index: number },
  translate: (key: string, options?: Record<string, unknown>) => string,
): string {
  const key = period.kind === 'HALF_YEAR' ? `HALF_YEAR_${period.index}` : period.kind;
  return translate(`reports.periods.${key}`, {
    year: period.year,
    month: String(period.index).padStart(2, '0'),
    index: period.index,
    roman: ROMAN[period.index - 1] ?? String(period.index),
  });
}
