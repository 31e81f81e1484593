/**
 * Dates as Vietnamese plans write them: "16/8/2019", "31-8-2021", "13/05/2024",
 * "ngày 05 tháng 01 năm 2024", "quý IV/2025", "tháng 6/2024", "năm 2025".
 */

/** d/m/yyyy or d-m-yyyy, day and month with or without a leading zero. */
export const DATE_PATTERN = String.raw`(\d{1,2})\s*[/-]\s*(\d{1,2})\s*[/-]\s*(\d{4})`;

/** ISO "YYYY-MM-DD" for a real calendar date, else null (31/02 is a typo, not a date). */
export function isoDate(day: number, month: number, year: number): string | null {
  const dt = new Date(Date.UTC(year, month - 1, day));
  if (dt.getUTCFullYear() !== year || dt.getUTCMonth() !== month - 1 || dt.getUTCDate() !== day) return null;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

const ROMAN: Record<string, number> = { I: 1, II: 2, III: 3, IV: 4 };

export interface Period {
  start: string;
  end: string;
}

export function quarterPeriod(quarter: string, year: number): Period | null {
  const q = ROMAN[quarter.toUpperCase()] ?? Number(quarter);
  if (!(q >= 1 && q <= 4)) return null;
  const startMonth = 3 * (q - 1) + 1;
  return { start: isoDate(1, startMonth, year)!, end: lastDayOfMonth(startMonth + 2, year) };
}

export function monthPeriod(month: number, year: number): Period | null {
  if (!(month >= 1 && month <= 12)) return null;
  return { start: isoDate(1, month, year)!, end: lastDayOfMonth(month, year) };
}

export function yearPeriod(year: number): Period {
  return { start: `${year}-01-01`, end: `${year}-12-31` };
}

function lastDayOfMonth(month: number, year: number): string {
  const dt = new Date(Date.UTC(year, month, 0));
  return dt.toISOString().slice(0, 10);
}
