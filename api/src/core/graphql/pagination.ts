import 'reflect-metadata';
import { ArgsType, Field, Int, ObjectType, type ClassType } from 'type-graphql';
import { badInput } from '../errors.js';
import { TypeAccess } from './access.js';
import { MaxItems } from './list-bounds.js';

export const DEFAULT_PAGE = 20;
export const MAX_PAGE = 100;

@ArgsType()
export class PageArgs {
  @Field(() => Int, { nullable: true, description: `Page size, 0–${MAX_PAGE} (default ${DEFAULT_PAGE}).` })
  first?: number;

  @Field(() => String, { nullable: true, description: 'Cursor of the last edge of the previous page.' })
  after?: string;
}

@ObjectType()
@TypeAccess('SCOPED')
export class PageInfo {
  @Field(() => Boolean) hasNextPage!: boolean;
  @Field(() => String, { nullable: true }) endCursor!: string | null;
}

export interface Page<T> {
  nodes: T[];
  cursors: string[];
  hasNextPage: boolean;
  totalCount: () => Promise<number>;
}

export function pageSize(first: number | undefined | null): number {
  const n = first ?? DEFAULT_PAGE;
  if (!Number.isInteger(n) || n < 0 || n > MAX_PAGE) throw badInput(`first must be between 0 and ${MAX_PAGE}`, 'first');
  return n;
}

export function encodeCursor(values: unknown[]): string {
  return Buffer.from(JSON.stringify(values), 'utf8').toString('base64url');
}

/** Decodes a keyset cursor; `arity` is the number of sort keys the list uses. */
export function decodeCursor(after: string | null | undefined, arity: number): unknown[] | null {
  if (after === null || after === undefined) return null;
  try {
    const values: unknown = JSON.parse(Buffer.from(after, 'base64url').toString('utf8'));
    if (Array.isArray(values) && values.length === arity && values.every((v) => ['string', 'number'].includes(typeof v))) {
      return values;
    }
  } catch {
    // fall through
  }
  throw badInput('after is not a cursor of this list', 'after');
}

/**
 * Keyset page: `fetch` receives the decoded cursor and a limit of size+1 and returns rows in
 * sort order; `keyOf` gives the sort-key tuple of a row.
 */
export async function keysetPage<T>(
  args: { first?: number | null; after?: string | null },
  arity: number,
  fetch: (after: unknown[] | null, limit: number) => Promise<T[]>,
  keyOf: (row: T) => unknown[],
  count: () => Promise<number>,
): Promise<Page<T>> {
  const size = pageSize(args.first);
  const after = decodeCursor(args.after, arity);
  let fetched: T[];
  try {
    fetched = size === 0 ? [] : await fetch(after, size + 1);
  } catch (e) {
    // A forged cursor of the right shape but the wrong types ("abc" for a timestamp, a number for
    // a text key) fails inside PostgreSQL: that is the client's input, not an internal error.
    if (after && isSqlDataError(e)) throw badInput('after is not a cursor of this list', 'after');
    throw e;
  }
  const nodes = fetched.slice(0, size);
  return {
    nodes,
    cursors: nodes.map((n) => encodeCursor(keyOf(n))),
    hasNextPage: fetched.length > size,
    totalCount: count,
  };
}

/** SQLSTATE class 22 (data exception) or a type mismatch in a comparison (42883, 42804). */
function isSqlDataError(e: unknown): boolean {
  const code = (e as { code?: unknown; sqlState?: unknown } | null)?.code ?? (e as { sqlState?: unknown } | null)?.sqlState;
  return typeof code === 'string' && (code.startsWith('22') || code === '42883' || code === '42804');
}

/** SQL for "(a, b) > (?, ?)" (or "<" for descending lists) when a cursor is present. */
export function afterClause(
  columns: string[],
  after: unknown[] | null,
  direction: 'asc' | 'desc' = 'asc',
): { sql: string; params: unknown[] } {
  if (!after) return { sql: 'true', params: [] };
  return { sql: `(${columns.join(', ')}) ${direction === 'asc' ? '>' : '<'} (${columns.map(() => '?').join(', ')})`, params: after };
}

/** Builds a Relay connection type for a node type. */
export function Connection<T extends object>(Node: ClassType<T>, name: string) {
  @ObjectType(`${name}Edge`)
  @TypeAccess('SCOPED')
  class Edge {
    @Field(() => String) cursor!: string;
    @Field(() => Node) node!: T;
  }

  @ObjectType(`${name}Connection`)
  @TypeAccess('SCOPED')
  class ConnectionType {
    constructor(private readonly page: Page<T>) {}

    @Field(() => [Edge])
    @MaxItems('PAGE')
    edges(): Edge[] {
      return this.page.nodes.map((node, i) => ({ node, cursor: this.page.cursors[i] }));
    }

    @Field(() => [Node])
    @MaxItems('PAGE')
    nodes(): T[] {
      return this.page.nodes;
    }

    @Field(() => PageInfo)
    pageInfo(): PageInfo {
      return { hasNextPage: this.page.hasNextPage, endCursor: this.page.cursors.at(-1) ?? null };
    }

    @Field(() => Int, { description: 'Number of items visible to the caller across all pages.' })
    totalCount(): Promise<number> {
      return this.page.totalCount();
    }
  }
  return ConnectionType;
}
