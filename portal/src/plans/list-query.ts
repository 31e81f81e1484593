import type { CrudFilter } from '@refinedev/core';
import { PLAN_SCOPES, type PlanScope, type PlanStatus } from './types';

/**
 * What the plans list asks for, in one place: the page (PlanListPage) and its first request sent
 * at boot (plans/index.tsx) must send the very same variables, or the boot's answer goes unused.
 */
export const PLAN_LIST_PAGE_SIZE = 20;

/** The scope of the list, from its address (`?scope=`), OWN by default. */
export function planScopeOf(search: URLSearchParams): PlanScope {
  const scope = search.get('scope') ?? '';
  return (PLAN_SCOPES as readonly string[]).includes(scope) ? (scope as PlanScope) : 'OWN';
}

/** The list's filters, as the data provider turns them into the `filter` argument. */
export function planListFilters(scope: PlanScope, search: string, status: PlanStatus | undefined, year: number | undefined): CrudFilter[] {
  return [
    { field: 'scope', operator: 'eq', value: scope },
    { field: 'search', operator: 'contains', value: search },
    { field: 'statuses', operator: 'in', value: status ? [status] : [] },
    { field: 'year', operator: 'eq', value: year },
  ];
}

/** The variables of the list's first page, unfiltered: what the data provider sends for it. */
export function planListFirstPage(scope: PlanScope): Record<string, unknown> {
  return { filter: { scope }, first: PLAN_LIST_PAGE_SIZE, after: null };
}
