/**
 * The derivation model of the bulk generator: what derivePlan and the edits after it write,
 * computed in memory from the parent plan so that a whole level of the country can be written in
 * one COPY per table. It mirrors api/src/modules/derivation/derivation.service.ts (outline and
 * derivePlan), plan-editing.service.ts (updateNode, omitNode, addNode, saveTarget),
 * plan.service.ts (updatePlanHeader) and plan-lifecycle.service.ts (submit, issue), reusing their
 * exported helpers — and the agency mapper itself, fed from memory. The equivalence test
 * (tests/api/bench-smoke.test.ts) checks row by row that it writes what those write paths write.
 *
 * A unit's decisions (status, dates, edits) are a `PlanScript` expressed in terms of the parent
 * document (nodes by document index), so the same script can also be played through GraphQL.
 */
import 'reflect-metadata';
import type { EntityManager } from '@mikro-orm/postgresql';
import { createAgencyMapper, inlineUnitName } from '../../api/src/modules/derivation/agency-mapping.js';
import { REPORT_LEAD_DAYS, buildDerivedDocument, daysBefore } from '../../api/src/modules/derivation/derivation.service.js';
import { defaultIssuingBody } from '../../api/src/modules/plans/plan.service.js';
import { dateLine, placeOf } from '../../api/src/modules/plans/plan-lifecycle.service.js';
import type { AgencyRef, PlanDocument } from '../../api/src/modules/plans/plan-document.js';
import type { PlanRow } from '../../api/src/modules/plans/plan.types.js';
import { ADAPTATIONS, OMISSION_REASONS, localNodeText } from './content.js';
import { addDays, rng, type Rng } from './prng.js';

export interface UnitRow {
  id: number;
  code: string;
  name: string;
  kind: string;
  level: 'CENTRAL' | 'PROVINCE' | 'DISTRICT' | 'COMMUNE';
  parentId: number | null;
  provinceId: number | null;
  path: string;
  validFrom: string | null;
  validTo: string | null;
}

export interface AgencyRow {
  id: string;
  name: string;
  sector: string;
  disabled: boolean;
}

/** Agencies by unit, each list in the database's `order by name`. */
export type AgencyIndex = Map<number, AgencyRow[]>;

export const unitKey = (u: Pick<UnitRow, 'code' | 'validFrom'>) => `${u.code}${u.validFrom ? '@2025' : ''}`;

/* ------------------------------------------------------------- outline */

export interface Outline {
  parent: PlanRow;
  unit: UnitRow;
  document: PlanDocument;
  mappingUnmatched: string[];
  takenTargets: { parentTargetId: string; metric: string; unitOfMeasure: string; value: number | null; allocated: boolean }[];
}

/** outlineDerivation() of derivation.service.ts, without the database: the parent document is given. */
export async function outline(
  parent: PlanRow,
  parentUnit: UnitRow,
  source: PlanDocument,
  unit: UnitRow,
  agencies: AgencyIndex,
): Promise<Outline> {
  const stub = {
    execute: async (sql: string, params: unknown[]) => {
      const list = agencies.get(Number(params[0])) ?? [];
      return sql.includes('disabled_at is null') ? list.filter((a) => !a.disabled) : list;
    },
  } as unknown as EntityManager;
  const mapper = await createAgencyMapper(stub, parent.unitId, unit);
  // The product's own derivation: the bulk generator writes what derivePlan would.
  const { document, takenTargets } = buildDerivedDocument(parent, parentUnit, source, unit, mapper);
  return {
    parent,
    unit,
    document,
    mappingUnmatched: mapper
      .entries()
      .filter((m) => !m.to)
      .map((m) => m.from.name),
    takenTargets,
  };
}

/* -------------------------------------------------------------- script */

export interface TaskInputSpec {
  lead: { name: string; sector: string; agencyId: string }[];
  cooperating: { name: string; sector: string; agencyId: string }[];
  timing: { kind: 'RECURRING' | 'BY_DATE'; dueDate?: string; recurring?: boolean; text: string };
}

