/** The API's plan types (schema/schema.graphql), as the portal reads them. */

export const PLAN_STATUSES = ['DRAFT', 'IN_REVIEW', 'ISSUED', 'SUPERSEDED', 'REVOKED'] as const;
export type PlanStatus = (typeof PLAN_STATUSES)[number];

export const PLAN_SCOPES = ['OWN', 'FROM_ABOVE', 'FROM_BELOW'] as const;
export type PlanScope = (typeof PLAN_SCOPES)[number];

export const NODE_KINDS = ['SECTION', 'ITEM', 'POINT', 'BULLET', 'PARAGRAPH', 'TABLE'] as const;
export type NodeKind = (typeof NODE_KINDS)[number];

export const TIMING_KINDS = ['BY_DATE', 'WITHIN_PERIOD', 'DURING_PHASE', 'RECURRING'] as const;
export type TimingKind = (typeof TIMING_KINDS)[number];

export const COMPARATORS = ['AT_LEAST', 'EXACT', 'AT_MOST'] as const;
export type Comparator = (typeof COMPARATORS)[number];

export const MILESTONE_KINDS = ['RESULT_REPORT', 'INTERIM_REVIEW', 'FINAL_REVIEW', 'PLAN_SUBMISSION'] as const;
export type MilestoneKind = (typeof MILESTONE_KINDS)[number];

/** A periodic report's recurrence (báo cáo định kỳ hằng tháng, hằng quý, 6 tháng, hằng năm; docs/REPORTS.md). */
export const RECURRENCES = ['MONTH', 'QUARTER', 'HALF_YEAR', 'YEAR'] as const;
export type Recurrence = (typeof RECURRENCES)[number];

export const DOCUMENT_TYPES = [
  'DIRECTIVE',
  'RESOLUTION',
  'CONCLUSION',
  'DECISION',
  'PLAN',
  'OFFICIAL_LETTER',
  'URGENT_DISPATCH',
  'OPERATIONAL_PLAN',
  'DECREE',
  'LAW',
  'CIRCULAR',
  'PROJECT',
  'PROGRAM',
  'OTHER',
] as const;
export type DocumentType = (typeof DOCUMENT_TYPES)[number];

export interface PlanSummary {
  id: string;
  title: string;
  status: PlanStatus;
  number: string | null;
  numberSymbol: string | null;
  symbol: string;
  issuedDate: string | null;
  createdAt: string;
  updatedAt: string;
  versionNo: number;
  unit: { id: string; name: string };
  parentPlan: ParentPlanRef | null;
}

/** A plan above, as far up as the lists and the plan page ask (SUPERIOR_CHAIN). */
export interface AncestorPlanRef {
  id: string;
  numberSymbol: string | null;
  status: PlanStatus;
  unit: { id: string; name: string };
  parentPlan?: AncestorPlanRef | null;
}
export interface ParentPlanRef extends AncestorPlanRef {
  title: string;
  submissionDeadline: string | null;
}

export interface AgencyRef {
  agencyId: string | null;
  name: string;
  sector: string | null;
  subordinateCommittees: boolean;
  unmatched: boolean;
}

export interface Timing {
  kind: TimingKind;
  dueDate: string | null;
  periodStart: string | null;
  periodEnd: string | null;
  phaseId: string | null;
  recurring: boolean;
  text: string;
}

export interface Task {
  lead: AgencyRef[];
  cooperating: AgencyRef[];
  timing: Timing | null;
}

export interface PlanNode {
  id: string;
  parentId: string | null;
  depth: number;
  position: number;
  kind: NodeKind;
  label: string | null;
  text: string;
  provenance: string;
  derivedFromNodeId: string | null;
  version: number;
  /** Why an OMITTED node was left out (null otherwise, and for an added node omitted with its section). */
  omission?: { reason: string } | null;
  task: Task | null;
}

export interface Allocation {
  id?: string;
  assignee: string;
  unitId: string | null;
  agencyId: string | null;
  value: number;
}

