import { describe, expect, it } from 'vitest';
import { searchKey } from '../../core/text.js';
import { parsePlanText } from './import/parse-plan-text.js';
import { SEEDS, seedText, type SeedName } from './import/test-fixtures.js';
import { linkNodes, type LinkNode } from './link-nodes.js';

/** The comparison of every node with every node that linkNodes replaces. */
function everyPair(mine: LinkNode[], theirs: LinkNode[]) {
  const words = (t: string) =>
    new Set(
      searchKey(t)
        .split(/[^a-z0-9]+/)
        .filter((w) => w.length > 1),
    );
  const pairs: { child: string; parent: string; score: number }[] = [];
  for (const m of mine) {
    const w = words(m.text);
    for (const t of theirs) {
      const tw = words(t.text);
      if (t.kind !== m.kind || !w.size || !tw.size) continue;
      let common = 0;
      for (const x of w) if (tw.has(x)) common++;
      const score = common / (w.size + tw.size - common);
      if (score >= 0.5) pairs.push({ child: m.id, parent: t.id, score });
    }
  }
  pairs.sort((a, b) => b.score - a.score);
  const used = new Set<string>();
  return pairs
    .filter((p) => !used.has(p.child) && !used.has(p.parent) && used.add(p.child) && used.add(p.parent))
    .map(({ child, parent }) => ({ child, parent }));
}

const nodesOf = (seed: SeedName, prefix: string) =>
  parsePlanText(seedText(seed)).document.nodes.map((n, i) => ({ id: `${prefix}${i}`, kind: n.kind, text: n.text }));

/** Deterministic edits: drops every fifth node and every third word of every other node. */
const edited = (nodes: LinkNode[], prefix: string) =>
  nodes
    .filter((_, i) => i % 5 !== 4)
    .map((n, i) => ({
      ...n,
      id: prefix + n.id,
      text:
        i % 2
          ? n.text
          : n.text
              .split(' ')
              .filter((_, j) => j % 3 !== 2)
              .join(' '),
    }));

describe('linking imported nodes to the parent plan', () => {
  const seeds = Object.keys(SEEDS) as SeedName[];
  it.each(seeds.flatMap((a) => seeds.map((b) => [a, b] as const)))('%s against %s: the same links as comparing every pair', (a, b) => {
    const mine = edited(nodesOf(a, 'm'), 'x');
    const theirs = nodesOf(b, 't');
    expect(linkNodes(mine, theirs).links).toEqual(everyPair(mine, theirs));
  });

  it('compares far fewer pairs than every pair, and stops at its budget on plans of near-identical nodes', () => {
    const mine = edited(
      seeds.flatMap((s) => nodesOf(s, `m${s}`)),
      'x',
    );
    const theirs = seeds.flatMap((s) => nodesOf(s, `t${s}`));
    const found = linkNodes(mine, theirs);
    expect(found.complete).toBe(true);
    expect(found.comparisons).toBeLessThan((mine.length * theirs.length) / 4);

    const same = (p: string) =>
      Array.from({ length: 3_000 }, (_, i) => ({ id: `${p}${i}`, kind: 'BULLET', text: 'Công an xã tổ chức tuyên truyền' }));
    const start = performance.now();
    const capped = linkNodes(same('a'), same('b'), 100_000);
    expect(capped).toMatchObject({ complete: false, comparisons: 100_000 });
    expect(capped.links.length).toBeGreaterThan(0);
    expect(performance.now() - start).toBeLessThan(5_000);
  });
});
