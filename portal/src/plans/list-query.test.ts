import { describe, expect, it } from 'vitest';
import type { DocumentNode } from 'graphql';
import type { GqlClient } from '../graphql/lazy-client';
import { requestKey } from '../graphql/lazy-client';
import { createDataProvider } from '../providers/data-provider';
import { PLANS } from './first-queries.graphql';
import { PLAN_LIST_PAGE_SIZE, planListFilters, planListFirstPage, planScopeOf } from './list-query';

describe('the plans list first request, sent at boot', () => {
  it('has the very key of the request the list page sends through the data provider', async () => {
    for (const scope of ['OWN', 'FROM_ABOVE', 'FROM_BELOW'] as const) {
      const sent: { document: DocumentNode; variables: Record<string, unknown> }[] = [];
      const client = {
        query: async (o: { query: DocumentNode; variables: Record<string, unknown> }) => {
          sent.push({ document: o.query, variables: o.variables });
          return { data: { plans: { nodes: [], pageInfo: { hasNextPage: false, endCursor: null }, totalCount: 0 } } };
        },
      } as unknown as GqlClient;
      await createDataProvider(client).getList({
        resource: 'plans',
        pagination: { currentPage: 1, pageSize: PLAN_LIST_PAGE_SIZE, mode: 'server' },
        filters: planListFilters(scope, '', undefined, undefined),
        meta: { gqlQuery: PLANS, filterInput: 'filter' },
      });
      expect(sent).toHaveLength(1);
      expect(requestKey(sent[0].document, sent[0].variables)).toBe(requestKey(PLANS, planListFirstPage(scope)));
    }
  });

  it('reads the scope from the address, OWN by default', () => {
    expect(planScopeOf(new URLSearchParams('scope=FROM_BELOW'))).toBe('FROM_BELOW');
    expect(planScopeOf(new URLSearchParams('scope=nonsense'))).toBe('OWN');
    expect(planScopeOf(new URLSearchParams(''))).toBe('OWN');
  });
});
