import type { DocNode } from '../../plans/plan-document.js';

/**
 * Navigation over the flat node list of a document (parents, children, siblings).
 *
 * Every question the parser asks about a node's surroundings ("is any ancestor a targets
 * heading?", "the nearest paragraph above among the siblings that introduces a metric") goes
 * through the memoised walks below, so each node is looked at once per question however many
 * nodes ask: walking the ancestors or the previous siblings afresh for every node made the
 * importer quadratic (10,000 bullets under one heading took 5 s, 20,000 took 16 s).
 */
export class NodeTree {
  private readonly byKey = new Map<string, DocNode>();
  private readonly childKeys = new Map<string | null, string[]>();
  private readonly siblingIndex = new Map<string, number>();
  /** Nodes looked at by the walks: linear in the number of nodes (a test holds it to that). */
  visits = 0;

  constructor(readonly nodes: DocNode[]) {
    for (const n of nodes) {
      this.byKey.set(n.key, n);
      const list = this.childKeys.get(n.parentKey) ?? [];
      this.siblingIndex.set(n.key, list.length);
      list.push(n.key);
      this.childKeys.set(n.parentKey, list);
    }
  }

  get(key: string): DocNode {
    const n = this.byKey.get(key);
    if (!n) throw new Error(`no node ${key}`);
    return n;
  }

  children(key: string | null): DocNode[] {
    return (this.childKeys.get(key) ?? []).map((k) => this.get(k));
  }

  /** Siblings before the node, nearest first, produced lazily: callers that stop early pay only for what they read. */
  *previousSiblings(key: string): Generator<DocNode> {
    const siblings = this.childKeys.get(this.get(key).parentKey) ?? [];
    for (let i = this.siblingIndex.get(key)! - 1; i >= 0; i--) {
      this.visits++;
      yield this.get(siblings[i]);
    }
  }

  /**
   * The value of the nearest node on the chain — the node itself, then its parent, up to the
   * root — for which `own` is not null. `memo` belongs to one question (one `own`) and makes
   * each node's `own` run once.
   */
  nearestOnChain<T>(key: string, memo: Map<string, T | null>, own: (n: DocNode) => T | null): T | null {
    const path: string[] = [];
    let found: T | null = null;
    for (let k: string | null = key; k !== null; ) {
      if (memo.has(k)) {
        found = memo.get(k)!;
        break;
      }
      const n = this.get(k);
      this.visits++;
      found = own(n);
      if (found !== null) {
        memo.set(k, found);
        break;
      }
      path.push(k);
      k = n.parentKey;
    }
    for (const k of path) memo.set(k, found);
    return found;
  }

  /** As `nearestOnChain`, but the value of the node nearest the root wins. */
  topmostOnChain<T>(key: string, memo: Map<string, T | null>, own: (n: DocNode) => T | null): T | null {
    const path: DocNode[] = [];
    let above: T | null = null;
    for (let k: string | null = key; k !== null; ) {
      if (memo.has(k)) {
        above = memo.get(k)!;
        break;
      }
      const n = this.get(k);
      path.push(n);
      k = n.parentKey;
    }
    for (let i = path.length - 1; i >= 0; i--) {
      this.visits++;
      above = above ?? own(path[i]);
      memo.set(path[i].key, above);
    }
    return above;
  }

  /**
   * The value of the nearest previous sibling for which `own` is not null. The first question
   * about a node answers it for all its siblings in one pass.
   */
  nearestPreviousSibling<T>(key: string, memo: Map<string, T | null>, own: (n: DocNode) => T | null): T | null {
    if (!memo.has(key)) {
      let last: T | null = null;
      for (const k of this.childKeys.get(this.get(key).parentKey) ?? []) {
        this.visits++;
        memo.set(k, last);
        last = own(this.get(k)) ?? last;
      }
    }
    return memo.get(key)!;
  }
}
