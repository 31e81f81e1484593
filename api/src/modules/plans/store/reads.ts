import type { EntityManager } from '@mikro-orm/postgresql';
import { pgArray, rows } from '../../../core/sql.js';
import type { StoredTask } from './content.js';
import type { AgencyRef, PlanDocument } from '../plan-document.js';
import type {
  AgencyRefNode,
  LegalBasisNode,
  MilestoneNode,
  PhaseNode,
  PlanRow,
  PlanNodeRow,
  TargetAllocationNode,
  TargetNode,
  TaskNode,
} from '../plan.types.js';

/**
 * The plan store's read paths (docs/ARCHITECTURE.md, "Read paths"): plain rows, batched by plan
 * ids (one statement per table whatever the plan size). The request loaders (plans/plan.loaders.ts)
 * and every service read plan content through these.
 */

export const PLAN_COLUMNS = `p.id, p.status, p.version, p.version_no as "versionNo", p.series_id as "seriesId",
  p.issuing_body as "issuingBody", p.number, p.symbol, p.place, p.date_line as "dateLine", p.issued_date as "issuedDate",
  p.document_kind as "documentKind", p.title, p.preamble, p.period_start as "periodStart", p.period_end as "periodEnd",
  p.submission_deadline as "submissionDeadline", p.recipients, p.signature, p.revoked_reason as "revokedReason",
  p.created_at as "createdAt", p.updated_at as "updatedAt", p.issued_at as "issuedAt", p.unit_id as "unitId",
  p.unit_path::text as "unitPath", p.province_id as "provinceId", p.parent_plan_id as "parentPlanId", p.amends_plan_id as "amendsPlanId"`;

export function normalisePlanRow(row: PlanRow): PlanRow {
  const sig = (row.signature ?? {}) as Partial<PlanRow['signature']>;
  row.signature = { authority: sig.authority ?? null, title: sig.title ?? null, signerName: sig.signerName ?? null };
  row.recipients = row.recipients ?? [];
  return row;
}

export async function loadPlanRows(em: EntityManager, ids: readonly string[]): Promise<PlanRow[]> {
  if (!ids.length) return [];
  const found = await rows<PlanRow>(em, `select ${PLAN_COLUMNS} from plan p where p.id = any(?::uuid[])`, [pgArray([...ids])]);
  return found.map(normalisePlanRow);
}

/* ------------------------------------------------------------------ reads */

const agencyRefOut = (a: AgencyRef): AgencyRefNode => ({
  name: a.name,
  sector: a.sector ?? null,
  agencyId: a.agencyId ?? null,
  subordinateCommittees: a.subordinateCommittees ?? false,
  unmatched: a.unmatched ?? false,
});

export function taskOut(task: StoredTask | null): TaskNode | null {
  if (!task) return null;
  const t = task.timing;
  return {
    lead: (task.lead ?? []).map(agencyRefOut),
    cooperating: (task.cooperating ?? []).map(agencyRefOut),
    timing: t
      ? {
          kind: t.kind,
          dueDate: t.dueDate ?? null,
          periodStart: t.periodStart ?? null,
          periodEnd: t.periodEnd ?? null,
          phaseId: t.phaseId ?? null,
          recurring: t.recurring ?? false,
          text: t.text ?? '',
        }
      : null,
  };
}

/** Why, when and by whom a node of a derived plan was omitted (docs/DESIGN.md §4). */
export interface NodeOmission {
  reason: string;
  at: Date;
  by: string | null;
}

/**
 * The omission of node `n` as one JSON value (null unless it is OMITTED): its reason is recorded
 * against the parent node it came from (plan_omission), as derivation always did. An added node
 * omitted with its section has none of its own.
 */
export const OMISSION_SQL = `(select jsonb_build_object('reason', o.reason, 'at', o.created_at, 'by', o.created_by) from plan_omission o
  where n.provenance = 'OMITTED' and o.plan_id = n.plan_id and o.source_node_id = n.derived_from_node_id)`;

/** The JSON of OMISSION_SQL as the GraphQL node shows it. */
export const omissionOut = (o: { reason: string; at: string | Date; by: string | null } | null): NodeOmission | null =>
  o ? { reason: o.reason, at: new Date(o.at), by: o.by } : null;

type NodeRow = Omit<PlanNodeRow, 'task' | 'depth'> & { task: StoredTask | null };

/** Nodes of the given plans in document order (depth-first by position), with depth. */
export async function loadNodes(em: EntityManager, planIds: readonly string[]): Promise<Map<string, PlanNodeRow[]>> {
  const found = await rows<NodeRow>(
    em,
    `select n.id, n.plan_id as "planId", n.parent_id as "parentId", n.position, n.kind, n.label, n.text, n.task,
       n.derived_from_node_id as "derivedFromNodeId", n.provenance, n.version, ${OMISSION_SQL} as omission
     from plan_node n where n.plan_id = any(?::uuid[]) order by n.plan_id, n.position`,
    [pgArray([...planIds])],
  );
  const byPlan = new Map<string, NodeRow[]>();
  for (const n of found) {
    const list = byPlan.get(n.planId);
    if (list) list.push(n);
    else byPlan.set(n.planId, [n]);
  }
  const out = new Map<string, PlanNodeRow[]>();
  for (const id of planIds) out.set(id, documentOrder(byPlan.get(id) ?? []));
  return out;
}