export interface Target {
  id: string;
  nodeId: string | null;
  position: number;
  metric: string;
  unitOfMeasure: string;
  comparator: Comparator;
  value: number | null;
  periodStart: string | null;
  periodEnd: string | null;
  phaseId: string | null;
  year: number | null;
  version: number;
  allocationSum: number;
  allocationsMatch: boolean | null;
  derivedFromTargetId: string | null;
  responsible: AgencyRef | null;
  allocations: Allocation[];
}

export interface Phase {
  id: string;
  nodeId: string | null;
  position: number;
  name: string;
  startDate: string | null;
  endDate: string | null;
  goal: string | null;
  version: number;
}

export interface Milestone {
  id: string;
  nodeId: string | null;
  position: number;
  kind: MilestoneKind;
  title: string;
  dueDate: string | null;
  recipient: string | null;
  /** A periodic report: one per period of the plan, due on `dueDay` of each period's last month. */
  recurrence: Recurrence | null;
  dueDay: number | null;
  version: number;
}

export interface LegalBasis {
  id: string;
  type: DocumentType;
  number: string | null;
  date: string | null;
  issuer: string | null;
  title: string | null;
  text: string;
  refPlanId: string | null;
}

/** One way a document is cited (CITATION_INCONSISTENT). */
export interface CitedAs {
  documentType: string;
  number: string;
  date: string;
}

/**
 * A finding of the plan checks: its rule (the API's PlanCheckRule enum) and its figures as fields,
 * which the portal words itself; `message` is the API's English sentence, shown only for a rule
 * the portal does not know yet.
 */
export interface CheckFinding {
  rule: string;
  severity: 'ERROR' | 'WARNING' | string;
  nodeId: string | null;
  nodeLabel: string | null;
  targetId: string | null;
  message: string;
  date: string | null;
  limitDate: string | null;
  periodStart: string | null;
  periodEnd: string | null;
  allocated: number | null;
  total: number | null;
  unitOfMeasure: string | null;
  phaseName: string | null;
  citedAs: CitedAs[];
}

export interface Signature {
  authority: string | null;
  title: string | null;
  signerName: string | null;
}

export interface PlanDocument {
  id: string;
  status: PlanStatus;
  version: number;
  versionNo: number;
  seriesId: string;
  issuingBody: string | null;
  number: string | null;
  numberSymbol: string | null;
  symbol: string;
  place: string | null;
  dateLine: string | null;
  documentKind: string;
  title: string;
  preamble: string;
  issuedDate: string | null;
  issuedAt: string | null;
  createdAt: string;
  updatedAt: string;
  periodStart: string | null;
  periodEnd: string | null;
  submissionDeadline: string | null;
  revokedReason: string | null;
  recipients: string[];
  signature: Signature;
  unit: { id: string; name: string; kind: string; level: string; validFrom: string | null; validTo: string | null; ancestors: { id: string }[] };
  parentPlan: ParentPlanRef | null;
  amendsPlan: { id: string; numberSymbol: string | null; versionNo: number } | null;
  legalBases: LegalBasis[];
  nodes: PlanNode[];
  targets: Target[];
  phases: Phase[];
  milestones: Milestone[];
  checks: CheckFinding[];
}

export interface AuditEvent {
  id: string;
  occurredAt: string;
  action: string;
  actorName: string | null;
  actorKind: string | null;
  before: string | null;
  after: string | null;
}

export interface AgencyOption {
  id: string;
  name: string;
  sector: string;
}

export interface ChildUnit {
  id: string;
  name: string;
  code: string;
  validTo: string | null;
}

export interface ImportReport {
  linkedNodes: number;
  matchedAgencies: number;
  parentPlanId: string | null;
  unknownAgencies: string[];
  warnings: string[];
  /** Each warning by its stable code and its figures: the portal words it (plans.import.warningCodes). */
  warningDetails: { code: string; values: string[] }[];
  unclassified: { nodeKey: string; reason: string; text: string }[];
}

export interface ImportResult {
  plan: {
    id: string;
    version: number;
    title: string;
    numberSymbol: string | null;
    issuingBody: string | null;
    symbol: string;
    place: string | null;
    dateLine: string | null;
    nodes: { id: string }[];
    parentPlan: { id: string; numberSymbol: string | null; title: string; unit: { id: string; name: string } } | null;
  };
  report: ImportReport;
}
