import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tableCounts } from '../support/api-helpers.js';
import { createTestEnv, type Caller, type GqlResult, type TestEnv } from '../support/env.js';

/** Bad input gets a clear error with a stable code and writes nothing. */

let env: TestEnv;
let national: Caller;
let admin: Caller;
let tplaocai: number;

beforeAll(async () => {
  env = await createTestEnv();
  national = await env.login('quocgia.viewer');
  admin = await env.login('tplaocai.admin');
  tplaocai = await env.unitId('080');
});
afterAll(async () => {
  await env?.stop();
});

/** One error with this code, no data, no "Did you mean" hint, nothing internal. */
function expectCode(r: GqlResult, code: string) {
  expect(
    r.errors?.map((e) => e.extensions?.code),
    JSON.stringify(r.errors),
  ).toEqual([code]);
  expect(r.data).toBeNull();
  expect(r.errors![0].message).not.toMatch(/did you mean/i);
}

/** Runs a write that must fail with `code` and proves that no table changed. */
async function expectRefusedWrite(code: string, query: string, variables: Record<string, unknown>, as: Caller = admin) {
  const before = await tableCounts(env.db);
  const r = await env.gql(query, variables, as);
  expectCode(r, code);
  expect(await tableCounts(env.db)).toEqual(before);
  return r;
}

const UNIT_BY_CODE = `query($code: String!, $on: LocalDate) { unitByCode(code: $code, on: $on) { id name } }`;
const CREATE_AGENCY = `mutation($i: CreateAgencyInput!) { createAgency(input: $i) { agency { id name version } } }`;
const UPDATE_AGENCY = `mutation($i: UpdateAgencyInput!) { updateAgency(input: $i) { agency { id name version } } }`;
const CREATE_USER = `mutation($i: CreateUserInput!) { createUser(input: $i) { user { id username displayName } } }`;
const UPDATE_USER = `mutation($i: UpdateUserInput!) { updateUser(input: $i) { user { id displayName version } } }`;
const userInput = (over: Record<string, unknown> = {}) => ({
  unitId: tplaocai,
  username: '080.nguoi-moi', // 080: the unit's code (docs/ACCESS.md, "Usernames")
  displayName: 'Người mới',
  role: 'VIEWER',
  password: 'Mat-khau-du-dai-1',
  ...over,
});

describe('unit codes', () => {
  it.each(['99999', '999', '98', 'XX'])('an unknown well-formed code %j → NOT_FOUND', async (code) => {
    expectCode(await env.gql(UNIT_BY_CODE, { code, on: '2024-05-01' }, national), 'NOT_FOUND');
  });

  it.each(['1', '123456', 'abc', 'vn', '12-34', '1a', '12 34', '', '   ', 'ĐN', '01234567890', "10' or '1'='1"])(
    'a malformed code %j → BAD_USER_INPUT',
    async (code) => {
      expectCode(await env.gql(UNIT_BY_CODE, { code }, national), 'BAD_USER_INPUT');
    },
  );

  it('surrounding blanks are trimmed (a control)', async () => {
    const r = await env.gql(UNIT_BY_CODE, { code: ' 10 ', on: '2024-05-01' }, national);
    expect(r.data!.unitByCode.name).toBe('Tỉnh Lào Cai');
  });

  it.each(['abc', '0', '-3', '1.5', '1e3', '0x10', ' 12', '+5', '1.0', '', '99999999999999999999'])(
    'a malformed unit id %j → BAD_USER_INPUT',
    async (id) => {
      expectCode(await env.gql(`query($id: ID!) { unit(id: $id) { id } }`, { id }, national), 'BAD_USER_INPUT');
    },
  );

  it('an unknown unit id → NOT_FOUND', async () => {
    expectCode(await env.gql(`query($id: ID!) { unit(id: $id) { id } }`, { id: '987654' }, national), 'NOT_FOUND');
  });
});

