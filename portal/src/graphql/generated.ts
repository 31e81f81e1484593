/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
export type AddNodeInput = {
  /** Insert after this sibling; first when null. */
  afterNodeId?: string | number | null | undefined;
  /** Optional; one per user action (8–100 letters, digits or _.:-), sent again when the action is retried: a retry returns what the first request made instead of making it twice; the same key with a different request is BAD_USER_INPUT, a retry while the first request still runs is CONFLICT. */
  idempotencyKey?: string | null | undefined;
  kind: PlanNodeKind;
  label?: string | null | undefined;
  /** Parent node; top level when null. */
  parentId?: string | number | null | undefined;
  planId: string | number;
  task?: TaskInput | null | undefined;
  text: string;
};

export type AgencyRefInput = {
  agencyId?: string | number | null | undefined;
  name: string;
  sector?: string | null | undefined;
  subordinateCommittees?: boolean | null | undefined;
  unmatched?: boolean | null | undefined;
};

export type AllocationInput = {
  agencyId?: string | number | null | undefined;
  assignee: string;
  unitId?: string | number | null | undefined;
  value: number;
};

export type AmendPlanInput = {
  /** Optional; one per user action (8–100 letters, digits or _.:-), sent again when the action is retried: a retry returns what the first request made instead of making it twice; the same key with a different request is BAD_USER_INPUT, a retry while the first request still runs is CONFLICT. */
  idempotencyKey?: string | null | undefined;
  planId: string | number;
};

export type ApiKeyRole =
  | 'EDITOR'
  | 'VIEWER';

/** CHILDREN: direct subordinate units; ALL: every unit below, any depth. */
export type CascadeDepth =
  | 'ALL'
  | 'CHILDREN';

export type CascadeFilter = {
  compliance?: Array<Compliance> | null | undefined;
  depth?: CascadeDepth | null | undefined;
  /** Accent-insensitive unit name search. */
  search?: string | null | undefined;
  statuses?: Array<CascadeStatus> | null | undefined;
};

export type CascadeStatus =
  | 'DRAFT'
  | 'IN_REVIEW'
  | 'ISSUED'
  | 'NONE'
  | 'SUPERSEDED';

/** AT_LEAST (ít nhất), EXACT, AT_MOST (không quá). */
export type Comparator =
  | 'AT_LEAST'
  | 'AT_MOST'
  | 'EXACT';

/** ON_TIME / LATE: issued by / after the submission deadline; MISSING: deadline passed, not issued; PENDING: not issued, deadline not passed (or none). */
export type Compliance =
  | 'LATE'
  | 'MISSING'
  | 'ON_TIME'
  | 'PENDING';

export type CorrectReportInput = {
  /** Optional; one per user action (8–100 letters, digits or _.:-), sent again when the action is retried: a retry returns what the first request made instead of making it twice; the same key with a different request is BAD_USER_INPUT, a retry while the first request still runs is CONFLICT. */
  idempotencyKey?: string | null | undefined;
  reportId: string;
  version: number;
};

/** What a subordinate plan did with a parent task. */
export type CoverageStatus =
  | 'ADAPTED'
  | 'INHERITED'
  | 'MISSING'
  | 'NO_PLAN'
  | 'OMITTED';

export type CreateAgencyInput = {
  /** Optional; one per user action (8–100 letters, digits or _.:-), sent again when the action is retried: a retry returns what the first request made instead of making it twice; the same key with a different request is BAD_USER_INPUT, a retry while the first request still runs is CONFLICT. */
  idempotencyKey?: string | null | undefined;
  name: string;
  sector: string;
  unitId: string | number;
};

export type CreateApiKeyInput = {
  /** Optional; one per user action (8–100 letters, digits or _.:-), sent again when the action is retried: a retry returns what the first request made instead of making it twice; the same key with a different request is BAD_USER_INPUT, a retry while the first request still runs is CONFLICT. */
  idempotencyKey?: string | null | undefined;
  name: string;
  /** VIEWER (read-only) by default. */
  role?: ApiKeyRole | null | undefined;
  unitId: string | number;
};

export type CreatePlanInput = {
  /** Optional; one per user action (8–100 letters, digits or _.:-), sent again when the action is retried: a retry returns what the first request made instead of making it twice; the same key with a different request is BAD_USER_INPUT, a retry while the first request still runs is CONFLICT. */
  idempotencyKey?: string | null | undefined;
  place?: string | null | undefined;
  preamble?: string | null | undefined;
  symbol?: string | null | undefined;
  title: string;
  /** Issuing unit; the caller's unit by default. */
  unitId?: string | number | null | undefined;
};

export type CreateReportInput = {
  /** Optional; one per user action (8–100 letters, digits or _.:-), sent again when the action is retried: a retry returns what the first request made instead of making it twice; the same key with a different request is BAD_USER_INPUT, a retry while the first request still runs is CONFLICT. */
  idempotencyKey?: string | null | undefined;
  obligationId: string;
};

export type CreateUserInput = {
  /** An agency of the unit the user works for (writes its reports). */
  agencyId?: string | number | null | undefined;
  displayName: string;
  /** Where notices are mailed. */
  email?: string | null | undefined;
  /** Optional; one per user action (8–100 letters, digits or _.:-), sent again when the action is retried: a retry returns what the first request made instead of making it twice; the same key with a different request is BAD_USER_INPUT, a retry while the first request still runs is CONFLICT. */
  idempotencyKey?: string | null | undefined;
  password: string;
  role: Role;
  unitId: string | number;
  username: string;
};

export type DeleteNodeInput = {
  nodeId: string | number;
  version: number;
};

export type DeletePlanPartInput = {
  id: string | number;
  version: number;
};

export type DerivePlanInput = {
  /** Optional; one per user action (8–100 letters, digits or _.:-), sent again when the action is retried: a retry returns what the first request made instead of making it twice; the same key with a different request is BAD_USER_INPUT, a retry while the first request still runs is CONFLICT. */
  idempotencyKey?: string | null | undefined;
  parentPlanId: string | number;
  /** The deriving unit; the caller's unit by default. */
  unitId?: string | number | null | undefined;
};

export type DiffOp =
  | 'DELETE'
  | 'EQUAL'
  | 'INSERT';

/** Kind of a cited document: Chỉ thị, Nghị quyết, Kết luận, Quyết định, Kế hoạch, Công văn, … */
export type DocumentType =
  | 'CIRCULAR'
  | 'CONCLUSION'
  | 'DECISION'
  | 'DECREE'
  | 'DIRECTIVE'
  | 'LAW'
  | 'OFFICIAL_LETTER'
  | 'OPERATIONAL_PLAN'
  | 'OTHER'
  | 'PLAN'
  | 'PROGRAM'
  | 'PROJECT'
  | 'RESOLUTION'
  | 'URGENT_DISPATCH';

/** A .docx, .pdf (with a text layer), .txt or .md file, base64-encoded (at most 8 MB decoded). */
export type ImportPlanInput = {
  contentBase64: string;
  fileName: string;
  /** Optional; one per user action (8–100 letters, digits or _.:-), sent again when the action is retried: a retry returns what the first request made instead of making it twice; the same key with a different request is BAD_USER_INPUT, a retry while the first request still runs is CONFLICT. */
  idempotencyKey?: string | null | undefined;
  /** The importing unit; the caller's unit by default. */
  unitId?: string | number | null | undefined;
};

/** An .xlsx figures table (as GET /api/reports/:id/figures.xlsx gives it), base64-encoded (at most 2 MB decoded). */
export type ImportReportFiguresInput = {
  contentBase64: string;
  /** true: only the change list and warnings, nothing written; false: apply them. */
  dryRun: boolean;
  fileName?: string | null | undefined;
  /** The previewDigest of the dry run: the apply refuses (CONFLICT, IMPORT_PREVIEW_STALE) when its changes would differ from those previewed. */
  previewDigest?: string | null | undefined;
  reportId: string;
  /** The report’s version (optimistic lock; the import bumps it). */
  version: number;
};

