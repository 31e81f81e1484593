import type { NodeKind } from './types';

/**
 * The body of a plan as a tree: pure helpers for the document view and the editor (order,
 * moves, numbering). Nodes are identified by id; siblings are ordered by `position`.
 */

export interface TreeNode {
  id: string;
  parentId: string | null;
  position: number;
  kind: NodeKind;
  label: string | null;
  derivedFromNodeId?: string | null;
}

export interface Tree<N extends TreeNode> {
  byId: Map<string, N>;
  /** Children of each node (key null: the top level), in printed order. */
  children: Map<string | null, N[]>;
}

export function buildTree<N extends TreeNode>(nodes: readonly N[]): Tree<N> {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const children = new Map<string | null, N[]>();
  for (const n of nodes) {
    // A node whose parent is missing is shown at the top level rather than lost.
    const key = n.parentId !== null && byId.has(n.parentId) ? n.parentId : null;
    const list = children.get(key) ?? [];
    list.push(n);
    children.set(key, list);
  }
  for (const list of children.values()) list.sort((a, b) => a.position - b.position);
  return { byId, children };
}

export const childrenOf = <N extends TreeNode>(tree: Tree<N>, id: string | null): N[] => tree.children.get(id) ?? [];

/** Depth-first document order with each node's depth: the order in which the plan prints. */
export function documentOrder<N extends TreeNode>(tree: Tree<N>): { node: N; depth: number }[] {
  const out: { node: N; depth: number }[] = [];
  const seen = new Set<string>();
  const walk = (parentId: string | null, depth: number) => {
    for (const node of childrenOf(tree, parentId)) {
      if (seen.has(node.id)) continue; // a cycle in bad data must not hang the page
      seen.add(node.id);
      out.push({ node, depth });
      walk(node.id, depth + 1);
    }
  };
  walk(null, 0);
  return out;
}

/** The node and every node under it. */
export function subtreeIds<N extends TreeNode>(tree: Tree<N>, id: string): string[] {
  const out: string[] = [];
  const walk = (current: string) => {
    out.push(current);
    for (const child of childrenOf(tree, current)) walk(child.id);
  };
  walk(id);
  return out;
}

/** Deleting this node omits content of the parent plan (the API then requires a reason). */
export function comesFromParentPlan<N extends TreeNode>(tree: Tree<N>, id: string): boolean {
  return subtreeIds(tree, id).some((n) => Boolean(tree.byId.get(n)?.derivedFromNodeId));
}

export type MoveDirection = 'up' | 'down' | 'indent' | 'outdent';

/** Where a move puts the node, as moveNode's arguments; null when the move is impossible. */
export function moveTarget<N extends TreeNode>(
  tree: Tree<N>,
  id: string,
  direction: MoveDirection,
): { parentId: string | null; afterNodeId: string | null } | null {
  const node = tree.byId.get(id);
  if (!node) return null;
  const parentKey = node.parentId !== null && tree.byId.has(node.parentId) ? node.parentId : null;
  const siblings = childrenOf(tree, parentKey);
  const index = siblings.findIndex((s) => s.id === id);
  switch (direction) {
    case 'up':
      if (index <= 0) return null;
      return { parentId: parentKey, afterNodeId: index >= 2 ? siblings[index - 2].id : null };
    case 'down':
      if (index < 0 || index >= siblings.length - 1) return null;
      return { parentId: parentKey, afterNodeId: siblings[index + 1].id };
    case 'indent': {
      // Becomes the last child of the sibling before it.
      if (index <= 0) return null;
      const newParent = siblings[index - 1];
      const last = childrenOf(tree, newParent.id).at(-1);
      return { parentId: newParent.id, afterNodeId: last?.id ?? null };
    }
    case 'outdent': {
      // Comes right after its parent, at the parent's level.
      if (parentKey === null) return null;
      const parent = tree.byId.get(parentKey)!;
      const grandParent = parent.parentId !== null && tree.byId.has(parent.parentId) ? parent.parentId : null;
      return { parentId: grandParent, afterNodeId: parent.id };
    }
  }
}

/* -------------------------------------------------------------- numbering */

const ROMAN: [number, string][] = [
  [1000, 'M'],
  [900, 'CM'],
  [500, 'D'],
  [400, 'CD'],
  [100, 'C'],
  [90, 'XC'],
  [50, 'L'],
  [40, 'XL'],
  [10, 'X'],
  [9, 'IX'],
  [5, 'V'],
  [4, 'IV'],
  [1, 'I'],
];