describe('dates', () => {
  const BAD_DATES = [
    '2024-02-30',
    '30/08/2024',
    '2023-02-29',
    '2024-13-01',
    '2024-00-10',
    '2024-2-3',
    '2024-02-03T00:00:00Z',
    '',
    'hôm nay',
  ];

  it.each(BAD_DATES)('%j as a variable (unitByCode.on) → BAD_USER_INPUT', async (on) => {
    expectCode(await env.gql(UNIT_BY_CODE, { code: '10', on }, national), 'BAD_USER_INPUT');
  });

  it.each(BAD_DATES)('%j as a literal (units.filter.validOn) → BAD_USER_INPUT', async (d) => {
    expectCode(await env.gql(`{ units(filter: { validOn: ${JSON.stringify(d)} }) { totalCount } }`, {}, national), 'BAD_USER_INPUT');
  });

  it.each(BAD_DATES)('%j in children(validOn:) → BAD_USER_INPUT', async (d) => {
    const id = await env.unitId('10');
    expectCode(
      await env.gql(`query($id: ID!, $d: LocalDate) { unit(id: $id) { children(validOn: $d) { totalCount } } }`, { id, d }, national),
      'BAD_USER_INPUT',
    );
  });

  it('a number where a date is expected → BAD_USER_INPUT', async () => {
    expectCode(await env.gql(UNIT_BY_CODE, { code: '10', on: 20240501 }, national), 'BAD_USER_INPUT');
    expectCode(await env.gql(`{ unitByCode(code: "10", on: 20240501) { id } }`, {}, national), 'BAD_USER_INPUT');
  });

  it('29 February of a leap year is a date (a control)', async () => {
    const r = await env.gql(UNIT_BY_CODE, { code: '10', on: '2024-02-29' }, national);
    expect(r.errors).toBeUndefined();
    expect(r.data!.unitByCode.name).toBe('Tỉnh Lào Cai');
  });
});

describe('text is stored NFC', () => {
  it('an agency name sent decomposed (NFD) is stored composed (NFC), byte for byte', async () => {
    const nfc = 'Công an phường Thử Nghiệm';
    const nfd = nfc.normalize('NFD');
    expect(nfd).not.toBe(nfc);
    const r = await env.gql(CREATE_AGENCY, { i: { unitId: tplaocai, name: nfd, sector: 'POLICE' } }, admin);
    expect(r.errors).toBeUndefined();
    expect(r.data!.createAgency.agency.name).toBe(nfc);
    const { rows } = await env.db.query(
      `select name, name = normalize(name, NFC) as is_nfc, name is nfc normalized as nfc_form from agency where id = $1`,
      [r.data!.createAgency.agency.id],
    );
    expect(rows[0].is_nfc).toBe(true);
    expect(rows[0].nfc_form).toBe(true);
    expect(Buffer.from(rows[0].name, 'utf8').equals(Buffer.from(nfc, 'utf8'))).toBe(true);
  });

  it('a display name sent NFD is stored NFC, and an NFD rename too', async () => {
    const r = await env.gql(
      CREATE_USER,
      { i: userInput({ username: '080.nfd-user', displayName: 'Nguyễn Thị Hồng'.normalize('NFD') }) },
      admin,
    );
    expect(r.errors).toBeUndefined();
    const id = r.data!.createUser.user.id;
    let { rows } = await env.db.query(`select display_name from app_user where id = $1`, [id]);
    expect(Buffer.from(rows[0].display_name).equals(Buffer.from('Nguyễn Thị Hồng'))).toBe(true);
    const u = await env.gql(UPDATE_USER, { i: { id, version: 1, displayName: 'Trần Văn Đức'.normalize('NFD') } }, admin);
    expect(u.errors).toBeUndefined();
    ({ rows } = await env.db.query(`select display_name, display_name is nfc normalized as ok from app_user where id = $1`, [id]));
    expect(rows[0]).toEqual({ display_name: 'Trần Văn Đức', ok: true });
  });

  it('no text column in the database holds a non-NFC value after the suite', async () => {
    const { rows } = await env.db.query(`select
      (select count(*)::int from agency where name is not nfc normalized) +
      (select count(*)::int from app_user where display_name is not nfc normalized) +
      (select count(*)::int from api_key where name is not nfc normalized) +
      (select count(*)::int from admin_unit where name is not nfc normalized) as n`);
    expect(rows[0].n).toBe(0);
  });
});