export type IssuePlanInput = {
  /** Optional; one per user action (8–100 letters, digits or _.:-), sent again when the action is retried: a retry returns what the first request made instead of making it twice; the same key with a different request is BAD_USER_INPUT, a retry while the first request still runs is CONFLICT. */
  idempotencyKey?: string | null | undefined;
  /** Date of issue; today (Vietnam time) by default. */
  issuedDate?: string | null | undefined;
  /** Number to record for a document already issued on paper; the next in sequence otherwise. */
  number?: string | null | undefined;
  planId: string | number;
  signature?: SignatureInput | null | undefined;
  version: number;
};

export type LegalBasisInput = {
  date?: string | null | undefined;
  issuer?: string | null | undefined;
  number?: string | null | undefined;
  refPlanId?: string | number | null | undefined;
  /** Citation as printed; composed from the fields when omitted. */
  text?: string | null | undefined;
  title?: string | null | undefined;
  type: DocumentType;
};

export type MarkNotificationsReadInput = {
  /** The notices to mark (at most 100); absent: every notice of the unit. */
  ids?: Array<string | number> | null | undefined;
};

export type MilestoneKind =
  | 'FINAL_REVIEW'
  | 'INTERIM_REVIEW'
  | 'PLAN_SUBMISSION'
  | 'RESULT_REPORT';

export type MoveNodeInput = {
  afterNodeId?: string | number | null | undefined;
  nodeId: string | number;
  parentId?: string | number | null | undefined;
  version: number;
};

export type NotificationKind =
  | 'PLAN_AMENDED_ABOVE'
  | 'PLAN_ISSUED_ABOVE'
  | 'REPORT_DUE_SOON'
  | 'REPORT_OVERDUE'
  | 'REPORT_RETURNED'
  | 'REPORT_SUBMITTED';

/** MILESTONE_REMOVED: an amendment removed the milestone; UNIT_DISSOLVED: the unit ceased to exist before the due date; NO_LONGER_DUE: an amendment no longer asks it (a period outside the new span, a unit no longer expected); AGENCY_WITHOUT_ACCOUNT: the agency has no enabled account left to write it; AGENCY_DISABLED: the agency was disabled. */
export type ObligationClosedReason =
  | 'AGENCY_DISABLED'
  | 'AGENCY_WITHOUT_ACCOUNT'
  | 'MILESTONE_REMOVED'
  | 'NO_LONGER_DUE'
  | 'UNIT_DISSOLVED';

/** The status of the report on an obligation as the caller sees it: NONE when there is none (or only a draft out of sight). */
export type ObligationReportStatus =
  | 'ACCEPTED'
  | 'DRAFT'
  | 'NONE'
  | 'RETURNED'
  | 'SUBMITTED'
  | 'SUPERSEDED';

/** OPEN: owed; CLOSED: no longer owed (milestone removed by an amendment, unit dissolved before the due date), kept for history. */
export type ObligationState =
  | 'CLOSED'
  | 'OPEN';

/** Omits a node that came from the parent plan (with its subtree) from a derived draft. */
export type OmitNodeInput = {
  /** Optional; one per user action (8–100 letters, digits or _.:-), sent again when the action is retried: a retry returns what the first request made instead of making it twice; the same key with a different request is BAD_USER_INPUT, a retry while the first request still runs is CONFLICT. */
  idempotencyKey?: string | null | undefined;
  nodeId: string | number;
  /** Why the unit leaves it out: required (missing or blank is BAD_USER_INPUT on `reason`), at most 2,000 characters. */
  reason?: string | null | undefined;
  version: number;
};

/** A rule of the plan checks; each finding carries the figures of its rule as fields of PlanCheckFinding. */
export type PlanCheckRule =
  /** Allocations do not add up to the stated total */
  | 'ALLOCATION_SUM_MISMATCH'
  /** The same document is cited with different numbers or dates */
  | 'CITATION_INCONSISTENT'
  /** A deadline falls after the report it feeds */
  | 'DEADLINE_AFTER_MILESTONE'
  /** A deadline falls outside the plan's period */
  | 'DEADLINE_OUTSIDE_PERIOD'
  /** A phase lies outside the plan's period */
  | 'PHASE_OUTSIDE_PERIOD'
  /** A report is due before the period it reports on */
  | 'REPORT_BEFORE_PERIOD'
  /** A task names no lead agency ("4 rõ": rõ người, rõ trách nhiệm) */
  | 'TASK_NO_LEAD'
  /** A task has no completion time ("4 rõ": rõ thời gian hoàn thành) */
  | 'TASK_NO_TIMING';

/** ERROR: the plan breaks a rule; WARNING: worth a look. */
export type PlanCheckSeverity =
  | 'ERROR'
  | 'WARNING';

export type PlanFilter = {
  scope?: PlanScope | null | undefined;
  /** Accent-insensitive search on title, number and body text. */
  search?: string | null | undefined;
  statuses?: Array<PlanStatus> | null | undefined;
  /** Only plans issued by this unit. */
  unitId?: string | number | null | undefined;
  /** Year of issue (or of creation for drafts). */
  year?: number | null | undefined;
};

/** SECTION "I.", ITEM "1."/"2.1.", POINT "a)", BULLET "-", PARAGRAPH (no label). */
export type PlanNodeKind =
  | 'BULLET'
  | 'ITEM'
  | 'PARAGRAPH'
  | 'POINT'
  | 'SECTION'
  | 'TABLE';

/** OWN: issued by my unit; FROM_ABOVE: issued by ancestors; FROM_BELOW: by descendants. */
export type PlanScope =
  | 'ALL'
  | 'FROM_ABOVE'
  | 'FROM_BELOW'
  | 'OWN';

/** DRAFT (dự thảo) → IN_REVIEW → ISSUED (ban hành; immutable) → SUPERSEDED by an amendment; REVOKED. */
export type PlanStatus =
  | 'DRAFT'
  | 'IN_REVIEW'
  | 'ISSUED'
  | 'REVOKED'
  | 'SUPERSEDED';

export type PlanTransitionInput = {
  planId: string | number;
  /** Why (returning to draft, revoking). */
  reason?: string | null | undefined;
  version: number;
};

/** How a node of a derived plan relates to its parent plan. */
export type Provenance =
  | 'ADAPTED'
  | 'INHERITED'
  | 'LOCAL'
  | 'OMITTED';

/** A periodic report (báo cáo định kỳ): monthly, quarterly, half-yearly, yearly — periods cut off on the 14th (Decree 09/2019). */
export type Recurrence =
  | 'HALF_YEAR'
  | 'MONTH'
  | 'QUARTER'
  | 'YEAR';

/** ON_TIME / LATE: first submitted by / after the due date; RETURNED: returned by the superior, not yet submitted again; MISSING: due date passed, nothing submitted; PENDING: not submitted, not yet due (or no due date); CLOSED: the obligation was closed before anything was submitted (kept for history, out of the counts). */
export type ReportCompliance =
  | 'CLOSED'
  | 'LATE'
  | 'MISSING'
  | 'ON_TIME'
  | 'PENDING'
  | 'RETURNED';

/** A column of a target in the figures table: allocated (read only), the period figure, the cumulative figure, the override note. */
export type ReportFigureField =
  | 'ALLOCATED'
  | 'CUMULATIVE'
  | 'NOTE'
  | 'PERIOD';

/** One-month (or periodic) result report, phase review (sơ kết), final review (tổng kết). */
export type ReportKind =
  | 'FINAL_REVIEW'
  | 'INTERIM_REVIEW'
  | 'RESULT_REPORT';

export type ReportSignatureInput = {
  authority?: string | null | undefined;
  signerName?: string | null | undefined;
  title?: string | null | undefined;
};

/** DRAFT → SUBMITTED (approver of the unit) → ACCEPTED, or RETURNED with a reason (approver of the superior) and submitted again; SUPERSEDED: replaced by a submitted correction. */
export type ReportStatus =
  | 'ACCEPTED'
  | 'DRAFT'
  | 'RETURNED'
  | 'SUBMITTED'
  | 'SUPERSEDED';

export type ReportTaskStatus =
  | 'COMPLETED'
  | 'IN_PROGRESS'
  | 'NOT_APPLICABLE'
  | 'NOT_STARTED';

