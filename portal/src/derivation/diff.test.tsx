import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import {
  daysUntil,
  diffStats,
  filterEntries,
  hasTextChange,
  newIdempotencyKey,
  normaliseDiff,
  sideOf,
  sortMapping,
  splitByDecision,
  upstreamParts,
} from './diff';
import type { DiffPart, PlanDiffEntry } from './types';
import { WordDiff } from './WordDiff';

const parts: DiffPart[] = [
  { op: 'EQUAL', text: 'tổ chức ít nhất ' },
  { op: 'DELETE', text: '10' },
  { op: 'DELETE', text: '' },
  { op: 'INSERT', text: '15' },
  { op: 'EQUAL', text: ' buổi' },
  { op: 'EQUAL', text: ' trong tháng 9' },
];

describe('word diff', () => {
  it('joins neighbours of one kind and drops empty parts', () => {
    expect(normaliseDiff(parts)).toEqual([
      { op: 'EQUAL', text: 'tổ chức ít nhất ' },
      { op: 'DELETE', text: '10' },
      { op: 'INSERT', text: '15' },
      { op: 'EQUAL', text: ' buổi trong tháng 9' },
    ]);
    expect(normaliseDiff(null)).toEqual([]);
    // The input is not modified.
    expect(parts[4].text).toBe(' buổi');
  });

  it('counts words added and removed, and rebuilds either side', () => {
    expect(diffStats([{ op: 'INSERT', text: 'tại các trường học' }, { op: 'DELETE', text: 'x' }])).toEqual({ inserted: 4, deleted: 1 });
    expect(sideOf(parts, 'before')).toBe('tổ chức ít nhất 10 buổi trong tháng 9');
    expect(sideOf(parts, 'after')).toBe('tổ chức ít nhất 15 buổi trong tháng 9');
    expect(hasTextChange(parts)).toBe(true);
    expect(hasTextChange([{ op: 'EQUAL', text: 'a' }, { op: 'INSERT', text: ' ' }])).toBe(false);
  });

  it('renders insertions as <ins> and deletions as <del>, text escaped, in order', () => {
    const html = renderToStaticMarkup(<WordDiff parts={[...parts, { op: 'INSERT', text: ' <b>' }]} />);
    expect(html).toMatch(/^<span class="word-diff">/);
    expect(html).toContain('<span>tổ chức ít nhất </span><del title="');
    expect(html).toContain('>10</del><ins title="');
    expect(html).toContain('>15</ins><span> buổi trong tháng 9</span>');
    expect(html).toContain('&lt;b&gt;</ins>');
    expect(html.match(/<del/g)).toHaveLength(1);
  });
});

describe('upstream changes', () => {
  it('draws an added node as inserted, a removed one as struck, a modified one by its word diff', () => {
    expect(upstreamParts({ kind: 'ADDED', textDiff: [], baseText: null, newText: 'Kiểm tra karaoke' })).toEqual([
      { op: 'INSERT', text: 'Kiểm tra karaoke' },
    ]);
    expect(upstreamParts({ kind: 'REMOVED', textDiff: [], baseText: 'Sơ kết', newText: null })).toEqual([{ op: 'DELETE', text: 'Sơ kết' }]);
    expect(upstreamParts({ kind: 'MODIFIED', textDiff: parts, baseText: 'a', newText: 'b' })).toEqual(normaliseDiff(parts));
    expect(upstreamParts({ kind: 'MODIFIED', textDiff: [], baseText: 'cũ', newText: 'mới' })).toEqual([
      { op: 'DELETE', text: 'cũ' },
      { op: 'INSERT', text: 'mới' },
    ]);
  });

  it('keeps pending changes apart from decided ones', () => {
    const { pending, decided } = splitByDecision([
      { id: 1, decision: null },
      { id: 2, decision: 'TAKEN' },
      { id: 3, decision: 'DECLINED' },
      { id: 4, decision: null },
    ]);
    expect(pending.map((c) => c.id)).toEqual([1, 4]);
    expect(decided.map((c) => c.id)).toEqual([2, 3]);
  });
});

describe('diff entries, mapping, dates, keys', () => {
  const entry = (status: PlanDiffEntry['status']): PlanDiffEntry => ({
    status,
    omissionReason: null,
    taskChanged: false,
    textDiff: null,
    node: null,
    parentNode: null,
  });
  const entries = (['INHERITED', 'LOCAL', 'ADAPTED', 'INHERITED', 'OMITTED'] as const).map(entry);

  it('filters entries by provenance or to what differs from the parent, keeping document order', () => {
    expect(filterEntries(entries, 'ALL')).toHaveLength(5);
    expect(filterEntries(entries, 'CHANGED').map((e) => e.status)).toEqual(['LOCAL', 'ADAPTED', 'OMITTED']);
    expect(filterEntries(entries, 'INHERITED')).toHaveLength(2);
  });

  it('puts unmatched agencies first, then the most used', () => {
    const to = { id: 'a', name: 'Công an thành phố', sector: 'POLICE' };
    const sorted = sortMapping([
      { fromName: 'Công an tỉnh', fromSector: 'POLICE', uses: 7, to },
      { fromName: 'Báo Lào Cai', fromSector: 'MEDIA', uses: 1, to: null },
      { fromName: 'Cục Hải quan tỉnh', fromSector: 'CUSTOMS', uses: 3, to: null },
      { fromName: 'Tỉnh đoàn', fromSector: 'YOUTH_UNION', uses: 9, to },
    ]);
    expect(sorted.map((m) => m.fromName)).toEqual(['Cục Hải quan tỉnh', 'Báo Lào Cai', 'Tỉnh đoàn', 'Công an tỉnh']);
  });

  it('counts calendar days to a deadline, across months and years', () => {
    expect(daysUntil('2024-08-30', '2024-08-20')).toBe(10);
    expect(daysUntil('2024-08-30', '2024-09-05')).toBe(-6);
    expect(daysUntil('2025-01-01', '2024-12-31')).toBe(1);
    expect(daysUntil('2024-03-01', '2024-02-28')).toBe(2); // 2024 is a leap year
  });

  it('makes a fresh idempotency key per wizard without needing a secure context', () => {
    const a = newIdempotencyKey('derive');
    expect(a).toMatch(/^derive-[0-9a-f]{32}$/);
    expect(newIdempotencyKey('derive')).not.toBe(a);
  });
});
