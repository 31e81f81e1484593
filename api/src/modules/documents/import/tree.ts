import type { PlanNode } from '../../plans/plan-document.js';

/** Navigation over the flat node list of a document (parents, children, siblings). */
export class NodeTree {
  private readonly byKey = new Map<string, PlanNode>();
  private readonly childKeys = new Map<string | null, string[]>();

  constructor(readonly nodes: PlanNode[]) {
    for (const n of nodes) {
      this.byKey.set(n.key, n);
      const list = this.childKeys.get(n.parentKey) ?? [];
      list.push(n.key);
      this.childKeys.set(n.parentKey, list);
    }
  }

  get(key: string): PlanNode {
    const n = this.byKey.get(key);
    if (!n) throw new Error(`no node ${key}`);
    return n;
  }

  children(key: string | null): PlanNode[] {
    return (this.childKeys.get(key) ?? []).map((k) => this.get(k));
  }

  /** Parent first, then its parent, up to the root. */
  ancestors(key: string): PlanNode[] {
    const out: PlanNode[] = [];
    let parent = this.get(key).parentKey;
    while (parent !== null) {
      const p = this.get(parent);
      out.push(p);
      parent = p.parentKey;
    }
    return out;
  }

  /** Siblings before the node, nearest first. */
  previousSiblings(key: string): PlanNode[] {
    const siblings = this.childKeys.get(this.get(key).parentKey) ?? [];
    return siblings
      .slice(0, siblings.indexOf(key))
      .reverse()
      .map((k) => this.get(k));
  }
}
