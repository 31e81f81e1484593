import type { OperationVariables } from '@apollo/client';
import type { GqlClient } from '../graphql/lazy-client';
import type { BaseRecord, CrudFilter, DataProvider, GetListResponse, LogicalFilter, MetaQuery } from '@refinedev/core';
import type { DocumentNode, OperationDefinitionNode } from 'graphql';
import { print } from 'graphql';
import { toHttpError } from './errors';

/**
 * Refine data provider on Apollo Client, for the API's GraphQL conventions (docs/DESIGN.md §7).
 *
 * Every call names its GraphQL document in `meta`; documents live beside their feature
 * (`src/<feature>/<feature>.graphql.ts`). The `meta` keys this provider reads:
 *
 * - `gqlQuery`      the query of getList / getOne / custom;
 * - `gqlMutation`   the mutation of create / update / deleteOne / custom;
 * - `gqlVariables`  extra variables merged into every call (e.g. `{ unitId }`);
 * - `connectionPath` dotted path of the Relay connection inside `data` for getList
 *                   (default: the first top-level field, e.g. `agencies`; nested e.g. `unit.children`);
 * - `filterInput`   name of an input-object argument that receives the filters (`units(filter: …)`);
 *                   without it every filter becomes a top-level argument (`agencies(search: …)`);
 * - `resultPath`    dotted path of the record in `data` for getOne / create / update / deleteOne
 *                   (default: the first top-level field; a mutation payload with a single object
 *                   field, e.g. `{ agency }`, is unwrapped to that object).
 *
 * Variables: getOne sends `{ id }`; create sends `{ input: values }`; update and deleteOne send
 * `{ input: { id, ...values } }`. All calls merge `gqlVariables`.
 *
 * Pagination: the API pages with keyset cursors (`first/after`, `pageInfo`, `totalCount`), Refine
 * with page numbers. The provider remembers, per list (resource, document and variables), the
 * cursor at every offset it has seen; a jump to an unseen page walks forward from the nearest known
 * offset in steps of at most MAX_PAGE rows, keeping only `pageInfo.endCursor`.
 *
 * Sorters are ignored: each API list has one fixed, meaningful order (codes, names, dates).
 * Errors are rethrown in Refine's HttpError shape (see `errors.ts`).
 */

/** The API's largest page (`first` between 0 and 100). */
export const MAX_PAGE = 100;
/** Refine's default page size, and the API's. */
export const DEFAULT_PAGE_SIZE = 20;
/** Pagination `mode: "off" | "client"` reads the whole list, up to this many rows. */
export const MAX_UNPAGED_ROWS = 2000;

export interface Connection<T = BaseRecord> {
  nodes?: T[];
  edges?: { cursor?: string; node: T }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  totalCount?: number;
}

export interface ApiDataProvider extends DataProvider {
  /** Forgets remembered cursors, of one resource or of all. */
  clearCursors: (resource?: string) => void;
}

type Variables = Record<string, unknown>;

function operationName(document: DocumentNode): string {
  const op = document.definitions.find((d): d is OperationDefinitionNode => d.kind === 'OperationDefinition');
  return op?.name?.value ?? print(document);
}

function requireDocument(meta: MetaQuery | undefined, key: 'gqlQuery' | 'gqlMutation', method: string, resource: string): DocumentNode {
  const document = meta?.[key] as DocumentNode | undefined;
  if (!document) throw new Error(`data provider: ${method}("${resource}") needs meta.${key}`);
  return document;
}

function at(data: unknown, path: string | undefined): unknown {
  if (data === null || typeof data !== 'object') return undefined;
  if (!path) {
    const first = Object.keys(data).find((k) => k !== '__typename');
    return first === undefined ? undefined : (data as Record<string, unknown>)[first];
  }
  return path
    .split('.')
    .reduce<unknown>((value, key) => (value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined), data);
}

function isConnection(value: unknown): value is Connection {
  return typeof value === 'object' && value !== null && 'pageInfo' in value && ('nodes' in value || 'edges' in value);
}

export function nodesOf<T>(connection: Connection<T>): T[] {
  return connection.nodes ?? connection.edges?.map((e) => e.node) ?? [];
}

/** A mutation payload `{ agency: {…} }` becomes the agency; `{ apiKey, secret }` stays whole. */
function unwrapPayload(payload: unknown): BaseRecord {
  if (payload && typeof payload === 'object') {
    const keys = Object.keys(payload).filter((k) => k !== '__typename');
    const only = keys.length === 1 ? (payload as Record<string, unknown>)[keys[0]] : undefined;
    if (only && typeof only === 'object' && !Array.isArray(only)) return only as BaseRecord;
    return payload as BaseRecord;
  }
  return { value: payload } as BaseRecord;
}

