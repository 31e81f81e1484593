import 'reflect-metadata';
import crypto from 'node:crypto';
import { isObjectType, type GraphQLSchema } from 'graphql';
import { getMetadataStorage } from 'type-graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSchema } from '../../api/src/app.js';
import { createTokenSigner } from '../../api/src/modules/auth/tokens.js';
import { DEMO_PASSWORD } from '../../api/src/seed/demo.seed.js';
import {
  PAGE,
  descendantIds,
  expectError,
  insertAgency,
  insertApiKey,
  insertUser,
  rawAnswer,
  rawCode,
  rowJson,
  sortNum,
  tableCounts,
  walkPages,
} from '../support/api-helpers.js';
import {
  ON_CHAIN,
  OWN_OR_BELOW,
  TREE,
  TREE_KEYS,
  chainOf,
  parentOf,
  positionOf,
  type Position,
  type TreeKey,
} from '../support/demo-tree.js';
import { createTestEnv, type Caller, type GqlResult, type TestEnv } from '../support/env.js';

/**
 * The access matrix of docs/DESIGN.md §6: role × relative position × operation. The expected outcome
 * of every case comes from the rules below and the hand-written tree in support/demo-tree.ts,
 * never from the code under test. Every denied write re-reads the database.
 */

type Role = 'ADMIN' | 'EDITOR' | 'APPROVER' | 'VIEWER' | 'APIKEY_VIEWER' | 'APIKEY_EDITOR' | 'ANON';
type Outcome = 'OK' | 'FORBIDDEN' | 'NOT_FOUND' | 'UNAUTHENTICATED';
const ROLES: Role[] = ['ADMIN', 'EDITOR', 'APPROVER', 'VIEWER', 'APIKEY_VIEWER', 'APIKEY_EDITOR', 'ANON'];
const isApiKey = (r: Role) => r === 'APIKEY_VIEWER' || r === 'APIKEY_EDITOR';

/** actor → target; the position is computed from the map. */
const PAIRS: [TreeKey, TreeKey][] = [
  ['tplaocai', 'tplaocai'],
  ['laocai', 'laocai'],
  ['phuonglaocai', 'phuonglaocai'],
  ['tplaocai', 'laocai'],
  ['tplaocai', 'quocgia'],
  ['tplaocai', 'phuonglaocai'],
  ['laocai', 'phuonglaocai'],
  ['tplaocai', 'batxat'],
  ['phuonglaocai', 'cocleu'],
  ['phuonglaocai', 'batxat'],
  ['tplaocai', 'amusung'],
  ['phuonglaocai', 'amusung'],
  ['tplaocai', 'hungyen'],
  ['tplaocai', 'duongquang'],
  ['laocai', 'laocai2025'],
];
const ACTORS = [...new Set(PAIRS.map(([a]) => a))];

// ---- The rules (docs/DESIGN.md §6 and the brief), as functions of role and position ----
const R = {
  /** Any signed-in caller; the answer is filtered, never refused. */
  signedIn: (r: Role): Outcome => (r === 'ANON' ? 'UNAUTHENTICATED' : 'OK'),
  /** A unit (and what hangs off it) is visible on the caller's chain, NOT_FOUND elsewhere. */
  visible: (r: Role, p: Position): Outcome => (r === 'ANON' ? 'UNAUTHENTICATED' : ON_CHAIN.has(p) ? 'OK' : 'NOT_FOUND'),
  /** A person, not an API key. */
  human: (r: Role): Outcome => (r === 'ANON' ? 'UNAUTHENTICATED' : isApiKey(r) ? 'FORBIDDEN' : 'OK'),
  /**
   * Users, API keys and agencies of a unit: a human ADMIN of the unit or above. Off the chain
   * the unit is invisible (NOT_FOUND) whatever the role; on the chain the others are FORBIDDEN;
   * API keys are refused USER-only operations outright.
   */
  administer: (r: Role, p: Position): Outcome => {
    if (r === 'ANON') return 'UNAUTHENTICATED';
    if (isApiKey(r)) return 'FORBIDDEN';
    if (!ON_CHAIN.has(p)) return 'NOT_FOUND';
    return r === 'ADMIN' && OWN_OR_BELOW.has(p) ? 'OK' : 'FORBIDDEN';
  },
  public: (): Outcome => 'OK',
};

// ---- Fixture state ----
let env: TestEnv;
const ids = {} as Record<TreeKey, number>;
const visibleFrom = new Map<TreeKey, Set<number>>();
const apiKeys = new Map<string, string>(); // `${actor}:${role}` → secret

interface Run {
  role: Role;
  actor: TreeKey;
  target: TreeKey;
  position: Position;
  as: Caller | undefined;
}
interface Fixture {
  table?: 'agency' | 'app_user' | 'api_key';
  rowId?: string;
  version?: number;
  name?: string;
}
interface Op {
  name: string;
  /** Schema coordinates this operation exercises (checked against the built schema). */
  covers: string[];
  positional: boolean;
  write: boolean;
  expected: (r: Role, p: Position) => Outcome;
  fixture?: (run: Run) => Promise<Fixture>;
  exec: (run: Run, fx: Fixture) => Promise<GqlResult>;
  /** Runs only when the expected outcome is OK, with the first response. */
  verify?: (run: Run, fx: Fixture, r: GqlResult) => Promise<void>;
}

const gql = (run: Run, query: string, variables: Record<string, unknown> = {}) => env.gql(query, variables, run.as);
/**
 * The username key of a unit: its code in lower case. (A pre-2025 unit whose code the reform
 * gave to another unit adds "-2025"; no unit an admin creates accounts in below has one.)
 */
