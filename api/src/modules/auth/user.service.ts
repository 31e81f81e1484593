import crypto from 'node:crypto';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { AuthedCtx, Ctx } from '../../core/context.js';
import { canAdministerUnit, canSeeUnitAccounts, isOnChain, requireHumanAdmin } from '../../core/access/policy.js';
import { AppError, ErrorCode, Reason, badInput, conflict, forbidden, notFound, unauthenticated } from '../../core/errors.js';
import { afterClause, keysetPage } from '../../core/graphql/pagination.js';
import { idempotent, reusedKey } from '../../core/idempotency.js';
import { parseUuid } from '../../core/ids.js';
import { one, rows } from '../../core/sql.js';
import { cleanText, likePattern } from '../../core/text.js';
import { findVisibleUnit, parseUnitId } from '../admin-units/admin-unit.service.js';
import { usernameKeys } from '../admin-units/unit-table.js';
import { isEnabledAgencyOf } from '../agencies/agency.service.js';
import { recordAudit } from '../audit/audit.service.js';
import { syncAgencyObligations } from '../reports/store/index.js';
import { checkPasswordStrength, hashPassword, verifyPassword } from './passwords.js';
import { throttleAddress } from './client-address.js';
import type { SignInThrottle } from './sign-in-throttle.js';
import { CREDENTIALS_STAMP, type TokenSigner } from './tokens.js';
import { Roles, type Role } from './roles.js';
import type { UserNode, Viewer } from './auth.types.js';

const USER_COLUMNS = `a.id, a.username, a.display_name as "displayName", a.role, a.disabled_at is not null as disabled,
  a.version, to_json(a.created_at) #>> '{}' as "createdAt", a.unit_id as "unitId", a.email, a.agency_id as "agencyId"`;

/**
 * The agency an account works for (docs/REPORTS.md, "Agencies"): absent keeps, null or '' clears,
 * else an enabled agency of the account's own unit — anything else, whether it exists elsewhere or
 * not at all, is the same BAD_USER_INPUT (no existence oracle on other units' agencies).
 */
async function parseAgency(em: EntityManager, unitId: number, value: string | null | undefined): Promise<string | null | undefined> {
  if (value === undefined) return undefined;
  if (value === null || value.trim() === '') return null;
  const id = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value.trim()) ? value.trim().toLowerCase() : null;
  if (!id || !(await isEnabledAgencyOf(em, id, unitId))) {
    throw new AppError(ErrorCode.BAD_USER_INPUT, 'agencyId must be an agency of the account’s unit', {
      field: 'agencyId',
      reason: Reason.AGENCY_NOT_OF_UNIT,
    });
  }
  return id;
}

/** An e-mail address for notices (docs/NOTIFICATIONS.md): absent keeps, null or '' clears. */
function parseEmail(value: string | null | undefined): string | null | undefined {
  if (value === undefined) return undefined;
  if (value === null || value.trim() === '') return null;
  const email = cleanText(value, 'email', { max: 254 }).toLowerCase();
  if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) throw badInput('email is not an e-mail address', 'email');
  return email;
}

const USERNAME = /^[a-z0-9][a-z0-9._-]{2,63}$/;

export function cleanUsername(value: string): string {
  const username = value.normalize('NFC').trim().toLowerCase();
  if (!USERNAME.test(username)) throw badInput('username must be 3–64 letters, digits, ".", "_" or "-"', 'username');
  return username;
}

export async function signIn(
  ctx: Ctx,
  signer: TokenSigner,
  throttle: SignInThrottle,
  username: string,
  password: string,
): Promise<{ token: string; expiresAt: Date; viewer: Viewer }> {
  const name = username.normalize('NFC').trim().toLowerCase();
  // Charged before the password is checked and whether or not the account exists, so that the
  // throttle answers alike for every name (docs/ACCESS.md, "Sign-in throttling").
  const admission = await throttle.admit(ctx.em, name, throttleAddress(ctx.clientAddress));
  // A name no account can have (a NUL byte would even fail inside PostgreSQL) is an unknown user.
  const possible = name.length <= 64 && !/[\u0000-\u001F\u007F]/.test(name);
  const row = possible
    ? await one<UserNode & { passwordHash: string; credentials: string }>(
        ctx.em,
        // Nobody is signed in yet: the account is found through kh_auth_sign_in (migration 0008).
        `select ${USER_COLUMNS}, a.password_hash as "passwordHash", ${CREDENTIALS_STAMP} as credentials from kh_auth_sign_in(?) a`,
        [name],
      )
    : undefined;
  // One argon2 verification whatever the case (a dummy hash for an unknown user), and one
  // answer for unknown user, wrong password and disabled account: no account enumeration.
  const ok = await verifyPassword(row?.passwordHash ?? null, password);
  if (!row || !ok || row.disabled) throw unauthenticated('Wrong username or password');
  await throttle.succeeded(ctx.em, admission);
  const { token, expiresAt } = await signer.sign(row.id, row.credentials);
  return {
    token,
    expiresAt,
    viewer: {
      kind: 'USER',
      id: row.id,
      displayName: row.displayName,
      username: row.username,
      role: row.role,
      unitId: row.unitId,
      agencyId: row.agencyId,
    },
  };
}

