import type { PlanHeader, Signature } from '../../plans/plan-document.js';
import { isoDate } from './dates.js';
import type { SourceLine } from './paragraphs.js';
import { warning, type ImportWarning } from './report.js';

/**
 * The header (issuing body, "Số: …", place and date, kind line) and the footer ("Nơi nhận:",
 * recipients, signature block) of a plan, laid out per Decree 30/2020/NĐ-CP. Every line of
 * these zones lands in a field: nothing in them is dropped except the national motto.
 */

/** Document kinds that head a plan-like document. */
const KIND_LINE = /^(KẾ HOẠCH|CHƯƠNG TRÌNH|PHƯƠNG ÁN|ĐỀ ÁN|KẾ HOẠCH LIÊN TỊCH)$/u;
/** A decision that issues the plan attached to it ("QUYẾT ĐỊNH … Ban hành Kế hoạch …"). */
const DECISION_LINE = /^QUYẾT ĐỊNH$/u;
/**
 * Quốc hiệu and Tiêu ngữ (both spellings of "Hòa"), and the Party's "ĐẢNG CỘNG SẢN VIỆT NAM":
 * fixed text every document prints; the exporter adds the national ones again.
 */
const MOTTO = /(CỘNG H(?:ÒA|OÀ) XÃ HỘI CHỦ NGHĨA VIỆT NAM|ĐẢNG CỘNG SẢN VIỆT NAM|Độc lập\s*[-–—]\s*Tự do\s*[-–—]\s*Hạnh phúc)/iu;
/** A rule drawn with characters ("-------", "______", "***", "=====", a Party header's lone "*"). */
export const RULE_LINE = /^(?:[-_=─━–—*]{3,}|\*)$/u;
/** "Số: 45/KH-UBND", "Số: /KH-UBND", Party form "Số 125-KH/TU"; the rest of the line may hold the date. */
const NUMBER_CELL = /^Số\s*:?\s*(\d*)\s*([/-])\s*([\p{L}\d][\p{L}\d/.&-]*?)[.,;]?(?:\s+(.*))?$/u;
/** "Lào Cai, ngày 20 tháng 8 năm 2024", "ngày … tháng … năm 2024" (a draft's blanks), "ngày 20/8/2024". */
const DATE_CELL = /^(.*?),\s*(ngày\b.*)$/u;
const LONG_DATE = /^ngày\s*(?:(\d{1,2})|[.…_\s]*)\s*tháng\s*(?:(\d{1,2})|[.…_\s]*)\s*năm\s*(\d{4})\s*\.?$/u;
const SHORT_DATE = /^ngày\s+(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})\s*\.?$/u;
const LOOSE_DATE = /^ngày\b.*\bnăm\s+(\d{4})\s*\.?$/u;
/** Lines that open the preamble, or "(Ban hành kèm theo Quyết định …)" under an attached plan's title. */
export const PREAMBLE_OPENER =
  /^(?:(?:Thực hiện|Căn cứ|Nhằm|Để|Trên cơ sở|Triển khai|Theo|Thi hành|Tiếp tục|Quán triệt|Xét)\s|\((?:Ban hành )?kèm theo\s)/iu;
/** A line that starts the body (a section "I.", an article "Điều 1."): no header lies below it. */
const BODY_START = /^(?:(?=[IVX])X{0,3}(?:IX|IV|V?I{0,3})\.\s|Điều\s+\d)/u;
/**
 * How far the kind line is looked for. Real headers run to 20 lines and more (a superior line, a
 * body over three lines, rules, the national name, the number and date each on a line of its
 * own when a table is flattened); the look stops earlier at the first line of a body.
 */
const MAX_HEAD_LINES = 60;

export interface Head {
  /** Index of the plan's kind line ("KẾ HOẠCH"), or -1. */
  kindAt: number;
  /** Index of "QUYẾT ĐỊNH" when the plan is attached to a decision, or -1. */
  decisionAt: number;
}

const withoutPipes = (line: string) => line.replace(/^[|\s]+|[|\s]+$/g, '');

/**
 * The kind line among the first lines. A decision's kind line ("QUYẾT ĐỊNH") above it means the
 * plan is attached to the decision: its kind line is then the first one after, however far.
 */
export function findHead(lines: SourceLine[]): Head {
  let seen = 0;
  for (let i = 0; i < lines.length && seen < MAX_HEAD_LINES; i++) {
    const text = withoutPipes(lines[i].text);
    if (text === '') continue;
    seen++;
    if (KIND_LINE.test(text)) return { kindAt: i, decisionAt: -1 };
    if (DECISION_LINE.test(text)) {
      for (let j = i + 1; j < lines.length; j++) if (KIND_LINE.test(withoutPipes(lines[j].text))) return { kindAt: j, decisionAt: i };
      return { kindAt: -1, decisionAt: -1 };
    }
    if (BODY_START.test(text) || PREAMBLE_OPENER.test(text)) break;
  }
  return { kindAt: -1, decisionAt: -1 };
}

export interface HeaderParts {
  header: Omit<PlanHeader, 'documentKind' | 'title'>;
  /** Lines above the kind line that are no part of a header: kept (at the start of the preamble) and reported. */
  stray: string[];
  warnings: ImportWarning[];
}

/**
 * The cells of header lines: a two-column table flattened to text puts "|" between its cells,
 * or a cell per line in any order (column by column, row by row); a converter may glue the
 * national name to the issuing body on one line. Rules are dropped.
 */
export function headerCells(lines: string[], work?: { headerCells?: number }): string[] {
  const cells: string[] = [];
  for (const line of lines) {
    for (const cell of line.split('|')) {
      for (const part of cell.split(MOTTO)) {
        const t = part.trim();
        if (t !== '' && !RULE_LINE.test(t)) cells.push(t);
      }
    }
  }
  // A cell broken over two lines ("Số:" / "125/KH-UBND", "Lào Cai," / "ngày 20 tháng 8 năm
  // 2024", "CỘNG HÒA XÃ HỘI" / "CHỦ NGHĨA VIỆT NAM") is one cell again when neither half is a
  // header cell and both together are.
  const out: string[] = [];
  if (work) work.headerCells = (work.headerCells ?? 0) + cells.length;
  for (let i = 0; i < cells.length; i++) {
    const joined = i + 1 < cells.length ? `${cells[i]} ${cells[i + 1]}` : null;
    if (joined && !isHeaderCell(cells[i]) && !isHeaderCell(cells[i + 1]) && isHeaderCell(joined)) {
      out.push(joined);
      i++;
    } else {
      out.push(cells[i]);
    }
  }
  return out;
}

const isHeaderCell = (cell: string) => isMotto(cell) || NUMBER_CELL.test(cell) || readDate(cell) !== null;
/** Marks above the kind line ("DỰ THẢO", "MẬT", "KHẨN"): no part of the issuing body. */
const MARK = /^\(?(?:BẢN )?(?:DỰ THẢO(?: LẦN \d+)?|MẬT|TỐI MẬT|TUYỆT MẬT|KHẨN|THƯỢNG KHẨN|HỎA TỐC|HOẢ TỐC)\)?$/u;

export const isMotto = (cell: string) => MOTTO.test(cell) && cell.replace(MOTTO, '').trim() === '';
const isUpperLine = (s: string) => /\p{L}/u.test(s) && s === s.toLocaleUpperCase('vi') && s.length <= 120;

/**
 * Reads the lines above the kind line cell by cell: the national name and motto (skipped), the
 * number, the place and date, and the issuing body (its superior line first when there is one:
 * "UBND TỈNH LÀO CAI" / "SỞ Y TẾ"). Only upper-case cells are taken as the issuing body; any
 * other cell, a second number or a second date is not guessed at: it is kept as text and
 * reported (HEADER_UNSURE), so a misread header is never printed as one.
 */
export function parseHeaderLines(lines: string[], work?: { headerCells?: number }): HeaderParts {
  const warnings: ImportWarning[] = [];
  const body: string[] = [];
  const stray: string[] = [];
  const header: HeaderParts['header'] = { issuingBody: null, number: null, symbol: null, place: null, dateLine: null, issuedDate: null };
  const take = (cell: string) => {
    if (isMotto(cell)) return;
    const number = NUMBER_CELL.exec(cell);
    if (number) {
      if (header.symbol !== null) return void stray.push(cell);
      header.number = number[1] === '' ? null : number[1];
      header.symbol = number[3];
      if (number[4]) take(number[4]);
      return;
    }
    const date = readDate(cell);
    if (date) {
      if (header.dateLine !== null) return void stray.push(cell);
      if (date.before) take(date.before);
      header.place = date.place;
      header.dateLine = date.line;
      header.issuedDate = date.iso;
      if (date.invalid) warnings.push(warning('HEADER_DATE_INVALID', `The date line names no real date: "${date.line}"`, [date.line]));
      return;
    }
    if (isUpperLine(cell) && !MARK.test(cell)) body.push(cell);
    else stray.push(cell);
  };
  for (const cell of headerCells(lines, work)) take(cell);
  if (body.length > 0) header.issuingBody = body.join('\n');
  if (stray.length > 0) {
    warnings.push(
      warning(
        'HEADER_UNSURE',
        `Header lines that are neither issuing body, number nor date are kept at the start of the preamble: ${stray.join(' / ')}`,
        stray,
      ),
    );
  }
  return { header, stray, warnings };
}

interface DateCell {
  /** Text glued before the place ("TỈNH LÀO CAI Lào Cai, ngày …"): another cell. */
  before: string | null;
  place: string;
  line: string;
  iso: string | null;
  invalid: boolean;
}

function readDate(cell: string): DateCell | null {
  const m = DATE_CELL.exec(cell);
  if (!m) return null;
  const rest = m[2].trim();
  const long = LONG_DATE.exec(rest);
  const short = long ? null : SHORT_DATE.exec(rest);
  if (!long && !short && !LOOSE_DATE.test(rest)) return null;
  // The place is mixed case ("Lào Cai", "TP. Pleiku"); upper-case words before it belong to
  // a cell glued to it.
  const words = m[1].trim().split(' ');
  let from = words.length;
  while (from > 0 && words[from - 1] !== words[from - 1].toLocaleUpperCase('vi')) from--;
  if (from > 0 && from < words.length && /^\p{Lu}[\p{L}]*\.$/u.test(words[from - 1]) && words[from - 1].length <= 4) from--; // "TP.", "TX."
  if (from === words.length) from = 0; // no mixed-case place: the whole text is the place
  const before = words.slice(0, from).join(' ');
  const place = words.slice(from).join(' ');
  if (place === '') return null;
  const parts = long ?? short;
  const [d, mo, y] = parts ? [parts[1], parts[2], parts[3]] : [undefined, undefined, undefined];
  const iso = d && mo && y ? isoDate(Number(d), Number(mo), Number(y)) : null;
  return { before: before || null, place, line: `${place}, ${rest}`, iso, invalid: !!(d && mo && y) && iso === null };
}

/** A Party symbol ("KH/TU", "KH/ĐU"): letters, then "/" (a state symbol with a year starts with digits: "2024/KH-UBND"). */
export const isPartySymbol = (symbol: string) => /^\p{Lu}+\//u.test(symbol);

/**
 * "Số: 45/KH-UBND" (state form, Decree 30/2020) or "Số 125-KH/TU" (Party form: the symbol holds
 * the "/"); `printNumber` formats the number (the exporter pads it).
 */
export function numberLine(number: string | null, symbol: string, printNumber: (n: string | null) => string = (n) => n ?? ''): string {
  return isPartySymbol(symbol) ? `Số ${printNumber(number)}-${symbol}` : `Số: ${printNumber(number)}/${symbol}`;
}

/** The header lines as they print, for the text-preservation check. */
export function headerLines(h: PlanHeader): string[] {
  const out: string[] = [];
  if (h.issuingBody) out.push(...h.issuingBody.split('\n'));
  if (h.symbol !== null) out.push(numberLine(h.number, h.symbol));
  if (h.dateLine) out.push(h.dateLine);
  if (h.documentKind) out.push(h.documentKind);
  if (h.title) out.push(h.title);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Footer

const RECIPIENTS_LINE = /^Nơi nhận\s*:?$/iu;
/** TM. (on behalf of), KT. (signing for), Q. (acting), TL. / TUQ. (by order / by delegation). */
const AUTHORITY_LINE = /^(TM|KT|Q|TL|TUQ)\.\s+\S/u;
const RECIPIENT_MARKER = /^[-–+•]\s*/u;

/** Does the footer (recipients or signature block) start at this line? */
export function startsFooter(line: string): boolean {
  return RECIPIENTS_LINE.test(line) || AUTHORITY_LINE.test(line);
}

export interface FooterParts {
  recipients: string[];
  signature: Signature;
  hasRecipientsLine: boolean;
  warnings: ImportWarning[];
}

const isUpper = (s: string) => /\p{Lu}/u.test(s) && s === s.toUpperCase();

/**
 * Recipients are the "- " lines after "Nơi nhận:" (a line without a marker continues the one
 * above); the signature block is the authority line (TM./KT.), upper-case title lines and the
 * signer's name. Either block may come first.
 */
export function parseFooterLines(lines: string[]): FooterParts {
  const recipients: string[] = [];
  const signature: Signature = { authority: null, title: null, signerName: null };
  const warnings: ImportWarning[] = [];
  const names: string[] = [];
  let mode: 'recipients' | 'signature' = 'signature';
  let hasRecipientsLine = false;
  for (const line of lines) {
    if (line === '') continue;
    if (RECIPIENTS_LINE.test(line)) {
      mode = 'recipients';
      hasRecipientsLine = true;
      continue;
    }
    if (mode === 'recipients') {
      const marker = RECIPIENT_MARKER.exec(line);
      if (marker) {
        // "- " is the standard marker and is implied; any other marker is kept as written.
        recipients.push(marker[0].startsWith('-') ? line.slice(marker[0].length) : line);
        continue;
      }
      if (!AUTHORITY_LINE.test(line) && !isUpper(line) && recipients.length > 0) {
        recipients[recipients.length - 1] += ` ${line}`;
        continue;
      }
      mode = 'signature';
    }
    if (AUTHORITY_LINE.test(line) && signature.authority === null && names.length === 0) {
      signature.authority = line;
    } else if (isUpper(line) && names.length === 0) {
      signature.title = signature.title === null ? line : `${signature.title} ${line}`;
    } else {
      names.push(line);
    }
  }
  if (names.length > 0) signature.signerName = names.join(' ');
  // The model has no place after the signature: text there stays with the name, and is reported.
  if (names.length > 1)
    warnings.push(
      warning('SIGNATURE_UNUSUAL', `Text after the signer's name is kept with it: "${names.slice(1).join(' ')}"`, [
        names.slice(1).join(' '),
      ]),
    );
  else if (signature.signerName && /\d/.test(signature.signerName)) {
    warnings.push(warning('SIGNATURE_UNUSUAL', `Signer name looks unusual: "${signature.signerName}"`, [signature.signerName]));
  }
  return { recipients, signature, hasRecipientsLine, warnings };
}

/** The footer lines as they print, for the text-preservation check. */
export function footerLines(recipients: string[], signature: Signature): string[] {
  const out: string[] = [];
  if (recipients.length > 0) {
    out.push('Nơi nhận:');
    for (const r of recipients) out.push(RECIPIENT_MARKER.test(r) ? r : `- ${r}`);
  }
  for (const part of [signature.authority, signature.title, signature.signerName]) if (part) out.push(part);
  return out;
}
