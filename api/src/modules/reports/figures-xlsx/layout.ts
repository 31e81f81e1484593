import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { searchKey } from '../../../core/text.js';

/*
 * The figures table as a workbook (docs/REPORTS.md, "Figures as a spreadsheet"): the words of its
 * headers, shared by the export (written here) and the import (figures-import.ts reads the same
 * words back, whatever their case and diacritics), and the sheets themselves. Written with
 * exceljs's streaming writer: a milestone's workbook of many reports never holds every cell as an
 * object at once.
 */

export const WORDS = {
  reportTitle: 'BẢNG SỐ LIỆU BÁO CÁO KẾT QUẢ THỰC HIỆN KẾ HOẠCH',
  summaryTitle: 'TỔNG HỢP SỐ LIỆU BÁO CÁO KẾT QUẢ THỰC HIỆN KẾ HOẠCH',
  plan: 'Kế hoạch',
  reportingUnit: 'Đơn vị báo cáo',
  report: 'Báo cáo',
  from: 'Từ ngày',
  to: 'Đến ngày',
  due: 'Hạn báo cáo',
  status: 'Tình trạng',
  reportId: 'Mã báo cáo',
  no: 'STT',
  unit: 'Đơn vị',
  level: 'Cấp',
  submittedOn: 'Ngày gửi',
  allocated: 'Được giao',
  period: 'Trong kỳ',
  cumulative: 'Lũy kế',
  note: 'Ghi chú',
  gap: 'Chênh lệch',
  total: 'Tổng cộng (các đơn vị trực thuộc, mỗi số liệu tính một lần)',
  notReported: 'chưa báo cáo',
  notReportedBelow: 'chưa báo cáo (số liệu của cấp dưới)',
  reported: 'đã báo cáo',
  moreReports: 'Chỉ kèm {{n}} báo cáo đầu tiên; các báo cáo khác tải từ trang của từng báo cáo.',
} as const;

export const REPORT_STATUS_WORDS: Record<string, string> = {
  DRAFT: 'đang soạn',
  SUBMITTED: 'đã gửi',
  ACCEPTED: 'đã tiếp nhận',
  RETURNED: 'bị trả lại',
  SUPERSEDED: 'đã được thay thế',
};

export const COMPLIANCE_WORDS: Record<string, string> = {
  ON_TIME: 'đúng hạn',
  LATE: 'trễ hạn',
  MISSING: 'quá hạn, chưa báo cáo',
  RETURNED: 'bị trả lại',
  PENDING: 'chưa đến hạn',
};

export interface TableColumn {
  targetId: string;
  /** targetHeadings: "metric (unit)", numbered where the plan repeats one. */
  heading: string;
}

/** "số vụ phát hiện (vụ)": how a target heads its columns, and how an import finds it again. */
export const targetHeading = (c: { metric: string; unitOfMeasure: string }) =>
  c.unitOfMeasure.trim() ? `${c.metric} (${c.unitOfMeasure.trim()})` : c.metric;

/**
 * The heading of each target of a plan: "metric (unit)", and where the plan has several targets
 * of one heading (one per phase or year), " [1]", " [2]"… in the plan's order, so that each
 * column names one target. Export and import number them over the same list, the plan's targets.
 */
export function targetHeadings(planTargets: readonly { id: string; metric: string; unitOfMeasure: string }[]): Map<string, string> {
  const count = new Map<string, number>();
  for (const t of planTargets) count.set(searchKey(targetHeading(t)), (count.get(searchKey(targetHeading(t))) ?? 0) + 1);
  const seen = new Map<string, number>();
  return new Map(
    planTargets.map((t) => {
      const key = searchKey(targetHeading(t));
      if (count.get(key)! < 2) return [t.id, targetHeading(t)];
      seen.set(key, (seen.get(key) ?? 0) + 1);
      return [t.id, `${targetHeading(t)} [${seen.get(key)}]`];
    }),
  );
}

export interface TableCell {
  allocated: number | null;
  period: number | null;
  cumulative: number | null;
  note?: string | null;
}

export interface TableRow {
  unitName: string;
  status: string;
  /** The report's own unit (its row is imported); the units below are compared only. */
  own: boolean;
  cells: Map<string, TableCell>;
}

