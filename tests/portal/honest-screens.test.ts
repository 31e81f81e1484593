import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../api/src/config.js';
import { DESKTOP, PHONE, PortalSession } from '../support/browser.js';
import { type Caller, type TestEnv } from '../support/env.js';

/**
 * Screens that must not mislead (issue 14), in Chromium against the real server: the history in
 * words, a junk import refused as an error, the issue dialog that lists open checks and passed
 * deadlines and wants each confirmed, the wizard that says at once that a draft exists, a date
 * field whose Enter does not save the editor, the checks counted per rule, and "the superior's
 * plan has changed" on the plan page and in the list — down the whole chain, on a phone too.
 */

let env: TestEnv;
const portal = new PortalSession({ timeout: 30_000 });
const ids = { provincePlan: '', districtDraft: '' };
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

async function gqlOk<T>(query: string, variables: Record<string, unknown>, as: Caller): Promise<T> {
  const r = await env.gql<T>(query, variables, as);
  expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
  return r.data!;
}
const planVersion = async (id: string, as: Caller) =>
  (await gqlOk<{ plan: { version: number } }>(`query($id: String!) { plan(id: $id) { version } }`, { id }, as)).plan.version;

beforeAll(async () => {
  env = await portal.start();
  const editor = await env.login('tplaocai.editor');
  const own = await gqlOk<{ plans: { nodes: { id: string; status: string; parentPlan: { id: string } | null }[] } }>(
    `{ plans(first: 20, filter: { scope: OWN }) { nodes { id status parentPlan { id } } } }`,
    {},
    editor,
  );
  const draft = own.plans.nodes.find((p) => p.status === 'DRAFT')!;
  ids.districtDraft = draft.id;
  ids.provincePlan = draft.parentPlan!.id;
});

afterAll(async () => {
  await portal.stop();
});