export function viewerOf(ctx: AuthedCtx): Promise<Viewer> | Viewer {
  const p = ctx.principal;
  if (p.kind === 'API_KEY')
    return { kind: 'API_KEY', id: p.id, displayName: p.label, username: null, role: p.role, unitId: p.unitId, agencyId: null };
  return one<UserNode>(ctx.em, `select ${USER_COLUMNS} from app_user a where a.id = ?::uuid`, [p.id]).then((u) => {
    if (!u) throw unauthenticated();
    return {
      kind: 'USER',
      id: u.id,
      displayName: u.displayName,
      username: u.username,
      role: u.role,
      unitId: u.unitId,
      agencyId: u.agencyId,
    };
  });
}

export async function listUsers(
  ctx: AuthedCtx,
  args: { unitId: string; includeDescendants?: boolean; search?: string; first?: number; after?: string },
) {
  const unit = await findVisibleUnit(ctx, parseUnitId(args.unitId, 'unitId'));
  if (!canSeeUnitAccounts(ctx.principal, unit.path)) throw forbidden('Only administrators of this unit or above see its accounts');
  const where = [args.includeDescendants ? 'u.path <@ ?::ltree' : 'a.unit_id = ?'];
  const params: unknown[] = [args.includeDescendants ? unit.path : unit.id];
  if (args.search) {
    where.push(`(lower(a.username) like ? or kh_search_key(a.display_name) like ?)`);
    const pattern = likePattern(cleanText(args.search, 'search', { max: 100 }));
    params.push(pattern, pattern);
  }
  const from = `from app_user a join admin_unit u on u.id = a.unit_id where ${where.join(' and ')}`;
  return keysetPage(
    args,
    1,
    (after, limit) => {
      const a = afterClause(['a.username'], after);
      return rows<UserNode>(ctx.em, `select ${USER_COLUMNS} ${from} and ${a.sql} order by a.username limit ?`, [
        ...params,
        ...a.params,
        limit,
      ]);
    },
    (u) => [u.username],
    async () => Number((await one<{ n: string }>(ctx.em, `select count(*) n ${from}`, params))?.n ?? 0),
  );
}

async function loadUserForAdmin(ctx: AuthedCtx, id: string): Promise<UserNode & { unitPath: string; provinceId: number | null }> {
  const userId = parseUuid(id, 'id');
  const user = await one<UserNode & { unitPath: string; provinceId: number | null }>(
    ctx.em,
    `select ${USER_COLUMNS}, u.path::text as "unitPath", a.province_id as "provinceId" from app_user a join admin_unit u on u.id = a.unit_id where a.id = ?::uuid`,
    [userId],
  );
  // Accounts of units off the caller's chain are invisible (NOT_FOUND, whatever the role); on the
  // chain, only a human ADMIN of the account's unit or above may touch them (FORBIDDEN), as for
  // agencies and for users(unitId).
  if (!user || !isOnChain(ctx.principal, user.unitPath)) throw notFound('User');
  requireHumanAdmin(ctx);
  if (!canAdministerUnit(ctx.principal, user.unitPath)) throw forbidden('Administrators manage accounts of their unit and the units below');
  return user;
}

/**
 * Usernames are unique across the country (sign-in takes the name alone), so a refusal for a
 * name taken elsewhere would tell an administrator that the account exists outside their tree.
 * Instead every new name begins with the key of a unit the creating administrator administers,
 * on the chain down to the account's unit: a name of that form can only exist in that unit's
 * subtree, which the administrator sees whole — "already taken" is then about an account they
 * can list, and every other name is refused for its form, whether or not it exists
 * (docs/ACCESS.md, "Usernames").
 *
 * The key is the unit's official code in lower case ("080.", "10.", "vn."); a pre-2025 unit
 * whose code the 2025 reform gave to another unit adds the year it ended ("24-2025."), so that
 * no two units share a key.
 */
