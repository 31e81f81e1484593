import { describe, expect, it } from 'vitest';
import { DIFF_LIMITS, diffBudget, diffWords, merge3 } from './word-diff.js';

describe('diffWords', () => {
  it('marks inserted and deleted words and rebuilds both texts', () => {
    const before = 'Công an tỉnh chủ trì, phối hợp Sở Y tế';
    const after = 'Công an phường chủ trì, phối hợp Trạm Y tế';
    const parts = diffWords(before, after);
    expect(
      parts
        .filter((p) => p.op !== 'INSERT')
        .map((p) => p.text)
        .join(''),
    ).toBe(before);
    expect(
      parts
        .filter((p) => p.op !== 'DELETE')
        .map((p) => p.text)
        .join(''),
    ).toBe(after);
    expect(parts.filter((p) => p.op === 'DELETE').map((p) => p.text.trim())).toEqual(['tỉnh', 'Sở']);
    expect(parts.filter((p) => p.op === 'INSERT').map((p) => p.text.trim())).toEqual(['phường', 'Trạm']);
  });
  it('returns one EQUAL part for identical texts', () => {
    expect(diffWords('a b c', 'a b c')).toEqual([{ op: 'EQUAL', text: 'a b c' }]);
  });

  // Every other word changed: a fine diff of 2 × words parts.
  const words = (n: number, w: string) => Array.from({ length: n }, (_, i) => (i % 2 ? w : `giữ${i}`)).join(' ');

  it(`a diff of more than ${DIFF_LIMITS.partsPerDiff} parts is the whole text replaced`, () => {
    const before = words(400, 'cũ');
    const after = words(400, 'mới');
    expect(diffWords(before, after)).toEqual([
      { op: 'DELETE', text: before },
      { op: 'INSERT', text: after },
    ]);
    const small = diffWords(words(40, 'cũ'), words(40, 'mới'));
    expect(small.length).toBeGreaterThan(20);
    expect(small.length).toBeLessThanOrEqual(DIFF_LIMITS.partsPerDiff);
  });

  it('diffs sharing a budget stay within partsPerList + 2 per diff, and each still rebuilds both texts', () => {
    const budget = diffBudget();
    let total = 0;
    const count = 1000;
    for (let i = 0; i < count; i++) {
      const before = words(60, `cũ${i}`);
      const after = words(60, `mới${i}`);
      const parts = diffWords(before, after, budget);
      total += parts.length;
      expect(
        parts
          .filter((p) => p.op !== 'INSERT')
          .map((p) => p.text)
          .join(''),
      ).toBe(before);
      expect(
        parts
          .filter((p) => p.op !== 'DELETE')
          .map((p) => p.text)
          .join(''),
      ).toBe(after);
    }
    expect(budget.parts).toBe(0);
    expect(total).toBeLessThanOrEqual(DIFF_LIMITS.partsPerList + 2 * count);
  });
});

describe('merge3', () => {
  const base = 'Tổ chức tuyên truyền ít nhất 10 buổi trong tháng 6';
  it('takes a change made on one side only', () => {
    expect(
      merge3(
        base,
        'Tổ chức tuyên truyền ít nhất 10 buổi trong tháng 6 tại trường học',
        'Tổ chức tuyên truyền ít nhất 12 buổi trong tháng 6',
      ),
    ).toEqual({
      clean: true,
      text: 'Tổ chức tuyên truyền ít nhất 12 buổi trong tháng 6 tại trường học',
    });
  });
  it('reports a conflict when both sides change the same words', () => {
    const r = merge3(base, 'Tổ chức tuyên truyền ít nhất 8 buổi trong tháng 6', 'Tổ chức tuyên truyền ít nhất 12 buổi trong tháng 6');
    expect(r.clean).toBe(false);
    if (!r.clean) expect(r.conflicts[0]).toEqual({ base: '10', ours: '8', theirs: '12' });
  });
  it('accepts the same change made on both sides', () => {
    const same = 'Tổ chức tuyên truyền ít nhất 12 buổi trong tháng 6';
    expect(merge3(base, same, same)).toEqual({ clean: true, text: same });
  });
});
