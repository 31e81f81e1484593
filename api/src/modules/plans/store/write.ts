import crypto from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { AuthedCtx } from '../../../core/context.js';
import { canEditPlan, canReadPlan } from '../../../core/access/policy.js';
import { conflict, forbidden, invalidState, notFound } from '../../../core/errors.js';
import { idempotent } from '../../../core/idempotency.js';
import { parseUuid } from '../../../core/ids.js';
import { one, rows } from '../../../core/sql.js';
import { auditInsert, recordAudit, type AuditEntry } from '../../audit/audit.service.js';
import type { AdminUnitNode } from '../../admin-units/admin-unit.types.js';
import type { PlanDocument } from '../plan-document.js';
import { checkDocumentLimits } from '../plan-limits.js';
import type { PlanRow } from '../plan.types.js';
import { insertPlanContent, type NodeOrigin } from './content.js';
import { touchPlanWithinLimits, type SqlCte } from './limits.js';
import { PLAN_COLUMNS, normalisePlanRow } from './reads.js';
import { refreshRollups } from './rollup.js';

/*
 * THE write path of the plan tables (docs/ARCHITECTURE.md, "How a write happens"). Every change
 * of a plan goes through `writePlan` (an existing plan: drafts through `editDraft`) or
 * `createPlan` (a new plan from a document), which do, in this order and each exactly once:
 * the transaction (a savepoint in the request's one transaction, on its one connection), the
 * idempotency record, the row lock and the checks (visible → allowed → state → version), the
 * change itself (the caller's, over the store's SQL; a node written gets its provenance in the
 * statement that writes it), the plan's own bookkeeping (updated_at, version, limits), the
 * roll-up, the audit event — sent with the bookkeeping when it does not depend on the re-read
 * result, so that a small edit costs few round trips (docs/ARCHITECTURE.md, "How a write happens").
 */

/** Who a new plan row is attributed to. */
export const creatorOf = (ctx: AuthedCtx) => (ctx.principal.kind === 'USER' ? ctx.principal.id : null);

const planAuditEntry = (plan: PlanRow, action: string, before?: unknown, after?: unknown): AuditEntry => ({
  unitId: plan.unitId,
  provinceId: plan.provinceId,
  entityType: 'Plan',
  entityId: plan.id,
  action,
  before,
  after,
});

export const auditPlan = (ctx: AuthedCtx, em: EntityManager, plan: PlanRow, action: string, before?: unknown, after?: unknown) =>
  recordAudit(ctx, em, planAuditEntry(plan, action, before, after));

const planAuditInsert = (ctx: AuthedCtx, plan: PlanRow, action: string, before?: unknown, after?: unknown) =>
  auditInsert(ctx, planAuditEntry(plan, action, before, after));

export async function reloadPlan(em: EntityManager, planId: string): Promise<PlanRow> {
  return normalisePlanRow((await one<PlanRow>(em, `select ${PLAN_COLUMNS} from plan p where p.id = ?`, [planId]))!);
}

/** A plan re-read for a replayed request: through the read rule, NOT_FOUND (`missing`) if gone or out of sight. */
export async function replayPlan(ctx: AuthedCtx, em: EntityManager, planId: string, missing = 'Plan'): Promise<PlanRow> {
  const row = await one<PlanRow>(em, `select ${PLAN_COLUMNS} from plan p where p.id = ?`, [planId]);
  if (!row || !canReadPlan(ctx.principal, row)) throw notFound(missing);
  return normalisePlanRow(row);
}

export function requirePlanVersion(plan: PlanRow, version: number): void {
  if (plan.version !== version) {
    throw conflict('The plan was changed by someone else', { id: plan.id, version: plan.version, status: plan.status, title: plan.title });
  }
}

export type PartTable = 'plan_node' | 'plan_target' | 'plan_phase' | 'plan_milestone';

/** Locks the plan row for the transaction: writes of one plan serialise. NOT_FOUND (`missing`) if absent or out of sight. */
export async function lockPlan(ctx: AuthedCtx, em: EntityManager, planId: string, missing = 'Plan'): Promise<PlanRow> {
  return lockedPlan(ctx, await one<PlanRow>(em, `select ${PLAN_COLUMNS} from plan p where p.id = ? for update`, [planId]), missing);
}

