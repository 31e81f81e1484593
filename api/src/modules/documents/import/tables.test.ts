import { describe, expect, it } from 'vitest';
import { readDocx } from '../export/docx-xml.test-helpers.js';
import { renderPlanDocx } from '../export/plan-docx.js';
import { documentText } from './document-text.js';
import { docxToText } from './docx-to-text.js';
import { parsePlanText } from './parse-plan-text.js';
import { docxWithTables, type PlanPart } from './test-fixtures.js';

/**
 * Word tables come in as tables (issue 12): an allocation table (units × targets) as targets
 * allocated to the units by name; any other table kept as a TABLE node and printed back as a
 * table. Before, every cell became a paragraph of its own and the target disappeared.
 */

const DISTRICTS: [string, number, number][] = [
  ['Thành phố Lào Cai', 40, 60],
  ['Huyện Bát Xát', 20, 25],
  ['Huyện Mường Khương', 18, 20],
  ['Huyện Si Ma Cai', 10, 12],
  ['Huyện Bắc Hà', 15, 18],
  ['Huyện Bảo Thắng', 20, 24],
  ['Huyện Bảo Yên', 12, 15],
  ['Thị xã Sa Pa', 15, 16],
  ['Huyện Văn Bàn', 10, 10],
];
const ALLOCATION: string[][] = [
  ['STT', 'Đơn vị', 'Số vụ phát hiện, bắt giữ (vụ)', 'Số đối tượng (đối tượng)'],
  ...DISTRICTS.map(([name, cases, people], i) => [String(i + 1), name, String(cases), String(people)]),
  ['', 'Tổng cộng', '160', '200'],
];
const SCHEDULE: string[][] = [
  ['Thời gian', 'Nội dung', 'Đơn vị chủ trì'],
  ['Tháng 6/2024', 'Ra quân tuyên truyền', 'Công an tỉnh'],
  ['Tháng 9/2024', 'Kiểm tra, đánh giá giữa kỳ', 'Sở Lao động - Thương binh và Xã hội'],
];
const PARTS: PlanPart[] = [
  'KẾ HOẠCH',
  'Mở đợt cao điểm đấu tranh tội phạm về ma túy năm 2024',
  'Thực hiện Chỉ thị số 36-CT/TW ngày 16/8/2019 của Bộ Chính trị; Ủy ban nhân dân tỉnh ban hành Kế hoạch như sau:',
  'I. MỤC TIÊU, CHỈ TIÊU',
  '1. Chỉ tiêu phát hiện, bắt giữ tội phạm về ma túy giao cho các huyện, thị xã, thành phố như sau:',
  ALLOCATION,
  'II. TỔ CHỨC THỰC HIỆN',
  '1. Lịch triển khai:',
  SCHEDULE,
  '2. Công an tỉnh chủ trì theo dõi, đôn đốc, báo cáo kết quả về Ủy ban nhân dân tỉnh.',
  'Nơi nhận:',
  '- Như trên;',
  'TM. ỦY BAN NHÂN DÂN',
  'CHỦ TỊCH',
  'Nguyễn Văn An',
];
const HEADER: [string[], string[]] = [
  ['ỦY BAN NHÂN DÂN', 'TỈNH LÀO CAI', 'Số: 125/KH-UBND'],
  ['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc', 'Lào Cai, ngày 20 tháng 8 năm 2024'],
];

const words = (t: string) => t.normalize('NFC').match(/[\p{L}\p{M}\d]+/gu) ?? [];
const sourceWords = () =>
  words(
    [...HEADER[0], ...HEADER[1], ...PARTS.map((p) => (typeof p === 'string' ? p : p.map((r) => r.join(' ')).join(' ')))]
      .join(' ')
      .replace(/CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM|Độc lập - Tự do - Hạnh phúc/g, ''),
  );

async function imported() {
  const { text } = await docxToText(await docxWithTables(PARTS, HEADER));
  return { text, ...parsePlanText(text) };
}