export const USERNAME_PREFIX_MESSAGE =
  'username must begin with the code of its unit, or of a unit above it that you administer, and a dot (see extensions.prefixes)';

async function accountPrefixes(ctx: AuthedCtx, unitPath: string): Promise<string[]> {
  return usernameKeys(ctx.em, unitPath, ctx.principal);
}

export async function createUser(
  ctx: AuthedCtx,
  input: {
    unitId: string;
    username: string;
    displayName: string;
    role: Role;
    password: string;
    email?: string | null;
    agencyId?: string | null;
    idempotencyKey?: string | null;
  },
): Promise<UserNode> {
  const unit = await findVisibleUnit(ctx, parseUnitId(input.unitId, 'unitId'));
  requireHumanAdmin(ctx);
  if (!canAdministerUnit(ctx.principal, unit.path)) throw forbidden('Administrators manage accounts of their unit and the units below');
  const username = cleanUsername(input.username);
  const prefixes = await accountPrefixes(ctx, unit.path);
  if (!prefixes.some((prefix) => username.startsWith(prefix) && username.length > prefix.length)) {
    throw new AppError(ErrorCode.BAD_USER_INPUT, USERNAME_PREFIX_MESSAGE, { field: 'username', prefixes });
  }
  const displayName = cleanText(input.displayName, 'displayName', { max: 200 });
  if (!Roles.includes(input.role)) throw badInput('unknown role', 'role');
  const email = parseEmail(input.email) ?? null;
  const agencyId = (await parseAgency(ctx.em, unit.id, input.agencyId)) ?? null;
  checkPasswordStrength(input.password);
  const passwordHash = await hashPassword(input.password);
  const id = crypto.randomUUID();
  // The password stays out of the fingerprint (SHA-256 of a password can be guessed offline); a
  // replay checks it against the account the first request created instead.
  const { password: _password, ...request } = input;
  return ctx.em.transactional((em) =>
    idempotent(
      ctx,
      em,
      { operation: 'createUser', key: input.idempotencyKey, request },
      {
        run: async () => {
          const taken = await one(em, `select 1 from app_user where lower(username) = ?`, [username]);
          if (taken) throw badInput('username is already taken', 'username');
          await rows(
            em,
            `insert into app_user (id, unit_id, province_id, username, display_name, password_hash, role, email, agency_id)
             values (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
            [
              id,
              unit.id,
              unit.provinceId ?? (unit.level === 'PROVINCE' ? unit.id : null),
              username,
              displayName,
              passwordHash,
              input.role,
              email,
              agencyId,
            ],
          ).catch((e: unknown) => {
            // A concurrent create of the same name passed the check above; the unique index decides.
            throw e instanceof UniqueConstraintViolationException ? badInput('username is already taken', 'username') : e;
          });
          const created = (await one<UserNode>(em, `select ${USER_COLUMNS} from app_user a where a.id = ?::uuid`, [id]))!;
          // An agency's account: the agency owes its reports on the unit's plans in force from now on.
          if (agencyId) await syncAgencyObligations(em, agencyId);
          await recordAudit(ctx, em, {
            unitId: unit.id,
            provinceId: unit.provinceId,
            entityType: 'User',
            entityId: id,
            action: 'CREATE',
            after: publicUser(created),
          });
          return created;
        },
        ref: (user) => ({ userId: user.id }),
        replay: async (ref) => {
          const user = await one<UserNode & { passwordHash: string }>(
            em,
            `select ${USER_COLUMNS}, a.password_hash as "passwordHash" from app_user a where a.id = ?::uuid`,
            [ref.userId],
          );
          if (!user) throw notFound('User');
          if (!(await verifyPassword(user.passwordHash, input.password))) throw reusedKey();
          const { passwordHash: _hash, ...created } = user;
          return created;
        },
      },
    ),
  );
}

export async function updateUser(
  ctx: AuthedCtx,
  input: {
    id: string;
    version: number;
    displayName?: string;
    role?: Role;
    disabled?: boolean;
    password?: string;
    email?: string | null;
    agencyId?: string | null;
  },
): Promise<UserNode> {
  const before = await loadUserForAdmin(ctx, input.id);
  if (before.id === ctx.principal.id && (input.disabled === true || (input.role && input.role !== before.role))) {
    throw forbidden('Administrators cannot disable or demote themselves');
  }
  const displayName = input.displayName !== undefined ? cleanText(input.displayName, 'displayName', { max: 200 }) : before.displayName;
  const role = input.role ?? before.role;
  if (!Roles.includes(role)) throw badInput('unknown role', 'role');
  const parsedEmail = parseEmail(input.email);
  const email = parsedEmail === undefined ? before.email : parsedEmail;
  const parsedAgency = await parseAgency(ctx.em, before.unitId, input.agencyId);
  const agencyId = parsedAgency === undefined ? before.agencyId : parsedAgency;
  let passwordHash: string | null = null;
  if (input.password !== undefined) {
    checkPasswordStrength(input.password);
    passwordHash = await hashPassword(input.password);
  }
  return ctx.em.transactional(async (em) => {
    // A new password, and disabling or re-enabling, end every token issued before (docs/ACCESS.md):
    // otherwise re-enabling an account would bring back the sessions that disabling ended.
    const updated = await rows<{ id: string }>(
      em,
      `update app_user set display_name = ?, role = ?, email = ?, agency_id = ?::uuid,
         disabled_at = case when ?::boolean is null then disabled_at when ?::boolean then coalesce(disabled_at, now()) else null end,
         password_hash = coalesce(?, password_hash),
         credentials_changed_at = case when ?::text is not null or ?::boolean is distinct from (disabled_at is not null)
           then now() else credentials_changed_at end,
         version = version + 1, updated_at = now()
       where id = ?::uuid and version = ? returning id`,
      [
        displayName,
        role,
        email,
        agencyId,
        input.disabled ?? null,
        input.disabled ?? null,
        passwordHash,
        passwordHash,
        input.disabled ?? before.disabled,
        before.id,
        input.version,
      ],
    );
    const current = (await one<UserNode>(em, `select ${USER_COLUMNS} from app_user a where a.id = ?::uuid`, [before.id]))!;
    if (updated.length === 0) throw conflict('The user was changed by someone else', publicUser(current));
    // Moved to an agency, or enabled again there: the agency may have had no account until now.
    // Moved away from one, or disabled there: it may have none left (docs/REPORTS.md, "Agencies").
    const moved = current.agencyId !== before.agencyId;
    if (before.agencyId && !before.disabled && (moved || current.disabled)) await syncAgencyObligations(em, before.agencyId);
    if (current.agencyId && !current.disabled && (moved || before.disabled)) await syncAgencyObligations(em, current.agencyId);
    await recordAudit(ctx, em, {
      unitId: before.unitId,
      provinceId: before.provinceId,
      entityType: 'User',
      entityId: before.id,
      action: input.password !== undefined ? 'UPDATE_WITH_PASSWORD' : 'UPDATE',
      before: publicUser(before),
      after: publicUser(current),
    });
    return current;
  });
}

export async function changeOwnPassword(ctx: AuthedCtx, currentPassword: string, newPassword: string): Promise<boolean> {
  const row = await one<{ passwordHash: string; unitId: number; provinceId: number | null }>(
    ctx.em,
    `select password_hash as "passwordHash", unit_id as "unitId", province_id as "provinceId" from app_user where id = ?::uuid`,
    [ctx.principal.id],
  );
  if (!row || !(await verifyPassword(row.passwordHash, currentPassword))) throw badInput('current password is wrong', 'currentPassword');
  checkPasswordStrength(newPassword);
  const hash = await hashPassword(newPassword);
  await ctx.em.transactional(async (em) => {
    await rows(
      em,
      `update app_user set password_hash = ?, credentials_changed_at = now(), version = version + 1, updated_at = now() where id = ?::uuid`,
      [hash, ctx.principal.id],
    );
    await recordAudit(ctx, em, {
      unitId: row.unitId,
      provinceId: row.provinceId,
      entityType: 'User',
      entityId: ctx.principal.id,
      action: 'CHANGE_PASSWORD',
    });
  });
  return true;
}

function publicUser(u: UserNode) {
  return {
    username: u.username,
    displayName: u.displayName,
    role: u.role,
    disabled: u.disabled,
    unitId: u.unitId,
    version: u.version,
    email: u.email,
    agencyId: u.agencyId,
  };
}
