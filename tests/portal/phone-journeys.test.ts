import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../api/src/config.js';
import { PHONE, PortalSession } from '../support/browser.js';
import { type TestEnv } from '../support/env.js';
import { horizontalOverflow } from '../support/page-checks.js';

/**
 * The five journeys of issue 14 on a commune official's phone (390×844, touch, no hover), through
 * the navigation drawer: derive a district plan and edit it, submit and issue it; follow the
 * cascade; take an upstream change; administer accounts and keys; import a plan. Each step checks
 * that the screen still fits the phone. Screenshots to tests/artifacts/screens/phone-*.
 */

let env: TestEnv;
const portal = new PortalSession({ timeout: 30_000 });
const ids = { provincePlan: '' };

async function fits(page: Page, where: string) {
  const o = await horizontalOverflow(page);
  expect(o.scrollWidth, `${where}: ${o.culprits.join(', ')}`).toBeLessThanOrEqual(o.clientWidth);
}

/** Opens the navigation drawer and follows one of its links. */
async function menu(page: Page, item: string) {
  await page.getByRole('button', { name: 'Mở menu điều hướng' }).click();
  const drawer = page.locator('.ant-drawer.ant-drawer-open');
  await drawer.getByRole('link', { name: item, exact: true }).click();
  // The drawer closes once a page is chosen.
  await drawer.waitFor({ state: 'detached' });
}

beforeAll(async () => {
  env = await portal.start();
  const above = await env.gql<{ plans: { nodes: { id: string; numberSymbol: string | null }[] } }>(
    `{ plans(first: 20, filter: { scope: FROM_ABOVE }) { nodes { id numberSymbol } } }`,
    {},
    await env.login('batxat.editor'),
  );
  ids.provincePlan = above.data!.plans.nodes.find((p) => p.numberSymbol === '1/KH-UBND')!.id;
});

afterAll(async () => {
  await portal.stop();
});

