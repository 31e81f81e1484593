/**
 * The plan as a document (docs/DESIGN.md §3), independent of storage: what the importer produces, what
 * the exporter prints, what derivation copies. The database model (plan tables) stores exactly
 * these facts; GraphQL types mirror them. Dates are calendar dates "YYYY-MM-DD"; text is NFC.
 */

export const DocumentTypes = [
  'DIRECTIVE', // Chỉ thị (CT)
  'RESOLUTION', // Nghị quyết (NQ)
  'CONCLUSION', // Kết luận (KL)
  'DECISION', // Quyết định (QĐ)
  'PLAN', // Kế hoạch (KH)
  'OFFICIAL_LETTER', // Công văn (CV, or a symbol like 3631/VPCP-KGVX)
  'URGENT_DISPATCH', // Công điện (CĐ)
  'OPERATIONAL_PLAN', // Phương án (PA)
  'DECREE', // Nghị định (NĐ)
  'LAW', // Luật, Bộ luật
  'CIRCULAR', // Thông tư (TT)
  'PROJECT', // Đề án
  'PROGRAM', // Chương trình
  'OTHER',
] as const;
export type DocumentType = (typeof DocumentTypes)[number];

/** A document cited as a legal basis ("Thực hiện Chỉ thị số 36-CT/TW ngày 16/8/2019 của Bộ Chính trị …"). */
export interface DocumentReference {
  type: DocumentType;
  /** Number and symbol as written: "36-CT/TW", "45/KH-UBND", "1425/QĐ-TTg"; null when uncited. */
  number: string | null;
  date: string | null;
  /** Issuing body as written: "Bộ Chính trị", "Ủy ban nhân dân tỉnh Gia Lai". */
  issuer: string | null;
  /** Subject ("về tăng cường, nâng cao hiệu quả …"), when the citation gives it. */
  title: string | null;
  /** The citation exactly as it stands in the source. */
  text: string;
  /** Set when the cited document is a plan in the system: that plan is the parent. */
  planId?: string | null;
}

/** Kinds of body nodes, by their label style. */
export const NodeKinds = [
  'SECTION', // "I.", "II." (Roman numerals)
  'ITEM', // "1.", "2.1.", "2.1.3."
  'POINT', // "a)", "đ)"
  'BULLET', // "-", "–", "+", "*"
  'PARAGRAPH', // unlabelled text
  'TABLE', // a table kept as a table: its text is its rows, one per line, "| cell | cell |"
] as const;
export type NodeKind = (typeof NodeKinds)[number];

/** An agency as named in the text, matched to an Agency of the plan's unit when possible. */
export interface AgencyRef {
  /** As written: "Công an tỉnh", "Sở Lao động, Thương binh và Xã hội". */
  name: string;
  sector: string | null;
  agencyId?: string | null;
  /** "UBND các huyện, thị xã, thành phố", "UBND cấp xã": every child unit (docs/DESIGN.md §2). */
  subordinateCommittees?: boolean;
  /** Set by derivation when no agency of the new unit has this agency's sector: the editor resolves it. */
  unmatched?: boolean;
}

export const TimingKinds = ['BY_DATE', 'WITHIN_PERIOD', 'DURING_PHASE', 'RECURRING'] as const;
export type TimingKind = (typeof TimingKinds)[number];

export interface Timing {
  kind: TimingKind;
  /** BY_DATE: complete by this date ("hoàn thành trước 30/8/2024"). */
  dueDate?: string | null;
  /** WITHIN_PERIOD: "trong quý IV/2025" → 2025-10-01..2025-12-31; "năm 2025". */
  periodStart?: string | null;
  periodEnd?: string | null;
  /** DURING_PHASE: key of a Phase ("trong cao điểm" → the campaign). */
  phaseKey?: string | null;
  /** Also ongoing ("… và thực hiện thường xuyên"). */
  recurring: boolean;
  /** As written. */
  text: string;
}

export interface TaskFacts {
  lead: AgencyRef[];
  cooperating: AgencyRef[];
  timing: Timing | null;
}

export const Comparators = ['AT_LEAST', 'EXACT', 'AT_MOST'] as const;
export type Comparator = (typeof Comparators)[number];

export interface TargetAllocation {
  /** As written: "thành phố Lào Cai", "Các phòng nghiệp vụ Công an tỉnh". */
  assignee: string;
  /** The child unit it names, when resolved (derivation copies only the caller's own). */
  unitId?: number | null;
  agencyId?: string | null;
  value: number;
}

