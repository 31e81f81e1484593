import crypto from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { AuthedCtx } from './context.js';
import { AppError, ErrorCode, badInput } from './errors.js';
import { one, rows } from './sql.js';

/*
 * Idempotency keys for every create mutation a client may retry (a response lost to a database
 * restart or a network cut: docs/ARCHITECTURE.md, "Write paths"). One way for all of them:
 *  - the client sends an optional `idempotencyKey` (8–100 letters, digits or _.:-), one per user
 *    action, and the same key again when it retries that action;
 *  - the key is claimed in the transaction of the work, scoped to the caller (user or API key), with
 *    a fingerprint of the request; the work and the claim commit or roll back together, so a failed
 *    request leaves the key free;
 *  - a retry after success replays: it gets the current state of what the first request made
 *    (only ids are stored; the replay re-reads them, through the access rules), and makes nothing;
 *  - the same key with a different request (another operation or other input) → BAD_USER_INPUT;
 *  - a retry while the first request still runs → CONFLICT at once (a transaction-scoped advisory
 *    lock on caller and key), rather than a connection held waiting for it.
 */

export const IDEMPOTENCY_KEY_DESCRIPTION =
  'Optional; one per user action (8–100 letters, digits or _.:-), sent again when the action is retried: a retry returns what ' +
  'the first request made instead of making it twice; the same key with a different request is BAD_USER_INPUT, a retry while ' +
  'the first request still runs is CONFLICT.';

const KEY = /^[A-Za-z0-9_.:-]{8,100}$/;

export interface IdempotentSteps<T, R extends Record<string, unknown>> {
  /** The work, in the caller's transaction. */
  run: () => Promise<T>;
  /** The ids a replay needs (stored as JSON; never secrets). */
  ref: (result: T) => R;
  /** Re-reads what the first request made; throws NOT_FOUND if it is gone or out of sight. */
  replay: (ref: R) => Promise<T>;
}

/**
 * Runs `steps.run` at most once per (caller, key): see the rules above. Must be called inside the
 * transaction of the work (`em` is the transaction's EntityManager).
 */
export async function idempotent<T, R extends Record<string, unknown>>(
  ctx: AuthedCtx,
  em: EntityManager,
  claim: { operation: string; key: string | null | undefined; request: unknown },
  steps: IdempotentSteps<T, R>,
): Promise<T> {
  const { operation, key } = claim;
  if (key === undefined || key === null) return steps.run();
  if (!KEY.test(key)) throw badInput('idempotencyKey must be 8–100 letters, digits or _.:-', 'idempotencyKey');
  const principalId = ctx.principal.id;
  const free = await one<{ free: boolean }>(em, `select pg_try_advisory_xact_lock(hashtext(?), hashtext(?)) as free`, [principalId, key]);
  if (!free?.free) throw stillRunning();
  const requestHash = fingerprint(operation, claim.request);
  const claimed = await rows(
    em,
    `insert into idempotency_key (key, principal_id, operation, request_hash) values (?, ?, ?, ?) on conflict do nothing returning key`,
    [key, principalId, operation, requestHash],
  );
  if (claimed.length === 0) {
    const prior = await one<{ requestHash: string; operation: string; response: R | null }>(
      em,
      `select request_hash as "requestHash", operation, response from idempotency_key where principal_id = ? and key = ?`,
      [principalId, key],
    );
    if (!prior || prior.operation !== operation || prior.requestHash !== requestHash) throw reusedKey();
    // Claim and result commit together, so a stored claim has its result; kept as a safety net.
    if (!prior.response) throw stillRunning();
    return steps.replay(prior.response);
  }
  const result = await steps.run();
  await rows(em, `update idempotency_key set response = ?::jsonb where principal_id = ? and key = ?`, [
    JSON.stringify(steps.ref(result)),
    principalId,
    key,
  ]);
  return result;
}

/** The key was used by this caller for another request (or another operation). */
export const reusedKey = () => badInput('idempotencyKey was already used for a different request', 'idempotencyKey');

const stillRunning = () =>
  new AppError(ErrorCode.CONFLICT, 'The first request with this idempotencyKey is still running; retry later', { current: null });

/**
 * SHA-256 of the operation and its input in a canonical form (keys sorted, absent fields and the
 * key itself left out), so that a client re-sending the same input matches whatever its order.
 * Callers leave secrets out of `request` (a password hashed this way could be guessed offline).
 */
export function fingerprint(operation: string, request: unknown): string {
  return crypto
    .createHash('sha256')
    .update(`${operation}\n${JSON.stringify(canonical(request))}`)
    .digest('hex');
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([k, v]) => v !== undefined && k !== 'idempotencyKey')
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([k, v]) => [k, canonical(v)]),
    );
  }
  return value;
}
