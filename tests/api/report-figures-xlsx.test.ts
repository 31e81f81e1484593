import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertUser } from '../support/api-helpers.js';
import { codeOf, createTestEnv, type Caller, type GqlResult, type TestEnv } from '../support/env.js';

/*
 * The figures table as .xlsx (docs/REPORTS.md, "Figures as a spreadsheet") through the real
 * server, under row-level security: Mường Khương's first-month report (built on its three
 * communes' sum in the demo) is corrected into a draft, exported, read back with exceljs, and
 * imported — unchanged (nothing changes), edited (a preview, then exactly that applied) and
 * broken in each way an import refuses (nothing stored).
 */

let env: TestEnv;
const as = {} as Record<string, Caller>;
let milestone: string; // the province's first-month milestone
let accepted: string; // Mường Khương's accepted report (version 1)
let draft: string; // its correction, a draft
let district: { id: number; name: string };

const CASES = 'phát hiện, bắt giữ, khởi tố';

async function scalar<T = any>(sql: string, params: unknown[] = []): Promise<T> {
  const { rows } = await env.db.query(sql, params);
  return (rows[0] ? Object.values(rows[0])[0] : undefined) as T;
}
async function ok<T = any>(r: Promise<GqlResult<T>>): Promise<T> {
  const got = await r;
  expect(got.errors, JSON.stringify(got.errors)).toBeUndefined();
  return got.data!;
}

async function download(path: string, who?: Caller) {
  const res = await fetch(`${env.url}${path}`, { headers: who?.token ? { authorization: `Bearer ${who.token}` } : {} });
  return {
    status: res.status,
    type: res.headers.get('content-type'),
    disposition: res.headers.get('content-disposition'),
    sqlCount: Number(res.headers.get('x-sql-count') ?? -1),
    body: Buffer.from(await res.arrayBuffer()),
  };
}
async function book(body: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(body as unknown as ArrayBuffer);
  return wb;
}
/** The first cell whose text is `text`, scanning the sheet (from a row on). */
function find(ws: ExcelJS.Worksheet, text: string, from = 1): { row: number; col: number } {
  for (let r = from; r <= ws.rowCount; r++) {
    for (let c = 1; c <= ws.columnCount; c++) if (ws.getRow(r).getCell(c).value === text) return { row: r, col: c };
  }
  throw new Error(`no cell "${text}" in ${ws.name}`);
}
/** The row of a unit and the first column of a target's group in a report sheet. */
function locate(ws: ExcelJS.Worksheet, unit: string, heading: string) {
  const head = find(ws, heading);
  const row = find(ws, unit, head.row + 2).row;
  return { row, allocated: head.col, period: head.col + 1, cumulative: head.col + 2, note: head.col + 3, header: head.row };
}

/** A target's heading in the table: "metric (unit)", numbered " [n]" in the plan's order where the plan repeats it. */
async function headingOf(f: { targetId: string }): Promise<string> {
  const { rows } = await env.db.query(
    `select id, metric || ' (' || unit_of_measure || ')' as heading from plan_target
     where plan_id = (select plan_id from plan_target where id = $1) order by position`,
    [f.targetId],
  );
  const mine = rows.find((r) => r.id === f.targetId)!;
  const same = rows.filter((r) => r.heading === mine.heading);
  return same.length > 1 ? `${mine.heading} [${same.indexOf(mine) + 1}]` : mine.heading;
}

const REPORT = `id version status figures { id targetId metric unitOfMeasure allocated periodValue cumulativeValue sumFromBelow cumulativeFromBelow overrideNote version }
  subordinates { expected reported missing { name } }`;
const getReport = async (id: string, who: Caller) =>
  (await ok(env.gql(`query($id: String!) { report(id: $id) { ${REPORT} } }`, { id }, who))).report;

const IMPORT = `mutation($i: ImportReportFiguresInput!) { importReportFigures(input: $i) {
  dryRun applied sheet previewDigest warningCount
  changes { targetId metric field before after cell }
  warnings { code sheet cell unitName metric field inFile current }
  report { id version } } }`;
