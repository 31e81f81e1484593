import crypto from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { tooManyAttempts } from '../../core/errors.js';
import { one, pgArray, rows } from '../../core/sql.js';

/**
 * Sign-in throttling (docs/ACCESS.md, "Sign-in throttling"). The state lives in PostgreSQL
 * (table sign_in_throttle), so every server instance on one database enforces the same limits.
 *
 * Three counters, each with its own limit:
 * - PAIR (username, address): one client guessing one account. The strict one.
 * - ADDRESS: one client trying many usernames (password spraying). Looser, because an office
 *   behind one NAT address shares it.
 * - USERNAME: many addresses guessing one account. It counts ADDRESSES, not attempts: only the
 *   first failure of a pair in its window adds to it, so one address alone can never throttle
 *   an account for the owner signing in from elsewhere.
 *
 * Once a counter reaches its limit the key waits `blockSeconds`, doubling with each further
 * failure, never more than `maxBlockSeconds`: no hard lockout. A counter is forgotten
 * `windowSeconds` after its first failure, or after its last block ended. A successful sign-in
 * clears the pair and the username and gives the address its attempt back.
 *
 * Every attempt is counted BEFORE the password is checked, with one `insert … on conflict do
 * update … returning` per counter: the row lock serialises concurrent attempts, so N parallel
 * guesses get exactly `limit` through, never a read-then-write race.
 */
export interface SignInThrottleSettings {
  /** Failed sign-ins for one username from one address before backoff starts. */
  perPair: number;
  /** Failed sign-ins from one address, whatever the usernames. */
  perAddress: number;
  /** Distinct addresses failing for one username before that username waits, from every address. */
  addressesPerUsername: number;
  /** How long a counter lasts after its first failure (or after its last block ended). */
  windowSeconds: number;
  /** The first wait once a limit is reached; it doubles with each further failure… */
  blockSeconds: number;
  /** …up to this. */
  maxBlockSeconds: number;
}

export const DEFAULT_SIGN_IN_THROTTLE: SignInThrottleSettings = {
  perPair: 5,
  perAddress: 50,
  addressesPerUsername: 10,
  windowSeconds: 900,
  blockSeconds: 30,
  maxBlockSeconds: 300,
};

const ENV: Record<keyof SignInThrottleSettings, string> = {
  perPair: 'KEHOACH_SIGNIN_LIMIT',
  perAddress: 'KEHOACH_SIGNIN_ADDRESS_LIMIT',
  addressesPerUsername: 'KEHOACH_SIGNIN_USERNAME_ADDRESSES',
  windowSeconds: 'KEHOACH_SIGNIN_WINDOW',
  blockSeconds: 'KEHOACH_SIGNIN_BLOCK',
  maxBlockSeconds: 'KEHOACH_SIGNIN_MAX_BLOCK',
};

/** Settings from the environment; a value that is not a whole number from 1 to 10^7 stops the start. */
export function signInThrottleFromEnv(env: NodeJS.ProcessEnv): SignInThrottleSettings {
  const settings = { ...DEFAULT_SIGN_IN_THROTTLE };
  for (const field of Object.keys(ENV) as (keyof SignInThrottleSettings)[]) {
    const raw = env[ENV[field]];
    if (raw === undefined || raw === '') continue;
    const value = Number(raw);
    if (!/^\d+$/.test(raw.trim()) || value < 1 || value > 10_000_000) {
      throw new Error(`${ENV[field]} must be a whole number from 1 to 10000000, got ${JSON.stringify(raw)}`);
    }
    settings[field] = value;
  }
  if (settings.maxBlockSeconds < settings.blockSeconds) {
    throw new Error(
      `${ENV.maxBlockSeconds} (${settings.maxBlockSeconds}) must not be below ${ENV.blockSeconds} (${settings.blockSeconds})`,
    );
  }
  return settings;
}

type Kind = 'PAIR' | 'ADDRESS' | 'USERNAME';

/** The counters one attempt was charged to, for `succeeded`. */
export interface Admission {
  pair: string;
  address: string;
  username: string;
}

interface Outcome {
  allowed: boolean;
  failures: number | null;
  retryAfter: number | null;
}

export interface SignInThrottle {
  /** Charges one attempt to every counter, or throws TOO_MANY_ATTEMPTS having charged nothing. */
  admit(em: EntityManager, username: string, address: string): Promise<Admission>;
  /** After a right password: the pair and username start afresh, the address gets its attempt back. */
  succeeded(em: EntityManager, admission: Admission): Promise<void>;
}

