/**
 * Periodic reporting periods and their data cut-off, by Decree 09/2019/NĐ-CP on the reporting
 * regime of state administrative agencies, article 12 (docs/REPORTS.md, "Periods"): the figures
 * of a periodic report are closed from the 15th of the month before the period to the 14th of
 * the period's last month.
 * - month m: 15th of month m−1 → 14th of month m;
 * - quarter q: 15th of the month before the quarter → 14th of the quarter's last month;
 * - half-year: 15 Dec of the previous year → 14 Jun (first half), 15 Jun → 14 Dec (second);
 * - year: 15 Dec of the previous year → 14 Dec.
 * So the periods of one kind tile the calendar with no gap and no overlap, and a year's window is
 * exactly its four quarters' or its twelve months'. Dates are calendar dates, YYYY-MM-DD.
 */

export const PeriodKinds = ['MONTH', 'QUARTER', 'HALF_YEAR', 'YEAR'] as const;
export type PeriodKind = (typeof PeriodKinds)[number];

/** One reporting period: which (kind, year, index) and its data window, both ends included. */
export interface ReportingPeriod {
  kind: PeriodKind;
  year: number;
  /** Month 1–12, quarter 1–4, half 1–2; always 1 for a year. */
  index: number;
  /** First day whose data the report counts. */
  from: string;
  /** Last day whose data the report counts (the cut-off). */
  to: string;
}

/** Months in one period of each kind. */
const MONTHS: Record<PeriodKind, number> = { MONTH: 1, QUARTER: 3, HALF_YEAR: 6, YEAR: 12 };
const PER_YEAR: Record<PeriodKind, number> = { MONTH: 12, QUARTER: 4, HALF_YEAR: 2, YEAR: 1 };

const pad = (n: number) => String(n).padStart(2, '0');
const ymd = (year: number, month: number, day: number) => `${year}-${pad(month)}-${pad(day)}`;

/** The period `index` (1-based) of `kind` in `year`; throws RangeError on an index out of range. */
export function reportingPeriod(kind: PeriodKind, year: number, index: number): ReportingPeriod {
  if (!Number.isInteger(year) || year < 1900 || year > 9999) throw new RangeError(`year ${year} is out of range`);
  if (!Number.isInteger(index) || index < 1 || index > PER_YEAR[kind]) throw new RangeError(`${kind} ${index} does not exist`);
  const lastMonth = index * MONTHS[kind];
  const firstMonth = lastMonth - MONTHS[kind] + 1;
  // The window opens on the 15th of the month before the period's first month.
  const opensIn = firstMonth === 1 ? { year: year - 1, month: 12 } : { year, month: firstMonth - 1 };
  return { kind, year, index, from: ymd(opensIn.year, opensIn.month, 15), to: ymd(year, lastMonth, 14) };
}

/** The period of `kind` whose data window holds `date` (YYYY-MM-DD). */
export function periodContaining(kind: PeriodKind, date: string): ReportingPeriod {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) throw new RangeError(`"${date}" is not a date YYYY-MM-DD`);
  let year = Number(m[1]);
  let month = Number(m[2]);
  // From the 15th on, a day's data belongs to the next month's window.
  if (Number(m[3]) >= 15) {
    month += 1;
    if (month === 13) {
      month = 1;
      year += 1;
    }
  }
  return reportingPeriod(kind, year, Math.ceil(month / MONTHS[kind]));
}

/** The period after `period`, of the same kind. */
export function nextPeriod(period: ReportingPeriod): ReportingPeriod {
  return period.index === PER_YEAR[period.kind]
    ? reportingPeriod(period.kind, period.year + 1, 1)
    : reportingPeriod(period.kind, period.year, period.index + 1);
}

/**
 * The periods of `kind` whose windows meet [from, to], in order — the periodic reports a plan
 * running over those dates owes. At most `max` (a plan of a few years owes a few dozen monthly
 * reports; the bound keeps a mistyped end date from making thousands).
 */
export function periodsBetween(kind: PeriodKind, from: string, to: string, max = 120): ReportingPeriod[] {
  if (to < from) return [];
  const out: ReportingPeriod[] = [];
  for (let p = periodContaining(kind, from); p.from <= to; p = nextPeriod(p)) {
    if (out.length === max) throw new RangeError(`more than ${max} ${kind} periods between ${from} and ${to}`);
    out.push(p);
  }
  return out;
}

/** A period's stable key, as obligations store it: "MONTH-2024-09", "QUARTER-2024-3", "YEAR-2024-1". */
export function periodKey(period: Pick<ReportingPeriod, 'kind' | 'year' | 'index'>): string {
  return `${period.kind}-${period.year}-${pad(period.index)}`;
}

/** The period of a key made by periodKey, or null for anything else (a one-off report's empty key). */
export function periodOfKey(key: string): ReportingPeriod | null {
  const m = /^(MONTH|QUARTER|HALF_YEAR|YEAR)-(\d{4})-(\d{2})$/.exec(key);
  if (!m) return null;
  try {
    return reportingPeriod(m[1] as PeriodKind, Number(m[2]), Number(m[3]));
  } catch {
    return null;
  }
}

/**
 * The due date of a periodic report: day `dueDay` (1–31) of the period's last month — the month
 * of its cut-off, as in "báo cáo định kỳ hằng tháng trước ngày 20" — or that month's last day
 * when it is shorter (31 → 30/09, 28/02). The day is the plan's choice (docs/REPORTS.md); a day
 * before the 15th falls before the cut-off, which derived plans reach by moving it earlier.
 */
export function periodDueDate(period: ReportingPeriod, dueDay: number): string {
  if (!Number.isInteger(dueDay) || dueDay < 1 || dueDay > 31) throw new RangeError(`day ${dueDay} is not a day of a month`);
  const year = Number(period.to.slice(0, 4));
  const month = Number(period.to.slice(5, 7));
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return ymd(year, month, Math.min(dueDay, last));
}

const ROMAN = ['I', 'II', 'III', 'IV'];

/** How the documents name a period: "tháng 10/2024", "quý III/2024", "6 tháng đầu năm 2024", "năm 2024". */
export function periodLabel(period: ReportingPeriod, locale: 'vi' | 'en' = 'vi'): string {
  const { kind, year, index } = period;
  if (locale === 'en') {
    if (kind === 'MONTH') return `${pad(index)}/${year}`;
    if (kind === 'QUARTER') return `Q${index} ${year}`;
    if (kind === 'HALF_YEAR') return `${index === 1 ? 'first' : 'second'} half of ${year}`;
    return `year ${year}`;
  }
  if (kind === 'MONTH') return `tháng ${pad(index)}/${year}`;
  if (kind === 'QUARTER') return `quý ${ROMAN[index - 1]}/${year}`;
  if (kind === 'HALF_YEAR') return `6 tháng ${index === 1 ? 'đầu' : 'cuối'} năm ${year}`;
  return `năm ${year}`;
}

/**
 * The reporting period whose data window is exactly [from, to] (a report's period set to a
 * month, quarter, half-year or year of the rule above), else null: a one-off report's period
 * (the plan's start to the due date) is named by its dates.
 */
export function periodOfDates(from: string | null, to: string | null): ReportingPeriod | null {
  if (!from || !to || to < from) return null;
  for (const kind of PeriodKinds) {
    const p = periodContaining(kind, from);
    if (p.from === from && p.to === to) return p;
  }
  return null;
}
