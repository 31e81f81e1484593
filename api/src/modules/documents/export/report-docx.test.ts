import { beforeAll, describe, expect, it } from 'vitest';
import type { PrintableReport } from '../../reports/report-print.js';
import type { ReportFigureNode, ReportTaskNode } from '../../reports/report.types.js';
import { docxToText } from '../import/docx-to-text.js';
import { readDocx, type DocxParts, type Para } from './docx-xml.test-helpers.js';
import { reportDisposition } from './export.routes.js';
import { DRAFT_MARK, committeeOf, renderReportDocx } from './report-docx.js';

/**
 * The printed "BÁO CÁO" (docs/REPORTS.md, "The printed report"), read back from
 * word/document.xml: the letterhead of the reporting unit, the title naming the plan, the
 * period, the tasks with their status words, the table of targets and the table of the units
 * below with real numbers, recipients and signature, and the DỰ THẢO mark on a draft only.
 */

const task = (i: number, status: ReportTaskNode['status'], text: string, done = ''): ReportTaskNode => ({
  id: `task-${i}`,
  nodeId: null,
  label: `${i}.`,
  text,
  status,
  done,
  version: 1,
});

const figure = (targetId: string, metric: string, unitOfMeasure: string, f: Partial<ReportFigureNode>): ReportFigureNode => ({
  id: `figure-${targetId}`,
  targetId,
  metric,
  unitOfMeasure,
  allocated: null,
  periodValue: null,
  cumulativeValue: null,
  sumFromBelow: null,
  cumulativeFromBelow: null,
  unitsBelow: 0,
  difference: null,
  overrideNote: null,
  gap: null,
  version: 1,
  ...f,
});

/** Mường Khương's first-month report to the province, built on three of its communes. */
function submitted(): PrintableReport {
  return {
    report: {
      id: '5e1f0c2a-0000-4000-8000-000000000001',
      obligationId: 'o-1',
      unitId: 83,
      unitPath: 'x',
      provinceId: 10,
      agencyId: null,
      versionNo: 1,
      correctsReportId: null,
      status: 'SUBMITTED',
      periodStart: '2024-09-15',
      periodEnd: '2024-10-14',
      difficulties: 'Địa bàn rộng, giáp biên giới.\nLực lượng mỏng.',
      proposals: 'Đề nghị tăng cường kinh phí hỗ trợ lực lượng cơ sở.',
      recipients: ['Công an tỉnh;', 'Lưu: VT.'],
      signature: { authority: 'TM. ỦY BAN NHÂN DÂN', title: 'CHỦ TỊCH', signerName: 'Nguyễn Văn An' },
      returnedReason: null,
      // 01/10/2024 in Vietnam (UTC+7) although still 30/09 in UTC.
      submittedAt: new Date('2024-09-30T20:00:00Z'),
      firstSubmittedOn: '2024-10-01',
      version: 3,
      createdAt: new Date('2024-09-28T00:00:00Z'),
      updatedAt: new Date('2024-10-01T00:00:00Z'),
    },
    unit: { id: 83, name: 'Huyện Mường Khương' },
    issuerUnit: { id: 10, name: 'Tỉnh Lào Cai' },
    obligation: { id: 'o-1', kind: 'RESULT_REPORT', title: 'Báo cáo kết quả 01 tháng', recipient: 'Công an tỉnh', dueDate: '2024-10-03' },
    plan: { numberSymbol: '45/KH-UBND', issuedDate: '2024-08-20', title: 'Mở đợt cao điểm tấn công, trấn áp tội phạm về ma túy' },
    periodLabel: 'tháng 10/2024',
    tasks: [
      task(1, 'COMPLETED', 'Tổ chức quán triệt, triển khai đợt cao điểm.', 'Đã tổ chức Hội nghị quán triệt tại 16 xã.'),
      task(2, 'IN_PROGRESS', 'Rà soát, lập hồ sơ cai nghiện.', 'Đã lập 12 hồ sơ.'),
      task(3, 'NOT_STARTED', 'Tổng kết đợt cao điểm.'),
      task(4, 'NOT_APPLICABLE', 'Phối hợp tuần tra biên giới đường thủy.'),
    ],
    figures: [
      figure('t-cases', 'phát hiện, bắt giữ, khởi tố', 'vụ', {
        allocated: 8,
        periodValue: 7,
        cumulativeValue: 7,
        sumFromBelow: 5,
        overrideNote: 'Công an huyện bắt giữ thêm 2 vụ.',
        gap: -1,
      }),
      figure('t-files', 'lập hồ sơ cai nghiện', 'hồ sơ', { allocated: 10, periodValue: 12, cumulativeValue: 12, sumFromBelow: 12, gap: 2 }),
      figure('t-rate', 'xã đạt tiêu chí không ma túy', '%', { allocated: 50, periodValue: 45, cumulativeValue: 45, gap: -5 }),
    ],
    subordinates: [
      {
        unit: { id: 1, name: 'Xã Bản Lầu', code: '02830' },
        reported: true,
        figures: {
          't-cases': { achieved: 3, achievedCumulative: 3, reportedByUnit: true },
          't-files': { achieved: 7, achievedCumulative: 7, reportedByUnit: true },
          't-rate': { achieved: 40, achievedCumulative: 40, reportedByUnit: true },
        },
      },
      {
        unit: { id: 2, name: 'Xã Bản Xen', code: '02831' },
        reported: true,
        figures: {
          't-cases': { achieved: 2, achievedCumulative: 2, reportedByUnit: true },
          't-files': { achieved: 5, achievedCumulative: 5, reportedByUnit: true },
          't-rate': { achieved: 60, achievedCumulative: 60, reportedByUnit: true },
        },
      },
      { unit: { id: 3, name: 'Xã Cao Sơn', code: '02832' }, reported: false, figures: {} },
    ],
  };
}

