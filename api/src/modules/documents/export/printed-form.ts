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

/**
 * The printed form shared by every exported document (a plan, a report) per Decree 30/2020/NĐ-CP,
 * appendix I and sample 1.4 of appendix III (docs/DOCUMENT-FORMAT.md): A4 portrait, margins,
 * Times New Roman, the two-column borderless header (issuing body, number | national name and
 * motto, place and date), the kind line and title, body paragraphs, bordered data tables, and the
 * two-column footer ("Nơi nhận:" | signature), page numbers centred in the top margin from page 2.
 *
 * Everything printed is text of the document; rules are empty bordered paragraphs and space is
 * paragraph spacing, never text, so that the importer reads back only what was written.
 */

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
export const TEXT_WIDTH = PAGE.width - PAGE.margin.left - PAGE.margin.right;

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
  /** Cells of data tables. */
  table: 13,
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

/** Header and footer table columns (twips): the right column holds the national name on one line. */
const HEADER_COLUMNS = [3600, TEXT_WIDTH - 3600] as const;
const FOOTER_COLUMNS = [4400, TEXT_WIDTH - 4400] as const;
export const CELL_PADDING = 57; // 1 mm each side
const cellContent = (column: number) => column - 2 * CELL_PADDING;

/** Space between the title's last line and the rule under it (twips: 6 pt). */
export const TITLE_RULE_GAP = 120;

/** Space left between the signer's title and name for the signature and seal. */
const SIGNATURE_SPACE = mm(28);

/**
 * The document: A4 portrait with the decree's margins, Times New Roman by default, page numbers
 * centred in the top margin from page 2 (a different, empty first-page header).
 */
export function printedDocx(title: string, children: (Paragraph | Table)[]): Promise<Buffer> {
  const document = new Document({
    creator: 'kehoach',
    title,
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
        children,
      },
    ],
  });
  return Packer.toBuffer(document);
}

/* ------------------------------------------------------------------ runs */

export type RunOptions = ConstructorParameters<typeof TextRun>[0] & object;

/** Every run names its font and size: a reader that ignores the style defaults still prints Times New Roman. */
export function run(options: RunOptions, size: number = SIZE.body): TextRun {
  return new TextRun({ font: FONT, size: size * 2, ...options });
}

/** Text with its line breaks kept as breaks inside one paragraph. */
export function lines(text: string, options: Omit<RunOptions, 'text'>, size?: number): TextRun[] {
  return text.split('\n').map((line, i) => run({ ...options, text: line, break: i > 0 ? 1 : undefined }, size));
}

/* ---------------------------------------------------------------- header */

/** What the header table prints (docs/DOCUMENT-FORMAT.md, boxes 1–4). */
export interface Letterhead {
  /** Tên cơ quan chủ quản trực tiếp, upright above the issuing body; null when there is none. */
  parent: string | null;
  /** Tên cơ quan ban hành, bold capitals. */
  body: string | null;
  /** A Party document: a star under the body, "ĐẢNG CỘNG SẢN VIỆT NAM" in place of the national name and motto. */
  party: boolean;
  /** The whole number line ("Số: 45/KH-UBND"), or null. */
  numberLine: string | null;
  /** The place and date line ("Lào Cai, ngày 20 tháng 8 năm 2024"), or null. */
  dateLine: string | null;
}

/**
 * Row 1: (parent body, issuing body, short rule) | (national name, motto, rule as long as it).
 * Row 2: "Số: …" | place and date, so both stand on one line as the decree places them.
 */