async function importFile(
  body: Buffer | ExcelJS.Workbook,
  opts: { dryRun: boolean; version?: number; previewDigest?: string; who?: Caller; reportId?: string },
) {
  const bytes = Buffer.isBuffer(body) ? body : Buffer.from(await (body as ExcelJS.Workbook).xlsx.writeBuffer());
  const reportId = opts.reportId ?? draft;
  const version = opts.version ?? (await scalar<number>(`select version from report where id = $1`, [reportId])) ?? 1;
  return env.gql(
    IMPORT,
    {
      i: {
        reportId,
        version,
        fileName: 'so-lieu.xlsx',
        contentBase64: bytes.toString('base64'),
        dryRun: opts.dryRun,
        previewDigest: opts.previewDigest,
      },
    },
    opts.who ?? as.editor,
  );
}
/** The rows an import may touch, and the audit trail: equal before and after a refused or dry import. */
const snapshot = async () =>
  (
    await env.db.query(
      `select (select json_agg(json_build_object('id', f.id, 'p', f.period_value, 'c', f.cumulative_value, 'n', f.override_note, 'v', f.version) order by f.id)
                from report_figure f) figures,
              (select json_agg(json_build_object('id', r.id, 'v', r.version, 'u', r.updated_at) order by r.id) from report r) reports,
              (select count(*)::int from audit_event) audit`,
    )
  ).rows[0];
const exportDraft = async () => {
  const d = await download(`/api/reports/${draft}/figures.xlsx`, as.editor);
  expect(d.status).toBe(200);
  return d.body;
};

beforeAll(async () => {
  env = await createTestEnv();
  for (const u of ['laocai.viewer', 'laocai.editor', 'batxat.viewer', 'batxat.editor']) as[u] = await env.login(u);
  const districtId = await env.unitId('083');
  district = { id: districtId, name: await scalar(`select name from admin_unit where id = $1`, [districtId]) };
  // Mường Khương has no demo accounts: an editor and a viewer of its own.
  for (const role of ['EDITOR', 'VIEWER'] as const) {
    const u = await insertUser(env.db, districtId, { role, username: `083.xlsx-${role.toLowerCase()}` });
    as[role === 'EDITOR' ? 'editor' : 'viewer'] = await env.login(u.username);
  }
  const laoCaiPlan = await scalar(
    `select p.id from plan p join admin_unit u on u.id = p.unit_id where u.code = '10' and p.status = 'ISSUED'`,
  );
  milestone = await scalar(`select id from plan_milestone where plan_id = $1 and kind = 'RESULT_REPORT' order by position limit 1`, [
    laoCaiPlan,
  ]);
  accepted = await scalar(
    `select r.id from report r join report_obligation o on o.id = r.obligation_id where o.milestone_id = $1 and o.unit_id = $2`,
    [milestone, districtId],
  );
  const v = await scalar<number>(`select version from report where id = $1`, [accepted]);
  const c = await ok(
    env.gql(
      `mutation($i: CorrectReportInput!) { correctReport(input: $i) { report { id status } } }`,
      { i: { reportId: accepted, version: v, idempotencyKey: 'xlsx-correction' } },
      as.editor,
    ),
  );
  draft = c.correctReport.report.id;
});
afterAll(async () => {
  await env?.stop();
});

