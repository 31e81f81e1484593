import { type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PortalSession } from '../support/browser.js';
import { type Caller, type TestEnv } from '../support/env.js';
import { planCalls } from '../support/plan-calls.js';

/**
 * Omission in Chromium against the real server (docs/DESIGN.md §4): in the ward's plan derived
 * from the province's, the editor omits an inherited task with a reason ("Bỏ qua", not a trash
 * icon), sees it greyed and struck with "Đã bỏ qua: <lý do>", and restores it; the ward's own
 * node keeps its delete. The province plan and the derivation go through the API.
 */

const REFORM = '2025-07-01';

let env: TestEnv;
const portal = new PortalSession({ timeout: 20_000, acceptDownloads: false });
const signIn = (page: Page, username: string) => portal.signIn(page, username);
const shot = (page: Page, name: string) => portal.shot(page, name, { settleMs: 400 });
const who: Record<string, Caller> = {};
let wardPlan: string;

const { ok, planVersion: version } = planCalls(() => env);
const provenanceOf = async (label: string) => {
  const r = await env.gql(
    `query($id: String!) { plan(id: $id) { nodes { label provenance omission { reason } } } }`,
    { id: wardPlan },
    who['pleiku.editor'],
  );
  return (r.data!.plan.nodes as { label: string; provenance: string; omission: { reason: string } | null }[]).find(
    (n) => n.label === label,
  )!;
};

beforeAll(async () => {
  env = await portal.start();
  for (const k of ['gialai.editor', 'gialai.approver', 'pleiku.editor']) who[k] = await env.login(k);
  const e = who['gialai.editor'];
  const p = await ok(e, 'createPlan', 'CreatePlanInput', { title: 'Kế hoạch bỏ qua nhiệm vụ trên địa bàn tỉnh Gia Lai' }, 'plan { id }');
  const P = p.plan.id as string;
  const s = await ok(e, 'addNode', 'AddNodeInput', { planId: P, kind: 'SECTION', label: 'I.', text: 'NHIỆM VỤ, GIẢI PHÁP' }, 'node { id }');
  const police = await ok(
    e,
    'addNode',
    'AddNodeInput',
    {
      planId: P,
      parentId: s.node.id,
      kind: 'ITEM',
      label: '1.',
      text: 'Công an tỉnh chủ trì đấu tranh, triệt xóa các điểm bán lẻ trái phép chất ma túy',
      task: { lead: [{ name: 'Công an tỉnh', sector: 'POLICE' }], timing: { kind: 'RECURRING', recurring: true, text: 'thường xuyên' } },
    },
    'node { id }',
  );
  await ok(
    e,
    'addNode',
    'AddNodeInput',
    {
      planId: P,
      parentId: s.node.id,
      afterNodeId: police.node.id,
      kind: 'ITEM',
      label: '2.',
      text: 'Cục Hải quan tỉnh kiểm soát tiền chất tại cửa khẩu quốc tế Lệ Thanh',
      task: {
        lead: [{ name: 'Cục Hải quan tỉnh', sector: 'CUSTOMS' }],
        timing: { kind: 'RECURRING', recurring: true, text: 'thường xuyên' },
      },
    },
    'node { id }',
  );
  const sub = await ok(e, 'submitPlanForReview', 'PlanTransitionInput', { planId: P, version: await version(e, P) }, 'plan { version }');
  await ok(
    who['gialai.approver'],
    'issuePlan',
    'IssuePlanInput',
    { planId: P, version: sub.plan.version, issuedDate: REFORM, signature: { signerName: 'Chủ tịch' } },
    'plan { id }',
  );
  const d = await ok(who['pleiku.editor'], 'derivePlan', 'DerivePlanInput', { parentPlanId: P }, 'plan { id nodes { id label } }');
  wardPlan = d.plan.id;
  // The ward's own paragraph, at the end of section I.
  const section = (d.plan.nodes as { id: string; label: string }[]).find((n) => n.label === 'I.')!;
  const second = (d.plan.nodes as { id: string; label: string }[]).find((n) => n.label === '2.')!;
  await ok(
    who['pleiku.editor'],
    'addNode',
    'AddNodeInput',
    {
      planId: wardPlan,
      parentId: section.id,
      afterNodeId: second.id,
      kind: 'ITEM',
      label: '3.',
      text: 'Phường tổ chức ra quân tại các khu trọ',
    },
    'node { id }',
  );
});

