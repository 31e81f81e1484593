import type { ObligationReportStatus, ReportCompliance } from '../graphql/generated';

export type CascadeStatus = 'NONE' | 'DRAFT' | 'IN_REVIEW' | 'ISSUED' | 'SUPERSEDED';
export type Compliance = 'ON_TIME' | 'LATE' | 'MISSING' | 'PENDING';
export type CoverageStatus = 'INHERITED' | 'ADAPTED' | 'OMITTED' | 'MISSING' | 'NO_PLAN';
export type CascadeDepth = 'CHILDREN' | 'ALL';

export interface CascadePlan {
  id: string;
  title: string;
  numberSymbol: string | null;
  status: string;
  versionNo: number;
  issuedDate: string | null;
  submissionDeadline: string | null;
  unit: { id: string; name: string; level: string };
  milestones: { id: string; kind: string; title: string; dueDate: string | null }[];
}

/** A unit's report on the reporting milestone chosen on the cascade page (docs/REPORTS.md, "The cascade"). */
export interface CascadeReport {
  id: string;
  milestoneId: string;
  dueDate: string | null;
  status: ObligationReportStatus;
  compliance: ReportCompliance;
  submittedOn: string | null;
  report: { id: string } | null;
}

export interface Coverage {
  inherited: number;
  adapted: number;
  local: number;
  omitted: number;
  parentTasks: number;
  parentTasksCovered: number;
  share: number | null;
}

export interface CascadeTarget {
  parentTargetId: string;
  metric: string;
  unitOfMeasure: string;
  allocated: number | null;
  own: number | null;
  gap: number | null;
}

export interface CascadeRow {
  depth: number;
  status: CascadeStatus;
  issuedDate: string | null;
  deadline: string | null;
  compliance: Compliance;
  upstreamPending: number;
  upstreamDeclined: number;
  unit: { id: string; code: string; name: string; parent: { id: string; name: string } | null };
  plan: { id: string; numberSymbol: string | null } | null;
  coverage: Coverage | null;
  targets: CascadeTarget[];
  /** Only when a reporting milestone is chosen: null when the unit owes no report on it. */
  reportObligation?: CascadeReport | null;
}

export interface TargetRollup {
  total: number | null;
  allocatedSum: number;
  allocationsMatch: boolean | null;
  ownSum: number;
  unitsWithTarget: number;
  target: { id: string; metric: string; unitOfMeasure: string; value: number | null; comparator: string };
}

export interface CascadeSummary {
  units: number;
  withPlan: number;
  upstreamPending: number;
  upstreamDeclined: number;
  byStatus: { status: CascadeStatus; count: number }[];
  byCompliance: { compliance: Compliance; count: number }[];
  coverage: Coverage;
  targets: TargetRollup[];
}

export interface CoverageMatrix {
  totalUnits: number;
  hasNextPage: boolean;
  endCursor: string | null;
  tasks: { id: string; label: string | null; text: string; depth: number }[];
  units: { id: string; code: string; name: string }[];
  cells: { taskId: string; unitId: string; status: CoverageStatus }[];
}
