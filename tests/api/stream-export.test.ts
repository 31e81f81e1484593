import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type Caller, type TestEnv } from '../support/env.js';

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(async () => {
  await env?.stop();
});

async function stream(unitId: number | string, as?: Caller, query = '') {
  const headers: Record<string, string> = {};
  if (as?.token) headers.authorization = `Bearer ${as.token}`;
  if (as?.apiKey) headers.authorization = `ApiKey ${as.apiKey}`;
  return fetch(`${env.url}/api/export/plans.ndjson?unitId=${unitId}${query}`, { headers });
}
const lines = async (res: Response) =>
  (await res.text())
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));

describe('GET /api/export/plans.ndjson', () => {
  it('streams every issued plan of the unit and below, whole, one per line', async () => {
    const vn = await env.unitId('VN');
    const res = await stream(vn, await env.login('quocgia.viewer'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/x-ndjson/);
    const plans = await lines(res);
    // The seed plans and the demo plans of seven Lào Cai districts.
    expect(plans.map((p) => p.unit.name).sort()).toEqual([
      'Huyện Bảo Thắng',
      'Huyện Bảo Yên',
      'Huyện Bắc Hà',
      'Huyện Mường Khương',
      'Huyện Si Ma Cai',
      'Huyện Văn Bàn',
      'Phường Pleiku',
      'Thị xã Sa Pa',
      'Tỉnh Bắc Giang',
      'Tỉnh Gia Lai',
      'Tỉnh Lào Cai',
      'Xã Dương Quang',
    ]);
    const laoCai = plans.find((p) => p.unit.code === '10');
    const { rows } = await env.db.query(`select count(*)::int n from plan_node where plan_id = $1`, [laoCai.id]);
    expect(laoCai.nodes).toHaveLength(rows[0].n);
    expect(laoCai.targets.find((t: any) => t.value === 160).allocations).toHaveLength(9);
    expect(laoCai.status).toBe('ISSUED');
    expect(plans.every((p) => p.status === 'ISSUED')).toBe(true); // the city's draft is not exported
  });

  it('keeps to what the caller may read, and answers API keys', async () => {
    const admin = await env.login('gialai.admin');
    const key = await env.gql(
      `mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { secret } }`,
      { i: { unitId: String(await env.unitId('52', '2025-07-01')), name: 'Cổng dữ liệu tỉnh' } },
      admin,
    );
    const res = await stream(await env.unitId('52', '2025-07-01'), { apiKey: key.data!.createApiKey.secret });
    expect((await lines(res)).map((p) => p.unit.name).sort()).toEqual(['Phường Pleiku', 'Tỉnh Gia Lai']);
    // The export covers the asked unit and below: a ward asking for itself gets its own plans.
    const ward = await stream(await env.unitId('23575', '2025-07-01'), await env.login('pleiku.viewer'));
    expect((await lines(ward)).map((p) => p.unit.name)).toEqual(['Phường Pleiku']);
    expect((await stream(await env.unitId('10'), await env.login('gialai.viewer'))).status).toBe(404);
    expect((await stream(await env.unitId('10'))).status).toBe(401);
    expect((await stream('abc', await env.login('gialai.viewer'))).status).toBe(400);
  });
});

describe('links to plans out of sight', () => {
  const m = (name: string, type: string) => `mutation($i: ${type}!) { ${name}(input: $i) { plan { id } } }`;
  async function run(who: string, name: string, type: string, input: Record<string, unknown>): Promise<string> {
    const r = await env.gql(m(name, type), { i: input }, await env.login(who));
    expect(r.errors, `${name}: ${JSON.stringify(r.errors)}`).toBeUndefined();
    return r.data![name].plan.id;
  }
  const version = async (id: string) => (await env.db.query(`select version from plan where id = $1`, [id])).rows[0].version as number;
  async function issue(unit: string, id: string) {
    await run(`${unit}.editor`, 'submitPlanForReview', 'PlanTransitionInput', { planId: id, version: await version(id) });
    await run(`${unit}.approver`, 'issuePlan', 'IssuePlanInput', {
      planId: id,
      version: await version(id),
      issuedDate: '2025-05-01',
      signature: { signerName: 'Người ký thử' },
    });
  }

  it('a city plan derived from a province plan revoked since names neither the plan nor its nodes to the city; the province sees them', async () => {
    const province = await run('laocai.editor', 'createPlan', 'CreatePlanInput', { title: 'Kế hoạch tỉnh sẽ thu hồi' });
    await env.gql(
      `mutation($i: AddNodeInput!) { addNode(input: $i) { node { id } } }`,
      { i: { planId: province, kind: 'SECTION', label: 'I.', text: 'NHIỆM VỤ CHUNG' } },
      await env.login('laocai.editor'),
    );
    await issue('laocai', province);
    const city = await run('tplaocai.editor', 'derivePlan', 'DerivePlanInput', { parentPlanId: province });
    await issue('tplaocai', city);
    await run('laocai.approver', 'revokePlan', 'PlanTransitionInput', {
      planId: province,
      version: await version(province),
      reason: 'Thu hồi',
    });

    const cityLine = (await lines(await stream(await env.unitId('080'), await env.login('tplaocai.viewer')))).find((p) => p.id === city);
    expect(cityLine.parentPlanId).toBeNull();
    expect(cityLine.legalBases.map((b: { refPlanId: string | null }) => b.refPlanId)).not.toContain(province);
    expect(cityLine.nodes.length).toBeGreaterThan(0);
    expect(cityLine.nodes.every((n: { derivedFromNodeId: string | null }) => n.derivedFromNodeId === null)).toBe(true);
    expect(JSON.stringify(cityLine)).not.toContain(province);

    const seenAbove = (await lines(await stream(await env.unitId('10'), await env.login('laocai.viewer')))).find((p) => p.id === city);
    expect(seenAbove.parentPlanId).toBe(province);
    expect(seenAbove.legalBases.map((b: { refPlanId: string | null }) => b.refPlanId)).toContain(province);
    expect(seenAbove.nodes.some((n: { derivedFromNodeId: string | null }) => n.derivedFromNodeId !== null)).toBe(true);
  });
});
