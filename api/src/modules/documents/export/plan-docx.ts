import {
  AlignmentType,
  BorderStyle,
  Document,
  Header,
  LineRuleType,
  Packer,
  PageNumber,
  PageOrientation,
  Paragraph,
  Table,
  TableBorders,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import type { PlanDocument, PlanHeader, DocNode } from '../../plans/plan-document.js';
import { tableCells } from '../import/tables.js';
import { defaultIssuingBody } from '../../plans/plan.service.js';
import { isPartySymbol, numberLine } from '../import/header-footer.js';

/**
 * A plan printed as .docx per Decree 30/2020/NĐ-CP (appendix I, sample 1.4 of appendix III), as
 * described in docs/DOCUMENT-FORMAT.md: A4 portrait, margins, Times New Roman, the two-column
 * borderless header (issuing body / national name), the kind line and title, the body, and the
 * two-column footer (Nơi nhận / signature), page numbers centred in the top margin from page 2.
 *
 * Everything printed is text of the document, once and in order, so that importing the file
 * (`docxToText` + `parsePlanText`) gives the same plan back. The only additions are the national
 * name and motto (which the importer knows and skips) and layout: rules are empty bordered
 * paragraphs, space is paragraph spacing, never text.
 */

export interface RenderOptions {
  /**
   * Tên cơ quan chủ quản trực tiếp, printed upright above the issuing body ("UBND TỈNH LÀO CAI"
   * above "SỞ Y TẾ"). When not given it is the unit's committee above an agency's one-line body.
   */
  issuingBodyParent?: string | null;
  /** The plan's unit ("Tỉnh Lào Cai"): the issuing authority and the place when the plan does not say them. */
  unit?: { name: string } | null;
}

/** "Tỉnh Lào Cai" → "Lào Cai", "Thành phố Lào Cai" → "Lào Cai", "Phường Pleiku" → "Pleiku". */
const UNIT_KIND = /^(?:tỉnh|thành phố|huyện|quận|thị xã|xã|phường|thị trấn|đặc khu)\s+/iu;
export const placeOfUnit = (unitName: string) => unitName.replace(UNIT_KIND, '');

/**
 * The issuing body as it may be printed: upper-case lines that are no motto, number, date or
 * table rest. A body stored by an older import that misread its header ("CỘNG HÒA … | Lào Cai,
 * ngày …") is never printed as it stands: the unit's authority is printed instead.
 */
export function printableIssuingBody(body: string | null): string | null {
  if (!body) return null;
  const lines = body.split('\n').map((l) => l.trim());
  const clean = lines.every(
    (l) =>
      l !== '' && /\p{L}/u.test(l) && l === l.toLocaleUpperCase('vi') && !/[|]|CỘNG H(?:ÒA|OÀ)|ĐỘC LẬP|HẠNH PHÚC|^SỐ\b|\bNGÀY\b/u.test(l),
  );
  return clean ? lines.join('\n') : null;
}

/** A committee or Party body stands alone; any other one-line body (an agency) prints its superior above it. */
const STANDS_ALONE = /^(?:ỦY BAN NHÂN DÂN|UỶ BAN NHÂN DÂN|UBND|HỘI ĐỒNG NHÂN DÂN|HĐND|ĐẢNG|BAN THƯỜNG VỤ)(?:\s|$)|\s(?:ỦY|UỶ)$/u;

/**
 * The issuing authority printed top left: the plan's own issuing body when it is printable, with
 * the unit's committee above an agency ("UBND TỈNH LÀO CAI" / "CÔNG AN TỈNH"); else the unit's
 * committee ("ỦY BAN NHÂN DÂN TỈNH LÀO CAI"), as createPlan writes it.
 */
export function issuingAuthority(h: Pick<PlanHeader, 'issuingBody'>, opts: RenderOptions): { parent: string | null; body: string | null } {
  const stored = printableIssuingBody(h.issuingBody);
  const unitUpper = opts.unit ? opts.unit.name.toLocaleUpperCase('vi') : null;
  if (!stored) return { parent: opts.issuingBodyParent ?? null, body: opts.unit ? defaultIssuingBody(opts.unit.name) : null };
  if (opts.issuingBodyParent !== undefined) return { parent: opts.issuingBodyParent, body: stored };
  const agency = !stored.includes('\n') && !STANDS_ALONE.test(stored);
  return { parent: agency && unitUpper ? `UBND ${unitUpper}` : null, body: stored };
}

const mm = (v: number) => Math.round((v * 1440) / 25.4);

/** Page geometry in twips (1/1440 inch). Margins within the decree's ranges: top/bottom 20–25, left 30–35, right 15–20 mm. */
export const PAGE = {
  width: mm(210),
  height: mm(297),
  margin: { top: mm(20), bottom: mm(20), left: mm(30), right: mm(15) },
  /** Distance of the page-number header from the top edge: it sits in the top margin. */
  header: mm(10),
  footer: mm(10),
} as const;
const TEXT_WIDTH = PAGE.width - PAGE.margin.left - PAGE.margin.right;

export const FONT = 'Times New Roman';

/** Sizes in points, per element of the decree's table (ranges given there; one value chosen). */
export const SIZE = {
  body: 14,
  nationalName: 12, // Quốc hiệu 12–13; paired with a 13 pt motto (the decree's 12/13 sample pair)
  motto: 13,
  parentBody: 12,
  issuingBody: 12,
  /** "ĐẢNG CỘNG SẢN VIỆT NAM", bold capitals (the Party guideline's size was not read: the state national name's plus one). */
  partyTitle: 13,
  number: 13,
  dateLine: 14,
  kind: 14,
  title: 14,
  recipientsHeading: 12,
  recipients: 11,
  signature: 14,
  pageNumber: 13,
} as const;

/** 1 cm first-line indent for every body paragraph (the decree allows 1 or 1.27 cm). */
export const FIRST_LINE_INDENT = mm(10);
/** 6 pt after each body paragraph (≥ 6 pt), line spacing 1.15 (single to 1.5). */
export const BODY_SPACING = { before: 0, after: 120, line: 276, lineRule: LineRuleType.AUTO };

export const NATIONAL_NAME = 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM';
export const MOTTO = 'Độc lập - Tự do - Hạnh phúc';
/** The heading of a Party document, top right in place of the national name and motto (docs/DOCUMENT-FORMAT.md, "Party documents"). */
export const PARTY_TITLE = 'ĐẢNG CỘNG SẢN VIỆT NAM';

/** A Party committee or body: "TỈNH ỦY", "HUYỆN ỦY BÁT XÁT", "ĐẢNG ỦY XÃ …", "BAN THƯỜNG VỤ …", "ĐẢNG BỘ TỈNH …". */
const PARTY_BODY = /^(?:ĐẢNG (?:ỦY|UỶ|BỘ|ĐOÀN)|BAN THƯỜNG VỤ|BAN CÁN SỰ ĐẢNG|CHI BỘ|(?:TỈNH|HUYỆN|THÀNH|QUẬN|THỊ) (?:ỦY|UỶ))(?:\s|$)/u;

/**
 * A Party document: its number in the Party form ("Số 125-KH/TU", a Ban Chỉ đạo of a Party
 * committee "Số 12-KH/BCĐ"), or a Party body as its issuing body. A state Ban Chỉ đạo
 * ("Số: 17/KH-BCĐ", under the People's Committee) is a state document.
 */
export function isPartyDocument(h: Pick<PlanHeader, 'issuingBody' | 'symbol'>): boolean {
  if (h.symbol && isPartySymbol(h.symbol)) return true;
  const body = printableIssuingBody(h.issuingBody);
  return !!body && body.split('\n').some((line) => PARTY_BODY.test(line));
}

/** Header and footer table columns (twips): the right column holds the national name on one line. */
const HEADER_COLUMNS = [3600, TEXT_WIDTH - 3600] as const;
const FOOTER_COLUMNS = [4400, TEXT_WIDTH - 4400] as const;
const CELL_PADDING = 57; // 1 mm each side
const cellContent = (column: number) => column - 2 * CELL_PADDING;

/** Space between the title's last line and the rule under it (twips: 6 pt). */
export const TITLE_RULE_GAP = 120;

/** Space left between the signer's title and name for the signature and seal. */
const SIGNATURE_SPACE = mm(28);

export async function renderPlanDocx(doc: PlanDocument, opts: RenderOptions = {}): Promise<Buffer> {
  const document = new Document({
    creator: 'kehoach',
    title: doc.header.title,
    styles: {
      default: {
        document: {
          run: { font: FONT, size: SIZE.body * 2, color: '000000', language: { value: 'vi-VN' } },
          paragraph: { spacing: { before: 0, after: 0 } },
        },
      },
    },
    sections: [
      {
        properties: {
          // A different (empty) first-page header: page numbers are not shown on page 1.
          titlePage: true,
          page: {
            size: { width: PAGE.width, height: PAGE.height, orientation: PageOrientation.PORTRAIT },
            margin: { ...PAGE.margin, header: PAGE.header, footer: PAGE.footer },
          },
        },
        headers: {
          default: new Header({
            children: [
              new Paragraph({ alignment: AlignmentType.CENTER, children: [run({ children: [PageNumber.CURRENT] }, SIZE.pageNumber)] }),
            ],
          }),
          first: new Header({ children: [new Paragraph({})] }),
        },
        children: [
          headerTable(doc, opts),
          ...kindAndTitle(doc),
          ...doc.preamble
            .split('\n')
            .filter((p) => p.trim() !== '')
            .map((p) => bodyParagraph([run({ text: p })])),
          // The last paragraph of the body keeps with the signature block: the block never
          // stands alone on the last page.
          ...doc.nodes.map((n, i) => (n.kind === 'TABLE' ? dataTable(n.text) : nodeParagraph(n, i === doc.nodes.length - 1))),
          spacer(240, true),
          footerTable(doc),
        ],
      },
    ],
  });
  return Packer.toBuffer(document);
}

/* ------------------------------------------------------------------ runs */

type RunOptions = ConstructorParameters<typeof TextRun>[0] & object;

/** Every run names its font and size: a reader that ignores the style defaults still prints Times New Roman. */
function run(options: RunOptions, size: number = SIZE.body): TextRun {
  return new TextRun({ font: FONT, size: size * 2, ...options });
}

/** Text with its line breaks kept as breaks inside one paragraph. */
function lines(text: string, options: Omit<RunOptions, 'text'>, size?: number): TextRun[] {
  return text.split('\n').map((line, i) => run({ ...options, text: line, break: i > 0 ? 1 : undefined }, size));
}

/* ---------------------------------------------------------------- header */

/**
 * Row 1: (parent body, issuing body, short rule) | (national name, motto, rule as long as it).
 * Row 2: "Số: …" | place and date, so both stand on one line as the decree places them.
 */
function headerTable(doc: PlanDocument, opts: RenderOptions): Table {
  const h = doc.header;
  const [left, right] = HEADER_COLUMNS;
  const leftTop: Paragraph[] = [];
  const authority = issuingAuthority(h, opts);
  if (authority.parent) {
    leftTop.push(centred(lines(authority.parent, { allCaps: true }, SIZE.parentBody)));
  }
  const party = isPartyDocument(h);
  if (authority.body) {
    leftTop.push(centred(lines(authority.body, { bold: true, allCaps: true }, SIZE.issuingBody)));
    if (party) {
      // A Party body has a star under it, not a rule (the importer reads a lone "*" as a rule).
      leftTop.push(centred([run({ text: '*' }, SIZE.issuingBody)]));
    } else {
      // The rule under the issuing body: 1/3–1/2 of the text's length.
      const longest = Math.max(...authority.body.split('\n').map((l) => textWidth(l.toLocaleUpperCase('vi'), SIZE.issuingBody)));
      leftTop.push(rule(0.4 * Math.min(longest, cellContent(left)), cellContent(left)));
    }
  }
  // A Party document is headed "ĐẢNG CỘNG SẢN VIỆT NAM" with a rule as long as it; a state one
  // by the national name and motto (docs/DOCUMENT-FORMAT.md).
  const rightTop = party
    ? [
        centred([run({ text: PARTY_TITLE, bold: true }, SIZE.partyTitle)]),
        rule(textWidth(PARTY_TITLE, SIZE.partyTitle), cellContent(right)),
      ]
    : [
        centred([run({ text: NATIONAL_NAME, bold: true }, SIZE.nationalName)]),
        centred([run({ text: MOTTO, bold: true }, SIZE.motto)]),
        rule(textWidth(MOTTO, SIZE.motto), cellContent(right)),
      ];
  const numberText = h.symbol
    ? numberLine(h.number, h.symbol, isPartySymbol(h.symbol) ? (n) => n ?? '\u00A0'.repeat(6) : printedNumber)
    : null;
  const numberPara = numberText ? centred([run({ text: numberText }, SIZE.number)]) : null;
  const date = printedDateLine(doc, opts);
  const dateLine = date ? centred([run({ text: date, italics: true }, SIZE.dateLine)]) : null;
  return borderless(
    [left, right],
    [
      [leftTop, rightTop],
      [numberPara ? [numberPara] : [], dateLine ? [dateLine] : []],
    ],
  );
}

/** Numbers below 10 take a leading zero (Decree 30: "Số: 05/KH-UBND"); a draft leaves room to write it in. */
export function printedNumber(number: string | null): string {
  if (!number) return '\u00A0'.repeat(6); // no-break spaces keep the blank visible
  return /^\d$/.test(number) ? `0${number}` : number;
}

/**
 * The place and date line as stored ("Lào Cai, ngày 20 tháng 8 năm 2024"). A draft's blank
 * "ngày tháng năm" gets room to write the date by hand; a draft with no line gets the blank line
 * itself at its place, or its unit's (a derived draft), since a printed plan cannot go without it.
 */
function printedDateLine(doc: PlanDocument, opts: RenderOptions): string | null {
  const blank = '\u00A0'.repeat(5);
  const { dateLine, issuedDate } = doc.header;
  // A derived draft has no place yet: it is the unit's.
  const place = doc.header.place ?? (opts.unit ? placeOfUnit(opts.unit.name) : null);
  if (dateLine) return dateLine.replace(/ngày\s+tháng\s+năm/u, `ngày ${blank} tháng ${blank} năm`);
  if (!place) return null;
  const year = issuedDate ? issuedDate.slice(0, 4) : String(vietnamYear());
  return `${place}, ngày ${blank} tháng ${blank} năm ${year}`;
}

function vietnamYear(): number {
  return Number(new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh', year: 'numeric' }).format(new Date()));
}

/** "KẾ HOẠCH", the title under it, and a short rule under the title (1/3–1/2 of its length). */
function kindAndTitle(doc: PlanDocument): Paragraph[] {
  const kind = doc.header.documentKind || 'KẾ HOẠCH';
  const title = doc.header.title;
  const out = [
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { before: 360, after: 0 },
      children: [run({ text: kind, bold: true, allCaps: true }, SIZE.kind)],
    }),
  ];
  if (title) {
    out.push(new Paragraph({ alignment: AlignmentType.CENTER, children: lines(title, { bold: true }, SIZE.title) }));
    const longest = Math.max(...title.split('\n').map((l) => textWidth(l, SIZE.title)));
    // Set off from the title's last line, so that the rule never touches its descenders.
    out.push(rule(0.4 * Math.min(longest, TEXT_WIDTH), TEXT_WIDTH, TITLE_RULE_GAP));
  }
  // Space between the title block and the body.
  out.push(spacer(240));
  return out;
}