function draftOf(r: PrintableReport): PrintableReport {
  return { ...r, report: { ...r.report, status: 'DRAFT', submittedAt: null, firstSubmittedOn: null } };
}

const nonEmpty = (ps: Para[]) => ps.filter((p) => p.text.trim() !== '');
const texts = (ps: Para[]) => nonEmpty(ps).map((p) => p.text);
/** The rows of a table: per row, the text of each cell in order. */
function rowsOf(ps: Para[], table: number): string[][] {
  const out: string[][] = [];
  for (const p of ps) {
    if (!p.table || p.table[0] !== table) continue;
    const [, r, c] = p.table;
    (out[r] ??= [])[c] = [out[r][c], p.text].filter((x) => x !== undefined && x !== '').join('\n');
  }
  return out.map((row) => Array.from(row, (c) => c ?? ''));
}
const tableCount = (ps: Para[]) => new Set(ps.filter((p) => p.table).map((p) => p.table![0])).size;
const body = (ps: Para[]) => texts(ps.filter((p) => p.table === null));

let sub: DocxParts;
let draft: DocxParts;
beforeAll(async () => {
  sub = await readDocx(await renderReportDocx(submitted()));
  draft = await readDocx(await renderReportDocx(draftOf(submitted())));
});

describe('the printed report: header and title', () => {
  it('is headed by the reporting unit, "Số: …/BC-UBND", and its place and date of submission in words', () => {
    const left = texts(sub.paragraphs.filter((p) => p.table?.[0] === 0 && p.table[2] === 0));
    expect(left[0]).toBe('ỦY BAN NHÂN DÂN HUYỆN MƯỜNG KHƯƠNG');
    expect(left[1]).toMatch(/^Số:\s{4,}\/BC-UBND$/u);
    const right = texts(sub.paragraphs.filter((p) => p.table?.[0] === 0 && p.table[2] === 1));
    expect(right).toEqual(['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc', 'Mường Khương, ngày 01 tháng 10 năm 2024']);
  });

  it('is titled "BÁO CÁO" / "Kết quả thực hiện Kế hoạch số 45/KH-UBND ngày 20/08/2024 …" and states the period', () => {
    const ps = body(sub.paragraphs);
    const kind = ps.indexOf('BÁO CÁO');
    expect(kind).toBeGreaterThanOrEqual(0);
    expect(ps[kind + 1]).toBe('Kết quả thực hiện Kế hoạch số 45/KH-UBND ngày 20/08/2024 của Ủy ban nhân dân tỉnh Lào Cai');
    expect(ps[kind + 2]).toBe(
      'Thực hiện Kế hoạch số 45/KH-UBND ngày 20/08/2024 của Ủy ban nhân dân tỉnh Lào Cai về mở đợt cao điểm tấn công, trấn áp tội phạm về ma túy, ' +
        'Ủy ban nhân dân huyện Mường Khương báo cáo kết quả thực hiện như sau:',
    );
    expect(ps[kind + 3]).toBe('Kỳ báo cáo: tháng 10/2024 (từ ngày 15/09/2024 đến ngày 14/10/2024).');
    expect(ps.at(-1)).toBe('Trên đây là báo cáo kết quả thực hiện Kế hoạch số 45/KH-UBND của Ủy ban nhân dân huyện Mường Khương./.');
  });

  it('names a period that is no reporting period by its dates', async () => {
    const r = submitted();
    const parts = await readDocx(
      await renderReportDocx({ ...r, periodLabel: null, report: { ...r.report, periodStart: '2024-08-20', periodEnd: '2024-10-03' } }),
    );
    expect(body(parts.paragraphs)).toContain('Kỳ báo cáo: từ ngày 20/08/2024 đến ngày 03/10/2024.');
  });

  it('marks a draft "DỰ THẢO" above the kind line and leaves its date to be written; a submitted report has no mark', () => {
    const ps = body(draft.paragraphs);
    expect(ps[ps.indexOf('BÁO CÁO') - 1]).toBe(DRAFT_MARK);
    const mark = draft.paragraphs.find((p) => p.text === DRAFT_MARK)!;
    expect(mark.runs.every((r) => r.bold)).toBe(true);
    const date = texts(draft.paragraphs.filter((p) => p.table?.[0] === 0 && p.table[2] === 1)).at(-1)!;
    expect(date).toMatch(/^Mường Khương, ngày\s{4,}tháng\s{4,}năm \d{4}$/u);
    expect(sub.documentXml).not.toContain(DRAFT_MARK);
  });

  it('marks a returned report as a draft too: its text is being changed', async () => {
    const r = submitted();
    const parts = await readDocx(await renderReportDocx({ ...r, report: { ...r.report, status: 'RETURNED' } }));
    expect(body(parts.paragraphs)).toContain(DRAFT_MARK);
  });
});

