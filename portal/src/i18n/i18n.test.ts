import { describe, expect, it } from 'vitest';
import en from './en.json';
import vi from './vi.json';
import { formatDate, formatDateTime, todayLocalDate } from './format';
import { leafKeys, translateWith } from './translate';

describe('messages', () => {
  it('Vietnamese and English have exactly the same keys', () => {
    expect(leafKeys(en).sort()).toEqual(leafKeys(vi).sort());
  });

  it('use the same {{placeholders}} in both languages', () => {
    const placeholders = (text: string) => [...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort();
    for (const key of leafKeys(vi)) {
      expect(placeholders(translateWith(en, null, key)), key).toEqual(placeholders(translateWith(vi, null, key)));
    }
  });

  it('are NFC-normalised (Vietnamese typed in two forms would not match)', () => {
    for (const key of leafKeys(vi)) {
      const text = translateWith(vi, null, key);
      expect(text.normalize('NFC'), key).toBe(text);
    }
  });
});

describe('translate', () => {
  it('interpolates and follows Refine signatures', () => {
    expect(translateWith(vi, null, 'common.total', { count: 12 })).toBe('Tổng số: 12');
    expect(translateWith(vi, null, 'no.such.key', 'Mặc định')).toBe('Mặc định');
    expect(translateWith(vi, null, 'no.such.key', {}, 'Mặc định')).toBe('Mặc định');
    expect(translateWith({}, vi, 'auth.submit')).toBe('Đăng nhập');
    expect(translateWith({}, null, 'no.such.key')).toBe('no.such.key');
  });
});

describe('dates as dd/mm/yyyy', () => {
  it('reorders a calendar date without any time-zone shift', () => {
    expect(formatDate('2025-06-30')).toBe('30/06/2025');
    expect(formatDate('2025-07-01')).toBe('01/07/2025');
  });

  it('shows a date-time as its date in Vietnam (UTC+7)', () => {
    expect(formatDate('2026-11-25T17:30:00Z')).toBe('26/11/2026');
    expect(formatDateTime('2026-11-25T17:30:00Z')).toBe('26/11/2026 00:30');
    expect(formatDate(new Date('2024-08-30T03:00:00Z'))).toBe('30/08/2024');
  });

  it('gives an empty string for missing or invalid values', () => {
    expect(formatDate(null)).toBe('');
    expect(formatDate(undefined)).toBe('');
    expect(formatDate('not a date')).toBe('');
  });

  it('computes today as a LocalDate in Vietnam', () => {
    expect(todayLocalDate(new Date('2026-06-30T18:00:00Z'))).toBe('2026-07-01');
  });
});