/**
 * Locks the plan a part (node, target, phase, milestone) belongs to, found through the part in
 * the same statement (a part never moves to another plan). NOT_FOUND (`missing`) if the part or
 * its plan is absent or out of sight.
 */
export async function lockPlanOfPart(
  ctx: AuthedCtx,
  em: EntityManager,
  table: PartTable,
  partId: string,
  missing: string,
): Promise<PlanRow> {
  const row = await one<PlanRow>(
    em,
    `select ${PLAN_COLUMNS} from plan p where p.id = (select plan_id from ${table} where id = ?) for update`,
    [partId],
  );
  return lockedPlan(ctx, row, missing);
}

function lockedPlan(ctx: AuthedCtx, row: PlanRow | undefined, missing: string): PlanRow {
  if (!row || !canReadPlan(ctx.principal, row)) throw notFound(missing);
  return normalisePlanRow(row);
}

/** The checks of every draft edit, after the lock, in the order visible → allowed → state (docs/ACCESS.md). */
function checkDraft(ctx: AuthedCtx, plan: PlanRow, derivedOnly: boolean): void {
  if (!canEditPlan(ctx.principal, plan)) throw forbidden('Only editors of the issuing unit edit its plans');
  if (plan.status !== 'DRAFT') throw invalidState(`The plan is ${plan.status}; only drafts can be edited`);
  if (derivedOnly && !plan.parentPlanId) throw invalidState('The plan is not derived from a parent plan');
}

export interface PlanChange<T> {
  result: T;
  /** The audit event of the change; `after` may be computed from the result (re-read after the epilogue). */
  audit?: { action: string; before?: unknown; after?: unknown | ((result: T) => unknown) };
  /**
   * The plan's own bookkeeping: 'content' marks it changed and holds it to PLAN_LIMITS (every
   * content edit), 'version' also bumps the plan's version (edits checked against it), false
   * when the change wrote the plan row itself.
   */
  touch?: 'content' | 'version' | false;
  /** The counts the cascade shows may have changed: the roll-up of the plan is rewritten. */
  rollup?: boolean;
  /** Re-reads the result after the epilogue (provenance, roll-up) so that it shows them. */
  reload?: () => Promise<T>;
  /** Nothing was written (a step with nothing to do): no epilogue, no audit event. */
  skip?: boolean;
}

export interface Idempotency<T> {
  operation: string;
  key: string | null | undefined;
  request: unknown;
  ref: (result: T) => Record<string, unknown>;
  replay: (ref: Record<string, unknown>, em: EntityManager) => Promise<T>;
}

export interface WritePlanOptions<T> {
  /** The plan, or a part of it (the plan is then found through the part; an invisible plan answers as a missing part). */
  planId?: string;
  part?: { table: PartTable; id: string; what: string; field: string };
  /** The version the client based the change on. */
  expectedVersion?: number;
  /** Checks after the lock (the plan as locked); editDraft passes the draft checks. */
  check?: (plan: PlanRow) => void;
  idempotency?: Idempotency<T>;
}

export interface PlanWrite {
  ctx: AuthedCtx;
  em: EntityManager;
  plan: PlanRow;
  /** The part addressed, when the write was addressed to one. */
  partId: string | null;
}

/** One write of an existing plan: the whole sequence, each step once, in its own savepoint. */
export function writePlan<T>(ctx: AuthedCtx, opts: WritePlanOptions<T>, change: (w: PlanWrite) => Promise<PlanChange<T>>): Promise<T> {
  return ctx.em.transactional((em) => {
    const i = opts.idempotency;
    if (!i) return runPlanWrite(ctx, em, opts, change);
    return idempotent(
      ctx,
      em,
      { operation: i.operation, key: i.key, request: i.request },
      { run: () => runPlanWrite(ctx, em, opts, change), ref: i.ref, replay: (ref) => i.replay(ref, em) },
    );
  });
}

