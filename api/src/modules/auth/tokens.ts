import crypto from 'node:crypto';
import { SignJWT, jwtVerify } from 'jose';

const ISSUER = 'kehoach';

export interface TokenSigner {
  sign(userId: string): Promise<{ token: string; expiresAt: Date }>;
  /** Returns the user id and issue time (seconds), or null for a forged, malformed or expired token. */
  verify(token: string): Promise<{ userId: string; issuedAt: number } | null>;
}

export function createTokenSigner(secret: string, ttlSeconds: number): TokenSigner {
  const key = new TextEncoder().encode(secret);
  return {
    async sign(userId) {
      const expiresAt = new Date(Date.now() + ttlSeconds * 1000);
      const token = await new SignJWT({ typ: 'access' })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(userId)
        .setIssuer(ISSUER)
        .setIssuedAt()
        .setJti(crypto.randomUUID())
        .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
        .sign(key);
      return { token, expiresAt };
    },
    async verify(token) {
      try {
        const { payload } = await jwtVerify(token, key, { issuer: ISSUER, algorithms: ['HS256'] });
        return payload.typ === 'access' && typeof payload.sub === 'string' && typeof payload.iat === 'number'
          ? { userId: payload.sub, issuedAt: payload.iat }
          : null;
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