describe('export: GET /api/reports/:id/figures.xlsx', () => {
  it('one sheet: the unit’s row then each unit below owing the report, figures as the roll-up knows them, in Vietnamese', async () => {
    const d = await download(`/api/reports/${draft}/figures.xlsx`, as.editor);
    expect(d.status).toBe(200);
    expect(d.type).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(d.disposition).toMatch(/^attachment; filename="so-lieu-bao-cao-Huyen-Muong-Khuong-2024-10-03\.xlsx"; filename\*=UTF-8''/);
    const wb = await book(d.body);
    expect(wb.worksheets).toHaveLength(1);
    const ws = wb.worksheets[0];
    expect(ws.name).toBe(district.name);
    const report = await getReport(draft, as.editor);
    const cases = report.figures.find((f: any) => f.metric === CASES);
    const at = locate(ws, district.name, await headingOf(cases));
    expect(ws.getRow(at.header).getCell(find(ws, 'Đơn vị').col).value).toBe('Đơn vị');
    expect(['Được giao', 'Trong kỳ', 'Lũy kế', 'Ghi chú'].map((w, i) => ws.getRow(at.header + 1).getCell(at.allocated + i).value)).toEqual([
      'Được giao',
      'Trong kỳ',
      'Lũy kế',
      'Ghi chú',
    ]);
    // The unit's own row: its figures as numbers, against its allocation.
    const own = ws.getRow(at.row);
    expect(own.getCell(at.allocated).value).toBe(cases.allocated);
    expect(own.getCell(at.period).value).toBe(cases.periodValue);
    expect(typeof own.getCell(at.period).value).toBe('number');
    expect(own.getCell(at.cumulative).value).toBe(cases.cumulativeValue);
    // Every commune owing the report, by name: the three that reported with what they submitted, the others "chưa báo cáo".
    const communes = (
      await env.db.query(
        `select u.name, f.period_value::float8 p, f.cumulative_value::float8 c, r.status
         from report_obligation o join admin_unit u on u.id = o.unit_id
         left join report r on r.obligation_id = o.id and r.status in ('SUBMITTED','ACCEPTED')
         left join report_figure f on f.report_id = r.id and f.rolls_into_target_id = $2
         where o.parent_obligation_id = (select obligation_id from report where id = $1) order by u.code`,
        [draft, cases.targetId],
      )
    ).rows;
    expect(communes.length).toBe(report.subordinates.expected);
    expect(communes.filter((x) => x.status).length).toBe(3);
    const status = find(ws, 'Tình trạng', at.header).col;
    for (const c of communes) {
      const row = ws.getRow(find(ws, c.name, at.row).row);
      expect(row.number).toBeGreaterThan(at.row);
      expect(row.getCell(status).value).toBe(c.status ? 'đã báo cáo' : 'chưa báo cáo');
      expect(row.getCell(at.period).value ?? null).toBe(c.status ? c.p : null);
      expect(row.getCell(at.cumulative).value ?? null).toBe(c.status ? c.c : null);
    }
    // Their sum is what the district's figure was built on.
    expect(communes.reduce((s, c) => s + (c.p ?? 0), 0)).toBe(cases.sumFromBelow);
    // Dates as dates, shown dd/mm/yyyy.
    const due = ws.getRow(find(ws, 'Hạn báo cáo').row).getCell(2);
    expect(due.value).toEqual(new Date(Date.UTC(2024, 9, 3)));
    expect(due.numFmt).toBe('dd/mm/yyyy');
    expect(ws.getRow(find(ws, 'Mã báo cáo').row).getCell(2).value).toBe(draft);
  });

  it('costs the same statements whatever the number of units below', async () => {
    // Mường Khương has its communes below; a commune's report has no unit below it.
    const sapa = await scalar(
      `select r.id from report r join report_obligation o on o.id = r.obligation_id
       where o.parent_obligation_id = (select obligation_id from report where id = $1) and r.status = 'SUBMITTED' limit 1`,
      [accepted],
    );
    const below = (id: string) =>
      scalar<number>(
        `select count(*)::int from report_obligation where parent_obligation_id = (select obligation_id from report where id = $1)`,
        [id],
      );
    expect(await below(accepted)).toBeGreaterThan(await below(sapa));
    const a = await download(`/api/reports/${accepted}/figures.xlsx`, as['laocai.viewer']);
    const b = await download(`/api/reports/${sapa}/figures.xlsx`, as['laocai.viewer']);
    expect([a.status, b.status]).toEqual([200, 200]);
    // A fixed number with units below (a per-unit read would pass it at Mường Khương's communes);
    // without any, the reads of their figures are skipped.
    expect(a.sqlCount).toBeGreaterThan(0);
    expect(a.sqlCount).toBeLessThanOrEqual(10);
    expect(b.sqlCount).toBeLessThanOrEqual(a.sqlCount);
  });

  it('exactly the report’s read access: a superior never sees the draft, a sibling nothing, anonymous 401', async () => {
    expect((await download(`/api/reports/${draft}/figures.xlsx`, as['laocai.viewer'])).status).toBe(404);
    expect((await download(`/api/reports/${accepted}/figures.xlsx`, as['laocai.viewer'])).status).toBe(200);
    expect((await download(`/api/reports/${accepted}/figures.xlsx`, as['batxat.viewer'])).status).toBe(404);
    expect((await download(`/api/reports/${draft}/figures.xlsx`, as['batxat.viewer'])).status).toBe(404);
    expect((await download(`/api/reports/${draft}/figures.xlsx`, as.viewer)).status).toBe(200);
    const anon = await download(`/api/reports/${draft}/figures.xlsx`);
    expect(anon.status).toBe(401);
    expect(JSON.parse(anon.body.toString()).code).toBe('UNAUTHENTICATED');
    expect((await download(`/api/reports/not-a-uuid/figures.xlsx`, as.editor)).status).toBe(400);
  });
});

