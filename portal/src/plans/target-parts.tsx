import { Tag } from 'antd';
import { CheckCircleFilled, CloseCircleFilled } from '@ant-design/icons';
import { useTranslate } from '@refinedev/core';
import { useLocale, type Locale } from '../i18n/locale';
import { formatNumber, type SumCheck } from './printed';
import type { Target } from './types';

type Translate = ReturnType<typeof useTranslate>;

/** "ít nhất 160 vụ", or null when the text gives no total. */
export function targetAmount(t: Pick<Target, 'comparator' | 'value' | 'unitOfMeasure'>, translate: Translate, locale: Locale): string | null {
  if (t.value === null || t.value === undefined) return null;
  return `${translate(`plans.comparatorWords.${t.comparator}`)} ${formatNumber(t.value, locale)} ${t.unitOfMeasure}`.trim();
}

/** "ít nhất 160 vụ — số vụ phát hiện, bắt giữ, khởi tố". */
export function targetSentence(t: Pick<Target, 'comparator' | 'value' | 'unitOfMeasure' | 'metric'>, translate: Translate, locale: Locale): string {
  const amount = targetAmount(t, translate, locale);
  return amount ? `${amount} — ${t.metric}` : `${t.metric} (${translate('plans.targets.noTotal')})`;
}

/** Green when the allocations add up to the total, red with the difference when they do not. */
export function SumCheckBadge({ check, unitOfMeasure }: { check: SumCheck; unitOfMeasure: string }) {
  const translate = useTranslate();
  const locale = useLocale();
  const n = (v: number) => formatNumber(v, locale);
  if (check.matches === null) {
    if (check.sum === 0 && check.total === null) return null;
    return (
      <Tag className="plan-sum plan-sum-none">
        {translate('plans.targets.sumOnly', { sum: n(check.sum), unit: unitOfMeasure })}
      </Tag>
    );
  }
  if (check.matches) {
    return (
      <Tag color="success" icon={<CheckCircleFilled  aria-hidden />} className="plan-sum plan-sum-ok" data-testid="sum-ok">
        {translate('plans.targets.sumMatches', { sum: n(check.sum), total: n(check.total!), unit: unitOfMeasure })}
      </Tag>
    );
  }
  const diff = check.difference ?? 0;
  return (
    <Tag color="error" icon={<CloseCircleFilled  aria-hidden />} className="plan-sum plan-sum-bad" data-testid="sum-bad">
      {translate(diff < 0 ? 'plans.targets.sumShort' : 'plans.targets.sumOver', {
        sum: n(check.sum),
        total: n(check.total!),
        unit: unitOfMeasure,
        diff: n(Math.abs(diff)),
      })}
    </Tag>
  );
}