const accountKey = (k: TreeKey) => TREE[k].code.toLowerCase();
const visible = (actor: TreeKey) => visibleFrom.get(actor)!;
const onlyVisible = (actor: TreeKey, list: number[]) => list.filter((id) => visible(actor).has(id));
const idsOf = (nodes: { id: string }[]) => sortNum(nodes.map((n) => n.id));

async function unitIdsWhere(sql: string, params: unknown[]): Promise<number[]> {
  return (await env.db.query(sql, params)).rows.map((r) => r.id as number);
}

/** Walks a connection and checks it against the expected ids and the visible set. */
async function expectConnection(
  run: Run,
  r: GqlResult,
  fetch: (after: string | null) => Promise<GqlResult>,
  pick: (d: any) => any,
  expectedIds: (number | string)[],
) {
  const { nodes, totalCount } = await walkPages(fetch, pick, r);
  expect(idsOf(nodes)).toEqual(sortNum(expectedIds));
  expect(totalCount).toBe(expectedIds.length);
}

/** A list of units must hold only units visible to the actor. */
function expectAllVisible(run: Run, unitIds: (string | number)[]) {
  const leaked = unitIds.map(Number).filter((id) => !visible(run.actor).has(id));
  expect(leaked, 'invisible units in the answer').toEqual([]);
}

const unitConnQuery = (field: string, args: string) =>
  `query($id: ID!, $after: String) { unit(id: $id) { ${field}(first: 100, after: $after${args}) { ${PAGE} } } }`;
const CHILDREN_WITH_COUNT = `query($id: ID!, $after: String) { unit(id: $id) { childCount children(first: 100, after: $after) { ${PAGE} } } }`;
const UNITS_QUERY = `query($filter: UnitFilter, $after: String) { units(first: 100, after: $after, filter: $filter) { ${PAGE} } }`;

async function auditCount(): Promise<number> {
  return (await tableCounts(env.db)).audits;
}