describe('export: GET /api/reports/milestones/:milestoneId/figures.xlsx', () => {
  it('a summary of every unit in sight and a sheet per report in sight — never a draft', async () => {
    const d = await download(`/api/reports/milestones/${milestone}/figures.xlsx`, as['laocai.viewer']);
    expect(d.status).toBe(200);
    const wb = await book(d.body);
    const [summary, ...sheets] = wb.worksheets;
    expect(summary.name).toBe('Tổng hợp');
    // The reports the province sees: every district's but the city's (none) — submitted, accepted or returned — and Mường Khương's communes'.
    const visible = (
      await env.db.query(
        `with recursive tree as (select o.id from report_obligation o where o.milestone_id = $1
           union all select c.id from report_obligation c join tree on c.parent_obligation_id = tree.id)
         select distinct on (r.obligation_id) r.id, u.name from tree join report r on r.obligation_id = tree.id join admin_unit u on u.id = r.unit_id
         where r.status in ('SUBMITTED','ACCEPTED','RETURNED') order by r.obligation_id, r.version_no desc`,
        [milestone],
      )
    ).rows;
    expect(sheets.length).toBe(visible.length);
    const ids = sheets.map((ws) => ws.getRow(find(ws, 'Mã báo cáo').row).getCell(2).value);
    expect(ids.sort()).toEqual(visible.map((v) => v.id).sort());
    expect(ids).not.toContain(draft);
    expect(ids).toContain(accepted);
    // Every district and the communes below, in tree order: the city missing, Bát Xát late.
    const unitCol = find(summary, 'Đơn vị').col;
    const names: string[] = [];
    for (let r = find(summary, 'Đơn vị').row + 2; r <= summary.rowCount; r++) names.push(String(summary.getRow(r).getCell(unitCol).value));
    const city = await scalar(`select name from admin_unit where code = '080' and valid_from is null`);
    const status = (name: string) => summary.getRow(find(summary, name).row).getCell(find(summary, 'Tình trạng').col).value;
    expect(status(city)).toBe('quá hạn, chưa báo cáo');
    expect(status(await scalar(`select name from admin_unit where code = '082'`))).toBe('đã gửi, trễ hạn');
    expect(status(district.name)).toBe('đã tiếp nhận, đúng hạn');
    const muongKhuong = names.indexOf(district.name);
    const communes = visible.filter((v) => sheets.some((ws) => ws.name === v.name) && v.name.startsWith('Xã'));
    expect(communes.length).toBeGreaterThanOrEqual(3);
    expect(names.at(-1)).toMatch(/^Tổng cộng/);
    expect(names.slice(muongKhuong + 1, muongKhuong + 4).every((n) => n.startsWith('Xã') || n.startsWith('Thị trấn'))).toBe(true);
  });

  it('costs the same statements for the province (every unit) as for one district (itself only); out of sight is 404', async () => {
    const all = await download(`/api/reports/milestones/${milestone}/figures.xlsx`, as['laocai.viewer']);
    const one = await download(`/api/reports/milestones/${milestone}/figures.xlsx`, as['batxat.viewer']);
    expect([all.status, one.status]).toEqual([200, 200]);
    // The province's whole tree costs what one district costs, but for the reads skipped where
    // there is nothing to read (no report below in sight); never a statement per unit.
    expect(all.sqlCount).toBeGreaterThan(0);
    expect(all.sqlCount).toBeLessThanOrEqual(18);
    expect(one.sqlCount).toBeLessThanOrEqual(all.sqlCount);
    const mine = await book(one.body);
    expect(mine.worksheets).toHaveLength(2); // the summary and Bát Xát's own report
    // The communes' milestone of Mường Khương's plan: nothing of it in Bát Xát's sight.
    const districtMilestone = await scalar(
      `select o.milestone_id from report_obligation o where o.parent_obligation_id = (select obligation_id from report where id = $1) limit 1`,
      [accepted],
    );
    expect((await download(`/api/reports/milestones/${districtMilestone}/figures.xlsx`, as['batxat.viewer'])).status).toBe(404);
    expect((await download(`/api/reports/milestones/${districtMilestone}/figures.xlsx`, as.viewer)).status).toBe(200);
    expect((await download(`/api/reports/milestones/${milestone}/figures.xlsx`)).status).toBe(401);
  });
});