function documentOrder(nodes: NodeRow[]): PlanNodeRow[] {
  // Rows come ordered by position, so each parent's children are already in order.
  const children = new Map<string | null, NodeRow[]>();
  for (const n of nodes) {
    const list = children.get(n.parentId);
    if (list) list.push(n);
    else children.set(n.parentId, [n]);
  }
  const ordered: PlanNodeRow[] = [];
  const walk = (parentId: string | null, depth: number) => {
    for (const n of children.get(parentId) ?? []) {
      ordered.push({ ...n, depth, task: taskOut(n.task), omission: omissionOut(n.omission as never) });
      walk(n.id, depth + 1);
    }
  };
  walk(null, 0);
  return ordered;
}

export async function loadLegalBases(em: EntityManager, planIds: readonly string[]): Promise<Map<string, LegalBasisNode[]>> {
  const found = await rows<LegalBasisNode & { planId: string }>(
    em,
    `select b.id, b.plan_id as "planId", b.type, b.number, b.date, b.issuer, b.title, b.text, b.ref_plan_id as "refPlanId"
     from plan_legal_basis b where b.plan_id = any(?::uuid[]) order by b.plan_id, b.position`,
    [pgArray([...planIds])],
  );
  return groupBy(planIds, found);
}

export async function loadPhases(em: EntityManager, planIds: readonly string[]): Promise<Map<string, PhaseNode[]>> {
  const found = await rows<PhaseNode & { planId: string }>(
    em,
    `select f.id, f.plan_id as "planId", f.node_id as "nodeId", f.position, f.name, f.start_date as "startDate",
       f.end_date as "endDate", f.goal, f.version
     from plan_phase f where f.plan_id = any(?::uuid[]) order by f.plan_id, f.position`,
    [pgArray([...planIds])],
  );
  return groupBy(planIds, found);
}

/** The columns of a target (alias `t`) as loadTargets reads them, allocations as JSON; targetFromRow finishes the row. */
export const TARGET_COLUMNS = `t.id, t.plan_id as "planId", t.node_id as "nodeId", t.position, t.metric, t.unit_of_measure as "unitOfMeasure",
  t.comparator, t.value::float8 as value, t.period_start as "periodStart", t.period_end as "periodEnd", t.phase_id as "phaseId",
  t.year, t.responsible, t.derived_from_target_id as "derivedFromTargetId", t.version,
  coalesce((select json_agg(json_build_object('id', a.id, 'targetId', a.target_id, 'assignee', a.assignee, 'unitId', a.unit_id,
              'agencyId', a.agency_id, 'value', a.value::float8) order by a.position)
            from plan_target_allocation a where a.target_id = t.id), '[]'::json) as allocations`;

export type TargetColumnsRow = Omit<TargetNode, 'allocationSum' | 'allocationsMatch' | 'responsible'> & {
  planId: string;
  responsible: AgencyRef | null;
};

export const targetFromRow = (t: TargetColumnsRow) => withSums({ ...t, responsible: t.responsible ? agencyRefOut(t.responsible) : null });

export async function loadTargets(em: EntityManager, planIds: readonly string[]): Promise<Map<string, TargetNode[]>> {
  const found = await rows<TargetColumnsRow>(
    em,
    `select ${TARGET_COLUMNS} from plan_target t where t.plan_id = any(?::uuid[]) order by t.plan_id, t.position`,
    [pgArray([...planIds])],
  );
  return groupBy(planIds, found.map(targetFromRow));
}

export function withSums<T extends { value: number | null; allocations: TargetAllocationNode[] }>(
  t: T,
): T & { allocationSum: number; allocationsMatch: boolean | null } {
  // Sums in thousandths avoid float drift (values such as 0.1 + 0.2).
  const sum = t.allocations.reduce((s, a) => s + Math.round(a.value * 1000), 0) / 1000;
  return {
    ...t,
    allocationSum: sum,
    allocationsMatch: t.value === null || t.allocations.length === 0 ? null : Math.abs(sum - t.value) < 1e-9,
  };
}

export async function loadMilestones(em: EntityManager, planIds: readonly string[]): Promise<Map<string, MilestoneNode[]>> {
  const found = await rows<MilestoneNode & { planId: string }>(
    em,
    `select m.id, m.plan_id as "planId", m.node_id as "nodeId", m.position, m.kind, m.title, m.due_date as "dueDate",
       m.recipient, m.recurrence, m.due_day as "dueDay", m.version
     from plan_milestone m where m.plan_id = any(?::uuid[]) order by m.plan_id, m.position`,
    [pgArray([...planIds])],
  );
  return groupBy(planIds, found);
}