// ---- The operations: every Query and Mutation field, and the AdminUnit connections ----
const OPS: Op[] = [
  {
    name: 'unit',
    covers: ['Query.unit'],
    positional: true,
    write: false,
    expected: R.visible,
    exec: (run) => gql(run, `query($id: ID!) { unit(id: $id) { id code name } }`, { id: ids[run.target] }),
    verify: async (run, _fx, r) => {
      expect(r.data!.unit).toEqual({ id: String(ids[run.target]), code: TREE[run.target].code, name: TREE[run.target].name });
    },
  },
  {
    name: 'unitByCode',
    covers: ['Query.unitByCode'],
    positional: true,
    write: false,
    expected: R.visible,
    exec: (run) =>
      gql(run, `query($code: String!, $on: LocalDate) { unitByCode(code: $code, on: $on) { id } }`, {
        code: TREE[run.target].code,
        on: TREE[run.target].on,
      }),
    verify: async (run, _fx, r) => {
      expect(Number(r.data!.unitByCode.id)).toBe(ids[run.target]);
    },
  },
  {
    name: 'units (all pages)',
    covers: ['Query.units'],
    positional: false,
    write: false,
    expected: R.signedIn,
    exec: (run) => gql(run, UNITS_QUERY, {}),
    verify: async (run, _fx, r) => {
      await expectConnection(
        run,
        r,
        (after) => gql(run, UNITS_QUERY, { after }),
        (d) => d.units,
        [...visible(run.actor)],
      );
    },
  },
  {
    name: 'units(filter.search: target name)',
    covers: ['Query.units'],
    positional: true,
    write: false,
    expected: R.signedIn,
    exec: (run) => gql(run, UNITS_QUERY, { filter: { search: TREE[run.target].name } }),
    verify: async (run, _fx, r) => {
      const matching = await unitIdsWhere(`select id from admin_unit where kh_search_key(name) like '%' || kh_search_key($1) || '%'`, [
        TREE[run.target].name,
      ]);
      expect(matching).toContain(ids[run.target]);
      const expected = onlyVisible(run.actor, matching);
      await expectConnection(
        run,
        r,
        (after) => gql(run, UNITS_QUERY, { filter: { search: TREE[run.target].name }, after }),
        (d) => d.units,
        expected,
      );
      expect(expected.includes(ids[run.target])).toBe(ON_CHAIN.has(run.position));
    },
  },
  {
    // An invisible parent gives the same answer as a parent that does not exist: an empty list.
    name: 'units(filter.parentId)',
    covers: ['Query.units'],
    positional: true,
    write: false,
    expected: R.signedIn,
    exec: (run) => gql(run, UNITS_QUERY, { filter: { parentId: String(ids[run.target]) } }),
    verify: async (run, _fx, r) => {
      const children = await unitIdsWhere(`select id from admin_unit where parent_id = $1`, [ids[run.target]]);
      const expected = onlyVisible(run.actor, children);
      if (!ON_CHAIN.has(run.position)) expect(expected).toEqual([]);
      await expectConnection(
        run,
        r,
        (after) => gql(run, UNITS_QUERY, { filter: { parentId: String(ids[run.target]) }, after }),
        (d) => d.units,
        expected,
      );
    },
  },
  {
    name: 'units(filter.ancestorId)',
    covers: ['Query.units'],
    positional: true,
    write: false,
    expected: R.visible,
    exec: (run) => gql(run, UNITS_QUERY, { filter: { ancestorId: String(ids[run.target]) } }),
    verify: async (run, _fx, r) => {
      const expected = onlyVisible(run.actor, await descendantIds(env.db, ids[run.target]));
      await expectConnection(
        run,
        r,
        (after) => gql(run, UNITS_QUERY, { filter: { ancestorId: String(ids[run.target]) }, after }),
        (d) => d.units,
        expected,
      );
    },
  },
  {
    // childCount counts what the caller can list: the children it sees, not the children that exist.
    name: 'AdminUnit.children (+childCount)',
    covers: ['AdminUnit.children', 'AdminUnit.childCount'],
    positional: true,
    write: false,
    expected: R.visible,
    exec: (run) => gql(run, CHILDREN_WITH_COUNT, { id: ids[run.target] }),
    verify: async (run, _fx, r) => {
      const expected = onlyVisible(run.actor, await unitIdsWhere(`select id from admin_unit where parent_id = $1`, [ids[run.target]]));
      await expectConnection(
        run,
        r,
        (after) => gql(run, CHILDREN_WITH_COUNT, { id: ids[run.target], after }),
        (d) => d.unit.children,
        expected,
      );
      expect(r.data!.unit.childCount, 'childCount = the children the caller can list').toBe(expected.length);
    },
  },
  {
    // The same count where units come in a list (the loader path): every unit of the caller's chain.
    name: 'units(…) { childCount }',
    covers: ['AdminUnit.childCount'],
    positional: false,
    write: false,
    expected: R.signedIn,
    exec: (run) => gql(run, `{ units(first: 100) { nodes { id childCount } } }`),
    verify: async (run, _fx, r) => {
      const nodes = r.data!.units.nodes as { id: string; childCount: number }[];
      expect(nodes.length).toBeGreaterThan(0);
      const { rows } = await env.db.query(`select id, parent_id from admin_unit where parent_id = any($1::int[])`, [
        nodes.map((n) => n.id),
      ]);
      for (const n of nodes) {
        const children = onlyVisible(
          run.actor,
          rows.filter((c) => c.parent_id === Number(n.id)).map((c) => c.id as number),
        );
        expect(n.childCount, `childCount of unit ${n.id}`).toBe(children.length);
      }
    },
  },
  {
    name: 'AdminUnit.descendants',
    covers: ['AdminUnit.descendants'],
    positional: true,
    write: false,
    expected: R.visible,
    exec: (run) => gql(run, unitConnQuery('descendants', ''), { id: ids[run.target] }),
    verify: async (run, _fx, r) => {
      const expected = onlyVisible(run.actor, await descendantIds(env.db, ids[run.target]));
      await expectConnection(
        run,
        r,
        (after) => gql(run, unitConnQuery('descendants', ''), { id: ids[run.target], after }),
        (d) => d.unit.descendants,
        expected,
      );
    },
  },
  {
    name: 'AdminUnit.ancestors (+parent, province)',
    covers: ['AdminUnit.ancestors', 'AdminUnit.parent', 'AdminUnit.province'],
    positional: true,
    write: false,
    expected: R.visible,
    exec: (run) =>
      gql(run, `query($id: ID!) { unit(id: $id) { ancestors { id } parent { id } province { id } } }`, { id: ids[run.target] }),
    verify: async (run, _fx, r) => {
      const chain = chainOf(run.target).slice(0, -1);
      expect(r.data!.unit.ancestors.map((u: { id: string }) => Number(u.id))).toEqual(chain.map((k) => ids[k]));
      const parent = parentOf(run.target);
      expect(r.data!.unit.parent).toEqual(parent ? { id: String(ids[parent]) } : null);
      const province = chainOf(run.target)[1];
      expect(r.data!.unit.province).toEqual(province ? { id: String(ids[province]) } : null);
      expectAllVisible(run, [...chain.map((k) => ids[k])]);
    },
  },
  ...(['successors', 'predecessors'] as const).map(
    (dir): Op => ({
      name: `AdminUnit.${dir}`,
      covers: [`AdminUnit.${dir}`],
      positional: true,
      write: false,
      expected: R.visible,
      exec: (run) => gql(run, `query($id: ID!) { unit(id: $id) { ${dir} { kind unit { id } } } }`, { id: ids[run.target] }),
      verify: async (run, _fx, r) => {
        const [mine, other] = dir === 'successors' ? ['predecessor_id', 'successor_id'] : ['successor_id', 'predecessor_id'];
        const all = await unitIdsWhere(`select ${other} as id from admin_unit_succession where ${mine} = $1`, [ids[run.target]]);
        const got = r.data!.unit[dir].map((s: { unit: { id: string } }) => Number(s.unit.id));
        expect(sortNum(got)).toEqual(sortNum(onlyVisible(run.actor, all)));
      },
    }),
  ),
  {
    name: 'AdminUnit.agencies',
    covers: ['AdminUnit.agencies', 'Agency.unit'],
    positional: true,
    write: false,
    expected: R.visible,
    exec: (run) => gql(run, unitConnQuery('agencies', ''), { id: ids[run.target] }),
    verify: async (run, _fx, r) => {
      const { rows } = await env.db.query(`select id from agency where unit_id = $1 and disabled_at is null`, [ids[run.target]]);
      expect(rows.length).toBeGreaterThan(0);
      const { nodes, totalCount } = await walkPages(
        (after) => gql(run, unitConnQuery('agencies', ''), { id: ids[run.target], after }),
        (d) => d.unit.agencies,
        r,
      );
      expect(nodes.map((n) => n.id).sort()).toEqual(rows.map((x) => x.id).sort());
      expect(totalCount).toBe(rows.length);
    },
  },
  {
    name: 'agencies',
    covers: ['Query.agencies'],
    positional: true,
    write: false,
    expected: R.visible,
    exec: (run) =>
      gql(run, `query($u: ID!, $after: String) { agencies(unitId: $u, first: 100, after: $after) { ${PAGE} } }`, { u: ids[run.target] }),
    verify: async (run, _fx, r) => {
      const { rows } = await env.db.query(`select id from agency where unit_id = $1 and disabled_at is null`, [ids[run.target]]);
      const q = `query($u: ID!, $after: String) { agencies(unitId: $u, first: 100, after: $after) { ${PAGE} } }`;
      const { nodes, totalCount } = await walkPages(
        (after) => gql(run, q, { u: ids[run.target], after }),
        (d) => d.agencies,
        r,
      );
      expect(nodes.map((n) => n.id).sort()).toEqual(rows.map((x) => x.id).sort());
      expect(totalCount).toBe(rows.length);
    },
  },
  {
    name: 'sectors',
    covers: ['Query.sectors'],
    positional: false,
    write: false,
    expected: R.signedIn,
    exec: (run) => gql(run, `{ sectors { code nameVi nameEn } }`),
    verify: async (_run, _fx, r) => {
      expect(r.data!.sectors.map((s: { code: string }) => s.code)).toEqual(expect.arrayContaining(['POLICE', 'HEALTH', 'OTHER']));
    },
  },
  {
    name: 'me',
    covers: ['Query.me', 'Viewer.unit'],
    positional: false,
    write: false,
    expected: R.signedIn,
    exec: (run) => gql(run, `{ me { kind username role unit { id } } }`),
    verify: async (run, _fx, r) => {
      const key = isApiKey(run.role);
      expect(r.data!.me).toEqual({
        kind: key ? 'API_KEY' : 'USER',
        username: key ? null : `${run.actor}.${run.role.toLowerCase()}`,
        role: key ? run.role.replace('APIKEY_', '') : run.role,
        unit: { id: String(ids[run.actor]) },
      });
    },
  },
  {
    name: 'users',
    covers: ['Query.users', 'User.unit'],
    positional: true,
    write: false,
    expected: R.administer,
    exec: (run) =>
      gql(run, `query($u: ID!, $after: String) { users(unitId: $u, first: 100, after: $after) { ${PAGE} } }`, { u: ids[run.target] }),
    verify: async (run, _fx, r) => {
      const { rows } = await env.db.query(`select id from app_user where unit_id = $1`, [ids[run.target]]);
      expect(rows.length).toBeGreaterThan(0);
      const q = `query($u: ID!, $after: String) { users(unitId: $u, first: 100, after: $after) { ${PAGE} } }`;
      const { nodes, totalCount } = await walkPages(
        (after) => gql(run, q, { u: ids[run.target], after }),
        (d) => d.users,
        r,
      );
      expect(nodes.map((n) => n.id).sort()).toEqual(rows.map((x) => x.id).sort());
      expect(totalCount).toBe(rows.length);
    },
  },
  {
    name: 'apiKeys',
    covers: ['Query.apiKeys', 'ApiKey.unit'],
    positional: true,
    write: false,
    expected: R.administer,
    exec: (run) =>
      gql(run, `query($u: ID!, $after: String) { apiKeys(unitId: $u, first: 100, after: $after) { ${PAGE} } }`, { u: ids[run.target] }),
    verify: async (run, _fx, r) => {
      const { rows } = await env.db.query(`select id from api_key where unit_id = $1`, [ids[run.target]]);
      expect(rows.length).toBeGreaterThan(0);
      const q = `query($u: ID!, $after: String) { apiKeys(unitId: $u, first: 100, after: $after) { ${PAGE} } }`;
      const { nodes, totalCount } = await walkPages(
        (after) => gql(run, q, { u: ids[run.target], after }),
        (d) => d.apiKeys,
        r,
      );
      expect(nodes.map((n) => n.id).sort()).toEqual(rows.map((x) => x.id).sort());
      expect(totalCount).toBe(rows.length);
    },
  },
  {
    name: 'createUser',
    covers: ['Mutation.createUser'],
    positional: true,
    write: true,
    expected: R.administer,
    // New usernames begin with the key of a unit the admin administers (docs/ACCESS.md, "Usernames").
    fixture: async (run) => ({ name: `${accountKey(run.target)}.mx-${crypto.randomBytes(5).toString('hex')}` }),
    exec: (run, fx) =>
      gql(run, `mutation($i: CreateUserInput!) { createUser(input: $i) { user { id username role unit { id } } } }`, {
        i: { unitId: ids[run.target], username: fx.name, displayName: 'Người dùng thử', role: 'VIEWER', password: 'Mat-khau-dai-2026' },
      }),
    verify: async (run, fx, r) => {
      const { rows } = await env.db.query(`select id, unit_id from app_user where username = $1`, [fx.name]);
      expect(rows).toEqual([{ id: r.data!.createUser.user.id, unit_id: ids[run.target] }]);
    },
  },
  {
    name: 'updateUser',
    covers: ['Mutation.updateUser'],
    positional: true,
    write: true,
    expected: R.administer,
    fixture: async (run) => {
      const u = await insertUser(env.db, ids[run.target]);
      return { table: 'app_user', rowId: u.id, version: 1 };
    },
    exec: (run, fx) =>
      gql(run, `mutation($i: UpdateUserInput!) { updateUser(input: $i) { user { id displayName version } } }`, {
        i: { id: fx.rowId, version: fx.version, displayName: 'Đã đổi tên' },
      }),
    verify: async (_run, fx, r) => {
      expect(r.data!.updateUser.user).toEqual({ id: fx.rowId, displayName: 'Đã đổi tên', version: 2 });
      const { rows } = await env.db.query(`select display_name, version from app_user where id = $1`, [fx.rowId]);
      expect(rows[0]).toEqual({ display_name: 'Đã đổi tên', version: 2 });
    },
  },
  {
    // Re-sets the same password so that the demo accounts keep working.
    name: 'changePassword',
    covers: ['Mutation.changePassword'],
    positional: false,
    write: true,
    expected: R.human,
    exec: (run) =>
      gql(run, `mutation($i: ChangePasswordInput!) { changePassword(input: $i) }`, {
        i: { currentPassword: DEMO_PASSWORD, newPassword: DEMO_PASSWORD },
      }),
    verify: async (run, _fx, r) => {
      expect(r.data!.changePassword).toBe(true);
      // The change ends older sessions: sign in again for the cases that follow.
      await new Promise((resolve) => setTimeout(resolve, 1000));
      await env.login(`${run.actor}.${run.role.toLowerCase()}`, DEMO_PASSWORD, { fresh: true });
    },
  },
  {
    name: 'createAgency',
    covers: ['Mutation.createAgency'],
    positional: true,
    write: true,
    expected: R.administer,
    fixture: async () => ({ name: `Cơ quan ma trận ${crypto.randomBytes(4).toString('hex')}` }),
    exec: (run, fx) =>
      gql(run, `mutation($i: CreateAgencyInput!) { createAgency(input: $i) { agency { id name sector version unit { id } } } }`, {
        i: { unitId: ids[run.target], name: fx.name, sector: 'HEALTH' },
      }),
    verify: async (run, fx, r) => {
      expect(r.data!.createAgency.agency).toMatchObject({
        name: fx.name,
        sector: 'HEALTH',
        version: 1,
        unit: { id: String(ids[run.target]) },
      });
      const { rows } = await env.db.query(`select unit_id from agency where name = $1`, [fx.name]);
      expect(rows).toEqual([{ unit_id: ids[run.target] }]);
    },
  },
  {
    name: 'updateAgency',
    covers: ['Mutation.updateAgency'],
    positional: true,
    write: true,
    expected: R.administer,
    fixture: async (run) => {
      const a = await insertAgency(env.db, ids[run.target]);
      return { table: 'agency', rowId: a.id, version: 1 };
    },
    exec: (run, fx) =>
      gql(run, `mutation($i: UpdateAgencyInput!) { updateAgency(input: $i) { agency { id sector version } } }`, {
        i: { id: fx.rowId, version: fx.version, sector: 'POLICE' },
      }),
    verify: async (_run, fx, r) => {
      expect(r.data!.updateAgency.agency).toEqual({ id: fx.rowId, sector: 'POLICE', version: 2 });
    },
  },
  {
    name: 'createApiKey',
    covers: ['Mutation.createApiKey'],
    positional: true,
    write: true,
    expected: R.administer,
    fixture: async () => ({ name: `key ${crypto.randomBytes(4).toString('hex')}` }),
    exec: (run, fx) =>
      gql(run, `mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { secret apiKey { id role unit { id } } } }`, {
        i: { unitId: ids[run.target], name: fx.name },
      }),
    verify: async (run, fx, r) => {
      const out = r.data!.createApiKey;
      expect(out.apiKey).toMatchObject({ role: 'VIEWER', unit: { id: String(ids[run.target]) } });
      const { rows } = await env.db.query(`select id, unit_id, secret_hash from api_key where name = $1`, [fx.name]);
      expect(rows).toEqual([
        { id: out.apiKey.id, unit_id: ids[run.target], secret_hash: crypto.createHash('sha256').update(out.secret).digest('hex') },
      ]);
    },
  },
  {
    name: 'revokeApiKey',
    covers: ['Mutation.revokeApiKey'],
    positional: true,
    write: true,
    expected: R.administer,
    fixture: async (run) => ({ table: 'api_key', rowId: (await insertApiKey(env.db, ids[run.target])).id }),
    exec: (run, fx) =>
      gql(run, `mutation($i: RevokeApiKeyInput!) { revokeApiKey(input: $i) { apiKey { id revokedAt } } }`, { i: { id: fx.rowId } }),
    verify: async (_run, fx, r) => {
      expect(r.data!.revokeApiKey.apiKey.revokedAt).toBeTruthy();
      const { rows } = await env.db.query(`select revoked_at from api_key where id = $1`, [fx.rowId]);
      expect(rows[0].revoked_at).not.toBeNull();
    },
  },
  {
    // PUBLIC: works whatever credentials the caller carries.
    name: 'signIn',
    covers: ['Mutation.signIn'],
    positional: false,
    write: false,
    expected: R.public,
    exec: (run) =>
      gql(run, `mutation($i: SignInInput!) { signIn(input: $i) { token viewer { username unit { id } } } }`, {
        i: { username: `${run.actor}.viewer`, password: DEMO_PASSWORD },
      }),
    verify: async (run, _fx, r) => {
      expect(r.data!.signIn.viewer).toEqual({ username: `${run.actor}.viewer`, unit: { id: String(ids[run.actor]) } });
      const me = await env.gql(`{ me { username } }`, {}, { token: r.data!.signIn.token });
      expect(me.data!.me.username).toBe(`${run.actor}.viewer`);
    },
  },
];

