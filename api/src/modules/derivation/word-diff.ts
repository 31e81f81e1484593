/**
 * Word-level diff and three-way merge for node texts (docs/DESIGN.md §4: ADAPTED nodes show a word diff;
 * taking an upstream change on an adapted node is a merge that reports conflicts instead of
 * overwriting). Tokens are words and the whitespace between them, so joining tokens gives the
 * text back exactly.
 */
export type DiffOp = 'EQUAL' | 'INSERT' | 'DELETE';
export interface DiffPart {
  op: DiffOp;
  text: string;
}

/**
 * How long diffs may get (docs/ARCHITECTURE.md, "Request limits"): a diff of more parts than
 * `partsPerDiff` is shown as the whole text replaced (two parts), and a list of diffs computed for
 * one response (a plan's diff, its upstream changes) shares a budget of `partsPerList` parts,
 * after which its diffs are coarse too. So a list holds at most partsPerList + 2 parts per diff,
 * a bound the schema declares for the cost limit.
 */
export const DIFF_LIMITS = { partsPerDiff: 200, partsPerList: 4000 };

/** The parts left for the diffs of one list; see DIFF_LIMITS. */
export interface DiffBudget {
  parts: number;
}
export const diffBudget = (): DiffBudget => ({ parts: DIFF_LIMITS.partsPerList });

export function tokenize(text: string): string[] {
  return text.match(/\s+|[^\s]+/gu) ?? [];
}

/** Longest common subsequence as matched index pairs (monotonic). */
function lcsPairs(a: string[], b: string[]): [number, number][] {
  const n = a.length;
  const m = b.length;
  // Common prefix and suffix first: most edits touch a few words of a long text.
  let pre = 0;
  while (pre < n && pre < m && a[pre] === b[pre]) pre++;
  let suf = 0;
  while (suf < n - pre && suf < m - pre && a[n - 1 - suf] === b[m - 1 - suf]) suf++;
  const aa = a.slice(pre, n - suf);
  const bb = b.slice(pre, m - suf);
  const pairs: [number, number][] = [];
  for (let i = 0; i < pre; i++) pairs.push([i, i]);
  if (aa.length && bb.length && aa.length * bb.length <= 4_000_000) {
    const w = bb.length + 1;
    const dp = new Uint32Array((aa.length + 1) * w);
    for (let i = aa.length - 1; i >= 0; i--) {
      for (let j = bb.length - 1; j >= 0; j--) {
        dp[i * w + j] = aa[i] === bb[j] ? dp[(i + 1) * w + j + 1] + 1 : Math.max(dp[(i + 1) * w + j], dp[i * w + j + 1]);
      }
    }
    let i = 0;
    let j = 0;
    while (i < aa.length && j < bb.length) {
      if (aa[i] === bb[j]) {
        pairs.push([pre + i, pre + j]);
        i++;
        j++;
      } else if (dp[(i + 1) * w + j] >= dp[i * w + j + 1]) i++;
      else j++;
    }
  }
  for (let k = suf; k > 0; k--) pairs.push([n - k, m - k]);
  return pairs;
}

export function diffWords(before: string, after: string, budget?: DiffBudget): DiffPart[] {
  const room = Math.min(DIFF_LIMITS.partsPerDiff, budget?.parts ?? Infinity);
  const parts = room > 2 ? fineDiff(before, after) : [];
  const out = parts.length > 0 && parts.length <= room ? parts : coarseDiff(before, after);
  if (budget) budget.parts = Math.max(0, budget.parts - out.length);
  return out;
}

/** The whole text replaced (or kept, when equal). */
function coarseDiff(before: string, after: string): DiffPart[] {
  if (before === after) return before ? [{ op: 'EQUAL', text: before }] : [];
  return [...(before ? [{ op: 'DELETE' as const, text: before }] : []), ...(after ? [{ op: 'INSERT' as const, text: after }] : [])];
}

function fineDiff(before: string, after: string): DiffPart[] {
  const a = tokenize(before);
  const b = tokenize(after);
  const parts: DiffPart[] = [];
  const push = (op: DiffOp, text: string) => {
    if (!text) return;
    const last = parts.at(-1);
    if (last?.op === op) last.text += text;
    else parts.push({ op, text });
  };
  let i = 0;
  let j = 0;
  for (const [pi, pj] of [...lcsPairs(a, b), [a.length, b.length] as [number, number]]) {
    push('DELETE', a.slice(i, pi).join(''));
    push('INSERT', b.slice(j, pj).join(''));
    if (pi < a.length) push('EQUAL', a[pi]);
    i = pi + 1;
    j = pj + 1;
  }
  return parts;
}

export interface MergeConflict {
  base: string;
  ours: string;
  theirs: string;
}
export type MergeResult = { clean: true; text: string } | { clean: false; conflicts: MergeConflict[] };

/** diff3 on words: changes on one side only are taken; the same change on both sides is taken once. */
export function merge3(base: string, ours: string, theirs: string): MergeResult {
  const b = tokenize(base);
  const o = tokenize(ours);
  const t = tokenize(theirs);
  const mo = new Map(lcsPairs(b, o));
  const mt = new Map(lcsPairs(b, t));
  const out: string[] = [];
  const conflicts: MergeConflict[] = [];
  let i = 0;
  let io = 0;
  let it = 0;
  while (i <= b.length) {
    // Next base token kept by both sides, at or after the cursors.
    let j = i;
    while (j < b.length && !(mo.has(j) && mt.has(j) && mo.get(j)! >= io && mt.get(j)! >= it)) j++;
    const endO = j < b.length ? mo.get(j)! : o.length;
    const endT = j < b.length ? mt.get(j)! : t.length;
    const cb = b.slice(i, j).join('');
    const co = o.slice(io, endO).join('');
    const ct = t.slice(it, endT).join('');
    if (co === cb) out.push(ct);
    else if (ct === cb || ct === co) out.push(co);
    else conflicts.push({ base: cb, ours: co, theirs: ct });
    if (j >= b.length) break;
    out.push(b[j]);
    i = j + 1;
    io = endO + 1;
    it = endT + 1;
  }
  return conflicts.length ? { clean: false, conflicts } : { clean: true, text: out.join('') };
}