export interface PlanScript {
  unit: UnitRow;
  status: 'DRAFT' | 'IN_REVIEW' | 'ISSUED';
  /** Deadline the plan sets for its own subordinates (header edit); null: keep the derived one. */
  deadline: string | null;
  adapt: { sourceIdx: number; text: string }[];
  omit: { sourceIdx: number; reason: string }[];
  local: { parentSourceIdx: number; afterSourceIdx: number | null; kind: 'BULLET'; label: string; text: string; task: TaskInputSpec }[];
  /** Allocations of the plan's targets to its subordinate units (saveTarget), by parent target key. */
  allocate: { parentTargetId: string; allocations: { assignee: string; unitId: number; value: number }[] }[];
  issuedDate: string | null;
  number: string | null;
  signerName: string;
}

export interface Knobs {
  seed: string;
  /** Units whose plan is filled with local tasks up to this many nodes (the benchmark's 300-node plan). */
  fillTo: Map<string, number>;
  /** Forced outcomes by unit key. */
  force: Map<string, 'NONE' | 'DRAFT' | 'IN_REVIEW' | 'ISSUED'>;
  maxNodes: number;
}

const STATUS_MIX: Record<string, [number, number, number, number]> = {
  // none, draft, in review, issued
  PROVINCE: [0.03, 0.02, 0.02, 0.93],
  DISTRICT: [0.04, 0.05, 0.05, 0.86],
  COMMUNE: [0.1, 0.08, 0.08, 0.74],
};

/** Does this unit have a plan, and in which state? Drawn per unit, independent of processing order. */
export function planOutcome(unit: UnitRow, knobs: Knobs): 'NONE' | 'DRAFT' | 'IN_REVIEW' | 'ISSUED' {
  const forced = knobs.force.get(unitKey(unit));
  if (forced) return forced;
  const r = rng(knobs.seed, 'status', unitKey(unit));
  const [none, draft, review] = STATUS_MIX[unit.level] ?? STATUS_MIX.COMMUNE;
  const x = r.next();
  if (x < none) return 'NONE';
  if (x < none + draft) return 'DRAFT';
  if (x < none + draft + review) return 'IN_REVIEW';
  return 'ISSUED';
}

function split(r: Rng, total: number, weights: number[]): number[] {
  const w = weights.map((x) => x * (0.6 + r.next() * 0.8));
  const sum = w.reduce((s, x) => s + x, 0) || 1;
  const out = w.map((x) => Math.floor((total * x) / sum));
  let rest = total - out.reduce((s, x) => s + x, 0);
  for (let i = 0; rest > 0; i = (i + 1) % out.length, rest--) out[i]++;
  return out;
}

/**
 * The unit's decisions for its plan derived from `o.parent`: status and dates, header deadline,
 * adaptations, omissions (leaves only), local tasks with its own agencies, allocations of its
 * targets to `children` (units below it on the plan's date, with weights).
 */
