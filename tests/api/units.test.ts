import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../api/src/config.js';
import { PAGE, descendantIds, sortNum, walkPages } from '../support/api-helpers.js';
import { createTestEnv, type Caller, type TestEnv } from '../support/env.js';

/** The administrative hierarchy: code reuse, succession, the two-level tree after 2025, search, paging, SQL counts. */

let env: TestEnv;
let national: Caller;

beforeAll(async () => {
  env = await createTestEnv();
  national = await env.login('quocgia.viewer');
});
afterAll(async () => {
  await env?.stop();
});

/** Reads one of the unit lists the seed loads (not the code under test). */
function csv(file: string): Record<string, string>[] {
  const [header, ...lines] = fs
    .readFileSync(path.join(REPO_ROOT, 'api', 'data', 'admin-units', file), 'utf8')
    .replace(/\r/g, '')
    .split('\n')
    .filter(Boolean);
  const cols = header.split(',');
  return lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [cols[i], v.normalize('NFC')])));
}

/** The test's own accent-free key: strip combining marks, đ → d, lower case. */
const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').replace(/[đĐ]/g, 'd').toLowerCase();

const UNIT_BY_CODE = `query($code: String!, $on: LocalDate) { unitByCode(code: $code, on: $on) { id code name level validFrom validTo } }`;

describe('codes are (code, validity period)', () => {
  it('"15" on 2024-05-01 is Tỉnh Yên Bái', async () => {
    const r = await env.gql(UNIT_BY_CODE, { code: '15', on: '2024-05-01' }, national);
    expect(r.data!.unitByCode).toMatchObject({
      code: '15',
      name: 'Tỉnh Yên Bái',
      level: 'PROVINCE',
      validFrom: null,
      validTo: '2025-06-30',
    });
  });

  it('"15" on 2025-08-01 is the new Tỉnh Lào Cai', async () => {
    const r = await env.gql(UNIT_BY_CODE, { code: '15', on: '2025-08-01' }, national);
    expect(r.data!.unitByCode).toMatchObject({
      code: '15',
      name: 'Tỉnh Lào Cai',
      level: 'PROVINCE',
      validFrom: '2025-07-01',
      validTo: null,
    });
  });

  it('the reform boundary: 2025-06-30 is still Yên Bái, 2025-07-01 already Lào Cai; no date means today', async () => {
    expect((await env.gql(UNIT_BY_CODE, { code: '15', on: '2025-06-30' }, national)).data!.unitByCode.name).toBe('Tỉnh Yên Bái');
    expect((await env.gql(UNIT_BY_CODE, { code: '15', on: '2025-07-01' }, national)).data!.unitByCode.name).toBe('Tỉnh Lào Cai');
    expect((await env.gql(UNIT_BY_CODE, { code: '15' }, national)).data!.unitByCode.validFrom).toBe('2025-07-01');
  });

  it('"10" (the old Lào Cai) on 2025-08-01 is NOT_FOUND, and without a date too', async () => {
    for (const on of ['2025-08-01', undefined]) {
      const r = await env.gql(UNIT_BY_CODE, { code: '10', on }, national);
      expect(r.errors?.map((e) => e.extensions?.code)).toEqual(['NOT_FOUND']);
    }
    expect((await env.gql(UNIT_BY_CODE, { code: '10', on: '2024-05-01' }, national)).data!.unitByCode.name).toBe('Tỉnh Lào Cai');
  });
});