/** One report's table: its header facts, a group of columns per target, its unit's row then the units below. */
export interface ReportTable {
  sheetName: string;
  reportId: string;
  unitName: string;
  planLine: string | null;
  title: string;
  periodStart: string | null;
  periodEnd: string | null;
  dueDate: string | null;
  status: string;
  columns: TableColumn[];
  rows: TableRow[];
}

export interface SummaryRow {
  unitName: string;
  depth: number;
  status: string;
  submittedOn: string | null;
  cells: Map<string, { allocated: number | null; period: number | null; cumulative: number | null; gap: number | null }>;
}

export interface SummaryTable {
  planLine: string | null;
  title: string;
  dueDate: string | null;
  columns: TableColumn[];
  rows: SummaryRow[];
  totals: SummaryRow['cells'];
  /** Reports left out of the workbook beyond the cap (their own export has them). */
  cappedAt: number | null;
}

/** dd/mm/yyyy in Excel: a date cell (UTC midnight: Excel has no time zones) with that format. */
const DATE_FORMAT = 'dd/mm/yyyy';
const asDate = (iso: string | null) => {
  if (!iso) return null;
  const [y, m, d] = iso.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d));
};
const NUMBER_FORMAT = '#,##0.######';
const BOLD = { bold: true } as const;
const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFEFEFEF' } };
const THIN: ExcelJS.Borders = {
  top: { style: 'thin' },
  left: { style: 'thin' },
  bottom: { style: 'thin' },
  right: { style: 'thin' },
  diagonal: {},
};

/** Sheet names: at most 31 characters, none of []:*?/\, unique in the workbook. */
export function sheetNames(names: string[]): string[] {
  const used = new Set<string>();
  return names.map((raw) => {
    const base =
      raw
        .replace(/[[\]:*?/\\]/g, ' ')
        .replace(/\s+/g, ' ')
        .trim()
        .slice(0, 31) || 'Sheet';
    let name = base;
    for (let i = 2; used.has(name.toLowerCase()); i++) name = `${base.slice(0, 31 - String(i).length - 1)} ${i}`;
    used.add(name.toLowerCase());
    return name;
  });
}

type Writer = ExcelJS.stream.xlsx.WorkbookWriter;

/** A workbook written to a buffer; `fill` adds the sheets. */
export async function workbookBuffer(fill: (wb: Writer) => Promise<void> | void): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve, reject) => {
    out.on('end', resolve);
    out.on('error', reject);
  });
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  wb.creator = 'kehoach';
  await fill(wb);
  await wb.commit();
  await done;
  return Buffer.concat(chunks);
}

type Fact = [string, string | Date | null];

/** A sheet frozen below its header block and table header, left of the unit names. */
function sheetWithFacts(wb: Writer, name: string, title: string, lines: Fact[], width: number, columns: Partial<ExcelJS.Column>[]) {
  const shown = lines.filter(([, v]) => v !== null);
  const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', xSplit: 2, ySplit: shown.length + 4 }] });
  ws.columns = columns;
  const t = ws.addRow([title]);
  t.font = { bold: true, size: 13 };
  // The streaming writer merges only rows not yet committed.
  ws.mergeCells(1, 1, 1, Math.max(2, width));
  t.commit();
  for (const [label, value] of shown) {
    const r = ws.addRow([label, value]);
    r.getCell(1).font = BOLD;
    if (value instanceof Date) r.getCell(2).numFmt = DATE_FORMAT;
    r.commit();
  }
  ws.addRow([]).commit();
  return ws;
}

/** Two header rows: the fixed columns merged down, each target's name merged over its sub-columns. */
function tableHeader(ws: ExcelJS.Worksheet, fixed: string[], columns: TableColumn[], subs: string[]) {
  const top = ws.addRow([...fixed, ...columns.flatMap((c) => [c.heading, ...subs.slice(1).map(() => null)])]);
  const second = ws.addRow([...fixed.map(() => null), ...columns.flatMap(() => subs)]);
  for (const r of [top, second]) {
    r.font = BOLD;
    r.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
    for (let c = 1; c <= fixed.length + columns.length * subs.length; c++) {
      r.getCell(c).fill = HEADER_FILL;
      r.getCell(c).border = THIN;
    }
  }
  const at = top.number;
  fixed.forEach((_, i) => ws.mergeCells(at, i + 1, at + 1, i + 1));
  columns.forEach((_, i) => {
    const first = fixed.length + i * subs.length + 1;
    if (subs.length > 1) ws.mergeCells(at, first, at, first + subs.length - 1);
  });
  top.commit();
  second.commit();
}

