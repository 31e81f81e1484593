import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESKTOP, PHONE, PortalSession } from '../support/browser.js';
import { type TestEnv } from '../support/env.js';
import { horizontalOverflow } from '../support/page-checks.js';

/**
 * Progress reports in the portal (issue 11, docs/REPORTS.md): a commune reports its figures and a
 * task on a phone and its approver submits; the city's report opens with the commune's sum and
 * the communes that have not reported, an override needs a note and its difference stays
 * visible, the city's approver submits; the province follows the milestone (achieved against
 * allocated, the late and missing units), accepts one report and returns another with a reason;
 * the returned city sees the reason. Screenshots to tests/artifacts/screens/reports-*.
 */

let env: TestEnv;
const portal = new PortalSession({ timeout: 30_000, acceptDownloads: true });
const ids = { provincePlan: '', cityPlan: '' };
const CASES = 'phát hiện, bắt giữ, khởi tố';
const REASON = 'Số liệu cai nghiện chưa khớp với báo cáo của Công an thành phố, đề nghị rà soát lại.';

async function fits(page: Page, where: string) {
  const o = await horizontalOverflow(page);
  expect(o.scrollWidth, `${where}: ${o.culprits.join(', ')}`).toBeLessThanOrEqual(o.clientWidth);
}

async function scalar<T>(sql: string, params: unknown[] = []): Promise<T> {
  const { rows } = await env.db.query(sql, params);
  return Object.values(rows[0] ?? {})[0] as T;
}

/** The status of the report shown on the report page. */
const reportStatus = (page: Page) => page.getByTestId('report-meta').locator('.report-status');

beforeAll(async () => {
  env = await portal.start();
  ids.provincePlan = await scalar(`select p.id from plan p join admin_unit u on u.id = p.unit_id where u.code = '10' and p.status = 'ISSUED'`);
  ids.cityPlan = await scalar(`select p.id from plan p join admin_unit u on u.id = p.unit_id where u.code = '080' and p.status = 'DRAFT'`);
  // The city issues its plan (as in the demo's story): its communes now owe their reports to it.
  const version = await scalar<number>(`select version from plan where id = $1`, [ids.cityPlan]);
  const submitted = await env.gql<{ submitPlanForReview: { plan: { version: number } } }>(
    `mutation($i: PlanTransitionInput!) { submitPlanForReview(input: $i) { plan { version } } }`,
    { i: { planId: ids.cityPlan, version } },
    await env.login('tplaocai.editor'),
  );
  const issued = await env.gql(
    `mutation($i: IssuePlanInput!) { issuePlan(input: $i) { plan { status } } }`,
    { i: { planId: ids.cityPlan, version: submitted.data!.submitPlanForReview.plan.version, issuedDate: '2024-08-28', signature: { signerName: 'Chủ tịch' } } },
    await env.login('tplaocai.approver'),
  );
  expect(issued.errors).toBeUndefined();
});

afterAll(async () => {
  await portal.stop();
});

