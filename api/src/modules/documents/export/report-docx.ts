import type { Paragraph, Table } from 'docx';
import { todayInVietnam } from '../../../core/text.js';
import { dateLine } from '../../plans/plan-lifecycle.service.js';
import type { PrintableReport, PrintableSubordinate } from '../../reports/report-print.js';
import type { ReportFigureNode, ReportStatus, TaskProgress } from '../../reports/report.types.js';
import { numberLine } from '../import/header-footer.js';
import { issuingAuthority, placeOfUnit } from './plan-docx.js';
import {
  blankDateLine,
  bodyParagraph,
  closingTable,
  gridTable,
  kindAndTitle,
  letterheadTable,
  printedDocx,
  printedNumber,
  run,
  spacer,
  TEXT_WIDTH,
  vietnamYear,
  type GridCell,
} from './printed-form.js';

/**
 * A progress report printed as the "BÁO CÁO" of Decree 30/2020 (docs/DOCUMENT-FORMAT.md, "The
 * report"; docs/REPORTS.md, "The printed report"), on the printed form the plans use
 * (printed-form.ts): the reporting unit's letterhead, "Số: …/BC-UBND", place and date, "BÁO CÁO"
 * and "Kết quả thực hiện Kế hoạch số …", the period, then the tasks with their status, the table
 * of targets, the table of the units below, difficulties, proposals, "Nơi nhận:" and the
 * signature. A report still open to edits (a draft, or returned) is marked "DỰ THẢO" and leaves
 * its date blank.
 */

/** The symbol of a People's Committee's report (Decree 30/2020, appendix III: BC = Báo cáo). */
export const REPORT_SYMBOL = 'BC-UBND';
export const DRAFT_MARK = 'DỰ THẢO';

export const TASK_STATUS_WORDS: Record<TaskProgress, string> = {
  COMPLETED: 'Hoàn thành',
  IN_PROGRESS: 'Đang thực hiện',
  NOT_STARTED: 'Chưa thực hiện',
  NOT_APPLICABLE: 'Không áp dụng',
};

/** Printed in a cell of a unit below that has not submitted its report. */
export const NOT_REPORTED = 'chưa báo cáo';

/** Targets per table of the units below: a unit column and four figures fill the portrait page. */
export const TARGETS_PER_TABLE = 4;

/** Statuses whose text may still change: printed as a draft. */
const OPEN: ReadonlySet<ReportStatus> = new Set(['DRAFT', 'RETURNED']);
export const isDraftReport = (status: ReportStatus) => OPEN.has(status);

const ROMAN = ['I', 'II', 'III', 'IV', 'V', 'VI'];

export async function renderReportDocx(data: PrintableReport): Promise<Buffer> {
  const { report, unit } = data;
  const draft = isDraftReport(report.status);
  const reporter = committeeOf(unit.name);
  const planRef = planReference(data);
  const sections: [string, (Paragraph | Table)[]][] = [
    ['Kết quả thực hiện nhiệm vụ', taskParagraphs(data)],
    ['Kết quả thực hiện các chỉ tiêu', targetPart(data.figures)],
  ];
  if (data.subordinates.length > 0) sections.push(['Số liệu của các đơn vị cấp dưới', subordinatePart(data)]);
  sections.push(['Khó khăn, vướng mắc', textParagraphs(report.difficulties)]);
  sections.push(['Đề xuất, kiến nghị', textParagraphs(report.proposals)]);

  return printedDocx(`Báo cáo ${planRef.short}`, [
    letterheadTable({
      ...issuingAuthority({ issuingBody: null }, { unit }),
      party: false,
      numberLine: numberLine(null, REPORT_SYMBOL, printedNumber),
      dateLine: reportDateLine(data),
    }),
    ...kindAndTitle('BÁO CÁO', `Kết quả thực hiện ${planRef.full}`, draft ? DRAFT_MARK : null),
    bodyParagraph([run({ text: `Thực hiện ${planRef.full}${planRef.about}, ${reporter} báo cáo kết quả thực hiện như sau:` })]),
    ...periodParagraphs(data),
    ...sections.flatMap(([heading, body], i) => [
      bodyParagraph([run({ text: `${ROMAN[i]}. ${heading}`, bold: true, allCaps: true })], true),
      ...body,
    ]),
    bodyParagraph([run({ text: `Trên đây là báo cáo kết quả thực hiện ${planRef.short} của ${reporter}./.` })], true),
    spacer(240, true),
    closingTable(report.recipients, report.signature),
  ]);
}

/* ------------------------------------------------------------- wording */

/** "Tỉnh Lào Cai" → "Ủy ban nhân dân tỉnh Lào Cai", "Phường Pleiku" → "Ủy ban nhân dân phường Pleiku". */
export function committeeOf(unitName: string): string {
  const place = placeOfUnit(unitName);
  const kind = unitName.slice(0, unitName.length - place.length).toLocaleLowerCase('vi');
  return `Ủy ban nhân dân ${kind}${place}`;
}

