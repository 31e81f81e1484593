import type { Timing } from '../../plans/plan-document.js';
import { DATE_PATTERN, isoDate, monthPeriod, quarterPeriod, yearPeriod, type Period } from './dates.js';

/**
 * When a task is due, from the phrases plans use: "hoàn thành trước (ngày) 30/8/2024",
 * "(thực hiện thường xuyên)", "thực hiện trong cao điểm và thường xuyên", "Hoàn thành trong
 * quý IV/2025", "trong tháng 6/2024", "trong năm 2025", "từ nay đến năm 2030", "hằng năm".
 * Words like "thường xuyên" used as an adverb ("thường xuyên rà soát") are not a timing.
 */

const BY_DATE = new RegExp(`trước\\s+(?:ngày\\s+)?${DATE_PATTERN}`, 'giu');
const RECURRING =
  /(?:thực hiện|duy trì)(?:\s+trong\s+(?:đợt\s+)?cao điểm\s+và)?\s+thường xuyên|thời gian thực hiện\s*:\s*thường xuyên|\(\s*thường xuyên\s*\)|(?:hàng|hằng)\s+năm/giu;
const DURING_CAMPAIGN = /thực hiện\s+trong\s+(?:đợt\s+)?cao điểm/giu;
const QUARTER = /trong\s+quý\s+(I{1,3}|IV|[1-4])\s*\/\s*(\d{4})/giu;
const MONTH = /(?:trong|hoàn thành)\s+tháng\s+(\d{1,2})\s*\/\s*(\d{4})/giu;
const YEAR = /(?:trong|hoàn thành)\s+năm\s+(\d{4})/giu;
const UNTIL_YEAR = /từ nay đến\s+(?:hết\s+)?năm\s+(\d{4})/giu;

/**
 * The phrases a timing is written with are the clauses around the first few matches: finding the
 * clause walks the text around a match, so doing it for every match of a long text that repeats
 * "hàng năm" thousands of times was quadratic.
 */
const MAX_PHRASES = 16;

export function detectTiming(text: string, campaignKey: string | null): Timing | null {
  const matches: { index: number; length: number }[] = [];
  const note = (m: RegExpMatchArray) => matches.push({ index: m.index!, length: m[0].length });

  let dueDate: string | null = null;
  for (const m of text.matchAll(BY_DATE)) {
    const iso = isoDate(Number(m[1]), Number(m[2]), Number(m[3]));
    if (!iso) continue;
    dueDate = iso; // the last deadline of the node: it covers everything the node asks
    note(m);
  }
  let period: Partial<Period> | null = null;
  for (const m of text.matchAll(QUARTER)) {
    period = quarterPeriod(m[1], Number(m[2])) ?? period;
    note(m);
  }
  for (const m of text.matchAll(MONTH)) {
    period = monthPeriod(Number(m[1]), Number(m[2])) ?? period;
    note(m);
  }
  for (const m of text.matchAll(YEAR)) {
    period = yearPeriod(Number(m[1]));
    note(m);
  }
  for (const m of text.matchAll(UNTIL_YEAR)) {
    period = { end: yearPeriod(Number(m[1])).end };
    note(m);
  }
  let campaign = false;
  for (const m of text.matchAll(DURING_CAMPAIGN)) {
    campaign = true;
    note(m);
  }
  let recurring = false;
  for (const m of text.matchAll(RECURRING)) {
    recurring = true;
    note(m);
  }
  if (matches.length === 0) return null;

  const first = matches.sort((a, b) => a.index - b.index).slice(0, MAX_PHRASES);
  const written = uniqueInOrder(first.map((m) => enclosingPhrase(text, m.index, m.length))).join('; ');
  if (dueDate) return { kind: 'BY_DATE', dueDate, recurring, text: written };
  if (period) {
    return { kind: 'WITHIN_PERIOD', periodStart: period.start ?? null, periodEnd: period.end ?? null, recurring, text: written };
  }
  if (campaign && campaignKey) return { kind: 'DURING_PHASE', phaseKey: campaignKey, recurring, text: written };
  if (campaign) return { kind: 'DURING_PHASE', phaseKey: null, recurring, text: written };
  return { kind: 'RECURRING', recurring: true, text: written };
}

function uniqueInOrder(phrases: string[]): string[] {
  const seen = new Set<string>();
  return phrases.filter((t) => !seen.has(t) && seen.add(t));
}

/**
 * The phrase around a match as written: the bracket it stands in ("hoàn thành trước ngày
 * 30/8/2024"), or else the clause between the nearest separators.
 */
export function enclosingPhrase(text: string, index: number, length: number): string {
  const open = text.lastIndexOf('(', index);
  const close = text.indexOf(')', index + length);
  if (open >= 0 && close >= 0 && !text.slice(open + 1, index).includes(')') && close - open < 300) {
    return text.slice(open + 1, close).trim();
  }
  // Outside brackets: walk to the clause separators, stepping over bracketed groups.
  let start = index;
  for (let depth = 0; start > 0; start--) {
    const c = text[start - 1];
    if (c === ')') depth++;
    else if (c === '(' && depth > 0) depth--;
    else if (depth === 0 && /[.;:(]/.test(c)) break;
  }
  let end = index + length;
  for (let depth = 0; end < text.length; end++) {
    const c = text[end];
    if (c === '(') depth++;
    else if (c === ')' && depth > 0) depth--;
    else if (depth === 0 && /[.;)]/.test(c)) break;
  }
  return text.slice(start, end).trim();
}
