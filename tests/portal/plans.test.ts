import path from 'node:path';
import { type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../api/src/config.js';
import { PortalSession } from '../support/browser.js';
import { type TestEnv } from '../support/env.js';

/**
 * The plan screens in Debian's Chromium against the real server, at 1366×768: an editor writes a
 * plan as a document (sections, a task with its lead agency and deadline, the "4 rõ" check), meets
 * a concurrent edit, submits; the approver issues it with a number; the history lists it all; an
 * editor imports the Bắc Giang plan from its text. Screenshots go to tests/artifacts/screens/.
 */

const SEEDS = path.join(REPO_ROOT, 'api/data/seeds');

let env: TestEnv;
const portal = new PortalSession({ timeout: 25_000, acceptDownloads: true });
const newPage = () => portal.newPage();
const signIn = (page: Page, username: string) => portal.signIn(page, username);
const shot = (page: Page, name: string, fullPage = false) => portal.shot(page, name, { fullPage, settleMs: 300 });

const text = async (locator: Locator) => (await locator.textContent())?.trim() ?? '';
const sider = (page: Page) => page.locator('.ant-layout-sider');
/** A node of the document by its printed label. */
const node = (page: Page, label: string) => page.locator(`[data-testid="plan-node"][data-label="${label}"]`);
/**
 * A button by its text. antd leaves its spinner (an img named "loading") in a button that was
 * busy a moment ago, so the accessible name may start with it.
 */
const button = (scope: Locator, name: string) => scope.getByRole('button', { name: new RegExp(`^(loading )?${name}$`) });
/** Opens the antd select labelled `name` (its selected value covers the input, so click the control). */
const openSelect = (scope: Locator, name: string) => scope.locator('.ant-select', { has: scope.page().getByRole('combobox', { name }) }).click();
/** Picks an option of the open antd select by its exact text. */
const pick = (page: Page, option: string) =>
  page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option', { hasText: new RegExp(`^${option}$`) }).click();

/** Today in Vietnam, as the API writes the date line (Decree 30: leading zero for days < 10 and months 1–2). */
function todayLine(place: string): string {
  const [y, m, d] = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(new Date()).split('-').map(Number);
  return `${place}, ngày ${String(d).padStart(2, '0')} tháng ${m < 3 ? String(m).padStart(2, '0') : m} năm ${y}`;
}

beforeAll(async () => {
  env = await portal.start();
});

afterAll(async () => {
  await portal.stop();
});

describe('plans', () => {
  it('an editor writes a plan, meets a concurrent edit, submits it; the approver issues it with a number; the history lists it all', async () => {
    const page = await newPage();
    await signIn(page, 'gialai.editor');
    await sider(page).locator('a[href="/plans"]').click();
    await page.getByRole('heading', { name: 'Kế hoạch', exact: true }).waitFor();
    // The province's own plans: the 45/KH-UBND of the demo data.
    await page.getByRole('cell', { name: '45/KH-UBND' }).waitFor();
    await shot(page, 'plans-01-list-own');

    // A new draft.
    await page.getByRole('button', { name: 'Tạo kế hoạch' }).click();
    const create = page.getByRole('dialog');
    await create.getByText('Tạo kế hoạch mới của Tỉnh Gia Lai').waitFor();
    await create.getByRole('button', { name: 'Tạo dự thảo' }).click();
    await create.getByText('Vui lòng nhập trích yếu của kế hoạch').waitFor();
    await create.getByLabel('Trích yếu').fill('Triển khai Tháng hành động phòng, chống ma túy năm 2026');
    expect(await create.getByLabel('Địa danh').inputValue()).toBe('Gia Lai');
    await create.getByRole('button', { name: 'Tạo dự thảo' }).click();
    await page.waitForURL(/\/plans\/[0-9a-f-]{36}$/);
    const planId = page.url().split('/').at(-1)!;
    await page.getByRole('heading', { name: 'Dự thảo kế hoạch' }).waitFor();
    const paper = page.getByTestId('plan-paper');
    await paper.getByText('Triển khai Tháng hành động phòng, chống ma túy năm 2026').waitFor();
    expect(await text(page.getByTestId('plan-number'))).toMatch(/^Số:\s+\/KH-UBND$/);
    expect(await text(page.getByTestId('plan-date-line'))).toMatch(/^Gia Lai, ngày\s+tháng\s+năm \d{4}$/);

    // Section I., suggested as the first label.
    await page.getByRole('button', { name: 'Thêm phần I.' }).click();
    let editor = page.getByRole('group', { name: 'Thêm mục mới' });
    expect(await editor.getByLabel('Số thứ tự').inputValue()).toBe('I.');
    await editor.getByLabel('Nội dung').fill('NHIỆM VỤ VÀ PHÂN CÔNG THỰC HIỆN');
    await button(editor, 'Thêm mục').click();
    await node(page, 'I.').waitFor();

    // A task under it: "1.", led by the provincial police, no deadline yet.
    await node(page, 'I.').hover();
    await node(page, 'I.').getByRole('button', { name: 'Thêm mục con: I.' }).click();
    editor = page.getByRole('group', { name: 'Thêm mục mới' });
    expect(await editor.getByLabel('Số thứ tự').inputValue()).toBe('1.');
    await editor.getByLabel('Nội dung').fill('Tổ chức lễ mít tinh hưởng ứng Tháng hành động phòng, chống ma túy tại trung tâm tỉnh.');
    await editor.getByText('Là nhiệm vụ (giao chủ trì, thời hạn)').click();
    await openSelect(editor, 'Chủ trì');
    await page.keyboard.type('Công an');
    await pick(page, 'Công an tỉnh');
    await page.keyboard.press('Escape');
    await button(editor, 'Thêm mục').click();
    const task = node(page, '1.');
    await task.getByTestId('plan-task').getByText('Công an tỉnh').waitFor();
    // "4 rõ": no completion time yet, beside the node and in the summary.
    const noTiming = task.locator('[data-rule="TASK_NO_TIMING"]');
    await noTiming.waitFor();
    expect(await text(noTiming)).toContain('4 rõ');
    await page.getByTestId('plan-checks').getByText('1 lỗi').waitFor();
    await shot(page, 'plans-02-editor-task-4ro');

    // Setting the deadline clears the check.
    await task.hover();
    await task.getByRole('button', { name: 'Sửa: 1.' }).click();
    editor = page.getByRole('group', { name: 'Sửa mục' });
    await openSelect(editor, 'Thời hạn');
    await pick(page, 'Hoàn thành trước ngày');
    await editor.getByLabel('Hoàn thành trước ngày', { exact: true }).fill('26/06/2026');
    await editor.getByLabel('Diễn đạt trong văn bản').fill('hoàn thành trước ngày 26/6/2026');
    await shot(page, 'plans-03-editor-timing');
    await button(editor, 'Lưu').click();
    await task.getByText('hoàn thành trước 26/06/2026').waitFor();
    await noTiming.waitFor({ state: 'detached' });
    await page.getByTestId('plan-checks').getByText('Không phát hiện vấn đề.').waitFor();

    // Someone else changes the same node through the API while it is open here.
    await task.hover();
    await task.getByRole('button', { name: 'Sửa: 1.' }).click();
    editor = page.getByRole('group', { name: 'Sửa mục' });
    const editor1 = await env.login('gialai.editor');
    const read = await env.gql<{ plan: { nodes: { id: string; label: string; version: number }[] } }>(
      `query($id: String!) { plan(id: $id) { nodes { id label version } } }`,
      { id: planId },
      editor1,
    );
    const target = read.data!.plan.nodes.find((n) => n.label === '1.')!;
    const other = await env.gql(
      `mutation($id: ID!, $v: Int!) { updateNode(input: { nodeId: $id, version: $v, text: "Tổ chức mít tinh tại 17 huyện, thị xã, thành phố." }) { node { version } } }`,
      { id: target.id, v: target.version },
      editor1,
    );
    expect(other.errors).toBeUndefined();
    const mine = 'Tổ chức lễ mít tinh cấp tỉnh, phát động toàn dân phòng, chống ma túy.';
    await editor.getByLabel('Nội dung').fill(mine);
    await button(editor, 'Lưu').click();
    const conflict = editor.getByTestId('plan-conflict');
    await conflict.getByText('Dữ liệu đã được người khác thay đổi').waitFor();
    await conflict.getByText('Tổ chức mít tinh tại 17 huyện, thị xã, thành phố.').waitFor();
    // The user's text is still in the editor.
    expect(await editor.getByLabel('Nội dung').inputValue()).toBe(mine);
    await shot(page, 'plans-04-conflict');
    // Loading the server's version keeps the user's text at hand, to re-apply in one click.
    await conflict.getByRole('button', { name: 'Tải dữ liệu mới nhất vào biểu mẫu' }).click();
    expect(await editor.getByLabel('Nội dung').inputValue()).toBe('Tổ chức mít tinh tại 17 huyện, thị xã, thành phố.');
    await editor.getByTestId('plan-conflict-mine').getByRole('button', { name: 'Dùng lại nội dung của tôi' }).click();
    expect(await editor.getByLabel('Nội dung').inputValue()).toBe(mine);
    await button(editor, 'Lưu').click();
    await task.getByText(mine).waitFor();

    // Submit for review.
    await page.getByRole('button', { name: 'Trình duyệt' }).click();
    const submit = page.getByRole('dialog');
    await submit.getByText('Trình lãnh đạo duyệt kế hoạch').waitFor();
    await submit.getByRole('button', { name: 'Trình duyệt' }).click();
    await page.locator('.plan-toolbar').getByText('Đang trình duyệt').waitFor();
    // In review, the editor can no longer edit.
    expect(await page.getByRole('button', { name: 'Sửa: 1.' }).count()).toBe(0);

    // The approver issues it, with the number it bears on paper.
    const approver = await newPage();
    await signIn(approver, 'gialai.approver');
    await approver.goto(`${env.url}/plans/${planId}`);
    await approver.getByRole('button', { name: 'Trả lại' }).waitFor();
    await approver.getByRole('button', { name: 'Ban hành' }).click();
    const issue = approver.getByRole('dialog');
    await issue.getByText('Ban hành kế hoạch').first().waitFor();
    await issue.getByLabel('Số văn bản').fill('125');
    await issue.getByLabel('Họ tên người ký').fill('Rah Lan Chung');
    // What is past due by today is listed, and Issue waits until each item is confirmed.
    const confirmations = await issue.getByRole('checkbox', { name: 'Đã xem xét, vẫn ban hành' }).all();
    if (confirmations.length > 0) {
      expect(await issue.getByRole('button', { name: 'Ban hành' }).isDisabled()).toBe(true);
      for (const box of confirmations) await box.check();
    }
    await shot(approver, 'plans-05-issue');
    await issue.getByRole('button', { name: 'Ban hành' }).click();
    await approver.locator('.plan-toolbar').getByText('Đã ban hành').waitFor();
    expect(await text(approver.getByTestId('plan-number'))).toBe('Số: 125/KH-UBND');
    expect(await text(approver.getByTestId('plan-date-line'))).toBe(todayLine('Gia Lai'));
    await approver.getByTestId('plan-signature').getByText('Rah Lan Chung').waitFor();
    await approver.getByRole('heading', { name: 'Kế hoạch số 125/KH-UBND' }).waitFor();
    await approver.getByRole('button', { name: 'Thu hồi' }).waitFor();
    await shot(approver, 'plans-06-issued');

    // The issued document downloads as .docx with the session's token.
    const [download] = await Promise.all([approver.waitForEvent('download'), approver.getByRole('button', { name: 'Tải .docx' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^KH-125-KH-UBND-\d{4}.*\.docx$/);

    // The history: who did what, in order.
    await approver.getByRole('button', { name: 'Lịch sử thay đổi' }).click();
    await approver.getByRole('heading', { name: 'Lịch sử thay đổi' }).waitFor();
    const history = approver.getByTestId('plan-history');
    await history.getByText('Ban hành', { exact: true }).waitFor();
    const actions = await history.locator('.plan-history-action').allTextContents();
    expect(actions).toEqual(['Tạo kế hoạch', 'Thêm mục', 'Thêm mục', 'Sửa mục', 'Sửa mục', 'Sửa mục', 'Trình duyệt', 'Ban hành']);
    await history.getByText(mine).first().waitFor();
    await shot(approver, 'plans-07-history');
  });

  it("a district editor allocates a target to its communes with a live sum check, sees unmatched agencies, and omits a superior's node with a reason", async () => {
    const page = await newPage();
    await signIn(page, 'tplaocai.editor');
    await page.goto(`${env.url}/plans`);
    await page.getByRole('row', { name: /thành phố Lào Cai/ }).getByRole('link').first().click();
    await page.getByRole('heading', { name: 'Dự thảo kế hoạch' }).waitFor();
    const planId = page.url().split('/').at(-1)!;
    // Agencies of the province's plan that have no counterpart in the city are marked for the editor.
    await page.locator('[data-unmatched="true"]').first().waitFor();
    expect(await page.locator('[data-unmatched="true"]').count()).toBeGreaterThan(5);

    // Keyboard: a node is one tab stop; Alt+↓/↑ moves it, Enter opens it for editing, Escape closes.
    const sections = () => page.locator('[data-testid="plan-node"].plan-node-section').evaluateAll((els) => els.map((e) => e.getAttribute('data-label')));
    // The plan body draws its nodes in steps (PlanBody.tsx): wait for the last section to be drawn.
    await expect.poll(sections, { timeout: 20_000 }).toEqual(['I.', 'II.', 'III.', 'IV.', 'V.']);
    await node(page, 'II.').focus();
    await page.keyboard.press('Alt+ArrowDown');
    await expect.poll(sections, { timeout: 20_000 }).toEqual(['I.', 'III.', 'II.', 'IV.', 'V.']);
    await page.keyboard.press('Alt+ArrowUp');
    await expect.poll(sections, { timeout: 20_000 }).toEqual(['I.', 'II.', 'III.', 'IV.', 'V.']);
    await page.keyboard.press('Enter');
    await page.getByRole('group', { name: 'Sửa mục' }).waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('group', { name: 'Sửa mục' }).waitFor({ state: 'detached' });

    // The city's own target: 45 cases, to allocate to its wards and communes.
    const target = page.getByTestId('plan-target').filter({ hasText: '45 vụ' });
    await target.scrollIntoViewIfNeeded();
    await target.getByRole('button', { name: 'Sửa chỉ tiêu' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('Sửa chỉ tiêu').first().waitFor();
    await dialog.getByRole('button', { name: 'Thêm đơn vị được phân bổ' }).click();
    await dialog.getByRole('combobox', { name: 'Đơn vị được phân bổ thứ 1' }).fill('Phường Lào Cai');
    await dialog.getByLabel('Số được phân bổ thứ 1').fill('40');
    await dialog.getByRole('button', { name: 'Thêm đơn vị được phân bổ' }).click();
    await dialog.getByRole('combobox', { name: 'Đơn vị được phân bổ thứ 2' }).fill('Phường Cốc Lếu');
    await dialog.getByLabel('Số được phân bổ thứ 2').fill('2');
    // Red while the allocations fall short, with the difference…
    expect(await text(dialog.getByTestId('sum-bad'))).toBe('Tổng phân bổ 42/45 vụ: còn thiếu 3');
    await shot(page, 'plans-12-target-allocations-short');
    // …green once they add up.
    await dialog.getByLabel('Số được phân bổ thứ 2').fill('5');
    expect(await text(dialog.getByTestId('sum-ok'))).toBe('Tổng phân bổ 45 = 45 vụ');
    await dialog.getByRole('button', { name: 'Lưu' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await target.getByTestId('sum-ok').waitFor();
    expect(await text(target)).toContain('Phường Lào Cai: 40');
    await shot(page, 'plans-13-target-allocated');
    const saved = await env.gql<{ plan: { targets: { value: number; allocations: { assignee: string; unitId: string | null }[] }[] } }>(
      `query($id: String!) { plan(id: $id) { targets { value allocations { assignee unitId } } } }`,
      { id: planId },
      await env.login('tplaocai.editor'),
    );
    const allocated = saved.data!.plan.targets.find((t) => t.value === 45)!.allocations;
    expect(allocated.map((a) => a.assignee)).toEqual(['Phường Lào Cai', 'Phường Cốc Lếu']);
    expect(allocated.every((a) => a.unitId)).toBe(true);

    // A node of the province's plan is not deleted but omitted, only with a reason; it stays, greyed.
    const customs = page.getByTestId('plan-node').filter({ hasText: 'Cục Hải quan tỉnh: 02 vụ.' });
    await customs.scrollIntoViewIfNeeded();
    await customs.hover();
    expect(await customs.getByRole('button', { name: 'Xóa: -' }).count()).toBe(0);
    await customs.getByRole('button', { name: 'Bỏ qua: -' }).click();
    const omit = page.getByRole('dialog');
    await omit.getByText('Mục này lấy từ kế hoạch cấp trên').waitFor();
    await button(omit, 'Bỏ qua').click();
    await omit.getByText('Vui lòng nêu lý do bỏ qua').waitFor();
    await omit.getByLabel('Lý do bỏ qua').fill('Thành phố không có lực lượng Hải quan.');
    await shot(page, 'plans-14-omission');
    await button(omit, 'Bỏ qua').click();
    await customs.getByText('Đã bỏ qua: Thành phố không có lực lượng Hải quan.').waitFor();

    // The signer, in the footer of the document.
    await page.getByRole('button', { name: 'Sửa nơi nhận và chữ ký' }).click();
    const footer = page.getByRole('dialog');
    await footer.getByLabel('Họ tên người ký').fill('Nguyễn Văn Sơn');
    await footer.getByRole('textbox', { name: 'Nơi nhận' }).fill('UBND tỉnh;\nCông an tỉnh;\nLưu: VT.');
    await footer.getByRole('button', { name: 'Lưu' }).click();
    await footer.waitFor({ state: 'hidden' });
    await page.getByTestId('plan-signature').getByText('Nguyễn Văn Sơn').waitFor();
    expect(await page.getByTestId('plan-recipients').locator('div').allTextContents()).toEqual(['Nơi nhận:', '- UBND tỉnh;', '- Công an tỉnh;', '- Lưu: VT.']);
  });

  it('adds a node once when its answer is lost and the editor presses "Thêm mục" again (the idempotency key is sent again)', async () => {
    const ed = await env.login('gialai.editor');
    const created = await env.gql<{ createPlan: { plan: { id: string } } }>(
      `mutation($i: CreatePlanInput!) { createPlan(input: $i) { plan { id } } }`,
      { i: { title: 'Kế hoạch thử gửi lại khi mất kết nối' } },
      ed,
    );
    const planId = created.data!.createPlan.plan.id;
    const page = await newPage();
    await signIn(page, 'gialai.editor');
    // The first addNode reaches the server, which adds the node; its answer never reaches the browser.
    const sent: string[] = [];
    await page.route('**/graphql', async (route) => {
      const body = route.request().postData() ?? '';
      if (!body.includes('addNode')) return route.continue();
      sent.push((JSON.parse(body) as { variables: { input: { idempotencyKey?: string } } }).variables.input.idempotencyKey ?? '');
      if (sent.length > 1) return route.continue();
      await route.fetch();
      await route.abort('connectionreset');
    });
    await page.goto(`${env.url}/plans/${planId}`);
    await page.getByRole('heading', { name: 'Dự thảo kế hoạch' }).waitFor();
    await page.getByRole('button', { name: 'Thêm phần I.' }).click();
    const editor = page.getByRole('group', { name: 'Thêm mục mới' });
    await editor.getByLabel('Nội dung').fill('NHIỆM VỤ GỬI LẠI');
    await button(editor, 'Thêm mục').click();
    await expect.poll(() => sent.length).toBe(1);
    await editor.getByRole('alert').waitFor();
    await button(editor, 'Thêm mục').click();
    await node(page, 'I.').first().waitFor();
    // One node, not two: the retry carried the key of the first attempt.
    const { rows } = await env.db.query(`select text from plan_node where plan_id = $1`, [planId]);
    expect(rows).toEqual([{ text: 'NHIỆM VỤ GỬI LẠI' }]);
    expect(sent).toHaveLength(2);
    expect(sent[0]).toMatch(/^node-[0-9a-f]{32}$/);
    expect(sent[1]).toBe(sent[0]);
    expect(await node(page, 'I.').count()).toBe(1);
  });

  it('imports the Bắc Giang plan from its text: the report, then the draft with its ten numbered assignments', async () => {
    const page = await newPage();
    await signIn(page, 'bacgiang.editor');
    await page.goto(`${env.url}/plans`);
    await page.getByRole('button', { name: 'Nhập từ tệp' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.locator('input[type=file]').setInputFiles(path.join(SEEDS, 'province-bac-giang-2024-action-month.txt'));
    await dialog.getByTestId('import-file').getByText('province-bac-giang-2024-action-month.txt').waitFor();
    await dialog.getByRole('button', { name: 'Nhập', exact: true }).click();
    const report = dialog.getByTestId('import-report');
    await report.getByText(/Đã tạo dự thảo gồm \d+ mục/).waitFor({ timeout: 30_000 });
    await report.getByText('Số cơ quan đã nhận diện').waitFor();
    await report.getByText(/Đoạn chưa phân loại \(\d+\)/).waitFor();
    await shot(page, 'plans-08-import-report');
    await dialog.getByRole('button', { name: 'Mở dự thảo' }).click();
    await page.waitForURL(/\/plans\/[0-9a-f-]{36}$/);
    await page.getByRole('heading', { name: 'Dự thảo kế hoạch' }).waitFor();
    const section = node(page, 'II.');
    await section.waitFor();
    expect(await text(section.locator('.plan-node-text'))).toBe('II. NỘI DUNG THỰC HIỆN VÀ PHÂN CÔNG NHIỆM VỤ');
    // The ten assignments of section II, numbered as printed.
    const labels = await page.locator('[data-testid="plan-node"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-label')));
    const start = labels.indexOf('II.');
    const end = labels.indexOf('III.');
    const numbered = labels.slice(start + 1, end).filter((l) => /^\d+\.$/.test(l ?? ''));
    expect(numbered).toEqual(['1.', '2.', '3.', '4.', '5.', '6.', '7.', '8.', '9.', '10.']);
    expect(await text(node(page, '10.').locator('.plan-node-text'))).toBe('10. UBND huyện, thành phố, thị xã');
    await section.evaluate((el) => {
      el.scrollIntoView({ block: 'start' });
      window.scrollBy(0, -130); // below the sticky header and toolbar
    });
    await shot(page, 'plans-09-imported-draft');
  });

  it('gives a ward viewer the plans from above, read-only, and an English page on request', async () => {
    const page = await newPage();
    await signIn(page, 'pleiku.viewer');
    await page.goto(`${env.url}/plans?scope=FROM_ABOVE`);
    const row = page.getByRole('row', { name: /45\/KH-UBND/ });
    await row.waitFor();
    expect(await text(row)).toContain('Tỉnh Gia Lai');
    expect(await text(row)).toContain('Đã ban hành');
    expect(await page.getByRole('button', { name: 'Tạo kế hoạch' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Nhập từ tệp' }).count()).toBe(0);
    await shot(page, 'plans-10-list-from-above');

    // Accent-insensitive search finds the ward's own plan from "ket luan so 132".
    await page.goto(`${env.url}/plans?scope=OWN`);
    await page.getByLabel('Tìm kế hoạch').fill('ket luan so 132');
    await page.getByRole('row', { name: /Phường Pleiku/ }).first().waitFor();
    await page.getByLabel('Tìm kế hoạch').fill('khong co ke hoach nao nhu the nay');
    await page.getByText('Không có kế hoạch nào khớp với điều kiện tìm kiếm.').waitFor();

    await page.goto(`${env.url}/plans?scope=FROM_ABOVE`);
    await page.getByRole('link', { name: /Triển khai thực hiện Nghị quyết số 93\/NQ-CP/ }).click();
    await page.getByRole('heading', { name: 'Kế hoạch số 45/KH-UBND' }).waitFor();
    expect(await text(page.getByTestId('plan-number'))).toBe('Số: 45/KH-UBND');
    expect(await text(page.getByTestId('plan-date-line'))).toBe('Gia Lai, ngày 24 tháng 8 năm 2025');
    for (const name of ['Trình duyệt', 'Ban hành', 'Thu hồi', 'Sửa đổi, bổ sung']) {
      expect(await page.getByRole('button', { name }).count(), name).toBe(0);
    }
    expect(await page.locator('.plan-node-toolbar').count()).toBe(0);
    await page.getByRole('button', { name: 'Tải .docx' }).waitFor();

    await page.locator('.language-switch').getByText('EN').click();
    await page.getByRole('heading', { name: 'Plan no. 45/KH-UBND' }).waitFor();
    await page.getByTestId('plan-checks').getByText('Plan checks').waitFor();
    await shot(page, 'plans-11-plan-english');
    await page.locator('.language-switch').getByText('VI').click();
  });

  it('an editor amends an issued plan and submits it; the approver returns it with a reason, and revokes the old version', async () => {
    const editor = await newPage();
    await signIn(editor, 'laocai.editor');
    await editor.goto(`${env.url}/plans`);
    await editor.getByRole('row', { name: /1\/KH-UBND/ }).getByRole('link').first().click();
    await editor.getByRole('heading', { name: 'Kế hoạch số 1/KH-UBND' }).waitFor();
    const issuedUrl = editor.url();
    await editor.getByRole('button', { name: 'Sửa đổi, bổ sung' }).click();
    const amend = editor.getByRole('dialog');
    await amend.getByText('Sửa đổi, bổ sung kế hoạch').waitFor();
    await amend.getByRole('button', { name: 'Sửa đổi, bổ sung' }).click();
    await editor.waitForURL((url) => url.toString() !== issuedUrl && /\/plans\/[0-9a-f-]{36}$/.test(url.pathname));
    const amendmentUrl = editor.url();
    await editor.getByRole('heading', { name: 'Dự thảo kế hoạch' }).waitFor();
    await editor.locator('.plan-toolbar').getByText('phiên bản 2').waitFor();
    await editor.locator('.plan-side').getByRole('link', { name: 'thay thế 1/KH-UBND' }).waitFor();
    // The copy keeps the numbered body of the issued version.
    await node(editor, 'IV.').waitFor();
    await editor.getByRole('button', { name: 'Trình duyệt' }).click();
    const submit = editor.getByRole('dialog');
    // The checks still find tasks without a deadline: said before submitting, not blocking it.
    await submit.getByText(/Kế hoạch còn \d+ lỗi kiểm tra/).waitFor();
    await submit.getByRole('button', { name: 'Trình duyệt' }).click();
    await editor.locator('.plan-toolbar').getByText('Đang trình duyệt').waitFor();

    const approver = await newPage();
    await signIn(approver, 'laocai.approver');
    await approver.goto(amendmentUrl);
    await approver.getByRole('button', { name: 'Trả lại' }).click();
    const back = approver.getByRole('dialog');
    await back.getByRole('button', { name: 'Trả lại' }).click();
    await back.getByText('Vui lòng nêu lý do').waitFor();
    await back.getByLabel('Lý do').fill('Bổ sung thời hạn hoàn thành cho các nhiệm vụ còn thiếu (4 rõ).');
    await back.getByRole('button', { name: 'Trả lại' }).click();
    await approver.locator('.plan-toolbar').getByText('Dự thảo').waitFor();
    await approver.getByRole('button', { name: 'Lịch sử thay đổi' }).click();
    const history = approver.getByTestId('plan-history');
    await history.getByText('Trả lại dự thảo').waitFor();
    await history.getByText('Bổ sung thời hạn hoàn thành cho các nhiệm vụ còn thiếu (4 rõ).').waitFor();

    // The version in force is revoked, with its reason shown on the plan.
    await approver.goto(issuedUrl);
    await approver.getByRole('button', { name: 'Thu hồi' }).click();
    const revoke = approver.getByRole('dialog');
    await revoke.getByLabel('Lý do').fill('Thay thế bằng kế hoạch mới của tỉnh.');
    await revoke.getByRole('button', { name: 'Thu hồi' }).click();
    await approver.locator('.plan-toolbar').getByText('Đã thu hồi').waitFor();
    await approver.getByText('Kế hoạch đã bị thu hồi. Lý do: Thay thế bằng kế hoạch mới của tỉnh.').waitFor();
    expect(await approver.getByRole('button', { name: 'Thu hồi' }).count()).toBe(0);
    await shot(approver, 'plans-15-revoked');
  });
});