describe('progress reports', () => {
  it('a commune reports its figures and a task on a phone; its approver submits', async () => {
    const page = await portal.newPage(PHONE);
    await portal.signIn(page, 'phuonglaocai.editor');
    // The desk lists the report as due (overdue: the city's milestone is of 2024).
    await page.getByTestId('home-due-reports').getByRole('link').first().waitFor();
    await page.goto(`${env.url}/reports`);
    await page.getByRole('heading', { name: 'Báo cáo', level: 1 }).waitFor();
    const item = page.getByTestId('report-obligation').filter({ hasText: 'Báo cáo kết quả 01 tháng' }).first();
    await item.locator('.report-status', { hasText: 'Quá hạn' }).waitFor();
    await fits(page, 'the commune’s reports');
    await portal.shot(page, 'reports-01-commune-list');
    await item.getByRole('button', { name: 'Viết báo cáo' }).tap();
    await page.waitForURL(/\/reports\/[0-9a-f-]{36}$/);
    await page.getByRole('heading', { name: /^Báo cáo kết quả thực hiện Kế hoạch số /, level: 1 }).waitFor();
    await expect(reportStatus(page).textContent()).resolves.toBe('Đang soạn');

    // A figure: a non-number is refused beside its field, then 3 cases in the period and in all.
    const figure = page.locator(`[data-testid="report-figure"][data-target="${CASES}"]`);
    await figure.getByLabel('Trong kỳ').fill('ba');
    await figure.getByRole('button', { name: /^(loading )?Lưu số liệu$/ }).tap();
    await figure.getByText('Số liệu phải là số không âm').waitFor();
    await figure.getByLabel('Trong kỳ').fill('3');
    await figure.getByLabel('Lũy kế').fill('3');
    await figure.getByRole('button', { name: /^(loading )?Lưu số liệu$/ }).tap();
    await page.getByText('Đã lưu số liệu').first().waitFor();

    // A task: done, and what was done.
    const task = page.getByTestId('report-task').first();
    await task.scrollIntoViewIfNeeded();
    await task.locator('.ant-select', { has: page.getByRole('combobox', { name: 'Tình trạng' }) }).click();
    await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option', { hasText: /^Hoàn thành$/ }).click();
    await task.getByLabel('Kết quả').fill('Đã tổ chức hội nghị quán triệt tại 12 tổ dân phố.');
    await task.getByRole('button', { name: /^(loading )?Lưu$/ }).tap();
    await page.getByText('Đã lưu nhiệm vụ').first().waitFor();
    await fits(page, 'the commune’s report');
    await portal.shot(page, 'reports-02-commune-report');
    // Editors do not submit.
    expect(await page.getByRole('button', { name: 'Gửi báo cáo' }).count()).toBe(0);
    const url = page.url();

    const approver = await portal.newPage(PHONE);
    await portal.signIn(approver, 'phuonglaocai.approver');
    await approver.goto(url);
    await approver.getByRole('button', { name: 'Gửi báo cáo' }).tap();
    await approver.getByRole('dialog').getByRole('button', { name: 'Gửi báo cáo' }).tap();
    await expect.poll(() => reportStatus(approver).textContent(), { timeout: 15_000 }).toBe('Đã gửi');
    // Submitted: read-only, corrections are a new version (editors).
    await approver.getByTestId('report-read-only').waitFor();
    await page.reload();
    await page.getByRole('button', { name: 'Đính chính' }).waitFor();
    expect(await page.getByLabel('Trong kỳ').count()).toBe(0);
    await figure.getByText('3').first().waitFor();
  });

  it('the city’s report opens with the commune’s sum and who has not reported; an override needs a note', async () => {
    const page = await portal.newPage(DESKTOP);
    await portal.signIn(page, 'tplaocai.editor');
    await page.goto(`${env.url}/reports`);
    const item = page.getByTestId('report-obligation').filter({ hasText: 'Báo cáo kết quả 01 tháng' }).first();
    await item.getByRole('button', { name: 'Viết báo cáo' }).click();
    await page.waitForURL(/\/reports\/[0-9a-f-]{36}$/);
    await page.getByRole('heading', { name: 'Báo cáo kết quả thực hiện Kế hoạch số 1/KH-UBND', level: 1 }).waitFor();

    // The communes: one reported, the others listed as not reported.
    const subordinates = page.getByTestId('report-subordinates');
    const counted = await subordinates.getByText(/^1\/\d+ đơn vị đã báo cáo$/).textContent();
    const expected = Number(/\/(\d+)/.exec(counted!)![1]);
    expect(expected).toBeGreaterThan(1);
    const missing = await subordinates.getByTestId('report-missing').locator('li').allTextContents();
    expect(missing.length).toBe(expected - 1);
    expect(missing).not.toContain('Phường Lào Cai');

    // The figure is pre-filled with the commune's sum.
    const figure = page.locator(`[data-testid="report-figure"][data-target="${CASES}"]`);
    await figure.getByTestId('figure-from-below').getByText('Tổng cấp dưới báo cáo: 3 (1 đơn vị)').waitFor();
    await expect(figure.getByLabel('Trong kỳ').inputValue()).resolves.toBe('3');
    // An override without a note is refused beside the note; with one it is kept, the difference shown.
    await figure.getByLabel('Trong kỳ').fill('5');
    await figure.getByTestId('figure-difference').getByText('Chênh lệch so với tổng cấp dưới: 2').waitFor();
    await figure.getByRole('button', { name: /^(loading )?Lưu số liệu$/ }).click();
    await figure.locator('.ant-form-item-explain-error', { hasText: 'phải ghi lý do điều chỉnh' }).waitFor();
    await figure.getByLabel('Lý do điều chỉnh').fill('Công an thành phố bắt giữ thêm 2 vụ tại địa bàn giáp ranh.');
    await figure.getByRole('button', { name: /^(loading )?Lưu số liệu$/ }).click();
    await page.getByText('Đã lưu số liệu').first().waitFor();
    await figure.getByTestId('figure-difference').getByText('Chênh lệch so với tổng cấp dưới: 2').waitFor();
    await page.getByRole('textbox', { name: 'Khó khăn, vướng mắc' }).fill('Địa bàn đô thị, đối tượng di biến động nhiều.');
    // "Nơi nhận" and the signature are the report's own, printed at its foot.
    await page.getByRole('textbox', { name: 'Nơi nhận' }).fill('Công an tỉnh Lào Cai\nLưu: VT, CATP');
    await page.getByRole('textbox', { name: 'Họ và tên người ký' }).fill('Nguyễn Văn Bình');
    await page.getByRole('button', { name: /^(loading )?Lưu$/ }).last().click();
    await page.getByText('Đã lưu', { exact: true }).first().waitFor();
    await portal.shot(page, 'reports-03-city-report');
    const url = page.url();

    const approver = await portal.newPage(DESKTOP);
    await portal.signIn(approver, 'tplaocai.approver');
    await approver.goto(url);
    await approver.getByRole('button', { name: 'Gửi báo cáo' }).click();
    await approver.getByRole('dialog').getByRole('button', { name: 'Gửi báo cáo' }).click();
    await expect.poll(() => reportStatus(approver).textContent(), { timeout: 15_000 }).toBe('Đã gửi');
    // The override and its note stay visible on the submitted report.
    const submitted = approver.locator(`[data-testid="report-figure"][data-target="${CASES}"]`);
    await submitted.getByText('Công an thành phố bắt giữ thêm 2 vụ tại địa bàn giáp ranh.').waitFor();
    await submitted.getByTestId('figure-difference').waitFor();
    await expect(approver.getByTestId('report-recipients').textContent()).resolves.toBe('Công an tỉnh Lào CaiLưu: VT, CATP');
    await expect(approver.getByTestId('report-signature').textContent()).resolves.toContain('Nguyễn Văn Bình');
  });

  it('the province follows the milestone: achieved against allocated, late and missing units; accepts one, returns another', async () => {
    const page = await portal.newPage(DESKTOP);
    await portal.signIn(page, 'laocai.approver');
    // The desk lists the reports waiting for the province.
    const waiting = page.getByTestId('home-reports-waiting');
    await waiting.getByRole('link', { name: /^Thành phố Lào Cai: / }).waitFor();
    await page.goto(`${env.url}/plans/${ids.provincePlan}`);
    await page.getByTestId('milestone-follow').first().click();
    await page.waitForURL(/\/reports\/milestones\/[0-9a-f-]{36}$/);
    await page.getByRole('heading', { name: 'Theo dõi báo cáo', level: 1 }).waitFor();

    // Totals per target: achieved against allocated with the gap.
    const cases = page.getByTestId('follow-totals').locator(`li[data-target="${CASES}"]`);
    await cases.getByText(/^Giao: 160$/).waitFor();
    await cases.getByText(/^Còn thiếu|^Vượt|^Đạt chỉ tiêu/).waitFor();
    // Who reported: Bát Xát and the city late, communes missing, Si Ma Cai returned.
    const summary = page.getByTestId('follow-summary');
    await summary.locator('[data-compliance="LATE"]').getByText('2').waitFor();
    await summary.locator('[data-compliance="RETURNED"]').getByText('1').waitFor();
    const rows = page.getByTestId('follow-row');
    await rows.and(page.locator('[data-unit="Huyện Bát Xát"][data-compliance="LATE"]')).waitFor();
    await rows.and(page.locator('[data-unit="Thành phố Lào Cai"][data-compliance="LATE"]')).waitFor();
    expect(await rows.and(page.locator('[data-compliance="MISSING"]')).count()).toBeGreaterThan(0);
    await rows.and(page.locator('[data-unit="Huyện Si Ma Cai"][data-compliance="RETURNED"]')).waitFor();
    await portal.shot(page, 'reports-04-province-follow', { fullPage: true });
    const followUrl = page.url();

    // Accept Bảo Yên's report.
    await rows.and(page.locator('[data-unit="Huyện Bảo Yên"]')).getByRole('link', { name: /^Mở/ }).click();
    await page.getByRole('button', { name: 'Tiếp nhận' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Tiếp nhận' }).click();
    await expect.poll(() => reportStatus(page).textContent(), { timeout: 15_000 }).toBe('Đã tiếp nhận');
    // The report prints as "BÁO CÁO": both downloads are offered; the .docx comes with the session's token.
    await page.getByRole('button', { name: 'Tải PDF' }).waitFor();
    const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Tải .docx' }).click()]);
    expect(file.suggestedFilename()).toMatch(/^BC-Huyen-Bao-Yen-2024-10-03 Báo cáo Huyện Bảo Yên .*\.docx$/);
    expect(readFileSync(await file.path()).subarray(0, 2).toString('latin1')).toBe('PK');

    // Return the city's, with a reason (required).
    await page.goto(followUrl);
    await rows.and(page.locator('[data-unit="Thành phố Lào Cai"]')).getByRole('link', { name: /^Mở/ }).click();
    await page.getByRole('button', { name: 'Trả lại' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Trả lại' }).click();
    await dialog.getByText('Ghi lý do để đơn vị sửa lại.').waitFor();
    await dialog.getByLabel('Lý do trả lại').fill(REASON);
    await dialog.getByRole('button', { name: /^(loading )?Trả lại$/ }).click();
    await expect.poll(() => reportStatus(page).textContent(), { timeout: 15_000 }).toBe('Bị trả lại');
    // The province never edits a subordinate's report.
    expect(await page.getByLabel('Trong kỳ').count()).toBe(0);
  });

  it('the returned city is told, sees the reason and can correct and submit again', async () => {
    const page = await portal.newPage(PHONE);
    await portal.signIn(page, 'tplaocai.editor');
    // The desk lists the returned report among those to submit.
    const due = page.getByTestId('home-due-reports');
    await due.locator('li', { has: page.locator('.report-status', { hasText: 'Bị trả lại' }) }).first().waitFor();
    await fits(page, 'the city’s desk');
    await portal.shot(page, 'reports-05-desk');
    // The notice says who returned which report, and why; it opens the report.
    await page.getByTestId('notification-bell').tap();
    const notice = page.getByTestId('notification-list').locator('[data-kind="REPORT_RETURNED"]').first();
    await notice.getByText('Tỉnh Lào Cai đã trả lại báo cáo “Báo cáo kết quả 01 tháng thực hiện”').waitFor();
    await notice.getByText(`Lý do: ${REASON}`).waitFor();
    await fits(page, 'the returned notice');
    await notice.getByRole('button', { name: 'Xem báo cáo' }).tap();
    await page.waitForURL(/\/reports\/[0-9a-f-]{36}$/);
    await page.getByTestId('report-returned').getByText(REASON).waitFor();
    // Editable again.
    await page.locator(`[data-testid="report-figure"][data-target="${CASES}"]`).getByLabel('Trong kỳ').waitFor();
    await fits(page, 'the returned report');
    await portal.shot(page, 'reports-06-returned');
    const approver = await portal.newPage(PHONE);
    await portal.signIn(approver, 'tplaocai.approver');
    await approver.goto(page.url());
    await approver.getByRole('button', { name: 'Gửi báo cáo' }).tap();
    await approver.getByRole('dialog').getByRole('button', { name: 'Gửi báo cáo' }).tap();
    await expect.poll(() => reportStatus(approver).textContent(), { timeout: 15_000 }).toBe('Đã gửi');
  });
});

describe('the trend and the cascade’s report column', () => {
  it('the province reads the trend of a target across the plan’s reporting periods: a hand-drawn chart with its table', async () => {
    const page = await portal.newPage(DESKTOP);
    await portal.signIn(page, 'laocai.viewer');
    const first = await scalar<string>(
      `select id from plan_milestone where plan_id = $1 and kind = 'RESULT_REPORT' order by position limit 1`,
      [ids.provincePlan],
    );
    await page.goto(`${env.url}/reports/milestones/${first}`);
    const trend = page.getByTestId('follow-trend');
    await trend.getByRole('heading', { name: 'Diễn biến qua các kỳ báo cáo' }).waitFor();
    // The cases target (allocated 160 to the districts): chosen, its chart named by its title.
    await trend.locator('.ant-select', { has: page.getByRole('combobox', { name: 'Chỉ tiêu' }) }).click();
    await page
      .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option', { hasText: `${CASES} (vụ)` })
      .first()
      .click();
    const chart = trend.getByRole('img', { name: `${CASES}: kết quả đạt được so với chỉ tiêu giao qua các kỳ báo cáo` });
    await chart.waitFor();
    // Its description reads the figures; the first month has them, the later periods none yet.
    const describedBy = (await chart.getAttribute('aria-labelledby'))!.split(' ')[1];
    const description = await page.locator(`[id="${describedBy}"]`).textContent();
    expect(description).toContain('03/10/2024: đạt trong kỳ');
    expect(description).toContain('chỉ tiêu giao 160 vụ');
    expect(description).toContain('18/12/2024: đạt trong kỳ chưa có số liệu');
    // A horizontal line has no height: attached, not "visible" to playwright.
    await chart.getByTestId('trend-allocated').waitFor({ state: 'attached' });
    expect(await chart.getByTestId('trend-bar').count()).toBe(1);
    await chart.getByTestId('trend-current').waitFor();
    // The table beneath: one row per period, the one followed marked.
    const table = trend.getByTestId('trend-table');
    expect(await table.locator('tbody tr').count()).toBe(3);
    const current = table.locator('tbody tr[aria-current="true"]');
    expect(await current.getAttribute('data-milestone')).toBe(first);
    expect(await current.locator('td').nth(2).textContent()).toBe('160');
    const achieved = Number((await chart.getByTestId('trend-bar').getAttribute('data-value'))!);
    expect(achieved).toBeGreaterThan(0);
    await trend.scrollIntoViewIfNeeded();
    await portal.shot(page, 'reports-06-trend');

    const phone = await portal.newPage(PHONE);
    await portal.signIn(phone, 'laocai.viewer');
    await phone.goto(page.url());
    await phone.getByTestId('trend-chart').waitFor();
    await fits(phone, 'the trend on a phone');
  });

  it('the cascade shows each district’s report on the chosen milestone beside its plan, with the way to the report', async () => {
    const page = await portal.newPage(DESKTOP);
    await portal.signIn(page, 'laocai.viewer');
    await page.goto(`${env.url}/plans/${ids.provincePlan}/cascade`);
    const table = page.getByTestId('cascade-table');
    await table.locator('.ant-table-row').first().waitFor();
    await page.getByRole('columnheader', { name: 'Báo cáo' }).waitFor();
    // By default the latest milestone past due (all of 2024): the final review, nobody has reported.
    const select = page.getByTestId('cascade-report-milestone');
    await expect(select.textContent()).resolves.toContain('18/12/2024');
    const row = (name: string) => table.locator('.ant-table-row', { hasText: name });
    await row('Huyện Bát Xát').getByTestId('cascade-report').and(page.locator('[data-compliance="MISSING"]')).waitFor();
    // The first month: Bát Xát late, Si Ma Cai returned, Bảo Yên accepted on time.
    await select.click();
    await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option', { hasText: '03/10/2024' }).click();
    await page.waitForURL(/report=/);
    await row('Huyện Bát Xát').getByTestId('cascade-report').and(page.locator('[data-compliance="LATE"][data-status="SUBMITTED"]')).waitFor();
    await row('Huyện Si Ma Cai').getByTestId('cascade-report').and(page.locator('[data-compliance="RETURNED"]')).waitFor();
    await row('Huyện Bảo Yên').getByTestId('cascade-report').and(page.locator('[data-status="ACCEPTED"]')).waitFor();
    await row('Huyện Bảo Yên').getByText('Đúng hạn').waitFor();
    await portal.shot(page, 'reports-07-cascade-reports');
    // The plan's status stays beside it; the link opens the district's report.
    await row('Huyện Bát Xát').getByRole('link', { name: 'Xem báo cáo: Huyện Bát Xát' }).click();
    await page.waitForURL(/\/reports\/[0-9a-f-]{36}$/);
    await page.getByRole('heading', { name: /^Báo cáo kết quả thực hiện Kế hoạch số / }).waitFor();
    const batXat = await scalar<string>(
      `select r.id from report r join admin_unit u on u.id = r.unit_id join report_obligation o on o.id = r.obligation_id
       where u.code = '082' and o.plan_id = $1 and o.kind = 'RESULT_REPORT' and o.kind_rank = 0 and r.status <> 'SUPERSEDED'`,
      [ids.provincePlan],
    );
    expect(page.url()).toBe(`${env.url}/reports/${batXat}`);
  });
});
