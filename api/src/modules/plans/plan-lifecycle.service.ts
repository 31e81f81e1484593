import { numberSymbol } from './plan-document.js';
import type { AuthedCtx } from '../../core/context.js';
import { canApprovePlan, canCreatePlanFor, canEditPlan } from '../../core/access/policy.js';
import { badInput, forbidden, invalidState } from '../../core/errors.js';
import { parseUuid } from '../../core/ids.js';
import { cleanText, optionalText, parseDate, todayInVietnam } from '../../core/text.js';
import {
  countNodes,
  createPlan,
  hasOpenVersion,
  isNumberTaken,
  lockPlan,
  markIssued,
  nextNumber,
  nodeDerivations,
  readPlanDocument,
  refreshRollupsOfChildren,
  reloadPlan,
  replayPlan,
  reserveNumber,
  runPlanWrite,
  setPlanStatus,
  unitsDerivedFromSeries,
  writePlan,
  type NodeOrigin,
  type PlanChange,
  type PlanWrite,
} from './store/index.js';
import { childUnitsOn, readUnit, requireExistsOn } from '../admin-units/unit-table.js';
import { insertNotifications } from '../notifications/notification.store.js';
import { NotificationKind } from '../notifications/notification.types.js';
import { syncObligationsOnIssue } from '../reports/store/index.js';
import type { IssuePlanInput, PlanRow } from './plan.types.js';

/*
 * DRAFT → IN_REVIEW (editor) → ISSUED (approver) or back to DRAFT; ISSUED → REVOKED (approver);
 * an amendment is a new DRAFT version of an issued plan whose issue supersedes the old one.
 * Each transition is one write of the store (writePlan: lock, checks, change, audit).
 */

/** A status change: the plan row (status, version) and its audit event. */
async function transition(
  { em, plan }: PlanWrite,
  status: string,
  action: string,
  extra: Record<string, unknown> = {},
  revokedReason?: string,
): Promise<PlanChange<PlanRow>> {
  await setPlanStatus(em, plan.id, status, { revokedReason });
  return {
    result: undefined as never,
    touch: false,
    reload: () => reloadPlan(em, plan.id),
    audit: { action, before: { status: plan.status }, after: { status, ...extra } },
  };
}

export function submitForReview(ctx: AuthedCtx, input: { planId: string; version: number }): Promise<PlanRow> {
  return writePlan(
    ctx,
    {
      planId: input.planId,
      check: (plan) => {
        if (!canEditPlan(ctx.principal, plan)) throw forbidden('Only editors of the issuing unit submit its plans for review');
        if (plan.status !== 'DRAFT') throw invalidState(`The plan is ${plan.status}; only drafts go to review`);
      },
      expectedVersion: input.version,
    },
    async (w) => {
      if (!(await countNodes(w.em, w.plan.id))) throw invalidState('An empty plan cannot go to review');
      return transition(w, 'IN_REVIEW', 'SUBMIT_FOR_REVIEW');
    },
  );
}

