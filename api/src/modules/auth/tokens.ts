import crypto from 'node:crypto';
import { SignJWT, jwtVerify } from 'jose';
import { BoundedCache } from '../../core/bounded-cache.js';

const ISSUER = 'kehoach';

/**
 * The account's credentials stamp: credentials_changed_at as exact epoch text (microseconds,
 * whatever the session time zone). A token carries the stamp it was issued under and dies when
 * the stamp moves (new password, disabled, re-enabled) — even within the same second, which a
 * comparison with the whole-second `iat` cannot tell apart.
 */
export const CREDENTIALS_STAMP = `extract(epoch from a.credentials_changed_at)::text`;

export interface VerifiedToken {
  userId: string;
  /** Issue time, whole seconds. */
  issuedAt: number;
  /** The credentials stamp at issue; absent from tokens issued before stamps existed. */
  credentials: string | null;
}

export interface TokenSigner {
  sign(userId: string, credentials: string): Promise<{ token: string; expiresAt: Date }>;
  /** Returns the claims, or null for a forged, malformed or expired token. */
  verify(token: string): Promise<VerifiedToken | null>;
}

export function createTokenSigner(secret: string, ttlSeconds: number): TokenSigner {
  // Imported once: given the secret's bytes, jose imports a WebCrypto key on every sign and verify,
  // which doubled the cost of checking the token of every signed-in request (docs/ARCHITECTURE.md,
  // "What every request costs").
  const key = crypto.webcrypto.subtle.importKey('raw', new TextEncoder().encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, [
    'sign',
    'verify',
  ]);
  key.catch(() => {}); // a key that cannot be made fails each sign and verify instead
  // Tokens whose signature checked out, until they expire: the same token comes with every request
  // of a session, and checking its signature (WebCrypto, off the main thread and back) was a tenth
  // of the server's time on a small page. A token is kept only once verified, so a forged one is
  // checked every time; nothing else about a token can change (what ends a session before its
  // expiry — new password, disabling — is read from the database on every request, principal.ts).
  // Depends only on the token and the secret: the same on every instance (docs/SCALING.md).
  const verified = new BoundedCache<string, VerifiedToken & { exp: number }>({ maxEntries: 10_000, maxWeight: 10_000 });
  return {
    async sign(userId, credentials) {
      const expiresAt = new Date(Date.now() + ttlSeconds * 1000);
      const token = await new SignJWT({ typ: 'access', cred: credentials })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(userId)
        .setIssuer(ISSUER)
        .setIssuedAt()
        .setJti(crypto.randomUUID())
        .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
        .sign(await key);
      return { token, expiresAt };
    },
    async verify(token) {
      const known = verified.get(token);
      // Expired as jose has it: at the second of `exp`.
      if (known)
        return known.exp > Math.floor(Date.now() / 1000)
          ? { userId: known.userId, issuedAt: known.issuedAt, credentials: known.credentials }
          : null;
      try {
        const { payload } = await jwtVerify(token, await key, { issuer: ISSUER, algorithms: ['HS256'] });
        if (payload.typ !== 'access' || typeof payload.sub !== 'string' || typeof payload.iat !== 'number') return null;
        if (payload.cred !== undefined && typeof payload.cred !== 'string') return null;
        const claims = { userId: payload.sub, issuedAt: payload.iat, credentials: payload.cred ?? null };
        if (typeof payload.exp === 'number') verified.set(token, { ...claims, exp: payload.exp });
        return claims;
      } catch {
        return null;
      }
    },
  };
}

/** API keys: "kh_" + 8-char public prefix + "_" + 40 secret chars. Stored as SHA-256 (high entropy, no need for a slow hash). */
export function newApiKeySecret(): { secret: string; prefix: string; hash: string } {
  const prefix = crypto.randomBytes(6).toString('base64url').slice(0, 8);
  const secret = `kh_${prefix}_${crypto.randomBytes(30).toString('base64url')}`;
  return { secret, prefix, hash: hashApiKey(secret) };
}

export function hashApiKey(secret: string): string {
  return crypto.createHash('sha256').update(secret).digest('hex');
}
