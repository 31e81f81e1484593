import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertUser } from '../support/api-helpers.js';
import { DESKTOP, PortalSession } from '../support/browser.js';
import type { Caller, TestEnv } from '../support/env.js';

/**
 * The figures table as .xlsx in the portal (docs/REPORTS.md, "Figures as a spreadsheet"): an
 * editor of Mường Khương downloads its draft's table, changes a figure with its note in Excel,
 * chooses the file, sees the change and what is not imported, and saves it. Screenshot to
 * tests/artifacts/screens/reports-xlsx-*.
 */

let env: TestEnv;
const portal = new PortalSession({ timeout: 30_000, acceptDownloads: true });
let draft = '';
let editor: Caller;
const USERNAME = '083.xlsx-portal';
const CASES = 'phát hiện, bắt giữ, khởi tố';
const NOTE = 'Bổ sung 2 vụ do Công an huyện phát hiện';

async function scalar<T>(sql: string, params: unknown[] = []): Promise<T> {
  const { rows } = await env.db.query(sql, params);
  return Object.values(rows[0] ?? {})[0] as T;
}

beforeAll(async () => {
  env = await portal.start();
  const district = await env.unitId('083');
  await insertUser(env.db, district, { role: 'EDITOR', username: USERNAME });
  editor = await env.login(USERNAME);
  const accepted = await scalar<string>(
    `select r.id from report r join report_obligation o on o.id = r.obligation_id join plan_milestone m on m.id = o.milestone_id
     where o.unit_id = $1 and r.status = 'ACCEPTED' order by m.due_date limit 1`,
    [district],
  );
  const r = await env.gql<{ correctReport: { report: { id: string } } }>(
    `mutation($i: CorrectReportInput!) { correctReport(input: $i) { report { id } } }`,
    { i: { reportId: accepted, version: await scalar<number>(`select version from report where id = $1`, [accepted]) } },
    editor,
  );
  draft = r.data!.correctReport.report.id;
});

afterAll(async () => {
  await portal.stop();
});

describe('the figures table as .xlsx', () => {
  it('an editor downloads the table, imports it changed, sees the preview and saves', async () => {
    const page = await portal.newPage(DESKTOP);
    await portal.signIn(page, USERNAME);
    await page.goto(`${env.url}/reports/${draft}`);
    const tools = page.getByTestId('report-xlsx');
    await tools.getByRole('button', { name: 'Tải bảng số liệu (.xlsx)' }).waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), tools.getByRole('button', { name: 'Tải bảng số liệu (.xlsx)' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^Số liệu báo cáo - Huyện Mường Khương - 03\/10\/2024\.xlsx$|\.xlsx$/);
    const saved = path.join(os.tmpdir(), `figures-${draft}.xlsx`);
    await download.saveAs(saved);

    // In Excel: the district's cases of the period two more, with the reason.
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(saved);
    const ws = wb.worksheets[0];
    let head = { row: 0, col: 0 };
    let unitRow = 0;
    ws.eachRow((row, r) =>
      row.eachCell((cell, c) => {
        if (!head.row && typeof cell.value === 'string' && cell.value.startsWith(`${CASES} (`)) head = { row: r, col: c };
        if (head.row && r > head.row + 1 && !unitRow && cell.value === 'Huyện Mường Khương') unitRow = r;
      }),
    );
    const before = ws.getRow(unitRow).getCell(head.col + 1).value as number;
    ws.getRow(unitRow).getCell(head.col + 1).value = before + 2;
    ws.getRow(unitRow).getCell(head.col + 3).value = NOTE;
    const changed = path.join(os.tmpdir(), `figures-${draft}-changed.xlsx`);
    await wb.xlsx.writeFile(changed);

    await page.getByTestId('report-xlsx-file').setInputFiles(changed);
    const preview = page.getByTestId('report-xlsx-preview');
    await preview.getByText('Số liệu sẽ thay đổi (2)').waitFor();
    await preview.getByRole('cell', { name: String(before + 2), exact: true }).waitFor();
    await preview.getByRole('cell', { name: NOTE }).waitFor();
    await portal.shot(page, 'reports-xlsx-01-preview');
    // Nothing is written before "Lưu".
    const figure = `select f.period_value::float8 from report_figure f where f.report_id = $1 and f.metric = $2 order by f.position limit 1`;
    expect(await scalar<number>(figure, [draft, CASES])).toBe(before);
    await page.getByRole('dialog').getByRole('button', { name: 'Lưu' }).click();
    await page.getByText('Đã lưu 2 thay đổi từ tệp Excel.').waitFor();
    await page.getByTestId('report-xlsx-preview').waitFor({ state: 'detached' });
    expect(await scalar<number>(figure, [draft, CASES])).toBe(before + 2);
    const card = page.locator(`[data-testid="report-figure"][data-target="${CASES}"]`).first();
    await expect(card.getByLabel('Trong kỳ').inputValue()).resolves.toBe(String(before + 2));
    await fs.rm(saved, { force: true });
    await fs.rm(changed, { force: true });
  });
});
