import { Descriptions, Tag, Typography } from 'antd';
import { useTranslate } from '@refinedev/core';
import { formatDate, todayLocalDate } from '../i18n/format';
import { daysUntil } from './diff';
import type { PlanHead } from './types';

/** "còn 12 ngày" / "đã quá hạn 3 ngày" beside a submission deadline. */
export function DeadlineTag({ deadline }: { deadline: string | null }) {
  const translate = useTranslate();
  if (!deadline) return null;
  const days = daysUntil(deadline, todayLocalDate());
  if (days < 0) return <Tag color="red">{translate('derivation.deadline.overdue', { days: -days })}</Tag>;
  if (days === 0) return <Tag color="orange">{translate('derivation.deadline.today')}</Tag>;
  return <Tag color={days <= 7 ? 'orange' : 'blue'}>{translate('derivation.deadline.left', { days })}</Tag>;
}

/** A plan as an official identifies it: number, title, issuing unit, dates, deadline for subordinates. */
export function PlanHeadDescriptions({ plan, column = 2 }: { plan: PlanHead; column?: number }) {
  const translate = useTranslate();
  const period =
    plan.periodStart || plan.periodEnd
      ? translate('derivation.plan.periodRange', { from: formatDate(plan.periodStart) || '…', to: formatDate(plan.periodEnd) || '…' })
      : translate('derivation.plan.none');
  return (
    <Descriptions
      bordered
      size="small"
      column={column}
      styles={{ label: { width: 190 } }}
      items={[
        {
          key: 'number',
          label: translate('derivation.plan.number'),
          children: plan.numberSymbol ? (
            <Typography.Text strong>{plan.numberSymbol}</Typography.Text>
          ) : (
            <Typography.Text type="secondary">{translate('derivation.plan.noNumber')}</Typography.Text>
          ),
        },
        { key: 'unit', label: translate('derivation.plan.unit'), children: plan.unit.name },
        { key: 'title', label: translate('derivation.plan.title'), children: plan.title, span: column },
        {
          key: 'issued',
          label: translate('derivation.plan.issuedDate'),
          children: formatDate(plan.issuedDate) || translate('derivation.plan.none'),
        },
        { key: 'period', label: translate('derivation.plan.period'), children: period },
        {
          key: 'deadline',
          label: translate('derivation.plan.deadline'),
          span: column,
          children: plan.submissionDeadline ? (
            <>
              {formatDate(plan.submissionDeadline)} <DeadlineTag deadline={plan.submissionDeadline} />
            </>
          ) : (
            translate('derivation.plan.noDeadline')
          ),
        },
      ]}
    />
  );
}
