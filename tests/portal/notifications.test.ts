import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESKTOP, PHONE, PortalSession } from '../support/browser.js';
import { type Caller, type TestEnv } from '../support/env.js';

/**
 * Notices in the portal (docs/NOTIFICATIONS.md), in Chromium against the real server: the province
 * issues a plan; a ward official sees the bell's count on the phone, reads the notice in words,
 * opens the plan, and the notice is read for them only; an administrator gives an account an
 * e-mail address in the form.
 */

let env: TestEnv;
const portal = new PortalSession({ timeout: 30_000 });
let planId = '';

async function ok<T = any>(query: string, variables: Record<string, unknown>, as: Caller): Promise<T> {
  const r = await env.gql<T>(query, variables, as);
  expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
  return r.data!;
}

beforeAll(async () => {
  env = await portal.start();
  const editor = await env.login('gialai.editor');
  const created = await ok(
    `mutation($i: CreatePlanInput!) { createPlan(input: $i) { plan { id } } }`,
    { i: { title: 'Kế hoạch triển khai công tác cai nghiện ma túy năm 2027' } },
    editor,
  );
  planId = created.createPlan.plan.id;
  const added = await ok(
    `mutation($i: AddNodeInput!) { addNode(input: $i) { plan { version } } }`,
    { i: { planId, kind: 'SECTION', text: 'MỤC ĐÍCH, YÊU CẦU' } },
    editor,
  );
  const submitted = await ok(
    `mutation($i: PlanTransitionInput!) { submitPlanForReview(input: $i) { plan { version } } }`,
    { i: { planId, version: added.addNode.plan.version } },
    editor,
  );
  await ok(
    `mutation($i: IssuePlanInput!) { issuePlan(input: $i) { plan { id } } }`,
    { i: { planId, version: submitted.submitPlanForReview.plan.version, number: '88', signature: { signerName: 'Người Ký' } } },
    await env.login('gialai.approver'),
  );
});

afterAll(async () => {
  await portal.stop();
});

describe('notices', () => {
  it('a ward official sees the count on the phone, reads the notice in words, opens the plan; it is read for them only', async () => {
    const page = await portal.newPage(PHONE);
    await portal.signIn(page, 'pleiku.editor');
    const bell = page.getByTestId('notification-bell');
    await expect.poll(() => bell.getAttribute('aria-label'), { timeout: 20_000 }).toBe('Thông báo: 1 chưa đọc');
    await bell.tap();
    await page.waitForURL(/\/notifications$/);
    const item = page.getByTestId('notification-list').locator('.notification-unread').first();
    await item.getByText('Tỉnh Gia Lai đã ban hành Kế hoạch số 88/KH-UBND').waitFor();
    await item.getByText('Kế hoạch triển khai công tác cai nghiện ma túy năm 2027').waitFor();
    await item.getByText('Đơn vị cần xây dựng kế hoạch thực hiện trên cơ sở kế hoạch này.', { exact: false }).waitFor();
    await portal.shot(page, 'notifications-phone');
    await item.getByRole('button', { name: 'Xem kế hoạch' }).tap();
    await page.waitForURL(new RegExp(`/plans/${planId}$`));
    await page.getByRole('heading', { name: 'Kế hoạch số 88/KH-UBND' }).waitFor();
    await expect.poll(() => bell.getAttribute('aria-label'), { timeout: 20_000 }).toBe('Thông báo');

    // A colleague of the same ward still has it unread.
    const colleague = await portal.newPage(DESKTOP);
    await portal.signIn(colleague, 'pleiku.viewer');
    await expect
      .poll(() => colleague.getByTestId('notification-bell').getAttribute('aria-label'), { timeout: 20_000 })
      .toBe('Thông báo: 1 chưa đọc');
  });

  it('an administrator gives an account an e-mail address, and a wrong one is refused in the form', async () => {
    const page = await portal.newPage(DESKTOP);
    await portal.signIn(page, 'gialai.admin');
    await page.goto(`${env.url}/users`);
    const row = page.getByRole('row', { name: /gialai\.editor/ });
    await row.waitFor();
    await row.getByRole('button', { name: /Sửa/ }).first().click();
    const dialog = page.getByRole('dialog');
    const email = dialog.getByLabel('Thư điện tử');
    await email.fill('khong-phai-dia-chi');
    await dialog.getByRole('button', { name: /Lưu/ }).click();
    await dialog.getByText('Địa chỉ thư điện tử không hợp lệ').waitFor();
    await email.fill('Can.Bo@GiaLai.gov.vn');
    await dialog.getByRole('button', { name: /Lưu/ }).click();
    await dialog.waitFor({ state: 'detached' });
    const stored = await env.db.query(`select email from app_user where username = 'gialai.editor'`);
    expect(stored.rows[0].email).toBe('can.bo@gialai.gov.vn');
  });
});
