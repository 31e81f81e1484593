import type { EntityManager } from '@mikro-orm/postgresql';
import type { AuthedCtx } from '../../core/context.js';
import { canApprovePlan, canCreatePlanFor, canEditPlan, canReadPlan } from '../../core/access/policy.js';
import { badInput, forbidden, invalidState, notFound } from '../../core/errors.js';
import { idempotent } from '../../core/idempotency.js';
import { parseUuid } from '../../core/ids.js';
import { one, rows } from '../../core/sql.js';
import { cleanText, optionalText, parseDate, todayInVietnam } from '../../core/text.js';
import { insertPlanContent, readPlanDocument, PLAN_COLUMNS, normalisePlanRow, type NodeOrigin } from './plan-store.js';
import { auditPlan, creatorOf, insertPlanRow, reloadPlan, replayPlan, requirePlanVersion } from './plan.service.js';
import { refreshRollup, refreshRollupsOfChildren } from '../derivation/rollup.js';
import { readUnit, requireExistsOn } from '../admin-units/unit-table.js';
import type { IssuePlanInput, PlanNode } from './plan.types.js';

/*
 * DRAFT → IN_REVIEW (editor) → ISSUED (approver) or back to DRAFT; ISSUED → REVOKED (approver);
 * an amendment is a new DRAFT version of an issued plan whose issue supersedes the old one.
 * Each transition is one transaction with its audit event.
 */

async function lockPlan(ctx: AuthedCtx, em: EntityManager, planId: string): Promise<PlanNode> {
  const row = await one<PlanNode>(em, `select ${PLAN_COLUMNS} from plan p where p.id = ? for update`, [parseUuid(planId, 'planId')]);
  if (!row || !canReadPlan(ctx.principal, row)) throw notFound('Plan');
  return normalisePlanRow(row);
}

async function setStatus(
  ctx: AuthedCtx,
  em: EntityManager,
  plan: PlanNode,
  status: string,
  action: string,
  extra: Record<string, unknown> = {},
) {
  await rows(em, `update plan set status = ?, status_changed_at = now(), version = version + 1, updated_at = now() where id = ?`, [
    status,
    plan.id,
  ]);
  await auditPlan(ctx, em, plan, action, { status: plan.status }, { status, ...extra });
  return reloadPlan(em, plan.id);
}

export async function submitForReview(ctx: AuthedCtx, input: { planId: string; version: number }): Promise<PlanNode> {
  return ctx.em.transactional(async (em) => {
    const plan = await lockPlan(ctx, em, input.planId);
    if (!canEditPlan(ctx.principal, plan)) throw forbidden('Only editors of the issuing unit submit its plans for review');
    if (plan.status !== 'DRAFT') throw invalidState(`The plan is ${plan.status}; only drafts go to review`);
    requirePlanVersion(plan, input.version);
    const nodes = await one<{ n: number }>(em, `select count(*)::int n from plan_node where plan_id = ?`, [plan.id]);
    if (!nodes?.n) throw invalidState('An empty plan cannot go to review');
    return setStatus(ctx, em, plan, 'IN_REVIEW', 'SUBMIT_FOR_REVIEW');
  });
}

export async function returnToDraft(ctx: AuthedCtx, input: { planId: string; version: number; reason?: string | null }): Promise<PlanNode> {
  return ctx.em.transactional(async (em) => {
    const plan = await lockPlan(ctx, em, input.planId);
    // The approver sends it back; the editor may withdraw it.
    if (!canApprovePlan(ctx.principal, plan) && !canEditPlan(ctx.principal, plan))
      throw forbidden('Only approvers or editors of the issuing unit');
    if (plan.status !== 'IN_REVIEW') throw invalidState(`The plan is ${plan.status}; only plans in review go back to draft`);
    requirePlanVersion(plan, input.version);
    return setStatus(ctx, em, plan, 'DRAFT', 'RETURN_TO_DRAFT', { reason: optionalText(input.reason, 'reason', 2000) });
  });
}

/** "Tỉnh Lào Cai" → "Lào Cai": the place in the date line. */
export function placeOf(unitName: string): string {
  return unitName.replace(/^(Tỉnh|Thành phố|Huyện|Quận|Thị xã|Xã|Phường|Thị trấn|Đặc khu)\s+/u, '');
}

/** Decree 30/2020: "ngày 05 tháng 02 năm 2024" — days below 10 and months below 3 take a leading zero. */
export function dateLine(place: string, isoDate: string): string {
  const [y, m, d] = isoDate.split('-').map(Number);
  return `${place}, ngày ${String(d).padStart(2, '0')} tháng ${m < 3 ? String(m).padStart(2, '0') : m} năm ${y}`;
}