describe('screens that do not mislead', () => {
  it('the wizard says at its first step that the unit already has a draft, links to it, and says why it cannot go on', async () => {
    const page = await portal.newPage(DESKTOP);
    await portal.signIn(page, 'tplaocai.editor');
    await page.goto(`${env.url}/derive/${ids.provincePlan}`);
    await page.locator('.ant-steps').waitFor();
    await page.getByText('Đơn vị đã xây dựng kế hoạch từ kế hoạch này').waitFor();
    const next = page.getByRole('button', { name: 'Tiếp tục' });
    expect(await next.isDisabled()).toBe(true);
    await page.getByText('Không thể tiếp tục: đơn vị đã có kế hoạch xây dựng từ kế hoạch này').waitFor();
    expect(await next.getAttribute('aria-describedby')).toBe('derive-next-reason');
    await page.getByRole('button', { name: 'Mở kế hoạch đã xây dựng' }).click();
    await page.waitForURL(new RegExp(`/plans/${ids.districtDraft}$`));
  });

  it('counts the checks per rule, and Enter in a date field does not save the editor', async () => {
    const page = await portal.newPage(DESKTOP);
    await portal.signIn(page, 'tplaocai.editor');
    await page.goto(`${env.url}/plans/${ids.districtDraft}`);
    const checks = page.getByTestId('plan-checks');
    await checks.locator('li[data-rule]').first().waitFor();
    // One line per rule, each with its count.
    const rules = await checks.locator('li[data-rule]').evaluateAll((els) => els.map((e) => e.getAttribute('data-rule')));
    expect(new Set(rules).size).toBe(rules.length);
    for (const rule of rules) {
      const count = await checks.locator(`li[data-rule="${rule}"] .plan-checks-rule-count`).textContent();
      expect(Number(count)).toBeGreaterThan(0);
    }

    // A task without a deadline: open it, choose "by a date", type the date and press Enter.
    const task = page.locator('[data-testid="plan-node"]', { has: page.locator('[data-rule="TASK_NO_TIMING"]') }).first();
    await task.scrollIntoViewIfNeeded();
    await task.hover();
    await task.getByRole('button', { name: /^Sửa: / }).click();
    const editor = page.getByRole('group', { name: 'Sửa mục' });
    await editor.locator('.ant-select', { has: page.getByRole('combobox', { name: 'Thời hạn' }) }).click();
    await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option', { hasText: /^Hoàn thành trước ngày$/ }).click();
    const date = editor.getByLabel('Hoàn thành trước ngày', { exact: true });
    await date.fill('30/09/2024');
    // Enter submits a form through the browser's implicit submission, a `submit` event dispatched
    // while the key is handled: count those events (and the requests) instead of waiting for a save.
    await page.evaluate(() => {
      (window as unknown as { submits: number }).submits = 0;
      document.addEventListener('submit', () => (window as unknown as { submits: number }).submits++, true);
    });
    const sent: string[] = [];
    page.on('request', (r) => {
      if (r.url().endsWith('/graphql') && r.method() === 'POST') sent.push(r.postData() ?? '');
    });
    await date.press('Enter');
    expect(await page.evaluate(() => (window as unknown as { submits: number }).submits)).toBe(0);
    // Still open, with the date taken: nothing was sent.
    expect(sent.filter((body) => body.includes('updateNode'))).toEqual([]);
    expect(await editor.isVisible()).toBe(true);
    expect(await date.inputValue()).toBe('30/09/2024');
    await editor.getByRole('button', { name: 'Hủy' }).click();
    await editor.waitFor({ state: 'detached' });
  });

  it('an approver sees the open checks and the passed deadline before issuing, and confirms each one', async () => {
    const editor = await env.login('tplaocai.editor');
    await gqlOk(
      `mutation($i: PlanTransitionInput!) { submitPlanForReview(input: $i) { plan { status } } }`,
      { i: { planId: ids.districtDraft, version: await planVersion(ids.districtDraft, editor) } },
      editor,
    );
    const page = await portal.newPage(DESKTOP);
    await portal.signIn(page, 'tplaocai.approver');
    await page.goto(`${env.url}/plans/${ids.districtDraft}`);
    await page.getByRole('button', { name: 'Ban hành' }).click();
    const dialog = page.getByRole('dialog');
    const review = dialog.getByTestId('issue-review');
    // Thành phố Lào Cai ended with the districts on 30/06/2025: the dialog says so and dates the
    // issue on its last day, the only day it can still record a plan.
    await dialog.locator('.issue-dissolved').getByText('Thành phố Lào Cai đã thôi tồn tại sau ngày 30/06/2025').waitFor();
    expect(await dialog.getByLabel('Ngày ban hành').inputValue()).toBe('30/06/2025');
    // The province asked for the district plans by 30/08/2024: issuing today is late, in days.
    await review.getByText(/Quá hạn ban hành \d+ ngày: kế hoạch cấp trên yêu cầu ban hành trước \d{2}\/\d{2}\/\d{4}/).waitFor();
    await review.locator('[data-key="check:TASK_NO_TIMING"]').getByText(/Nhiệm vụ chưa rõ thời gian hoàn thành \(4 rõ\): \d+ chỗ/).waitFor();
    await dialog.getByLabel('Họ tên người ký').fill('Nguyễn Văn Sơn');
    const issue = dialog.getByRole('button', { name: 'Ban hành' });
    const boxes = await review.getByRole('checkbox', { name: 'Đã xem xét, vẫn ban hành' }).all();
    expect(boxes.length).toBeGreaterThanOrEqual(2);
    for (const box of boxes) {
      expect(await issue.isDisabled()).toBe(true);
      await box.check();
    }
    await portal.shot(page, 'honest-issue-review');
    expect(await issue.isDisabled()).toBe(false);
    await issue.click();
    await page.locator('.plan-toolbar').getByText('Đã ban hành').waitFor();
  });

  it('tells a commune, on its phone, that the province plan above its district plan has changed — on the plan and in the list', async () => {
    // The commune derives its draft from the district plan just issued.
    const commune = await env.login('phuonglaocai.editor');
    const derived = await gqlOk<{ derivePlan: { plan: { id: string } } }>(
      `mutation($i: DerivePlanInput!) { derivePlan(input: $i) { plan { id } } }`,
      { i: { parentPlanId: ids.districtDraft } },
      commune,
    );
    // Then the province amends its plan and issues the amendment: 1/KH-UBND is superseded.
    const provinceEditor = await env.login('laocai.editor');
    const amendment = await gqlOk<{ amendPlan: { plan: { id: string; version: number } } }>(
      `mutation($i: AmendPlanInput!) { amendPlan(input: $i) { plan { id version } } }`,
      { i: { planId: ids.provincePlan } },
      provinceEditor,
    );
    const amendmentId = amendment.amendPlan.plan.id;
    await gqlOk(
      `mutation($i: PlanTransitionInput!) { submitPlanForReview(input: $i) { plan { status } } }`,
      { i: { planId: amendmentId, version: amendment.amendPlan.plan.version } },
      provinceEditor,
    );
    const approver = await env.login('laocai.approver');
    await gqlOk(
      `mutation($i: IssuePlanInput!) { issuePlan(input: $i) { plan { status } } }`,
      // Tỉnh Lào Cai (before the 2025 merger) records the amendment on its last day.
      {
        i: {
          planId: amendmentId,
          version: await planVersion(amendmentId, approver),
          issuedDate: '2025-06-30',
          signature: { signerName: 'Trịnh Xuân Trường' },
        },
      },
      approver,
    );

    const page = await portal.newPage(PHONE);
    await portal.signIn(page, 'phuonglaocai.editor');
    await page.goto(`${env.url}/plans/${derived.derivePlan.plan.id}`);
    const notice = page.getByTestId('superior-changed');
    await notice.getByText(/Kế hoạch 1\/KH-UBND của Tỉnh Lào Cai đã được sửa đổi, bổ sung, nhưng kế hoạch cấp trên trực tiếp .* của Thành phố Lào Cai vẫn dựa trên bản cũ/).waitFor();
    await portal.shot(page, 'honest-superior-changed-phone');
    await page.goto(`${env.url}/plans`);
    await page.locator('.ant-table-row').first().waitFor();
    await page.locator('.superior-changed-tag').first().waitFor();

    // The district's issued plan says its own parent changed, and what to do.
    const district = await portal.newPage(DESKTOP);
    await portal.signIn(district, 'tplaocai.editor');
    await district.goto(`${env.url}/plans/${ids.districtDraft}`);
    await district.getByTestId('superior-changed').getByText('Kế hoạch cấp trên 1/KH-UBND của Tỉnh Lào Cai đã được sửa đổi, bổ sung').waitFor();
    await district.getByTestId('superior-changed').getByText('Kế hoạch này đã ban hành: cần sửa đổi, bổ sung để tiếp nhận các thay đổi.').waitFor();
  });

  it('shows the history in Vietnamese words, without ids or JSON', async () => {
    const page = await portal.newPage(PHONE);
    await portal.signIn(page, 'tplaocai.approver');
    await page.goto(`${env.url}/plans/${ids.districtDraft}/history`);
    const history = page.getByTestId('plan-history');
    await history.getByText('Ban hành', { exact: true }).waitFor();
    const changes = await history.locator('.plan-history-changes').allTextContents();
    expect(changes.length).toBeGreaterThan(0);
    const all = changes.join('\n');
    expect(all).not.toMatch(UUID);
    expect(all).not.toMatch(/[{}"]|\b(status|signerName|issuedDate|parentPlanId|unmatchedAgencies)\b/);
    expect(all).toContain('Trạng thái');
    expect(all).toContain('Người ký');
    expect(await history.locator('.ant-table-row-expand-icon').count()).toBe(0);
  });

  it('refuses a file in which nothing reads as a plan, in red, and creates no draft', async () => {
    const before = (await env.db.query(`select count(*)::int n from plan`)).rows[0].n as number;
    const page = await portal.newPage(DESKTOP);
    await portal.signIn(page, 'bacgiang.editor');
    await page.goto(`${env.url}/plans`);
    await page.getByRole('button', { name: 'Nhập từ tệp' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.locator('input[type=file]').setInputFiles({
      name: 'ghi-chu.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('lorem ipsum dolor sit amet\nhello world 12345\n'),
    });
    await dialog.getByRole('button', { name: 'Nhập', exact: true }).click();
    const alert = dialog.locator('.ant-alert-error');
    await alert.getByText('Không tìm thấy nội dung kế hoạch trong tệp').waitFor();
    expect(await dialog.getByTestId('import-report').count()).toBe(0);
    expect(await dialog.locator('.ant-alert-success').count()).toBe(0);
    const after = (await env.db.query(`select count(*)::int n from plan`)).rows[0].n as number;
    expect(after).toBe(before);
    // A real plan still imports (the Bắc Giang text of the demo data).
    await dialog.locator('input[type=file]').setInputFiles(path.join(REPO_ROOT, 'api/data/seeds/province-bac-giang-2024-action-month.txt'));
    await dialog.getByRole('button', { name: 'Nhập', exact: true }).click();
    await dialog.getByTestId('import-report').getByText(/Đã tạo dự thảo gồm \d+ mục/).waitFor({ timeout: 60_000 });
  });
});