describe('succession', () => {
  const SUCC = `query($id: ID!) { unit(id: $id) { name successors { kind unit { code name validFrom } } predecessors { kind unit { code name } } } }`;

  it("the old Tỉnh Lào Cai's successors include the new Tỉnh Lào Cai (FULL)", async () => {
    const r = await env.gql(SUCC, { id: await env.unitId('10') }, national);
    expect(r.data!.unit.successors).toContainEqual({ kind: 'FULL', unit: { code: '15', name: 'Tỉnh Lào Cai', validFrom: '2025-07-01' } });
    // And the new province names both old provinces as FULL predecessors (provinces-2025.csv: "10;15").
    const n = await env.gql(SUCC, { id: await env.unitId('15', '2025-07-01') }, national);
    expect(
      n
        .data!.unit.predecessors.filter((p: { kind: string }) => p.kind === 'FULL')
        .map((p: { unit: { code: string } }) => p.unit.code)
        .sort(),
    ).toEqual(expect.arrayContaining(['10', '15']));
  });

  it('a commune split between several new communes has PARTIAL successors (from communes-2025.csv)', async () => {
    // Xã An Nghĩa (21634, old Bình Định) went partly to several new communes.
    const expected = csv('communes-2025.csv')
      .filter((c) => c.partial_from_codes.split(';').includes('21634'))
      .map((c) => ({ kind: 'PARTIAL', unit: { code: c.code, name: c.name } }));
    expect(expected.length).toBeGreaterThanOrEqual(2);
    const r = await env.gql(SUCC, { id: await env.unitId('21634') }, national);
    expect(r.data!.unit.name).toBe('Xã An Nghĩa');
    const got = r.data!.unit.successors.map((s: { kind: string; unit: { code: string; name: string } }) => ({
      kind: s.kind,
      unit: { code: s.unit.code, name: s.unit.name },
    }));
    expect(got).toEqual(expect.arrayContaining(expected));
    expect(got).toHaveLength(expected.length);
    // Seen from the other side: the new commune lists the old one as a PARTIAL predecessor.
    const back = await env.gql(SUCC, { id: await env.unitId(expected[0].unit.code, '2025-07-01') }, national);
    expect(back.data!.unit.predecessors).toContainEqual({ kind: 'PARTIAL', unit: { code: '21634', name: 'Xã An Nghĩa' } });
  });
});

describe('the two-level tree after 2025', () => {
  it("a post-2025 ward's parent is the province (no district)", async () => {
    const r = await env.gql(
      `query($id: ID!) { unit(id: $id) { name level parent { code name level validFrom } province { code name } ancestors { code level } } }`,
      { id: await env.unitId('23575', '2025-07-01') },
      national,
    );
    expect(r.data!.unit).toEqual({
      name: 'Phường Pleiku',
      level: 'COMMUNE',
      parent: { code: '52', name: 'Tỉnh Gia Lai', level: 'PROVINCE', validFrom: '2025-07-01' },
      province: { code: '52', name: 'Tỉnh Gia Lai' },
      ancestors: [
        { code: 'VN', level: 'CENTRAL' },
        { code: '52', level: 'PROVINCE' },
      ],
    });
  });

  it('a pre-2025 ward still has its district between it and the province', async () => {
    const r = await env.gql(`query($id: ID!) { unit(id: $id) { ancestors { code level } } }`, { id: await env.unitId('02641') }, national);
    expect(r.data!.unit.ancestors).toEqual([
      { code: 'VN', level: 'CENTRAL' },
      { code: '10', level: 'PROVINCE' },
      { code: '080', level: 'DISTRICT' },
    ]);
  });

  it('descendants(level: DISTRICT) of a new province is empty; of an old province it lists its districts', async () => {
    const q = `query($id: ID!) { unit(id: $id) { descendants(level: DISTRICT, first: 100) { nodes { code } totalCount } } }`;
    expect((await env.gql(q, { id: await env.unitId('52', '2025-07-01') }, national)).data!.unit.descendants.totalCount).toBe(0);
    const old = await env.gql(q, { id: await env.unitId('10') }, national);
    expect(old.data!.unit.descendants.nodes.map((n: { code: string }) => n.code)).toEqual([
      '080',
      '082',
      '083',
      '084',
      '085',
      '086',
      '087',
      '088',
      '089',
    ]);
  });
});

describe('accent-insensitive search', () => {
  const SEARCH = `query($s: String, $after: String) { units(filter: { search: $s }, first: 100, after: $after) { nodes { id name } pageInfo { hasNextPage endCursor } totalCount } }`;

  async function search(s: string): Promise<string[]> {
    const { nodes } = await walkPages(
      (after) => env.gql(SEARCH, { s, after }, national),
      (d) => d.units,
    );
    return (nodes as unknown as { name: string }[]).map((n) => n.name);
  }

  it('tone placement: "Xã Khánh Hoà" (before 2025) and "Xã Khánh Hòa" (after) are both found, whichever form is typed', async () => {
    const names = [...csv('units-pre-2025.csv'), ...csv('communes-2025.csv')].map((u) => u.name);
    expect(names).toContain('Xã Khánh Hoà');
    expect(names).toContain('Xã Khánh Hòa');
    expect('Xã Khánh Hoà').not.toBe('Xã Khánh Hòa');
    for (const typed of ['khanh hoa', 'Khánh Hoà', 'Khánh Hòa', 'KHÁNH HÒA', 'Khánh Hòa'.normalize('NFD')]) {
      const found = await search(typed);
      expect(found, typed).toEqual(expect.arrayContaining(['Xã Khánh Hoà', 'Xã Khánh Hòa']));
      for (const n of found) expect(fold(n)).toContain('khanh hoa');
    }
  });

  it('diacritics and Đ: "dong cuong" finds "Xã Đông Cuông" and "Xã Đông Cường"', async () => {
    const names = csv('units-pre-2025.csv').map((u) => u.name);
    expect(names).toEqual(expect.arrayContaining(['Xã Đông Cuông', 'Xã Đông Cường']));
    const found = await search('dong cuong');
    expect(found).toEqual(expect.arrayContaining(['Xã Đông Cuông', 'Xã Đông Cường']));
    expect(new Set(found.map(fold))).toEqual(new Set(['xa dong cuong']));
    // What the loaded data holds under that key, counted by the test itself.
    const { rows } = await env.db.query(`select name from admin_unit`);
    expect(found).toHaveLength(rows.filter((r) => fold(r.name).includes('dong cuong')).length);
  });

  it('LIKE wildcards in the search text are literal', async () => {
    expect(await search('%')).toEqual([]);
    expect(await search('_')).toEqual([]);
  });
});

