import type { AuthedCtx, Ctx, Principal } from '../context.js';
import { forbidden, unauthenticated } from '../errors.js';

/**
 * THE access rules (docs/DESIGN.md §6), in one place. Let U be the acting unit and T a target unit:
 *  - down fully: U reads everything of its descendants;
 *  - up only what is issued: U reads its ancestors' issued documents (plans module);
 *  - never sideways: anything outside U's ancestor chain and subtree is invisible (NOT_FOUND,
 *    absent from lists and counts), so every list query filters with the SQL predicates below.
 */
export type Relation = 'SELF' | 'ANCESTOR' | 'DESCENDANT' | 'NONE';

export function requirePrincipal(ctx: Ctx): asserts ctx is AuthedCtx {
  if (!ctx.principal) throw unauthenticated();
}

/** Relation of target unit (by path) to the principal's unit: ANCESTOR means T is above U. */
export function relationTo(principal: Principal, targetPath: string): Relation {
  const me = principal.unitPath;
  if (targetPath === me) return 'SELF';
  if (me.startsWith(`${targetPath}.`)) return 'ANCESTOR';
  if (targetPath.startsWith(`${me}.`)) return 'DESCENDANT';
  return 'NONE';
}

export const isInSubtree = (p: Principal, targetPath: string) => {
  const r = relationTo(p, targetPath);
  return r === 'SELF' || r === 'DESCENDANT';
};
export const isOnChain = (p: Principal, targetPath: string) => relationTo(p, targetPath) !== 'NONE';

/** SQL: the unit at `pathColumn` is the principal's unit, an ancestor or a descendant. */
export function sqlChainOrSubtree(pathColumn: string): string {
  return `(${pathColumn} @> ?::ltree or ${pathColumn} <@ ?::ltree)`;
}
export const chainOrSubtreeParams = (p: Principal) => [p.unitPath, p.unitPath];

/** SQL: the unit at `pathColumn` is the principal's unit or below it. */
export function sqlSubtree(pathColumn: string): string {
  return `${pathColumn} <@ ?::ltree`;
}
export const subtreeParams = (p: Principal) => [p.unitPath];

/** Unit administration (users, agencies, API keys): a human ADMIN of the unit or above it. */
export function canAdministerUnit(p: Principal, targetPath: string): boolean {
  return p.kind === 'USER' && p.role === 'ADMIN' && isInSubtree(p, targetPath);
}

export function requireHumanAdmin(ctx: AuthedCtx): void {
  if (ctx.principal.kind !== 'USER' || ctx.principal.role !== 'ADMIN') throw forbidden('Requires the ADMIN role');
}

/** May the principal see users and API keys of this unit? */
export const canSeeUnitAccounts = canAdministerUnit;

/** Agencies are public bodies named in issued plans: readable along the chain, administered below. */
export const canReadAgenciesOf = isOnChain;

/* ---------------------------------------------------------------- plans */

export interface PlanAccessFacts {
  unitId: number;
  unitPath: string;
  status: string;
}

/** Statuses a descendant may read on an ancestor's plan ("up only what is issued"). */
export const PUBLISHED_STATUSES = ['ISSUED', 'SUPERSEDED'] as const;

/** Is a plan in this status published (readable from below, followed by derived plans)? */
export const isPublishedStatus = (status: string) => (PUBLISHED_STATUSES as readonly string[]).includes(status);

/** SQL twin of isPublishedStatus: the one place the list of published statuses is written in SQL. */
export function sqlPublished(statusColumn: string): string {
  return `${statusColumn} in (${PUBLISHED_STATUSES.map((s) => `'${s}'`).join(',')})`;
}

export function canReadPlan(p: Principal, plan: PlanAccessFacts): boolean {
  const r = relationTo(p, plan.unitPath);
  if (r === 'SELF' || r === 'DESCENDANT') return true; // down fully, any status
  if (r === 'ANCESTOR') return isPublishedStatus(plan.status);
  return false; // never sideways
}

/** SQL twin of canReadPlan for lists and counts; `alias` is a plan row carrying unit_path and status. */
export function sqlPlanVisible(alias: string): string {
  return `(${alias}.unit_path <@ ?::ltree or (${alias}.unit_path @> ?::ltree and ${sqlPublished(`${alias}.status`)}))`;
}
export const planVisibleParams = (p: Principal) => [p.unitPath, p.unitPath];

/**
 * The cascade's row rule: the units a principal follows below a plan's issuer are those in its
 * own subtree (a district looking at the province plan sees itself and below, never its siblings).
 */
export function sqlCascadeRow(unitPathColumn: string): string {
  return sqlSubtree(unitPathColumn);
}
export const cascadeRowParams = subtreeParams;
/** Editors of the issuing unit author its drafts (an EDITOR API key too). */
export function canEditPlan(p: Principal, plan: PlanAccessFacts): boolean {
  return p.unitId === plan.unitId && p.role === 'EDITOR';
}

/**
 * Approvers of the issuing unit review and issue; a person, never an API key, and one of the unit
 * itself: an agency's approvers approve their agency's reports, not the unit's plans (issuing one
 * adjusts every agency's obligations, which an agency's account does not see: docs/REPORTS.md).
 */
export function canApprovePlan(p: Principal, plan: PlanAccessFacts): boolean {
  return p.kind === 'USER' && p.unitId === plan.unitId && p.role === 'APPROVER' && !p.agencyId;
}

/** Who may start a plan for a unit: its editors. */
export function canCreatePlanFor(p: Principal, unitId: number): boolean {
  return p.unitId === unitId && p.role === 'EDITOR';
}

/* -------------------------------------------------------------- reports */

