import { type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../api/src/seed/demo.seed.js';
import { PortalSession } from '../support/browser.js';
import { type Caller, type TestEnv } from '../support/env.js';
import { planCalls } from '../support/plan-calls.js';

/**
 * The cascade in Chromium against the real server, at 1366×768, after the 2025 reform (a ward's
 * parent is the province): Tỉnh Gia Lai issues a plan; Phường Pleiku's editor derives the ward's
 * plan through the wizard, adapts one task and omits another with a reason, and the ward issues it
 * on time; the province follows the cascade, the matrix and the targets, and reads the ward's diff;
 * a sibling ward sees only itself; after the province amends its plan, the sibling takes and
 * declines the upstream changes. Editing the plan body and the lifecycle belong to the plans
 * screens, so those steps go through the API here. Screenshots to tests/artifacts/screens/.
 */

const REFORM = '2025-07-01';

let env: TestEnv;
const portal = new PortalSession({ timeout: 20_000, acceptDownloads: false });
const newPage = () => portal.newPage();
const signIn = (page: Page, username: string) => portal.signIn(page, username);
const shot = (page: Page, name: string, fullPage = false) => portal.shot(page, name, { fullPage, settleMs: 400 });
const who: Record<string, Caller> = {};
let P: string; // the province plan
let planTitle: string;
const parentNodes: Record<string, string> = {};
let pleikuUnit: number;
let sibling: { id: number; name: string };

const { ok, issue } = planCalls(() => env, { signerName: 'Chủ tịch' });
const nodesOf = async (as: Caller, planId: string) =>
  (await env.gql(`query($id: String!) { plan(id: $id) { nodes { id version text derivedFromNodeId } } }`, { id: planId }, as)).data!.plan
    .nodes as {
    id: string;
    version: number;
    text: string;
    derivedFromNodeId: string | null;
  }[];
const derivedFrom = (nodes: Awaited<ReturnType<typeof nodesOf>>, key: string) =>
  nodes.find((n) => n.derivedFromNodeId === parentNodes[key])!;
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

beforeAll(async () => {
  env = await portal.start();
  for (const k of ['gialai.editor', 'gialai.approver', 'gialai.admin', 'pleiku.editor', 'pleiku.approver']) who[k] = await env.login(k);

  // A sibling ward of Phường Pleiku with its own editor.
  const province = await env.unitId('52', REFORM);
  pleikuUnit = await env.unitId('23575', REFORM);
  const { rows } = await env.db.query(`select id, name from admin_unit where parent_id = $1 and id <> $2 order by code limit 1`, [
    province,
    pleikuUnit,
  ]);
  sibling = rows[0];
  await ok(
    who['gialai.admin'],
    'createUser',
    'CreateUserInput',
    {
      unitId: String(sibling.id),
      username: '52.langgieng.editor',
      displayName: `Biên tập ${sibling.name}`,
      role: 'EDITOR',
      password: DEMO_PASSWORD,
    },
    'user { id }',
  );
  who['langgieng.editor'] = await env.login('52.langgieng.editor');

  // The province plan: three tasks, a target allocated to the two wards, plans due in a month.
  const e = who['gialai.editor'];
  planTitle = 'Cao điểm tấn công, trấn áp tội phạm về ma túy trên địa bàn tỉnh Gia Lai';
  const p = await ok(e, 'createPlan', 'CreatePlanInput', { title: planTitle }, 'plan { id version }');
  P = p.plan.id;
  await ok(
    e,
    'updatePlanHeader',
    'UpdatePlanHeaderInput',
    { planId: P, version: p.plan.version, submissionDeadline: inDays(30) },
    'plan { id }',
  );
  const s = await ok(e, 'addNode', 'AddNodeInput', { planId: P, kind: 'SECTION', label: 'I.', text: 'NHIỆM VỤ, GIẢI PHÁP' }, 'node { id }');
  parentNodes.section = s.node.id;
  let after: string | null = null;
  for (const [key, text, lead] of [
    [
      'police',
      'Công an tỉnh chủ trì đấu tranh, triệt xóa các điểm bán lẻ trái phép chất ma túy',
      { name: 'Công an tỉnh', sector: 'POLICE' },
    ],
    ['health', 'Sở Y tế chủ trì xác định tình trạng nghiện cho người sử dụng ma túy trong tháng 10', { name: 'Sở Y tế', sector: 'HEALTH' }],
    ['customs', 'Cục Hải quan tỉnh kiểm soát tiền chất tại cửa khẩu', { name: 'Cục Hải quan tỉnh', sector: 'CUSTOMS' }],
  ] as const) {
    const n: { node: { id: string } } = await ok(
      e,
      'addNode',
      'AddNodeInput',
      {
        planId: P,
        parentId: s.node.id,
        afterNodeId: after,
        kind: 'BULLET',
        label: '-',
        text,
        task: { lead: [lead], timing: { kind: 'RECURRING', recurring: true, text: 'thường xuyên' } },
      },
      'node { id }',
    );
    parentNodes[key] = n.node.id;
    after = n.node.id;
  }
  await ok(
    e,
    'saveTarget',
    'SaveTargetInput',
    {
      planId: P,
      metric: 'số vụ phát hiện, bắt giữ tội phạm về ma túy',
      unitOfMeasure: 'vụ',
      value: 30,
      responsible: { name: 'UBND các xã, phường', subordinateCommittees: true },
      allocations: [
        { assignee: 'phường Pleiku', unitId: String(pleikuUnit), value: 12 },
        { assignee: sibling.name, unitId: String(sibling.id), value: 18 },
      ],
    },
    'target { id }',
  );
  await issue(e, who['gialai.approver'], P);
});

afterAll(async () => {
  await portal.stop();
});

describe('derivation and cascade in the portal', () => {
  let wardPlan: string;

  it('lets a ward editor derive the ward plan through the wizard, once, seeing the agency mapping first', async () => {
    const page = await newPage();
    await signIn(page, 'pleiku.editor');
    await page.locator('.ant-layout-sider').getByText('Kế hoạch cấp trên', { exact: true }).click();
    await page.getByRole('heading', { name: 'Kế hoạch của cấp trên' }).waitFor();
    const row = page.getByRole('row', { name: new RegExp(planTitle) });
    await row.getByRole('button', { name: /Xây dựng kế hoạch/ }).click();

    // 1. The parent plan.
    await page.getByRole('heading', { name: 'Xây dựng kế hoạch từ kế hoạch cấp trên' }).waitFor();
    await page.getByText(planTitle, { exact: true }).waitFor();
    await page.getByText('Tỉnh Gia Lai', { exact: true }).first().waitFor();
    await page
      .getByText(/còn \d+ ngày/)
      .first()
      .waitFor();
    await shot(page, 'cascade-01-wizard-parent');

    // 2. The preview: mapped agencies, the unmatched one flagged, the allocated target.
    await page.getByRole('button', { name: /Tiếp tục/ }).click();
    await page.getByText('Chuyển giao cơ quan thực hiện').waitFor();
    await page.getByRole('row', { name: /Công an tỉnh.*Công an phường Pleiku/ }).waitFor();
    await page.getByRole('row', { name: /Sở Y tế.*Trạm Y tế phường Pleiku/ }).waitFor();
    const customs = page.getByRole('row', { name: /Cục Hải quan tỉnh/ });
    await customs.getByText('Chưa có cơ quan tương ứng').waitFor();
    expect(await customs.getAttribute('class')).toContain('mapping-unmatched');
    await page.getByText('1 cơ quan chưa có cơ quan tương ứng').waitFor();
    await page.getByRole('row', { name: /số vụ phát hiện, bắt giữ tội phạm về ma túy.*12 vụ.*Phân bổ cho đơn vị/ }).waitFor();
    await page.getByText('trên địa bàn phường Pleiku', { exact: false }).first().waitFor();
    expect(await env.db.query(`select 1 from plan where parent_plan_id = $1`, [P]).then((r) => r.rowCount)).toBe(0);
    await shot(page, 'cascade-02-wizard-preview', true);

    // 3. Create: a double click still makes one plan, and the new draft opens.
    await page.getByRole('button', { name: /Tiếp tục/ }).click();
    await page.getByRole('button', { name: /Tạo dự thảo kế hoạch/ }).dblclick();
    await page.waitForURL(/\/plans\/[0-9a-f-]{36}$/);
    wardPlan = page.url().split('/').pop()!;
    const { rows } = await env.db.query(`select id, status from plan where parent_plan_id = $1`, [P]);
    expect(rows).toEqual([{ id: wardPlan, status: 'DRAFT' }]);

    // Back in the wizard, its first step says the unit has its plan already (issue 14: it said so
    // only one step later) and points to it instead of creating another.
    await page.goto(`${env.url}/derive/${P}`);
    await page.getByText('Đơn vị đã xây dựng kế hoạch từ kế hoạch này').waitFor();
    expect(await page.getByRole('button', { name: /Tiếp tục/ }).isDisabled()).toBe(true);
  });

  it('shows the ward its adaptations and lets it reword an omission reason, then the ward issues on time', async () => {
    const editor = who['pleiku.editor'];
    const nodes = await nodesOf(editor, wardPlan);
    const police = derivedFrom(nodes, 'police');
    expect(police.text).toContain('Công an phường Pleiku');
    await ok(
      editor,
      'updateNode',
      'UpdateNodeInput',
      { nodeId: police.id, version: police.version, text: `${police.text} tại các trường học và khu trọ` },
      'node { id }',
    );
    const customs = derivedFrom(nodes, 'customs');
    await ok(
      editor,
      'omitNode',
      'OmitNodeInput',
      { nodeId: customs.id, version: customs.version, reason: 'Không có cửa khẩu' },
      'node { id }',
    );

    const page = await newPage();
    await signIn(page, 'pleiku.editor');
    await page.goto(`${env.url}/plans/${wardPlan}/diff`);
    await page.getByRole('heading', { name: 'So sánh với kế hoạch cấp trên' }).waitFor();
    const adapted = page.locator('[data-status="ADAPTED"]');
    await adapted.locator('ins', { hasText: 'tại các trường học và khu trọ' }).waitFor();
    const omitted = page.locator('[data-status="OMITTED"]');
    await omitted.getByText('Cục Hải quan tỉnh kiểm soát tiền chất tại cửa khẩu').waitFor();
    await omitted.getByRole('button', { name: 'Sửa lý do' }).click();
    await omitted.getByLabel('Lý do lược bỏ').fill('Phường không có cửa khẩu, không có lực lượng Hải quan');
    await omitted.getByRole('button', { name: 'Lưu lý do' }).click();
    await omitted.getByText('Phường không có cửa khẩu, không có lực lượng Hải quan').waitFor();
    await page.locator('.ant-segmented-item', { hasText: 'Khác cấp trên (2)' }).click();
    expect(await page.locator('.plan-diff-entry').count()).toBe(2);
    await shot(page, 'cascade-03-diff-editor');

    await issue(editor, who['pleiku.approver'], wardPlan);
  });

  it('shows the province the ward on time, the task matrix, the targets and the ward diff read-only', async () => {
    const page = await newPage();
    await signIn(page, 'gialai.viewer');
    await page.locator('.ant-layout-sider').getByText('Theo dõi cấp dưới', { exact: true }).click();
    await page.getByRole('heading', { name: 'Theo dõi kế hoạch cấp dưới' }).waitFor();
    await page
      .getByRole('row', { name: new RegExp(planTitle) })
      .getByRole('button', { name: /Theo dõi cấp dưới/ })
      .click();
    await page.waitForURL(new RegExp(`/plans/${P}/cascade`));

    const summary = page.getByTestId('cascade-summary');
    const units = Number(await summary.getByTestId('summary-units').textContent());
    expect(units).toBeGreaterThan(100); // every ward and commune of Gia Lai
    await summary.getByTestId('summary-compliance-ON_TIME').getByText('1').waitFor();
    await page
      .getByRole('row', { name: /Quy Nhơn|Phường|Xã/ })
      .first()
      .waitFor();
    await shot(page, 'cascade-04-dashboard');

    // Filter on time: only the ward, issued, with its coverage and target.
    await summary.getByTestId('summary-compliance-ON_TIME').click();
    const wardRow = page.getByRole('row', { name: /Phường Pleiku/ });
    await wardRow.waitFor();
    await expect.poll(() => page.locator('.ant-table-tbody .ant-table-row').count()).toBe(1);
    await wardRow.getByText('Đã ban hành').waitFor();
    await wardRow.locator('[data-compliance="ON_TIME"]').getByText('Đúng hạn').waitFor();
    await wardRow.getByText('2/3 nhiệm vụ (67%)').waitFor();
    await wardRow.getByText('12/12 vụ').waitFor();
    expect(page.url()).toContain('compliance=ON_TIME');
    await shot(page, 'cascade-05-table-on-time');

    // The matrix, a page of units at a time: find the ward's column.
    await page.getByRole('tab', { name: 'Ma trận nhiệm vụ' }).click();
    const matrix = page.getByTestId('coverage-matrix');
    await matrix.waitFor();
    expect(await matrix.locator('tbody tr').count()).toBe(3);
    await page.getByText(/Đơn vị 1–20 \/ \d+ · 3 nhiệm vụ/).waitFor();
    let column = -1;
    const firstUnit = () => matrix.locator('thead th').nth(1).getAttribute('title');
    for (let i = 0; i < 10 && column < 0; i++) {
      const titles = await matrix.locator('thead th').evaluateAll((ths) => ths.map((th) => th.getAttribute('title') ?? ''));
      column = titles.findIndex((t) => t.startsWith('Phường Pleiku'));
      if (column < 0) {
        const before = await firstUnit();
        await page.getByRole('button', { name: /Sau/ }).click();
        await expect.poll(firstUnit).not.toBe(before);
      }
    }
    expect(column).toBeGreaterThan(0);
    const cells = await matrix
      .locator('tbody tr')
      .evaluateAll((trs, c) => trs.map((tr) => tr.children[c].getAttribute('data-status')), column);
    expect(cells).toEqual(['ADAPTED', 'INHERITED', 'OMITTED']);
    await shot(page, 'cascade-06-matrix');

    // Targets: the total, the allocations and the wards' own targets, with charts.
    await page.getByRole('tab', { name: 'Chỉ tiêu' }).click();
    const targets = page.getByTestId('targets-table');
    await targets.getByRole('row', { name: /số vụ phát hiện, bắt giữ tội phạm về ma túy.*30.*30.*Khớp tổng.*12/ }).waitFor();
    await page.getByTestId('chart-rollup').locator('canvas').first().waitFor();
    await page.getByTestId('chart-per-unit').locator('canvas').first().waitFor();
    await shot(page, 'cascade-07-targets-charts');

    // Drill down to the ward's diff: the adapted words and the omission reason, nothing to edit.
    await page.getByRole('tab', { name: 'Đơn vị cấp dưới' }).click();
    await wardRow.getByRole('button', { name: /So sánh/ }).click();
    await page.waitForURL(/\/diff$/);
    await page.locator('[data-status="ADAPTED"] ins', { hasText: 'tại các trường học và khu trọ' }).waitFor();
    await page.locator('[data-status="OMITTED"]').getByText('Phường không có cửa khẩu, không có lực lượng Hải quan').waitFor();
    expect(await page.getByRole('button', { name: 'Sửa lý do' }).count()).toBe(0);
    await shot(page, 'cascade-08-diff-superior');
  });

  it("shows a sibling ward only its own row, and nothing of the other ward's plan", async () => {
    const siblingPlan = (await ok(who['langgieng.editor'], 'derivePlan', 'DerivePlanInput', { parentPlanId: P }, 'plan { id }')).plan.id;
    const page = await newPage();
    await signIn(page, '52.langgieng.editor');
    await page.goto(`${env.url}/plans/${P}/cascade`);
    await page.getByRole('row', { name: new RegExp(sibling.name) }).waitFor();
    await expect.poll(() => page.locator('.ant-table-tbody .ant-table-row').count()).toBe(1);
    expect(await page.getByTestId('summary-units').textContent()).toBe('1');
    expect(await page.getByText('Phường Pleiku').count()).toBe(0);
    // A ward has no subordinates: no cascade entry in its menu.
    expect(await page.locator('.ant-layout-sider').getByText('Theo dõi cấp dưới', { exact: true }).count()).toBe(0);

    await page.goto(`${env.url}/plans/${wardPlan}/diff`);
    await page.getByRole('alert').getByText('Không tìm thấy dữ liệu').waitFor();
    await page.goto(`${env.url}/plans/${wardPlan}/cascade`);
    await page.getByRole('alert').getByText('Không tìm thấy dữ liệu').waitFor();
    expect(siblingPlan).toBeTruthy();
  });

  it('lets the sibling take an added upstream change and see a conflict on adapted words, then decline it with a reason', async () => {
    const ed = who['langgieng.editor'];
    const { rows } = await env.db.query(`select id from plan where parent_plan_id = $1 and unit_id = $2`, [P, sibling.id]);
    const siblingPlan = rows[0].id as string;
    // The sibling adapts the health task on the very words the province will change.
    const health = derivedFrom(await nodesOf(ed, siblingPlan), 'health');
    await ok(
      ed,
      'updateNode',
      'UpdateNodeInput',
      { nodeId: health.id, version: health.version, text: health.text.replace('tháng 10', 'tháng 9') },
      'node { id }',
    );

    // The province amends its plan: changes the health task, adds a task.
    const pe = who['gialai.editor'];
    const v2 = (await ok(pe, 'amendPlan', 'AmendPlanInput', { planId: P }, 'plan { id }')).plan.id as string;
    const v2nodes = (
      await env.db.query(`select id, version, text, previous_version_node_id as prev from plan_node where plan_id = $1`, [v2])
    ).rows;
    const v2Of = (key: string) => v2nodes.find((n) => n.prev === parentNodes[key]);
    await ok(
      pe,
      'updateNode',
      'UpdateNodeInput',
      { nodeId: v2Of('health').id, version: v2Of('health').version, text: v2Of('health').text.replace('tháng 10', 'tháng 11') },
      'node { id }',
    );
    await ok(
      pe,
      'addNode',
      'AddNodeInput',
      {
        planId: v2,
        parentId: v2Of('section').id,
        afterNodeId: v2Of('customs').id,
        kind: 'BULLET',
        label: '-',
        text: 'Kiểm tra đột xuất các cơ sở kinh doanh karaoke, quán bar',
      },
      'node { id }',
    );
    await issue(pe, who['gialai.approver'], v2);

    const page = await newPage();
    await signIn(page, '52.langgieng.editor');
    await page.goto(`${env.url}/plans/${siblingPlan}/upstream`);
    await page.getByText('2 thay đổi từ kế hoạch cấp trên').waitFor();
    const added = page.locator('.upstream-card[data-kind="ADDED"]');
    const modified = page.locator('.upstream-card[data-kind="MODIFIED"]');
    await modified.locator('del', { hasText: '10' }).waitFor();
    await modified.locator('ins', { hasText: '11' }).waitFor();
    await modified.getByText(/tháng 9/).waitFor(); // the ward's own node concerned
    await shot(page, 'cascade-09-upstream', true);

    await added.getByRole('button', { name: /Áp dụng$/ }).click();
    await page.getByText('Đã quyết định (1)').waitFor();
    await page.locator('.upstream-card[data-kind="ADDED"]').getByText('Đã áp dụng').waitFor();

    await modified.getByRole('button', { name: /Áp dụng$/ }).click();
    await modified.getByText('Không áp dụng tự động được: chưa có gì bị thay đổi').waitFor();
    await modified.getByText('Nội dung của đơn vị', { exact: true }).first().waitFor();
    await shot(page, 'cascade-10-upstream-conflict', true);
    const siblingText = (await nodesOf(ed, siblingPlan)).find((n) => n.id === health.id)!.text;
    expect(siblingText).toContain('tháng 9');

    await modified.getByRole('button', { name: /Không áp dụng$/ }).click();
    await modified.getByLabel('Lý do không áp dụng').fill('Phường đã tổ chức xác định tình trạng nghiện trong tháng 9');
    await modified.getByRole('button', { name: 'Xác nhận không áp dụng' }).click();
    // Every change decided: the plan now follows the amended version.
    await page.getByText(/Kế hoạch đang theo bản mới nhất của kế hoạch cấp trên/).waitFor();
    const texts = (await nodesOf(ed, siblingPlan)).map((n) => n.text);
    expect(texts).toContain('Kiểm tra đột xuất các cơ sở kinh doanh karaoke, quán bar');
    const decision = await env.db.query(`select decision, reason from plan_upstream_decision where plan_id = $1 order by decision`, [
      siblingPlan,
    ]);
    expect(decision.rows).toEqual([
      { decision: 'DECLINED', reason: 'Phường đã tổ chức xác định tình trạng nghiện trong tháng 9' },
      { decision: 'TAKEN', reason: null },
    ]);
  });
});