export function letterheadTable(h: Letterhead): Table {
  const [left, right] = HEADER_COLUMNS;
  const leftTop: Paragraph[] = [];
  if (h.parent) {
    leftTop.push(centred(lines(h.parent, { allCaps: true }, SIZE.parentBody)));
  }
  if (h.body) {
    leftTop.push(centred(lines(h.body, { bold: true, allCaps: true }, SIZE.issuingBody)));
    if (h.party) {
      // A Party body has a star under it, not a rule (the importer reads a lone "*" as a rule).
      leftTop.push(centred([run({ text: '*' }, SIZE.issuingBody)]));
    } else {
      // The rule under the issuing body: 1/3–1/2 of the text's length.
      const longest = Math.max(...h.body.split('\n').map((l) => textWidth(l.toLocaleUpperCase('vi'), SIZE.issuingBody)));
      leftTop.push(rule(0.4 * Math.min(longest, cellContent(left)), cellContent(left)));
    }
  }
  // A Party document is headed "ĐẢNG CỘNG SẢN VIỆT NAM" with a rule as long as it; a state one
  // by the national name and motto (docs/DOCUMENT-FORMAT.md).
  const rightTop = h.party
    ? [
        centred([run({ text: PARTY_TITLE, bold: true }, SIZE.partyTitle)]),
        rule(textWidth(PARTY_TITLE, SIZE.partyTitle), cellContent(right)),
      ]
    : [
        centred([run({ text: NATIONAL_NAME, bold: true }, SIZE.nationalName)]),
        centred([run({ text: MOTTO, bold: true }, SIZE.motto)]),
        rule(textWidth(MOTTO, SIZE.motto), cellContent(right)),
      ];
  const numberPara = h.numberLine ? centred([run({ text: h.numberLine }, SIZE.number)]) : null;
  const dateLine = h.dateLine ? centred([run({ text: h.dateLine, italics: true }, SIZE.dateLine)]) : null;
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

/** Room to write the day and the month of a draft by hand. */
export const DATE_BLANK = '\u00A0'.repeat(5);

/** "Lào Cai, ngày      tháng      năm 2024": a draft's date line, dated when it is signed. */
export function blankDateLine(place: string, year: string | number): string {
  return `${place}, ngày ${DATE_BLANK} tháng ${DATE_BLANK} năm ${year}`;
}

export function vietnamYear(at: Date = new Date()): number {
  return Number(new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh', year: 'numeric' }).format(at));
}

/**
 * The kind line ("KẾ HOẠCH", "BÁO CÁO"), the title under it, and a short rule under the title
 * (1/3–1/2 of its length). A mark ("DỰ THẢO") stands above the kind line, in a box.
 */
export function kindAndTitle(kind: string, title: string | null, mark?: string | null): Paragraph[] {
  const out: Paragraph[] = [];
  if (mark) out.push(markParagraph(mark));
  out.push(
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { before: mark ? 120 : 360, after: 0 },
      children: [run({ text: kind, bold: true, allCaps: true }, SIZE.kind)],
    }),
  );
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

/** "DỰ THẢO" in bold capitals, boxed and centred, above the kind line (the importer skips such marks). */
function markParagraph(mark: string): Paragraph {
  const box = { style: BorderStyle.SINGLE, size: 6, color: '000000', space: 2 };
  const width = textWidth(mark, SIZE.kind) + 240;
  const side = Math.max(0, Math.round((TEXT_WIDTH - width) / 2));
  return new Paragraph({
    alignment: AlignmentType.CENTER,
    indent: { left: side, right: side },
    spacing: { before: 360, after: 0 },
    border: { top: box, bottom: box, left: box, right: box },
    children: [run({ text: mark, bold: true, allCaps: true }, SIZE.kind)],
  });
}

/* ------------------------------------------------------------------ body */

export function bodyParagraph(children: TextRun[], keepNext = false): Paragraph {
  return new Paragraph({
    keepNext,
    alignment: AlignmentType.JUSTIFIED,
    indent: { firstLine: FIRST_LINE_INDENT },
    spacing: BODY_SPACING,
    children,
  });
}

export type CellAlign = 'left' | 'center' | 'right';
const ALIGN = { left: AlignmentType.LEFT, center: AlignmentType.CENTER, right: AlignmentType.RIGHT } as const;

/** A cell of a data table: its text, and how many columns it spans (1 when absent). */
export type GridCell = string | { text: string; span?: number; italics?: boolean; bold?: boolean };

export interface GridOptions {
  /** Column widths in twips; equal widths over the text width when absent. */
  widths?: readonly number[];
  /** Alignment per column; centred when absent. */
  align?: readonly CellAlign[];
  /** Rows at the top printed bold and repeated on every page. */
  headerRows?: number;
}

/**
 * A data table with borders, the header rows bold and repeated on each page, one paragraph per
 * cell, so that importing the file gives the same rows back. A cell may span columns.
 */
export function gridTable(rows: GridCell[][], opts: GridOptions = {}): Table {
  const columns = opts.widths?.length ?? Math.max(1, ...rows.map((r) => r.reduce((n, c) => n + spanOf(c), 0)));
  const even = Math.floor(TEXT_WIDTH / columns);
  const widths = opts.widths ? [...opts.widths] : Array<number>(columns).fill(even);
  const headerRows = opts.headerRows ?? 1;
  const line = { style: BorderStyle.SINGLE, size: 4, color: '000000' };
  return new Table({
    width: { size: widths.reduce((a, b) => a + b, 0), type: WidthType.DXA },
    columnWidths: widths,
    layout: TableLayoutType.FIXED,
    borders: { top: line, bottom: line, left: line, right: line, insideHorizontal: line, insideVertical: line },
    margins: { left: CELL_PADDING, right: CELL_PADDING, top: 0, bottom: 0 },
    rows: rows.map((cells, r) => {
      const out: TableCell[] = [];
      let c = 0;
      for (const cell of cells) {
        if (c >= columns) break;
        const span = Math.min(spanOf(cell), columns - c);
        const text = typeof cell === 'string' ? cell : cell.text;
        const style = typeof cell === 'string' ? {} : { italics: cell.italics, bold: cell.bold };
        const header = r < headerRows;
        out.push(
          new TableCell({
            width: { size: widths.slice(c, c + span).reduce((a, b) => a + b, 0), type: WidthType.DXA },
            columnSpan: span > 1 ? span : undefined,
            children: [
              new Paragraph({
                alignment: header || span > 1 ? AlignmentType.CENTER : ALIGN[opts.align?.[c] ?? 'center'],
                children: [run({ text, bold: header || !!style.bold, ...(style.italics ? { italics: true } : {}) }, SIZE.table)],
              }),
            ],
          }),
        );
        c += span;
      }
      // A short row is filled with empty cells, so that every row has the table's columns.
      for (; c < columns; c++) {
        out.push(
          new TableCell({
            width: { size: widths[c], type: WidthType.DXA },
            children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [run({ text: '', bold: r < headerRows }, SIZE.table)] })],
          }),
        );
      }
      return new TableRow({ cantSplit: true, tableHeader: r < headerRows, children: out });
    }),
  });
}