/** dd/mm/yyyy, as every date of the product is shown. */
export const dmy = (iso: string) => iso.split('-').reverse().join('/');

/** "Kế hoạch số 45/KH-UBND ngày 20/08/2024 của Ủy ban nhân dân tỉnh Lào Cai", and what it is about. */
function planReference(data: PrintableReport): { full: string; short: string; about: string } {
  const issuer = committeeOf(data.issuerUnit.name);
  const p = data.plan;
  const short = p?.numberSymbol ? `Kế hoạch số ${p.numberSymbol}` : 'Kế hoạch';
  const dated = p?.issuedDate ? ` ngày ${dmy(p.issuedDate)}` : '';
  // The plan's title follows "về" with its first letter lowered, unless it starts with an acronym.
  const title = p?.title.trim() ?? '';
  const about = title ? ` về ${/^\p{Lu}\p{Ll}/u.test(title) ? title[0].toLocaleLowerCase('vi') + title.slice(1) : title}` : '';
  return { full: `${short}${dated} của ${issuer}`, short, about };
}

/**
 * A submitted report is dated the day this version was submitted (Vietnam time); a draft leaves
 * the day and month blank, to be written when it is signed.
 */
function reportDateLine(data: PrintableReport): string {
  const place = placeOfUnit(data.unit.name);
  const { status, submittedAt } = data.report;
  if (isDraftReport(status) || !submittedAt) return blankDateLine(place, vietnamYear());
  return dateLine(place, todayInVietnam(new Date(submittedAt)));
}

/** "Kỳ báo cáo: tháng 10/2024 (từ ngày 15/09/2024 đến ngày 14/10/2024)." or the dates alone. */
function periodParagraphs(data: PrintableReport): Paragraph[] {
  const { periodStart, periodEnd } = data.report;
  if (!periodStart || !periodEnd) return [];
  const dates = `từ ngày ${dmy(periodStart)} đến ngày ${dmy(periodEnd)}`;
  const text = data.periodLabel ? `Kỳ báo cáo: ${data.periodLabel} (${dates}).` : `Kỳ báo cáo: ${dates}.`;
  return [bodyParagraph([run({ text, italics: true })])];
}

function textParagraphs(text: string): Paragraph[] {
  const parts = text
    .split('\n')
    .map((p) => p.trim())
    .filter((p) => p !== '');
  return (parts.length ? parts : ['Không có.']).map((p) => bodyParagraph([run({ text: p })]));
}

/* --------------------------------------------------------------- tasks */

/** Per task: "1. <task>", "- Tình trạng: Hoàn thành", "- Kết quả: <what was done>". */
function taskParagraphs(data: PrintableReport): Paragraph[] {
  if (!data.tasks.length) return [bodyParagraph([run({ text: 'Kế hoạch không có nhiệm vụ giao cho đơn vị.' })])];
  return data.tasks.flatMap((t, i) => {
    const out = [
      bodyParagraph([run({ text: `${i + 1}. ${t.text}` })], true),
      bodyParagraph([run({ text: '- Tình trạng: ' }), run({ text: TASK_STATUS_WORDS[t.status], bold: true })], !!t.done.trim()),
    ];
    if (t.done.trim()) out.push(bodyParagraph([run({ text: `- Kết quả: ${t.done.trim()}` })]));
    return out;
  });
}

/* ------------------------------------------------------------- figures */

const NUMBER = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 2 });
/** 1.234,5 (Vietnamese separators); "–" for no figure. */
export const figureText = (v: number | null) => (v === null ? '–' : NUMBER.format(v));
/** A gap with its sign: "+2", "-3", "0". */
export const gapText = (v: number | null) => (v === null ? '–' : v > 0 ? `+${NUMBER.format(v)}` : NUMBER.format(v));

const TARGET_WIDTHS = [600, 2955, 1000, 1200, 1200, 1200, 1200];

