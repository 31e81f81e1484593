import crypto from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { AuthedCtx } from './context.js';
import { AppError, ErrorCode, badInput } from './errors.js';
import { one, rows } from './sql.js';

/**
 * Idempotency keys for mutations a client may retry (a lost response after a database or network
 * hiccup). The key is claimed in the same transaction as the work, so a concurrent retry waits
 * on the unique index and then sees the committed result; a key reused for a different request
 * is refused. Only a small reference (e.g. the plan id) is stored; the caller re-reads it.
 */
export async function claimIdempotencyKey(
  ctx: AuthedCtx,
  em: EntityManager,
  key: string | undefined | null,
  operation: string,
  request: unknown,
): Promise<{ replay: Record<string, unknown> | null; complete: (response: Record<string, unknown>) => Promise<void> }> {
  if (!key) return { replay: null, complete: async () => {} };
  if (!/^[A-Za-z0-9_.:-]{8,100}$/.test(key)) throw badInput('idempotencyKey must be 8–100 letters, digits or _.:-', 'idempotencyKey');
  const hash = crypto
    .createHash('sha256')
    .update(`${operation}\n${JSON.stringify(request)}`)
    .digest('hex');
  const claimed = await rows(
    em,
    `insert into idempotency_key (key, principal_id, operation, request_hash) values (?, ?, ?, ?) on conflict do nothing returning key`,
    [key, ctx.principal.id, operation, hash],
  );
  if (claimed.length === 0) {
    const prior = await one<{ requestHash: string; operation: string; response: Record<string, unknown> | null }>(
      em,
      `select request_hash as "requestHash", operation, response from idempotency_key where principal_id = ? and key = ?`,
      [ctx.principal.id, key],
    );
    if (!prior || prior.operation !== operation || prior.requestHash !== hash) {
      throw badInput('idempotencyKey was already used for a different request', 'idempotencyKey');
    }
    if (!prior.response)
      throw new AppError(ErrorCode.CONFLICT, 'The first request with this idempotencyKey is still running', { current: null });
    return { replay: prior.response, complete: async () => {} };
  }
  return {
    replay: null,
    complete: async (response) => {
      await rows(em, `update idempotency_key set response = ?::jsonb where principal_id = ? and key = ?`, [
        JSON.stringify(response),
        ctx.principal.id,
        key,
      ]);
    },
  };
}
