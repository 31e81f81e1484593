/**
 * The access token from signIn, kept in localStorage so a reload keeps the session. The token is
 * short-lived (the API decides); an expired token counts as absent.
 */
const KEY = 'kehoach.auth';

export interface StoredToken {
  token: string;
  /** ISO date-time from the signIn payload. */
  expiresAt: string;
}

function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

export const tokenStore = {
  get(now: Date = new Date()): StoredToken | null {
    const raw = storage()?.getItem(KEY);
    if (!raw) return null;
    try {
      const value = JSON.parse(raw) as StoredToken;
      if (typeof value.token !== 'string' || !value.token) return null;
      if (value.expiresAt && new Date(value.expiresAt).getTime() <= now.getTime()) return null;
      return value;
    } catch {
      return null;
    }
  },
  token(): string | null {
    return this.get()?.token ?? null;
  },
  set(value: StoredToken): void {
    storage()?.setItem(KEY, JSON.stringify(value));
  },
  clear(): void {
    storage()?.removeItem(KEY);
  },
};
