import { ApolloLink, gql } from '@apollo/client';
import { ServerError } from '@apollo/client/errors';
import { Observable } from 'rxjs';
import { beforeEach, describe, expect, it } from 'vitest';
import { createApolloClient } from '../graphql/client';
import { createDataProvider, filtersToVariables, type ApiDataProvider } from './data-provider';
import { toHttpError } from './errors';
import { HTTP_STATUS } from '../../../api/src/core/error-codes';

/** A fake API: the link answers from canned handlers and records every operation it saw. */
interface Seen {
  operationName: string | undefined;
  variables: Record<string, any>;
  headers: Record<string, string>;
}
type Handler = (variables: Record<string, any>) => Record<string, unknown> | Error;

function fakeApi(handler: Handler) {
  const seen: Seen[] = [];
  const transport = new ApolloLink(
    (operation) =>
      new Observable((observer) => {
        const { headers = {} } = operation.getContext() as { headers?: Record<string, string> };
        seen.push({ operationName: operation.operationName, variables: { ...operation.variables }, headers });
        const result = handler(operation.variables);
        if (result instanceof Error) observer.error(result);
        else {
          observer.next(result as never);
          observer.complete();
        }
      }),
  );
  const client = createApolloClient({ getToken: () => 'tok-123', transport });
  return { client, seen, provider: createDataProvider(client) };
}

/** A keyset-paged list of `total` agencies; the cursor is the index of the last row returned. */
function relayList(total: number, field = 'agencies'): Handler {
  const rows = Array.from({ length: total }, (_, i) => ({ __typename: 'Agency', id: `a${i + 1}`, name: `Agency ${i + 1}` }));
  return (v) => {
    const start = v.after == null ? 0 : Number(v.after) + 1;
    const first = v.first ?? 20;
    const slice = rows.slice(start, start + first);
    return {
      data: {
        [field]: {
          __typename: 'AgencyConnection',
          nodes: slice,
          totalCount: total,
          pageInfo: {
            __typename: 'PageInfo',
            hasNextPage: start + first < total,
            endCursor: slice.length ? String(start + slice.length - 1) : null,
          },
        },
      },
    };
  };
}

const AGENCIES = gql`
  query Agencies($unitId: ID!, $first: Int, $after: String, $search: String, $sector: String) {
    agencies(unitId: $unitId, first: $first, after: $after, search: $search, sector: $sector) {
      nodes {
        id
        name
      }
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`;
const meta = { gqlQuery: AGENCIES, gqlVariables: { unitId: '7' } };
const pageArgs = (seen: Seen[]) => seen.map((s) => [s.variables.first, s.variables.after]);