interface Case {
  op: string;
  role: Role;
  actor: TreeKey;
  target: TreeKey;
  position: Position | 'any';
  expected: Outcome;
}
const CASES: Case[] = [];
for (const op of OPS) {
  for (const role of ROLES) {
    for (const [actor, target] of PAIRS) {
      if (!op.positional && actor !== target) continue;
      const position = positionOf(actor, target);
      CASES.push({ op: op.name, role, actor, target, position: op.positional ? position : 'any', expected: op.expected(role, position) });
    }
  }
}

beforeAll(async () => {
  env = await createTestEnv();
  for (const k of TREE_KEYS) ids[k] = await env.unitId(TREE[k].code, TREE[k].validFrom);
  // Visible set of each actor from the map (its chain) plus its subtree walked by parent_id.
  for (const a of ACTORS) visibleFrom.set(a, new Set([...chainOf(a).map((k) => ids[k]), ...(await descendantIds(env.db, ids[a]))]));
  // Every target unit carries agencies (one disabled), accounts and an API key, so that an
  // empty answer proves filtering rather than absence.
  for (const k of TREE_KEYS) {
    await insertAgency(env.db, ids[k], `Ban thử nghiệm ${TREE[k].code}`);
    const disabled = await insertAgency(env.db, ids[k], `Ban đã giải thể ${TREE[k].code}`);
    await env.db.query(`update agency set disabled_at = now() where id = $1`, [disabled.id]);
    await insertUser(env.db, ids[k]);
    await insertApiKey(env.db, ids[k]);
  }
  // API keys for each acting unit, created through the API by that unit's admin.
  for (const a of ACTORS) {
    const admin = await env.login(`${a}.admin`);
    for (const role of ['VIEWER', 'EDITOR'] as const) {
      const r = await env.gql<{ createApiKey: { secret: string } }>(
        `mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { secret } }`,
        { i: { unitId: ids[a], name: `matrix ${role}`, role } },
        admin,
      );
      expect(r.errors).toBeUndefined();
      apiKeys.set(`${a}:${role}`, r.data!.createApiKey.secret);
    }
  }
});
afterAll(async () => {
  await env?.stop();
});

