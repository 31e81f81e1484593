import { Select } from 'antd';
import { useTranslate } from '@refinedev/core';
import { AGENCIES } from '../agencies/agencies.graphql';
import { useGqlQuery } from '../common/use-gql';
import type { AgenciesQuery } from '../graphql/generated';

/**
 * The agency of the account's unit the official works for, if any (docs/REPORTS.md, "Agencies"):
 * such an account writes its agency's reports and no other. Empty: the unit's own staff.
 */
export function AgencySelect({ unitId, value, onChange, id }: { unitId: string; value?: string | null; onChange?: (v: string | null) => void; id?: string }) {
  const translate = useTranslate();
  const { data, query } = useGqlQuery<AgenciesQuery>(AGENCIES, { unitId, first: 100 }, { enabled: Boolean(unitId) });
  return (
    <Select
      id={id}
      allowClear
      showSearch
      optionFilterProp="label"
      loading={query.isLoading}
      placeholder={translate('users.noAgency')}
      value={value ?? undefined}
      onChange={(v: string | undefined) => onChange?.(v ?? null)}
      options={(data?.agencies.nodes ?? []).map((a) => ({ value: a.id, label: a.name }))}
    />
  );
}
