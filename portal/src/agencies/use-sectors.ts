import { useMemo } from 'react';
import { useCustom } from '@refinedev/core';
import { useLocale } from '../i18n/locale';
import { SECTORS } from './agencies.graphql';
import type { Sector } from './types';

/** The shared sector catalogue, named in the current language. */
export function useSectors() {
  const locale = useLocale();
  const { query, result } = useCustom<{ sectors: Sector[] }>({
    url: '',
    method: 'get',
    meta: { gqlQuery: SECTORS },
    queryOptions: { staleTime: Infinity },
    errorNotification: false,
  });
  return useMemo(() => {
    const sectors = result.data?.sectors ?? [];
    const nameOf = (code: string) => {
      const s = sectors.find((x) => x.code === code);
      return s ? (locale === 'vi' ? s.nameVi : s.nameEn) : code;
    };
    const options = sectors
      .map((s) => ({ value: s.code, label: locale === 'vi' ? s.nameVi : s.nameEn }))
      .sort((a, b) => a.label.localeCompare(b.label, locale === 'vi' ? 'vi' : 'en'));
    return { query, sectors, options, nameOf };
  }, [query, result.data, locale]);
}