describe('sizes and formats', () => {
  it('an agency name of 301 characters → BAD_USER_INPUT, 300 is accepted', async () => {
    await expectRefusedWrite('BAD_USER_INPUT', CREATE_AGENCY, { i: { unitId: tplaocai, name: 'Ă'.repeat(301), sector: 'OTHER' } });
    const ok = await env.gql(CREATE_AGENCY, { i: { unitId: tplaocai, name: 'Ă'.repeat(300), sector: 'OTHER' } }, admin);
    expect(ok.errors).toBeUndefined();
  });

  it('renaming an agency to 301 characters → BAD_USER_INPUT and the row is unchanged', async () => {
    const { rows } = await env.db.query(`select id, name, version from agency where unit_id = $1 order by name limit 1`, [tplaocai]);
    await expectRefusedWrite('BAD_USER_INPUT', UPDATE_AGENCY, { i: { id: rows[0].id, version: rows[0].version, name: 'x'.repeat(301) } });
    const after = await env.db.query(`select id, name, version from agency where id = $1`, [rows[0].id]);
    expect(after.rows[0]).toEqual(rows[0]);
  });

  it('a displayName of 201 characters → BAD_USER_INPUT, 200 is accepted', async () => {
    await expectRefusedWrite('BAD_USER_INPUT', CREATE_USER, { i: userInput({ username: '080.dai-qua', displayName: 'ư'.repeat(201) }) });
    const ok = await env.gql(CREATE_USER, { i: userInput({ username: '080.dai-vua', displayName: 'ư'.repeat(200) }) }, admin);
    expect(ok.errors).toBeUndefined();
  });

  it.each([
    ['an empty name', ''],
    ['a blank name', '   \t '],
    ['a control character', 'Sở Y tế\u0000'],
    ['a bell character', 'Sở\u0007 Y tế'],
  ])('an agency with %s → BAD_USER_INPUT', async (_label, name) => {
    await expectRefusedWrite('BAD_USER_INPUT', CREATE_AGENCY, { i: { unitId: tplaocai, name, sector: 'OTHER' } });
  });

  it.each(['ab', 'có-dấu', 'with space', '-leading', 'a'.repeat(65), 'semi;colon', ''])(
    'a username %j → BAD_USER_INPUT',
    async (username) => {
      await expectRefusedWrite('BAD_USER_INPUT', CREATE_USER, { i: userInput({ username }) });
    },
  );

  it('a password under 10 characters → BAD_USER_INPUT (and over 200)', async () => {
    await expectRefusedWrite('BAD_USER_INPUT', CREATE_USER, { i: userInput({ username: '080.ngan-mk', password: 'short' }) });
    await expectRefusedWrite('BAD_USER_INPUT', CREATE_USER, { i: userInput({ username: '080.dai-mk', password: 'p'.repeat(201) }) });
  });

  it('an unknown sector → BAD_USER_INPUT (create, update and list filter)', async () => {
    await expectRefusedWrite('BAD_USER_INPUT', CREATE_AGENCY, { i: { unitId: tplaocai, name: 'Cơ quan lạ', sector: 'SPACE_FORCE' } });
    await expectRefusedWrite('BAD_USER_INPUT', CREATE_AGENCY, { i: { unitId: tplaocai, name: 'Cơ quan lạ', sector: 'police' } });
    const { rows } = await env.db.query(`select id, version from agency where unit_id = $1 limit 1`, [tplaocai]);
    await expectRefusedWrite('BAD_USER_INPUT', UPDATE_AGENCY, { i: { id: rows[0].id, version: rows[0].version, sector: 'SPACE_FORCE' } });
    expectCode(
      await env.gql(`query($u: ID!) { agencies(unitId: $u, sector: "SPACE_FORCE") { totalCount } }`, { u: tplaocai }, admin),
      'BAD_USER_INPUT',
    );
  });

  it('an unknown role → BAD_USER_INPUT (variables and literals, users and API keys)', async () => {
    await expectRefusedWrite('BAD_USER_INPUT', CREATE_USER, { i: userInput({ username: '080.vai-tro-la', role: 'SUPERADMIN' }) });
    await expectRefusedWrite('BAD_USER_INPUT', CREATE_USER, { i: userInput({ username: '080.vai-tro-la', role: 'admin' }) });
    await expectRefusedWrite(
      'BAD_USER_INPUT',
      `mutation { createUser(input: { unitId: ${tplaocai}, username: "080.vai-tro-la", displayName: "x", role: ADMINN, password: "Mat-khau-du-dai-1" }) { user { id } } }`,
      {},
    );
    await expectRefusedWrite(
      'BAD_USER_INPUT',
      `mutation($u: ID!) { createApiKey(input: { unitId: $u, name: "k", role: ADMIN }) { secret } }`,
      { u: tplaocai },
    );
    await expectRefusedWrite('BAD_USER_INPUT', `mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { secret } }`, {
      i: { unitId: tplaocai, name: 'k', role: 'OWNER' },
    });
  });

  it('a search text over 100 characters → BAD_USER_INPUT', async () => {
    expectCode(
      await env.gql(`query($s: String) { units(filter: { search: $s }) { totalCount } }`, { s: 'a'.repeat(101) }, national),
      'BAD_USER_INPUT',
    );
  });

  it('a malformed agency, user or API key id → BAD_USER_INPUT naming the field; a well-formed absent one → NOT_FOUND; nothing written', async () => {
    for (const id of ['not-a-uuid', '-'.repeat(36), "1' or '1'='1", 'zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz']) {
      for (const [query, input] of [
        [UPDATE_AGENCY, { id, version: 1, name: 'x' }],
        [UPDATE_USER, { id, version: 1, displayName: 'x' }],
        [`mutation($i: RevokeApiKeyInput!) { revokeApiKey(input: $i) { apiKey { id } } }`, { id }],
      ] as const) {
        const r = await expectRefusedWrite('BAD_USER_INPUT', query, { i: input });
        expect(r.errors![0].extensions!.field).toBe('id');
      }
    }
    await expectRefusedWrite('NOT_FOUND', UPDATE_AGENCY, { i: { id: '00000000-0000-0000-0000-000000000000', version: 1, name: 'x' } });
    await expectRefusedWrite('NOT_FOUND', UPDATE_USER, { i: { id: '00000000-0000-4000-8000-000000000000', version: 1, displayName: 'x' } });
  });

  it('a unitId that is not a unit id → BAD_USER_INPUT, an absent one → NOT_FOUND', async () => {
    await expectRefusedWrite('BAD_USER_INPUT', CREATE_AGENCY, { i: { unitId: 'abc', name: 'Cơ quan', sector: 'OTHER' } });
    await expectRefusedWrite('NOT_FOUND', CREATE_AGENCY, { i: { unitId: '987654', name: 'Cơ quan', sector: 'OTHER' } });
  });
});

