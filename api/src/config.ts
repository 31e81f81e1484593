import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { trustProxyFromEnv, type TrustProxy } from './modules/auth/client-address.js';
import { signInThrottleFromEnv, type SignInThrottleSettings } from './modules/auth/sign-in-throttle.js';

/** Repository root (two levels above api/src). */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface AppConfig {
  /** Port for HTTP; 0 picks a free port (tests). */
  port: number;
  host: string;
  /** External PostgreSQL; when absent an embedded server is started under dataDir. */
  databaseUrl: string | undefined;
  dataDir: string;
  production: boolean;
  /** Secret for signing access tokens; generated and kept in dataDir when not given. */
  jwtSecret: string | undefined;
  tokenTtlSeconds: number;
  /** Load every province of the country instead of the four seed provinces. */
  allUnits: boolean;
  /** Limits on failed sign-ins (KEHOACH_SIGNIN_*; docs/ACCESS.md). */
  signInThrottle: SignInThrottleSettings;
  /** Which proxies may set the client address through X-Forwarded-For (KEHOACH_TRUST_PROXY). */
  trustProxy: TrustProxy;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const dataDir = path.resolve(REPO_ROOT, env.KEHOACH_DATA_DIR ?? '.data');
  return {
    port: env.PORT !== undefined ? Number(env.PORT) : 4000,
    host: env.HOST ?? '127.0.0.1',
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir,
    production: env.NODE_ENV === 'production',
    jwtSecret: env.KEHOACH_JWT_SECRET || undefined,
    tokenTtlSeconds: Number(env.KEHOACH_TOKEN_TTL ?? 8 * 3600),
    allUnits: env.KEHOACH_ALL_UNITS === '1' || process.argv.includes('--all-units'),
    signInThrottle: signInThrottleFromEnv(env),
    trustProxy: trustProxyFromEnv(env.KEHOACH_TRUST_PROXY),
  };
}