/** The table of targets: allocated, achieved in the period and cumulatively, and the gap; an override's note under it. */
function targetPart(figures: ReportFigureNode[]): (Paragraph | Table)[] {
  if (!figures.length) return [bodyParagraph([run({ text: 'Kế hoạch không giao chỉ tiêu cho đơn vị.' })])];
  const rows: GridCell[][] = [
    ['TT', 'Chỉ tiêu', 'Đơn vị tính', 'Được giao', 'Đạt trong kỳ', 'Lũy kế', 'Chênh lệch'],
    ...figures.map((f, i) => [
      String(i + 1),
      f.metric,
      f.unitOfMeasure,
      figureText(f.allocated),
      figureText(f.periodValue),
      figureText(f.cumulativeValue),
      gapText(f.gap),
    ]),
  ];
  const notes = figures
    .filter((f) => f.overrideNote)
    .map((f) =>
      bodyParagraph([
        run({
          text: `Ghi chú: chỉ tiêu “${f.metric}” khác tổng số các đơn vị cấp dưới đã báo cáo (${figureText(f.sumFromBelow)}): ${f.overrideNote}`,
          italics: true,
        }),
      ]),
    );
  return [
    gridTable(rows, { widths: TARGET_WIDTHS, align: ['center', 'left', 'center', 'right', 'right', 'right', 'right'] }),
    spacer(60),
    // "Chênh lệch": the cumulative figure (else the period's) against what was allocated.
    bodyParagraph([run({ text: 'Chênh lệch: số lũy kế (hoặc trong kỳ) so với chỉ tiêu được giao.', italics: true }, 12)]),
    ...notes,
  ];
}

/** A rate (%) is averaged over the units, never summed (as the roll-up summary does). */
const isRate = (unitOfMeasure: string) => unitOfMeasure.trim() === '%';

/**
 * The units below × the report's targets, the figure each achieved in the period (its own, or
 * the sum of its units below when it has not reported, marked "*"), a unit with nothing
 * reported marked "chưa báo cáo", and the total. Four targets a table, the unit column repeated.
 */
function subordinatePart(data: PrintableReport): (Paragraph | Table)[] {
  const subs = data.subordinates;
  const reported = subs.filter((s) => s.reported).length;
  const out: (Paragraph | Table)[] = [
    // Kept with the table it introduces.
    bodyParagraph(
      [run({ text: `Đã có ${reported}/${subs.length} đơn vị cấp dưới báo cáo. Số liệu đạt được trong kỳ của từng đơn vị:` })],
      true,
    ),
  ];
  const figures = data.figures;
  if (!figures.length) {
    out.push(unitTable(subs, []), spacer(120));
  } else {
    for (let i = 0; i < figures.length; i += TARGETS_PER_TABLE) {
      out.push(unitTable(subs, figures.slice(i, i + TARGETS_PER_TABLE)), spacer(120));
    }
  }
  if (subs.some((s) => !s.reported && Object.values(s.figures).some((f) => f.achieved !== null))) {
    out.push(
      bodyParagraph([
        run({ text: '(*) Đơn vị chưa báo cáo: tổng số liệu các đơn vị cấp dưới của đơn vị đó đã báo cáo.', italics: true }, 12),
      ]),
    );
  }
  return out;
}

function unitTable(subs: PrintableSubordinate[], figures: ReportFigureNode[]): Table {
  // TT | Đơn vị | one column a target (at most 1.5–2 cm wide each), the unit's name taking the rest.
  const columns = Math.max(1, figures.length);
  const figureWidth = Math.min(2000, Math.floor((TEXT_WIDTH - 600 - 2755) / columns));
  const widths = [600, TEXT_WIDTH - 600 - figureWidth * columns, ...Array<number>(columns).fill(figureWidth)];
  const header: GridCell[] = [
    'TT',
    'Đơn vị',
    ...(figures.length ? figures.map((f) => `${f.metric} (${f.unitOfMeasure})`) : ['Tình trạng']),
  ];
  const rows: GridCell[][] = subs.map((s, i) => {
    const cells = figures.map((f) => s.figures[f.targetId]?.achieved ?? null);
    const name = s.reported ? s.unit.name : `${s.unit.name} (${NOT_REPORTED})`;
    if (!figures.length) return [String(i + 1), s.unit.name, s.reported ? 'đã báo cáo' : NOT_REPORTED];
    // Nothing from the unit, nor from below it: one cell across its figures says so.
    if (!s.reported && cells.every((c) => c === null))
      return [String(i + 1), s.unit.name, { text: NOT_REPORTED, span: figures.length, italics: true }];
    return [String(i + 1), name, ...cells.map((c) => (c === null ? '–' : s.reported ? figureText(c) : `${figureText(c)} (*)`))];
  });
  const total: GridCell[] = [
    { text: 'Cộng', span: 2, bold: true },
    ...figures.map((f) => ({ text: figureText(totalOf(subs, f)), bold: true })),
  ];
  return gridTable(figures.length ? [header, ...rows, total] : [header, ...rows], {
    widths,
    align: ['center', 'left', ...figures.map(() => 'right' as const)],
  });
}

/** The units' figures for a target: their sum (each counted once), or for a rate their mean. */
function totalOf(subs: PrintableSubordinate[], f: ReportFigureNode): number | null {
  const values = subs.map((s) => s.figures[f.targetId]?.achieved ?? null).filter((v): v is number => v !== null);
  if (!values.length) return null;
  const sum = values.reduce((a, b) => a + b, 0);
  return isRate(f.unitOfMeasure) ? sum / values.length : sum;
}
