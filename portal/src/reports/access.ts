import type { CanReturnType } from '@refinedev/core';
import type { Identity } from '../auth/identity';

/**
 * Report rules (docs/REPORTS.md, "A report"), the portal's mirror of api/src/core/access/policy.ts
 * (canEditReport, canSubmitReport, canDecideReport). Reading is left to the API (a superior sees a
 * subordinate's report once submitted); these rules decide which buttons an official gets:
 *
 * - editors of the reporting unit start a report, edit it while DRAFT or RETURNED, and start a
 *   correction of a submitted or accepted one (a new version) — an agency's report, editors of
 *   that agency only, and an agency's editors no other report (docs/REPORTS.md, "Agencies");
 * - approvers of the reporting unit (people) submit it — an agency's, the unit's or that agency's;
 * - approvers of the unit it is owed to (people, not of one of its agencies) accept it or return
 *   it with a reason.
 */

export type ReportStatusFact = 'DRAFT' | 'SUBMITTED' | 'ACCEPTED' | 'RETURNED' | 'SUPERSEDED';

/** What a rule needs to know of a report (or of the obligation, to start one). */
export interface ReportFacts {
  unitId: string;
  issuerUnitId: string;
  /** The agency that owes it, or null/absent for a unit's own report. */
  agencyId?: string | null;
  status?: ReportStatusFact;
}

export const REPORT_ACTIONS = ['list', 'show', 'follow', 'create', 'edit', 'submit', 'accept', 'return', 'correct'] as const;
export type ReportAction = (typeof REPORT_ACTIONS)[number];

const allow: CanReturnType = { can: true };
const deny = (reason: string): CanReturnType => ({ can: false, reason });

const isEditor = (identity: Identity) => identity.role === 'EDITOR';
const agencyOf = (identity: Identity) => identity.agencyId ?? null;
/** Editors write the reports of their own agency, or the unit's own when they work for none. */
const sameAgency = (identity: Identity, r: ReportFacts) => agencyOf(identity) === (r.agencyId ?? null);
const isApprover = (identity: Identity) => identity.kind === 'USER' && identity.role === 'APPROVER';

const FROM_STATUS: Partial<Record<ReportAction, ReportStatusFact[]>> = {
  edit: ['DRAFT', 'RETURNED'],
  submit: ['DRAFT', 'RETURNED'],
  accept: ['SUBMITTED'],
  return: ['SUBMITTED'],
  correct: ['SUBMITTED', 'ACCEPTED'],
};

export function decideReport(identity: Identity, action: string, params?: Record<string, unknown>): CanReturnType {
  switch (action as ReportAction) {
    case 'list':
    case 'show':
    case 'follow':
      return allow;
    case 'create': {
      const r = params?.report as ReportFacts | undefined;
      if (!isEditor(identity)) return deny('EDITORS_ONLY');
      if (r && r.unitId !== identity.unit.id) return deny('OTHER_UNIT');
      return !r || sameAgency(identity, r) ? allow : deny('OTHER_AGENCY');
    }
    case 'edit':
    case 'submit':
    case 'correct':
    case 'accept':
    case 'return': {
      const r = params?.report as ReportFacts | undefined;
      if (!r?.status) return deny('NO_REPORT');
      const bySuperior = action === 'accept' || action === 'return';
      const byApprover = bySuperior || action === 'submit';
      if (byApprover ? !isApprover(identity) : !isEditor(identity)) return deny(byApprover ? 'APPROVERS_ONLY' : 'EDITORS_ONLY');
      if ((bySuperior ? r.issuerUnitId : r.unitId) !== identity.unit.id) return deny('OTHER_UNIT');
      if (bySuperior ? agencyOf(identity) !== null : action === 'submit' ? agencyOf(identity) !== null && !sameAgency(identity, r) : !sameAgency(identity, r))
        return deny('OTHER_AGENCY');
      if (!FROM_STATUS[action as ReportAction]!.includes(r.status)) return deny('STATUS');
      return allow;
    }
    default:
      return deny('UNKNOWN_ACTION');
  }
}
