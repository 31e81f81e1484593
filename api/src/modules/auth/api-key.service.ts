import crypto from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { AuthedCtx } from '../../core/context.js';
import { canAdministerUnit, isOnChain, requireHumanAdmin } from '../../core/access/policy.js';
import { AppError, ErrorCode, Reason, badInput, forbidden, notFound } from '../../core/errors.js';
import { idempotent } from '../../core/idempotency.js';
import { afterClause, keysetPage } from '../../core/graphql/pagination.js';
import { parseUuid } from '../../core/ids.js';
import { one, rows } from '../../core/sql.js';
import { cleanText } from '../../core/text.js';
import { findVisibleUnit, parseUnitId } from '../admin-units/admin-unit.service.js';
import { recordAudit } from '../audit/audit.service.js';
import { ApiKeyRoles, type ApiKeyRole } from './roles.js';
import type { ApiKeyNode } from './auth.types.js';
import { newApiKeySecret } from './tokens.js';

// Timestamps leave SQL as RFC 3339 text (the driver's default text, "2026-01-01 10:00:00.123456+00",
// is refused by the DateTimeISO scalar) and keep their microseconds for the keyset cursor.
const KEY_COLUMNS = `k.id, k.name, k.prefix, k.role, to_json(k.created_at) #>> '{}' as "createdAt",
  to_json(k.last_used_at) #>> '{}' as "lastUsedAt", to_json(k.revoked_at) #>> '{}' as "revokedAt", k.unit_id as "unitId"`;

export async function listApiKeys(ctx: AuthedCtx, args: { unitId: string; first?: number; after?: string }) {
  const unit = await findVisibleUnit(ctx, parseUnitId(args.unitId, 'unitId'));
  requireHumanAdmin(ctx);
  if (!canAdministerUnit(ctx.principal, unit.path)) throw forbidden('Only administrators of this unit or above see its API keys');
  return keysetPage(
    args,
    2,
    (after, limit) => {
      const a = afterClause(['k.created_at', 'k.id'], after);
      return rows<ApiKeyNode>(
        ctx.em,
        `select ${KEY_COLUMNS} from api_key k where k.unit_id = ? and ${a.sql} order by k.created_at, k.id limit ?`,
        [unit.id, ...a.params, limit],
      );
    },
    // Not new Date(...): millisecond precision would repeat the last row on the next page.
    (k) => [String(k.createdAt), k.id],
    async () => Number((await one<{ n: string }>(ctx.em, `select count(*) n from api_key where unit_id = ?`, [unit.id]))?.n ?? 0),
  );
}

export async function createApiKey(
  ctx: AuthedCtx,
  input: { unitId: string; name: string; role?: ApiKeyRole; idempotencyKey?: string | null },
): Promise<{ apiKey: ApiKeyNode; secret: string }> {
  const unit = await findVisibleUnit(ctx, parseUnitId(input.unitId, 'unitId'));
  requireHumanAdmin(ctx);
  if (!canAdministerUnit(ctx.principal, unit.path)) throw forbidden('Administrators manage API keys of their unit and the units below');
  const name = cleanText(input.name, 'name', { max: 200 });
  const role = input.role ?? 'VIEWER';
  if (!ApiKeyRoles.includes(role)) throw badInput('unknown role', 'role');
  const { secret, prefix, hash } = newApiKeySecret();
  const id = crypto.randomUUID();
  const apiKey = await ctx.em.transactional((em) =>
    idempotent(
      ctx,
      em,
      { operation: 'createApiKey', key: input.idempotencyKey, request: input },
      {
        run: async () => {
          await rows(
            em,
            `insert into api_key (id, unit_id, province_id, name, prefix, secret_hash, role, created_by) values (?, ?, ?, ?, ?, ?, ?, ?)`,
            [id, unit.id, unit.provinceId, name, prefix, hash, role, ctx.principal.id],
          );
          const created = (await one<ApiKeyNode>(em, `select ${KEY_COLUMNS} from api_key k where k.id = ?::uuid`, [id]))!;
          await recordAudit(ctx, em, {
            unitId: unit.id,
            provinceId: unit.provinceId,
            entityType: 'ApiKey',
            entityId: id,
            action: 'CREATE',
            after: { name, prefix, role },
          });
          return created;
        },
        ref: (created) => ({ apiKeyId: created.id }),
        replay: (ref) => secretShownOnce(em, ref.apiKeyId),
      },
    ),
  );
  return { apiKey, secret };
}

/**
 * A retried createApiKey whose first request succeeded: the key exists, but its secret was only in
 * the lost answer and is stored nowhere (only its SHA-256). Neither re-shown nor re-created: the
 * caller is told which key it was, to revoke it and create another (README, "Using the API").
 */
async function secretShownOnce(em: EntityManager, apiKeyId: string): Promise<never> {
  const key = await one<ApiKeyNode>(em, `select ${KEY_COLUMNS} from api_key k where k.id = ?::uuid`, [apiKeyId]);
  throw new AppError(
    ErrorCode.CONFLICT,
    'The first request with this idempotencyKey created the API key; its secret is shown only once and cannot be shown again: revoke the key and create a new one',
    {
      reason: Reason.API_KEY_SECRET_SHOWN_ONCE,
      current: key ? { id: key.id, name: key.name, prefix: key.prefix, revokedAt: key.revokedAt } : null,
    },
  );
}

export async function revokeApiKey(ctx: AuthedCtx, keyId: string): Promise<ApiKeyNode> {
  const id = parseUuid(keyId, 'id');
  const key = await one<ApiKeyNode & { unitPath: string; provinceId: number | null }>(
    ctx.em,
    `select ${KEY_COLUMNS}, u.path::text as "unitPath", k.province_id as "provinceId" from api_key k join admin_unit u on u.id = k.unit_id where k.id = ?::uuid`,
    [id],
  );
  // Off the chain: invisible. On the chain: a human ADMIN of the key's unit or above.
  if (!key || !isOnChain(ctx.principal, key.unitPath)) throw notFound('API key');
  requireHumanAdmin(ctx);
  if (!canAdministerUnit(ctx.principal, key.unitPath)) throw forbidden('Administrators manage API keys of their unit and the units below');
  return ctx.em.transactional(async (em) => {
    await rows(em, `update api_key set revoked_at = coalesce(revoked_at, now()) where id = ?::uuid`, [id]);
    await recordAudit(ctx, em, { unitId: key.unitId, provinceId: key.provinceId, entityType: 'ApiKey', entityId: id, action: 'REVOKE' });
    return (await one<ApiKeyNode>(em, `select ${KEY_COLUMNS} from api_key k where k.id = ?::uuid`, [id]))!;
  });
}