function bodyRow(
  ws: ExcelJS.Worksheet,
  values: (string | number | Date | null)[],
  opts: { bold?: boolean; indent?: number; nameCol?: number } = {},
) {
  const r = ws.addRow(values);
  values.forEach((v, i) => {
    const cell = r.getCell(i + 1);
    cell.border = THIN;
    if (typeof v === 'number') cell.numFmt = NUMBER_FORMAT;
    if (v instanceof Date) cell.numFmt = DATE_FORMAT;
  });
  if (opts.bold) r.font = BOLD;
  if (opts.indent && opts.nameCol) r.getCell(opts.nameCol).alignment = { indent: opts.indent };
  r.commit();
}

const REPORT_FIXED = [WORDS.no, WORDS.unit, WORDS.status];
const REPORT_SUBS = [WORDS.allocated, WORDS.period, WORDS.cumulative, WORDS.note];

/** A report's sheet: its unit's row (imported back) then each unit below with what it submitted. */
export function writeReportSheet(wb: Writer, t: ReportTable): void {
  const ws = sheetWithFacts(
    wb,
    t.sheetName,
    WORDS.reportTitle,
    [
      [WORDS.plan, t.planLine],
      [WORDS.reportingUnit, t.unitName],
      [WORDS.report, t.title],
      [WORDS.from, asDate(t.periodStart)],
      [WORDS.to, asDate(t.periodEnd)],
      [WORDS.due, asDate(t.dueDate)],
      [WORDS.status, t.status],
      [WORDS.reportId, t.reportId],
    ],
    REPORT_FIXED.length + t.columns.length * REPORT_SUBS.length,
    [{ width: 6 }, { width: 34 }, { width: 22 }, ...t.columns.flatMap(() => [{ width: 12 }, { width: 12 }, { width: 12 }, { width: 24 }])],
  );
  tableHeader(ws, REPORT_FIXED, t.columns, REPORT_SUBS);
  t.rows.forEach((row, i) =>
    bodyRow(
      ws,
      [
        i + 1,
        row.unitName,
        row.status,
        ...t.columns.flatMap((c) => {
          const cell = row.cells.get(c.targetId);
          return [cell?.allocated ?? null, cell?.period ?? null, cell?.cumulative ?? null, cell?.note ?? null];
        }),
      ],
      { bold: row.own, indent: row.own ? 0 : 1, nameCol: 2 },
    ),
  );
  ws.commit();
}

const SUMMARY_FIXED = [WORDS.no, WORDS.unit, WORDS.level, WORDS.status, WORDS.submittedOn];
const SUMMARY_SUBS = [WORDS.allocated, WORDS.period, WORDS.cumulative, WORDS.gap];

/** The follow page as a sheet: every unit in sight × targets, achieved against allocated, and the total of the units directly below. */
export function writeSummarySheet(wb: Writer, name: string, t: SummaryTable): void {
  const ws = sheetWithFacts(
    wb,
    name,
    WORDS.summaryTitle,
    [
      [WORDS.plan, t.planLine],
      [WORDS.report, t.title],
      [WORDS.due, asDate(t.dueDate)],
      [WORDS.note, t.cappedAt !== null ? WORDS.moreReports.replace('{{n}}', String(t.cappedAt)) : null],
    ],
    SUMMARY_FIXED.length + t.columns.length * SUMMARY_SUBS.length,
    [
      { width: 6 },
      { width: 34 },
      { width: 6 },
      { width: 22 },
      { width: 12 },
      ...t.columns.flatMap(() => SUMMARY_SUBS.map(() => ({ width: 12 }))),
    ],
  );
  tableHeader(ws, SUMMARY_FIXED, t.columns, SUMMARY_SUBS);
  const cellsOf = (cells: SummaryRow['cells']) =>
    t.columns.flatMap((c) => {
      const x = cells.get(c.targetId);
      return [x?.allocated ?? null, x?.period ?? null, x?.cumulative ?? null, x?.gap ?? null];
    });
  t.rows.forEach((row, i) =>
    bodyRow(ws, [i + 1, row.unitName, row.depth, row.status, asDate(row.submittedOn), ...cellsOf(row.cells)], {
      indent: row.depth - 1,
      nameCol: 2,
    }),
  );
  bodyRow(ws, [null, WORDS.total, null, null, null, ...cellsOf(t.totals)], { bold: true });
  ws.commit();
}