async function callerFor(role: Role, actor: TreeKey): Promise<Caller | undefined> {
  if (role === 'ANON') return undefined;
  if (isApiKey(role)) return { apiKey: apiKeys.get(`${actor}:${role.replace('APIKEY_', '')}`)! };
  return env.login(`${actor}.${role.toLowerCase()}`);
}

describe('the demo tree map', () => {
  it('names every pair as intended', () => {
    const named = Object.fromEntries(PAIRS.map(([a, t]) => [`${a}→${t}`, positionOf(a, t)]));
    expect(named).toEqual({
      'tplaocai→tplaocai': 'self',
      'laocai→laocai': 'self',
      'phuonglaocai→phuonglaocai': 'self',
      'tplaocai→laocai': 'parent',
      'tplaocai→quocgia': 'grandparent',
      'tplaocai→phuonglaocai': 'child',
      'laocai→phuonglaocai': 'grandchild',
      'tplaocai→batxat': 'sibling',
      'phuonglaocai→cocleu': 'sibling',
      'phuonglaocai→batxat': 'uncle',
      'tplaocai→amusung': 'nephew',
      'phuonglaocai→amusung': 'cousin',
      'tplaocai→hungyen': 'otherProvince',
      'tplaocai→duongquang': 'otherProvince',
      'laocai→laocai2025': 'otherProvince',
    });
  });
  it('matches the database (codes, names, parents)', async () => {
    for (const k of TREE_KEYS) {
      const { rows } = await env.db.query(`select name, parent_id from admin_unit where id = $1`, [ids[k]]);
      const parent = parentOf(k);
      expect(rows[0], k).toEqual({ name: TREE[k].name, parent_id: parent ? ids[parent] : null });
    }
  });
});