/* ------------------------------------------------------------------ body */

function bodyParagraph(children: TextRun[], keepNext = false): Paragraph {
  return new Paragraph({
    keepNext,
    alignment: AlignmentType.JUSTIFIED,
    indent: { firstLine: FIRST_LINE_INDENT },
    spacing: BODY_SPACING,
    children,
  });
}

/**
 * Labels and emphasis by kind (the decree's sample): a section "I. …" upper case bold; an item
 * "1." / "2.1." bold when it is a heading, upright when it is a sentence; points "a)", bullets
 * "-" and plain paragraphs upright. Upper case is a run property, so the stored text is printed
 * unchanged underneath and reads back as it was.
 */
function nodeParagraph(node: DocNode, keepNext = false): Paragraph {
  const style: Omit<RunOptions, 'text'> =
    node.kind === 'SECTION' ? { bold: true, allCaps: true } : node.kind === 'ITEM' && isHeading(node.text) ? { bold: true } : {};
  const text = node.label ? `${node.label} ${node.text}` : node.text;
  return bodyParagraph(lines(text, style), keepNext);
}

/** A heading names a part ("Mục tiêu chung", "Công an tỉnh"): short, and not a sentence. */
export function isHeading(text: string): boolean {
  return text.length <= 200 && !/[.;!?…]["”’)\]]*$/u.test(text.trim());
}

/**
 * A table of the plan (a TABLE node: rows "| a | b |") printed as a Word table with borders, the
 * first row bold, one paragraph per cell, so that importing the file gives the same rows back.
 */
function dataTable(text: string): Table {
  const rows = text.split('\n').map(tableCells);
  const columns = Math.max(1, ...rows.map((r) => r.length));
  const width = Math.floor(TEXT_WIDTH / columns);
  const line = { style: BorderStyle.SINGLE, size: 4, color: '000000' };
  return new Table({
    width: { size: width * columns, type: WidthType.DXA },
    columnWidths: Array<number>(columns).fill(width),
    layout: TableLayoutType.FIXED,
    borders: { top: line, bottom: line, left: line, right: line, insideHorizontal: line, insideVertical: line },
    margins: { left: CELL_PADDING, right: CELL_PADDING, top: 0, bottom: 0 },
    rows: rows.map(
      (cells, r) =>
        new TableRow({
          cantSplit: true,
          tableHeader: r === 0,
          children: Array.from(
            { length: columns },
            (_, c) =>
              new TableCell({
                width: { size: width, type: WidthType.DXA },
                children: [
                  new Paragraph({ alignment: AlignmentType.CENTER, children: [run({ text: cells[c] ?? '', bold: r === 0 }, 13)] }),
                ],
              }),
          ),
        }),
    ),
  });
}

/* ---------------------------------------------------------------- footer */

/** "Nơi nhận:" with its list on the left, the signature block on the right, level at the top. */
function footerTable(doc: PlanDocument): Table {
  const [left, right] = FOOTER_COLUMNS;
  const recipients: Paragraph[] = [];
  if (doc.recipients.length > 0) {
    recipients.push(new Paragraph({ children: [run({ text: 'Nơi nhận:', bold: true, italics: true }, SIZE.recipientsHeading)] }));
    for (const r of doc.recipients) {
      // "- " is implied in the stored list; another marker ("+ …") was kept as written.
      const line = /^[-–+•]\s*/u.test(r) ? r : `- ${r}`;
      recipients.push(new Paragraph({ children: [run({ text: line }, SIZE.recipients)] }));
    }
  }
  const s = doc.signature;
  const titles = [s.authority, s.title].filter((t): t is string => !!t);
  const signature: Paragraph[] = titles.map((t, i) =>
    centred([run({ text: t, bold: true, allCaps: true }, SIZE.signature)], i === titles.length - 1 ? SIGNATURE_SPACE : 0),
  );
  if (s.signerName) signature.push(centred([run({ text: s.signerName, bold: true }, SIZE.signature)]));
  return borderless([left, right], [[recipients, signature]]);
}

/* ---------------------------------------------------------------- layout */

function centred(children: TextRun[], after = 0): Paragraph {
  return new Paragraph({ alignment: AlignmentType.CENTER, spacing: { before: 0, after }, children });
}

/**
 * A solid rule of the given width, centred in the available width: an empty paragraph with a
 * bottom border and side indents (a drawn shape would be invisible to the importer too, but is
 * not portable to every reader). Its mark is 1 pt high so it adds almost no vertical space.
 */
function rule(width: number, available: number, before = 0): Paragraph {
  const side = Math.max(0, Math.round((available - width) / 2));
  return new Paragraph({
    indent: { left: side, right: side },
    spacing: { before, after: 60, line: 240, lineRule: LineRuleType.AUTO },
    border: { bottom: { style: BorderStyle.SINGLE, size: 6, color: '000000', space: 1 } },
    run: { size: 2 },
    children: [],
  });
}

/** Vertical space as an empty paragraph with a 1 pt mark (nothing for the importer to read). */
function spacer(before: number, keepNext = false): Paragraph {
  return new Paragraph({ keepNext, spacing: { before, after: 0, line: 240, lineRule: LineRuleType.AUTO }, run: { size: 2 }, children: [] });
}

/** A table without borders; `cells[row][column]` are the paragraphs of each cell. */
function borderless(columns: readonly number[], cells: Paragraph[][][]): Table {
  const rows = cells.map(
    (row) =>
      new TableRow({
        cantSplit: true,
        children: row.map(
          (children, i) =>
            new TableCell({
              width: { size: columns[i], type: WidthType.DXA },
              borders: TableBorders.NONE,
              // A cell must hold a paragraph; an empty one is skipped on import.
              children: children.length > 0 ? children : [new Paragraph({})],
            }),
        ),
      }),
  );
  return new Table({
    rows,
    width: { size: columns.reduce((a, b) => a + b, 0), type: WidthType.DXA },
    columnWidths: [...columns],
    layout: TableLayoutType.FIXED,
    borders: TableBorders.NONE,
    margins: { left: CELL_PADDING, right: CELL_PADDING, top: 0, bottom: 0 },
  });
}

/* --------------------------------------------------------------- metrics */

/**
 * Advance widths of Times Bold (Adobe AFM, 1/1000 em), which Times New Roman Bold and Liberation
 * Serif Bold follow closely: enough to size the rules under bold header lines. Vietnamese
 * letters take their base letter's width (the marks sit above or below it).
 */
const TIMES_BOLD: Record<string, number> = {
  ' ': 250,
  '-': 333,
  ',': 250,
  '.': 250,
  ':': 333,
  ';': 333,
  '(': 333,
  ')': 333,
  '/': 278,
  ...Object.fromEntries([...'0123456789'].map((d) => [d, 500])),
  ...widths(
    'ABCDEFGHIJKLMNOPQRSTUVWXYZ',
    [722, 667, 722, 722, 667, 611, 778, 778, 389, 500, 778, 667, 944, 722, 778, 611, 778, 722, 556, 667, 722, 722, 1000, 722, 722, 667],
  ),
  ...widths(
    'abcdefghijklmnopqrstuvwxyz',
    [500, 556, 444, 556, 444, 333, 500, 556, 278, 333, 556, 278, 833, 556, 500, 556, 556, 444, 389, 333, 556, 500, 722, 500, 500, 444],
  ),
};

function widths(chars: string, values: number[]): Record<string, number> {
  return Object.fromEntries([...chars].map((c, i) => [c, values[i]]));
}

/** Estimated width in twips of a bold line of text at `size` points. */
export function textWidth(text: string, size: number): number {
  let units = 0;
  for (const ch of text) {
    const base = ch.replace(/Đ/u, 'D').replace(/đ/u, 'd').normalize('NFD').replace(/\p{M}/gu, '');
    units += TIMES_BOLD[base] ?? 500;
  }
  return Math.round((units / 1000) * size * 20);
}