const spanOf = (c: GridCell) => (typeof c === 'string' ? 1 : Math.max(1, c.span ?? 1));

/* ---------------------------------------------------------------- footer */

export interface PrintedSignature {
  authority: string | null;
  title: string | null;
  signerName: string | null;
}

/** "Nơi nhận:" with its list on the left, the signature block on the right, level at the top. */
export function closingTable(recipientList: readonly string[], s: PrintedSignature): Table {
  const [left, right] = FOOTER_COLUMNS;
  const recipients: Paragraph[] = [];
  if (recipientList.length > 0) {
    recipients.push(new Paragraph({ children: [run({ text: 'Nơi nhận:', bold: true, italics: true }, SIZE.recipientsHeading)] }));
    for (const r of recipientList) {
      // "- " is implied in the stored list; another marker ("+ …") was kept as written.
      const line = /^[-–+•]\s*/u.test(r) ? r : `- ${r}`;
      recipients.push(new Paragraph({ children: [run({ text: line }, SIZE.recipients)] }));
    }
  }
  const titles = [s.authority, s.title].filter((t): t is string => !!t);
  const signature: Paragraph[] = titles.map((t, i) =>
    centred([run({ text: t, bold: true, allCaps: true }, SIZE.signature)], i === titles.length - 1 ? SIGNATURE_SPACE : 0),
  );
  if (s.signerName) signature.push(centred([run({ text: s.signerName, bold: true }, SIZE.signature)]));
  return borderless([left, right], [[recipients, signature]]);
}

/* ---------------------------------------------------------------- layout */

export function centred(children: TextRun[], after = 0): Paragraph {
  return new Paragraph({ alignment: AlignmentType.CENTER, spacing: { before: 0, after }, children });
}

/**
 * A solid rule of the given width, centred in the available width: an empty paragraph with a
 * bottom border and side indents (a drawn shape would be invisible to the importer too, but is
 * not portable to every reader). Its mark is 1 pt high so it adds almost no vertical space.
 */
export function rule(width: number, available: number, before = 0): Paragraph {
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
export function spacer(before: number, keepNext = false): Paragraph {
  return new Paragraph({ keepNext, spacing: { before, after: 0, line: 240, lineRule: LineRuleType.AUTO }, run: { size: 2 }, children: [] });
}

/** A table without borders; `cells[row][column]` are the paragraphs of each cell. */
export function borderless(columns: readonly number[], cells: Paragraph[][][]): Table {
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