describe('pagination arguments', () => {
  it.each([101, 1000, -1, 2147483647])('first: %d → BAD_USER_INPUT', async (first) => {
    expectCode(await env.gql(`query($f: Int) { units(first: $f) { totalCount } }`, { f: first }, national), 'BAD_USER_INPUT');
  });

  it('first: 100 and first: 0 are accepted (controls)', async () => {
    const r100 = await env.gql(`{ units(first: 100) { nodes { id } totalCount } }`, {}, national);
    expect(r100.data!.units.nodes).toHaveLength(100);
    const r0 = await env.gql(`{ units(first: 0) { nodes { id } pageInfo { hasNextPage } totalCount } }`, {}, national);
    expect(r0.data!.units.nodes).toEqual([]);
    expect(r0.data!.units.totalCount).toBe(r100.data!.units.totalCount);
  });

  it.each([
    'garbage',
    '!!!',
    'bnVsbA',
    Buffer.from('[1,2,3]').toString('base64url'),
    Buffer.from('{"a":1}').toString('base64url'),
    Buffer.from('[null,null]').toString('base64url'),
    'x'.repeat(5000),
  ])('after: %j → BAD_USER_INPUT', async (after) => {
    expectCode(await env.gql(`query($a: String) { units(first: 5, after: $a) { totalCount } }`, { a: after }, national), 'BAD_USER_INPUT');
  });

  it('a cursor of another list (other sort keys) → BAD_USER_INPUT', async () => {
    const users = await env.gql(`query($u: ID!) { users(unitId: $u, first: 1) { pageInfo { endCursor } } }`, { u: tplaocai }, admin);
    const cursor = users.data!.users.pageInfo.endCursor;
    expect(cursor).toBeTruthy();
    expectCode(await env.gql(`query($a: String) { units(first: 5, after: $a) { totalCount } }`, { a: cursor }, national), 'BAD_USER_INPUT');
  });

  it('a forged cursor with SQL in it is only data', async () => {
    const forged = Buffer.from(JSON.stringify(["10' or 1=1 --", 1])).toString('base64url');
    const r = await env.gql(`query($a: String) { units(first: 5, after: $a) { nodes { code } } }`, { a: forged }, national);
    // A well-formed cursor with odd values is a position in the list, never an error or an injection.
    expect(r.errors).toBeUndefined();
    for (const n of r.data!.units.nodes) expect(n.code > "10' or 1=1 --").toBe(true);
  });
});