export function planScript(
  o: Outline,
  knobs: Knobs,
  status: 'DRAFT' | 'IN_REVIEW' | 'ISSUED',
  ownAgencies: AgencyRow[],
  children: { unit: UnitRow; weight: number }[],
): PlanScript {
  const unit = o.unit;
  const r = rng(knobs.seed, 'script', unitKey(unit));
  const nodes = o.document.nodes;
  const hasChildren = new Set(nodes.map((n) => n.parentKey));
  const anchored = new Set([
    ...o.document.targets.map((t) => t.nodeKey),
    ...o.document.phases.map((p) => p.nodeKey),
    ...o.document.milestones.map((m) => m.nodeKey),
  ]);
  const idx = new Map(nodes.map((n, i) => [n.key, i]));

  // Omissions: leaf bullets without anything anchored on them; tasks nobody here can lead first.
  const leaves = nodes.map((n, i) => ({ n, i })).filter(({ n }) => n.kind === 'BULLET' && !hasChildren.has(n.key) && !anchored.has(n.key));
  const unmatchedLeaves = leaves.filter(({ n }) => n.task?.lead.some((a) => (a as AgencyRef).unmatched));
  const nOmit = r.int(0, 3);
  const omitPool = unmatchedLeaves.length >= nOmit ? unmatchedLeaves : leaves;
  const omit = r.sample(omitPool, nOmit).map(({ i }) => ({ sourceIdx: i, reason: r.pick(OMISSION_REASONS) }));
  const omitted = new Set(omit.map((x) => x.sourceIdx));

  // Adaptations: text edits of nodes that stay.
  const where = inlineUnitName(unit.name);
  const adaptable = nodes.map((n, i) => ({ n, i })).filter(({ n, i }) => !omitted.has(i) && n.kind !== 'SECTION');
  const adapt = r.sample(adaptable, r.int(0, 6)).map(({ n, i }) => {
    let text = r.pick(ADAPTATIONS)(n.text, where);
    if (text === n.text) text = ADAPTATIONS[0](n.text, where);
    return { sourceIdx: i, text };
  });

  // Local tasks under items and points of the task sections.
  // Omitted nodes stay in the document (and count toward its limits).
  const size = nodes.length;
  const fill = knobs.fillTo.get(unitKey(unit));
  const nLocal =
    fill !== undefined
      ? Math.max(0, fill - size)
      : Math.max(0, Math.min(r.int(0, unit.level === 'COMMUNE' ? 10 : 18), knobs.maxNodes - size));
  const containers = nodes
    .map((n, i) => ({ n, i }))
    .filter(({ n }) => (n.kind === 'POINT' || n.kind === 'ITEM') && hasChildren.has(n.key) && n.parentKey !== null);
  const local: PlanScript['local'] = [];
  const leaders = ownAgencies.filter((a) => !a.disabled);
  for (let k = 0; k < nLocal && containers.length && leaders.length; k++) {
    const c = r.pick(containers);
    const kids = nodes.map((n, i) => ({ n, i })).filter(({ n, i }) => n.parentKey === c.n.key && !omitted.has(i));
    const after = kids.length && r.chance(0.8) ? r.pick(kids).i : null;
    const lead = r.pick(leaders);
    const coop = r.chance(0.5)
      ? r.sample(
          leaders.filter((a) => a.id !== lead.id),
          1,
        )
      : [];
    const recurring = r.chance(0.5);
    const due = addDays(o.parent.periodStart ?? '2024-03-01', r.int(20, 200));
    const [y, m, d] = due.split('-').map(Number);
    local.push({
      parentSourceIdx: c.i,
      afterSourceIdx: after,
      kind: 'BULLET',
      label: '-',
      text: localNodeText(r, where, lead.name),
      task: {
        lead: [{ name: lead.name, sector: lead.sector, agencyId: lead.id }],
        cooperating: coop.map((a) => ({ name: a.name, sector: a.sector, agencyId: a.id })),
        timing: recurring
          ? { kind: 'RECURRING', recurring: true, text: 'thực hiện thường xuyên' }
          : { kind: 'BY_DATE', dueDate: due, text: `hoàn thành trước ngày ${d}/${m}/${y}` },
      },
    });
  }

  // Allocations of taken count targets to the units below.
  const allocate: PlanScript['allocate'] = [];
  if (children.length) {
    for (const t of o.document.targets) {
      const taken = o.takenTargets.find((x) => x.parentTargetId === t.key);
      if (!taken?.allocated || t.value === null) continue;
      const values = split(
        r,
        t.value,
        children.map((c) => c.weight),
      );
      allocate.push({
        parentTargetId: t.key,
        allocations: children.map((c, i) => ({ assignee: c.unit.name, unitId: c.unit.id, value: values[i] })),
      });
    }
  }

  const issuedDate = status === 'ISSUED' ? addDays(o.parent.issuedDate!, r.int(3, 40)) : null;
  // A plan with units below sets their deadline: a month after its own expected issue.
  const deadline = children.length ? addDays(issuedDate ?? addDays(o.parent.issuedDate!, 20), 30) : null;
  void idx;
  return {
    unit,
    status,
    deadline,
    adapt,
    omit,
    local,
    allocate,
    issuedDate,
    number: status === 'ISSUED' ? String(r.int(1, 480)) : null,
    signerName: r.pick(['Nguyễn Văn An', 'Trần Thị Bình', 'Lê Văn Cường', 'Phạm Thị Dung', 'Hoàng Văn Em', 'Vũ Thị Giang']),
  };
}

