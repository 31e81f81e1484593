import { describe, expect, it } from 'vitest';
import { enAll as en } from '../i18n/all-messages';
import { viAll as vi } from '../i18n/all-messages';
import { translateWith } from '../i18n/translate';
import { WORDED_CODES, unsureHeaderFields, warningText } from './import-review';
import type { ImportResult } from './types';

const tVi = (key: string, options?: Record<string, unknown>) => translateWith(vi, null, key, options);
const tEn = (key: string, options?: Record<string, unknown>) => translateWith(en, null, key, options);

const result = (warningDetails: { code: string; values: string[] }[], plan: Partial<ImportResult['plan']> = {}): ImportResult => ({
  plan: {
    id: 'p',
    version: 1,
    title: 'Phòng, chống ma túy',
    numberSymbol: null,
    issuingBody: 'ỦY BAN NHÂN DÂN\nTỈNH LÀO CAI',
    symbol: 'KH-UBND',
    place: 'Lào Cai',
    dateLine: 'Lào Cai, ngày 20 tháng 8 năm 2024',
    nodes: [],
    parentPlan: null,
    ...plan,
  },
  report: { linkedNodes: 0, matchedAgencies: 0, parentPlanId: null, unknownAgencies: [], warnings: [], unclassified: [], warningDetails },
});

describe('import warnings in the user’s words', () => {
  it('words every code the API has, in Vietnamese and English, with its values and no placeholder left', () => {
    for (const code of WORDED_CODES) {
      const w = { code, values: ['A1', 'B2', 'C3'] };
      for (const t of [tVi, tEn]) {
        const text = warningText(t, w);
        expect(text, code).not.toMatch(/\{\{|plans\.import/);
      }
    }
    expect(warningText(tVi, { code: 'ALLOCATION_SUM', values: ['Số vụ bắt giữ', '60', '65'] })).toBe(
      'Chỉ tiêu “Số vụ bắt giữ”: tổng phân bổ cho các đơn vị là 60, khác tổng số 65.',
    );
    expect(warningText(tVi, { code: 'HEADER_UNSURE', values: ['Kính gửi: Các sở', 'dòng hai'] })).toContain('“Kính gửi: Các sở / dòng hai”');
    expect(warningText(tVi, { code: 'TRACKED_CHANGES', values: ['1', '2'] })).toContain('1 chỗ chèn và 2 chỗ xóa');
  });

  it('reads "…" for a value a stored report does not have, never a placeholder', () => {
    expect(warningText(tVi, { code: 'TRACKED_CHANGES', values: [] })).toContain('còn … chỗ chèn và … chỗ xóa');
    expect(warningText(tVi, { code: 'HEADER_UNSURE', values: [] })).toContain('“…”');
  });

  it('shows a code it does not know as another note, with the code, never as a raw key', () => {
    expect(warningText(tVi, { code: 'SOMETHING_NEW', values: [] })).toBe('Lưu ý khác của bộ đọc (mã SOMETHING_NEW).');
  });
});

describe('the header fields the review asks about', () => {
  it('asks nothing of a header read with no doubt', () => {
    expect(unsureHeaderFields(result([{ code: 'NO_LEGAL_BASIS', values: [] }]))).toEqual([]);
  });

  it('asks the issuing body, symbol, place and date line after HEADER_UNSURE', () => {
    expect(unsureHeaderFields(result([{ code: 'HEADER_UNSURE', values: ['Kính gửi: …'] }]))).toEqual([
      { field: 'issuingBody', reason: 'unsure' },
      { field: 'symbol', reason: 'unsure' },
      { field: 'place', reason: 'unsure' },
      { field: 'dateLine', reason: 'unsure' },
    ]);
  });

  it('asks the place and date of an impossible date, everything without a kind line, and what the file did not give', () => {
    expect(unsureHeaderFields(result([{ code: 'HEADER_DATE_INVALID', values: ['x'] }])).map((f) => f.field)).toEqual(['place', 'dateLine']);
    expect(unsureHeaderFields(result([{ code: 'NO_KIND_LINE', values: [] }])).map((f) => f.field)).toEqual([
      'issuingBody',
      'symbol',
      'place',
      'dateLine',
      'title',
    ]);
    expect(unsureHeaderFields(result([], { issuingBody: null, dateLine: null }))).toEqual([
      { field: 'issuingBody', reason: 'empty' },
      { field: 'dateLine', reason: 'empty' },
    ]);
  });
});