afterAll(async () => {
  await portal.stop();
});

describe('omission in the portal', () => {
  it('a ward editor omits an inherited task with a reason, sees it greyed with the reason, and restores it', async () => {
    const page = await portal.newPage();
    await signIn(page, 'pleiku.editor');
    await page.goto(`${env.url}/plans/${wardPlan}`);
    const node = (label: string) => page.locator(`[data-testid="plan-node"][data-label="${label}"]`);
    const customs = node('2.');
    await customs.getByText('kiểm soát tiền chất').waitFor();

    // On an inherited task: "Bỏ qua", no trash icon.
    await customs.hover();
    await customs.getByRole('button', { name: 'Bỏ qua: 2.' }).waitFor();
    expect(await customs.getByRole('button', { name: 'Xóa: 2.' }).count()).toBe(0);
    // The ward's own node keeps its delete.
    const own = node('3.');
    await own.hover();
    await own.getByRole('button', { name: 'Xóa: 3.' }).waitFor();
    expect(await own.getByRole('button', { name: 'Bỏ qua: 3.' }).count()).toBe(0);

    await customs.hover();
    await customs.getByRole('button', { name: 'Bỏ qua: 2.' }).click();
    const dialog = page.getByRole('dialog', { name: 'Bỏ qua mục 2.' });
    await dialog.waitFor();
    // The reason is required.
    await dialog.getByRole('button', { name: /^(loading )?Bỏ qua$/ }).click();
    await dialog.getByText('Vui lòng nêu lý do bỏ qua').waitFor();
    await dialog.getByLabel('Lý do bỏ qua').fill('Phường không có cửa khẩu');
    await shot(page, 'omission-01-dialog');
    await dialog.getByRole('button', { name: /^(loading )?Bỏ qua$/ }).click();
    await page.getByText('Đã bỏ qua mục').waitFor();
    expect(await page.getByText('Đã xóa mục').count()).toBe(0);

    // Still in the document, greyed and struck, with its reason and a restore button.
    await customs.locator('[data-testid="plan-omission"]').getByText('Đã bỏ qua: Phường không có cửa khẩu').waitFor();
    expect(await customs.getAttribute('data-provenance')).toBe('OMITTED');
    expect(await customs.getAttribute('class')).toContain('plan-node-omitted');
    expect(await customs.locator('s').textContent()).toContain('kiểm soát tiền chất');
    await shot(page, 'omission-02-omitted');
    expect(await provenanceOf('2.')).toEqual({ label: '2.', provenance: 'OMITTED', omission: { reason: 'Phường không có cửa khẩu' } });

    await customs.getByRole('button', { name: 'Khôi phục' }).click();
    await page.getByText('Đã khôi phục mục').waitFor();
    await customs.locator('[data-testid="plan-omission"]').waitFor({ state: 'detached' });
    expect(await customs.getAttribute('data-provenance')).toBe('INHERITED');
    expect(await provenanceOf('2.')).toEqual({ label: '2.', provenance: 'INHERITED', omission: null });

    // The ward's own node is deleted, once confirmed: gone from the page and from the plan.
    await own.hover();
    await own.getByRole('button', { name: 'Xóa: 3.' }).click();
    const confirm = page.getByRole('dialog', { name: 'Xóa mục 3.' });
    await confirm.getByText('Phường tổ chức ra quân tại các khu trọ').waitFor();
    await confirm.getByRole('button', { name: /^(loading )?Xóa$/ }).click();
    await page.getByText('Đã xóa mục').waitFor();
    await own.waitFor({ state: 'detached' });
    const left = await env.gql(`query($id: String!) { plan(id: $id) { nodes { label } } }`, { id: wardPlan }, who['pleiku.editor']);
    expect((left.data!.plan.nodes as { label: string }[]).map((n) => n.label)).not.toContain('3.');
    await page.close();
  });
});
