import type { AuthedCtx } from '../../core/context.js';
import { deskSections } from '../../core/access/policy.js';
import { badInput } from '../../core/errors.js';
import { addDays, todayInVietnam } from '../../core/text.js';
import { plansBehindUpstream, plansInReview, plansToDerive } from '../plans/store/index.js';
import { openObligationsDue, submittedObligationsOwedTo } from '../reports/store/index.js';
import { DUE_WITHIN_DAYS, MY_WORK_DEFAULT, MY_WORK_MAX, type MyWorkNode } from './work.types.js';

/*
 * The desk (docs/REPORTS.md, "The desk"): who gets which list is the policy's (deskSections), the
 * SQL is the owners' — plans/store/desk.ts for plans, reports/store/desk.ts for reports. Each list
 * is one statement whatever the data, and runs only when the client asks for it.
 */

function size(first: number | null | undefined): number {
  const n = first ?? MY_WORK_DEFAULT;
  if (!Number.isInteger(n) || n < 0 || n > MY_WORK_MAX) throw badInput(`first must be between 0 and ${MY_WORK_MAX}`, 'first');
  return n;
}

export function myWork(): MyWorkNode {
  const today = todayInVietnam();
  return { today, dueBy: addDays(today, DUE_WITHIN_DAYS) };
}

const list = <T>(l: { rows: T[]; total: number }) => ({ totalCount: l.total, nodes: l.rows });

export async function toDerive(ctx: AuthedCtx, first?: number | null) {
  const n = size(first);
  if (!deskSections(ctx.principal).plansToDerive) return null;
  return list(await plansToDerive(ctx.em, ctx.principal, ctx.principal.unitId, n));
}

export async function toApprove(ctx: AuthedCtx, first?: number | null) {
  const n = size(first);
  if (!deskSections(ctx.principal).plansToApprove) return null;
  return list(await plansInReview(ctx.em, ctx.principal, ctx.principal.unitId, n));
}

export async function upstreamToDecide(ctx: AuthedCtx, first?: number | null) {
  const n = size(first);
  if (!deskSections(ctx.principal).upstreamChanges) return null;
  const l = await plansBehindUpstream(ctx.em, ctx.principal, ctx.principal.unitId, n);
  return {
    totalCount: l.total,
    nodes: l.rows.map(({ pendingChanges, amendmentId, ...plan }) => ({ plan, pendingChanges, amendmentId })),
  };
}

export async function reportsDue(ctx: AuthedCtx, work: MyWorkNode, first?: number | null) {
  const n = size(first);
  if (!deskSections(ctx.principal).reportsDue) return null;
  return list(await openObligationsDue(ctx.em, ctx.principal, ctx.principal.unitId, work.dueBy, n));
}

export async function reportsToAccept(ctx: AuthedCtx, first?: number | null) {
  const n = size(first);
  if (!deskSections(ctx.principal).reportsToAccept) return null;
  return list(await submittedObligationsOwedTo(ctx.em, ctx.principal, ctx.principal.unitId, n));
}
