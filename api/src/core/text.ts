import { badInput } from './errors.js';

/** Every text that reaches the database goes through here: NFC, trimmed, bounded. */
export function cleanText(value: string, field: string, opts: { max?: number; min?: number; allowEmpty?: boolean } = {}): string {
  const max = opts.max ?? 500;
  const text = value.normalize('NFC').trim();
  if (!opts.allowEmpty && text.length < (opts.min ?? 1)) throw badInput(`${field} must not be empty`, field);
  if (text.length > max) throw badInput(`${field} is longer than ${max} characters`, field);
  // Control characters other than tab/newline are never legitimate in these documents.
  if (/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/.test(text)) throw badInput(`${field} contains control characters`, field);
  return text;
}

export function optionalText(value: string | null | undefined, field: string, max = 500): string | null {
  if (value === null || value === undefined) return null;
  const text = cleanText(value, field, { max, allowEmpty: true });
  return text === '' ? null : text;
}

/**
 * The accent-insensitive key the database computes with kh_search_key(): used in JS for
 * matching names (agency mapping, importer). Đ/đ are not decomposed by NFD, so map them.
 */
export function searchKey(value: string): string {
  return value.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').toLowerCase().replace(/\s+/g, ' ').trim();
}

/** Escapes LIKE wildcards in user search text. */
export function likePattern(search: string): string {
  return `%${searchKey(search).replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
/** Validates a calendar date (YYYY-MM-DD) including day-of-month. */
export function parseDate(value: string, field: string): string {
  const m = ISO_DATE.exec(value);
  if (!m) throw badInput(`${field} must be a date as YYYY-MM-DD`, field);
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const dt = new Date(Date.UTC(y, mo - 1, d));
  if (dt.getUTCFullYear() !== y || dt.getUTCMonth() !== mo - 1 || dt.getUTCDate() !== d) {
    throw badInput(`${field} is not a valid calendar date`, field);
  }
  return value;
}

/** Today's calendar date in Vietnam (Asia/Ho_Chi_Minh, UTC+7, no DST). */
export function todayInVietnam(now = new Date()): string {
  return new Date(now.getTime() + 7 * 3600_000).toISOString().slice(0, 10);
}

/** The calendar date (YYYY-MM-DD) `days` after `date` (before it when negative). */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** A calendar date as Vietnamese officials write it: dd/mm/yyyy. */
export function formatDateVi(date: string): string {
  const [y, m, d] = date.slice(0, 10).split('-');
  return `${d}/${m}/${y}`;
}