export type ReportTransitionInput = {
  /** Required to return a report. */
  reason?: string | null | undefined;
  reportId: string;
  version: number;
};

/** Brings an omitted node (with its subtree) back to what it was. */
export type RestoreNodeInput = {
  nodeId: string | number;
  version: number;
};

export type RevokeApiKeyInput = {
  id: string | number;
};

/** ADMIN manages accounts and agencies; EDITOR drafts; APPROVER issues; VIEWER reads. */
export type Role =
  | 'ADMIN'
  | 'APPROVER'
  | 'EDITOR'
  | 'VIEWER';

export type SaveMilestoneInput = {
  dueDate?: string | null | undefined;
  /** With a recurrence: the day of each period’s last month the report is due. */
  dueDay?: number | null | undefined;
  /** Optional; one per user action (8–100 letters, digits or _.:-), sent again when the action is retried: a retry returns what the first request made instead of making it twice; the same key with a different request is BAD_USER_INPUT, a retry while the first request still runs is CONFLICT. */
  idempotencyKey?: string | null | undefined;
  kind: MilestoneKind;
  milestoneId?: string | number | null | undefined;
  nodeId?: string | number | null | undefined;
  planId: string | number;
  recipient?: string | null | undefined;
  /** Makes a reporting milestone periodic (null: a one-off report). */
  recurrence?: Recurrence | null | undefined;
  title: string;
  version?: number | null | undefined;
};

export type SavePhaseInput = {
  endDate?: string | null | undefined;
  goal?: string | null | undefined;
  /** Optional; one per user action (8–100 letters, digits or _.:-), sent again when the action is retried: a retry returns what the first request made instead of making it twice; the same key with a different request is BAD_USER_INPUT, a retry while the first request still runs is CONFLICT. */
  idempotencyKey?: string | null | undefined;
  name: string;
  nodeId?: string | number | null | undefined;
  phaseId?: string | number | null | undefined;
  planId: string | number;
  startDate?: string | null | undefined;
  version?: number | null | undefined;
};

/** Creates a target (no targetId) or replaces one (targetId + version). */
export type SaveTargetInput = {
  allocations?: Array<AllocationInput> | null | undefined;
  comparator?: Comparator | null | undefined;
  /** Optional; one per user action (8–100 letters, digits or _.:-), sent again when the action is retried: a retry returns what the first request made instead of making it twice; the same key with a different request is BAD_USER_INPUT, a retry while the first request still runs is CONFLICT. */
  idempotencyKey?: string | null | undefined;
  metric: string;
  nodeId?: string | number | null | undefined;
  periodEnd?: string | null | undefined;
  periodStart?: string | null | undefined;
  phaseId?: string | number | null | undefined;
  planId: string | number;
  responsible?: AgencyRefInput | null | undefined;
  targetId?: string | number | null | undefined;
  unitOfMeasure: string;
  value?: number | null | undefined;
  version?: number | null | undefined;
  year?: number | null | undefined;
};

/** Replaces the list of legal bases (a short list, edited as a whole). */
export type SetLegalBasesInput = {
  legalBases: Array<LegalBasisInput>;
  planId: string | number;
  version: number;
};

export type SetOmissionReasonInput = {
  planId: string | number;
  reason: string;
  /** The omitted node of the parent plan. */
  sourceNodeId: string | number;
};

export type SignInInput = {
  password: string;
  username: string;
};

export type SignatureInput = {
  authority?: string | null | undefined;
  signerName?: string | null | undefined;
  title?: string | null | undefined;
};

export type TaskInput = {
  cooperating?: Array<AgencyRefInput> | null | undefined;
  lead?: Array<AgencyRefInput> | null | undefined;
  timing?: TimingInput | null | undefined;
};

export type TimingInput = {
  dueDate?: string | null | undefined;
  kind: TimingKind;
  periodEnd?: string | null | undefined;
  periodStart?: string | null | undefined;
  phaseId?: string | number | null | undefined;
  recurring?: boolean | null | undefined;
  text?: string | null | undefined;
};

export type TimingKind =
  | 'BY_DATE'
  | 'DURING_PHASE'
  | 'RECURRING'
  | 'WITHIN_PERIOD';

export type UnitFilter = {
  /** Only units below this one (any depth). */
  ancestorId?: string | number | null | undefined;
  level?: UnitLevel | null | undefined;
  /** Only direct children of this unit. */
  parentId?: string | number | null | undefined;
  /** Accent-insensitive name search ("Hoà"/"Hòa", "Đ"/"D"). */
  search?: string | null | undefined;
  /** Only units that existed on this date. */
  validOn?: string | null | undefined;
};

/** CENTRAL (national root), PROVINCE (tỉnh/thành phố), DISTRICT (huyện/quận/thị xã/thành phố thuộc tỉnh, until 30/06/2025), COMMUNE (xã/phường/thị trấn/đặc khu). */
export type UnitLevel =
  | 'CENTRAL'
  | 'COMMUNE'
  | 'DISTRICT'
  | 'PROVINCE';

export type UpdateAgencyInput = {
  disabled?: boolean | null | undefined;
  id: string | number;
  name?: string | null | undefined;
  sector?: string | null | undefined;
  version: number;
};

export type UpdateNodeInput = {
  clearTask?: boolean | null | undefined;
  kind?: PlanNodeKind | null | undefined;
  label?: string | null | undefined;
  nodeId: string | number;
  /** Replaces the task facts; send clearTask to make the node a plain node. */
  task?: TaskInput | null | undefined;
  text?: string | null | undefined;
  version: number;
};

/** Header fields to change; omitted fields stay as they are. */
export type UpdatePlanHeaderInput = {
  dateLine?: string | null | undefined;
  documentKind?: string | null | undefined;
  issuingBody?: string | null | undefined;
  periodEnd?: string | null | undefined;
  periodStart?: string | null | undefined;
  place?: string | null | undefined;
  planId: string | number;
  preamble?: string | null | undefined;
  recipients?: Array<string> | null | undefined;
  signature?: SignatureInput | null | undefined;
  submissionDeadline?: string | null | undefined;
  symbol?: string | null | undefined;
  title?: string | null | undefined;
  version: number;
};

export type UpdateReportFigureInput = {
  /** Decimal text, 0–10^12; empty clears it. */
  cumulativeValue?: string | null | undefined;
  /** Required when a figure differs from the sum from below. */
  overrideNote?: string | null | undefined;
  /** Decimal text, 0–10^12 ("12", "12.5"); empty clears it. */
  periodValue?: string | null | undefined;
  reportId: string;
  targetId: string;
  /** The version of the figure row edited. */
  version: number;
};

export type UpdateReportTaskInput = {
  done?: string | null | undefined;
  status?: ReportTaskStatus | null | undefined;
  taskId: string;
  /** The version of the task row edited. */
  version: number;
};

export type UpdateReportTextInput = {
  difficulties?: string | null | undefined;
  periodEnd?: string | null | undefined;
  /** YYYY-MM-DD, within the plan’s period. */
  periodStart?: string | null | undefined;
  proposals?: string | null | undefined;
  recipients?: Array<string> | null | undefined;
  reportId: string;
  signature?: ReportSignatureInput | null | undefined;
  version: number;
};

export type UpdateUserInput = {
  /** An agency of the user's unit; null or '' makes the user the unit's own staff. */
  agencyId?: string | number | null | undefined;
  disabled?: boolean | null | undefined;
  displayName?: string | null | undefined;
  /** Where notices are mailed; null or '' removes it. */
  email?: string | null | undefined;
  id: string | number;
  /** Set a new password for the user. */
  password?: string | null | undefined;
  role?: Role | null | undefined;
  version: number;
};

export type UpstreamChangeKind =
  | 'ADDED'
  | 'MODIFIED'
  | 'REMOVED';

export type UpstreamDecisionInput = {
  planId: string | number;
  reason?: string | null | undefined;
  upstreamNodeId: string | number;
};

export type AgencyFieldsFragment = { id: string, name: string, sector: string, disabled: boolean, version: number };

export type AgenciesQueryVariables = Exact<{
  unitId: string | number;
  first?: number | null | undefined;
  after?: string | null | undefined;
  search?: string | null | undefined;
  sector?: string | null | undefined;
  includeDisabled?: boolean | null | undefined;
}>;


