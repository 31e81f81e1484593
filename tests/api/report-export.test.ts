import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { readDocx, type Para } from '../../api/src/modules/documents/export/docx-xml.test-helpers.js';
import { findOfficeBinary } from '../../api/src/modules/documents/export/plan-pdf.js';
import { insertUser } from '../support/api-helpers.js';
import { createTestEnv, type Caller, type TestEnv } from '../support/env.js';

/**
 * A progress report downloaded as the printed "BÁO CÁO" (.docx, PDF) over the real server, under
 * row-level security (docs/REPORTS.md, "The printed report"): exactly the access of `report(id)`
 * — the unit's own report in any status, a unit below's once submitted, never a draft upwards,
 * never sideways, 401 without credentials —, the numbers of the report and of its units below
 * as GraphQL gives them, and a fixed number of statements whatever the number of units below.
 */

const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const CASES = 'phát hiện, bắt giữ, khởi tố';

let env: TestEnv;
const as = {} as Record<string, Caller>;
let provinceMilestone: string;
let planNumber: string;
/** Mường Khương's accepted report, built on three of its communes; Bát Xát's submitted one; the city's draft. */
const reports = { muongKhuong: '', batXat: '', cityDraft: '' };

function download(id: string, format: 'docx' | 'pdf', caller?: Caller, headers: Record<string, string> = {}) {
  const h: Record<string, string> = { ...headers };
  if (caller?.token) h.authorization = `Bearer ${caller.token}`;
  return fetch(`${env.url}/api/reports/${id}/export.${format}`, { headers: h });
}

async function expectCode(res: Response, status: number, code: string) {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  const body = (await res.json()) as { code: string; reason?: string };
  expect(body.code).toBe(code);
  return body;
}

async function scalar<T = any>(sql: string, params: unknown[] = []): Promise<T> {
  const { rows } = await env.db.query(sql, params);
  return (rows[0] ? Object.values(rows[0])[0] : undefined) as T;
}

async function ok<T = any>(query: string, variables: Record<string, unknown>, caller: Caller): Promise<T> {
  const r = await env.gql(query, variables, caller);
  expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
  return r.data as T;
}

/** The downloaded .docx read back: paragraphs, and a table's rows as cell texts. */
async function printed(res: Response) {
  expect(res.status).toBe(200);
  const parts = await readDocx(Buffer.from(await res.arrayBuffer()));
  const rowsOf = (table: number) => {
    const out: string[][] = [];
    for (const p of parts.paragraphs) {
      if (!p.table || p.table[0] !== table) continue;
      const [, r, c] = p.table;
      (out[r] ??= [])[c] = [out[r][c], p.text].filter((x) => x !== undefined && x !== '').join('\n');
    }
    return out.map((row) => Array.from(row, (c) => c ?? ''));
  };
  const body = parts.paragraphs.filter((p: Para) => p.table === null && p.text.trim() !== '').map((p) => p.text);
  return { parts, rowsOf, body, xml: parts.documentXml };
}

const REPORT = `query($id: String!) { report(id: $id) { id status periodStart periodEnd
  figures { targetId metric unitOfMeasure allocated periodValue cumulativeValue sumFromBelow gap }
  tasks { status } subordinates { expected reported missing { name } } } }`;

beforeAll(async () => {
  env = await createTestEnv();
  for (const who of [
    'laocai.viewer',
    'tplaocai.editor',
    'tplaocai.viewer',
    'phuonglaocai.viewer',
    'batxat.viewer',
    'bacgiang.viewer',
    'quocgia.viewer',
  ]) {
    as[who] = await env.login(who);
  }
  const laoCaiPlan = await scalar<string>(
    `select p.id from plan p join admin_unit u on u.id = p.unit_id where u.code = '10' and p.status = 'ISSUED'`,
  );
  provinceMilestone = await scalar(
    `select id from plan_milestone where plan_id = $1 and kind = 'RESULT_REPORT' order by position limit 1`,
    [laoCaiPlan],
  );
  planNumber = (await ok(`query($id: String!) { plan(id: $id) { numberSymbol } }`, { id: laoCaiPlan }, as['laocai.viewer'])).plan
    .numberSymbol;
  const reportOf = (code: string) =>
    scalar<string>(
      `select r.id from report r join report_obligation o on o.id = r.obligation_id join admin_unit u on u.id = o.unit_id
       where u.code = $1 and o.milestone_id = $2 and r.status <> 'SUPERSEDED'`,
      [code, provinceMilestone],
    );
  reports.muongKhuong = await reportOf('083');
  reports.batXat = await reportOf('082');
  // The city has not reported (the demo's missing unit): its editor starts a draft.
  const cityObligation = await scalar<string>(
    `select o.id from report_obligation o join admin_unit u on u.id = o.unit_id where u.code = '080' and o.milestone_id = $1`,
    [provinceMilestone],
  );
  reports.cityDraft = (
    await ok(
      `mutation($i: CreateReportInput!) { createReport(input: $i) { report { id status } } }`,
      { i: { obligationId: cityObligation } },
      as['tplaocai.editor'],
    )
  ).createReport.report.id;
});
afterAll(async () => {
  await env?.stop();
});

