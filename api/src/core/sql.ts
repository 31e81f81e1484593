import type { EntityManager } from '@mikro-orm/postgresql';
import { registerPrepared } from './db/prepared.js';

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

/**
 * A statement PostgreSQL plans once per connection instead of at every call (db/prepared.ts):
 * for the heavy reads whose planning is a good part of their time. Each distinct text is one
 * prepared statement: values go in `params`, never in the text.
 */
export async function preparedRows<T>(em: EntityManager, text: string, params: unknown[] = []): Promise<T[]> {
  return rows<T>(em, registerPrepared(text) ?? text, params);
}

/** A PostgreSQL array literal for `?::type[]` parameters. */
export function pgArray(values: readonly (string | number)[]): string {
  return `{${values.map((v) => (typeof v === 'number' ? String(v) : `"${String(v).replace(/["\\]/g, (c) => `\\${c}`)}"`)).join(',')}}`;
}