describe('duplicates', () => {
  it('a username already taken → BAD_USER_INPUT, also in other letter case', async () => {
    await expectRefusedWrite('BAD_USER_INPUT', CREATE_USER, { i: userInput({ username: 'tplaocai.viewer' }) });
    await expectRefusedWrite('BAD_USER_INPUT', CREATE_USER, { i: userInput({ username: 'TPLaoCai.Viewer' }) });
    await expectRefusedWrite('BAD_USER_INPUT', CREATE_USER, { i: userInput({ username: '  quocgia.admin ' }) });
  });

  it('an agency name already used in the unit → BAD_USER_INPUT, also NFD vs NFC and with other accents', async () => {
    const name = 'Trạm Y tế phường Đông Hòa';
    const first = await env.gql(CREATE_AGENCY, { i: { unitId: tplaocai, name, sector: 'HEALTH' } }, admin);
    expect(first.errors).toBeUndefined();
    for (const dup of [
      name,
      name.normalize('NFD'),
      `  ${name}  `,
      'trạm y tế phường đông hòa',
      'Trạm Y tế phường Đông Hoà',
      'Tram Y te phuong Dong Hoa',
    ]) {
      await expectRefusedWrite('BAD_USER_INPUT', CREATE_AGENCY, { i: { unitId: tplaocai, name: dup, sector: 'HEALTH' } });
    }
    // The same name in another unit is fine.
    const other = await env.gql(CREATE_AGENCY, { i: { unitId: await env.unitId('02641'), name, sector: 'HEALTH' } }, admin);
    expect(other.errors).toBeUndefined();
  });

  it("renaming an agency onto another agency's name (NFD) → BAD_USER_INPUT, the row is unchanged", async () => {
    const a = await env.gql(CREATE_AGENCY, { i: { unitId: tplaocai, name: 'Phòng Quản lý đô thị', sector: 'ECONOMY_INFRA' } }, admin);
    const b = await env.gql(CREATE_AGENCY, { i: { unitId: tplaocai, name: 'Phòng Kinh tế', sector: 'ECONOMY_INFRA' } }, admin);
    const bId = b.data!.createAgency.agency.id;
    const before = await env.db.query(`select to_jsonb(g) j from agency g where id = $1`, [bId]);
    await expectRefusedWrite('BAD_USER_INPUT', UPDATE_AGENCY, {
      i: { id: bId, version: 1, name: a.data!.createAgency.agency.name.normalize('NFD') },
    });
    const after = await env.db.query(`select to_jsonb(g) j from agency g where id = $1`, [bId]);
    expect(after.rows[0].j).toEqual(before.rows[0].j);
  });
});

/**
 * Every id argument of the plan, derivation and cascade operations: an id of the wrong shape
 * (which no row can have) is the caller's mistake — BAD_USER_INPUT naming the field, never an
 * internal error from a uuid or integer cast in SQL (docs/ACCESS.md, "Ids"). The other arguments
 * are valid and name the caller's own draft, so that the id under test is what answers.
 */