function groupBy<T extends { planId: string }>(planIds: readonly string[], items: T[]): Map<string, T[]> {
  const out = new Map<string, T[]>(planIds.map((id) => [id, []]));
  for (const item of items) out.get(item.planId)?.push(item);
  return out;
}

/**
 * Reads a stored plan back as a PlanDocument (ids become keys): the form the exporter prints,
 * derivation copies and amendments start from.
 */
export async function readPlanDocument(em: EntityManager, plan: PlanRow, opts: { withOmitted?: boolean } = {}): Promise<PlanDocument> {
  const ids = [plan.id];
  const [allNodes, bases, phases, allTargets, allMilestones] = await Promise.all([
    loadNodes(em, ids),
    loadLegalBases(em, ids),
    loadPhases(em, ids),
    loadTargets(em, ids),
    loadMilestones(em, ids),
  ]);
  // An omitted node and everything below it are no part of the plan as printed or derived from
  // (docs/DESIGN.md §4), nor are the targets and milestones attached to them; an amendment keeps them.
  const left = opts.withOmitted ? new Set<string>() : omittedSubtrees(allNodes.get(plan.id)!);
  const nodes = new Map([[plan.id, allNodes.get(plan.id)!.filter((n) => !left.has(n.id))]]);
  const targets = new Map([[plan.id, allTargets.get(plan.id)!.filter((t) => !t.nodeId || !left.has(t.nodeId))]]);
  const milestones = new Map([[plan.id, allMilestones.get(plan.id)!.filter((m) => !m.nodeId || !left.has(m.nodeId))]]);
  const [num, sym] = [plan.number, plan.symbol];
  return {
    header: {
      issuingBody: plan.issuingBody,
      number: num,
      symbol: sym,
      place: plan.place,
      dateLine: plan.dateLine,
      issuedDate: plan.issuedDate,
      documentKind: plan.documentKind,
      title: plan.title,
    },
    preamble: plan.preamble,
    legalBases: bases
      .get(plan.id)!
      .map((b) => ({ type: b.type, number: b.number, date: b.date, issuer: b.issuer, title: b.title, text: b.text, planId: b.refPlanId })),
    nodes: nodes.get(plan.id)!.map((n) => ({
      key: n.id,
      parentKey: n.parentId,
      kind: n.kind,
      label: n.label,
      text: n.text,
      task: n.task
        ? {
            lead: n.task.lead.map(refIn),
            cooperating: n.task.cooperating.map(refIn),
            timing: n.task.timing
              ? {
                  kind: n.task.timing.kind,
                  dueDate: n.task.timing.dueDate,
                  periodStart: n.task.timing.periodStart,
                  periodEnd: n.task.timing.periodEnd,
                  phaseKey: n.task.timing.phaseId,
                  recurring: n.task.timing.recurring,
                  text: n.task.timing.text,
                }
              : null,
          }
        : null,
    })),
    phases: phases.get(plan.id)!.map((f) => ({
      key: f.id,
      nodeKey: f.nodeId && !left.has(f.nodeId) ? f.nodeId : null,
      name: f.name,
      startDate: f.startDate,
      endDate: f.endDate,
      goal: f.goal,
    })),
    targets: targets.get(plan.id)!.map((t) => ({
      key: t.id,
      nodeKey: t.nodeId ?? '',
      metric: t.metric,
      unitOfMeasure: t.unitOfMeasure,
      comparator: t.comparator,
      value: t.value,
      periodStart: t.periodStart,
      periodEnd: t.periodEnd,
      phaseKey: t.phaseId,
      year: t.year,
      responsible: t.responsible ? refIn(t.responsible) : null,
      allocations: t.allocations.map((a) => ({ assignee: a.assignee, unitId: a.unitId, agencyId: a.agencyId, value: a.value })),
    })),
    milestones: milestones.get(plan.id)!.map((m) => ({
      key: m.id,
      nodeKey: m.nodeId,
      kind: m.kind,
      title: m.title,
      dueDate: m.dueDate,
      recipient: m.recipient,
      recurrence: m.recurrence,
      dueDay: m.dueDay,
    })),
    recipients: plan.recipients,
    signature: plan.signature,
  };
}

/** The ids of OMITTED nodes and of every node below one (nodes in document order, with depth). */
export function omittedSubtrees(nodes: readonly Pick<PlanNodeRow, 'id' | 'depth' | 'provenance'>[]): Set<string> {
  const out = new Set<string>();
  let within: number | null = null;
  for (const n of nodes) {
    if (within !== null && n.depth <= within) within = null;
    if (within === null && n.provenance === 'OMITTED') within = n.depth;
    if (within !== null) out.add(n.id);
  }
  return out;
}

// Every fact of the reference survives the copy (an amendment of a derived plan keeps its
// unresolved agencies unresolved), so that versions compare equal where nobody changed them.
const refIn = (a: AgencyRefNode): AgencyRef => ({
  name: a.name,
  sector: a.sector,
  agencyId: a.agencyId,
  subordinateCommittees: a.subordinateCommittees,
  ...(a.unmatched ? { unmatched: true } : {}),
});
