import type { EntityManager } from '@mikro-orm/postgresql';

/**
 * Read paths return plain rows straight from SQL (docs/DESIGN.md §10: hydrating entities costs 4–8×).
 * Placeholders are `?`; arrays must go through pgArray() because the driver expands bare arrays.
 */
export async function rows<T>(em: EntityManager, text: string, params: unknown[] = []): Promise<T[]> {
  return (await em.execute(text, params, 'all')) as T[];
}

export async function one<T>(em: EntityManager, text: string, params: unknown[] = []): Promise<T | undefined> {
  const result = await rows<T>(em, text, params);
  return result[0];
}

/** A PostgreSQL array literal for `?::type[]` parameters. */
export function pgArray(values: readonly (string | number)[]): string {
  return `{${values.map((v) => (typeof v === 'number' ? String(v) : `"${String(v).replace(/["\\]/g, (c) => `\\${c}`)}"`)).join(',')}}`;
}