/* ------------------------------------------------------- rows in memory */

export interface StoredTaskJson {
  lead: unknown[];
  cooperating: unknown[];
  timing: Record<string, unknown> | null;
}

export interface GenNode {
  id: string;
  parentId: string | null;
  kind: string;
  label: string | null;
  text: string;
  task: StoredTaskJson | null;
  derivedFrom: string | null;
  snapshot: unknown;
  version: number;
  provenance: 'INHERITED' | 'ADAPTED' | 'LOCAL' | 'OMITTED';
}

export interface GenTarget {
  id: string;
  nodeId: string | null;
  position: number;
  metric: string;
  unitOfMeasure: string;
  comparator: string;
  value: number | null;
  periodStart: string | null;
  periodEnd: string | null;
  phaseId: string | null;
  year: number | null;
  responsible: Record<string, unknown> | null;
  derivedFrom: string;
  version: number;
  allocations: { id: string; position: number; assignee: string; unitId: number | null; agencyId: string | null; value: number }[];
}

export interface GenAudit {
  action: string;
  actor: string;
  before: unknown;
  after: unknown;
}

export interface GenPlan {
  id: string;
  unit: UnitRow;
  parentPlanId: string;
  status: string;
  issuingBody: string;
  number: string | null;
  symbol: string;
  place: string | null;
  dateLine: string | null;
  issuedDate: string | null;
  documentKind: string;
  title: string;
  preamble: string;
  periodStart: string | null;
  periodEnd: string | null;
  submissionDeadline: string | null;
  recipients: string[];
  signature: { authority: string | null; title: string | null; signerName: string | null };
  issuedBy: string | null;
  createdBy: string;
  version: number;
  legalBases: {
    id: string;
    position: number;
    type: string;
    number: string | null;
    date: string | null;
    issuer: string | null;
    title: string | null;
    text: string;
    refPlanId: string | null;
  }[];
  /** Children lists by parent id ('' for the top level), in document order. */
  tree: Map<string, GenNode[]>;
  phases: {
    id: string;
    nodeId: string | null;
    position: number;
    name: string;
    startDate: string | null;
    endDate: string | null;
    goal: string | null;
  }[];
  targets: GenTarget[];
  milestones: {
    id: string;
    nodeId: string | null;
    position: number;
    kind: string;
    title: string;
    dueDate: string | null;
    recipient: string | null;
  }[];
  omissions: { sourceNodeId: string; reason: string }[];
  audits: GenAudit[];
}

const agencyRefOut = (a: Record<string, unknown>) => ({
  name: a.name,
  sector: a.sector ?? null,
  agencyId: a.agencyId ?? null,
  subordinateCommittees: a.subordinateCommittees ?? false,
  unmatched: a.unmatched ?? false,
});

/** cleanAgencyRef() of plan-editing.service.ts. */
const cleanRef = (a: {
  name: string;
  sector?: string | null;
  agencyId?: string | null;
  subordinateCommittees?: boolean;
  unmatched?: boolean;
}) => ({
  name: a.name.normalize('NFC').trim(),
  sector: a.sector ?? null,
  agencyId: a.agencyId ? a.agencyId.toLowerCase() : null,
  subordinateCommittees: a.subordinateCommittees ?? false,
  unmatched: a.agencyId ? false : (a.unmatched ?? false),
});