describe('access matrix', () => {
  it.each(CASES)('$op · $role of $actor on $target ($position) → $expected', async (c) => {
    const op = OPS.find((o) => o.name === c.op)!;
    const run: Run = {
      role: c.role,
      actor: c.actor,
      target: c.target,
      position: positionOf(c.actor, c.target),
      as: await callerFor(c.role, c.actor),
    };
    const fx = op.fixture ? await op.fixture(run) : {};
    const countsBefore = await tableCounts(env.db);
    const rowBefore = fx.rowId ? await rowJson(env.db, fx.table!, fx.rowId) : null;

    const r = await op.exec(run, fx);

    if (c.expected === 'OK') {
      expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
      await op.verify?.(run, fx, r);
      if (op.write) {
        // Every successful write leaves exactly one audit event, attributed to the caller.
        expect(await auditCount()).toBe(countsBefore.audits + 1);
      }
    } else {
      expectError(r, c.expected);
      if (op.write) {
        expect(await tableCounts(env.db)).toEqual(countsBefore);
        if (fx.rowId) expect(await rowJson(env.db, fx.table!, fx.rowId)).toEqual(rowBefore);
        if (fx.name) {
          const { rows } = await env.db.query(
            `select (select count(*)::int from app_user where username = $1) + (select count(*)::int from agency where name = $1) + (select count(*)::int from api_key where name = $1) as n`,
            [fx.name],
          );
          expect(rows[0].n).toBe(0);
        }
      }
    }
  });
});

