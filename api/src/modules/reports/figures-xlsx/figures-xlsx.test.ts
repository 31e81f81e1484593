import { describe, expect, it } from 'vitest';
import { cellName } from './figures-import.js';
import { sheetNames, targetHeadings } from './layout.js';

describe('the figures table as .xlsx: names', () => {
  it('names cells as Excel does', () => {
    expect([cellName(1, 1), cellName(7, 26), cellName(12, 27), cellName(3, 52), cellName(3, 53), cellName(9, 703)]).toEqual([
      'A1',
      'Z7',
      'AA12',
      'AZ3',
      'BA3',
      'AAA9',
    ]);
  });

  it('heads each target "metric (unit)", numbering the ones a plan repeats in its order', () => {
    const h = targetHeadings([
      { id: 'a', metric: 'tuyên truyền', unitOfMeasure: 'buổi' },
      { id: 'b', metric: 'phát hiện, bắt giữ', unitOfMeasure: 'vụ' },
      { id: 'c', metric: 'Tuyên  truyền', unitOfMeasure: 'buổi' },
      { id: 'd', metric: 'tỷ lệ', unitOfMeasure: '' },
    ]);
    expect([...h.entries()]).toEqual([
      ['a', 'tuyên truyền (buổi) [1]'],
      ['b', 'phát hiện, bắt giữ (vụ)'],
      ['c', 'Tuyên  truyền (buổi) [2]'],
      ['d', 'tỷ lệ'],
    ]);
  });

  it('names sheets within Excel’s rules: 31 characters, no []:*?/\\, unique whatever the case', () => {
    expect(sheetNames(['Xã A/B', 'Thị trấn Mường Khương của huyện Mường Khương', 'xã a b', 'Xã A B', ''])).toEqual([
      'Xã A B',
      'Thị trấn Mường Khương của huyện',
      'xã a b 2',
      'Xã A B 3',
      'Sheet',
    ]);
  });
});
