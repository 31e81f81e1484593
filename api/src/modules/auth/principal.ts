import type { EntityManager } from '@mikro-orm/postgresql';
import type { Principal, PrincipalRole } from '../../core/context.js';
import { principalSettingsColumns } from '../../core/db/transaction.js';
import { unauthenticated } from '../../core/errors.js';
import { one } from '../../core/sql.js';
import { CREDENTIALS_STAMP, hashApiKey, type TokenSigner } from './tokens.js';

interface PrincipalRow {
  id: string;
  label: string;
  role: PrincipalRole;
  unitId: number;
  unitPath: string;
  provinceId: number | null;
  agencyId?: string | null;
}

/**
 * Resolves the caller from the Authorization header, before any principal is set: users and keys
 * are read through the SECURITY DEFINER functions of migration 0008 (kh_auth_user, and
 * kh_auth_api_key, which also records a key's last use at most once a minute, so keys do not
 * turn reads into writes) — the only way past row-level security without a principal. No header:
 * anonymous (only PUBLIC fields answer). A header that does not check out — forged, expired,
 * disabled user, revoked key — fails the whole request with UNAUTHENTICATED, never a partial answer.
 *
 * The same statement sets the caller for row-level security (principalSettingsColumns): one round
 * trip per signed-in request instead of two. So every check on the account is in its WHERE
 * clause, and an account refused there sets nothing (docs/ARCHITECTURE.md, "What every request costs").
 */
export async function resolvePrincipal(
  em: EntityManager,
  signer: TokenSigner,
  header: string | undefined,
  apiKeyHeader: string | undefined,
): Promise<Principal | null> {
  const [scheme, credential] = (header ?? '').trim().split(/\s+/, 2);
  const apiKey = apiKeyHeader?.trim() || (scheme?.toLowerCase() === 'apikey' ? credential : undefined);
  if (apiKey) return resolveApiKey(em, apiKey);
  if (!header) return null;
  if (scheme?.toLowerCase() !== 'bearer' || !credential) throw unauthenticated('Unsupported Authorization header');
  const verified = await signer.verify(credential);
  if (!verified) throw unauthenticated('Invalid or expired token');
  // A token issued before the last password change, reset, disabling or re-enabling is dead:
  // exactly by its stamp, or (a token from before stamps) by its issue time.
  const fresh =
    verified.credentials !== null ? `${CREDENTIALS_STAMP} = ?` : `floor(extract(epoch from a.credentials_changed_at))::float8 <= ?::float8`;
  const row = await one<PrincipalRow>(
    em,
    `select a.id, a.display_name as label, a.role, a.unit_id as "unitId", u.path::text as "unitPath", a.province_id as "provinceId",
       a.agency_id as "agencyId",
       ${principalSettingsColumns({ unitPath: 'u.path::text', unitId: 'a.unit_id::text', principalId: 'a.id::text', agencyId: "coalesce(a.agency_id::text, '')" })}
     from kh_auth_user(?::uuid) a join admin_unit u on u.id = a.unit_id
     where a.disabled_at is null and ${fresh}`,
    [verified.userId, verified.credentials ?? verified.issuedAt],
  );
  if (!row) throw unauthenticated('Invalid or expired token');
  return {
    kind: 'USER',
    id: row.id,
    label: row.label,
    role: row.role,
    unitId: row.unitId,
    unitPath: row.unitPath,
    provinceId: row.provinceId,
    agencyId: row.agencyId ?? null,
  };
}

async function resolveApiKey(em: EntityManager, secret: string): Promise<Principal> {
  if (!/^kh_[A-Za-z0-9_-]{8}_[A-Za-z0-9_-]{20,80}$/.test(secret)) throw unauthenticated('Invalid API key');
  const row = await one<PrincipalRow>(
    em,
    `select k.id, k.name as label, k.role, k.unit_id as "unitId", u.path::text as "unitPath", k.province_id as "provinceId",
       ${principalSettingsColumns({ unitPath: 'u.path::text', unitId: 'k.unit_id::text', principalId: 'k.id::text', agencyId: "''" })}
     from kh_auth_api_key(?) k join admin_unit u on u.id = k.unit_id
     where k.revoked_at is null`,
    [hashApiKey(secret)],
  );
  if (!row) throw unauthenticated('Invalid API key');
  return {
    kind: 'API_KEY',
    id: row.id,
    label: row.label,
    role: row.role,
    unitId: row.unitId,
    unitPath: row.unitPath,
    provinceId: row.provinceId,
  };
}