export function createSignInThrottle(settings: SignInThrottleSettings = DEFAULT_SIGN_IN_THROTTLE): SignInThrottle {
  const s = settings;
  // Only validated whole numbers are written into the SQL text; keys and kinds are bound.
  for (const v of Object.values(s)) if (!Number.isInteger(v) || v < 1) throw new Error(`invalid sign-in throttle setting ${v}`);
  const window = `make_interval(secs => ${s.windowSeconds})`;
  /** The wait after the f-th failure of a counter whose limit is `limit` (f ≥ limit). */
  const wait = (f: string, limit: number) =>
    `make_interval(secs => least(${s.maxBlockSeconds}, ${s.blockSeconds} * power(2, least(${f} - ${limit}, 30))))`;
  const blocked = (limit: number) =>
    `(t.expires_at > now() and t.failures >= ${limit} and now() < t.last_at + ${wait('t.failures', limit)})`;
  const retryAfter = (limit: number) => `greatest(1, ceil(extract(epoch from t.last_at + ${wait('t.failures', limit)} - now())))::int`;

  const attemptSql = (limit: number) => {
    const fresh = `t.expires_at <= now()`;
    const next = `(case when ${fresh} then 1 else t.failures + 1 end)`;
    // Charged only when the counter is not waiting (the WHERE of DO UPDATE): a refused attempt
    // changes nothing, so hammering a waiting key does not lengthen the wait. The second
    // branch reads the waiting row to say how long is left.
    return `with attempt as (
        insert into sign_in_throttle as t (key, kind, failures, last_at, expires_at)
        values (?, ?, 1, now(), now() + ${window} + case when 1 >= ${limit} then ${wait('1', limit)} else interval '0' end)
        on conflict (key) do update set
          failures = ${next},
          last_at = now(),
          expires_at = greatest(
            case when ${fresh} then now() + ${window} else t.expires_at end,
            case when ${next} >= ${limit} then now() + ${wait(next, limit)} + ${window} else '-infinity'::timestamptz end)
        where not ${blocked(limit)}
        returning t.failures)
      select true as allowed, failures, null::int as "retryAfter" from attempt
      union all
      select false, t.failures, ${retryAfter(limit)} from sign_in_throttle t
        where t.key = ? and not exists (select 1 from attempt)`;
  };
  const sql: Record<Kind, string> = {
    PAIR: attemptSql(s.perPair),
    ADDRESS: attemptSql(s.perAddress),
    USERNAME: attemptSql(s.addressesPerUsername),
  };
  const checkUsernameSql = `select ${retryAfter(s.addressesPerUsername)} as "retryAfter" from sign_in_throttle t
    where t.key = ? and ${blocked(s.addressesPerUsername)}`;

  async function attempt(em: EntityManager, kind: Kind, key: string): Promise<Outcome> {
    const row = await one<Outcome>(em, sql[kind], [key, kind, key]);
    // No row at all: the key was created and blocked by a concurrent attempt after this
    // statement's snapshot; it is waiting, for at most the first block.
    return row ?? { allowed: false, failures: null, retryAfter: s.blockSeconds };
  }

  async function giveBack(em: EntityManager, keys: string[]) {
    await rows(em, `update sign_in_throttle set failures = greatest(failures - 1, 0) where key = any(?::text[])`, [pgArray(keys)]);
  }

  // Expired counters are deleted at most once per sweep interval per server, by whichever
  // sign-in comes first: the table holds only the counters of the last window or so.
  const sweepEveryMs = Math.min(60, s.windowSeconds) * 1000;
  let nextSweep = 0;

  return {
    async admit(em, username, address) {
      if (Date.now() >= nextSweep) {
        nextSweep = Date.now() + sweepEveryMs;
        await rows(em, `delete from sign_in_throttle where expires_at <= now()`);
      }
      const keys: Admission = {
        pair: throttleKey('PAIR', username, address),
        address: throttleKey('ADDRESS', '', address),
        username: throttleKey('USERNAME', username, ''),
      };
      const byAddress = await attempt(em, 'ADDRESS', keys.address);
      if (!byAddress.allowed) throw tooManyAttempts(byAddress.retryAfter ?? s.blockSeconds);
      const byPair = await attempt(em, 'PAIR', keys.pair);
      if (!byPair.allowed) {
        await giveBack(em, [keys.address]);
        throw tooManyAttempts(byPair.retryAfter ?? s.blockSeconds);
      }
      // A new address for this username is charged to the username; a known one is only checked.
      const byUsername =
        byPair.failures === 1
          ? await attempt(em, 'USERNAME', keys.username)
          : await one<{ retryAfter: number }>(em, checkUsernameSql, [keys.username]).then(
              (r): Outcome =>
                r ? { allowed: false, failures: null, retryAfter: r.retryAfter } : { allowed: true, failures: null, retryAfter: null },
            );
      if (!byUsername.allowed) {
        await giveBack(em, [keys.address, keys.pair]);
        throw tooManyAttempts(byUsername.retryAfter ?? s.blockSeconds);
      }
      return keys;
    },

    async succeeded(em, admission) {
      await rows(
        em,
        `with cleared as (delete from sign_in_throttle where key = any(?::text[]) returning 1)
         update sign_in_throttle set failures = greatest(failures - 1, 0) where key = ?`,
        [pgArray([admission.pair, admission.username]), admission.address],
      );
    },
  };
}

/**
 * Keys are SHA-256 digests: the table never holds a typed username (people type passwords into
 * the username field) nor a client address in clear.
 */
export function throttleKey(kind: Kind, username: string, address: string): string {
  return crypto.createHash('sha256').update(`${kind}\n${username}\n${address}`).digest('hex');
}
