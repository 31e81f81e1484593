import type { Paragraph } from 'docx';
import type { PlanDocument, PlanHeader, DocNode } from '../../plans/plan-document.js';
import { tableCells } from '../import/tables.js';
import { defaultIssuingBody } from '../../plans/plan.service.js';
import { isPartySymbol, numberLine } from '../import/header-footer.js';
import {
  blankDateLine,
  bodyParagraph,
  closingTable,
  DATE_BLANK,
  gridTable,
  kindAndTitle,
  letterheadTable,
  lines,
  printedDocx,
  printedNumber,
  run,
  spacer,
  vietnamYear,
  type RunOptions,
} from './printed-form.js';

// The printed form's constants and helpers, as the plan export's tests and callers know them.
export {
  BODY_SPACING,
  FIRST_LINE_INDENT,
  FONT,
  MOTTO,
  NATIONAL_NAME,
  PAGE,
  PARTY_TITLE,
  SIZE,
  TITLE_RULE_GAP,
  printedNumber,
  textWidth,
} from './printed-form.js';

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

export async function renderPlanDocx(doc: PlanDocument, opts: RenderOptions = {}): Promise<Buffer> {
  return printedDocx(doc.header.title, [
    letterheadTable(letterhead(doc, opts)),
    ...kindAndTitle(doc.header.documentKind || 'KẾ HOẠCH', doc.header.title),
    ...doc.preamble
      .split('\n')
      .filter((p) => p.trim() !== '')
      .map((p) => bodyParagraph([run({ text: p })])),
    // The last paragraph of the body keeps with the signature block: the block never
    // stands alone on the last page.
    ...doc.nodes.map((n, i) =>
      n.kind === 'TABLE' ? gridTable(n.text.split('\n').map(tableCells)) : nodeParagraph(n, i === doc.nodes.length - 1),
    ),
    spacer(240, true),
    closingTable(doc.recipients, doc.signature),
  ]);
}

/* ---------------------------------------------------------------- header */

/** The header of a plan: its issuing authority, "Số: 45/KH-UBND" (a Party number "Số 125-KH/TU"), place and date. */
function letterhead(doc: PlanDocument, opts: RenderOptions) {
  const h = doc.header;
  const authority = issuingAuthority(h, opts);
  return {
    ...authority,
    party: isPartyDocument(h),
    numberLine: h.symbol ? numberLine(h.number, h.symbol, isPartySymbol(h.symbol) ? (n) => n ?? '\u00A0'.repeat(6) : printedNumber) : null,
    dateLine: printedDateLine(doc, opts),
  };
}

/**
 * The place and date line as stored ("Lào Cai, ngày 20 tháng 8 năm 2024"). A draft's blank
 * "ngày tháng năm" gets room to write the date by hand; a draft with no line gets the blank line
 * itself at its place, or its unit's (a derived draft), since a printed plan cannot go without it.
 */
function printedDateLine(doc: PlanDocument, opts: RenderOptions): string | null {
  const { dateLine, issuedDate } = doc.header;
  // A derived draft has no place yet: it is the unit's.
  const place = doc.header.place ?? (opts.unit ? placeOfUnit(opts.unit.name) : null);
  if (dateLine) return dateLine.replace(/ngày\s+tháng\s+năm/u, `ngày ${DATE_BLANK} tháng ${DATE_BLANK} năm`);
  if (!place) return null;
  return blankDateLine(place, issuedDate ? issuedDate.slice(0, 4) : vietnamYear());
}

/* ------------------------------------------------------------------ body */

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