describe('on a phone', () => {
  it('a district editor derives its plan, edits a task by touch, submits; the approver issues it', async () => {
    const page = await portal.newPage(PHONE);
    await portal.signIn(page, 'batxat.editor');
    await menu(page, 'Kế hoạch cấp trên');
    await page.getByRole('heading', { name: 'Kế hoạch của cấp trên', level: 1 }).waitFor();
    await fits(page, 'plans from above');
    await page.goto(`${env.url}/derive/${ids.provincePlan}`);
    await page.getByRole('button', { name: /Tiếp tục/ }).click();
    await page.getByText('Chuyển giao cơ quan thực hiện').waitFor();
    await fits(page, 'wizard preview');
    await page.getByRole('button', { name: /Tiếp tục/ }).click();
    await page.getByRole('button', { name: /Tạo dự thảo kế hoạch/ }).click();
    await page.waitForURL(/\/plans\/[0-9a-f-]{36}$/);
    await page.getByRole('heading', { name: 'Dự thảo kế hoạch', level: 1 }).waitFor();
    await fits(page, 'the new draft');
    await portal.shot(page, 'phone-01-draft');

    // A task: its facts are folded under the text; a tap opens them, another tap on the text gives the toolbar.
    const task = page.locator('[data-testid="plan-node"]', { has: page.getByTestId('plan-task') }).first();
    await task.scrollIntoViewIfNeeded();
    const toggle = task.locator('.plan-facts-toggle');
    expect(await task.getByTestId('plan-task').isVisible()).toBe(false);
    await toggle.tap();
    await task.getByTestId('plan-task').waitFor();
    await task.locator('.plan-node-text').tap();
    await task.getByRole('button', { name: /^Sửa: / }).tap();
    const editor = page.getByRole('group', { name: 'Sửa mục' });
    await editor.getByLabel('Nội dung').fill('Công an huyện chủ trì, phối hợp với các xã tổ chức cao điểm truy quét tội phạm về ma túy.');
    await fits(page, 'node editor');
    await portal.shot(page, 'phone-02-editor');
    await editor.getByRole('button', { name: /^(loading )?Lưu$/ }).tap();
    await editor.waitFor({ state: 'detached' });
    await page.getByText('Công an huyện chủ trì, phối hợp với các xã tổ chức cao điểm truy quét tội phạm về ma túy.').waitFor();
    const planUrl = page.url();

    await page.getByRole('button', { name: 'Trình duyệt' }).tap();
    await page.getByRole('dialog').getByRole('button', { name: 'Trình duyệt' }).tap();
    await page.locator('.plan-toolbar').getByText('Đang trình duyệt').waitFor();

    const approver = await portal.newPage(PHONE);
    await portal.signIn(approver, 'batxat.approver');
    // The approver's desk lists the draft waiting for them.
    await approver.getByTestId('home-waiting').getByRole('link').first().tap();
    await approver.waitForURL(planUrl);
    await approver.getByRole('button', { name: 'Ban hành' }).tap();
    const dialog = approver.getByRole('dialog');
    await dialog.getByLabel('Họ tên người ký').fill('Lý Seo Dìn');
    for (const box of await dialog.getByRole('checkbox', { name: 'Đã xem xét, vẫn ban hành' }).all()) await box.check();
    await fits(approver, 'issue dialog');
    await portal.shot(approver, 'phone-03-issue');
    await dialog.getByRole('button', { name: 'Ban hành' }).tap();
    await approver.locator('.plan-toolbar').getByText('Đã ban hành').waitFor();
  });

  it('the province follows its cascade: who is on time, late or missing', async () => {
    const page = await portal.newPage(PHONE);
    await portal.signIn(page, 'laocai.viewer');
    await menu(page, 'Theo dõi cấp dưới');
    await page.locator('.ant-table-row').first().getByRole('button', { name: /^Theo dõi/ }).tap();
    await page.waitForURL(/\/plans\/[0-9a-f-]{36}\/cascade$/);
    await page.getByRole('cell', { name: /Huyện Bảo Yên/ }).first().waitFor();
    await page.locator('[data-compliance="LATE"]').first().waitFor();
    await page.locator('[data-compliance="ON_TIME"]').first().waitFor();
    await fits(page, 'cascade');
    await portal.shot(page, 'phone-04-cascade');
  });

  it('a district takes an upstream change of the amended province plan', async () => {
    // The province amends a task of its plan and issues the amendment.
    const editor = await env.login('laocai.editor');
    const amended = await env.gql<{ amendPlan: { plan: { id: string; version: number } } }>(
      `mutation($i: AmendPlanInput!) { amendPlan(input: $i) { plan { id version } } }`,
      { i: { planId: ids.provincePlan } },
      editor,
    );
    const amendment = amended.data!.amendPlan.plan;
    const nodes = await env.gql<{ plan: { nodes: { id: string; version: number; text: string; task: unknown }[] } }>(
      `query($id: String!) { plan(id: $id) { nodes { id version text task { lead { name } } } } }`,
      { id: amendment.id },
      editor,
    );
    const target = nodes.data!.plan.nodes.find((n) => n.task)!;
    expect(
      (
        await env.gql(
          `mutation($i: UpdateNodeInput!) { updateNode(input: $i) { node { id } } }`,
          { i: { nodeId: target.id, version: target.version, text: `${target.text} Báo cáo kết quả hằng tháng.` } },
          editor,
        )
      ).errors,
    ).toBeUndefined();
    const v = async () =>
      (await env.gql<{ plan: { version: number } }>(`query($id: String!) { plan(id: $id) { version } }`, { id: amendment.id }, editor)).data!.plan.version;
    await env.gql(`mutation($i: PlanTransitionInput!) { submitPlanForReview(input: $i) { plan { id } } }`, { i: { planId: amendment.id, version: await v() } }, editor);
    const approver = await env.login('laocai.approver');
    const issued = await env.gql(
      `mutation($i: IssuePlanInput!) { issuePlan(input: $i) { plan { status } } }`,
      // Tỉnh Lào Cai (before the 2025 merger) records its amendment on its last day.
      { i: { planId: amendment.id, version: await v(), issuedDate: '2025-06-30', signature: { signerName: 'Trịnh Xuân Trường' } } },
      approver,
    );
    expect(issued.errors).toBeUndefined();

    // Thành phố Lào Cai's draft: the notice leads to the change, taken by touch.
    const page = await portal.newPage(PHONE);
    await portal.signIn(page, 'tplaocai.editor');
    await page.getByTestId('home-behind').getByRole('link').first().tap();
    await page.getByTestId('superior-changed').getByRole('button', { name: 'Xem thay đổi' }).tap();
    await page.waitForURL(/\/upstream$/);
    const take = page.getByRole('button', { name: /^Áp dụng$/ }).first();
    await take.waitFor();
    await fits(page, 'upstream changes');
    await portal.shot(page, 'phone-05-upstream');
    await take.tap();
    await page.getByText('Đã áp dụng thay đổi của cấp trên').first().waitFor();
  });

  it('an administrator creates an account in a unit chosen in the form, and an API key', async () => {
    const page = await portal.newPage(PHONE);
    await portal.signIn(page, 'laocai.admin');
    await menu(page, 'Tài khoản');
    await page.getByRole('heading', { name: 'Tài khoản người dùng', level: 1 }).waitFor();
    await fits(page, 'users');
    await page.getByRole('button', { name: 'Tạo tài khoản' }).tap();
    const dialog = page.getByRole('dialog');
    // The unit is chosen in the form, not taken silently from the list's filter.
    await dialog.getByRole('combobox', { name: 'Đơn vị' }).fill('Bát Xát');
    await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option', { hasText: /^Huyện Bát Xát \(082\)/ }).click();
    await dialog.getByText('Tạo tài khoản thuộc Huyện Bát Xát').waitFor();
    // A username begins with the unit's key (docs/ACCESS.md, "Usernames"); the form says which.
    await dialog.getByText('ví dụ: 082.nguyenvana').waitFor();
    await dialog.getByLabel('Tên đăng nhập').fill('082.thuky');
    await dialog.getByLabel('Họ và tên').fill('Vàng A Páo');
    await dialog.getByLabel('Mật khẩu', { exact: true }).fill('Mat-khau-dai-2026');
    await dialog.getByLabel('Nhập lại mật khẩu').fill('Mat-khau-dai-2026');
    await fits(page, 'new account');
    await dialog.getByRole('button', { name: 'Tạo tài khoản' }).tap();
    await dialog.waitFor({ state: 'hidden' });
    const { rows } = await env.db.query(`select u.code from app_user a join admin_unit u on u.id = a.unit_id where a.username = '082.thuky'`);
    expect(rows).toEqual([{ code: '082' }]);

    await menu(page, 'Khóa API');
    await page.getByRole('button', { name: 'Tạo khóa API' }).tap();
    const keyDialog = page.getByRole('dialog');
    await keyDialog.getByLabel('Tên gợi nhớ').fill('Cổng dữ liệu tỉnh');
    await keyDialog.getByRole('button', { name: 'Tạo khóa API' }).tap();
    await page.locator('.api-key-secret').waitFor();
    await fits(page, 'API key shown once');
  });

  it('an editor imports a plan from a file', async () => {
    const page = await portal.newPage(PHONE);
    await portal.signIn(page, 'bacgiang.editor');
    await menu(page, 'Kế hoạch');
    await page.getByRole('button', { name: 'Nhập từ tệp' }).tap();
    const dialog = page.getByRole('dialog');
    await dialog.locator('input[type=file]').setInputFiles(path.join(REPO_ROOT, 'api/data/seeds/province-bac-giang-2024-action-month.txt'));
    await dialog.getByRole('button', { name: 'Nhập', exact: true }).tap();
    await dialog.getByTestId('import-report').getByText(/Đã tạo dự thảo gồm \d+ mục/).waitFor({ timeout: 60_000 });
    await fits(page, 'import report');
    await portal.shot(page, 'phone-06-import');
    await dialog.getByRole('button', { name: 'Mở dự thảo' }).tap();
    await page.getByRole('heading', { name: 'Dự thảo kế hoạch', level: 1 }).waitFor();
  });
});
