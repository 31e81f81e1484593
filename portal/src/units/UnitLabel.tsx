import { Tag, Typography } from 'antd';
import { useTranslate } from '@refinedev/core';
import { formatDate } from '../i18n/format';

/**
 * "Phường Lào Cai  02641  [Đã giải thể]" — the one way a unit is named in lists and trees. In the
 * tree, children of a dissolved unit were dissolved with it: `inheritedStatus` drops the repeat.
 */
export function UnitLabel({
  unit,
  own = false,
  inheritedStatus = false,
}: {
  unit: { name: string; code: string; validTo: string | null };
  own?: boolean;
  inheritedStatus?: boolean;
}) {
  const translate = useTranslate();
  return (
    <span className="unit-label">
      <span className={[own ? 'unit-label-own' : '', unit.validTo ? 'unit-label-dissolved' : ''].join(' ').trim() || undefined}>
        {unit.name}
      </span>
      <Typography.Text type="secondary" className="unit-label-code">
        {unit.code}
      </Typography.Text>
      {unit.validTo && !inheritedStatus && (
        <Tag bordered={false} className="unit-label-tag" title={translate('units.dissolvedOn', { date: formatDate(unit.validTo) })}>
          {translate('units.dissolved')}
        </Tag>
      )}
      {own && (
        <Tag color="blue" bordered={false} className="unit-label-tag">
          {translate('units.yourUnit')}
        </Tag>
      )}
    </span>
  );
}