/**
 * The sequence itself, on a transaction already open: a write that changes a second plan in
 * the same transaction (issuing an amendment supersedes the version it replaces) runs it again.
 */
export async function runPlanWrite<T>(
  ctx: AuthedCtx,
  em: EntityManager,
  opts: Omit<WritePlanOptions<T>, 'idempotency'>,
  change: (w: PlanWrite) => Promise<PlanChange<T>>,
): Promise<T> {
  const partId = opts.part ? parseUuid(opts.part.id, opts.part.field) : null;
  const plan = opts.part
    ? await lockPlanOfPart(ctx, em, opts.part.table, partId!, opts.part.what)
    : await lockPlan(ctx, em, parseUuid(opts.planId!, 'planId'));
  opts.check?.(plan);
  if (opts.expectedVersion !== undefined) requirePlanVersion(plan, opts.expectedVersion);
  const out = await change({ ctx, em, plan, partId });
  if (out.skip) return out.result;
  const audit = out.audit!;
  // An event that does not depend on the re-read result is written by the bookkeeping's statement.
  const early = typeof audit.after === 'function' ? null : planAuditInsert(ctx, plan, audit.action, audit.before, audit.after);
  await bookkeeping(em, plan.id, out.touch ?? 'content', early);
  if (out.rollup && plan.parentPlanId) await refreshRollups(em, [plan.id]);
  const result = out.reload ? await out.reload() : out.result;
  if (!early) await auditPlan(ctx, em, plan, audit.action, audit.before, (audit.after as (r: T) => unknown)(result));
  return result;
}

/** The plan's own bookkeeping after a change (PlanChange.touch), with the audit event's INSERT when given: one statement. */
async function bookkeeping(
  em: EntityManager,
  planId: string,
  touch: PlanChange<unknown>['touch'],
  audit: { sql: string; params: unknown[] } | null,
): Promise<void> {
  const cte: SqlCte | null = audit && { sql: `audit as (${audit.sql})`, params: audit.params };
  if (touch === 'content') await touchPlanWithinLimits(em, planId, cte ? [cte] : []);
  else if (touch === 'version')
    await rows(em, `${cte ? `with ${cte.sql} ` : ''}update plan set version = version + 1, updated_at = now() where id = ?`, [
      ...(cte?.params ?? []),
      planId,
    ]);
  else if (audit) await rows(em, audit.sql, audit.params);
}

/** A write of a draft by an editor of its unit: `writePlan` with the draft checks. */
export function editDraft<T>(
  ctx: AuthedCtx,
  opts: Omit<WritePlanOptions<T>, 'check'> & { derivedOnly?: boolean },
  change: (w: PlanWrite) => Promise<PlanChange<T>>,
): Promise<T> {
  return writePlan(ctx, { ...opts, check: (plan) => checkDraft(ctx, plan, opts.derivedOnly ?? false) }, change);
}

/* ------------------------------------------------------------- new plans */

export interface NewPlanFields {
  title: string;
  symbol?: string;
  place?: string | null;
  preamble?: string;
  issuingBody?: string | null;
  dateLine?: string | null;
  documentKind?: string;
  periodStart?: string | null;
  periodEnd?: string | null;
  submissionDeadline?: string | null;
  recipients?: string[];
  signature?: { authority: string | null; title: string | null; signerName: string | null };
  parentPlanId?: string | null;
  seriesId?: string;
  versionNo?: number;
  amendsPlanId?: string | null;
}

/** "Tỉnh Lào Cai" → "ỦY BAN NHÂN DÂN TỈNH LÀO CAI" (the issuing body line of the header). */
export function defaultIssuingBody(unitName: string): string {
  return `ỦY BAN NHÂN DÂN ${unitName.toLocaleUpperCase('vi')}`;
}

