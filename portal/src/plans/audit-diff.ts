import { formatDate } from '../i18n/format';

/**
 * An audit event's before/after (JSON text) as a readable list of changed fields, in the
 * official's language: nested objects are flattened to dotted paths ("signature.signerName")
 * and named through `plans.history.fields.*`; lists read as their names or texts; dates as
 * dd/mm/yyyy; codes (kinds, statuses) in words. What an official cannot read — internal ids,
 * lock versions, positions, anything without a name — is left out (issue 14: the history showed
 * raw JSON with English field names and UUIDs).
 */

type Translate = (key: string, options?: Record<string, unknown> | string, defaultMessage?: string) => string;

export interface FieldChange {
  path: string;
  before: string | null;
  after: string | null;
}

export interface ReadableChange {
  path: string;
  label: string;
  before: string | null;
  after: string | null;
}

export function parseJson(text: string | null | undefined): unknown {
  if (text === null || text === undefined || text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function flatten(value: unknown, prefix: string, out: Map<string, unknown>) {
  if (isPlainObject(value) && Object.keys(value).length > 0) {
    for (const [k, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  } else {
    out.set(prefix, value);
  }
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

/** A value as one readable line: text as is, lists of names or texts joined; null when there is nothing an official can read. */
export function showValue(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  if (Array.isArray(value) && value.length === 0) return null;
  if (typeof value === 'string') return UUID.test(value) && value.replace(UUID, '').trim() === '' ? null : value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value.filter((v) => !UUID.test(v)).join('; ') || null;
  if (Array.isArray(value) && value.every(isPlainObject)) {
    const items = value as Record<string, unknown>[];
    // Agencies by name, allocations as "assignee: value", nodes and legal bases by their text.
    if (items.every((v) => typeof v.name === 'string')) return items.map((v) => String(v.name)).join('; ');
    if (items.every((v) => typeof v.assignee === 'string')) return items.map((v) => `${String(v.assignee)}: ${String(v.value ?? '')}`).join('; ');
    if (items.every((v) => typeof v.text === 'string')) {
      return items.map((v) => (typeof v.label === 'string' && v.label ? `${v.label} ${String(v.text)}` : String(v.text))).join('; ');
    }
  }
  return null;
}

/** Fields whose value differs between before and after (every field of a creation or deletion). */
export function describeChange(beforeText: string | null | undefined, afterText: string | null | undefined): FieldChange[] {
  const before = new Map<string, unknown>();
  const after = new Map<string, unknown>();
  flatten(parseJson(beforeText), '', before);
  flatten(parseJson(afterText), '', after);
  const paths = [...new Set([...before.keys(), ...after.keys()])];
  const changes: FieldChange[] = [];
  for (const path of paths) {
    const b = showValue(before.get(path));
    const a = showValue(after.get(path));
    if (b === a) continue;
    changes.push({ path, before: b, after: a });
  }
  return changes;
}

/** Internal references ("nodeId", "task.lead.agencyId"), lock versions and positions: never shown. */
export function isTechnicalPath(path: string): boolean {
  return /(^|\.)(id|version|position|[a-z][A-Za-z]*Id|createdAt|updatedAt)$/.test(path);
}

/** Codes shown in words, by the last part of their path. */
const CODE_GROUPS: Record<string, string[]> = {
  kind: ['nodeKinds', 'timingKinds', 'milestoneKinds', 'upstreamKinds'],
  status: ['status'],
  comparator: ['comparators'],
  type: ['documentTypes'],
};

/**
 * The readable changes of one event: only fields with a Vietnamese (or English) name in
 * `plans.history.fields`, values in words.
 */
export function readableChanges(beforeText: string | null | undefined, afterText: string | null | undefined, translate: Translate): ReadableChange[] {
  const out: ReadableChange[] = [];
  for (const change of describeChange(beforeText, afterText)) {
    if (isTechnicalPath(change.path)) continue;
    // A list at the top (the legal bases) has the empty path.
    const label = translate(`plans.history.fields.${change.path === '' ? 'legalBases' : change.path.replace(/\./g, '_')}`, '');
    if (!label) continue;
    const last = change.path.split('.').at(-1) ?? '';
    const words = (value: string | null): string | null => {
      if (value === null) return null;
      if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return formatDate(value);
      if (value === 'true' || value === 'false') return translate(`plans.history.${value}`);
      for (const group of CODE_GROUPS[last] ?? []) {
        const word = translate(`plans.${group}.${value}`, '');
        if (word) return word;
      }
      return value;
    };
    out.push({ path: change.path, label, before: words(change.before), after: words(change.after) });
  }
  return out;
}