describe('the printed report: tasks, targets, units below', () => {
  it('prints each task with its status in words and what was done', () => {
    const ps = body(sub.paragraphs);
    const at = ps.indexOf('I. Kết quả thực hiện nhiệm vụ');
    expect(ps.slice(at + 1, at + 11)).toEqual([
      '1. Tổ chức quán triệt, triển khai đợt cao điểm.',
      '- Tình trạng: Hoàn thành',
      '- Kết quả: Đã tổ chức Hội nghị quán triệt tại 16 xã.',
      '2. Rà soát, lập hồ sơ cai nghiện.',
      '- Tình trạng: Đang thực hiện',
      '- Kết quả: Đã lập 12 hồ sơ.',
      '3. Tổng kết đợt cao điểm.',
      '- Tình trạng: Chưa thực hiện',
      '4. Phối hợp tuần tra biên giới đường thủy.',
      '- Tình trạng: Không áp dụng',
    ]);
    const status = sub.paragraphs.find((p) => p.text === '- Tình trạng: Hoàn thành')!;
    expect(status.runs.find((r) => r.text === 'Hoàn thành')!.bold).toBe(true);
  });

  it('tabulates the targets: allocated, achieved in the period, cumulative, gap; an override keeps its note', () => {
    expect(rowsOf(sub.paragraphs, 1)).toEqual([
      ['TT', 'Chỉ tiêu', 'Đơn vị tính', 'Được giao', 'Đạt trong kỳ', 'Lũy kế', 'Chênh lệch'],
      ['1', 'phát hiện, bắt giữ, khởi tố', 'vụ', '8', '7', '7', '-1'],
      ['2', 'lập hồ sơ cai nghiện', 'hồ sơ', '10', '12', '12', '+2'],
      ['3', 'xã đạt tiêu chí không ma túy', '%', '50', '45', '45', '-5'],
    ]);
    expect(body(sub.paragraphs)).toContain(
      'Ghi chú: chỉ tiêu “phát hiện, bắt giữ, khởi tố” khác tổng số các đơn vị cấp dưới đã báo cáo (5): Công an huyện bắt giữ thêm 2 vụ.',
    );
  });

  it('tabulates the units below × targets with what each achieved, "chưa báo cáo" where a unit has not reported, and the total', () => {
    expect(body(sub.paragraphs)).toContain('Đã có 2/3 đơn vị cấp dưới báo cáo. Số liệu đạt được trong kỳ của từng đơn vị:');
    expect(rowsOf(sub.paragraphs, 2)).toEqual([
      ['TT', 'Đơn vị', 'phát hiện, bắt giữ, khởi tố (vụ)', 'lập hồ sơ cai nghiện (hồ sơ)', 'xã đạt tiêu chí không ma túy (%)'],
      ['1', 'Xã Bản Lầu', '3', '7', '40'],
      ['2', 'Xã Bản Xen', '2', '5', '60'],
      // One cell across the unit's figures.
      ['3', 'Xã Cao Sơn', 'chưa báo cáo'],
      // Cases and files summed (5 and 12, as sumFromBelow); the rate averaged, never summed.
      ['Cộng', '5', '12', '50'],
    ]);
  });

  it('marks the sum from below of a unit that has not reported, and splits many targets into tables of four', async () => {
    const r = submitted();
    const many = [...r.figures, ...[4, 5, 6].map((n) => figure(`t-${n}`, `chỉ tiêu ${n}`, 'người', { allocated: n }))];
    const parts = await readDocx(
      await renderReportDocx({
        ...r,
        figures: many,
        subordinates: [
          ...r.subordinates.slice(0, 2),
          {
            unit: { id: 3, name: 'Xã Cao Sơn', code: '02832' },
            reported: false,
            figures: { 't-cases': { achieved: 4, achievedCumulative: 4, reportedByUnit: false } },
          },
        ],
      }),
    );
    // Letterhead, targets, two tables of units (4 + 2 targets), closing block.
    expect(tableCount(parts.paragraphs)).toBe(5);
    const first = rowsOf(parts.paragraphs, 2);
    expect(first[0]).toHaveLength(6);
    expect(first[3]).toEqual(['3', 'Xã Cao Sơn (chưa báo cáo)', '4 (*)', '–', '–', '–']);
    expect(first[4][1]).toBe('9');
    expect(rowsOf(parts.paragraphs, 3)[0]).toEqual(['TT', 'Đơn vị', 'chỉ tiêu 5 (người)', 'chỉ tiêu 6 (người)']);
    expect(body(parts.paragraphs)).toContain('(*) Đơn vị chưa báo cáo: tổng số liệu các đơn vị cấp dưới của đơn vị đó đã báo cáo.');
  });

  it('has no table of units below for a unit without any', async () => {
    const parts = await readDocx(await renderReportDocx({ ...submitted(), subordinates: [] }));
    expect(tableCount(parts.paragraphs)).toBe(3);
    const ps = body(parts.paragraphs);
    expect(ps).toContain('III. Khó khăn, vướng mắc');
    expect(ps).not.toContain('III. Số liệu của các đơn vị cấp dưới');
  });

  it('prints difficulties and proposals, then "Nơi nhận:" and the signature', () => {
    const ps = body(sub.paragraphs);
    const d = ps.indexOf('IV. Khó khăn, vướng mắc');
    expect(ps.slice(d + 1, d + 5)).toEqual([
      'Địa bàn rộng, giáp biên giới.',
      'Lực lượng mỏng.',
      'V. Đề xuất, kiến nghị',
      'Đề nghị tăng cường kinh phí hỗ trợ lực lượng cơ sở.',
    ]);
    const last = tableCount(sub.paragraphs) - 1;
    expect(texts(sub.paragraphs.filter((p) => p.table?.[0] === last && p.table[2] === 0))).toEqual([
      'Nơi nhận:',
      '- Công an tỉnh;',
      '- Lưu: VT.',
    ]);
    expect(texts(sub.paragraphs.filter((p) => p.table?.[0] === last && p.table[2] === 1))).toEqual([
      'TM. ỦY BAN NHÂN DÂN',
      'CHỦ TỊCH',
      'Nguyễn Văn An',
    ]);
  });

  it('is printed on the plans’ form: A4, Times New Roman everywhere, page numbers from page 2', () => {
    expect(sub.documentXml).toMatch(/<w:pgSz w:w="11906" w:h="16838" w:orient="portrait"\/>/);
    const fonts = new Set(sub.paragraphs.flatMap((p) => p.runs.filter((r) => r.text.trim() !== '').map((r) => r.font)));
    expect(fonts).toEqual(new Set(['Times New Roman']));
    expect(sub.headers.default).toMatch(/PAGE/);
    expect(sub.headers.first).not.toMatch(/PAGE/);
  });

  it('reads back as text in the order printed (the .docx reader sees every part)', async () => {
    const { text } = await docxToText(await renderReportDocx(submitted()));
    const order = ['BÁO CÁO', 'Kết quả thực hiện Kế hoạch số 45/KH-UBND', 'Hoàn thành', 'Xã Cao Sơn', 'chưa báo cáo', 'Nơi nhận:'];
    const at = order.map((t) => text.indexOf(t));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
  });
});

