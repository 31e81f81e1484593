import { type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PortalSession } from '../support/browser.js';
import { type TestEnv } from '../support/env.js';

/**
 * The portal in Debian's Chromium against the real server (the same boot() as `npm start`, which
 * serves portal/dist at "/"), at the 1366×768 of an office laptop. Screenshots of the main
 * screens go to tests/artifacts/screens/.
 */

let env: TestEnv;
const portal = new PortalSession({ timeout: 15_000, acceptDownloads: false });
const newPage = () => portal.newPage();
const signIn = (page: Page, username: string) => portal.signIn(page, username);
const shot = (page: Page, name: string, fullPage = false) => portal.shot(page, name, { fullPage, settleMs: 300 });

const text = async (locator: Locator) => (await locator.textContent())?.trim() ?? '';
const sider = (page: Page) => page.locator('.ant-layout-sider');
/** The value beside a label in the unit details (a bordered antd Descriptions: one row per item). */
const detail = (page: Page, label: string) => page.locator('tr', { has: page.locator('th', { hasText: label }) }).locator('td');
const plain = (s: string) =>
  s
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .replace(/đ/gi, 'd')
    .toLowerCase();

beforeAll(async () => {
  env = await portal.start();
});

afterAll(async () => {
  await portal.stop();
});

describe('portal', () => {
  it('signs a province administrator in and shows who acts for which unit', async () => {
    const page = await newPage();
    await page.goto(`${env.url}/`);
    await page.waitForURL(/\/login/);
    await page.getByRole('heading', { name: 'Đăng nhập' }).waitFor();
    await shot(page, '01-sign-in');

    // A wrong password is refused in the form, in Vietnamese.
    await page.getByLabel('Tên đăng nhập').fill('laocai.admin');
    await page.getByLabel('Mật khẩu').fill('sai-mat-khau');
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.getByRole('alert').filter({ hasText: 'Tên đăng nhập hoặc mật khẩu không đúng' }).waitFor();

    await signIn(page, 'laocai.admin');
    // The desk first (issue 14): the administrator's shortcuts, then the unit tree.
    expect(new URL(page.url()).pathname).toBe('/');
    await page.getByTestId('home-admin').waitFor();
    expect(await text(page.getByTestId('header-unit'))).toBe('Tỉnh Lào Cai');
    expect(await text(page.getByTestId('header-role'))).toBe('Quản trị viên');
    expect(await text(page.getByTestId('header-user'))).toContain('Tỉnh Lào Cai');
    // The account's disclosure says who is signed in; Escape closes it.
    const account = page.getByRole('button', { name: /Tài khoản đang đăng nhập/ });
    await account.click();
    expect(await account.getAttribute('aria-expanded')).toBe('true');
    await page.locator('.app-account-panel').getByText('laocai.admin').waitFor();
    await page.keyboard.press('Escape');
    await page.locator('.app-account-panel').waitFor({ state: 'detached' });
    expect(await account.getAttribute('aria-expanded')).toBe('false');
    // The current page is marked in the navigation.
    expect(await sider(page).locator('[aria-current="page"]').textContent()).toBe('Trang chủ');
    for (const item of ['Đơn vị hành chính', 'Cơ quan, đơn vị', 'Tài khoản', 'Khóa API']) {
      await sider(page).getByText(item, { exact: true }).waitFor();
    }
    // The token survives a reload; signing out forgets it.
    await page.reload();
    await page.getByTestId('header-unit').waitFor();
    await sider(page).getByText('Đăng xuất').click();
    await page.waitForURL(/\/login/);
    await page.goto(`${env.url}/agencies`);
    await page.waitForURL(/\/login/);

    // The next official on the same computer sees nothing of the previous session.
    await signIn(page, 'phuonglaocai.viewer');
    expect(await text(page.getByTestId('header-unit'))).toBe('Phường Lào Cai');
    await sider(page).getByText('Cơ quan, đơn vị', { exact: true }).waitFor();
    expect(await sider(page).getByText('Tài khoản', { exact: true }).count()).toBe(0);
    expect(await sider(page).getByText('Khóa API', { exact: true }).count()).toBe(0);
  });

  it('switches to English and back, and remembers the choice', async () => {
    const page = await newPage();
    await signIn(page, 'laocai.admin');
    await page.goto(`${env.url}/units`);
    await page.getByRole('heading', { name: 'Đơn vị hành chính' }).waitFor();

    await page.locator('.language-switch').getByText('EN').click();
    await page.getByRole('heading', { name: 'Administrative units' }).waitFor();
    await sider(page).getByText('Agencies', { exact: true }).waitFor();
    expect(await text(page.getByTestId('header-role'))).toBe('Administrator');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    await shot(page, '02-units-english');

    await page.reload();
    await page.getByRole('heading', { name: 'Administrative units' }).waitFor();
    // Dates stay dd/mm/yyyy in English too.
    expect(await text(detail(page, 'Ceased on'))).toBe('30/06/2025');

    await page.locator('.language-switch').getByText('VI').click();
    await page.getByRole('heading', { name: 'Đơn vị hành chính' }).waitFor();
    expect(await page.evaluate(() => localStorage.getItem('kehoach.locale'))).toBe('vi');
  });

  it('expands the unit tree on demand and finds "Hòa" and "Hoà" by typing "hoa"', async () => {
    const page = await newPage();
    await signIn(page, 'laocai.admin');
    await page.goto(`${env.url}/units`);
    const tree = page.getByRole('region', { name: /Cây đơn vị hành chính/ });
    // The user's own unit is open with its districts loaded; communes load on expand.
    const city = tree.locator('.ant-tree-treenode', { hasText: 'Thành phố Lào Cai' }).first();
    await city.waitFor();
    expect(await tree.getByText('Phường Lào Cai', { exact: true }).count()).toBe(0);
    await city.locator('.ant-tree-switcher').click();
    await tree.getByText('Phường Lào Cai', { exact: true }).waitFor();
    await tree.getByText('Phường Lào Cai', { exact: true }).click();
    const details = page.locator('.ant-card', { has: page.locator('.ant-descriptions') });
    await details.locator('.ant-card-head').getByText('Phường Lào Cai').waitFor();
    expect(await text(detail(page, 'Mã đơn vị'))).toBe('02641');
    expect(await text(detail(page, 'Hết hiệu lực từ ngày'))).toBe('30/06/2025');
    await details.getByText('Đơn vị này đã chấm dứt hoạt động ngày 30/06/2025').waitFor();
    await shot(page, '03-unit-tree');

    await page.getByLabel('Tìm đơn vị').fill('hoa');
    const results = page.getByRole('region', { name: /Kết quả tìm kiếm/ });
    await results.getByText('Xã Vạn Hoà').waitFor();
    const names = await results.locator('.unit-label > span:first-child').allTextContents();
    expect(names.length).toBeGreaterThan(0);
    for (const name of names) expect(plain(name)).toContain('hoa');
    await shot(page, '04-unit-search');

    // Both spellings of the syllable, across provinces (a national account sees them all).
    const national = await newPage();
    await signIn(national, 'quocgia.viewer');
    await national.goto(`${env.url}/units`);
    await national.getByLabel('Tìm đơn vị').fill('xuan hoa');
    const found = national.getByRole('region', { name: /Kết quả tìm kiếm/ });
    await found.getByText('Xã Xuân Hoà', { exact: true }).first().waitFor();
    await found.getByText('Xã Xuân Hòa', { exact: true }).first().waitFor();
  });

  it('lets a province administrator add an agency with a sector from the catalogue', async () => {
    const page = await newPage();
    await signIn(page, 'laocai.admin');
    await sider(page).getByText('Cơ quan, đơn vị', { exact: true }).click();
    await page.getByRole('heading', { name: 'Cơ quan, đơn vị thực hiện' }).waitFor();
    await page.getByRole('cell', { name: 'Công an tỉnh', exact: true }).waitFor();
    await shot(page, '05-agencies');

    await page.getByRole('button', { name: 'Thêm cơ quan, đơn vị' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('Thêm cơ quan, đơn vị thuộc Tỉnh Lào Cai').waitFor();
    // Required fields are checked before anything is sent.
    await dialog.getByRole('button', { name: 'Thêm cơ quan, đơn vị' }).click();
    await dialog.getByText('Vui lòng nhập tên cơ quan, đơn vị').waitFor();

    await dialog.getByLabel('Tên cơ quan, đơn vị').fill('Trung tâm Điều trị nghiện ma túy tỉnh');
    await dialog.getByLabel('Ngành, lĩnh vực').click();
    await page.keyboard.type('Y tế');
    await page.locator('.ant-select-item-option', { hasText: /^Y tế$/ }).click();
    await shot(page, '06-agency-create');
    await dialog.getByRole('button', { name: 'Thêm cơ quan, đơn vị' }).click();
    await page.getByText('Đã thêm “Trung tâm Điều trị nghiện ma túy tỉnh”').waitFor();

    await page.getByLabel('Tìm theo tên cơ quan, đơn vị').fill('dieu tri');
    const row = page.getByRole('row', { name: /Trung tâm Điều trị nghiện ma túy tỉnh/ });
    await row.waitFor();
    expect(await text(row)).toContain('Y tế');
    const { rows } = await env.db.query(`select sector, unit_id from agency where name = $1`, ['Trung tâm Điều trị nghiện ma túy tỉnh']);
    expect(rows).toEqual([{ sector: 'HEALTH', unit_id: await env.unitId('10') }]);

    // The same name twice is refused beside the field.
    await page.getByRole('button', { name: 'Thêm cơ quan, đơn vị' }).click();
    await dialog.getByLabel('Tên cơ quan, đơn vị').fill('Trung tâm Điều trị nghiện ma túy tỉnh');
    await dialog.getByLabel('Ngành, lĩnh vực').click();
    await page.keyboard.type('Y tế');
    await page.locator('.ant-select-item-option', { hasText: /^Y tế$/ }).click();
    await dialog.getByRole('button', { name: 'Thêm cơ quan, đơn vị' }).click();
    await dialog.getByText('Đơn vị đã có cơ quan, đơn vị cùng tên').waitFor();
  });

  it('shows a commune viewer no administration at all', async () => {
    const page = await newPage();
    await signIn(page, 'phuonglaocai.viewer');
    expect(await text(page.getByTestId('header-role'))).toBe('Người xem');
    expect(await text(page.getByTestId('header-unit'))).toBe('Phường Lào Cai');
    await sider(page).getByText('Cơ quan, đơn vị', { exact: true }).waitFor();
    expect(await sider(page).getByText('Tài khoản', { exact: true }).count()).toBe(0);
    expect(await sider(page).getByText('Khóa API', { exact: true }).count()).toBe(0);
    // The desk first (issue 14); the unit's page from the menu.
    expect(new URL(page.url()).pathname).toBe('/');
    await sider(page).getByText('Đơn vị hành chính', { exact: true }).click();
    const details = page.locator('.ant-card', { has: page.locator('.ant-descriptions') });
    await details.getByRole('button', { name: 'Cơ quan, đơn vị' }).waitFor();
    expect(await details.getByRole('button', { name: 'Tài khoản' }).count()).toBe(0);
    await shot(page, '07-viewer-units');

    await details.getByRole('button', { name: 'Cơ quan, đơn vị' }).click();
    await page.getByRole('cell', { name: 'Công an phường Lào Cai' }).waitFor();
    await page.getByText('Bạn chỉ xem được danh sách').waitFor();
    expect(await page.getByRole('button', { name: 'Thêm cơ quan, đơn vị' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: /^Sửa/ }).count()).toBe(0);
    expect(await page.getByRole('button', { name: /Ngừng sử dụng/ }).count()).toBe(0);
    await shot(page, '08-viewer-agencies');

    // Typing the address does not help: the screen says why, and the API would refuse anyway.
    await page.goto(`${env.url}/users`);
    await page.getByText('Chỉ quản trị viên mới quản lý tài khoản.').waitFor();
  });

  it('shows a conflicting edit of an account plainly and lets the administrator retry on the latest data', async () => {
    const page = await newPage();
    await signIn(page, 'laocai.admin');
    await page.goto(`${env.url}/users`);
    await page.getByLabel('Tìm theo tên đăng nhập hoặc họ tên').fill('batxat.viewer');
    await page.getByRole('row', { name: /batxat\.viewer/ }).waitFor();
    await shot(page, '09-users');
    await page.getByRole('button', { name: 'Sửa: batxat.viewer' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Họ và tên').waitFor();

    // Someone else saves the same account meanwhile.
    const admin = await env.login('laocai.admin');
    const read = await env.gql<{ users: { nodes: { id: string; version: number }[] } }>(
      `query($u: ID!) { users(unitId: $u, includeDescendants: true, search: "batxat.viewer") { nodes { id version } } }`,
      { u: String(await env.unitId('10')) },
      admin,
    );
    const target = read.data!.users.nodes[0];
    const other = await env.gql(
      `mutation($id: ID!, $v: Int!) { updateUser(input: { id: $id, version: $v, displayName: "Nguyễn Văn Bình" }) { user { version } } }`,
      { id: target.id, v: target.version },
      admin,
    );
    expect(other.errors).toBeUndefined();

    await dialog.getByLabel('Họ và tên').fill('Trần Thị Hoa');
    await dialog.getByRole('button', { name: 'Lưu' }).click();
    await dialog.getByText('Dữ liệu đã được người khác thay đổi').waitFor();
    await shot(page, '10-user-conflict');
    await dialog.getByRole('button', { name: 'Tải dữ liệu mới nhất vào biểu mẫu' }).click();
    expect(await dialog.getByLabel('Họ và tên').inputValue()).toBe('Nguyễn Văn Bình');
    await dialog.getByLabel('Họ và tên').fill('Trần Thị Hoa');
    await dialog.getByRole('button', { name: 'Lưu' }).click();
    await page.getByText('Đã lưu tài khoản “batxat.viewer”').waitFor();
    await page.getByRole('cell', { name: 'Trần Thị Hoa' }).waitFor();
  });

  it('shows a new API key once, with a warning, and revokes it', async () => {
    const page = await newPage();
    await signIn(page, 'laocai.admin');
    await sider(page).getByText('Khóa API', { exact: true }).click();
    await page.getByText('Đơn vị chưa có khóa API nào.').waitFor();
    await page.getByRole('button', { name: 'Tạo khóa API' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Tên gợi nhớ').fill('Cổng dữ liệu tỉnh');
    await dialog.getByRole('button', { name: 'Tạo khóa API' }).click();

    const secretDialog = page.getByRole('dialog', { name: /Khóa API mới/ });
    await secretDialog.getByText('Khóa chỉ hiển thị một lần duy nhất').waitFor();
    const secret = (await secretDialog.getByTestId('api-key-secret').textContent())!.trim();
    expect(secret.length).toBeGreaterThan(20);
    await secretDialog.getByRole('button', { name: 'Sao chép khóa' }).click();
    await secretDialog.getByRole('button', { name: 'Đã sao chép' }).waitFor();
    await shot(page, '11-api-key-secret');
    // The key works as the API documents it.
    const asKey = await env.gql<{ me: { kind: string } }>(`{ me { kind } }`, {}, { apiKey: secret });
    expect(asKey.data?.me.kind).toBe('API_KEY');
    // Escape does not close it: only the explicit confirmation does.
    await page.keyboard.press('Escape');
    await secretDialog.getByRole('button', { name: 'Tôi đã lưu khóa, đóng cửa sổ' }).click();
    await secretDialog.waitFor({ state: 'hidden' });
    expect(await page.getByText(secret).count()).toBe(0);

    const row = page.getByRole('row', { name: /Cổng dữ liệu tỉnh/ });
    expect(await text(row)).toContain('Đang hiệu lực');
    await shot(page, '12-api-keys');
    await row.getByRole('button', { name: 'Thu hồi: Cổng dữ liệu tỉnh' }).click();
    await page.locator('.ant-popconfirm').getByRole('button', { name: 'Thu hồi' }).click();
    await page.getByText('Đã thu hồi khóa “Cổng dữ liệu tỉnh”').waitFor();
    await row.getByText(/Thu hồi ngày \d{2}\/\d{2}\/\d{4}/).waitFor();
    const revoked = await env.gql(`{ me { kind } }`, {}, { apiKey: secret });
    expect(revoked.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});
