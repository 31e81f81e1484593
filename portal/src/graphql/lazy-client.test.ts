import { afterEach, describe, expect, it, vi } from 'vitest';
import { gql } from '@apollo/client';
import { print } from 'graphql';
import { lazyApolloClient, withTypenames } from './lazy-client';

const PLAN = gql`
  query Plan($id: String!) {
    plan(id: $id) {
      id
      unit {
        name
      }
    }
  }
`;

afterEach(() => vi.unstubAllGlobals());

describe('prefetch: a first request sent at boot', () => {
  it('is taken once by the query with the same operation and variables, and Apollo is never asked', async () => {
    const fetch = vi.fn(async () => new Response(JSON.stringify({ data: { plan: { id: '1' } } }), { status: 200 }));
    vi.stubGlobal('fetch', fetch);
    const client = lazyApolloClient({ getToken: () => 'tok' });
    client.prefetch!(PLAN, { id: '1' });
    const init = (fetch.mock.calls[0] as unknown as [string, RequestInit])[1];
    expect((init.headers as Record<string, string>).authorization).toBe('Bearer tok');
    expect(JSON.parse(init.body as string)).toMatchObject({ operationName: 'Plan', variables: { id: '1' } });
    expect(await client.query({ query: PLAN, variables: { id: '1' } })).toEqual({ data: { plan: { id: '1' } } });
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it('is not sent signed out', async () => {
    const fetch = vi.fn();
    vi.stubGlobal('fetch', fetch);
    lazyApolloClient({ getToken: () => null }).prefetch!(PLAN, { id: '1' });
    expect(fetch).not.toHaveBeenCalled();
  });

  it('asks for __typename as Apollo does, below the operation only', () => {
    const printed = print(withTypenames(PLAN));
    expect(printed).toContain('plan(id: $id) {\n    id\n    unit {\n      name\n      __typename\n    }\n    __typename\n  }');
    expect(printed.indexOf('__typename')).toBeGreaterThan(printed.indexOf('plan(id'));
  });
});