describe("usernames: a name taken outside the admin's tree is answered as a free name is", () => {
  // The admin of `actor` creates an account in its own unit under a name that exists in
  // `target`, then under a name of the same form that exists nowhere. Where the account is the
  // admin's own (self), "already taken" is news about an account they can list; anywhere else
  // the two answers must be identical, or createUser tells whether the account exists.
  const CREATE = `mutation($i: CreateUserInput!) { createUser(input: $i) { user { id username } } }`;
  it.each(PAIRS)('ADMIN of %s, a name existing in %s', async (actor, target) => {
    const position = positionOf(actor, target);
    const as = await env.login(`${actor}.admin`);
    const hex = crypto.randomBytes(4).toString('hex');
    const existing = (await insertUser(env.db, ids[target], { username: `${accountKey(target)}.ton-tai-${hex}` })).username;
    const create = (username: string) =>
      env.gql(
        CREATE,
        { i: { unitId: ids[actor], username, displayName: 'Người thử tên', role: 'VIEWER', password: 'Mat-khau-dai-2026' } },
        as,
      );

    const before = await tableCounts(env.db);
    const taken = await create(existing);
    expectError(taken, 'BAD_USER_INPUT');
    expect(await tableCounts(env.db)).toEqual(before);
    const free = await create(`${accountKey(target)}.chua-co-${hex}`);
    if (position === 'self') {
      expect(taken.errors![0].message).toBe('username is already taken');
      expect(free.errors).toBeUndefined();
    } else {
      expect(free.errors).toEqual(taken.errors);
      expect(await tableCounts(env.db)).toEqual(before);
    }
  });
});

/**
 * An id the caller may not see and an id that exists nowhere get the same answer, byte for byte
 * (HTTP status, message, extensions, path): any difference tells that the row exists. Run by the
 * city's admin (who may administer its own subtree) on units, agencies, accounts and API keys of
 * its sibling, of its sibling's commune and of another province, against ids that name nothing.
 * Nothing may be written either way.
 */
describe('existence oracles: an invisible id answers exactly like an id that does not exist', () => {
  const ABSENT_UNIT = 2_147_000_000;
  const HIDDEN_UNITS: TreeKey[] = ['batxat', 'amusung', 'hungyen', 'duongquang'];
  type Kind = 'unit' | 'code' | 'agency' | 'app_user' | 'api_key';
  const CASES_O: {
    name: string;
    kind: Kind;
    code: 'NOT_FOUND' | 'OK';
    document: string;
    variables: (id: string) => Record<string, unknown>;
  }[] = [
    { name: 'unit(id)', kind: 'unit', code: 'NOT_FOUND', document: `query($i: ID!) { unit(id: $i) { id } }`, variables: (i) => ({ i }) },
    {
      name: 'unitByCode(code)',
      kind: 'code',
      code: 'NOT_FOUND',
      document: `query($i: String!) { unitByCode(code: $i, on: "2024-05-01") { id } }`,
      variables: (i) => ({ i }),
    },
    {
      name: 'units(filter.parentId)',
      kind: 'unit',
      code: 'OK',
      document: `query($i: ID) { units(first: 5, filter: { parentId: $i }) { totalCount nodes { id } } }`,
      variables: (i) => ({ i }),
    },
    {
      name: 'units(filter.ancestorId)',
      kind: 'unit',
      code: 'NOT_FOUND',
      document: `query($i: ID) { units(first: 5, filter: { ancestorId: $i }) { totalCount } }`,
      variables: (i) => ({ i }),
    },
    ...(['agencies', 'users', 'apiKeys'] as const).map((f) => ({
      name: `${f}(unitId)`,
      kind: 'unit' as const,
      code: 'NOT_FOUND' as const,
      document: `query($i: ID!) { ${f}(unitId: $i, first: 5) { totalCount } }`,
      variables: (i: string) => ({ i }),
    })),
    {
      name: 'createUser.unitId',
      kind: 'unit',
      code: 'NOT_FOUND',
      document: `mutation($i: CreateUserInput!) { createUser(input: $i) { user { id } } }`,
      variables: (unitId) => ({
        i: { unitId, username: 'oracle-probe', displayName: 'Thử', role: 'VIEWER', password: 'Mat-khau-dai-2026' },
      }),
    },
    {
      name: 'createAgency.unitId',
      kind: 'unit',
      code: 'NOT_FOUND',
      document: `mutation($i: CreateAgencyInput!) { createAgency(input: $i) { agency { id } } }`,
      variables: (unitId) => ({ i: { unitId, name: 'Cơ quan thăm dò', sector: 'OTHER' } }),
    },
    {
      name: 'createApiKey.unitId',
      kind: 'unit',
      code: 'NOT_FOUND',
      document: `mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { secret } }`,
      variables: (unitId) => ({ i: { unitId, name: 'thăm dò' } }),
    },
    {
      name: 'updateAgency.id',
      kind: 'agency',
      code: 'NOT_FOUND',
      document: `mutation($i: UpdateAgencyInput!) { updateAgency(input: $i) { agency { id } } }`,
      variables: (id) => ({ i: { id, version: 1, name: 'Đổi tên' } }),
    },
    {
      name: 'updateUser.id',
      kind: 'app_user',
      code: 'NOT_FOUND',
      document: `mutation($i: UpdateUserInput!) { updateUser(input: $i) { user { id } } }`,
      variables: (id) => ({ i: { id, version: 1, displayName: 'Đổi tên' } }),
    },
    {
      name: 'revokeApiKey.id',
      kind: 'api_key',
      code: 'NOT_FOUND',
      document: `mutation($i: RevokeApiKeyInput!) { revokeApiKey(input: $i) { apiKey { id } } }`,
      variables: (id) => ({ i: { id } }),
    },
  ];

  it('every case answers identically for a hidden row and for no row, and writes nothing', async () => {
    const admin = await env.login('tplaocai.admin');
    const problems: string[] = [];
    let n = 0;
    for (const c of CASES_O) {
      for (const k of HIDDEN_UNITS) {
        let hidden: string;
        let absent: string;
        if (c.kind === 'unit') [hidden, absent] = [String(ids[k]), String(ABSENT_UNIT)];
        else if (c.kind === 'code') [hidden, absent] = [TREE[k].code, k === 'batxat' || k === 'hungyen' ? '99' : '99999'];
        else {
          const { rows } = await env.db.query(`select id from ${c.kind} where unit_id = $1 order by id limit 1`, [ids[k]]);
          expect(rows.length, `a fixture ${c.kind} of ${k}`).toBe(1);
          [hidden, absent] = [rows[0].id as string, crypto.randomUUID()];
        }
        const before = await tableCounts(env.db);
        const a = await rawAnswer(env.url, c.document, c.variables(hidden), admin);
        const b = await rawAnswer(env.url, c.document, c.variables(absent), admin);
        n++;
        const where = `${c.name} on ${k}`;
        if (JSON.stringify(await tableCounts(env.db)) !== JSON.stringify(before)) problems.push(`${where}: wrote something`);
        if ((rawCode(a) ?? 'OK') !== c.code) problems.push(`${where}: expected ${c.code}, got ${a.status} ${a.body}`);
        if (a.status !== b.status || a.body !== b.body)
          problems.push(`${where}:\n    hidden ${a.status} ${a.body}\n    absent ${b.status} ${b.body}`);
      }
    }
    expect(n).toBe(CASES_O.length * HIDDEN_UNITS.length);
    expect(problems, problems.join('\n')).toEqual([]);
  });
});

