import { useCallback, useState } from 'react';

/**
 * Keys for the API's `idempotencyKey` (every create mutation takes one): one per user action,
 * made when the form or editor opens and sent again with every retry of that action, so that a
 * request whose answer was lost (a dropped connection, a restarting server) returns what it made
 * the first time instead of making it twice. crypto.randomUUID needs a secure context (an intranet
 * server on plain http is not one); getRandomValues does not.
 */
export function newIdempotencyKey(prefix = 'ui'): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return `${prefix}-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

/** The key of the action in progress; `renew` once it has succeeded, so that the next action gets its own. */
export function useIdempotencyKey(prefix: string): [string, () => void] {
  const [key, setKey] = useState(() => newIdempotencyKey(prefix));
  const renew = useCallback(() => setKey(newIdempotencyKey(prefix)), [prefix]);
  return [key, renew];
}
