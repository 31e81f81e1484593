import { searchKey } from '../../core/text.js';

/**
 * Which node of an imported plan reproduces which node of its parent plan: same kind, the most
 * words in common and at least half of them (Jaccard similarity ≥ 0.5 of the word sets), each
 * node linked once, best pairs first.
 *
 * Comparing every node with every node took 47 s for two plans of 4,000 nodes, on the event
 * loop. Two word sets with similarity ≥ 0.5 must share a word among the first
 * |x| − ⌈|x|/2⌉ + 1 words of each, once the words of every set are put in one order (rarest
 * first) — the prefix filter of similarity joins — so only nodes sharing such a word are
 * compared (and only if their sizes are within a factor of two), which finds exactly the same
 * pairs. Plans of many near-identical nodes still make many pairs: comparisons stop at
 * `maxComparisons` (about 0.2 s of work) and what was found is linked.
 */

export interface LinkNode {
  id: string;
  kind: string;
  text: string;
}

export interface NodeLinks {
  links: { child: string; parent: string }[];
  /** Pairs of nodes compared. */
  comparisons: number;
  /** False when the comparisons stopped at the budget. */
  complete: boolean;
}

const THRESHOLD = 0.5;

const wordsOf = (t: string) => [
  ...new Set(
    searchKey(t)
      .split(/[^a-z0-9]+/)
      .filter((w) => w.length > 1),
  ),
];

export function linkNodes(mine: LinkNode[], theirs: LinkNode[], maxComparisons = 1_000_000): NodeLinks {
  // Words become numbers ranked rarest first; each node's words a sorted array of ranks.
  const mineWords = mine.map((n) => wordsOf(n.text));
  const theirWords = theirs.map((n) => wordsOf(n.text));
  const frequency = new Map<string, number>();
  for (const ws of [...mineWords, ...theirWords]) for (const w of ws) frequency.set(w, (frequency.get(w) ?? 0) + 1);
  const rank = new Map(
    [...frequency.keys()].sort((a, b) => frequency.get(a)! - frequency.get(b)! || (a < b ? -1 : 1)).map((w, i) => [w, i] as const),
  );
  const ranked = (ws: string[]) => Int32Array.from(ws, (w) => rank.get(w)!).sort();
  const mineSets = mineWords.map(ranked);
  const theirSets = theirWords.map(ranked);
  const prefixLength = (size: number) => size - Math.ceil(THRESHOLD * size) + 1;

  // Parent nodes by kind and by the words of their prefix.
  const index = new Map<string, Map<number, number[]>>();
  theirSets.forEach((set, j) => {
    const byWord = index.get(theirs[j].kind) ?? new Map<number, number[]>();
    index.set(theirs[j].kind, byWord);
    for (let k = 0; k < prefixLength(set.length) && k < set.length; k++) {
      const list = byWord.get(set[k]) ?? [];
      list.push(j);
      byWord.set(set[k], list);
    }
  });

  const pairs: { i: number; j: number; score: number }[] = [];
  const seenBy = new Int32Array(theirs.length).fill(-1);
  let comparisons = 0;
  let complete = true;
  compare: for (let i = 0; i < mine.length; i++) {
    const x = mineSets[i];
    const byWord = index.get(mine[i].kind);
    if (x.length === 0 || !byWord) continue;
    for (let k = 0; k < prefixLength(x.length); k++) {
      for (const j of byWord.get(x[k]) ?? []) {
        if (seenBy[j] === i) continue;
        seenBy[j] = i;
        const y = theirSets[j];
        // Similarity ≥ 0.5 needs sizes within a factor of two.
        if (2 * x.length < y.length || 2 * y.length < x.length) continue;
        if (++comparisons > maxComparisons) {
          complete = false;
          break compare;
        }
        const common = overlap(x, y);
        const score = common / (x.length + y.length - common);
        if (score >= THRESHOLD) pairs.push({ i, j, score });
      }
    }
  }

  // Best first; among equals, in document order (child, then parent).
  pairs.sort((a, b) => b.score - a.score || a.i - b.i || a.j - b.j);
  const usedChild = new Set<number>();
  const usedParent = new Set<number>();
  const links: NodeLinks['links'] = [];
  for (const p of pairs) {
    if (usedChild.has(p.i) || usedParent.has(p.j)) continue;
    usedChild.add(p.i);
    usedParent.add(p.j);
    links.push({ child: mine[p.i].id, parent: theirs[p.j].id });
  }
  return { links, comparisons: Math.min(comparisons, maxComparisons), complete };
}

/** Elements two sorted arrays share. */
function overlap(x: Int32Array, y: Int32Array): number {
  let n = 0;
  for (let a = 0, b = 0; a < x.length && b < y.length; ) {
    if (x[a] === y[b]) {
      n++;
      a++;
      b++;
    } else if (x[a] < y[b]) a++;
    else b++;
  }
  return n;
}