/** The target as loadTargets() returns it (what the audit trail records). */
export function targetOut(planId: string, t: GenTarget) {
  const allocations = t.allocations.map((a) => ({
    id: a.id,
    targetId: t.id,
    assignee: a.assignee,
    unitId: a.unitId,
    agencyId: a.agencyId,
    value: a.value,
  }));
  const sum = allocations.reduce((s, a) => s + Math.round(a.value * 1000), 0) / 1000;
  return {
    id: t.id,
    planId,
    nodeId: t.nodeId,
    position: t.position,
    metric: t.metric,
    unitOfMeasure: t.unitOfMeasure,
    comparator: t.comparator,
    value: t.value,
    periodStart: t.periodStart,
    periodEnd: t.periodEnd,
    phaseId: t.phaseId,
    year: t.year,
    responsible: t.responsible ? agencyRefOut(t.responsible) : null,
    derivedFromTargetId: t.derivedFrom,
    version: t.version,
    allocations,
    allocationSum: sum,
    allocationsMatch: t.value === null || allocations.length === 0 ? null : Math.abs(sum - t.value) < 1e-9,
  };
}

const snapshotOf = (n: Pick<GenNode, 'kind' | 'label' | 'text' | 'task'>) => ({ kind: n.kind, label: n.label, text: n.text, task: n.task });