describe('pagination walks every page without duplicates or gaps', () => {
  it.each([
    ['children of the new Tỉnh Gia Lai', '52', '2025-07-01', 'children', 7],
    ['descendants of the old Tỉnh Lào Cai', '10', null, 'descendants', 13],
    ['descendants of the nation', 'VN', null, 'descendants', 100],
  ] as const)('%s (pages of %s)', async (_label, code, validFrom, field, size) => {
    const id = await env.unitId(code, validFrom);
    const q = `query($id: ID!, $after: String) { unit(id: $id) { ${field}(first: ${size}, after: $after) { ${PAGE} } } }`;
    const { nodes, totalCount, pages } = await walkPages(
      (after) => env.gql(q, { id, after }, national),
      (d) => d.unit[field],
    );
    const expected =
      field === 'children'
        ? (await env.db.query(`select id from admin_unit where parent_id = $1`, [id])).rows.map((r) => r.id)
        : await descendantIds(env.db, id);
    expect(sortNum(nodes.map((n) => n.id))).toEqual(sortNum(expected));
    expect(totalCount).toBe(expected.length);
    expect(pages).toBe(Math.max(1, Math.ceil(expected.length / size)));
  });

  it('pages are in code order and a district sees only its own subtree', async () => {
    const as = await env.login('tplaocai.viewer');
    const q = `query($after: String) { units(first: 4, after: $after) { nodes { id code } pageInfo { hasNextPage endCursor } totalCount } }`;
    const { nodes, totalCount } = await walkPages(
      (after) => env.gql(q, { after }, as),
      (d) => d.units,
    );
    const codes = (nodes as unknown as { code: string }[]).map((n) => n.code);
    expect(codes).toEqual([...codes].sort());
    const tp = await env.unitId('080');
    // VN, Tỉnh Lào Cai, the city itself and its 17 wards and communes.
    expect(totalCount).toBe(3 + (await descendantIds(env.db, tp)).length);
    expect(totalCount).toBe(20);
  });
});

describe('units(filter: { validOn })', () => {
  const COUNT = `query($d: LocalDate) { units(filter: { validOn: $d }, first: 0) { totalCount } }`;
  const count = async (d: string) => (await env.gql(COUNT, { d }, national)).data!.units.totalCount as number;

  it('before the reform only the old units exist, after it only the new ones (the national root always)', async () => {
    const { rows } = await env.db.query(`select
      count(*) filter (where valid_from is null and valid_to is not null)::int as old,
      count(*) filter (where valid_from = '2025-07-01')::int as new,
      count(*) filter (where valid_from is null and valid_to is null)::int as always from admin_unit`);
    const { old, new: fresh, always } = rows[0];
    expect(always).toBe(1);
    expect(await count('2024-05-01')).toBe(old + always);
    expect(await count('2025-06-30')).toBe(old + always);
    expect(await count('2025-07-01')).toBe(fresh + always);
    expect(await count('2026-01-01')).toBe(fresh + always);
    expect(old).toBeGreaterThan(1000);
    expect(fresh).toBeGreaterThan(400);
  });

  it('children(validOn) of the nation: the old provinces, then the new ones', async () => {
    const q = `query($id: ID!, $d: LocalDate) { unit(id: $id) { children(validOn: $d, first: 100) { nodes { code name validFrom } } } }`;
    const vn = await env.unitId('VN');
    const before = await env.gql(q, { id: vn, d: '2024-05-01' }, national);
    const old = before.data!.unit.children.nodes as { code: string; name: string; validFrom: string | null }[];
    expect(old.map((n) => n.name)).toEqual(
      expect.arrayContaining([
        'Tỉnh Lào Cai',
        'Tỉnh Yên Bái',
        'Tỉnh Bắc Giang',
        'Tỉnh Bắc Ninh',
        'Tỉnh Hưng Yên',
        'Tỉnh Thái Bình',
        'Tỉnh Gia Lai',
        'Tỉnh Bình Định',
      ]),
    );
    expect(old.every((n) => n.validFrom === null)).toBe(true);
    expect(old).toHaveLength(8);
    const after = await env.gql(q.replace(' validFrom', ''), { id: vn, d: '2025-08-01' }, national);
    expect(after.data!.unit.children.nodes).toEqual([
      { code: '15', name: 'Tỉnh Lào Cai' },
      { code: '24', name: 'Tỉnh Bắc Ninh' },
      { code: '33', name: 'Tỉnh Hưng Yên' },
      { code: '52', name: 'Tỉnh Gia Lai' },
    ]);
  });
});

