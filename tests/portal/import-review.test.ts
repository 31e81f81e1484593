import JSZip from 'jszip';
import { type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docxWithTables } from '../../api/src/modules/documents/import/test-fixtures.js';
import { DESKTOP, PHONE, PortalSession } from '../support/browser.js';
import { describeViolations, horizontalOverflow, seriousAxeViolations } from '../support/page-checks.js';
import { type TestEnv } from '../support/env.js';

/**
 * Where the importer is not sure, the portal asks (issue 12): a Word plan whose header holds a
 * line that is no part of a header, a table and pending tracked changes. The report words each
 * warning in Vietnamese by its code, asks the header fields with the values read, and saving the
 * corrected value updates the draft; the table shows as a table, on a desk and on a phone.
 */

let env: TestEnv;
const portal = new PortalSession({ timeout: 25_000 });

beforeAll(async () => {
  env = await portal.start();
});
afterAll(async () => {
  await portal.stop();
});

const TABLE = [
  ['STT', 'Nội dung kiểm tra', 'Thời gian', 'Đơn vị chủ trì'],
  ['1', 'Kiểm tra cơ sở cai nghiện ma túy và các điểm tư vấn, điều trị nghiện', 'Tháng 3/2025', 'Sở Y tế'],
  ['2', 'Kiểm tra các địa bàn, điểm có nguy cơ về tệ nạn ma túy', 'Tháng 6/2025', 'Công an tỉnh'],
];

/** A clerk's .docx: the header as a two-column table, a stray "Kính gửi" line above "KẾ HOẠCH", a table, one insertion and one deletion tracked. */
async function ambiguousDocx(): Promise<Buffer> {
  const plain = await docxWithTables(
    [
      'Kính gửi: Các sở, ban, ngành thuộc tỉnh',
      'KẾ HOẠCH',
      'Kiểm tra công tác phòng, chống ma túy năm 2025',
      'Thực hiện Chỉ thị số 36-CT/TW ngày 16/8/2019 của Bộ Chính trị; Ủy ban nhân dân tỉnh ban hành Kế hoạch như sau:',
      'I. LỊCH KIỂM TRA',
      '1. Đoàn kiểm tra làm việc theo lịch sau:',
      TABLE,
      'Nơi nhận:',
      '- Như trên;',
      'TM. ỦY BAN NHÂN DÂN',
      'CHỦ TỊCH',
      'Nguyễn Văn An',
    ],
    [
      ['ỦY BAN NHÂN DÂN', 'TỈNH LÀO CAI', 'Số: 125/KH-UBND'],
      ['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc', 'Lào Cai, ngày 20 tháng 8 năm 2025'],
    ],
  );
  const zip = await JSZip.loadAsync(plain);
  const xml = await zip.file('word/document.xml')!.async('string');
  const at = 'Đoàn kiểm tra làm việc theo lịch sau:</w:t></w:r>';
  expect(xml).toContain(at);
  const changes =
    '<w:ins w:id="1" w:author="Chuyên viên" w:date="2025-08-01T00:00:00Z"><w:r><w:t xml:space="preserve"> (có thể điều chỉnh)</w:t></w:r></w:ins>' +
    '<w:del w:id="2" w:author="Chuyên viên" w:date="2025-08-01T00:00:00Z"><w:r><w:delText xml:space="preserve"> hằng tháng</w:delText></w:r></w:del>';
  zip.file('word/document.xml', xml.replace(at, at + changes));
  return zip.generateAsync({ type: 'nodebuffer' });
}

