import { describe, expect, it } from 'vitest';
import {
  buildTree,
  comesFromParentPlan,
  defaultChildKind,
  documentOrder,
  fromRoman,
  moveTarget,
  nextLabel,
  nodePath,
  renumberedLabels,
  subtreeIds,
  toRoman,
  type TreeNode,
} from './plan-tree';
import type { NodeKind } from './types';

const n = (id: string, parentId: string | null, position: number, kind: NodeKind, label: string | null, derivedFromNodeId?: string): TreeNode => ({
  id,
  parentId,
  position,
  kind,
  label,
  derivedFromNodeId: derivedFromNodeId ?? null,
});

// I. / 1. / 2. (2.1., a), -) / II. / paragraph — given out of order, as a list may arrive.
const NODES = [
  n('s2', null, 1, 'SECTION', 'II.'),
  n('i2', 's1', 1, 'ITEM', '2.'),
  n('s1', null, 0, 'SECTION', 'I.'),
  n('i21', 'i2', 0, 'ITEM', '2.1.', 'parent-node'),
  n('i1', 's1', 0, 'ITEM', '1.'),
  n('pa', 'i21', 0, 'POINT', 'a)'),
  n('b1', 'pa', 0, 'BULLET', '-'),
  n('p', 's2', 0, 'PARAGRAPH', null),
];
const tree = buildTree(NODES);

describe('document order', () => {
  it('prints depth-first, siblings by position, with each depth', () => {
    expect(documentOrder(tree).map(({ node, depth }) => `${'  '.repeat(depth)}${node.label ?? '¶'}`)).toEqual([
      'I.',
      '  1.',
      '  2.',
      '    2.1.',
      '      a)',
      '        -',
      'II.',
      '  ¶',
    ]);
  });

  it('keeps a node whose parent is missing, at the top level', () => {
    const orphan = buildTree([n('x', 'gone', 0, 'ITEM', '9.'), n('s', null, 1, 'SECTION', 'I.')]);
    expect(documentOrder(orphan).map((e) => e.node.id)).toEqual(['x', 's']);
  });

  it('finds a subtree and whether it came from the parent plan', () => {
    expect(subtreeIds(tree, 'i2')).toEqual(['i2', 'i21', 'pa', 'b1']);
    expect(comesFromParentPlan(tree, 's1')).toBe(true);
    expect(comesFromParentPlan(tree, 'i1')).toBe(false);
    expect(comesFromParentPlan(tree, 's2')).toBe(false);
  });
});

describe('moves', () => {
  it('moves up and down among siblings', () => {
    expect(moveTarget(tree, 'i2', 'up')).toEqual({ parentId: 's1', afterNodeId: null });
    expect(moveTarget(tree, 'i1', 'down')).toEqual({ parentId: 's1', afterNodeId: 'i2' });
    expect(moveTarget(tree, 's1', 'up')).toBeNull();
    expect(moveTarget(tree, 's2', 'down')).toBeNull();
    expect(moveTarget(tree, 's2', 'up')).toEqual({ parentId: null, afterNodeId: null });
  });

  it('indents under the sibling before (as its last child) and outdents after the parent', () => {
    expect(moveTarget(tree, 'i2', 'indent')).toEqual({ parentId: 'i1', afterNodeId: null });
    expect(moveTarget(tree, 's2', 'indent')).toEqual({ parentId: 's1', afterNodeId: 'i2' });
    expect(moveTarget(tree, 'i1', 'indent')).toBeNull();
    expect(moveTarget(tree, 'i21', 'outdent')).toEqual({ parentId: 's1', afterNodeId: 'i2' });
    expect(moveTarget(tree, 's1', 'outdent')).toBeNull();
    expect(moveTarget(tree, 'nope', 'up')).toBeNull();
  });
});

describe('numbering', () => {
  it('writes and reads Roman numerals', () => {
    expect([1, 4, 5, 9, 14, 40].map(toRoman)).toEqual(['I', 'IV', 'V', 'IX', 'XIV', 'XL']);
    expect(fromRoman('XIV')).toBe(14);
    expect(fromRoman('iv')).toBe(4);
    expect(fromRoman('ABC')).toBeNull();
  });

  it('suggests the next label of each kind', () => {
    expect(nextLabel('SECTION', null, null)).toBe('I.');
    expect(nextLabel('SECTION', { kind: 'SECTION', label: 'IV.' }, null)).toBe('V.');
    expect(nextLabel('ITEM', null, { kind: 'SECTION', label: 'I.' })).toBe('1.');
    expect(nextLabel('ITEM', { kind: 'ITEM', label: '9.' }, { kind: 'SECTION', label: 'I.' })).toBe('10.');
    expect(nextLabel('ITEM', null, { kind: 'ITEM', label: '2.' })).toBe('2.1.');
    expect(nextLabel('ITEM', { kind: 'ITEM', label: '2.1.' }, { kind: 'ITEM', label: '2.' })).toBe('2.2.');
    expect(nextLabel('POINT', null, null)).toBe('a)');
    // Vietnamese order: d, đ, e, g (no f).
    expect(nextLabel('POINT', { kind: 'POINT', label: 'd)' }, null)).toBe('đ)');
    expect(nextLabel('POINT', { kind: 'POINT', label: 'e)' }, null)).toBe('g)');
    expect(nextLabel('BULLET', null, null)).toBe('-');
    expect(nextLabel('PARAGRAPH', null, null)).toBeNull();
    // A sibling of another kind starts the numbering again.
    expect(nextLabel('ITEM', { kind: 'BULLET', label: '-' }, null)).toBe('1.');
  });

  it('proposes the usual kind of a child', () => {
    expect(defaultChildKind(null)).toBe('SECTION');
    expect(defaultChildKind('SECTION')).toBe('ITEM');
    expect(defaultChildKind('ITEM')).toBe('POINT');
    expect(defaultChildKind('POINT')).toBe('BULLET');
  });

  it('renumbers siblings after a move, leaving paragraphs and right labels alone', () => {
    const moved = buildTree([
      n('s', null, 0, 'SECTION', 'I.'),
      n('b', 's', 0, 'ITEM', '2.'),
      n('p', 's', 1, 'PARAGRAPH', null),
      n('a', 's', 2, 'ITEM', '1.'),
      n('c', 's', 3, 'ITEM', '3.'),
    ]);
    expect(renumberedLabels(moved, 's')).toEqual([
      { id: 'b', label: '1.' },
      { id: 'a', label: '2.' },
    ]);
    expect(renumberedLabels(moved, null)).toEqual([]);
  });
});

describe('where a node stands', () => {
  it('names a node by the labels above it, without repeating a parent item', () => {
    expect(nodePath(tree, 'b1')).toBe('I. 2.1. a) -');
    expect(nodePath(tree, 'i1')).toBe('I. 1.');
    expect(nodePath(tree, 'p')).toBe('II.');
  });
});