describe('the report file', () => {
  it('is named by the unit and the day of submission, a draft by its id; the plan in the Vietnamese name', () => {
    const header = reportDisposition(submitted(), 'docx');
    expect(header).toMatch(/^attachment; filename="BC-Huyen-Muong-Khuong-2024-10-01\.docx"; filename\*=UTF-8''[\x21-\x7e]+$/);
    expect(decodeURIComponent(/filename\*=UTF-8''(.+)$/.exec(header)![1])).toBe(
      'BC-Huyen-Muong-Khuong-2024-10-01 Báo cáo Huyện Mường Khương kết quả thực hiện Kế hoạch số 45 KH-UBND.docx',
    );
    expect(reportDisposition(draftOf(submitted()), 'pdf')).toMatch(/^attachment; filename="BC-du-thao-Huyen-Muong-Khuong-5e1f0c2a\.pdf"/);
  });

  it('names the committee of a unit of any kind', () => {
    expect(committeeOf('Tỉnh Lào Cai')).toBe('Ủy ban nhân dân tỉnh Lào Cai');
    expect(committeeOf('Thành phố Lào Cai')).toBe('Ủy ban nhân dân thành phố Lào Cai');
    expect(committeeOf('Phường Pleiku')).toBe('Ủy ban nhân dân phường Pleiku');
    expect(committeeOf('Thị xã Sa Pa')).toBe('Ủy ban nhân dân thị xã Sa Pa');
  });
});
