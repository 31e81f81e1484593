import type { EntityManager } from '@mikro-orm/postgresql';
import type { AuthedCtx } from '../../core/context.js';
import { rows } from '../../core/sql.js';

export interface AuditEntry {
  unitId: number;
  provinceId: number | null;
  entityType: string;
  entityId: string;
  action: string;
  before?: unknown;
  after?: unknown;
}

/**
 * Writes one audit event with the caller's identity. Must be called with the transactional
 * EntityManager of the change it records, so both commit or neither does.
 */
export async function recordAudit(ctx: AuthedCtx, em: EntityManager, e: AuditEntry): Promise<void> {
  const insert = auditInsert(ctx, e);
  await rows(em, insert.sql, insert.params);
}

/**
 * The INSERT of an audit event with the caller's identity, for a write to send as part of one
 * of its own statements (a data-modifying WITH: it runs whatever the statement returns), so that
 * the event costs no round trip of its own. It commits or rolls back with that statement.
 */
export function auditInsert(ctx: AuthedCtx, e: AuditEntry): { sql: string; params: unknown[] } {
  const p = ctx.principal;
  return insertSql(e, { userId: p.kind === 'USER' ? p.id : null, apiKeyId: p.kind === 'API_KEY' ? p.id : null, requestId: ctx.requestId });
}

/**
 * An audit event of the system's own work, without a request or a principal (the owner changing
 * the unit hierarchy: api/src/modules/admin-units/dissolution.ts). Actor columns stay null.
 */
export async function recordSystemAudit(em: EntityManager, e: AuditEntry): Promise<void> {
  const insert = insertSql(e, { userId: null, apiKeyId: null, requestId: 'system' });
  await rows(em, insert.sql, insert.params);
}

/** The one statement that writes an audit event. */
function insertSql(
  e: AuditEntry,
  by: { userId: string | null; apiKeyId: string | null; requestId: string },
): { sql: string; params: unknown[] } {
  return {
    sql: `insert into audit_event (actor_user_id, actor_api_key_id, unit_id, province_id, entity_type, entity_id, action, before, after, request_id)
     values (?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?)`,
    params: [
      by.userId,
      by.apiKeyId,
      e.unitId,
      e.provinceId,
      e.entityType,
      e.entityId,
      e.action,
      e.before === undefined ? null : JSON.stringify(e.before),
      e.after === undefined ? null : JSON.stringify(e.after),
      by.requestId,
    ],
  };
}
