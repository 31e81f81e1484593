import type { NodeKind } from './types';

/**
 * How the plan prints (Decree 30/2020, as the .docx export renders it in
 * api/src/modules/documents/export/plan-docx.ts): the screen shows the same lines.
 */

/** A blank the width of a hand-written number or day, kept visible with no-break spaces. */
const blank = (n: number) => '\u00A0'.repeat(n);

/** Numbers below 10 take a leading zero ("Số: 05/KH-UBND"); a draft leaves room to write it in. */
export function printedNumber(number: string | null): string {
  if (!number) return blank(6);
  return /^\d$/.test(number) ? `0${number}` : number;
}

/** A symbol as the API accepts it: "KH-UBND", or a Party symbol "KH/TU" (either case; stored upper case). */
export const SYMBOL_PATTERN = /^(?:[A-Za-zĐđ0-9]+(?:-[A-Za-zĐđ0-9]+)*|[A-Za-zĐđ]+\/[A-Za-zĐđ0-9]+(?:-[A-Za-zĐđ0-9]+)*)$/u;

/** A Party symbol ("KH/TU", "KH/ĐU"): letters, then "/". */
const isPartySymbol = (symbol: string) => /^\p{Lu}+\//u.test(symbol);

/** "Số: 05/KH-UBND", or "Số:       /KH-UBND" before issue; a Party number "Số 125-KH/TU". */
export function numberLine(plan: { number: string | null; symbol: string | null }): string | null {
  if (!plan.symbol) return null;
  if (isPartySymbol(plan.symbol)) return `Số ${plan.number ?? blank(6)}-${plan.symbol}`;
  return `Số: ${printedNumber(plan.number)}/${plan.symbol}`;
}

/** A Party committee or body as issuing body: "TỈNH ỦY", "ĐẢNG ỦY XÃ …", "BAN THƯỜNG VỤ …", "ĐẢNG BỘ TỈNH …". */
const PARTY_BODY = /^(?:ĐẢNG (?:ỦY|UỶ|BỘ|ĐOÀN)|BAN THƯỜNG VỤ|BAN CÁN SỰ ĐẢNG|CHI BỘ|(?:TỈNH|HUYỆN|THÀNH|QUẬN|THỊ) (?:ỦY|UỶ))(?:\s|$)/u;

/**
 * A Party document (a Party number form, or a Party body issuing it) is headed "ĐẢNG CỘNG SẢN
 * VIỆT NAM", not by the national name and motto, as the export prints it (docs/DOCUMENT-FORMAT.md).
 */
export function isPartyDocument(plan: { issuingBody: string | null; symbol: string | null }): boolean {
  if (plan.symbol && isPartySymbol(plan.symbol)) return true;
  return (plan.issuingBody ?? '').split('\n').some((line) => PARTY_BODY.test(line.trim().toLocaleUpperCase('vi')));
}

/** The rows of a table node ("| a | b |" per line) as cells; a Markdown rule row ("|---|") is no row. */
export function tableRows(text: string): string[][] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !/^\|(?:\s*:?-{3,}:?\s*\|)+$/u.test(line))
    .map((line) =>
      line
        .replace(/^\|/, '')
        .replace(/\|$/, '')
        .split('|')
        .map((c) => c.trim()),
    );
}

/**
 * The place and date line ("Lào Cai, ngày 15 tháng 8 năm 2024"); a draft's blank "ngày tháng
 * năm" keeps room for the date, and a draft with a place but no line gets the blank line.
 */
export function printedDateLine(
  plan: { dateLine: string | null; place: string | null; issuedDate: string | null },
  currentYear: number,
): string | null {
  if (plan.dateLine) return plan.dateLine.replace(/ngày\s+tháng\s+năm/u, `ngày ${blank(5)} tháng ${blank(5)} năm`);
  if (!plan.place) return null;
  const year = plan.issuedDate ? plan.issuedDate.slice(0, 4) : String(currentYear);
  return `${plan.place}, ngày ${blank(5)} tháng ${blank(5)} năm ${year}`;
}

/** A heading names a part ("Mục tiêu chung", "Công an tỉnh"): short, and not a sentence. */
export function isHeading(text: string): boolean {
  return text.length <= 200 && !/[.;!?…]["”’)\]]*$/u.test(text.trim());
}

/** Emphasis as printed: sections upper case bold, items bold when they are headings, the rest upright. */
export function nodeEmphasis(node: { kind: NodeKind; text: string }): 'section' | 'heading' | 'plain' {
  if (node.kind === 'SECTION') return 'section';
  if (node.kind === 'ITEM' && isHeading(node.text)) return 'heading';
  return 'plain';
}

/** The recipient line as printed: "- " before each entry unless it carries its own marker. */
export function recipientLine(entry: string): string {
  return /^[-–+•]\s*/u.test(entry) ? entry : `- ${entry}`;
}

/** "Tỉnh Lào Cai" → "Lào Cai": the place of the date line, as the API derives it. */
export function placeOf(unitName: string): string {
  return unitName.replace(/^(Tỉnh|Thành phố|Huyện|Quận|Thị xã|Xã|Phường|Thị trấn|Đặc khu)\s+/u, '');
}

/* ------------------------------------------------------------------ sums */

export interface SumCheck {
  sum: number;
  total: number | null;
  /** null: nothing to check (no total or no allocation), as the API's allocationsMatch. */
  matches: boolean | null;
  /** sum − total, when both exist. */
  difference: number | null;
}

/** Do the allocations add up to the total? Sums in thousandths, as the API computes them. */
export function sumCheck(total: number | null | undefined, values: readonly (number | null | undefined)[]): SumCheck {
  const present = values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  const sum = present.reduce((s, v) => s + Math.round(v * 1000), 0) / 1000;
  const t = typeof total === 'number' && Number.isFinite(total) ? total : null;
  if (t === null || present.length === 0) return { sum, total: t, matches: null, difference: t === null ? null : sum - t };
  const difference = Math.round((sum - t) * 1000) / 1000;
  return { sum, total: t, matches: Math.abs(difference) < 1e-9, difference };
}

/** 160 → "160", 12.5 → "12,5" (Vietnamese decimal comma), thousands with dots. */
export function formatNumber(value: number, locale: 'vi' | 'en' = 'vi'): string {
  return new Intl.NumberFormat(locale === 'vi' ? 'vi-VN' : 'en-GB', { maximumFractionDigits: 3 }).format(value);
}