export type AgenciesQuery = { agencies: { totalCount: number, nodes: Array<{ id: string, name: string, sector: string, disabled: boolean, version: number }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type CreateAgencyMutationVariables = Exact<{
  input: CreateAgencyInput;
}>;


export type CreateAgencyMutation = { createAgency: { agency: { id: string, name: string, sector: string, disabled: boolean, version: number } } };

export type UpdateAgencyMutationVariables = Exact<{
  input: UpdateAgencyInput;
}>;


export type UpdateAgencyMutation = { updateAgency: { agency: { id: string, name: string, sector: string, disabled: boolean, version: number } } };

export type SectorsQueryVariables = Exact<{ [key: string]: never; }>;


export type SectorsQuery = { sectors: Array<{ code: string, nameVi: string, nameEn: string }> };

export type ApiKeyFieldsFragment = { id: string, name: string, prefix: string, role: ApiKeyRole, createdAt: string, lastUsedAt: string | null, revokedAt: string | null };

export type ApiKeysQueryVariables = Exact<{
  unitId: string | number;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type ApiKeysQuery = { apiKeys: { totalCount: number, nodes: Array<{ id: string, name: string, prefix: string, role: ApiKeyRole, createdAt: string, lastUsedAt: string | null, revokedAt: string | null }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type CreateApiKeyMutationVariables = Exact<{
  input: CreateApiKeyInput;
}>;


export type CreateApiKeyMutation = { createApiKey: { secret: string, apiKey: { id: string, name: string, prefix: string, role: ApiKeyRole, createdAt: string, lastUsedAt: string | null, revokedAt: string | null } } };

export type RevokeApiKeyMutationVariables = Exact<{
  input: RevokeApiKeyInput;
}>;


export type RevokeApiKeyMutation = { revokeApiKey: { apiKey: { id: string, name: string, prefix: string, role: ApiKeyRole, createdAt: string, lastUsedAt: string | null, revokedAt: string | null } } };

export type ViewerFieldsFragment = { id: string, kind: string, displayName: string, username: string | null, role: string, agencyId: string | null, unit: { id: string, name: string, kind: string, code: string, level: UnitLevel, validTo: string | null, ancestors: Array<{ id: string, name: string }> } };

export type SignInMutationVariables = Exact<{
  input: SignInInput;
}>;


export type SignInMutation = { signIn: { token: string, expiresAt: string, viewer: { id: string, kind: string, displayName: string, username: string | null, role: string, agencyId: string | null, unit: { id: string, name: string, kind: string, code: string, level: UnitLevel, validTo: string | null, ancestors: Array<{ id: string, name: string }> } } } };

export type MeQueryVariables = Exact<{ [key: string]: never; }>;


export type MeQuery = { me: { id: string, kind: string, displayName: string, username: string | null, role: string, agencyId: string | null, unit: { id: string, name: string, kind: string, code: string, level: UnitLevel, validTo: string | null, ancestors: Array<{ id: string, name: string }> } } };

export type CascadePlanQueryVariables = Exact<{
  id: string;
}>;


export type CascadePlanQuery = { plan: { id: string, title: string, numberSymbol: string | null, status: PlanStatus, versionNo: number, issuedDate: string | null, submissionDeadline: string | null, unit: { id: string, name: string, level: UnitLevel }, milestones: Array<{ id: string, kind: MilestoneKind, title: string, dueDate: string | null }> } };

export type CascadePlansQueryVariables = Exact<{
  filter?: PlanFilter | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type CascadePlansQuery = { plans: { totalCount: number, nodes: Array<{ id: string, title: string, numberSymbol: string | null, status: PlanStatus, issuedDate: string | null, submissionDeadline: string | null, unit: { id: string, name: string } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type CascadeSummaryQueryVariables = Exact<{
  id: string;
  depth?: CascadeDepth | null | undefined;
}>;


export type CascadeSummaryQuery = { plan: { id: string, cascadeSummary: { units: number, withPlan: number, upstreamPending: number, upstreamDeclined: number, byStatus: Array<{ status: CascadeStatus, count: number }>, byCompliance: Array<{ compliance: Compliance, count: number }>, coverage: { inherited: number, adapted: number, local: number, omitted: number, parentTasks: number, parentTasksCovered: number, share: number | null }, targets: Array<{ total: number | null, allocatedSum: number, allocationsMatch: boolean | null, ownSum: number, unitsWithTarget: number, target: { id: string, metric: string, unitOfMeasure: string, value: number | null, comparator: Comparator } }> } } };

export type CascadeRowsQueryVariables = Exact<{
  id: string;
  filter?: CascadeFilter | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
  reportMilestoneId?: string | null | undefined;
  withReport?: boolean | null | undefined;
}>;


export type CascadeRowsQuery = { plan: { id: string, cascade: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, nodes: Array<{ depth: number, status: CascadeStatus, issuedDate: string | null, deadline: string | null, compliance: Compliance, upstreamPending: number, upstreamDeclined: number, unit: { id: string, code: string, name: string, parent: { id: string, name: string } | null }, plan: { id: string, numberSymbol: string | null } | null, coverage: { inherited: number, adapted: number, local: number, omitted: number, parentTasks: number, parentTasksCovered: number, share: number | null } | null, targets: Array<{ parentTargetId: string, metric: string, unitOfMeasure: string, allocated: number | null, own: number | null, gap: number | null }>, reportObligation?: { id: string, milestoneId: string, dueDate: string | null, status: ObligationReportStatus, compliance: ReportCompliance, submittedOn: string | null, report: { id: string } | null } | null }> } } };

export type CascadeCoverageMatrixQueryVariables = Exact<{
  id: string;
  depth?: CascadeDepth | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type CascadeCoverageMatrixQuery = { plan: { id: string, coverageMatrix: { totalUnits: number, hasNextPage: boolean, endCursor: string | null, tasks: Array<{ id: string, label: string | null, text: string, depth: number }>, units: Array<{ id: string, code: string, name: string }>, cells: Array<{ taskId: string, unitId: string, status: CoverageStatus }> } } };

export type DerivationPlanHeadFragment = { id: string, title: string, numberSymbol: string | null, status: PlanStatus, versionNo: number, issuedDate: string | null, submissionDeadline: string | null, periodStart: string | null, periodEnd: string | null, unit: { id: string, name: string, code: string, level: UnitLevel, ancestors: Array<{ id: string }> } };

export type DerivationPlansFromAboveQueryVariables = Exact<{
  filter?: PlanFilter | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type DerivationPlansFromAboveQuery = { plans: { totalCount: number, nodes: Array<{ id: string, title: string, numberSymbol: string | null, status: PlanStatus, versionNo: number, issuedDate: string | null, submissionDeadline: string | null, periodStart: string | null, periodEnd: string | null, unit: { id: string, name: string, code: string, level: UnitLevel, ancestors: Array<{ id: string }> } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type DerivationPlanSummaryQueryVariables = Exact<{
  id: string;
}>;


export type DerivationPlanSummaryQuery = { plan: { id: string, title: string, numberSymbol: string | null, status: PlanStatus, versionNo: number, issuedDate: string | null, submissionDeadline: string | null, periodStart: string | null, periodEnd: string | null, parentPlan: { id: string, title: string, numberSymbol: string | null, status: PlanStatus, versionNo: number, issuedDate: string | null, submissionDeadline: string | null, periodStart: string | null, periodEnd: string | null, unit: { id: string, name: string, code: string, level: UnitLevel, ancestors: Array<{ id: string }> } } | null, unit: { id: string, name: string, code: string, level: UnitLevel, ancestors: Array<{ id: string }> } } };

export type DerivationPreviewQueryVariables = Exact<{
  parentPlanId: string;
}>;


export type DerivationPreviewQuery = { derivationPreview: { title: string, preamble: string, nodeCount: number, taskCount: number, unmatchedAgencies: Array<string>, unit: { id: string, name: string }, agencyMapping: Array<{ fromName: string, fromSector: string | null, uses: number, to: { id: string, name: string, sector: string } | null }>, targets: Array<{ parentTargetId: string, metric: string, unitOfMeasure: string, value: number | null, allocated: boolean }>, existingPlan: { id: string, title: string, status: PlanStatus, numberSymbol: string | null } | null } };

export type DerivePlanMutationVariables = Exact<{
  input: DerivePlanInput;
}>;


export type DerivePlanMutation = { derivePlan: { plan: { id: string, title: string, status: PlanStatus } } };

export type DerivationDiffNodeFragment = { id: string, kind: PlanNodeKind, label: string | null, text: string, depth: number, task: { lead: Array<{ name: string, unmatched: boolean }>, cooperating: Array<{ name: string, unmatched: boolean }>, timing: { kind: TimingKind, dueDate: string | null, periodStart: string | null, periodEnd: string | null, phaseId: string | null, recurring: boolean, text: string } | null } | null };

export type DerivationPlanDiffQueryVariables = Exact<{
  planId: string;
}>;


export type DerivationPlanDiffQuery = { planDiff: { counts: { inherited: number, adapted: number, local: number, omitted: number }, plan: { id: string, title: string, numberSymbol: string | null, status: PlanStatus, versionNo: number, issuedDate: string | null, submissionDeadline: string | null, periodStart: string | null, periodEnd: string | null, unit: { id: string, name: string, code: string, level: UnitLevel, ancestors: Array<{ id: string }> } }, parentPlan: { id: string, title: string, numberSymbol: string | null, status: PlanStatus, versionNo: number, issuedDate: string | null, submissionDeadline: string | null, periodStart: string | null, periodEnd: string | null, unit: { id: string, name: string, code: string, level: UnitLevel, ancestors: Array<{ id: string }> } } | null, entries: Array<{ status: Provenance, omissionReason: string | null, taskChanged: boolean, textDiff: Array<{ op: DiffOp, text: string }> | null, node: { id: string, kind: PlanNodeKind, label: string | null, text: string, depth: number, task: { lead: Array<{ name: string, unmatched: boolean }>, cooperating: Array<{ name: string, unmatched: boolean }>, timing: { kind: TimingKind, dueDate: string | null, periodStart: string | null, periodEnd: string | null, phaseId: string | null, recurring: boolean, text: string } | null } | null } | null, parentNode: { id: string, kind: PlanNodeKind, label: string | null, text: string, depth: number, task: { lead: Array<{ name: string, unmatched: boolean }>, cooperating: Array<{ name: string, unmatched: boolean }>, timing: { kind: TimingKind, dueDate: string | null, periodStart: string | null, periodEnd: string | null, phaseId: string | null, recurring: boolean, text: string } | null } | null } | null }> } };

export type DerivationSetOmissionReasonMutationVariables = Exact<{
  input: SetOmissionReasonInput;
}>;


export type DerivationSetOmissionReasonMutation = { setOmissionReason: { plan: { id: string } } };

export type DerivationUpstreamChangesQueryVariables = Exact<{
  id: string;
}>;


export type DerivationUpstreamChangesQuery = { plan: { id: string, title: string, numberSymbol: string | null, status: PlanStatus, versionNo: number, issuedDate: string | null, submissionDeadline: string | null, periodStart: string | null, periodEnd: string | null, parentPlan: { id: string, title: string, numberSymbol: string | null, status: PlanStatus, versionNo: number, issuedDate: string | null, submissionDeadline: string | null, periodStart: string | null, periodEnd: string | null, unit: { id: string, name: string, code: string, level: UnitLevel, ancestors: Array<{ id: string }> } } | null, nodes: Array<{ id: string, label: string | null, text: string, provenance: string }>, upstreamChanges: Array<{ kind: UpstreamChangeKind, upstreamNodeId: string, decision: string | null, reason: string | null, baseLabel: string | null, baseText: string | null, newLabel: string | null, newText: string | null, childNodeIds: Array<string>, textDiff: Array<{ op: DiffOp, text: string }> }>, unit: { id: string, name: string, code: string, level: UnitLevel, ancestors: Array<{ id: string }> } } };

export type DerivationUpstreamPendingQueryVariables = Exact<{
  id: string;
}>;


export type DerivationUpstreamPendingQuery = { plan: { id: string, status: PlanStatus, upstreamChanges: Array<{ upstreamNodeId: string, decision: string | null }> } };

export type DerivationTakeUpstreamChangeMutationVariables = Exact<{
  input: UpstreamDecisionInput;
}>;


export type DerivationTakeUpstreamChangeMutation = { takeUpstreamChange: { applied: boolean, conflicts: Array<{ base: string, ours: string, theirs: string }> } };

export type DerivationDeclineUpstreamChangeMutationVariables = Exact<{
  input: UpstreamDecisionInput;
}>;


export type DerivationDeclineUpstreamChangeMutation = { declineUpstreamChange: { plan: { id: string } } };

export type MyWorkQueryVariables = Exact<{
  first?: number | null | undefined;
}>;


export type MyWorkQuery = { myWork: { today: string, dueBy: string, plansToDerive: { totalCount: number, nodes: Array<{ id: string, title: string, numberSymbol: string | null, status: PlanStatus, issuedDate: string | null, unit: { id: string, name: string } }> } | null, plansToApprove: { totalCount: number, nodes: Array<{ id: string, title: string, numberSymbol: string | null, status: PlanStatus, updatedAt: string }> } | null, upstreamChanges: { totalCount: number, nodes: Array<{ pendingChanges: number, plan: { id: string, title: string, numberSymbol: string | null, status: PlanStatus }, amendment: { id: string, numberSymbol: string | null } | null }> } | null, reportsDue: { totalCount: number, nodes: Array<{ id: string, title: string, dueDate: string | null, status: ObligationReportStatus, compliance: ReportCompliance, issuerUnit: { id: string, name: string }, report: { id: string } | null }> } | null, reportsToAccept: { totalCount: number, nodes: Array<{ id: string, milestoneId: string, title: string, dueDate: string | null, status: ObligationReportStatus, compliance: ReportCompliance, submittedOn: string | null, unit: { id: string, name: string }, report: { id: string } | null }> } | null } };

export type NotificationsQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
  unreadOnly?: boolean | null | undefined;
}>;


export type NotificationsQuery = { notifications: { totalCount: number, nodes: Array<{ id: string, kind: NotificationKind, createdAt: string, read: boolean, note: string | null, plan: { id: string, title: string, numberSymbol: string | null } | null, fromUnit: { id: string, name: string } | null, obligation: { id: string, title: string, dueDate: string | null, report: { id: string } | null } | null, report: { id: string } | null }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type UnreadNotificationCountQueryVariables = Exact<{ [key: string]: never; }>;


export type UnreadNotificationCountQuery = { unreadNotificationCount: number };

export type MarkNotificationsReadMutationVariables = Exact<{
  input: MarkNotificationsReadInput;
}>;


export type MarkNotificationsReadMutation = { markNotificationsRead: { marked: number, unread: number } };

export type SuperiorChainFragment = { parentPlan: { id: string, numberSymbol: string | null, title: string, status: PlanStatus, submissionDeadline: string | null, unit: { id: string, name: string }, parentPlan: { id: string, numberSymbol: string | null, status: PlanStatus, unit: { id: string, name: string }, parentPlan: { id: string, numberSymbol: string | null, status: PlanStatus, unit: { id: string, name: string } } | null } | null } | null };

export type PlanSummaryFragment = { id: string, title: string, status: PlanStatus, number: string | null, numberSymbol: string | null, symbol: string, issuedDate: string | null, createdAt: string, updatedAt: string, versionNo: number, unit: { id: string, name: string }, parentPlan: { id: string, numberSymbol: string | null, title: string, status: PlanStatus, submissionDeadline: string | null, unit: { id: string, name: string }, parentPlan: { id: string, numberSymbol: string | null, status: PlanStatus, unit: { id: string, name: string }, parentPlan: { id: string, numberSymbol: string | null, status: PlanStatus, unit: { id: string, name: string } } | null } | null } | null };

export type PlansQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
  filter?: PlanFilter | null | undefined;
}>;


export type PlansQuery = { plans: { totalCount: number, nodes: Array<{ id: string, title: string, status: PlanStatus, number: string | null, numberSymbol: string | null, symbol: string, issuedDate: string | null, createdAt: string, updatedAt: string, versionNo: number, unit: { id: string, name: string }, parentPlan: { id: string, numberSymbol: string | null, title: string, status: PlanStatus, submissionDeadline: string | null, unit: { id: string, name: string }, parentPlan: { id: string, numberSymbol: string | null, status: PlanStatus, unit: { id: string, name: string }, parentPlan: { id: string, numberSymbol: string | null, status: PlanStatus, unit: { id: string, name: string } } | null } | null } | null }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type PlanAgencyRefFragment = { agencyId: string | null, name: string, sector: string | null, subordinateCommittees: boolean, unmatched: boolean };

export type PlanNodeFieldsFragment = { id: string, parentId: string | null, depth: number, position: number, kind: PlanNodeKind, label: string | null, text: string, provenance: string, derivedFromNodeId: string | null, version: number, omission: { reason: string } | null, task: { lead: Array<{ agencyId: string | null, name: string, sector: string | null, subordinateCommittees: boolean, unmatched: boolean }>, cooperating: Array<{ agencyId: string | null, name: string, sector: string | null, subordinateCommittees: boolean, unmatched: boolean }>, timing: { kind: TimingKind, dueDate: string | null, periodStart: string | null, periodEnd: string | null, phaseId: string | null, recurring: boolean, text: string } | null } | null };

export type PlanTargetFieldsFragment = { id: string, nodeId: string | null, position: number, metric: string, unitOfMeasure: string, comparator: Comparator, value: number | null, periodStart: string | null, periodEnd: string | null, phaseId: string | null, year: number | null, version: number, allocationSum: number, allocationsMatch: boolean | null, derivedFromTargetId: string | null, responsible: { agencyId: string | null, name: string, sector: string | null, subordinateCommittees: boolean, unmatched: boolean } | null, allocations: Array<{ id: string, assignee: string, unitId: string | null, agencyId: string | null, value: number }> };

export type PlanDocumentQueryVariables = Exact<{
  id: string;
}>;


export type PlanDocumentQuery = { plan: { id: string, status: PlanStatus, version: number, versionNo: number, seriesId: string, issuingBody: string | null, number: string | null, numberSymbol: string | null, symbol: string, place: string | null, dateLine: string | null, documentKind: string, title: string, preamble: string, issuedDate: string | null, issuedAt: string | null, createdAt: string, updatedAt: string, periodStart: string | null, periodEnd: string | null, submissionDeadline: string | null, revokedReason: string | null, recipients: Array<string>, signature: { authority: string | null, title: string | null, signerName: string | null }, unit: { id: string, name: string, kind: string, level: UnitLevel, validFrom: string | null, validTo: string | null, ancestors: Array<{ id: string }> }, amendsPlan: { id: string, numberSymbol: string | null, versionNo: number } | null, legalBases: Array<{ id: string, type: DocumentType, number: string | null, date: string | null, issuer: string | null, title: string | null, text: string, refPlanId: string | null }>, nodes: Array<{ id: string, parentId: string | null, depth: number, position: number, kind: PlanNodeKind, label: string | null, text: string, provenance: string, derivedFromNodeId: string | null, version: number, omission: { reason: string } | null, task: { lead: Array<{ agencyId: string | null, name: string, sector: string | null, subordinateCommittees: boolean, unmatched: boolean }>, cooperating: Array<{ agencyId: string | null, name: string, sector: string | null, subordinateCommittees: boolean, unmatched: boolean }>, timing: { kind: TimingKind, dueDate: string | null, periodStart: string | null, periodEnd: string | null, phaseId: string | null, recurring: boolean, text: string } | null } | null }>, targets: Array<{ id: string, nodeId: string | null, position: number, metric: string, unitOfMeasure: string, comparator: Comparator, value: number | null, periodStart: string | null, periodEnd: string | null, phaseId: string | null, year: number | null, version: number, allocationSum: number, allocationsMatch: boolean | null, derivedFromTargetId: string | null, responsible: { agencyId: string | null, name: string, sector: string | null, subordinateCommittees: boolean, unmatched: boolean } | null, allocations: Array<{ id: string, assignee: string, unitId: string | null, agencyId: string | null, value: number }> }>, phases: Array<{ id: string, nodeId: string | null, position: number, name: string, startDate: string | null, endDate: string | null, goal: string | null, version: number }>, milestones: Array<{ id: string, nodeId: string | null, position: number, kind: MilestoneKind, title: string, dueDate: string | null, recipient: string | null, recurrence: Recurrence | null, dueDay: number | null, version: number }>, checks: Array<{ rule: PlanCheckRule, severity: PlanCheckSeverity, nodeId: string | null, nodeLabel: string | null, targetId: string | null, message: string, date: string | null, limitDate: string | null, periodStart: string | null, periodEnd: string | null, allocated: number | null, total: number | null, unitOfMeasure: string | null, phaseName: string | null, citedAs: Array<{ documentType: string, number: string, date: string }> }>, parentPlan: { id: string, numberSymbol: string | null, title: string, status: PlanStatus, submissionDeadline: string | null, unit: { id: string, name: string }, parentPlan: { id: string, numberSymbol: string | null, status: PlanStatus, unit: { id: string, name: string }, parentPlan: { id: string, numberSymbol: string | null, status: PlanStatus, unit: { id: string, name: string } } | null } | null } | null } };

export type PlanHistoryQueryVariables = Exact<{
  id: string;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type PlanHistoryQuery = { plan: { id: string, history: { totalCount: number, nodes: Array<{ id: string, occurredAt: string, action: string, actorName: string | null, actorKind: string | null, before: string | null, after: string | null }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } } };

export type PlanHeadingQueryVariables = Exact<{
  id: string;
}>;


export type PlanHeadingQuery = { plan: { id: string, title: string, status: PlanStatus, numberSymbol: string | null, versionNo: number, unit: { id: string, name: string } } };

export type PlanAgenciesQueryVariables = Exact<{
  unitId: string | number;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type PlanAgenciesQuery = { agencies: { totalCount: number, nodes: Array<{ id: string, name: string, sector: string }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type PlanChildUnitsQueryVariables = Exact<{
  id: string | number;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type PlanChildUnitsQuery = { unit: { id: string, children: { totalCount: number, nodes: Array<{ id: string, name: string, code: string, validTo: string | null }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } } };

export type CreatePlanMutationVariables = Exact<{
  input: CreatePlanInput;
}>;


export type CreatePlanMutation = { createPlan: { plan: { id: string } } };

export type ImportPlanMutationVariables = Exact<{
  input: ImportPlanInput;
}>;


export type ImportPlanMutation = { importPlan: { plan: { id: string, version: number, title: string, numberSymbol: string | null, issuingBody: string | null, symbol: string, place: string | null, dateLine: string | null, nodes: Array<{ id: string }>, parentPlan: { id: string, numberSymbol: string | null, title: string, unit: { id: string, name: string } } | null }, report: { linkedNodes: number, matchedAgencies: number, parentPlanId: string | null, unknownAgencies: Array<string>, warnings: Array<string>, warningDetails: Array<{ code: string, values: Array<string> }>, unclassified: Array<{ nodeKey: string, reason: string, text: string }> } } };

export type UpdatePlanHeaderMutationVariables = Exact<{
  input: UpdatePlanHeaderInput;
}>;


export type UpdatePlanHeaderMutation = { updatePlanHeader: { plan: { id: string, version: number } } };

export type SetLegalBasesMutationVariables = Exact<{
  input: SetLegalBasesInput;
}>;


export type SetLegalBasesMutation = { setLegalBases: { plan: { id: string, version: number } } };

export type AddNodeMutationVariables = Exact<{
  input: AddNodeInput;
}>;


export type AddNodeMutation = { addNode: { node: { id: string, version: number } } };

export type UpdateNodeMutationVariables = Exact<{
  input: UpdateNodeInput;
}>;


export type UpdateNodeMutation = { updateNode: { node: { id: string, version: number } } };

export type MoveNodeMutationVariables = Exact<{
  input: MoveNodeInput;
}>;


export type MoveNodeMutation = { moveNode: { node: { id: string, version: number } } };

export type DeleteNodeMutationVariables = Exact<{
  input: DeleteNodeInput;
}>;


export type DeleteNodeMutation = { deleteNode: { deletedId: string } };

export type OmitNodeMutationVariables = Exact<{
  input: OmitNodeInput;
}>;


export type OmitNodeMutation = { omitNode: { node: { id: string } } };

export type RestoreNodeMutationVariables = Exact<{
  input: RestoreNodeInput;
}>;


export type RestoreNodeMutation = { restoreNode: { node: { id: string } } };

export type SaveTargetMutationVariables = Exact<{
  input: SaveTargetInput;
}>;


export type SaveTargetMutation = { saveTarget: { target: { id: string, version: number } } };

export type DeleteTargetMutationVariables = Exact<{
  input: DeletePlanPartInput;
}>;


export type DeleteTargetMutation = { deleteTarget: { deletedId: string } };

export type SavePhaseMutationVariables = Exact<{
  input: SavePhaseInput;
}>;


export type SavePhaseMutation = { savePhase: { phase: { id: string, version: number } } };

export type DeletePhaseMutationVariables = Exact<{
  input: DeletePlanPartInput;
}>;


export type DeletePhaseMutation = { deletePhase: { deletedId: string } };

export type SaveMilestoneMutationVariables = Exact<{
  input: SaveMilestoneInput;
}>;


export type SaveMilestoneMutation = { saveMilestone: { milestone: { id: string, version: number } } };

export type DeleteMilestoneMutationVariables = Exact<{
  input: DeletePlanPartInput;
}>;


export type DeleteMilestoneMutation = { deleteMilestone: { deletedId: string } };

export type PlanTransitionResultFragment = { id: string, status: PlanStatus, version: number, numberSymbol: string | null };

export type SubmitPlanForReviewMutationVariables = Exact<{
  input: PlanTransitionInput;
}>;


export type SubmitPlanForReviewMutation = { submitPlanForReview: { plan: { id: string, status: PlanStatus, version: number, numberSymbol: string | null } } };

export type ReturnPlanToDraftMutationVariables = Exact<{
  input: PlanTransitionInput;
}>;


export type ReturnPlanToDraftMutation = { returnPlanToDraft: { plan: { id: string, status: PlanStatus, version: number, numberSymbol: string | null } } };

export type IssuePlanMutationVariables = Exact<{
  input: IssuePlanInput;
}>;


export type IssuePlanMutation = { issuePlan: { plan: { id: string, status: PlanStatus, version: number, numberSymbol: string | null } } };

export type RevokePlanMutationVariables = Exact<{
  input: PlanTransitionInput;
}>;


export type RevokePlanMutation = { revokePlan: { plan: { id: string, status: PlanStatus, version: number, numberSymbol: string | null } } };

export type AmendPlanMutationVariables = Exact<{
  input: AmendPlanInput;
}>;


export type AmendPlanMutation = { amendPlan: { plan: { id: string, status: PlanStatus, version: number, numberSymbol: string | null } } };

export type ObligationFieldsFragment = { id: string, planId: string, milestoneId: string, kind: ReportKind, title: string, recipient: string | null, dueDate: string | null, depth: number, status: ObligationReportStatus, compliance: ReportCompliance, submittedOn: string | null, state: ObligationState, closedOn: string | null, closedReason: ObligationClosedReason | null, period: { kind: string, year: number, index: number, label: string, start: string, end: string } | null, agency: { id: string, name: string } | null, unit: { id: string, name: string }, issuerUnit: { id: string, name: string }, report: { id: string, status: ReportStatus, versionNo: number } | null };

export type ReportObligationsQueryVariables = Exact<{
  unitId?: string | null | undefined;
  owedToUnitId?: string | null | undefined;
  milestoneId?: string | null | undefined;
  statuses?: Array<ObligationReportStatus> | ObligationReportStatus | null | undefined;
  dueBy?: string | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type ReportObligationsQuery = { reportObligations: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, nodes: Array<{ id: string, planId: string, milestoneId: string, kind: ReportKind, title: string, recipient: string | null, dueDate: string | null, depth: number, status: ObligationReportStatus, compliance: ReportCompliance, submittedOn: string | null, state: ObligationState, closedOn: string | null, closedReason: ObligationClosedReason | null, period: { kind: string, year: number, index: number, label: string, start: string, end: string } | null, agency: { id: string, name: string } | null, unit: { id: string, name: string }, issuerUnit: { id: string, name: string }, report: { id: string, status: ReportStatus, versionNo: number } | null }> } };

export type ReportFieldsFragment = { id: string, status: ReportStatus, version: number, versionNo: number, correctsReportId: string | null, periodStart: string | null, periodEnd: string | null, difficulties: string, proposals: string, recipients: Array<string>, returnedReason: string | null, firstSubmittedOn: string | null, signature: { authority: string | null, title: string | null, signerName: string | null }, unit: { id: string, name: string }, obligation: { id: string, planId: string, milestoneId: string, kind: ReportKind, title: string, recipient: string | null, dueDate: string | null, depth: number, status: ObligationReportStatus, compliance: ReportCompliance, submittedOn: string | null, state: ObligationState, closedOn: string | null, closedReason: ObligationClosedReason | null, period: { kind: string, year: number, index: number, label: string, start: string, end: string } | null, agency: { id: string, name: string } | null, unit: { id: string, name: string }, issuerUnit: { id: string, name: string }, report: { id: string, status: ReportStatus, versionNo: number } | null }, tasks: Array<{ id: string, nodeId: string | null, label: string | null, text: string, status: ReportTaskStatus, done: string, version: number }>, figures: Array<{ id: string, targetId: string, metric: string, unitOfMeasure: string, allocated: number | null, periodValue: number | null, cumulativeValue: number | null, sumFromBelow: number | null, cumulativeFromBelow: number | null, unitsBelow: number, difference: number | null, overrideNote: string | null, gap: number | null, version: number }>, subordinates: { expected: number, reported: number, missing: Array<{ id: string, name: string }> }, versions: Array<{ id: string, versionNo: number, status: ReportStatus }> };

export type ReportQueryVariables = Exact<{
  id: string;
}>;


export type ReportQuery = { report: { id: string, status: ReportStatus, version: number, versionNo: number, correctsReportId: string | null, periodStart: string | null, periodEnd: string | null, difficulties: string, proposals: string, recipients: Array<string>, returnedReason: string | null, firstSubmittedOn: string | null, signature: { authority: string | null, title: string | null, signerName: string | null }, unit: { id: string, name: string }, obligation: { id: string, planId: string, milestoneId: string, kind: ReportKind, title: string, recipient: string | null, dueDate: string | null, depth: number, status: ObligationReportStatus, compliance: ReportCompliance, submittedOn: string | null, state: ObligationState, closedOn: string | null, closedReason: ObligationClosedReason | null, period: { kind: string, year: number, index: number, label: string, start: string, end: string } | null, agency: { id: string, name: string } | null, unit: { id: string, name: string }, issuerUnit: { id: string, name: string }, report: { id: string, status: ReportStatus, versionNo: number } | null }, tasks: Array<{ id: string, nodeId: string | null, label: string | null, text: string, status: ReportTaskStatus, done: string, version: number }>, figures: Array<{ id: string, targetId: string, metric: string, unitOfMeasure: string, allocated: number | null, periodValue: number | null, cumulativeValue: number | null, sumFromBelow: number | null, cumulativeFromBelow: number | null, unitsBelow: number, difference: number | null, overrideNote: string | null, gap: number | null, version: number }>, subordinates: { expected: number, reported: number, missing: Array<{ id: string, name: string }> }, versions: Array<{ id: string, versionNo: number, status: ReportStatus }> } };

export type ReportPlanQueryVariables = Exact<{
  id: string;
}>;


export type ReportPlanQuery = { plan: { id: string, title: string, numberSymbol: string | null } };

export type CreateReportMutationVariables = Exact<{
  input: CreateReportInput;
}>;


export type CreateReportMutation = { createReport: { report: { id: string } } };

export type UpdateReportTaskMutationVariables = Exact<{
  input: UpdateReportTaskInput;
}>;


export type UpdateReportTaskMutation = { updateReportTask: { task: { id: string, status: ReportTaskStatus, done: string, version: number } } };

export type UpdateReportFigureMutationVariables = Exact<{
  input: UpdateReportFigureInput;
}>;


export type UpdateReportFigureMutation = { updateReportFigure: { figure: { id: string, periodValue: number | null, cumulativeValue: number | null, overrideNote: string | null, difference: number | null, gap: number | null, version: number } } };

export type UpdateReportTextMutationVariables = Exact<{
  input: UpdateReportTextInput;
}>;


export type UpdateReportTextMutation = { updateReportText: { report: { id: string, version: number, periodStart: string | null, periodEnd: string | null, difficulties: string, proposals: string, recipients: Array<string>, signature: { authority: string | null, title: string | null, signerName: string | null } } } };

export type SubmitReportMutationVariables = Exact<{
  input: ReportTransitionInput;
}>;


export type SubmitReportMutation = { submitReport: { report: { id: string, status: ReportStatus, version: number } } };

export type AcceptReportMutationVariables = Exact<{
  input: ReportTransitionInput;
}>;


export type AcceptReportMutation = { acceptReport: { report: { id: string, status: ReportStatus, version: number } } };

export type ReturnReportMutationVariables = Exact<{
  input: ReportTransitionInput;
}>;


export type ReturnReportMutation = { returnReport: { report: { id: string, status: ReportStatus, version: number } } };

export type CorrectReportMutationVariables = Exact<{
  input: CorrectReportInput;
}>;


export type CorrectReportMutation = { correctReport: { report: { id: string } } };

export type ReportRollupQueryVariables = Exact<{
  milestoneId: string;
  period?: string | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type ReportRollupQuery = { reportRollup: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, nodes: Array<{ obligation: { id: string, planId: string, kind: ReportKind, title: string, depth: number, status: ObligationReportStatus, compliance: ReportCompliance, submittedOn: string | null, dueDate: string | null, period: { key: string, kind: string, year: number, index: number } | null, agency: { id: string, name: string } | null, unit: { id: string, name: string }, report: { id: string, status: ReportStatus } | null }, targets: Array<{ targetId: string, metric: string, unitOfMeasure: string, allocated: number | null, achieved: number | null, achievedCumulative: number | null, reportedByUnit: boolean, gap: number | null }> }> } };

export type ReportRollupSummaryQueryVariables = Exact<{
  milestoneId: string;
  period?: string | null | undefined;
}>;


export type ReportRollupSummaryQuery = { reportRollupSummary: { units: number, byCompliance: Array<{ compliance: ReportCompliance, count: number }>, targets: Array<{ targetId: string, metric: string, unitOfMeasure: string, allocated: number | null, achieved: number | null, achievedCumulative: number | null, unitsReporting: number, gap: number | null }> } };

export type ImportReportFiguresMutationVariables = Exact<{
  input: ImportReportFiguresInput;
}>;


export type ImportReportFiguresMutation = { importReportFigures: { dryRun: boolean, applied: boolean, sheet: string, previewDigest: string, warningCount: number, changes: Array<{ targetId: string, metric: string, unitOfMeasure: string, field: ReportFigureField, before: string | null, after: string | null, cell: string }>, warnings: Array<{ code: string, cell: string | null, unitName: string | null, metric: string | null, field: ReportFigureField | null, inFile: string | null, current: string | null }>, report: { id: string, version: number } } };

export type ReportTrendQueryVariables = Exact<{
  planId: string;
  targetId?: string | null | undefined;
}>;


export type ReportTrendQuery = { reportTrend: { planId: string, periods: Array<{ milestoneId: string, kind: ReportKind, title: string, dueDate: string | null, periodStart: string | null, periodEnd: string | null, units: number, reported: number }>, targets: Array<{ targetId: string, metric: string, unitOfMeasure: string, allocated: number | null, points: Array<{ achieved: number | null, achievedCumulative: number | null, unitsReporting: number, gap: number | null }> }> } };

export type ReportPeriodsQueryVariables = Exact<{
  milestoneId: string;
  unitId: string;
}>;


export type ReportPeriodsQuery = { reportObligations: { nodes: Array<{ id: string, agency: { id: string } | null, period: { key: string, kind: string, year: number, index: number } | null }> } };

export type UnitCoreFragment = { id: string, code: string, name: string, kind: string, level: UnitLevel, validFrom: string | null, validTo: string | null, childCount: number };

export type UnitChildrenQueryVariables = Exact<{
  id: string | number;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type UnitChildrenQuery = { unit: { id: string, children: { totalCount: number, nodes: Array<{ id: string, code: string, name: string, kind: string, level: UnitLevel, validFrom: string | null, validTo: string | null, childCount: number }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } } };

export type UnitDetailsQueryVariables = Exact<{
  id: string | number;
}>;


export type UnitDetailsQuery = { unit: { id: string, code: string, name: string, kind: string, level: UnitLevel, validFrom: string | null, validTo: string | null, childCount: number, parent: { id: string, name: string } | null, ancestors: Array<{ id: string, name: string }>, successors: Array<{ kind: string, unit: { id: string, name: string, code: string, validFrom: string | null } }>, predecessors: Array<{ kind: string, unit: { id: string, name: string, code: string, validTo: string | null } }> } };

export type UnitSearchQueryVariables = Exact<{
  filter?: UnitFilter | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type UnitSearchQuery = { units: { totalCount: number, nodes: Array<{ id: string, code: string, name: string, kind: string, level: UnitLevel, validFrom: string | null, validTo: string | null, childCount: number, parent: { id: string, name: string } | null, ancestors: Array<{ id: string }> }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type UnitDescendantSearchQueryVariables = Exact<{
  id: string | number;
  search?: string | null | undefined;
  first?: number | null | undefined;
}>;


export type UnitDescendantSearchQuery = { unit: { id: string, descendants: { nodes: Array<{ id: string, name: string, code: string, validTo: string | null, parent: { name: string } | null }> } } };

export type UnitSummaryQueryVariables = Exact<{
  id: string | number;
}>;


export type UnitSummaryQuery = { unit: { id: string, name: string, code: string, kind: string, level: UnitLevel, validTo: string | null, parent: { name: string } | null, ancestors: Array<{ id: string, name: string }> } };

export type UnitNodeQueryVariables = Exact<{
  id: string | number;
}>;


export type UnitNodeQuery = { unit: { id: string, code: string, name: string, kind: string, level: UnitLevel, validFrom: string | null, validTo: string | null, childCount: number } };

export type UserFieldsFragment = { id: string, username: string, displayName: string, email: string | null, role: Role, agencyId: string | null, disabled: boolean, version: number, createdAt: string, agency: { id: string, name: string } | null, unit: { id: string, name: string, code: string } };

export type UsersQueryVariables = Exact<{
  unitId: string | number;
  first?: number | null | undefined;
  after?: string | null | undefined;
  includeDescendants?: boolean | null | undefined;
  search?: string | null | undefined;
}>;


export type UsersQuery = { users: { totalCount: number, nodes: Array<{ id: string, username: string, displayName: string, email: string | null, role: Role, agencyId: string | null, disabled: boolean, version: number, createdAt: string, agency: { id: string, name: string } | null, unit: { id: string, name: string, code: string } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type CreateUserMutationVariables = Exact<{
  input: CreateUserInput;
}>;


export type CreateUserMutation = { createUser: { user: { id: string, username: string, displayName: string, email: string | null, role: Role, agencyId: string | null, disabled: boolean, version: number, createdAt: string, agency: { id: string, name: string } | null, unit: { id: string, name: string, code: string } } } };

export type UpdateUserMutationVariables = Exact<{
  input: UpdateUserInput;
}>;


export type UpdateUserMutation = { updateUser: { user: { id: string, username: string, displayName: string, email: string | null, role: Role, agencyId: string | null, disabled: boolean, version: number, createdAt: string, agency: { id: string, name: string } | null, unit: { id: string, name: string, code: string } } } };