/** A quantitative target (chỉ tiêu). */
export interface Target {
  key: string;
  /** Node whose text states it. */
  nodeKey: string;
  /** What is counted: "số vụ phát hiện, bắt giữ, khởi tố", "người nghiện có hồ sơ quản lý". */
  metric: string;
  /** vụ, buổi, đối tượng, %, lần/ngày … */
  unitOfMeasure: string;
  comparator: Comparator;
  /** Total for the plan's unit; null when the text gives only allocations. */
  value: number | null;
  periodStart?: string | null;
  periodEnd?: string | null;
  phaseKey?: string | null;
  /** Year of a roadmap step ("đến năm 2025: 50%"). */
  year?: number | null;
  responsible?: AgencyRef | null;
  allocations: TargetAllocation[];
}

/** Giai đoạn, or the whole campaign period. */
export interface Phase {
  key: string;
  nodeKey: string | null;
  name: string;
  startDate: string | null;
  endDate: string | null;
  goal: string | null;
}

export const MilestoneKinds = [
  'RESULT_REPORT', // Báo cáo kết quả (định kỳ, 01 tháng …)
  'INTERIM_REVIEW', // Sơ kết
  'FINAL_REVIEW', // Tổng kết
  'PLAN_SUBMISSION', // subordinates send their own plans ("gửi Kế hoạch về UBND tỉnh trước ngày 30/08/2024")
] as const;
export type MilestoneKind = (typeof MilestoneKinds)[number];

/**
 * How often a periodic report recurs ("báo cáo định kỳ hằng tháng, hằng quý, 6 tháng, hằng năm"),
 * the periods of docs/REPORTS.md "Periods" (api/src/modules/reports/periods.ts `PeriodKinds`).
 */
export const Recurrences = ['MONTH', 'QUARTER', 'HALF_YEAR', 'YEAR'] as const;
export type Recurrence = (typeof Recurrences)[number];

export interface ReportingMilestone {
  key: string;
  nodeKey: string | null;
  kind: MilestoneKind;
  title: string;
  dueDate: string | null;
  /** Who reports to whom, as written: "về UBND tỉnh (qua Công an tỉnh)". */
  recipient: string | null;
  /** A periodic report: one per period of the plan's span (null or absent: a one-off report on dueDate). */
  recurrence?: Recurrence | null;
  /** Of a periodic report: the day of each period's last month it is due ("trước ngày 20 hằng tháng"). */
  dueDay?: number | null;
}

/**
 * A node of the document tree, addressed by keys, not ids: what import produces, export prints and
 * derivation copies. Not the GraphQL type `PlanNode` (a stored node: PlanNodeRow in plan.types.ts).
 */
export interface DocNode {
  /** Unique within the document; stable across edits. */
  key: string;
  parentKey: string | null;
  kind: NodeKind;
  /** The printed label exactly: "I.", "2.1.", "đ)", "-"; null for a paragraph. */
  label: string | null;
  /** The node's own text without its label (children are separate nodes). */
  text: string;
  task: TaskFacts | null;
}

export interface PlanHeader {
  /** Issuing body lines of the header ("ỦY BAN NHÂN DÂN TỈNH LÀO CAI"), when present. */
  issuingBody: string | null;
  /** "45" of "Số: 45/KH-UBND"; null before issuing. */
  number: string | null;
  /** "KH-UBND". */
  symbol: string | null;
  place: string | null;
  /** The date line as printed, "Lào Cai, ngày    tháng    năm 2024". */
  dateLine: string | null;
  issuedDate: string | null;
  /** "KẾ HOẠCH" (document kind line). */
  documentKind: string;
  /** The subject under the kind line. */
  title: string;
}

export interface Signature {
  /** "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH"; null when signing in own name. */
  authority: string | null;
  /** "CHỦ TỊCH", "PHÓ CHỦ TỊCH". */
  title: string | null;
  signerName: string | null;
}

export interface PlanDocument {
  header: PlanHeader;
  /** The opening paragraph(s) before the first section, citing the legal bases. */
  preamble: string;
  legalBases: DocumentReference[];
  nodes: DocNode[];
  phases: Phase[];
  targets: Target[];
  milestones: ReportingMilestone[];
  /** Recipients block ("Nơi nhận"), one entry per line as written. */
  recipients: string[];
  signature: Signature;
}

/**
 * A plan's symbol: the state form "KH-UBND" (Decree 30/2020: groups joined by "-"), or the Party
 * form "KH/TU", "KH/ĐU", "KH/BCĐ" (type "/" issuer; docs/DOCUMENT-FORMAT.md, "Party documents").
 */
export const PLAN_SYMBOL = /^(?:[A-ZĐ0-9]+(?:-[A-ZĐ0-9]+)*|[A-ZĐ]+\/[A-ZĐ0-9]+(?:-[A-ZĐ0-9]+)*)$/u;

/** "45/KH-UBND", or a Party number "125-KH/TU" (its symbol holds the "/"); null before a number. */
export function numberSymbol(number: string | null, symbol: string): string | null {
  if (!number) return null;
  return symbol.includes('/') ? `${number}-${symbol}` : `${number}/${symbol}`;
}