describe('import: importReportFigures', () => {
  it('a round trip — export, then import unchanged — changes nothing', async () => {
    const file = await exportDraft();
    const before = await snapshot();
    const dry = await ok(importFile(file, { dryRun: true }));
    expect(dry.importReportFigures).toMatchObject({ dryRun: true, applied: false, changes: [], warnings: [], warningCount: 0 });
    const wet = await ok(importFile(file, { dryRun: false, previewDigest: dry.importReportFigures.previewDigest }));
    expect(wet.importReportFigures).toMatchObject({ dryRun: false, applied: false, changes: [] });
    expect(await snapshot()).toEqual(before);
  });

  it('a preview lists every change and every difference from below, writes nothing; the apply writes exactly that', async () => {
    const report = await getReport(draft, as.editor);
    const cases = report.figures.find((f: any) => f.metric === CASES);
    const other = report.figures.find((f: any) => f.metric !== CASES && f.unitOfMeasure !== '%');
    const wb = await book(await exportDraft());
    const ws = wb.worksheets[0];
    const at = locate(ws, district.name, await headingOf(cases));
    ws.getRow(at.row).getCell(at.period).value = cases.periodValue + 2;
    ws.getRow(at.row).getCell(at.note).value = 'Bổ sung 2 vụ do Công an huyện phát hiện';
    const o = locate(ws, district.name, await headingOf(other));
    ws.getRow(o.row).getCell(o.cumulative).value = 41.5;
    // Other than the communes' sum, it needs its note too.
    const otherNote = other.cumulativeFromBelow !== null ? 'Theo số liệu thống kê của huyện' : null;
    if (otherNote) ws.getRow(o.row).getCell(o.note).value = otherNote;
    // A commune's figure differs from what it submitted: shown, not written into its report.
    const commune = (
      await env.db.query(
        `select u.name from report r join admin_unit u on u.id = r.unit_id
        where r.obligation_id in (select id from report_obligation where parent_obligation_id = (select obligation_id from report where id = $1))
        and r.status in ('SUBMITTED','ACCEPTED') order by u.code limit 1`,
        [draft],
      )
    ).rows[0].name;
    const c = locate(ws, commune, await headingOf(cases));
    const submitted = ws.getRow(c.row).getCell(c.period).value as number;
    ws.getRow(c.row).getCell(c.period).value = submitted + 10;
    ws.getRow(at.row).getCell(at.allocated).value = 99;

    const before = await snapshot();
    const dry = (await ok(importFile(wb, { dryRun: true }))).importReportFigures;
    const cell = (row: number, col: number) => ws.getRow(row).getCell(col).address;
    const expected = [
      {
        targetId: cases.targetId,
        metric: CASES,
        field: 'PERIOD',
        before: String(cases.periodValue),
        after: String(cases.periodValue + 2),
        cell: cell(at.row, at.period),
      },
      {
        targetId: cases.targetId,
        metric: CASES,
        field: 'NOTE',
        before: null,
        after: 'Bổ sung 2 vụ do Công an huyện phát hiện',
        cell: cell(at.row, at.note),
      },
      {
        targetId: other.targetId,
        metric: other.metric,
        field: 'CUMULATIVE',
        before: other.cumulativeValue === null ? null : String(other.cumulativeValue),
        after: '41.5',
        cell: cell(o.row, o.cumulative),
      },
      ...(otherNote
        ? [{ targetId: other.targetId, metric: other.metric, field: 'NOTE', before: null, after: otherNote, cell: cell(o.row, o.note) }]
        : []),
    ];
    expect(dry.changes).toHaveLength(expected.length);
    expect(dry.changes).toEqual(expect.arrayContaining(expected));
    expect(dry.warnings).toEqual([
      expect.objectContaining({
        code: 'ALLOCATION_NOT_IMPORTED',
        cell: cell(at.row, at.allocated),
        inFile: '99',
        current: String(cases.allocated),
      }),
      expect.objectContaining({
        code: 'SUBORDINATE_DIFFERS',
        unitName: commune,
        field: 'PERIOD',
        cell: cell(c.row, c.period),
        inFile: String(submitted + 10),
        current: String(submitted),
      }),
    ]);
    expect(await snapshot()).toEqual(before);

    const wet = (await ok(importFile(wb, { dryRun: false, previewDigest: dry.previewDigest }))).importReportFigures;
    expect(wet).toMatchObject({ applied: true, changes: dry.changes, previewDigest: dry.previewDigest });
    const after = await getReport(draft, as.editor);
    expect(wet.report.version).toBe(report.version + 1);
    expect(after.figures.find((f: any) => f.targetId === cases.targetId)).toMatchObject({
      periodValue: cases.periodValue + 2,
      overrideNote: 'Bổ sung 2 vụ do Công an huyện phát hiện',
      version: cases.version + 1,
    });
    expect(after.figures.find((f: any) => f.targetId === other.targetId).cumulativeValue).toBe(41.5);
    // Only those two figure rows changed; the commune's report is untouched.
    const changed = (await snapshot()).figures.filter(
      (f: any) => !before.figures.some((b: any) => JSON.stringify(b) === JSON.stringify(f)),
    );
    expect(changed.map((f: any) => f.id).sort()).toEqual([cases.id, other.id].sort());
    const audit = (
      await env.db.query(`select action, after from audit_event where entity_id = $1 order by occurred_at desc limit 1`, [draft])
    ).rows[0];
    expect(audit.action).toBe('IMPORT_REPORT_FIGURES');
    expect(audit.after.changes).toHaveLength(expected.length);
    // The same apply again is on an old version.
    expect(codeOf(await importFile(wb, { dryRun: false, version: report.version }))).toBe('CONFLICT');
  });

  it('an apply whose changes differ from its preview is refused (IMPORT_PREVIEW_STALE)', async () => {
    const wb = await book(await exportDraft());
    const ws = wb.worksheets[0];
    const report = await getReport(draft, as.editor);
    const other = report.figures.find((f: any) => f.metric !== CASES && f.unitOfMeasure !== '%');
    const o = locate(ws, district.name, await headingOf(other));
    ws.getRow(o.row).getCell(o.period).value = 3;
    ws.getRow(o.row).getCell(o.note).value = 'Số liệu của huyện';
    const dry = (await ok(importFile(wb, { dryRun: true }))).importReportFigures;
    ws.getRow(o.row).getCell(o.period).value = 4;
    const before = await snapshot();
    const r = await importFile(wb, { dryRun: false, previewDigest: dry.previewDigest });
    expect(r.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'IMPORT_PREVIEW_STALE' });
    expect(await snapshot()).toEqual(before);
  });

  describe('refusals name the cell and store nothing', () => {
    const refused = async (
      edit: (ws: ExcelJS.Worksheet, report: any) => void | Promise<void>,
      reason: string,
      cell?: (ws: ExcelJS.Worksheet) => string,
    ) => {
      const wb = await book(await exportDraft());
      const ws = wb.worksheets[0];
      await edit(ws, await getReport(draft, as.editor));
      const before = await snapshot();
      for (const dryRun of [true, false]) {
        const r = await importFile(wb, { dryRun });
        expect(r.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'file', reason });
        if (cell) expect(r.errors![0].extensions).toMatchObject({ sheet: ws.name, cell: cell(ws) });
        expect(r.data).toBeNull();
      }
      expect(await snapshot()).toEqual(before);
    };
    const casesAt = async (ws: ExcelJS.Worksheet, report: any) =>
      locate(ws, district.name, await headingOf(report.figures.find((x: any) => x.metric === CASES)));

    it('an unknown unit', async () => {
      let at = '';
      await refused(
        (ws) => {
          const last = ws.getRow(ws.rowCount);
          last.getCell(find(ws, 'Đơn vị').col).value = 'Xã Không Có Thật';
          at = last.getCell(find(ws, 'Đơn vị').col).address;
        },
        'XLSX_UNKNOWN_UNIT',
        () => at,
      );
    });

    it('a name that fits two units (“Mường Khương”: the district and its town)', async () => {
      await refused((ws) => {
        const unitCol = find(ws, 'Đơn vị').col;
        const own = find(ws, district.name, find(ws, 'Đơn vị').row).row;
        ws.getRow(own).getCell(unitCol).value = 'mường khương';
      }, 'XLSX_UNKNOWN_UNIT');
    });

    it('(a name without its kind word that fits one unit is read: nothing refused)', async () => {
      const wb = await book(await exportDraft());
      const ws = wb.worksheets[0];
      const unitCol = find(ws, 'Đơn vị').col;
      const last = ws.getRow(ws.rowCount).getCell(unitCol);
      last.value = String(last.value)
        .replace(/^(Xã|Thị trấn) /, '')
        .toUpperCase();
      const r = await ok(importFile(wb, { dryRun: true }));
      expect(r.importReportFigures).toMatchObject({ changes: [], warningCount: 0 });
    });

    it('a unit on two rows', async () => {
      await refused((ws) => {
        const unitCol = find(ws, 'Đơn vị').col;
        ws.getRow(ws.rowCount).getCell(unitCol).value = ` ${district.name.toUpperCase()} `; // the same unit, whatever the case and spaces
      }, 'XLSX_DUPLICATE_ROW');
    });

    it('an unknown target', async () => {
      await refused(
        async (ws, report) => {
          const at = await casesAt(ws, report);
          ws.getRow(at.header).getCell(at.allocated).value = 'số người được cai nghiện tại gia đình (người)';
        },
        'XLSX_UNKNOWN_TARGET',
        (ws) =>
          ws
            .getRow(find(ws, 'số người được cai nghiện tại gia đình (người)').row)
            .getCell(find(ws, 'số người được cai nghiện tại gia đình (người)').col).address,
      );
    });

    it('a target of the plan the unit does not report on', async () => {
      const other = await scalar<string>(
        `select t.metric || ' (' || t.unit_of_measure || ')' from plan_target t join report_obligation o on o.plan_id = t.plan_id
         where o.id = (select obligation_id from report where id = $1)
           and t.id not in (select target_id from report_figure where report_id = $1) order by t.position limit 1`,
        [draft],
      );
      expect(other).toBeTruthy();
      let at = '';
      await refused(
        (ws) => {
          const col = ws.columnCount + 1;
          ws.getRow(find(ws, 'Đơn vị').row).getCell(col).value = other;
          ws.getRow(find(ws, 'Đơn vị').row + 1).getCell(col).value = 'Trong kỳ';
          at = ws.getRow(find(ws, 'Đơn vị').row).getCell(col).address;
        },
        'TARGET_NOT_REPORTED',
        () => at,
      );
    });

    for (const [what, value] of [
      ['a word', 'mười'],
      ['a negative figure', -1],
      ['a figure above 10^12', 1e13],
      ['a date', new Date(Date.UTC(2024, 9, 1))],
    ] as const) {
      it(`a bad figure: ${what}`, async () => {
        let at = '';
        await refused(
          async (ws, report) => {
            const c = await casesAt(ws, report);
            const cell = ws.getRow(c.row).getCell(c.cumulative);
            cell.value = value;
            // A style of its own: exceljs shares a loaded style between the cells that have it.
            if (value instanceof Date) cell.style = { ...cell.style, numFmt: 'dd/mm/yyyy' };
            at = cell.address;
          },
          'FIGURE_INVALID',
          () => at,
        );
      });
    }

    it('a bad figure in a commune’s row too (nothing in the file goes unchecked)', async () => {
      await refused(async (ws, report) => {
        const c = await casesAt(ws, report);
        ws.getRow(c.row + 1).getCell(c.period).value = 'nhiều';
      }, 'FIGURE_INVALID');
    });

    it('a figure that differs from the sum from below without a note, as updateReportFigure refuses it', async () => {
      let at = '';
      await refused(
        async (ws, report) => {
          const c = await casesAt(ws, report);
          const f = report.figures.find((x: any) => x.metric === CASES);
          ws.getRow(c.row).getCell(c.note).value = null;
          const cell = ws.getRow(c.row).getCell(c.period);
          cell.value = f.sumFromBelow + 7;
          at = cell.address;
        },
        'OVERRIDE_NOTE_REQUIRED',
        () => at,
      );
    });

    it('figures on a row that names no unit', async () => {
      await refused(async (ws, report) => {
        const c = await casesAt(ws, report);
        ws.getRow(ws.rowCount + 2).getCell(c.period).value = 5;
      }, 'XLSX_UNIT_MISSING');
    });

    it('not a workbook, and a zip that inflates beyond what it declares', async () => {
      const before = await snapshot();
      const text = await importFile(Buffer.from('Đơn vị;Chỉ tiêu\nHuyện Mường Khương;5\n'), { dryRun: true });
      expect(text.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'NOT_XLSX' });
      // A sheet of 40 MB of zeros compressed to a few kilobytes.
      const zip = await JSZip.loadAsync(await exportDraft());
      zip.file('xl/worksheets/sheet1.xml', Buffer.alloc(40 * 1024 * 1024, 0x20));
      const bomb = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
      expect(bomb.length).toBeLessThan(2 * 1024 * 1024);
      const r = await importFile(bomb, { dryRun: true });
      expect(r.errors?.[0].extensions).toMatchObject({ code: 'TOO_LARGE', reason: 'PART_TOO_LARGE', part: 'xl/worksheets/sheet1.xml' });
      expect(await snapshot()).toEqual(before);
    });
  });

  it('only editors of the report’s unit import, into a draft: a viewer is FORBIDDEN, a superior and a sibling get NOT_FOUND', async () => {
    const file = await exportDraft();
    const before = await snapshot();
    expect(codeOf(await importFile(file, { dryRun: true, who: as.viewer }))).toBe('FORBIDDEN');
    expect(codeOf(await importFile(file, { dryRun: false, who: as.viewer }))).toBe('FORBIDDEN');
    expect(codeOf(await importFile(file, { dryRun: true, who: as['laocai.editor'] }))).toBe('NOT_FOUND');
    expect(codeOf(await importFile(file, { dryRun: true, who: as['batxat.editor'] }))).toBe('NOT_FOUND');
    // The accepted version is corrected, never edited.
    expect(codeOf(await importFile(file, { dryRun: true, reportId: accepted }))).toBe('INVALID_STATE');
    expect(await snapshot()).toEqual(before);
  });
});