describe('GET /api/reports/:id/export.docx: what it prints', () => {
  it("prints Mường Khương's report to the province: its plan, period, tasks, targets and its communes' figures as GraphQL has them", async () => {
    const res = await download(reports.muongKhuong, 'docx', as['laocai.viewer']);
    expect(res.headers.get('content-type')).toBe(DOCX_TYPE);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="BC-Huyen-Muong-Khuong-2024-10-01\.docx"; filename\*=/);
    expect(res.headers.get('cache-control')).toBe('private, no-store');
    const doc = await printed(res);
    const r = (await ok(REPORT, { id: reports.muongKhuong }, as['laocai.viewer'])).report;
    expect(r.status).toBe('ACCEPTED');

    expect(doc.body).toContain('BÁO CÁO');
    expect(doc.body.find((t) => t.startsWith('Kết quả thực hiện Kế hoạch số'))).toMatch(
      new RegExp(
        `^Kết quả thực hiện Kế hoạch số ${planNumber.replace('/', '\\/')} ngày \\d{2}/\\d{2}/\\d{4} của Ủy ban nhân dân tỉnh Lào Cai$`,
      ),
    );
    const dmy = (d: string) => d.split('-').reverse().join('/');
    expect(doc.body).toContain(`Kỳ báo cáo: từ ngày ${dmy(r.periodStart)} đến ngày ${dmy(r.periodEnd)}.`);
    expect(doc.xml).not.toContain('DỰ THẢO');
    // Submitted (backdated by the demo) on 01/10/2024: the date of the document.
    expect(doc.parts.paragraphs.some((p) => p.text === 'Mường Khương, ngày 01 tháng 10 năm 2024')).toBe(true);
    expect(doc.parts.paragraphs.some((p) => /^Số:\s+\/BC-UBND$/u.test(p.text))).toBe(true);
    // The tasks in words: the demo marks the first completed, the next two in progress.
    expect(doc.body.filter((t) => t === '- Tình trạng: Hoàn thành')).toHaveLength(
      r.tasks.filter((t: any) => t.status === 'COMPLETED').length,
    );
    expect(doc.body.filter((t) => t === '- Tình trạng: Đang thực hiện')).toHaveLength(
      r.tasks.filter((t: any) => t.status === 'IN_PROGRESS').length,
    );

    // The targets: a row per figure with the report's own numbers.
    const fmt = (v: number | null) => (v === null ? '–' : new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 2 }).format(v));
    const targets = doc.rowsOf(1);
    expect(targets[0]).toEqual(['TT', 'Chỉ tiêu', 'Đơn vị tính', 'Được giao', 'Đạt trong kỳ', 'Lũy kế', 'Chênh lệch']);
    expect(targets.slice(1).map((row) => [row[1], row[3], row[4], row[5]])).toEqual(
      r.figures.map((f: any) => [f.metric, fmt(f.allocated), fmt(f.periodValue), fmt(f.cumulativeValue)]),
    );
    const cases = r.figures.find((f: any) => f.metric === CASES && f.sumFromBelow !== null);
    expect(cases).toBeDefined();

    // The communes × targets, four targets a table: the three that reported with their figures,
    // the others "chưa báo cáo"; every figure of the report has its column.
    const tables = [2, 3].map((t) => doc.rowsOf(t));
    expect(tables.flatMap((t) => t[0].slice(2))).toEqual(r.figures.map((f: any) => `${f.metric} (${f.unitOfMeasure})`));
    const units = tables.find((t) => t[0].includes(`${CASES} (vụ)`))!;
    const col = units[0].indexOf(`${CASES} (vụ)`);
    const communes = units.slice(1, -1);
    expect(communes).toHaveLength(r.subordinates.expected);
    const silent = communes.filter((row) => row[2] === 'chưa báo cáo');
    expect(silent.map((row) => row[1]).sort()).toEqual(r.subordinates.missing.map((u: any) => u.name).sort());
    expect(communes.length - silent.length).toBe(r.subordinates.reported);
    expect(r.subordinates.reported).toBe(3);
    // Their figures add up to the sum from below the report shows, in the total row.
    const numeric = (s: string) => Number(s.replace(/\./g, '').replace(',', '.'));
    const reported = communes.filter((row) => row[2] !== 'chưa báo cáo').map((row) => numeric(row[col]));
    expect(reported).toHaveLength(3);
    expect(reported.reduce((a, b) => a + b, 0)).toBe(cases.sumFromBelow);
    expect(units.at(-1)![0]).toBe('Cộng');
    // "Cộng" spans the first two columns.
    expect(numeric(units.at(-1)![col - 1])).toBe(cases.sumFromBelow);
    expect(doc.body).toContain(`Đã có 3/${r.subordinates.expected} đơn vị cấp dưới báo cáo. Số liệu đạt được trong kỳ của từng đơn vị:`);
  });

  it('prints a draft for its own unit with the DỰ THẢO mark and no date', async () => {
    const res = await download(reports.cityDraft, 'docx', as['tplaocai.viewer']);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="BC-du-thao-Thanh-pho-Lao-Cai-[0-9a-f]{8}\.docx"/);
    const doc = await printed(res);
    expect(doc.body[doc.body.indexOf('BÁO CÁO') - 1]).toBe('DỰ THẢO');
    expect(doc.parts.paragraphs.some((p) => /^Lào Cai, ngày\s{4,}tháng\s{4,}năm \d{4}$/u.test(p.text))).toBe(true);
    expect(doc.parts.paragraphs.some((p) => p.text.startsWith('ỦY BAN NHÂN DÂN THÀNH PHỐ LÀO CAI'))).toBe(true);
  });
});