describe('malformed ids in the plan modules', () => {
  let editor: Caller;
  let approver: Caller;
  const own = { plan: '', node: '', target: '', phase: '', milestone: '', nodeVersion: 1, parentIssued: '' };
  const BAD_UUIDS = ['abc', '-'.repeat(36), "1' or '1'='1"];
  const BAD_UNIT_IDS = ['abc', '1e3', '-1'];

  const planCounts = async () =>
    (
      await env.db.query(
        `select (select count(*)::int from plan) p, (select count(*)::int from plan_node) n, (select count(*)::int from plan_target) t,
           (select count(*)::int from plan_target_allocation) a, (select count(*)::int from plan_phase) f, (select count(*)::int from plan_milestone) m,
           (select count(*)::int from plan_legal_basis) b, (select count(*)::int from plan_omission) o, (select count(*)::int from audit_event) e`,
      )
    ).rows[0];

  beforeAll(async () => {
    editor = await env.login('tplaocai.editor');
    approver = await env.login('tplaocai.approver');
    const call = async (name: string, type: string, input: Record<string, unknown>, selection: string) => {
      const r = await env.gql(`mutation($i: ${type}!) { ${name}(input: $i) { ${selection} } }`, { i: input }, editor);
      expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
      return r.data![name];
    };
    own.plan = (await call('createPlan', 'CreatePlanInput', { title: 'Kế hoạch kiểm tra mã' }, 'plan { id }')).plan.id;
    own.node = (
      await call('addNode', 'AddNodeInput', { planId: own.plan, kind: 'SECTION', label: 'I.', text: 'NHIỆM VỤ' }, 'node { id }')
    ).node.id;
    own.target = (
      await call('saveTarget', 'SaveTargetInput', { planId: own.plan, metric: 'số vụ', unitOfMeasure: 'vụ' }, 'target { id }')
    ).target.id;
    own.phase = (await call('savePhase', 'SavePhaseInput', { planId: own.plan, name: 'Giai đoạn 1' }, 'phase { id }')).phase.id;
    own.milestone = (
      await call('saveMilestone', 'SaveMilestoneInput', { planId: own.plan, kind: 'RESULT_REPORT', title: 'Báo cáo' }, 'milestone { id }')
    ).milestone.id;
    const { rows } = await env.db.query(`select id from plan where unit_id = $1 and status = 'ISSUED' limit 1`, [await env.unitId('10')]);
    own.parentIssued = rows[0].id;
  });

  const m = (name: string, type: string, selection = 'plan { id }') => `mutation($i: ${type}!) { ${name}(input: $i) { ${selection} } }`;
  type Case = [
    label: string,
    field: string,
    kind: 'uuid' | 'unit',
    document: string,
    variables: (bad: string) => Record<string, unknown>,
    as?: 'approver',
  ];
  const CASES: Case[] = [
    ['plan(id)', 'id', 'uuid', `query($v: String!) { plan(id: $v) { id } }`, (v) => ({ v })],
    ['planChecks(planId)', 'planId', 'uuid', `query($v: String!) { planChecks(planId: $v) { rule } }`, (v) => ({ v })],
    ['planDiff(planId)', 'planId', 'uuid', `query($v: String!) { planDiff(planId: $v) { plan { id } } }`, (v) => ({ v })],
    [
      'derivationPreview(parentPlanId)',
      'parentPlanId',
      'uuid',
      `query($v: String!) { derivationPreview(parentPlanId: $v) { nodeCount } }`,
      (v) => ({ v }),
    ],
    [
      'derivationPreview(unitId)',
      'unitId',
      'unit',
      `query($p: String!, $v: String) { derivationPreview(parentPlanId: $p, unitId: $v) { nodeCount } }`,
      (v) => ({ p: own.parentIssued, v }),
    ],
    ['plans(filter.unitId)', 'unitId', 'unit', `query($v: ID) { plans(filter: { unitId: $v }) { totalCount } }`, (v) => ({ v })],
    ['createPlan.unitId', 'unitId', 'unit', m('createPlan', 'CreatePlanInput'), (v) => ({ i: { unitId: v, title: 'Kế hoạch' } })],
    [
      'importPlan.unitId',
      'unitId',
      'unit',
      m('importPlan', 'ImportPlanInput'),
      (v) => ({ i: { unitId: v, fileName: 'a.txt', contentBase64: Buffer.from('KẾ HOẠCH\nThử').toString('base64') } }),
    ],
    [
      'updatePlanHeader.planId',
      'planId',
      'uuid',
      m('updatePlanHeader', 'UpdatePlanHeaderInput'),
      (v) => ({ i: { planId: v, version: 1, title: 'T' } }),
    ],
    [
      'setLegalBases.planId',
      'planId',
      'uuid',
      m('setLegalBases', 'SetLegalBasesInput'),
      (v) => ({ i: { planId: v, version: 1, legalBases: [] } }),
    ],
    [
      'setLegalBases.legalBases[0].refPlanId',
      'legalBases[0].refPlanId',
      'uuid',
      m('setLegalBases', 'SetLegalBasesInput'),
      (v) => ({ i: { planId: own.plan, version: 1, legalBases: [{ type: 'PLAN', refPlanId: v }] } }),
    ],
    [
      'addNode.planId',
      'planId',
      'uuid',
      m('addNode', 'AddNodeInput', 'node { id }'),
      (v) => ({ i: { planId: v, kind: 'PARAGRAPH', text: 'x' } }),
    ],
    ...(['parentId', 'afterNodeId'] as const).map(
      (f): Case => [
        `addNode.${f}`,
        f,
        'uuid',
        m('addNode', 'AddNodeInput', 'node { id }'),
        (v) => ({ i: { planId: own.plan, [f]: v, kind: 'PARAGRAPH', text: 'x' } }),
      ],
    ),
    [
      'addNode.task.lead[0].agencyId',
      'task.lead[0].agencyId',
      'uuid',
      m('addNode', 'AddNodeInput', 'node { id }'),
      (v) => ({ i: { planId: own.plan, kind: 'BULLET', text: 'x', task: { lead: [{ name: 'Công an', agencyId: v }] } } }),
    ],
    [
      'addNode.task.timing.phaseId',
      'task.timing.phaseId',
      'uuid',
      m('addNode', 'AddNodeInput', 'node { id }'),
      (v) => ({ i: { planId: own.plan, kind: 'BULLET', text: 'x', task: { timing: { kind: 'DURING_PHASE', phaseId: v } } } }),
    ],
    ...(['updateNode', 'moveNode', 'deleteNode'] as const).map(
      (op): Case => [
        `${op}.nodeId`,
        'nodeId',
        'uuid',
        m(op, `${op[0].toUpperCase()}${op.slice(1)}Input`),
        (v) => ({ i: { nodeId: v, version: 1 } }),
      ],
    ),
    [
      'moveNode.parentId',
      'parentId',
      'uuid',
      m('moveNode', 'MoveNodeInput'),
      (v) => ({ i: { nodeId: own.node, version: 1, parentId: v } }),
    ],
    ...(
      [
        ['planId', (v: string) => ({ planId: v })],
        ['targetId', (v: string) => ({ planId: own.plan, targetId: v, version: 1 })],
        ['nodeId', (v: string) => ({ planId: own.plan, nodeId: v })],
        ['phaseId', (v: string) => ({ planId: own.plan, phaseId: v })],
        ['responsible.agencyId', (v: string) => ({ planId: own.plan, responsible: { name: 'Công an', agencyId: v } })],
        [
          'allocations[0].agencyId',
          (v: string) => ({ planId: own.plan, value: 1, allocations: [{ assignee: 'Công an', agencyId: v, value: 1 }] }),
        ],
      ] as const
    ).map(
      ([f, input]): Case => [
        `saveTarget.${f}`,
        f,
        'uuid',
        m('saveTarget', 'SaveTargetInput', 'target { id }'),
        (v) => ({ i: { metric: 'số vụ', unitOfMeasure: 'vụ', ...input(v) } }),
      ],
    ),
    [
      'saveTarget.allocations[0].unitId',
      'allocations[0].unitId',
      'unit',
      m('saveTarget', 'SaveTargetInput', 'target { id }'),
      (v) => ({
        i: { planId: own.plan, metric: 'số vụ', unitOfMeasure: 'vụ', value: 1, allocations: [{ assignee: 'Phường', unitId: v, value: 1 }] },
      }),
    ],
    ...(
      [
        ['savePhase', 'SavePhaseInput', 'phase', 'phaseId', { name: 'Giai đoạn' }],
        ['saveMilestone', 'SaveMilestoneInput', 'milestone', 'milestoneId', { kind: 'RESULT_REPORT', title: 'Báo cáo' }],
      ] as const
    ).flatMap(([op, type, out, idField, extra]): Case[] => [
      [`${op}.planId`, 'planId', 'uuid', m(op, type, `${out} { id }`), (v) => ({ i: { planId: v, ...extra } })],
      [
        `${op}.${idField}`,
        idField,
        'uuid',
        m(op, type, `${out} { id }`),
        (v) => ({ i: { planId: own.plan, [idField]: v, version: 1, ...extra } }),
      ],
      [`${op}.nodeId`, 'nodeId', 'uuid', m(op, type, `${out} { id }`), (v) => ({ i: { planId: own.plan, nodeId: v, ...extra } })],
    ]),
    ...(['deleteTarget', 'deletePhase', 'deleteMilestone'] as const).map(
      (op): Case => [`${op}.id`, 'id', 'uuid', m(op, 'DeletePlanPartInput', 'deletedId'), (v) => ({ i: { id: v, version: 1 } })],
    ),
    ...(['submitPlanForReview', 'returnPlanToDraft'] as const).map(
      (op): Case => [`${op}.planId`, 'planId', 'uuid', m(op, 'PlanTransitionInput'), (v) => ({ i: { planId: v, version: 1 } })],
    ),
    [
      'issuePlan.planId',
      'planId',
      'uuid',
      m('issuePlan', 'IssuePlanInput'),
      (v) => ({ i: { planId: v, version: 1, issuedDate: '2024-09-01' } }),
      'approver',
    ],
    [
      'revokePlan.planId',
      'planId',
      'uuid',
      m('revokePlan', 'PlanTransitionInput'),
      (v) => ({ i: { planId: v, version: 1, reason: 'x' } }),
      'approver',
    ],
    ['amendPlan.planId', 'planId', 'uuid', m('amendPlan', 'AmendPlanInput'), (v) => ({ i: { planId: v } })],
    ['derivePlan.parentPlanId', 'parentPlanId', 'uuid', m('derivePlan', 'DerivePlanInput'), (v) => ({ i: { parentPlanId: v } })],
    [
      'derivePlan.unitId',
      'unitId',
      'unit',
      m('derivePlan', 'DerivePlanInput'),
      (v) => ({ i: { parentPlanId: own.parentIssued, unitId: v } }),
    ],
    [
      'setOmissionReason.planId',
      'planId',
      'uuid',
      m('setOmissionReason', 'SetOmissionReasonInput'),
      (v) => ({ i: { planId: v, sourceNodeId: own.node, reason: 'x' } }),
    ],
    [
      'setOmissionReason.sourceNodeId',
      'sourceNodeId',
      'uuid',
      m('setOmissionReason', 'SetOmissionReasonInput'),
      (v) => ({ i: { planId: own.plan, sourceNodeId: v, reason: 'x' } }),
    ],
    ...(['take', 'decline'] as const).flatMap((what): Case[] => [
      [
        `${what}UpstreamChange.planId`,
        'planId',
        'uuid',
        m(`${what}UpstreamChange`, 'UpstreamDecisionInput'),
        (v) => ({ i: { planId: v, upstreamNodeId: own.node } }),
      ],
      [
        `${what}UpstreamChange.upstreamNodeId`,
        'upstreamNodeId',
        'uuid',
        m(`${what}UpstreamChange`, 'UpstreamDecisionInput'),
        (v) => ({ i: { planId: own.plan, upstreamNodeId: v } }),
      ],
    ]),
  ];

  it.each(CASES)('%s → BAD_USER_INPUT naming %s, nothing written', async (_label, field, kind, document, variables, as) => {
    for (const bad of kind === 'uuid' ? BAD_UUIDS : BAD_UNIT_IDS) {
      const before = await planCounts();
      const r = await env.gql(document, variables(bad), as === 'approver' ? approver : editor);
      expectCode(r, 'BAD_USER_INPUT');
      expect(r.errors![0].extensions!.field, `${bad}: ${r.errors![0].message}`).toBe(field);
      expect(await planCounts()).toEqual(before);
    }
  });

  it('a valid request on the same fixtures succeeds (a control)', async () => {
    const r = await env.gql(
      m('saveTarget', 'SaveTargetInput', 'target { id allocations { unitId } }'),
      {
        i: {
          planId: own.plan,
          metric: 'số vụ',
          unitOfMeasure: 'vụ',
          value: 1,
          allocations: [{ assignee: 'Phường Lào Cai', unitId: String(await env.unitId('02641')), value: 1 }],
        },
      },
      editor,
    );
    expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
    expect(r.data!.saveTarget.target.allocations).toEqual([{ unitId: String(await env.unitId('02641')) }]);
  });
});
