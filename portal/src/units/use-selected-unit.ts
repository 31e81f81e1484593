import { useCallback } from 'react';
import { useGetIdentity, useOne } from '@refinedev/core';
import { useSearchParams } from 'react-router';
import type { Identity } from '../auth/identity';
import { unitScope, type UnitScope } from '../access/policy';
import { UNIT_SUMMARY } from './units.graphql';
import type { UnitSummary } from './types';

/**
 * The unit an administration screen works on: `?unit=<id>` in the address (so links and reloads
 * keep it), the user's own unit by default.
 */
export function useSelectedUnit() {
  const [params, setParams] = useSearchParams();
  const { data: identity } = useGetIdentity<Identity>();
  const unitId = params.get('unit') ?? identity?.unit.id ?? null;
  const summary = useOne<UnitSummary>({
    resource: 'units',
    id: unitId ?? '',
    meta: { gqlQuery: UNIT_SUMMARY },
    queryOptions: { enabled: Boolean(unitId) },
    errorNotification: false,
  });
  const setUnitId = useCallback(
    (id: string) =>
      setParams((p) => {
        const next = new URLSearchParams(p);
        next.set('unit', id);
        return next;
      }),
    [setParams],
  );
  const unit = summary.result;
  const scope: UnitScope | undefined = unit ? unitScope(unit) : undefined;
  return { identity, unitId, unit, scope, summaryQuery: summary.query, setUnitId };
}