/** Plays derivePlan and then the script's edits and transitions, in the order the GraphQL path plays them. */
export function applyScript(o: Outline, s: PlanScript, ids: Rng, users: { editor: string; approver: string }): GenPlan {
  const unit = o.unit;
  const doc = o.document;
  const planId = ids.uuid();
  const nodeIds = new Map(doc.nodes.map((n) => [n.key, ids.uuid()]));
  const phaseIds = new Map(doc.phases.map((f) => [f.key, ids.uuid()]));
  const nodeId = (key: string | null | undefined) => (key ? (nodeIds.get(key) ?? null) : null);
  const tree = new Map<string, GenNode[]>();
  const byId = new Map<string, GenNode>();
  const bySource: GenNode[] = [];
  for (const n of doc.nodes) {
    const t = n.task;
    const task: StoredTaskJson | null = t
      ? {
          lead: t.lead as unknown[],
          cooperating: t.cooperating as unknown[],
          timing: t.timing
            ? {
                kind: t.timing.kind,
                dueDate: t.timing.dueDate ?? null,
                periodStart: t.timing.periodStart ?? null,
                periodEnd: t.timing.periodEnd ?? null,
                phaseId: t.timing.phaseKey ? (phaseIds.get(t.timing.phaseKey) ?? null) : null,
                recurring: t.timing.recurring,
                text: t.timing.text,
              }
            : null,
        }
      : null;
    const g: GenNode = {
      id: nodeIds.get(n.key)!,
      parentId: nodeId(n.parentKey),
      kind: n.kind,
      label: n.label,
      text: n.text,
      task: JSON.parse(JSON.stringify(task)) as StoredTaskJson | null,
      derivedFrom: n.key,
      snapshot: null,
      version: 1,
      provenance: 'INHERITED',
    };
    g.snapshot = snapshotOf(g);
    const k = g.parentId ?? '';
    if (!tree.has(k)) tree.set(k, []);
    tree.get(k)!.push(g);
    byId.set(g.id, g);
    bySource.push(g);
  }
  const targets: GenTarget[] = doc.targets.map((t, i) => ({
    id: ids.uuid(),
    nodeId: nodeId(t.nodeKey),
    position: i,
    metric: t.metric,
    unitOfMeasure: t.unitOfMeasure,
    comparator: t.comparator,
    value: t.value,
    periodStart: t.periodStart ?? null,
    periodEnd: t.periodEnd ?? null,
    phaseId: t.phaseKey ? (phaseIds.get(t.phaseKey) ?? null) : null,
    year: t.year ?? null,
    responsible: (t.responsible as Record<string, unknown> | null) ?? null,
    derivedFrom: t.key,
    version: 1,
    allocations: [],
  }));
  const plan: GenPlan = {
    id: planId,
    unit,
    parentPlanId: o.parent.id,
    status: 'DRAFT',
    issuingBody: defaultIssuingBody(unit.name),
    number: null,
    symbol: 'KH-UBND',
    place: null,
    dateLine: null,
    issuedDate: null,
    documentKind: doc.header.documentKind,
    title: doc.header.title,
    preamble: doc.preamble,
    periodStart: o.parent.periodStart,
    periodEnd: o.parent.periodEnd,
    submissionDeadline: daysBefore(o.parent.submissionDeadline, REPORT_LEAD_DAYS),
    recipients: doc.recipients,
    signature: { ...doc.signature },
    issuedBy: null,
    createdBy: users.editor,
    version: 1,
    legalBases: doc.legalBases.map((b, i) => ({
      id: ids.uuid(),
      position: i,
      type: b.type,
      number: b.number,
      date: b.date,
      issuer: b.issuer,
      title: b.title,
      text: b.text,
      refPlanId: b.planId ?? null,
    })),
    tree,
    phases: doc.phases.map((f, i) => ({
      id: phaseIds.get(f.key)!,
      nodeId: nodeId(f.nodeKey),
      position: i,
      name: f.name,
      startDate: f.startDate,
      endDate: f.endDate,
      goal: f.goal,
    })),
    targets,
    milestones: doc.milestones.map((m, i) => ({
      id: ids.uuid(),
      nodeId: nodeId(m.nodeKey),
      position: i,
      kind: m.kind,
      title: m.title,
      dueDate: m.dueDate,
      recipient: m.recipient,
    })),
    omissions: [],
    audits: [],
  };
  const audit = (action: string, actor: string, before: unknown, after: unknown) => plan.audits.push({ action, actor, before, after });
  audit('DERIVE', users.editor, undefined, {
    parentPlanId: o.parent.id,
    nodes: doc.nodes.length,
    targets: o.takenTargets,
    unmatchedAgencies: o.mappingUnmatched,
  });

  const header = () => ({
    title: plan.title,
    issuingBody: plan.issuingBody,
    symbol: plan.symbol,
    place: plan.place,
    dateLine: plan.dateLine,
    documentKind: plan.documentKind,
    preamble: plan.preamble,
    periodStart: plan.periodStart,
    periodEnd: plan.periodEnd,
    submissionDeadline: plan.submissionDeadline,
    recipients: plan.recipients,
    signature: plan.signature,
  });
  if (s.deadline) {
    const before = header();
    plan.submissionDeadline = s.deadline;
    plan.version++;
    audit('UPDATE_HEADER', users.editor, before, header());
  }
  for (const a of s.adapt) {
    const n = bySource[a.sourceIdx];
    const before = { nodeId: n.id, kind: n.kind, label: n.label, text: n.text, task: n.task };
    n.text = a.text.normalize('NFC').trim();
    n.version++;
    n.provenance = JSON.stringify(canonical(snapshotOf(n))) === JSON.stringify(canonical(n.snapshot)) ? 'INHERITED' : 'ADAPTED';
    audit('NODE_UPDATE', users.editor, before, { nodeId: n.id, kind: n.kind, label: n.label, text: n.text, task: n.task });
  }
  for (const x of s.omit) {
    // omitNode: the node stays in the document as OMITTED (a leaf: nothing below it).
    const n = bySource[x.sourceIdx];
    const before = { nodeId: n.id, provenance: n.provenance };
    n.provenance = 'OMITTED';
    n.version++;
    plan.omissions = plan.omissions.filter((om) => om.sourceNodeId !== n.derivedFrom);
    plan.omissions.push({ sourceNodeId: n.derivedFrom!, reason: x.reason });
    audit('NODE_OMITTED', users.editor, before, { nodeId: n.id, reason: x.reason });
  }
  for (const l of s.local) {
    const parent = bySource[l.parentSourceIdx];
    const after = l.afterSourceIdx === null ? null : bySource[l.afterSourceIdx];
    const siblings = tree.get(parent.id) ?? [];
    tree.set(parent.id, siblings);
    const position = after ? siblings.indexOf(after) + 1 : 0;
    const t = l.task;
    const task: StoredTaskJson = {
      lead: t.lead.map(cleanRef),
      cooperating: t.cooperating.map(cleanRef),
      timing: {
        kind: t.timing.kind,
        dueDate: t.timing.dueDate ?? null,
        periodStart: null,
        periodEnd: null,
        phaseId: null,
        recurring: t.timing.recurring ?? t.timing.kind === 'RECURRING',
        text: t.timing.text,
      },
    };
    const g: GenNode = {
      id: ids.uuid(),
      parentId: parent.id,
      kind: l.kind,
      label: l.label,
      text: l.text,
      task,
      derivedFrom: null,
      snapshot: null,
      version: 1,
      provenance: 'LOCAL',
    };
    siblings.splice(position, 0, g);
    byId.set(g.id, g);
    audit('NODE_ADD', users.editor, undefined, {
      nodeId: g.id,
      parentId: parent.id,
      position,
      kind: g.kind,
      label: g.label,
      text: g.text,
      task,
    });
  }
  for (const a of s.allocate) {
    const t = targets.find((x) => x.derivedFrom === a.parentTargetId)!;
    const before = targetOut(plan.id, t);
    t.responsible = t.responsible ? cleanRef(t.responsible as never) : null;
    t.version++;
    t.allocations = a.allocations.map((x, i) => ({
      id: ids.uuid(),
      position: i,
      assignee: x.assignee,
      unitId: x.unitId,
      agencyId: null,
      value: x.value,
    }));
    audit('TARGET_UPDATE', users.editor, before, targetOut(plan.id, t));
  }
  if (s.status !== 'DRAFT') {
    plan.status = 'IN_REVIEW';
    plan.version++;
    audit('SUBMIT_FOR_REVIEW', users.editor, { status: 'DRAFT' }, { status: 'IN_REVIEW' });
  }
  if (s.status === 'ISSUED') {
    const place = plan.place ?? placeOf(unit.name);
    const signature = { authority: plan.signature.authority, title: plan.signature.title, signerName: s.signerName };
    plan.status = 'ISSUED';
    plan.number = s.number;
    plan.issuedDate = s.issuedDate;
    plan.place = place;
    plan.dateLine = dateLine(place, s.issuedDate!);
    plan.signature = signature;
    plan.issuedBy = users.approver;
    plan.version++;
    audit(
      'ISSUE',
      users.approver,
      { status: 'IN_REVIEW' },
      { status: 'ISSUED', number: `${s.number}/${plan.symbol}`, issuedDate: s.issuedDate, signature },
    );
  }
  return plan;
}

/** Key-sorted copy (jsonb equality ignores key order). */
export function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonical);
  if (v && typeof v === 'object')
    return Object.fromEntries(
      Object.entries(v as Record<string, unknown>)
        .filter(([, x]) => x !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([k, x]) => [k, canonical(x)]),
    );
  return v;
}

/** Nodes in document order with depth-first positions, as the rows are written. */
export function orderedNodes(plan: GenPlan): (GenNode & { position: number })[] {
  const out: (GenNode & { position: number })[] = [];
  const walk = (parent: string) => {
    (plan.tree.get(parent) ?? []).forEach((n, position) => {
      out.push({ ...n, position });
      walk(n.id);
    });
  };
  walk('');
  return out;
}
