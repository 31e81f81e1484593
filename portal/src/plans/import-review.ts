import { ImportWarningCodes } from '../../../api/src/modules/documents/import/report';
import type { ImportResult } from './types';

/**
 * What the import report asks of the user (README, "Import"): each warning worded by its stable
 * code and its values (never by parsing the English message), and the header fields the importer
 * was not sure of, to be confirmed or corrected on the new draft.
 */

export type ImportWarningDetail = ImportResult['report']['warningDetails'][number];

/**
 * Codes the portal words itself (plans.import.warningCodes): the server's own list, imported from
 * its import-free file so that a new code cannot go unworded unnoticed (import-review.test.ts).
 */
export const WORDED_CODES = ImportWarningCodes;

type Translate = (key: string, options?: Record<string, unknown>) => string;

/**
 * The warning in the user's language: `{{v0}}`, `{{v1}}`… are its values, `{{all}}` all of them.
 * A value not given (a report stored before warnings had values) reads "…", never "{{v0}}".
 */
export function warningText(translate: Translate, w: ImportWarningDetail): string {
  const options: Record<string, unknown> = { code: w.code, all: w.values.join(' / ') || '…' };
  for (let i = 0; i < 3; i++) options[`v${i}`] = w.values[i] ?? '…';
  w.values.forEach((v, i) => (options[`v${i}`] = v));
  const known = (WORDED_CODES as readonly string[]).includes(w.code);
  return translate(`plans.import.warningCodes.${known ? w.code : 'other'}`, options);
}

/** Header fields of a draft the review may ask about, in the order of the printed header. */
export const HEADER_FIELDS = ['issuingBody', 'symbol', 'place', 'dateLine', 'title'] as const;
export type HeaderField = (typeof HEADER_FIELDS)[number];

/** Why a field is asked: a warning about it, or nothing read for it. */
export type UnsureReason = 'unsure' | 'dateInvalid' | 'decision' | 'noKind' | 'empty';

/** The fields each header warning puts in doubt. */
const FIELDS_OF: Partial<Record<string, { reason: UnsureReason; fields: HeaderField[] }>> = {
  NO_KIND_LINE: { reason: 'noKind', fields: ['issuingBody', 'symbol', 'place', 'dateLine', 'title'] },
  HEADER_UNSURE: { reason: 'unsure', fields: ['issuingBody', 'symbol', 'place', 'dateLine'] },
  HEADER_DATE_INVALID: { reason: 'dateInvalid', fields: ['place', 'dateLine'] },
  ISSUED_BY_DECISION: { reason: 'decision', fields: ['symbol', 'place', 'dateLine'] },
};

/**
 * The header fields to confirm or correct, each with the first reason it is asked: those a
 * header warning puts in doubt, and the issuing body or date line when the file gave none.
 */
export function unsureHeaderFields(result: ImportResult): { field: HeaderField; reason: UnsureReason }[] {
  const reasons = new Map<HeaderField, UnsureReason>();
  for (const w of result.report.warningDetails) {
    const doubt = FIELDS_OF[w.code];
    if (!doubt) continue;
    for (const f of doubt.fields) if (!reasons.has(f)) reasons.set(f, doubt.reason);
  }
  const { plan } = result;
  if (!plan.issuingBody && !reasons.has('issuingBody')) reasons.set('issuingBody', 'empty');
  if (!plan.dateLine && !reasons.has('dateLine')) reasons.set('dateLine', 'empty');
  return HEADER_FIELDS.filter((f) => reasons.has(f)).map((field) => ({ field, reason: reasons.get(field)! }));
}

/** The value read for a field, as the editable field starts with it. */
export function readValue(plan: ImportResult['plan'], field: HeaderField): string {
  return plan[field] ?? '';
}

/** Warnings about the parent plan (a plan citing itself, a parent already taken): said beside the parent. */
export const PARENT_CODES = ['SELF_CITATION', 'PARENT_TAKEN'];
