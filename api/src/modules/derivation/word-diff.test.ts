import { describe, expect, it } from 'vitest';
import { diffWords, merge3 } from './word-diff.js';

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
