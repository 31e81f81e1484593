import { describe, expect, it } from 'vitest';
import {
  nextPeriod,
  periodContaining,
  periodDueDate,
  periodKey,
  periodLabel,
  PeriodKinds,
  periodOfDates,
  periodOfKey,
  periodsBetween,
  reportingPeriod,
} from './periods.js';

const dayAfter = (date: string) => {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
};

describe('reporting periods (Decree 09/2019/NĐ-CP, article 12)', () => {
  it('closes a month from the 15th of the month before to the 14th', () => {
    expect(reportingPeriod('MONTH', 2024, 10)).toMatchObject({ from: '2024-09-15', to: '2024-10-14' });
    expect(reportingPeriod('MONTH', 2024, 1)).toMatchObject({ from: '2023-12-15', to: '2024-01-14' });
    expect(reportingPeriod('MONTH', 2024, 3)).toMatchObject({ from: '2024-02-15', to: '2024-03-14' });
  });

  it('closes quarters, half-years and the year on the 14th of their last month', () => {
    expect(reportingPeriod('QUARTER', 2024, 1)).toMatchObject({ from: '2023-12-15', to: '2024-03-14' });
    expect(reportingPeriod('QUARTER', 2024, 3)).toMatchObject({ from: '2024-06-15', to: '2024-09-14' });
    expect(reportingPeriod('HALF_YEAR', 2024, 1)).toMatchObject({ from: '2023-12-15', to: '2024-06-14' });
    expect(reportingPeriod('HALF_YEAR', 2024, 2)).toMatchObject({ from: '2024-06-15', to: '2024-12-14' });
    expect(reportingPeriod('YEAR', 2024, 1)).toMatchObject({ from: '2023-12-15', to: '2024-12-14' });
  });

  it('puts the 14th in its month and the 15th in the next, across the year end', () => {
    expect(periodContaining('MONTH', '2024-10-14')).toMatchObject({ year: 2024, index: 10 });
    expect(periodContaining('MONTH', '2024-10-15')).toMatchObject({ year: 2024, index: 11 });
    expect(periodContaining('MONTH', '2024-12-15')).toMatchObject({ year: 2025, index: 1 });
    expect(periodContaining('QUARTER', '2024-12-20')).toMatchObject({ year: 2025, index: 1 });
    expect(periodContaining('YEAR', '2024-12-14')).toMatchObject({ year: 2024 });
    expect(periodContaining('YEAR', '2024-12-15')).toMatchObject({ year: 2025 });
  });

  it.each(PeriodKinds)('tiles the calendar with %s periods: no gap, no overlap, every day in the period that holds it', (kind) => {
    let p = reportingPeriod(kind, 2023, 1);
    for (let i = 0; i < 40; i++) {
      const next = nextPeriod(p);
      expect(next.from).toBe(dayAfter(p.to));
      for (const day of [p.from, p.to]) expect(periodContaining(kind, day)).toEqual(p);
      p = next;
    }
  });

  it("makes a year's window exactly its quarters' and its months'", () => {
    const year = reportingPeriod('YEAR', 2025, 1);
    const quarters = periodsBetween('QUARTER', year.from, year.to);
    const months = periodsBetween('MONTH', year.from, year.to);
    expect(quarters).toHaveLength(4);
    expect(months).toHaveLength(12);
    expect([quarters[0].from, quarters[3].to]).toEqual([year.from, year.to]);
    expect([months[0].from, months[11].to]).toEqual([year.from, year.to]);
  });

  it('lists the periods a plan owes between two dates, bounded', () => {
    // The Lào Cai campaign, 09/2024 to 12/2024.
    expect(periodsBetween('MONTH', '2024-09-01', '2024-12-31').map((p) => p.index)).toEqual([9, 10, 11, 12, 1]);
    expect(periodsBetween('MONTH', '2024-12-31', '2024-09-01')).toEqual([]);
    expect(() => periodsBetween('MONTH', '2024-01-01', '2099-01-01')).toThrow(RangeError);
  });

  it('refuses periods that do not exist', () => {
    expect(() => reportingPeriod('QUARTER', 2024, 5)).toThrow(RangeError);
    expect(() => reportingPeriod('MONTH', 2024, 0)).toThrow(RangeError);
    expect(() => periodContaining('MONTH', '30/8/2024')).toThrow(RangeError);
  });

  it('names periods as the documents do', () => {
    expect(periodLabel(reportingPeriod('MONTH', 2024, 9))).toBe('tháng 09/2024');
    expect(periodLabel(reportingPeriod('QUARTER', 2024, 3))).toBe('quý III/2024');
    expect(periodLabel(reportingPeriod('HALF_YEAR', 2024, 1))).toBe('6 tháng đầu năm 2024');
    expect(periodLabel(reportingPeriod('YEAR', 2024, 1))).toBe('năm 2024');
    expect(periodLabel(reportingPeriod('QUARTER', 2024, 3), 'en')).toBe('Q3 2024');
  });

  it('knows a period by its window, and only by its exact window', () => {
    expect(periodOfDates('2024-09-15', '2024-10-14')).toEqual(reportingPeriod('MONTH', 2024, 10));
    expect(periodOfDates('2024-06-15', '2024-09-14')).toEqual(reportingPeriod('QUARTER', 2024, 3));
    expect(periodOfDates('2023-12-15', '2024-06-14')).toEqual(reportingPeriod('HALF_YEAR', 2024, 1));
    expect(periodOfDates('2023-12-15', '2024-12-14')).toEqual(reportingPeriod('YEAR', 2024, 1));
    // A one-off report: the plan's start to the due date.
    expect(periodOfDates('2024-08-20', '2024-10-03')).toBeNull();
    expect(periodOfDates('2024-09-15', '2024-10-15')).toBeNull();
    expect(periodOfDates(null, '2024-10-14')).toBeNull();
    expect(periodOfDates('2024-10-14', '2024-09-15')).toBeNull();
  });

  it.each(PeriodKinds)('keys %s periods so that the key gives the same period back, and nothing else is a key', (kind) => {
    for (const p of periodsBetween(kind, '2023-11-01', '2026-02-01')) expect(periodOfKey(periodKey(p))).toEqual(p);
    expect(periodKey(reportingPeriod('MONTH', 2024, 9))).toBe('MONTH-2024-09');
    for (const bad of ['', 'MONTH-2024-13', 'QUARTER-2024-05', 'WEEK-2024-01', 'MONTH-2024-9']) expect(periodOfKey(bad), bad).toBeNull();
  });

  it("puts a periodic report's due day in the period's last month, clamped to its length", () => {
    // "Báo cáo định kỳ hằng tháng trước ngày 20": September's data (15/08–14/09) is due on 20/09.
    expect(periodDueDate(reportingPeriod('MONTH', 2024, 9), 20)).toBe('2024-09-20');
    expect(periodDueDate(reportingPeriod('MONTH', 2025, 1), 20)).toBe('2025-01-20');
    expect(periodDueDate(reportingPeriod('QUARTER', 2024, 3), 17)).toBe('2024-09-17');
    expect(periodDueDate(reportingPeriod('HALF_YEAR', 2024, 2), 31)).toBe('2024-12-31');
    expect(periodDueDate(reportingPeriod('MONTH', 2024, 2), 31)).toBe('2024-02-29');
    expect(periodDueDate(reportingPeriod('MONTH', 2025, 2), 30)).toBe('2025-02-28');
    expect(periodDueDate(reportingPeriod('MONTH', 2024, 9), 31)).toBe('2024-09-30');
    for (const bad of [0, 32, 1.5]) expect(() => periodDueDate(reportingPeriod('MONTH', 2024, 9), bad)).toThrow(RangeError);
  });
});