/**
 * Refine filters → GraphQL arguments. The API's list filters are equality or "contains" text
 * search, so `eq`, `contains` (any case variant) and `in` are supported; empty values (undefined,
 * null, "", []) mean "no filter". Other operators throw: the API cannot honour them and silently
 * ignoring a filter would show wrong data.
 */
export function filtersToVariables(filters: CrudFilter[] | undefined): Variables {
  const variables: Variables = {};
  for (const filter of filters ?? []) {
    if (filter.operator === 'or' || filter.operator === 'and') {
      throw new Error(`data provider: "${filter.operator}" filters are not supported by the API`);
    }
    const { field, operator, value } = filter as LogicalFilter;
    if (!['eq', 'contains', 'containss', 'in'].includes(operator)) {
      throw new Error(`data provider: filter operator "${operator}" (field "${field}") is not supported by the API`);
    }
    if (value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0)) continue;
    variables[field] = typeof value === 'string' ? value.trim() : value;
  }
  return variables;
}

function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableStringify((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'undefined';
}

/** Cursors of one list: offset (rows before) → the `after` cursor that starts there. */
type CursorMap = Map<number, string | null>;

export function createDataProvider(client: GqlClient, options: { apiUrl?: string } = {}): ApiDataProvider {
  const cursors = new Map<string, CursorMap>();

  async function run<T = Record<string, unknown>>(kind: 'query' | 'mutate', document: DocumentNode, variables: Variables): Promise<T> {
    try {
      const result =
        kind === 'query'
          ? await client.query<T, OperationVariables>({ query: document, variables, fetchPolicy: 'no-cache' })
          : await client.mutate<T, OperationVariables>({ mutation: document, variables, fetchPolicy: 'no-cache' });
      if (result.error) throw result.error;
      if (result.data === undefined || result.data === null) throw new Error('The API returned no data');
      return result.data as T;
    } catch (error) {
      throw toHttpError(error);
    }
  }

  function cursorMapFor(key: string): CursorMap {
    let map = cursors.get(key);
    if (!map) {
      map = new Map([[0, null]]);
      cursors.set(key, map);
    }
    return map;
  }

  async function fetchPage(
    document: DocumentNode,
    variables: Variables,
    path: string | undefined,
    first: number,
    after: string | null,
  ): Promise<Connection> {
    const data = await run('query', document, { ...variables, first, after });
    const connection = at(data, path);
    if (!isConnection(connection)) {
      throw toHttpError(new Error(`data provider: no connection at "${path ?? '(first field)'}" in the ${operationName(document)} result`));
    }
    return connection;
  }

  /**
   * The cursor that starts at `offset`, walking forward from the nearest remembered offset.
   * Returns `undefined` when the list ends before `offset`.
   */
  async function cursorAt(
    key: string,
    document: DocumentNode,
    variables: Variables,
    path: string | undefined,
    offset: number,
  ): Promise<string | null | undefined> {
    const map = cursorMapFor(key);
    if (map.has(offset)) return map.get(offset);
    let known = 0;
    for (const o of map.keys()) if (o <= offset && o > known) known = o;
    let cursor = map.get(known) ?? null;
    while (known < offset) {
      const step = Math.min(MAX_PAGE, offset - known);
      const page = await fetchPage(document, variables, path, step, cursor);
      const got = nodesOf(page).length;
      if (got === 0 || !page.pageInfo.endCursor) return undefined;
      known += got;
      cursor = page.pageInfo.endCursor;
      map.set(known, cursor);
      if (!page.pageInfo.hasNextPage && known < offset) return undefined;
    }
    return cursor;
  }

  const provider: ApiDataProvider = {
    getApiUrl: () => options.apiUrl ?? '/graphql',

    clearCursors(resource) {
      if (!resource) return cursors.clear();
      for (const key of [...cursors.keys()]) if (key.startsWith(`${resource}|`)) cursors.delete(key);
    },

    async getList<TData extends BaseRecord = BaseRecord>({
      resource,
      pagination,
      filters,
      meta,
    }: Parameters<DataProvider['getList']>[0]): Promise<GetListResponse<TData>> {
      const document = requireDocument(meta, 'gqlQuery', 'getList', resource);
      const path = meta?.connectionPath as string | undefined;
      const filterVariables = filtersToVariables(filters);
      const filterInput = meta?.filterInput as string | undefined;
      const base: Variables = { ...(meta?.gqlVariables ?? {}) };
      if (filterInput) {
        const existing = (base[filterInput] as Variables | undefined) ?? {};
        const merged = { ...existing, ...filterVariables };
        if (Object.keys(merged).length > 0) base[filterInput] = merged;
      } else {
        Object.assign(base, filterVariables);
      }

      const mode = pagination?.mode ?? 'server';
      if (mode !== 'server') {
        // Whole list (Refine paginates on the client): walk every page.
        const rows: TData[] = [];
        let after: string | null = null;
        let total: number;
        for (;;) {
          const page = await fetchPage(document, base, path, MAX_PAGE, after);
          rows.push(...(nodesOf(page) as TData[]));
          total = page.totalCount ?? rows.length;
          if (!page.pageInfo.hasNextPage || !page.pageInfo.endCursor || rows.length >= MAX_UNPAGED_ROWS) break;
          after = page.pageInfo.endCursor;
        }
        return { data: rows, total };
      }

      const pageSize = Math.max(1, Math.min(MAX_PAGE, pagination?.pageSize ?? DEFAULT_PAGE_SIZE));
      const currentPage = Math.max(1, pagination?.currentPage ?? 1);
      const offset = (currentPage - 1) * pageSize;
      const key = `${resource}|${operationName(document)}|${path ?? ''}|${stableStringify(base)}`;
      const after = await cursorAt(key, document, base, path, offset);
      if (after === undefined) {
        // Past the end (e.g. rows were removed while on the last page): report the real total.
        const first = await fetchPage(document, base, path, 0, null);
        return { data: [], total: first.totalCount ?? 0 };
      }
      const page = await fetchPage(document, base, path, pageSize, after);
      const data = nodesOf(page) as TData[];
      if (page.pageInfo.endCursor && data.length > 0) cursorMapFor(key).set(offset + data.length, page.pageInfo.endCursor);
      return {
        data,
        total: page.totalCount ?? offset + data.length + (page.pageInfo.hasNextPage ? 1 : 0),
        hasNextPage: page.pageInfo.hasNextPage,
      };
    },

    async getOne({ resource, id, meta }) {
      const document = requireDocument(meta, 'gqlQuery', 'getOne', resource);
      const data = await run('query', document, { id, ...(meta?.gqlVariables ?? {}) });
      const record = at(data, meta?.resultPath as string | undefined);
      if (!record || typeof record !== 'object')
        throw toHttpError(new Error(`data provider: no record in the ${operationName(document)} result`));
      return { data: record as never };
    },

    async create({ resource, variables, meta }) {
      const document = requireDocument(meta, 'gqlMutation', 'create', resource);
      const data = await run('mutate', document, { input: variables, ...(meta?.gqlVariables ?? {}) });
      provider.clearCursors(resource);
      const path = meta?.resultPath as string | undefined;
      return { data: (path ? at(data, path) : unwrapPayload(at(data, undefined))) as never };
    },

    async update({ resource, id, variables, meta }) {
      const document = requireDocument(meta, 'gqlMutation', 'update', resource);
      const data = await run('mutate', document, { input: { id, ...(variables as Variables) }, ...(meta?.gqlVariables ?? {}) });
      provider.clearCursors(resource);
      const path = meta?.resultPath as string | undefined;
      return { data: (path ? at(data, path) : unwrapPayload(at(data, undefined))) as never };
    },

    async deleteOne({ resource, id, variables, meta }) {
      const document = requireDocument(meta, 'gqlMutation', 'deleteOne', resource);
      const data = await run('mutate', document, {
        input: { id, ...((variables as Variables | undefined) ?? {}) },
        ...(meta?.gqlVariables ?? {}),
      });
      provider.clearCursors(resource);
      const path = meta?.resultPath as string | undefined;
      return { data: (path ? at(data, path) : unwrapPayload(at(data, undefined))) as never };
    },

    async custom({ meta }) {
      const mutation = meta?.gqlMutation as DocumentNode | undefined;
      const query = meta?.gqlQuery as DocumentNode | undefined;
      if (!mutation && !query) throw new Error('data provider: custom() needs meta.gqlQuery or meta.gqlMutation');
      const data = await run(mutation ? 'mutate' : 'query', (mutation ?? query)!, { ...(meta?.gqlVariables ?? {}) });
      return { data: data as never };
    },
  };
  return provider;
}