/** What a new plan is: its row, its content and where each node and target came from. */
export interface NewPlan {
  unit: Pick<AdminUnitNode, 'id' | 'path' | 'provinceId' | 'name'>;
  fields: NewPlanFields;
  document?: Pick<PlanDocument, 'legalBases' | 'nodes' | 'phases' | 'targets' | 'milestones'>;
  origins?: Map<string, NodeOrigin>;
  targetOrigins?: Map<string, { derivedFromTargetId?: string | null; previousVersionTargetId?: string | null }>;
  /** By milestone key: the milestone of the amended version it continues (its obligations move to it on issue). */
  milestoneOrigins?: Map<string, { previousVersionMilestoneId: string }>;
  /** Omissions of the version an amendment continues, carried to the new version. */
  omissionsFrom?: string;
  audit: { action: string; after: (plan: PlanRow) => unknown };
}

/**
 * The plan row and its whole content, inside the caller's transaction: one INSERT per table.
 * Seeding (no request, no audit) and createPlan share it.
 */
export async function insertPlan(em: EntityManager, createdBy: string | null, p: Omit<NewPlan, 'audit'>): Promise<string> {
  const f = p.fields;
  checkDocumentLimits({ recipients: f.recipients });
  const id = crypto.randomUUID();
  await rows(
    em,
    `insert into plan (id, unit_id, unit_path, province_id, series_id, version_no, amends_plan_id, parent_plan_id, issuing_body, symbol, place,
       date_line, document_kind, title, preamble, period_start, period_end, submission_deadline, recipients, signature, created_by)
     values (?, ?, ?::ltree, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?)`,
    [
      id,
      p.unit.id,
      p.unit.path,
      p.unit.provinceId,
      f.seriesId ?? id,
      f.versionNo ?? 1,
      f.amendsPlanId ?? null,
      f.parentPlanId ?? null,
      f.issuingBody !== undefined ? f.issuingBody : defaultIssuingBody(p.unit.name),
      f.symbol ?? 'KH-UBND',
      f.place ?? null,
      f.dateLine ?? null,
      f.documentKind ?? 'KẾ HOẠCH',
      f.title,
      f.preamble ?? '',
      f.periodStart ?? null,
      f.periodEnd ?? null,
      f.submissionDeadline ?? null,
      JSON.stringify(f.recipients ?? []),
      JSON.stringify(f.signature ?? { authority: 'TM. ỦY BAN NHÂN DÂN', title: 'CHỦ TỊCH', signerName: null }),
      createdBy,
    ],
  );
  if (p.document)
    await insertPlanContent(em, { id, provinceId: p.unit.provinceId }, p.document, p.origins, p.targetOrigins, p.milestoneOrigins);
  if (p.omissionsFrom) {
    await rows(
      em,
      `insert into plan_omission (plan_id, source_node_id, reason, created_by, created_at)
       select ?, source_node_id, reason, created_by, created_at from plan_omission where plan_id = ?`,
      [id, p.omissionsFrom],
    );
  }
  if (f.parentPlanId) await refreshRollups(em, [id]);
  return id;
}

/**
 * A new plan (create, derive, import, amend): `build` checks and builds it inside the
 * transaction (it may take locks and read), then the row, the content, the roll-up and the audit
 * event are written once each, under the idempotency key.
 */
export function createPlan<T = PlanRow>(
  ctx: AuthedCtx,
  opts: { idempotency: Omit<Idempotency<T>, 'ref' | 'replay'> & Partial<Pick<Idempotency<T>, 'ref' | 'replay'>> },
  build: (em: EntityManager) => Promise<NewPlan & { result?: (plan: PlanRow) => T }>,
): Promise<T> {
  return ctx.em.transactional((em) => {
    const i = opts.idempotency;
    return idempotent(
      ctx,
      em,
      { operation: i.operation, key: i.key, request: i.request },
      {
        run: async () => {
          const p = await build(em);
          const id = await insertPlan(em, creatorOf(ctx), p);
          const plan = await reloadPlan(em, id);
          await auditPlan(ctx, em, plan, p.audit.action, undefined, p.audit.after(plan));
          return p.result ? p.result(plan) : (plan as T);
        },
        ref: i.ref ?? ((r) => ({ planId: (r as PlanRow).id })),
        replay: i.replay ? (ref) => i.replay!(ref, em) : async (ref) => (await replayPlan(ctx, em, ref.planId as string)) as T,
      },
    );
  });
}
