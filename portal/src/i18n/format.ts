/**
 * Dates as officials write them: dd/mm/yyyy, in Vietnam time (docs/DESIGN.md §7). Every date in the UI
 * goes through these helpers.
 */
const TIME_ZONE = 'Asia/Ho_Chi_Minh';

const parts = new Intl.DateTimeFormat('en-GB', {
  timeZone: TIME_ZONE,
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function pieces(value: string | Date): Record<string, string> | null {
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) return null;
  return Object.fromEntries(parts.formatToParts(date).map((p) => [p.type, p.value]));
}

/**
 * A LocalDate ("2025-06-30") is a calendar date and is only reordered; a date-time
 * ("2026-11-25T17:30:00Z") is shown as its date in Vietnam. Empty or invalid input gives "".
 */
export function formatDate(value: string | Date | null | undefined): string {
  if (value === null || value === undefined || value === '') return '';
  if (typeof value === 'string') {
    const m = LOCAL_DATE.exec(value);
    if (m) return `${m[3]}/${m[2]}/${m[1]}`;
  }
  const p = pieces(value);
  return p ? `${p.day}/${p.month}/${p.year}` : '';
}

/** dd/mm/yyyy HH:mm in Vietnam time. */
export function formatDateTime(value: string | Date | null | undefined): string {
  if (value === null || value === undefined || value === '') return '';
  if (typeof value === 'string' && LOCAL_DATE.test(value)) return formatDate(value);
  const p = pieces(value);
  return p ? `${p.day}/${p.month}/${p.year} ${p.hour}:${p.minute}` : '';
}

/** Today's calendar date in Vietnam as YYYY-MM-DD (the API's LocalDate). */
export function todayLocalDate(now: Date = new Date()): string {
  const p = pieces(now)!;
  return `${p.year}-${p.month}-${p.day}`;
}