describe('SQL statements per request do not grow with the page', () => {
  const PAGE_OF_UNITS = (n: number) =>
    `{ units(first: ${n}, filter: { level: COMMUNE }) { nodes { id name parent { name } province { name } childCount } totalCount } }`;

  it('a page of 50 units with parent, province and childCount costs what a page of 5 costs', async () => {
    const small = await env.gql(PAGE_OF_UNITS(5), {}, national);
    const large = await env.gql(PAGE_OF_UNITS(50), {}, national);
    expect(small.errors).toBeUndefined();
    expect(large.errors).toBeUndefined();
    expect(large.data!.units.nodes).toHaveLength(50);
    expect(large.data!.units.nodes.every((n: { parent: unknown; province: unknown }) => n.parent && n.province)).toBe(true);
    expect(small.sqlCount).toBeGreaterThan(0);
    expect(large.sqlCount).toBe(small.sqlCount);
    // sign-in check, page, count, parents+provinces (one batch), child counts.
    expect(large.sqlCount).toBeLessThanOrEqual(6);
  });

  it("a unit's children with their counts: the caller, the unit, then one statement for the page and every count", async () => {
    const q = `query($id: ID!, $first: Int) { unit(id: $id) { id children(first: $first) { totalCount nodes { id name childCount } } } }`;
    const laoCai = await env.unitId('10');
    const children = async (parentId: number) =>
      (await env.db.query(`select id, name from admin_unit where parent_id = $1 order by code, id`, [parentId])).rows;
    const countOf = async (parentId: number) => (await children(parentId)).length;
    const all = await env.gql(q, { id: laoCai, first: 50 }, national);
    expect(all.errors).toBeUndefined();
    expect(all.sqlCount).toBe(3);
    const page = all.data!.unit.children;
    expect(page.totalCount).toBe(await countOf(laoCai));
    expect(page.nodes.length).toBe(page.totalCount);
    for (const c of page.nodes) expect(c.childCount, c.name).toBe(await countOf(Number(c.id)));
    // A page shorter than the children still counts them all.
    const two = await env.gql(q, { id: laoCai, first: 2 }, national);
    expect(two.data!.unit.children).toEqual({ totalCount: page.totalCount, nodes: page.nodes.slice(0, 2) });
    // The counts are of what the caller may see: a district sees its province with one child,
    // itself, and all of its own.
    const city = (await children(laoCai)).find((c) => c.name === 'Thành phố Lào Cai')!;
    const seen = await env.gql(q, { id: laoCai, first: 50 }, await env.login('tplaocai.viewer'));
    expect(seen.sqlCount).toBe(3);
    expect(seen.data!.unit.children).toEqual({
      totalCount: 1,
      nodes: [{ id: String(city.id), name: city.name, childCount: await countOf(city.id) }],
    });
  });

  it('agencies of a unit with their unit: one batch whatever the page size', async () => {
    const as = await env.login('laocai.viewer');
    const id = await env.unitId('10');
    const q = (n: number) =>
      `query($id: ID!) { agencies(unitId: $id, first: ${n}) { nodes { name unit { name parent { name } } } totalCount } }`;
    const small = await env.gql(q(2), { id }, as);
    const large = await env.gql(q(24), { id }, as);
    expect(large.data!.agencies.nodes).toHaveLength(24);
    expect(large.sqlCount).toBe(small.sqlCount);
  });
});
