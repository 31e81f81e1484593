import type { CanReturnType } from '@refinedev/core';
import type { Identity } from '../auth/identity';

/**
 * Report rules (docs/REPORTS.md, "A report"), the portal's mirror of api/src/core/access/policy.ts
 * (canEditReport, canSubmitReport, canDecideReport). Reading is left to the API (a superior sees a
 * subordinate's report once submitted); these rules decide which buttons an official gets:
 *
 * - editors of the reporting unit start a report, edit it while DRAFT or RETURNED, and start a
 *   correction of a submitted or accepted one (a new version);
 * - approvers of the reporting unit (people) submit it;
 * - approvers of the unit it is owed to (people) accept it or return it with a reason.
 */

export type ReportStatusFact = 'DRAFT' | 'SUBMITTED' | 'ACCEPTED' | 'RETURNED' | 'SUPERSEDED';

/** What a rule needs to know of a report (or of the obligation, to start one). */
export interface ReportFacts {
  unitId: string;
  issuerUnitId: string;
  status?: ReportStatusFact;
}

export const REPORT_ACTIONS = ['list', 'show', 'follow', 'create', 'edit', 'submit', 'accept', 'return', 'correct'] as const;
export type ReportAction = (typeof REPORT_ACTIONS)[number];

const allow: CanReturnType = { can: true };
const deny = (reason: string): CanReturnType => ({ can: false, reason });

const isEditor = (identity: Identity) => identity.role === 'EDITOR';
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
      return !r || r.unitId === identity.unit.id ? allow : deny('OTHER_UNIT');
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
      if (!FROM_STATUS[action as ReportAction]!.includes(r.status)) return deny('STATUS');
      return allow;
    }
    default:
      return deny('UNKNOWN_ACTION');
  }
}