export async function issuePlan(ctx: AuthedCtx, input: IssuePlanInput): Promise<PlanNode> {
  const issuedDate = input.issuedDate ? parseDate(input.issuedDate, 'issuedDate') : todayInVietnam();
  const explicitNumber = input.number !== undefined && input.number !== null ? cleanText(input.number, 'number', { max: 20 }) : null;
  if (explicitNumber !== null && !/^\d{1,6}[a-z]?$/i.test(explicitNumber)) throw badInput('number must be digits, as in "45"', 'number');
  return ctx.em.transactional((em) =>
    idempotent(
      ctx,
      em,
      { operation: 'issuePlan', key: input.idempotencyKey, request: input },
      {
        run: () => issueInTransaction(ctx, em, input, issuedDate, explicitNumber),
        ref: (plan) => ({ planId: plan.id }),
        replay: (ref) => replayPlan(ctx, em, ref.planId),
      },
    ),
  );
}

async function issueInTransaction(
  ctx: AuthedCtx,
  em: EntityManager,
  input: IssuePlanInput,
  issuedDate: string,
  explicitNumber: string | null,
): Promise<PlanNode> {
  const plan = await lockPlan(ctx, em, input.planId);
  if (!canApprovePlan(ctx.principal, plan)) throw forbidden('Only approvers of the issuing unit issue its plans');
  if (plan.status !== 'IN_REVIEW') throw invalidState(`The plan is ${plan.status}; only plans in review can be issued`);
  // A unit issues only on a day it exists: a dissolved one is told who took over (docs/ACCESS.md).
  const unit = (await readUnit(em, plan.unitId))!;
  await requireExistsOn(em, ctx.principal, unit, issuedDate, 'issue a plan');
  requirePlanVersion(plan, input.version);
  const year = Number(issuedDate.slice(0, 4));
  let number: string;
  if (explicitNumber !== null) {
    const taken = await one(
      em,
      `select 1 from plan where unit_id = ? and symbol = ? and extract(year from issued_date) = ? and number = ? and id <> ?`,
      [plan.unitId, plan.symbol, year, explicitNumber, plan.id],
    );
    if (taken) throw badInput(`number ${explicitNumber}/${plan.symbol} is already used in ${year}`, 'number');
    number = explicitNumber;
    await rows(
      em,
      `insert into plan_number_sequence (unit_id, symbol, year, last_number) values (?, ?, ?, ?)
       on conflict (unit_id, symbol, year) do update set last_number = greatest(plan_number_sequence.last_number, excluded.last_number)`,
      [plan.unitId, plan.symbol, year, parseInt(explicitNumber, 10)],
    );
  } else {
    // Independent sequences per unit, symbol and year; the row lock makes concurrent issues queue.
    const next = await one<{ n: number }>(
      em,
      `insert into plan_number_sequence (unit_id, symbol, year, last_number) values (?, ?, ?, 1)
       on conflict (unit_id, symbol, year) do update set last_number = plan_number_sequence.last_number + 1
       returning last_number as n`,
      [plan.unitId, plan.symbol, year],
    );
    number = String(next!.n);
  }
  const place = plan.place ?? placeOf(unit.name);
  const s = input.signature;
  const signature = {
    authority: s?.authority !== undefined ? optionalText(s.authority, 'signature.authority', 100) : plan.signature.authority,
    title: s?.title !== undefined ? optionalText(s.title, 'signature.title', 100) : plan.signature.title,
    signerName: s?.signerName !== undefined ? optionalText(s.signerName, 'signature.signerName', 100) : plan.signature.signerName,
  };
  if (!signature.signerName) throw badInput("the signer's name is required to issue", 'signature.signerName');
  await rows(
    em,
    `update plan set status = 'ISSUED', number = ?, issued_date = ?, place = ?, date_line = ?, signature = ?::jsonb, issued_at = now(), issued_by = ?,
       status_changed_at = now(), version = version + 1, updated_at = now() where id = ?`,
    [number, issuedDate, place, dateLine(place, issuedDate), JSON.stringify(signature), ctx.principal.id, plan.id],
  );
  await auditPlan(
    ctx,
    em,
    plan,
    'ISSUE',
    { status: plan.status },
    { status: 'ISSUED', number: `${number}/${plan.symbol}`, issuedDate, signature },
  );
  if (plan.amendsPlanId) {
    const old = await lockPlan(ctx, em, plan.amendsPlanId);
    if (old.status === 'ISSUED') await setStatus(ctx, em, old, 'SUPERSEDED', 'SUPERSEDE', { by: plan.id });
    // Plans derived from the old version are now behind: their roll-ups count the pending changes.
    await refreshRollupsOfChildren(em, plan.seriesId);
  }
  return reloadPlan(em, plan.id);
}