async function importFile(page: Page, file: Buffer) {
  await page.goto(`${env.url}/plans`);
  await page.getByRole('button', { name: 'Nhập từ tệp' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.locator('input[type=file]').setInputFiles({
    name: 'ke-hoach-kiem-tra.docx',
    mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    buffer: file,
  });
  await dialog.getByRole('button', { name: 'Nhập', exact: true }).click();
  // The report, or a refusal (shown so that a failure says why).
  await dialog.locator('[data-testid="import-report"], .ant-alert-error').first().waitFor({ timeout: 60_000 });
  expect(await dialog.locator('.ant-alert-error').count(), (await dialog.textContent()) ?? '').toBe(0);
  await dialog.getByTestId('import-report').getByText(/Đã tạo dự thảo gồm \d+ mục/).waitFor();
  return dialog;
}

describe('the import asks where the importer is not sure', () => {
  it('words the warnings in Vietnamese, asks the unsure header fields, saves the correction to the draft; the table is a table', async () => {
    const page = await portal.newPage(DESKTOP);
    await portal.signIn(page, 'laocai.editor');
    const dialog = await importFile(page, await ambiguousDocx());

    // The warnings, in Vietnamese words by their codes, with the line and the figures in them; never the API's English.
    const warnings = dialog.getByTestId('import-warnings');
    await warnings.waitFor();
    const items = await warnings.locator('[data-code]').evaluateAll((els) => els.map((e) => [e.getAttribute('data-code'), e.textContent]));
    expect(Object.fromEntries(items)).toEqual({
      TRACKED_CHANGES:
        'Tệp Word còn 1 chỗ chèn và 1 chỗ xóa đang theo dõi (Track Changes) chưa được chấp nhận hay từ chối; hệ thống đã đọc như thể đã chấp nhận tất cả.',
      HEADER_UNSURE:
        'Phần đầu văn bản có dòng không phải cơ quan ban hành, số hay ngày tháng: “Kính gửi: Các sở, ban, ngành thuộc tỉnh”. Dòng này được giữ ở đầu đoạn mở đầu; hãy kiểm tra lại phần đầu văn bản.',
    });
    expect(await dialog.getByText(/Header lines that are|tracked changes/).count()).toBe(0);

    // The tracked changes are said and asked about.
    const tracked = dialog.getByTestId('import-tracked-changes');
    expect(await tracked.textContent()).toContain('Hệ thống đã đọc 1 chỗ chèn và bỏ 1 chỗ xóa như thể đã chấp nhận');

    // The unsure header fields, each with the value read.
    const review = dialog.getByTestId('import-header-review');
    await review.getByRole('heading', { name: 'Kiểm tra thông tin đầu văn bản' }).waitFor();
    const issuingBody = review.getByLabel('Tên cơ quan ban hành');
    const dateLine = review.getByLabel('Dòng địa danh, ngày tháng');
    expect(await issuingBody.inputValue()).toBe('ỦY BAN NHÂN DÂN\nTỈNH LÀO CAI');
    expect(await review.getByLabel('Ký hiệu', { exact: true }).inputValue()).toBe('KH-UBND');
    expect(await review.getByLabel('Địa danh', { exact: true }).inputValue()).toBe('Lào Cai');
    expect(await dateLine.inputValue()).toBe('Lào Cai, ngày 20 tháng 8 năm 2025');
    await portal.shot(page, 'import-review-01-asks');
    // The review is as accessible as the rest (labels, contrast of the reasons' tags).
    const dialogViolations = await seriousAxeViolations(page);
    expect(dialogViolations, describeViolations(dialogViolations)).toEqual([]);

    // The official corrects the date line and confirms the rest: the draft has them.
    await dateLine.fill('Lào Cai, ngày 25 tháng 8 năm 2025');
    await review.getByRole('button', { name: /Lưu thông tin đầu văn bản/ }).click();
    await review.getByTestId('import-header-saved').waitFor();
    await dialog.getByRole('button', { name: 'Mở dự thảo' }).click();
    await page.waitForURL(/\/plans\/[0-9a-f-]{36}$/);
    const planId = page.url().split('/').at(-1)!;
    const { rows } = await env.db.query(`select issuing_body, symbol, place, date_line, version from plan where id = $1`, [planId]);
    expect(rows[0]).toMatchObject({
      issuing_body: 'ỦY BAN NHÂN DÂN\nTỈNH LÀO CAI',
      symbol: 'KH-UBND',
      place: 'Lào Cai',
      date_line: 'Lào Cai, ngày 25 tháng 8 năm 2025',
    });
    await page.getByTestId('plan-date-line').getByText('Lào Cai, ngày 25 tháng 8 năm 2025').waitFor();

    // The table: a real table, its first row the header, every row and cell there.
    const table = page.getByTestId('plan-table');
    await table.waitFor();
    expect(await table.locator('thead th').allTextContents()).toEqual(TABLE[0]);
    const body = await table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => Array.from(tr.querySelectorAll("td")).map((td) => td.textContent)));
    expect(body).toEqual(TABLE.slice(1));
    await table.scrollIntoViewIfNeeded();
    await portal.shot(page, 'import-review-02-table');
    const pageViolations = await seriousAxeViolations(page);
    expect(pageViolations, describeViolations(pageViolations)).toEqual([]);

    // On a phone the table scrolls sideways in its box; the page does not.
    const phone = await portal.newPage(PHONE);
    await portal.signIn(phone, 'laocai.editor');
    await phone.goto(`${env.url}/plans/${planId}`);
    const small = phone.getByTestId('plan-table');
    await small.waitFor();
    const box = await small.evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth, overflow: getComputedStyle(el).overflowX }));
    expect(box.overflow).toBe('auto');
    expect(box.scroll).toBeGreaterThan(box.client);
    const page_ = await horizontalOverflow(phone);
    expect(page_.scrollWidth, page_.culprits.join(', ')).toBeLessThanOrEqual(page_.clientWidth);
    await small.scrollIntoViewIfNeeded();
    await portal.shot(phone, 'import-review-03-table-phone');
  });
});
