/** A message tree as in vi.json / en.json: nested objects whose leaves are strings. */
export interface Messages {
  [key: string]: string | Messages;
}

/** Looks up a dotted key ("units.fields.code") in a message tree. */
export function lookup(messages: Messages, key: string): string | undefined {
  let node: string | Messages | undefined = messages;
  for (const part of key.split('.')) {
    if (node === undefined || typeof node === 'string') return undefined;
    node = node[part];
  }
  return typeof node === 'string' ? node : undefined;
}

/** Replaces {{name}} with options.name. */
export function interpolate(text: string, options?: Record<string, unknown>): string {
  if (!options) return text;
  return text.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, name: string) =>
    options[name] === undefined || options[name] === null ? whole : String(options[name]),
  );
}

/**
 * Refine's translate signature: translate(key, options?, defaultMessage?) or
 * translate(key, defaultMessage). A missing key falls back to the default message, then to the
 * fallback language, then to the key itself (so a gap is visible, never blank).
 */
export function translateWith(
  messages: Messages,
  fallback: Messages | null,
  key: string,
  options?: unknown,
  defaultMessage?: string,
): string {
  const opts = typeof options === 'object' && options !== null ? (options as Record<string, unknown>) : undefined;
  const def = typeof options === 'string' ? options : defaultMessage;
  const text = lookup(messages, key) ?? def ?? (fallback ? lookup(fallback, key) : undefined) ?? key;
  return interpolate(text, opts);
}

/** Every leaf key of a message tree, dotted (used by the test that both languages are complete). */
export function leafKeys(messages: Messages, prefix = ''): string[] {
  return Object.entries(messages).flatMap(([k, v]) => (typeof v === 'string' ? [`${prefix}${k}`] : leafKeys(v, `${prefix}${k}.`)));
}
