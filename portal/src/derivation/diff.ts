import type { AgencyMapping, DiffPart, PlanDiffEntry, Provenance, UpstreamChange } from './types';

/**
 * Pure helpers behind the diff screens: the word diff as the API sends it (DiffPart[]) turned into
 * what is drawn, upstream changes sorted into pending and decided, dates against a deadline.
 */

/** Drops empty parts and joins neighbours of the same kind, so that one change is one mark. */
export function normaliseDiff(parts: readonly DiffPart[] | null | undefined): DiffPart[] {
  const out: DiffPart[] = [];
  for (const part of parts ?? []) {
    if (!part.text) continue;
    const last = out[out.length - 1];
    if (last && last.op === part.op) last.text += part.text;
    else out.push({ op: part.op, text: part.text });
  }
  return out;
}

const words = (text: string) => text.split(/\s+/u).filter(Boolean).length;

/** How many words were added and removed. */
export function diffStats(parts: readonly DiffPart[] | null | undefined): { inserted: number; deleted: number } {
  let inserted = 0;
  let deleted = 0;
  for (const p of parts ?? []) {
    if (p.op === 'INSERT') inserted += words(p.text);
    else if (p.op === 'DELETE') deleted += words(p.text);
  }
  return { inserted, deleted };
}

export const hasTextChange = (parts: readonly DiffPart[] | null | undefined) => (parts ?? []).some((p) => p.op !== 'EQUAL' && p.text.trim());

/** The text before (EQUAL + DELETE) or after (EQUAL + INSERT) a diff. */
export function sideOf(parts: readonly DiffPart[] | null | undefined, side: 'before' | 'after'): string {
  const skip = side === 'before' ? 'INSERT' : 'DELETE';
  return (parts ?? [])
    .filter((p) => p.op !== skip)
    .map((p) => p.text)
    .join('');
}

/**
 * What to draw for an upstream change: the API's word diff for a modified node, the whole new
 * text as an insertion for an added one, the whole old text struck for a removed one.
 */
export function upstreamParts(change: Pick<UpstreamChange, 'kind' | 'textDiff' | 'baseText' | 'newText'>): DiffPart[] {
  if (change.kind === 'ADDED') return normaliseDiff([{ op: 'INSERT', text: change.newText ?? sideOf(change.textDiff, 'after') }]);
  if (change.kind === 'REMOVED') return normaliseDiff([{ op: 'DELETE', text: change.baseText ?? sideOf(change.textDiff, 'before') }]);
  if (change.textDiff.length) return normaliseDiff(change.textDiff);
  return normaliseDiff([
    { op: 'DELETE', text: change.baseText ?? '' },
    { op: 'INSERT', text: change.newText ?? '' },
  ]);
}

/** Pending changes first (to decide), then the decided ones (kept visible for superiors). */
export function splitByDecision<T extends { decision: string | null }>(changes: readonly T[]): { pending: T[]; decided: T[] } {
  return { pending: changes.filter((c) => !c.decision), decided: changes.filter((c) => Boolean(c.decision)) };
}

/** Order of the provenance counts and filters on screen. */
export const PROVENANCES: Provenance[] = ['INHERITED', 'ADAPTED', 'LOCAL', 'OMITTED'];

/** Colours of provenance marks (antd Tag presets), never the only cue: the label is always written. */
export const PROVENANCE_COLOR: Record<Provenance, string> = {
  INHERITED: 'default',
  ADAPTED: 'gold',
  LOCAL: 'green',
  OMITTED: 'red',
};

/** The entries shown under a filter: everything, or only what differs from the parent. */
export function filterEntries(entries: readonly PlanDiffEntry[], filter: 'ALL' | 'CHANGED' | Provenance): PlanDiffEntry[] {
  if (filter === 'ALL') return [...entries];
  if (filter === 'CHANGED') return entries.filter((e) => e.status !== 'INHERITED');
  return entries.filter((e) => e.status === filter);
}

/** Indentation depth of an entry: the node's own, or the parent's node for an omission. */
export const entryDepth = (e: PlanDiffEntry) => e.node?.depth ?? e.parentNode?.depth ?? 0;

/** Whole days from `today` to `deadline` (both YYYY-MM-DD); negative when the deadline has passed. */
export function daysUntil(deadline: string, today: string): number {
  const toUtc = (d: string) => {
    const [y, m, day] = d.split('-').map(Number);
    return Date.UTC(y, m - 1, day);
  };
  return Math.round((toUtc(deadline) - toUtc(today)) / 86_400_000);
}

/** A key a retried mutation sends again so that the API returns the first result instead of creating a second plan. */
export { newIdempotencyKey } from '../providers/idempotency';

/** Unmatched agencies first (what the editor will resolve), then by how often the plan names them. */
export function sortMapping(mapping: readonly AgencyMapping[]): AgencyMapping[] {
  return [...mapping].sort((a, b) => Number(Boolean(a.to)) - Number(Boolean(b.to)) || b.uses - a.uses);
}