describe('GET /api/reports/:id/export.docx: exactly the access of report(id)', () => {
  /** The export's status for a caller, beside report(id)'s answer: 200 ↔ the report, 404 ↔ NOT_FOUND. */
  async function both(id: string, who: string) {
    const res = await download(id, 'docx', as[who]);
    const gql = await env.gql(`query($id: String!) { report(id: $id) { id } }`, { id }, as[who]);
    return { status: res.status, body: res.status === 200 ? null : await res.text(), gql: gql.errors?.[0]?.extensions?.code ?? 'OK' };
  }

  it('the unit reads its own draft; its superiors, its siblings, the units below and another province do not (404)', async () => {
    expect(await both(reports.cityDraft, 'tplaocai.viewer')).toMatchObject({ status: 200, gql: 'OK' });
    for (const who of ['laocai.viewer', 'quocgia.viewer', 'batxat.viewer', 'phuonglaocai.viewer', 'bacgiang.viewer']) {
      expect(await both(reports.cityDraft, who), who).toMatchObject({ status: 404, gql: 'NOT_FOUND' });
    }
  });

  it('a submitted report: its unit and every unit above read it; a sibling and another province do not', async () => {
    for (const who of ['batxat.viewer', 'laocai.viewer', 'quocgia.viewer']) {
      expect(await both(reports.batXat, who), who).toMatchObject({ status: 200, gql: 'OK' });
    }
    for (const who of ['tplaocai.viewer', 'phuonglaocai.viewer', 'bacgiang.viewer']) {
      expect(await both(reports.batXat, who), who).toMatchObject({ status: 404, gql: 'NOT_FOUND' });
    }
  });

  it('a hidden report answers exactly as a report that does not exist', async () => {
    const hidden = await both(reports.cityDraft, 'laocai.viewer');
    const absent = await both('00000000-0000-4000-8000-000000000000', 'laocai.viewer');
    expect(hidden).toEqual(absent);
    const malformed = await download('not-a-uuid', 'docx', as['laocai.viewer']);
    await expectCode(malformed, 400, 'BAD_USER_INPUT');
  });

  it('answers 401 UNAUTHENTICATED without credentials or with a bad token, like the plan export', async () => {
    const anonymous = await download(reports.batXat, 'docx');
    await expectCode(anonymous, 401, 'UNAUTHENTICATED');
    expect(anonymous.headers.get('www-authenticate')).toBe('Bearer');
    await expectCode(await download(reports.batXat, 'docx', { token: 'not-a-token' }), 401, 'UNAUTHENTICATED');
  });
});

