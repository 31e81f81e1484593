import crypto from 'node:crypto';
import type pg from 'pg';
import { expect } from 'vitest';
import type { Caller, GqlResult } from './env.js';

/** A page of a Relay connection as the tests select it. */
export interface ConnPage<N = { id: string }> {
  nodes: N[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  totalCount: number;
}

/** The selection every list test uses. */
export const PAGE = `nodes { id } pageInfo { hasNextPage endCursor } totalCount`;

/**
 * Walks every page of a connection. `fetch(after)` runs one request; `pick` extracts the
 * connection from its data. Fails the test on an error, a duplicate, or a totalCount that
 * changes between pages. The first result is given when the caller already has it.
 */
export async function walkPages<N extends { id: string }>(
  fetch: (after: string | null) => Promise<GqlResult>,
  pick: (data: any) => ConnPage<N>,
  first?: GqlResult,
): Promise<{ nodes: N[]; totalCount: number; pages: number }> {
  const nodes: N[] = [];
  let totalCount: number | null = null;
  let pages = 0;
  let r = first ?? (await fetch(null));
  for (;;) {
    expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
    const page = pick(r.data);
    pages++;
    if (totalCount === null) totalCount = page.totalCount;
    expect(page.totalCount).toBe(totalCount);
    nodes.push(...page.nodes);
    if (!page.pageInfo.hasNextPage) break;
    expect(page.pageInfo.endCursor).toBeTruthy();
    if (pages > 1000) throw new Error('pagination does not end');
    r = await fetch(page.pageInfo.endCursor);
  }
  const ids = nodes.map((n) => n.id);
  expect(new Set(ids).size, 'no duplicates across pages').toBe(ids.length);
  return { nodes, totalCount: totalCount!, pages };
}

/** Row counts of every table a mutation may write, for "nothing changed" assertions. */
export async function tableCounts(db: pg.Client) {
  const { rows } = await db.query(
    `select (select count(*)::int from agency) as agencies, (select count(*)::int from app_user) as users,
            (select count(*)::int from api_key) as "apiKeys", (select count(*)::int from audit_event) as audits,
            (select count(*)::int from admin_unit) as units`,
  );
  return rows[0] as { agencies: number; users: number; apiKeys: number; audits: number; units: number };
}

/** One row as JSON (or null), to compare before/after a denied write. */
export async function rowJson(db: pg.Client, table: 'agency' | 'app_user' | 'api_key', id: string): Promise<unknown> {
  const { rows } = await db.query(`select to_jsonb(t) as j from ${table} t where id = $1::uuid`, [id]);
  return rows[0]?.j ?? null;
}

/** Ids of the units below `unitId` (any depth), by walking parent_id (not the ltree paths the API uses). */
export async function descendantIds(db: pg.Client, unitId: number): Promise<number[]> {
  const { rows } = await db.query(
    `with recursive d(id) as (select id from admin_unit where parent_id = $1
       union all select u.id from admin_unit u join d on u.parent_id = d.id)
     select id from d`,
    [unitId],
  );
  return rows.map((r) => r.id as number);
}

export const sortNum = (ids: (string | number)[]) => ids.map(Number).sort((a, b) => a - b);

/** Inserts a user straight into the database (setup only); returns its id. */
export async function insertUser(
  db: pg.Client,
  unitId: number,
  opts: { username?: string; role?: string } = {},
): Promise<{ id: string; username: string }> {
  const id = crypto.randomUUID();
  const username = opts.username ?? `fx-${crypto.randomBytes(5).toString('hex')}`;
  await db.query(
    `insert into app_user (id, unit_id, province_id, username, display_name, password_hash, role)
     select $1, u.id, u.province_id, $2, 'Fixture ' || $2, (select password_hash from app_user order by username limit 1), $3
     from admin_unit u where u.id = $4`,
    [id, username, opts.role ?? 'VIEWER', unitId],
  );
  return { id, username };
}

export async function insertAgency(db: pg.Client, unitId: number, name?: string, sector = 'OTHER'): Promise<{ id: string; name: string }> {
  const id = crypto.randomUUID();
  const n = name ?? `Cơ quan thử ${crypto.randomBytes(4).toString('hex')}`;
  await db.query(
    `insert into agency (id, unit_id, province_id, name, sector) select $1, u.id, u.province_id, $2, $3 from admin_unit u where u.id = $4`,
    [id, n, sector, unitId],
  );
  return { id, name: n };
}

export async function insertApiKey(db: pg.Client, unitId: number): Promise<{ id: string }> {
  const id = crypto.randomUUID();
  await db.query(
    `insert into api_key (id, unit_id, province_id, name, prefix, secret_hash, role)
     select $1, u.id, u.province_id, 'fixture key', 'fixture0', $2, 'VIEWER' from admin_unit u where u.id = $3`,
    [id, crypto.randomBytes(32).toString('hex'), unitId],
  );
  return { id };
}

/** Asserts a failed request: exactly one error with this code, no data, nothing internal. */
export function expectError(r: GqlResult, code: string) {
  expect(
    r.errors?.map((e) => e.extensions?.code),
    JSON.stringify(r.errors),
  ).toEqual([code]);
  expect(r.data).toBeNull();
}

/**
 * The raw answer to a GraphQL request (HTTP status and body text), for byte-for-byte comparisons:
 * what a caller can learn from an answer is all of it, not only `extensions.code`.
 */
export async function rawAnswer(
  url: string,
  query: string,
  variables: Record<string, unknown>,
  as?: Caller,
): Promise<{ status: number; body: string }> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (as?.token) headers.authorization = `Bearer ${as.token}`;
  if (as?.apiKey) headers.authorization = `ApiKey ${as.apiKey}`;
  const res = await fetch(`${url}/graphql`, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
  return { status: res.status, body: await res.text() };
}

/** The first error code of a raw answer (undefined when it succeeded). */
export const rawCode = (a: { body: string }): unknown =>
  (JSON.parse(a.body) as { errors?: { extensions?: { code?: string } }[] }).errors?.[0]?.extensions?.code;
