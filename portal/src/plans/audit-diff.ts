/**
 * An audit event's before/after (JSON text) as a readable list of changed fields. Nested
 * objects are flattened to dotted paths ("signature.signerName"); lists are compared whole.
 */

export interface FieldChange {
  path: string;
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

/** A value as one readable line: text as is, lists of text joined, anything else as JSON. */
export function showValue(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  if (Array.isArray(value) && value.length === 0) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value.join('; ');
  // Agencies and allocations: their names (and values) read better than their JSON.
  if (Array.isArray(value) && value.every((v) => isPlainObject(v) && typeof v.name === 'string')) {
    return value.map((v) => String((v as { name: string }).name)).join('; ');
  }
  if (Array.isArray(value) && value.every((v) => isPlainObject(v) && typeof v.assignee === 'string')) {
    return value.map((v) => `${String((v as { assignee: string }).assignee)}: ${String((v as { value?: unknown }).value ?? '')}`).join('; ');
  }
  return JSON.stringify(value);
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

/** Internal references ("nodeId", "task.lead.agencyId") and lock versions: in the raw JSON, not in the readable list. */
export function isTechnicalPath(path: string): boolean {
  return /(^|\.)(id|version|[a-z][A-Za-z]*Id)$/.test(path);
}