describe('GET /api/reports/:id/export.docx: a fixed number of statements', () => {
  it('the same statements whether three or six of the sixteen communes reported, and a report with no units below costs no more', async () => {
    const before = await download(reports.muongKhuong, 'docx', as['laocai.viewer']);
    const first = Number(before.headers.get('x-sql-count'));
    expect((await printed(before)).rowsOf(2).filter((row) => row[2] === 'chưa báo cáo').length).toBeGreaterThan(3);
    // Three more communes of Mường Khương report.
    const district = await scalar<string>(
      `select o.id from report_obligation o join admin_unit u on u.id = o.unit_id where u.code = '083' and o.milestone_id = $1`,
      [provinceMilestone],
    );
    const free = (
      await env.db.query(
        `select o.id, o.unit_id from report_obligation o where o.parent_obligation_id = $1
           and not exists (select 1 from report r where r.obligation_id = o.id) order by o.unit_id limit 3`,
        [district],
      )
    ).rows;
    expect(free).toHaveLength(3);
    for (const [i, o] of free.entries()) {
      const editor = await env.login((await insertUser(env.db, o.unit_id, { username: `mk-export-editor-${i}`, role: 'EDITOR' })).username);
      const approver = await env.login(
        (await insertUser(env.db, o.unit_id, { username: `mk-export-approver-${i}`, role: 'APPROVER' })).username,
      );
      const r = (
        await ok(
          `mutation($i: CreateReportInput!) { createReport(input: $i) { report { id version } } }`,
          { i: { obligationId: o.id } },
          editor,
        )
      ).createReport.report;
      await ok(
        `mutation($i: ReportTransitionInput!) { submitReport(input: $i) { report { id } } }`,
        { i: { reportId: r.id, version: r.version } },
        approver,
      );
    }
    const after = await download(reports.muongKhuong, 'docx', as['laocai.viewer']);
    const doc = await printed(after);
    expect(doc.body.some((t) => /^Đã có 6\/\d+ đơn vị cấp dưới báo cáo/u.test(t))).toBe(true);
    expect(Number(after.headers.get('x-sql-count'))).toBe(first);
    expect(first).toBeGreaterThan(0);
    expect(first).toBeLessThanOrEqual(10);
    // Bát Xát has no units below owing it a report: one statement fewer at most (the empty roll-up is not read).
    const lone = Number((await download(reports.batXat, 'docx', as['laocai.viewer'])).headers.get('x-sql-count'));
    expect(lone).toBeLessThanOrEqual(first);
  });
});

/** Whether this machine can convert to PDF: the conversion test runs only then, and says so when skipped. */
const officeAvailable = findOfficeBinary() !== null;

describe('GET /api/reports/:id/export.pdf', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('answers 503 with reason PDF_UNAVAILABLE when the server has no LibreOffice', async () => {
    vi.stubEnv('PATH', mkdtempSync(path.join(os.tmpdir(), 'no-office-')));
    const body = await expectCode(await download(reports.batXat, 'pdf', as['laocai.viewer']), 503, 'INVALID_STATE');
    expect(body.reason).toBe('PDF_UNAVAILABLE');
  });

  it('applies the same access rule before converting anything', async () => {
    await expectCode(await download(reports.batXat, 'pdf'), 401, 'UNAUTHENTICATED');
    await expectCode(await download(reports.batXat, 'pdf', as['tplaocai.viewer']), 404, 'NOT_FOUND');
    await expectCode(await download(reports.cityDraft, 'pdf', as['laocai.viewer']), 404, 'NOT_FOUND');
  });

  it.skipIf(!officeAvailable)(
    officeAvailable
      ? 'converts the report with LibreOffice'
      : 'converts the report with LibreOffice — SKIPPED: soffice is not on PATH (apt-get install libreoffice-writer-nogui)',
    async () => {
      const res = await download(reports.batXat, 'pdf', as['laocai.viewer']);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/pdf');
      expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="BC-Huyen-Bat-Xat-2024-10-08\.pdf"/);
      const pdf = Buffer.from(await res.arrayBuffer());
      expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    },
    120_000,
  );
});
