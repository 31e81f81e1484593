import type { Timing } from '../plans/types';
import type { UnitLevel } from '../auth/identity';

export type PlanStatus = 'DRAFT' | 'IN_REVIEW' | 'ISSUED' | 'SUPERSEDED' | 'REVOKED';
export type Provenance = 'INHERITED' | 'ADAPTED' | 'LOCAL' | 'OMITTED';
export type DiffOp = 'EQUAL' | 'INSERT' | 'DELETE';
export type UpstreamChangeKind = 'MODIFIED' | 'ADDED' | 'REMOVED';

export interface DiffPart {
  op: DiffOp;
  text: string;
}

/** A plan as headers and lists show it. */
export interface PlanHead {
  id: string;
  title: string;
  numberSymbol: string | null;
  status: PlanStatus;
  versionNo: number;
  issuedDate: string | null;
  submissionDeadline: string | null;
  periodStart: string | null;
  periodEnd: string | null;
  unit: { id: string; name: string; code: string; level: UnitLevel; ancestors: { id: string }[] };
}

export interface PlanSummary extends PlanHead {
  parentPlan: PlanHead | null;
}

export interface AgencyMapping {
  fromName: string;
  fromSector: string | null;
  uses: number;
  to: { id: string; name: string; sector: string } | null;
}

export interface DerivedTargetPreview {
  parentTargetId: string;
  metric: string;
  unitOfMeasure: string;
  value: number | null;
  allocated: boolean;
}

export interface DerivationPreview {
  title: string;
  preamble: string;
  nodeCount: number;
  taskCount: number;
  unmatchedAgencies: string[];
  unit: { id: string; name: string };
  agencyMapping: AgencyMapping[];
  targets: DerivedTargetPreview[];
  existingPlan: { id: string; title: string; status: PlanStatus; numberSymbol: string | null } | null;
}

export interface AgencyRefLite {
  name: string;
  unmatched: boolean;
}

export interface DiffNode {
  id: string;
  kind: string;
  label: string | null;
  text: string;
  depth: number;
  task: { lead: AgencyRefLite[]; cooperating: AgencyRefLite[]; timing: Timing | null } | null;
}

export interface PlanDiffEntry {
  status: Provenance;
  omissionReason: string | null;
  taskChanged: boolean;
  textDiff: DiffPart[] | null;
  node: DiffNode | null;
  parentNode: DiffNode | null;
}

export interface PlanDiff {
  counts: { inherited: number; adapted: number; local: number; omitted: number };
  plan: PlanHead;
  parentPlan: PlanHead | null;
  entries: PlanDiffEntry[];
}

export interface UpstreamChange {
  kind: UpstreamChangeKind;
  upstreamNodeId: string;
  /** TAKEN, DECLINED, or null while pending. */
  decision: 'TAKEN' | 'DECLINED' | null;
  reason: string | null;
  baseLabel: string | null;
  baseText: string | null;
  newLabel: string | null;
  newText: string | null;
  childNodeIds: string[];
  textDiff: DiffPart[];
}

export interface UpstreamPlan extends PlanSummary {
  nodes: { id: string; label: string | null; text: string; provenance: string }[];
  upstreamChanges: UpstreamChange[];
}

export interface MergeConflict {
  base: string;
  ours: string;
  theirs: string;
}