export function toRoman(n: number): string {
  let rest = Math.max(1, Math.floor(n));
  let out = '';
  for (const [value, letters] of ROMAN) {
    while (rest >= value) {
      out += letters;
      rest -= value;
    }
  }
  return out;
}

export function fromRoman(text: string): number | null {
  const s = text.toUpperCase();
  if (!/^[MDCLXVI]+$/.test(s)) return null;
  let total = 0;
  let i = 0;
  for (const [value, letters] of ROMAN) {
    while (s.startsWith(letters, i)) {
      total += value;
      i += letters.length;
    }
  }
  return i === s.length ? total : null;
}

/** Points follow the Vietnamese alphabet (Decree 30): a, b, c, d, đ, e, g, h, i, k … */
export const POINT_LETTERS = ['a', 'b', 'c', 'd', 'đ', 'e', 'g', 'h', 'i', 'k', 'l', 'm', 'n', 'o', 'p', 'q', 'r', 's', 't', 'u', 'v', 'x', 'y'];

/** The kind a new child of a node usually has: I. → 1. → a) → -. */
export function defaultChildKind(parentKind: NodeKind | null): NodeKind {
  switch (parentKind) {
    case null:
      return 'SECTION';
    case 'SECTION':
      return 'ITEM';
    case 'ITEM':
      return 'POINT';
    default:
      return 'BULLET';
  }
}

/**
 * The label a new node of `kind` takes after `previous` (the sibling before it, if any) under
 * `parent`: "I." → "II.", "2." → "3.", under "2." the items are "2.1.", "2.2."; "a)" → "b)"
 * (skipping letters Vietnamese does not use), bullets "-", paragraphs none.
 */
export function nextLabel(
  kind: NodeKind,
  previous: { kind: NodeKind; label: string | null } | null,
  parent: { kind: NodeKind; label: string | null } | null,
): string | null {
  const sameKind = previous && previous.kind === kind ? previous.label : null;
  switch (kind) {
    case 'SECTION': {
      const n = sameKind ? fromRoman(sameKind.replace(/\.$/, '')) : 0;
      return `${toRoman((n ?? 0) + 1)}.`;
    }
    case 'ITEM': {
      const prefix = parent?.kind === 'ITEM' && parent.label ? parent.label.replace(/\.$/, '') + '.' : '';
      const last = sameKind ? /(\d+)\.?$/.exec(sameKind) : null;
      return `${prefix}${last ? Number(last[1]) + 1 : 1}.`;
    }
    case 'POINT': {
      const letter = sameKind ? sameKind.replace(/\)$/, '') : null;
      const index = letter ? POINT_LETTERS.indexOf(letter) : -1;
      return `${POINT_LETTERS[Math.min(index + 1, POINT_LETTERS.length - 1)]})`;
    }
    case 'BULLET':
      return '-';
    case 'TABLE':
    case 'PARAGRAPH':
      return null;
  }
}

/** The label the same kind takes at a position among siblings when they are renumbered. */
export function renumberedLabels<N extends TreeNode>(tree: Tree<N>, parentId: string | null): { id: string; label: string | null }[] {
  const parent = parentId ? (tree.byId.get(parentId) ?? null) : null;
  const changes: { id: string; label: string | null }[] = [];
  let previous: { kind: NodeKind; label: string | null } | null = null;
  for (const node of childrenOf(tree, parentId)) {
    const label: string | null = node.kind === 'PARAGRAPH' ? node.label : nextLabel(node.kind, previous, parent);
    if (label !== node.label) changes.push({ id: node.id, label });
    // Paragraphs between numbered siblings do not interrupt the numbering.
    if (node.kind !== 'PARAGRAPH') previous = { kind: node.kind, label };
  }
  return changes;
}

/**
 * Where a node stands, by the labels above it: "III. 2.1. -" (an item "2.1." already carries its
 * parent "2.", which is then left out). For lists of findings, where "-" alone says nothing.
 */
export function nodePath<N extends TreeNode>(tree: Tree<N>, id: string): string {
  const labels: string[] = [];
  const seen = new Set<string>();
  let current = tree.byId.get(id);
  while (current && !seen.has(current.id)) {
    seen.add(current.id);
    if (current.label) labels.unshift(current.label);
    current = current.parentId ? tree.byId.get(current.parentId) : undefined;
  }
  return labels.filter((label, i) => !(labels[i + 1] && /^\d/.test(label) && labels[i + 1].startsWith(label))).join(' ');
}
