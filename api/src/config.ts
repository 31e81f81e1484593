import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { trustProxyFromEnv, type TrustProxy } from './modules/auth/client-address.js';
import { signInThrottleFromEnv, type SignInThrottleSettings } from './modules/auth/sign-in-throttle.js';
import type { JobSettings } from './core/jobs/job-queue.js';
import { HOUSEKEEPING_CRON } from './modules/maintenance/housekeeping.job.js';
import type { MailSettings } from './modules/notifications/notification-email.job.js';
import { REMINDER_CRON, REMINDER_DAYS, type ReminderSettings } from './modules/notifications/report-reminders.job.js';

/** Repository root (two levels above api/src). */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface AppConfig {
  /** Port for HTTP; 0 picks a free port (tests). */
  port: number;
  host: string;
  /**
   * The owner's connection (migrations, seeding, the serving role's password); when absent an
   * embedded server is started under dataDir.
   */
  databaseUrl: string | undefined;
  /**
   * The serving role's connection (a member of kehoach_app that cannot bypass row-level security);
   * when absent boot gives kehoach_app a login and a password kept in dataDir.
   */
  databaseAppUrl: string | undefined;
  /** Pool and session limits of the serving connections (docs/ARCHITECTURE.md). */
  db: DbLimits;
  /** Read replicas, as the serving role (DATABASE_REPLICA_URLS, comma-separated; docs/SCALING.md). */
  databaseReplicaUrls: string[];
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
  /** Scheduled jobs on PostgreSQL (KEHOACH_JOBS, KEHOACH_JOBS_CRON_CHECK_SECONDS; docs/SCALING.md). */
  jobs: JobSettings & { housekeepingCron: string; reminders: ReminderSettings };
  /** E-mail of notices (SMTP_URL, KEHOACH_MAIL_FROM, KEHOACH_PUBLIC_URL); null: notices stay in the portal. */
  mail: MailSettings | null;
}

export interface DbLimits {
  /** Connections of the serving pool; every request holds one for its transaction. */
  poolSize: number;
  /** How long a request waits for a free connection before failing. */
  acquireTimeoutMs: number;
  /** PostgreSQL statement_timeout of the serving connections. */
  statementTimeoutMs: number;
  /** PostgreSQL idle_in_transaction_session_timeout of the serving connections. */
  idleInTransactionTimeoutMs: number;
}

function positiveInt(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} must be a positive whole number (got "${raw}")`);
  return n;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const dataDir = path.resolve(REPO_ROOT, env.KEHOACH_DATA_DIR ?? '.data');
  return {
    port: env.PORT !== undefined ? Number(env.PORT) : 4000,
    host: env.HOST ?? '127.0.0.1',
    databaseUrl: env.DATABASE_URL || undefined,
    databaseAppUrl: env.DATABASE_APP_URL || undefined,
    databaseReplicaUrls: (env.DATABASE_REPLICA_URLS ?? '')
      .split(',')
      .map((u) => u.trim())
      .filter(Boolean),
    db: {
      poolSize: positiveInt(env, 'KEHOACH_DB_POOL_SIZE', 20),
      acquireTimeoutMs: positiveInt(env, 'KEHOACH_DB_ACQUIRE_TIMEOUT_MS', 10_000),
      statementTimeoutMs: positiveInt(env, 'KEHOACH_DB_STATEMENT_TIMEOUT_MS', 30_000),
      idleInTransactionTimeoutMs: positiveInt(env, 'KEHOACH_DB_IDLE_TX_TIMEOUT_MS', 60_000),
    },
    dataDir,
    production: env.NODE_ENV === 'production',
    jwtSecret: env.KEHOACH_JWT_SECRET || undefined,
    tokenTtlSeconds: Number(env.KEHOACH_TOKEN_TTL ?? 8 * 3600),
    allUnits: env.KEHOACH_ALL_UNITS === '1' || process.argv.includes('--all-units'),
    signInThrottle: signInThrottleFromEnv(env),
    trustProxy: trustProxyFromEnv(env.KEHOACH_TRUST_PROXY),
    jobs: {
      enabled: env.KEHOACH_JOBS !== '0',
      cronCheckSeconds: Math.min(45, positiveInt(env, 'KEHOACH_JOBS_CRON_CHECK_SECONDS', 30)),
      housekeepingCron: env.KEHOACH_HOUSEKEEPING_CRON || HOUSEKEEPING_CRON,
      // Report reminders (docs/NOTIFICATIONS.md): N days before each due date, once a day.
      reminders: { days: positiveInt(env, 'KEHOACH_REMINDER_DAYS', REMINDER_DAYS), cron: env.KEHOACH_REMINDER_CRON || REMINDER_CRON },
    },
    mail: env.SMTP_URL
      ? { smtpUrl: env.SMTP_URL, from: env.KEHOACH_MAIL_FROM || 'Kế hoạch <kehoach@localhost>', publicUrl: env.KEHOACH_PUBLIC_URL || null }
      : null,
  };
}