export async function revokePlan(ctx: AuthedCtx, input: { planId: string; version: number; reason?: string | null }): Promise<PlanNode> {
  const reason = cleanText(input.reason ?? '', 'reason', { max: 2000 });
  return ctx.em.transactional(async (em) => {
    const plan = await lockPlan(ctx, em, input.planId);
    if (!canApprovePlan(ctx.principal, plan)) throw forbidden('Only approvers of the issuing unit revoke its plans');
    if (plan.status !== 'ISSUED') throw invalidState(`The plan is ${plan.status}; only issued plans can be revoked`);
    requirePlanVersion(plan, input.version);
    await rows(em, `update plan set revoked_reason = ? where id = ?`, [reason, plan.id]);
    return setStatus(ctx, em, plan, 'REVOKED', 'REVOKE', { reason });
  });
}

/** Starts the next version of an issued plan as a DRAFT copy; each node remembers its predecessor. */
export async function amendPlan(ctx: AuthedCtx, input: { planId: string; idempotencyKey?: string | null }): Promise<PlanNode> {
  return ctx.em.transactional((em) =>
    idempotent(
      ctx,
      em,
      { operation: 'amendPlan', key: input.idempotencyKey, request: input },
      {
        run: () => amendInTransaction(ctx, em, input.planId),
        ref: (plan) => ({ planId: plan.id }),
        replay: (ref) => replayPlan(ctx, em, ref.planId),
      },
    ),
  );
}

async function amendInTransaction(ctx: AuthedCtx, em: EntityManager, planId: string): Promise<PlanNode> {
  const plan = await lockPlan(ctx, em, planId);
  if (!canCreatePlanFor(ctx.principal, plan.unitId)) throw forbidden('Only editors of the issuing unit amend its plans');
  if (plan.status !== 'ISSUED') throw invalidState(`The plan is ${plan.status}; only the issued version can be amended`);
  const open = await one(em, `select 1 from plan where series_id = ? and status in ('DRAFT','IN_REVIEW')`, [plan.seriesId]);
  if (open) throw invalidState('An amendment of this plan is already in progress');
  const doc = await readPlanDocument(em, plan);
  const created = await insertPlanRow(em, (await ctx.loaders.unitById.load(plan.unitId))!, creatorOf(ctx), {
    title: plan.title,
    symbol: plan.symbol,
    place: plan.place,
    preamble: plan.preamble,
    issuingBody: plan.issuingBody,
    documentKind: plan.documentKind,
    periodStart: plan.periodStart,
    periodEnd: plan.periodEnd,
    submissionDeadline: plan.submissionDeadline,
    recipients: plan.recipients,
    signature: plan.signature,
    parentPlanId: plan.parentPlanId,
    seriesId: plan.seriesId,
    versionNo: plan.versionNo + 1,
    amendsPlanId: plan.id,
  });
  const origins = new Map<string, NodeOrigin>(doc.nodes.map((n) => [n.key, { previousVersionNodeId: n.key }]));
  // Derivation links survive an amendment: the new version still knows its parent's nodes.
  const derived = await rows<{ id: string; derivedFromNodeId: string | null; sourceSnapshot: unknown }>(
    em,
    `select id, derived_from_node_id as "derivedFromNodeId", source_snapshot as "sourceSnapshot" from plan_node where plan_id = ?`,
    [plan.id],
  );
  for (const d of derived)
    origins.set(d.id, { previousVersionNodeId: d.id, derivedFromNodeId: d.derivedFromNodeId, sourceSnapshot: d.sourceSnapshot });
  const targetOrigins = new Map(doc.targets.map((t) => [t.key, { previousVersionTargetId: t.key }]));
  await insertPlanContent(em, created, doc, origins, targetOrigins);
  await rows(
    em,
    `update plan_node set provenance = p.provenance from plan_node p where p.id = plan_node.previous_version_node_id and plan_node.plan_id = ?`,
    [created.id],
  );
  await refreshRollup(em, created.id);
  const next = await reloadPlan(em, created.id);
  await auditPlan(ctx, em, next, 'CREATE_AMENDMENT', undefined, { amends: plan.id, versionNo: next.versionNo });
  return next;
}
