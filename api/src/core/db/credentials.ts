import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';

/**
 * Database credentials (docs/ARCHITECTURE.md, "Database roles and row-level security"): the owner
 * runs migrations and seeding; requests are served by `kehoach_app`, which owns nothing, cannot
 * bypass row-level security and holds only the grants of migration 0008.
 */
export const APP_ROLE = 'kehoach_app';

const SECRET = /^[A-Za-z0-9_-]{20,200}$/;

/** A new password: base64url, so it can stand in SQL literals and URLs as is. */
export const newSecret = () => crypto.randomBytes(24).toString('base64url');

/** Writes a secret readable by this user only (0600); never overwrites one. */
export function writeSecret(file: string, value: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, value, { mode: 0o600, flag: 'wx' });
}

/** A secret kept in `file` (0600), generated on first use. */
export function secretInFile(file: string): string {
  if (fs.existsSync(file)) {
    const value = fs.readFileSync(file, 'utf8').trim();
    if (!SECRET.test(value)) throw new Error(`${file} does not hold a password this program wrote; remove it to generate a new one`);
    return value;
  }
  const value = newSecret();
  writeSecret(file, value);
  return value;
}

/** `url` with another user and password (the database and host stay). */
export function withCredentials(url: string, user: string, password: string): string {
  const u = new URL(url);
  u.username = encodeURIComponent(user);
  u.password = encodeURIComponent(password);
  return u.toString();
}

/**
 * Gives kehoach_app a login and the password kept in `<dataDir>/db-app-password`, through the
 * owner's connection (which needs CREATEROLE, as a superuser has), and returns the serving URL.
 * Used when DATABASE_APP_URL is not set; one data folder per database, since the password is
 * set at every start.
 */
export async function ensureAppRoleLogin(ownerUrl: string, dataDir: string): Promise<string> {
  const password = secretInFile(path.join(dataDir, 'db-app-password'));
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    // ALTER ROLE takes no bind parameters: the password is checked to be base64url above.
    await client.query(`alter role ${APP_ROLE} with login nosuperuser nobypassrls password '${password}'`);
  } catch (e) {
    throw new Error(
      `could not give ${APP_ROLE} a login through DATABASE_URL (${(e as Error).message}); ` +
        `give the owner CREATEROLE or set DATABASE_APP_URL to a role that is a member of ${APP_ROLE}`,
      { cause: e },
    );
  } finally {
    await client.end();
  }
  return withCredentials(ownerUrl, APP_ROLE, password);
}

/**
 * Refuses to serve through a role that would make row-level security void: a superuser, a role
 * with BYPASSRLS, the owner of the tables (or a member of it), or a role outside kehoach_app.
 */
export async function assertServingRole(execute: (sql: string) => Promise<unknown[]>): Promise<void> {
  const [row] = (await execute(
    `select current_user as "user", r.rolsuper as "superuser", r.rolbypassrls as "bypassRls",
       pg_has_role(current_user, c.relowner, 'USAGE') as "owner", pg_has_role(current_user, '${APP_ROLE}', 'USAGE') as "member"
     from pg_roles r, pg_class c where r.rolname = current_user and c.oid = 'public.plan'::regclass`,
  )) as { user: string; superuser: boolean; bypassRls: boolean; owner: boolean; member: boolean }[];
  const why = row.superuser
    ? 'is a superuser'
    : row.bypassRls
      ? 'has BYPASSRLS'
      : row.owner
        ? 'owns the tables'
        : !row.member
          ? `is not a member of ${APP_ROLE}`
          : null;
  if (why) throw new Error(`the serving database role "${row.user}" ${why}: row-level security would not apply (see DATABASE_APP_URL)`);
}
