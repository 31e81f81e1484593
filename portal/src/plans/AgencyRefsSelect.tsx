import { Select, Tag, Tooltip } from 'antd';
import { WarningOutlined } from '@ant-design/icons';
import { useTranslate } from '@refinedev/core';
import type { AgencyOption, AgencyRef } from './types';

/** Accent-insensitive key: "Công an" and "cong an" match, Đ as D. */
export const searchKey = (s: string) =>
  s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/đ/gi, 'd')
    .toLowerCase();

const encode = (ref: AgencyRef) => (ref.agencyId ? `id:${ref.agencyId}` : `name:${ref.name}`);

/** An agency named on a task: picked from the unit's agencies, or typed as written. */
export function AgencyRefsSelect({
  id,
  value = [],
  onChange,
  agencies,
  max,
  placeholder,
  ariaLabel,
}: {
  id?: string;
  /** Given by Form.Item. */
  value?: AgencyRef[];
  onChange?: (refs: AgencyRef[]) => void;
  agencies: AgencyOption[];
  /** 1 for a single agency (the one responsible for a target). */
  max?: number;
  placeholder?: string;
  ariaLabel?: string;
}) {
  const translate = useTranslate();
  const byEncoded = new Map(value.map((r) => [encode(r), r]));
  const options = [
    ...agencies.map((a) => ({ value: `id:${a.id}`, label: a.name })),
    ...value.filter((r) => !r.agencyId).map((r) => ({ value: `name:${r.name}`, label: r.name })),
  ];

  const decode = (v: string): AgencyRef => {
    const kept = byEncoded.get(v);
    if (kept) return kept;
    if (v.startsWith('id:')) {
      const agency = agencies.find((a) => a.id === v.slice(3));
      if (agency) return { agencyId: agency.id, name: agency.name, sector: agency.sector, subordinateCommittees: false, unmatched: false };
    }
    const name = v.startsWith('name:') ? v.slice(5) : v;
    return { agencyId: null, name: name.trim(), sector: null, subordinateCommittees: false, unmatched: false };
  };

  return (
    <Select
      id={id}
      mode="tags"
      aria-label={ariaLabel}
      placeholder={placeholder}
      value={value.map(encode)}
      maxCount={max}
      options={options}
      tokenSeparators={[';']}
      style={{ width: '100%' }}
      filterOption={(input, option) => searchKey(String(option?.label ?? '')).includes(searchKey(input))}
      onChange={(values: string[]) => onChange?.(values.map(decode).filter((r) => r.name))}
      tagRender={({ value: v, closable, onClose }) => {
        const ref = byEncoded.get(String(v)) ?? decode(String(v));
        const tag = (
          <Tag
            closable={closable}
            onClose={onClose}
            color={ref.unmatched ? 'warning' : ref.agencyId ? 'blue' : 'default'}
            icon={ref.unmatched ? <WarningOutlined  aria-hidden /> : undefined}
            style={{ marginInlineEnd: 4 }}
          >
            {ref.name}
          </Tag>
        );
        return ref.unmatched ? <Tooltip title={translate('plans.agency.unmatchedHint')}>{tag}</Tooltip> : tag;
      }}
    />
  );
}

/** Agencies as tags in the document: matched in blue, typed in grey, unmatched highlighted. */
export function AgencyTags({ refs }: { refs: AgencyRef[] }) {
  const translate = useTranslate();
  // Plain spans styled as tags: a plan shows hundreds of them (issue 14: light nodes).
  return (
    <>
      {refs.map((ref, i) =>
        ref.unmatched ? (
          <span
            key={`${ref.name}-${i}`}
            className="plan-agency plan-agency-unmatched"
            data-unmatched="true"
            title={translate('plans.agency.unmatchedHint')}
          >
            <WarningOutlined aria-hidden /> {ref.name}
            <span className="sr-only"> ({translate('plans.agency.unmatchedShort')})</span>
          </span>
        ) : (
          <span
            key={`${ref.name}-${i}`}
            className={ref.agencyId ? 'plan-agency plan-agency-known' : ref.subordinateCommittees ? 'plan-agency plan-agency-committees' : 'plan-agency'}
            title={ref.subordinateCommittees ? translate('plans.agency.subordinateCommittees') : undefined}
          >
            {ref.name}
          </span>
        ),
      )}
    </>
  );
}