describe('data provider: pagination (page number → cursor)', () => {
  let api: ReturnType<typeof fakeApi>;
  let provider: ApiDataProvider;
  beforeEach(() => {
    api = fakeApi(relayList(250));
    provider = api.provider;
  });

  it('reads page 1 with first = page size and no cursor, and reports totalCount', async () => {
    const r = await provider.getList({ resource: 'agencies', pagination: { currentPage: 1, pageSize: 10 }, meta });
    expect(r.data.map((a) => a.id)).toEqual(['a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'a7', 'a8', 'a9', 'a10']);
    expect(r.total).toBe(250);
    expect(pageArgs(api.seen)).toEqual([[10, null]]);
    expect(api.seen[0].variables.unitId).toBe('7');
  });

  it('uses the end cursor of the previous page for the next page (one request)', async () => {
    await provider.getList({ resource: 'agencies', pagination: { currentPage: 1, pageSize: 10 }, meta });
    const r = await provider.getList({ resource: 'agencies', pagination: { currentPage: 2, pageSize: 10 }, meta });
    expect(r.data[0].id).toBe('a11');
    expect(pageArgs(api.seen)).toEqual([
      [10, null],
      [10, '9'],
    ]);
  });

  it('walks forward to an unseen page in steps of at most 100 rows, then reuses what it learnt', async () => {
    const r = await provider.getList({ resource: 'agencies', pagination: { currentPage: 12, pageSize: 20 }, meta });
    expect(r.data.map((a) => a.id)).toEqual(Array.from({ length: 20 }, (_, i) => `a${221 + i}`));
    expect(pageArgs(api.seen)).toEqual([
      [100, null],
      [100, '99'],
      [20, '199'],
      [20, '219'],
    ]);
    api.seen.length = 0;
    const back = await provider.getList({ resource: 'agencies', pagination: { currentPage: 11, pageSize: 20 }, meta });
    expect(back.data[0].id).toBe('a201');
    expect(pageArgs(api.seen)).toEqual([[20, '199']]);
  });

  it('returns the last, partial page and an empty page past the end', async () => {
    const last = await provider.getList({ resource: 'agencies', pagination: { currentPage: 3, pageSize: 100 }, meta });
    expect(last.data).toHaveLength(50);
    const past = await provider.getList({ resource: 'agencies', pagination: { currentPage: 5, pageSize: 100 }, meta });
    expect(past.data).toEqual([]);
    expect(past.total).toBe(250);
  });

  it('keeps separate cursors per filter set and forgets them after a write', async () => {
    await provider.getList({ resource: 'agencies', pagination: { currentPage: 1, pageSize: 10 }, meta });
    api.seen.length = 0;
    await provider.getList({
      resource: 'agencies',
      pagination: { currentPage: 2, pageSize: 10 },
      filters: [{ field: 'search', operator: 'contains', value: 'y tế' }],
      meta,
    });
    expect(pageArgs(api.seen)).toEqual([
      [10, null],
      [10, '9'],
    ]);
    api.seen.length = 0;
    provider.clearCursors('agencies');
    await provider.getList({ resource: 'agencies', pagination: { currentPage: 2, pageSize: 10 }, meta });
    expect(pageArgs(api.seen)).toEqual([
      [10, null],
      [10, '9'],
    ]);
  });

  it('caps the page size at the API maximum of 100', async () => {
    await provider.getList({ resource: 'agencies', pagination: { currentPage: 1, pageSize: 500 }, meta });
    expect(pageArgs(api.seen)).toEqual([[100, null]]);
  });

  it('reads the whole list when pagination is off', async () => {
    const r = await provider.getList({ resource: 'agencies', pagination: { mode: 'off' }, meta });
    expect(r.data).toHaveLength(250);
    expect(r.total).toBe(250);
    expect(pageArgs(api.seen)).toEqual([
      [100, null],
      [100, '99'],
      [100, '199'],
    ]);
  });

  it('finds a nested connection by connectionPath and accepts edges without nodes', async () => {
    const nested = fakeApi(() => ({
      data: {
        unit: {
          __typename: 'AdminUnit',
          id: '1',
          children: {
            __typename: 'AdminUnitConnection',
            edges: [{ __typename: 'AdminUnitEdge', cursor: 'c1', node: { __typename: 'AdminUnit', id: '2', name: 'Xã A' } }],
            totalCount: 1,
            pageInfo: { __typename: 'PageInfo', hasNextPage: false, endCursor: 'c1' },
          },
        },
      },
    }));
    const CHILDREN = gql`
      query Children($id: ID!, $first: Int, $after: String) {
        unit(id: $id) {
          id
          children(first: $first, after: $after) {
            edges {
              cursor
              node {
                id
                name
              }
            }
            totalCount
            pageInfo {
              hasNextPage
              endCursor
            }
          }
        }
      }
    `;
    const r = await nested.provider.getList({
      resource: 'units',
      pagination: { currentPage: 1, pageSize: 50 },
      meta: { gqlQuery: CHILDREN, gqlVariables: { id: '1' }, connectionPath: 'unit.children' },
    });
    expect(r.data).toEqual([{ __typename: 'AdminUnit', id: '2', name: 'Xã A' }]);
    expect(r.total).toBe(1);
  });
});

describe('data provider: filters', () => {
  it('maps eq / contains / in filters to top-level arguments and drops empty values', () => {
    expect(
      filtersToVariables([
        { field: 'search', operator: 'contains', value: '  Hòa ' },
        { field: 'sector', operator: 'eq', value: 'POLICE' },
        { field: 'includeDisabled', operator: 'eq', value: false },
        { field: 'levels', operator: 'in', value: ['COMMUNE'] },
        { field: 'empty', operator: 'eq', value: '' },
        { field: 'none', operator: 'eq', value: undefined },
        { field: 'nothing', operator: 'in', value: [] },
      ]),
    ).toEqual({ search: 'Hòa', sector: 'POLICE', includeDisabled: false, levels: ['COMMUNE'] });
  });

  it('refuses operators the API cannot honour instead of ignoring them', () => {
    expect(() => filtersToVariables([{ field: 'code', operator: 'gt', value: '10' }])).toThrow(/not supported/);
    expect(() => filtersToVariables([{ operator: 'or', value: [] }])).toThrow(/not supported/);
  });

  it('sends filters as top-level arguments by default', async () => {
    const api = fakeApi(relayList(3));
    await api.provider.getList({
      resource: 'agencies',
      filters: [
        { field: 'search', operator: 'contains', value: 'y tế' },
        { field: 'sector', operator: 'eq', value: 'HEALTH' },
      ],
      meta,
    });
    expect(api.seen[0].variables).toMatchObject({ unitId: '7', search: 'y tế', sector: 'HEALTH', first: 20, after: null });
  });

  it('puts filters into the input object named by meta.filterInput, merged with fixed values', async () => {
    const api = fakeApi(relayList(3, 'units'));
    const UNITS = gql`
      query Units($filter: UnitFilter, $first: Int, $after: String) {
        units(filter: $filter, first: $first, after: $after) {
          nodes {
            id
          }
          totalCount
          pageInfo {
            hasNextPage
            endCursor
          }
        }
      }
    `;
    await api.provider.getList({
      resource: 'units',
      filters: [{ field: 'search', operator: 'contains', value: 'hoa' }],
      meta: { gqlQuery: UNITS, filterInput: 'filter', gqlVariables: { filter: { validOn: '2026-01-01' } } },
    });
    expect(api.seen[0].variables.filter).toEqual({ validOn: '2026-01-01', search: 'hoa' });
  });
});

describe('data provider: errors in Refine HttpError shape', () => {
  // The statuses the server answers with (api/src/core/error-codes.ts), every code of it.
  const cases = Object.entries(HTTP_STATUS);
  it('knows every code of the server with the server’s status (INVALID_STATE is 409, not 422)', () => {
    expect(Object.keys(HTTP_STATUS)).toEqual(expect.arrayContaining(['INVALID_STATE', 'TOO_MANY_ATTEMPTS', 'TOO_LARGE', 'BUSY']));
    expect(cases).toContainEqual(['INVALID_STATE', 409]);
  });
  it('a reason with a status of its own keeps it, as on the server (PDF_UNAVAILABLE: 503)', async () => {
    const api = fakeApi(() => ({ data: null, errors: [{ message: 'no PDF', extensions: { code: 'INVALID_STATE', reason: 'PDF_UNAVAILABLE' } }] }));
    await expect(api.provider.getList({ resource: 'agencies', meta })).rejects.toMatchObject({ statusCode: 503, code: 'INVALID_STATE' });
  });
  for (const [code, statusCode] of cases) {
    it(`${code} → ${statusCode} with the API message`, async () => {
      const api = fakeApi(() => ({ data: null, errors: [{ message: `msg for ${code}`, extensions: { code } }] }));
      await expect(api.provider.getList({ resource: 'agencies', meta })).rejects.toMatchObject({
        statusCode,
        code,
        message: `msg for ${code}`,
      });
    });
  }

  it('BAD_USER_INPUT on a field becomes a form field error', async () => {
    const api = fakeApi(() => ({
      data: null,
      errors: [{ message: 'username is already taken', extensions: { code: 'BAD_USER_INPUT', field: 'username' } }],
    }));
    const CREATE = gql`
      mutation CreateUser($input: CreateUserInput!) {
        createUser(input: $input) {
          user {
            id
          }
        }
      }
    `;
    await expect(
      api.provider.create({ resource: 'users', variables: { username: 'x' }, meta: { gqlMutation: CREATE } }),
    ).rejects.toMatchObject({
      statusCode: 400,
      field: 'username',
      errors: { username: 'username is already taken' },
    });
  });

  it('CONFLICT carries the current record the API sent back', async () => {
    const current = { displayName: 'Mới', version: 5 };
    const api = fakeApi(() => ({
      data: null,
      errors: [{ message: 'The user was changed by someone else', extensions: { code: 'CONFLICT', current } }],
    }));
    const UPDATE = gql`
      mutation UpdateUser($input: UpdateUserInput!) {
        updateUser(input: $input) {
          user {
            id
            version
          }
        }
      }
    `;
    const attempt = api.provider.update({
      resource: 'users',
      id: 'u1',
      variables: { version: 3, displayName: 'Cũ' },
      meta: { gqlMutation: UPDATE },
    });
    await expect(attempt).rejects.toMatchObject({ statusCode: 409, code: 'CONFLICT', current });
    expect(api.seen[0].variables).toEqual({ input: { id: 'u1', version: 3, displayName: 'Cũ' } });
  });

  it('reads the GraphQL errors of an HTTP 400 answer (request validation)', () => {
    const bodyText = JSON.stringify({
      errors: [{ message: 'Query is nested 14 levels deep', extensions: { code: 'BAD_USER_INPUT', reason: 'DEPTH_LIMIT' } }],
    });
    const error = new ServerError('Response not successful: Received status code 400', {
      response: new Response(bodyText, { status: 400 }),
      bodyText,
    });
    expect(toHttpError(error)).toMatchObject({ statusCode: 400, code: 'BAD_USER_INPUT', message: 'Query is nested 14 levels deep' });
  });

  it('maps a failed fetch to 503 NETWORK_ERROR and a bare 502 to SERVER_ERROR', async () => {
    const api = fakeApi(() => new TypeError('Failed to fetch'));
    await expect(api.provider.getList({ resource: 'agencies', meta })).rejects.toMatchObject({ statusCode: 503, code: 'NETWORK_ERROR' });
    const bad = new ServerError('Bad gateway', { response: new Response('<html>', { status: 502 }), bodyText: '<html>' });
    expect(toHttpError(bad)).toMatchObject({ statusCode: 502, code: 'SERVER_ERROR' });
  });

  it('names the missing document instead of sending an empty request', async () => {
    const api = fakeApi(relayList(1));
    await expect(api.provider.getList({ resource: 'agencies' })).rejects.toThrow(/meta.gqlQuery/);
    expect(api.seen).toHaveLength(0);
  });
});

describe('data provider: mutations and headers', () => {
  const CREATE_AGENCY = gql`
    mutation CreateAgency($input: CreateAgencyInput!) {
      createAgency(input: $input) {
        agency {
          id
          name
        }
      }
    }
  `;

  it('create sends { input } and unwraps a one-object payload', async () => {
    const api = fakeApi((v) => ({
      data: { createAgency: { __typename: 'AgencyPayload', agency: { __typename: 'Agency', id: 'g1', name: v.input.name } } },
    }));
    const r = await api.provider.create({
      resource: 'agencies',
      variables: { unitId: '7', name: 'Sở Y tế', sector: 'HEALTH' },
      meta: { gqlMutation: CREATE_AGENCY },
    });
    expect(api.seen[0].variables).toEqual({ input: { unitId: '7', name: 'Sở Y tế', sector: 'HEALTH' } });
    expect(r.data).toEqual({ __typename: 'Agency', id: 'g1', name: 'Sở Y tế' });
  });

  it('keeps a payload with several fields whole (the API key and its one-time secret)', async () => {
    const api = fakeApi(() => ({
      data: { createApiKey: { __typename: 'CreateApiKeyPayload', secret: 'kh_secret', apiKey: { __typename: 'ApiKey', id: 'k1' } } },
    }));
    const CREATE_KEY = gql`
      mutation CreateApiKey($input: CreateApiKeyInput!) {
        createApiKey(input: $input) {
          secret
          apiKey {
            id
          }
        }
      }
    `;
    const r = await api.provider.create({
      resource: 'api-keys',
      variables: { unitId: '7', name: 'Dashboard' },
      meta: { gqlMutation: CREATE_KEY },
    });
    expect(r.data).toMatchObject({ secret: 'kh_secret', apiKey: { id: 'k1' } });
  });

  it('sends the bearer token and the CSRF preflight header on every request', async () => {
    const api = fakeApi(relayList(1));
    await api.provider.getList({ resource: 'agencies', meta });
    expect(api.seen[0].headers).toMatchObject({ authorization: 'Bearer tok-123', 'apollo-require-preflight': 'true' });
  });

  it('custom runs a query and returns its whole data', async () => {
    const api = fakeApi(() => ({ data: { sectors: [{ __typename: 'Sector', code: 'POLICE', nameVi: 'Công an', nameEn: 'Police' }] } }));
    const SECTORS = gql`
      query Sectors {
        sectors {
          code
          nameVi
          nameEn
        }
      }
    `;
    const r = await api.provider.custom!({ url: '', method: 'get', meta: { gqlQuery: SECTORS } });
    expect(r.data).toEqual({ sectors: [{ __typename: 'Sector', code: 'POLICE', nameVi: 'Công an', nameEn: 'Police' }] });
  });
});
