import { useTranslate } from '@refinedev/core';
import { normaliseDiff } from './diff';
import type { DiffPart } from './types';
import './derivation.css';
import '../plans/plans.css';

/**
 * A word-level diff: insertions underlined green, deletions struck red. The HTML <ins>/<del>
 * elements carry the meaning for assistive technology, and a title says it on hover.
 */
export function WordDiff({ parts }: { parts: readonly DiffPart[] | null | undefined }) {
  const translate = useTranslate();
  return (
    <span className="word-diff">
      {normaliseDiff(parts).map((p, i) =>
        p.op === 'INSERT' ? (
          <ins key={i} title={translate('derivation.diff.inserted')}>
            {p.text}
          </ins>
        ) : p.op === 'DELETE' ? (
          <del key={i} title={translate('derivation.diff.deleted')}>
            {p.text}
          </del>
        ) : (
          <span key={i}>{p.text}</span>
        ),
      )}
    </span>
  );
}