describe('Word tables', () => {
  it('a table of data comes in as rows; the two-column header table as its cells', async () => {
    const { text, document: doc } = await imported();
    expect(text).toContain('| STT | Đơn vị | Số vụ phát hiện, bắt giữ (vụ) | Số đối tượng (đối tượng) |');
    expect(text).toContain('| 2 | Huyện Bát Xát | 20 | 25 |');
    expect(doc.header).toMatchObject({
      issuingBody: 'ỦY BAN NHÂN DÂN\nTỈNH LÀO CAI',
      number: '125',
      place: 'Lào Cai',
      issuedDate: '2024-08-20',
    });
  });

  it('an allocation table (units × targets) gives a target per column, allocated to the units by name, total from the "Tổng cộng" row', async () => {
    const { document: doc, report } = await imported();
    const table = doc.nodes.find((n) => n.kind === 'TABLE' && n.text.includes('Đơn vị'))!;
    const fromTable = doc.targets.filter((t) => t.nodeKey === table.key);
    expect(fromTable.map(({ metric, unitOfMeasure, value }) => ({ metric, unitOfMeasure, value }))).toEqual([
      { metric: 'Số vụ phát hiện, bắt giữ', unitOfMeasure: 'vụ', value: 160 },
      { metric: 'Số đối tượng', unitOfMeasure: 'đối tượng', value: 200 },
    ]);
    expect(fromTable[0].allocations).toEqual(DISTRICTS.map(([assignee, value]) => ({ assignee, value })));
    expect(fromTable[1].allocations.reduce((s, a) => s + a.value, 0)).toBe(200);
    expect(report.warnings).toEqual([]);
    // The table hangs under the item that introduces it.
    expect(doc.nodes.find((n) => n.key === table.parentKey)!.label).toBe('1.');
  });

  it('another table is kept as a table, rows and cells as written', async () => {
    const { document: doc } = await imported();
    const tables = doc.nodes.filter((n) => n.kind === 'TABLE');
    expect(tables).toHaveLength(2);
    expect(tables[1].text.split('\n')).toEqual(SCHEDULE.map((r) => `| ${r.join(' | ')} |`));
    expect(doc.targets.filter((t) => t.nodeKey === tables[1].key)).toEqual([]);
    expect(tables[1].task).toBeNull();
  });

  it('keeps every word, in order', async () => {
    const { document: doc } = await imported();
    expect(words(documentText(doc))).toEqual(sourceWords());
  });

  it('prints tables back as tables: export then import gives the same nodes and targets', async () => {
    const { document: doc } = await imported();
    const exported = await renderPlanDocx(doc);
    const { paragraphs } = await readDocx(exported);
    // Header, the two tables, footer.
    expect(new Set(paragraphs.filter((p) => p.table).map((p) => p.table![0])).size).toBe(4);
    expect(paragraphs.filter((p) => p.table?.[0] === 1 && p.table[1] === 2).map((p) => p.text)).toEqual(['2', 'Huyện Bát Xát', '20', '25']);
    const again = parsePlanText((await docxToText(exported)).text).document;
    expect(again.nodes.map(({ kind, label, text }) => ({ kind, label, text }))).toEqual(
      doc.nodes.map(({ kind, label, text }) => ({ kind, label, text })),
    );
    expect(again.targets).toEqual(doc.targets);
  });

  it('reads a markdown table of a text file the same way', () => {
    const md = PARTS.map((p) =>
      typeof p === 'string'
        ? p
        : [`| ${p[0].join(' | ')} |`, `|${p[0].map(() => '---').join('|')}|`, ...p.slice(1).map((r) => `| ${r.join(' | ')} |`)].join('\n'),
    ).join('\n\n');
    const doc = parsePlanText(md).document;
    expect(doc.nodes.filter((n) => n.kind === 'TABLE')).toHaveLength(2);
    expect(doc.targets.find((t) => t.metric === 'Số vụ phát hiện, bắt giữ')?.value).toBe(160);
  });

  it('reports a total row that the allocations do not add up to', () => {
    const rows = ALLOCATION.map((r) => (r[1] === 'Tổng cộng' ? [...r.slice(0, 2), '150', r[3]] : r));
    const text = ['KẾ HOẠCH', 'Chỉ tiêu', 'I. CHỈ TIÊU', ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
    expect(parsePlanText(text).report.warnings.map((w) => w.code)).toContain('ALLOCATION_SUM');
  });
});