const FOUNDATION_RESOLVERS = ['AdminUnitResolver', 'AgencyResolver', 'UnitAgenciesResolver', 'AuthResolver'];
/** The operations of schema/schema.graphql when this matrix was written. */
const FOUNDATION_OPS = [
  'Query.unit',
  'Query.unitByCode',
  'Query.units',
  'Query.agencies',
  'Query.sectors',
  'Query.me',
  'Query.users',
  'Query.apiKeys',
  'Mutation.signIn',
  'Mutation.changePassword',
  'Mutation.createUser',
  'Mutation.updateUser',
  'Mutation.createAgency',
  'Mutation.updateAgency',
  'Mutation.createApiKey',
  'Mutation.revokeApiKey',
];

describe('default deny: every operation declares its access rule', () => {
  let schema: GraphQLSchema;
  beforeAll(async () => {
    schema = await createSchema({ signer: createTokenSigner('x', 60) });
  });

  it('every Query and Mutation field has extensions.access', () => {
    const missing: string[] = [];
    for (const root of [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()]) {
      if (!root) continue;
      for (const f of Object.values(root.getFields())) {
        const rule = f.extensions?.access;
        if (!['PUBLIC', 'SIGNED_IN', 'USER', 'WRITER'].includes(rule as string)) missing.push(`${root.name}.${f.name}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('every object type has extensions.access', () => {
    const roots = new Set([schema.getQueryType()?.name, schema.getMutationType()?.name, schema.getSubscriptionType()?.name]);
    const missing = Object.values(schema.getTypeMap())
      .filter((t) => isObjectType(t) && !t.name.startsWith('__') && !roots.has(t.name))
      .filter((t) => !['SCOPED', 'PUBLIC'].includes(t.extensions?.access as string))
      .map((t) => t.name);
    expect(missing).toEqual([]);
  });

  it('the matrix covers every Query and Mutation of the unit, agency and auth resolvers', () => {
    // Plan operations follow other rules (plan status: "up only issued") and have their own tests;
    // every other operation of these resolvers must have a row here, so a new one fails this test.
    const storage = getMetadataStorage();
    const ownOps = [...storage.queries.map((q) => ['Query', q] as const), ...storage.mutations.map((m) => ['Mutation', m] as const)]
      .filter(([, m]) => FOUNDATION_RESOLVERS.includes(m.target.name))
      .map(([root, m]) => `${root}.${m.schemaName}`);
    const inSchema = new Set(
      [schema.getQueryType()!, schema.getMutationType()!].flatMap((t) => Object.keys(t.getFields()).map((f) => `${t.name}.${f}`)),
    );
    const covered = new Set(OPS.flatMap((o) => o.covers));
    expect(new Set(ownOps)).toEqual(new Set(FOUNDATION_OPS));
    expect(FOUNDATION_OPS.filter((c) => !inSchema.has(c))).toEqual([]);
    expect(FOUNDATION_OPS.filter((c) => !covered.has(c))).toEqual([]);
    // And every connection-valued or unit-valued field of AdminUnit.
    const unitFields = Object.keys((schema.getType('AdminUnit') as any).getFields()).map((f) => `AdminUnit.${f}`);
    for (const f of ['children', 'descendants', 'ancestors', 'successors', 'predecessors', 'agencies', 'parent', 'province']) {
      expect(unitFields).toContain(`AdminUnit.${f}`);
      expect(covered.has(`AdminUnit.${f}`), f).toBe(true);
    }
  });
});
