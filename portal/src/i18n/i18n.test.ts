import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { enAll as en, viAll as vi } from './all-messages';
import enCore from './en.json';
import viCore from './vi.json';
import { lookup, type Messages } from './translate';
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

describe('the first load', () => {
  // The files of the pages that do not wait for vi.pages.json (i18n/locale.ts): the shell, sign-in,
  // the plans list and what it shows. Every key they name must be in vi.json and en.json.
  const FIRST = [
    'auth/SignInPage.tsx',
    'plans/PlanListPage.tsx',
    'common/PlanStatusTag.tsx',
    'common/PageFrame.tsx',
    'common/ErrorState.tsx',
    'derivation/SuperiorChangeNotice.tsx',
    'notifications/NotificationBell.tsx',
    'layout/AppHeader.tsx',
    'layout/AppLayout.tsx',
    'layout/AppMenu.tsx',
    'layout/AppTitle.tsx',
    'layout/LanguageSwitch.tsx',
    'layout/MobileMenu.tsx',
    'layout/SignedInFrame.tsx',
  ];
  const src = path.resolve(__dirname, '..');
  const keys = FIRST.flatMap((f) => [...fs.readFileSync(path.join(src, f), 'utf8').matchAll(/translate\(\s*['`]([a-zA-Z0-9_.]+)(\$\{)?/g)]);

  it('finds the keys it checks', () => {
    expect(keys.length).toBeGreaterThan(40);
  });

  it.each([
    ['vi', viCore],
    ['en', enCore],
  ])('%s: every key of the first pages is in the first file', (_lang, core) => {
    const missing = keys
      .filter(([, key, dynamic]) => {
        if (!dynamic) return lookup(core as Messages, key!) === undefined;
        // `plans.status.${s}`: the subtree must be there.
        const prefix = key!.replace(/\.$/, '');
        return typeof prefix.split('.').reduce<unknown>((node, part) => (node as Messages | undefined)?.[part], core) !== 'object';
      })
      .map(([, key]) => key);
    expect(missing).toEqual([]);
  });

  it('the menu names every feature from the first file', () => {
    for (const ns of ['home', 'notifications', 'units', 'plans', 'derivation', 'cascade', 'reports', 'agencies', 'users', 'apiKeys']) {
      expect(lookup(viCore as Messages, `${ns}.${ns}`), ns).toBeDefined();
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