/*
 * Reports go up, never down or sideways (docs/REPORTS.md): a unit reads its own obligations and
 * reports in any status, and those of the units below it once submitted — never their drafts.
 * A superior's own report is out of a subordinate's sight.
 */

/** Statuses in which a superior reads a subordinate's report (a RETURNED one it has read already). */
export const REPORT_PUBLISHED_STATUSES = ['SUBMITTED', 'ACCEPTED', 'RETURNED', 'SUPERSEDED'] as const;

export const isPublishedReportStatus = (status: string) => (REPORT_PUBLISHED_STATUSES as readonly string[]).includes(status);

export interface ReportAccessFacts {
  unitId: number;
  unitPath: string;
  status: string;
}

/*
 * Agencies (docs/REPORTS.md, "Agencies"): an agency the plan names owes its report to the plan's
 * unit, and the agency's row lies at that unit. Within its own unit, a user of an agency sees the
 * unit's own rows and its agency's, never a sibling agency's; the unit's own staff see them all.
 * Rows of the units below are read as for any user of the unit.
 */
const agencyOf = (p: Principal) => p.agencyId ?? null;
/** Is an agency's row (its agency, at the caller's own unit) within the caller's sight? */
const sameAgencyOrUnit = (p: Principal, agencyId: string | null | undefined) =>
  !agencyId || agencyOf(p) === null || agencyOf(p) === agencyId;

/** Obligations of the caller's unit (its agency's, or all for the unit's own staff) and of the units below it. */
export const canReadObligation = (p: Principal, o: { unitPath: string; agencyId?: string | null }) => {
  const rel = relationTo(p, o.unitPath);
  return rel === 'DESCENDANT' || (rel === 'SELF' && sameAgencyOrUnit(p, o.agencyId));
};

/** SQL twin of canReadObligation; `alias` is an obligation row carrying unit_path and agency_id. */
export function sqlObligationVisible(alias: string): string {
  return `(${alias}.unit_path <@ ?::ltree and (${alias}.unit_path <> ?::ltree or ${alias}.agency_id is null or ?::uuid is null or ${alias}.agency_id = ?::uuid))`;
}
export const obligationVisibleParams = (p: Principal) => [p.unitPath, p.unitPath, agencyOf(p), agencyOf(p)];

export function canReadReport(p: Principal, r: ReportAccessFacts & { agencyId?: string | null }): boolean {
  const rel = relationTo(p, r.unitPath);
  if (rel === 'SELF') return sameAgencyOrUnit(p, r.agencyId);
  if (rel === 'DESCENDANT') return isPublishedReportStatus(r.status);
  return false;
}

/** SQL twin of canReadReport; `alias` is a report row carrying unit_path, agency_id and status. */
export function sqlReportVisible(alias: string): string {
  return `((${alias}.unit_path = ?::ltree and (${alias}.agency_id is null or ?::uuid is null or ${alias}.agency_id = ?::uuid))
    or (${alias}.unit_path <@ ?::ltree and ${alias}.unit_path <> ?::ltree and ${alias}.status in (${REPORT_PUBLISHED_STATUSES.map((s) => `'${s}'`).join(',')})))`;
}
export const reportVisibleParams = (p: Principal) => [p.unitPath, agencyOf(p), agencyOf(p), p.unitPath, p.unitPath];

/**
 * Editors of the reporting unit write its reports (an EDITOR API key too); an agency's report,
 * editors of that agency only — and an agency's editors write no other report of the unit.
 */
export const canEditReport = (p: Principal, r: { unitId: number; agencyId?: string | null }) =>
  p.unitId === r.unitId && p.role === 'EDITOR' && agencyOf(p) === (r.agencyId ?? null);

/** Approvers of the reporting unit submit its reports (an agency's: the unit's, or that agency's); a person, never an API key. */
export const canSubmitReport = (p: Principal, r: { unitId: number; agencyId?: string | null }) =>
  p.kind === 'USER' && p.unitId === r.unitId && p.role === 'APPROVER' && (agencyOf(p) === null || agencyOf(p) === (r.agencyId ?? null));

/**
 * Approvers of the unit the report is owed to (the plan's issuer) accept or return it; a person
 * of the unit itself, not of one of its agencies (an agency's staff act for their agency).
 */
export const canDecideReport = (p: Principal, o: { issuerUnitId: number }) =>
  p.kind === 'USER' && p.unitId === o.issuerUnitId && p.role === 'APPROVER' && agencyOf(p) === null;

/* ----------------------------------------------------------------- the desk */

/**
 * What waits on an official's desk (`myWork`; docs/REPORTS.md, "The desk"): each list goes to the
 * role that acts on it, always for the official's own unit — never a sibling's, never the units
 * below except their reports submitted to it. A viewer or an administrator has nothing to act on;
 * an API key has no desk (the query is for people).
 */
export function deskSections(p: Principal) {
  const own = { unitId: p.unitId, unitPath: p.unitPath, status: 'DRAFT' };
  return {
    /** Editors derive the unit's plan from the superior's. */
    plansToDerive: canCreatePlanFor(p, p.unitId),
    /** Approvers issue (or return) the unit's drafts in review. */
    plansToApprove: canApprovePlan(p, own),
    /** Editors take or decline the changes of an amended parent. */
    upstreamChanges: canEditPlan(p, own),
    /** Editors write the unit's reports, approvers submit them. */
    reportsDue: canEditReport(p, own) || canSubmitReport(p, own),
    /** Approvers accept or return the reports owed to the unit. */
    reportsToAccept: canDecideReport(p, { issuerUnitId: p.unitId }),
  };
}