export function returnToDraft(ctx: AuthedCtx, input: { planId: string; version: number; reason?: string | null }): Promise<PlanRow> {
  return writePlan(
    ctx,
    {
      planId: input.planId,
      check: (plan) => {
        // The approver sends it back; the editor may withdraw it.
        if (!canApprovePlan(ctx.principal, plan) && !canEditPlan(ctx.principal, plan))
          throw forbidden('Only approvers or editors of the issuing unit');
        if (plan.status !== 'IN_REVIEW') throw invalidState(`The plan is ${plan.status}; only plans in review go back to draft`);
      },
      expectedVersion: input.version,
    },
    (w) => transition(w, 'DRAFT', 'RETURN_TO_DRAFT', { reason: optionalText(input.reason, 'reason', 2000) }),
  );
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

export function issuePlan(ctx: AuthedCtx, input: IssuePlanInput): Promise<PlanRow> {
  const issuedDate = input.issuedDate ? parseDate(input.issuedDate, 'issuedDate') : todayInVietnam();
  const explicitNumber = input.number !== undefined && input.number !== null ? cleanText(input.number, 'number', { max: 20 }) : null;
  if (explicitNumber !== null && !/^\d{1,6}[a-z]?$/i.test(explicitNumber)) throw badInput('number must be digits, as in "45"', 'number');
  return writePlan(
    ctx,
    {
      planId: input.planId,
      check: (plan) => {
        if (!canApprovePlan(ctx.principal, plan)) throw forbidden('Only approvers of the issuing unit issue its plans');
        if (plan.status !== 'IN_REVIEW') throw invalidState(`The plan is ${plan.status}; only plans in review can be issued`);
      },
      expectedVersion: input.version,
      idempotency: {
        operation: 'issuePlan',
        key: input.idempotencyKey,
        request: input,
        ref: (plan) => ({ planId: plan.id }),
        replay: (ref, em) => replayPlan(ctx, em, ref.planId as string),
      },
    },
    async ({ em, plan }) => {
      // A unit issues only on a day it exists: a dissolved one is told who took over (docs/ACCESS.md).
      const unit = (await readUnit(em, plan.unitId))!;
      await requireExistsOn(em, ctx.principal, unit, issuedDate, 'issue a plan');
      const year = Number(issuedDate.slice(0, 4));
      let number: string;
      if (explicitNumber !== null) {
        if (await isNumberTaken(em, plan, year, explicitNumber))
          throw badInput(`number ${explicitNumber}/${plan.symbol} is already used in ${year}`, 'number');
        number = explicitNumber;
        await reserveNumber(em, plan.unitId, plan.symbol, year, parseInt(explicitNumber, 10));
      } else {
        // Independent sequences per unit, symbol and year.
        number = String(await nextNumber(em, plan.unitId, plan.symbol, year));
      }
      const place = plan.place ?? placeOf(unit.name);
      const s = input.signature;
      const signature = {
        authority: s?.authority !== undefined ? optionalText(s.authority, 'signature.authority', 100) : plan.signature.authority,
        title: s?.title !== undefined ? optionalText(s.title, 'signature.title', 100) : plan.signature.title,
        signerName: s?.signerName !== undefined ? optionalText(s.signerName, 'signature.signerName', 100) : plan.signature.signerName,
      };
      if (!signature.signerName) throw badInput("the signer's name is required to issue", 'signature.signerName');
      await markIssued(em, plan.id, {
        number,
        issuedDate,
        place,
        dateLine: dateLine(place, issuedDate),
        signature,
        issuedBy: ctx.principal.id,
      });
      // Who is told, in this transaction (docs/NOTIFICATIONS.md): a new plan's direct subordinates
      // existing that day, which are to derive theirs; an amendment's implementing units, which
      // have upstream changes to decide.
      await insertNotifications(
        em,
        plan.amendsPlanId
          ? {
              kind: NotificationKind.PLAN_AMENDED_ABOVE,
              planId: plan.id,
              fromUnitId: plan.unitId,
              unitIds: await unitsDerivedFromSeries(em, plan.seriesId),
            }
          : {
              kind: NotificationKind.PLAN_ISSUED_ABOVE,
              planId: plan.id,
              fromUnitId: plan.unitId,
              unitIds: await childUnitsOn(em, plan.unitId, issuedDate),
            },
      );
      if (plan.amendsPlanId) {
        // The version it replaces is superseded (a write of that plan, with its own audit event);
        // plans derived from the old version are now behind: their roll-ups count the pending changes.
        await runPlanWrite(ctx, em, { planId: plan.amendsPlanId }, async (old) =>
          old.plan.status === 'ISSUED' ? transition(old, 'SUPERSEDED', 'SUPERSEDE', { by: plan.id }) : { result: old.plan, skip: true },
        );
        await refreshRollupsOfChildren(em, plan.seriesId);
      }
      // The plan's reporting milestones become the obligations of the units below; an amendment's
      // move on from the version it replaces (docs/REPORTS.md, "Obligations"). What changed is in
      // the issue's audit event.
      const obligations = await syncObligationsOnIssue(em, plan.id, plan.amendsPlanId);
      return {
        result: undefined as never,
        touch: false,
        reload: () => reloadPlan(em, plan.id),
        audit: {
          action: 'ISSUE',
          before: { status: plan.status },
          after: { status: 'ISSUED', number: numberSymbol(String(number), plan.symbol), issuedDate, signature, obligations },
        },
      };
    },
  );
}

export function revokePlan(ctx: AuthedCtx, input: { planId: string; version: number; reason?: string | null }): Promise<PlanRow> {
  const reason = cleanText(input.reason ?? '', 'reason', { max: 2000 });
  return writePlan(
    ctx,
    {
      planId: input.planId,
      check: (plan) => {
        if (!canApprovePlan(ctx.principal, plan)) throw forbidden('Only approvers of the issuing unit revoke its plans');
        if (plan.status !== 'ISSUED') throw invalidState(`The plan is ${plan.status}; only issued plans can be revoked`);
      },
      expectedVersion: input.version,
    },
    (w) => transition(w, 'REVOKED', 'REVOKE', { reason }, reason),
  );
}

/** Starts the next version of an issued plan as a DRAFT copy; each node remembers its predecessor. */
export function amendPlan(ctx: AuthedCtx, input: { planId: string; idempotencyKey?: string | null }): Promise<PlanRow> {
  return createPlan(ctx, { idempotency: { operation: 'amendPlan', key: input.idempotencyKey, request: input } }, async (em) => {
    const plan = await lockPlan(ctx, em, parseUuid(input.planId, 'planId'));
    if (!canCreatePlanFor(ctx.principal, plan.unitId)) throw forbidden('Only editors of the issuing unit amend its plans');
    if (plan.status !== 'ISSUED') throw invalidState(`The plan is ${plan.status}; only the issued version can be amended`);
    if (await hasOpenVersion(em, plan.seriesId)) throw invalidState('An amendment of this plan is already in progress');
    // Omitted nodes stay in the new version, still omitted (their provenance is copied with them).
    const document = await readPlanDocument(em, plan, { withOmitted: true });
    // Derivation links survive an amendment: the new version still knows its parent's nodes.
    const origins = new Map<string, NodeOrigin>(
      (await nodeDerivations(em, plan.id)).map((d) => [
        d.id,
        { previousVersionNodeId: d.id, derivedFromNodeId: d.derivedFromNodeId, sourceSnapshot: d.sourceSnapshot, provenance: d.provenance },
      ]),
    );
    return {
      unit: (await ctx.loaders.unitById.load(plan.unitId))!,
      fields: {
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
      },
      document,
      origins,
      targetOrigins: new Map(document.targets.map((t) => [t.key, { previousVersionTargetId: t.key }])),
      milestoneOrigins: new Map(document.milestones.map((m) => [m.key, { previousVersionMilestoneId: m.key }])),
      omissionsFrom: plan.parentPlanId ? plan.id : undefined,
      audit: { action: 'CREATE_AMENDMENT', after: (next) => ({ amends: plan.id, versionNo: next.versionNo }) },
    };
  });
}
