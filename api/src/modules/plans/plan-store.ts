import crypto from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { pgArray, rows } from '../../core/sql.js';
import type { AgencyRef, PlanDocument, PlanNode as DocNode, Target as DocTarget, Timing } from './plan-document.js';
import { checkDocumentLimits } from './plan-limits.js';
import type {
  AgencyRefNode,
  LegalBasisNode,
  MilestoneNode,
  PhaseNode,
  PlanNode,
  PlanNodeNode,
  TargetAllocationNode,
  TargetNode,
  TaskNode,
} from './plan.types.js';

/**
 * Storage of plan content. Reads return plain rows, batched by plan ids (one statement per
 * table whatever the plan size); writes of whole documents go in one statement per table
 * with the rows as JSON.
 */

export const PLAN_COLUMNS = `p.id, p.status, p.version, p.version_no as "versionNo", p.series_id as "seriesId",
  p.issuing_body as "issuingBody", p.number, p.symbol, p.place, p.date_line as "dateLine", p.issued_date as "issuedDate",
  p.document_kind as "documentKind", p.title, p.preamble, p.period_start as "periodStart", p.period_end as "periodEnd",
  p.submission_deadline as "submissionDeadline", p.recipients, p.signature, p.revoked_reason as "revokedReason",
  p.created_at as "createdAt", p.updated_at as "updatedAt", p.issued_at as "issuedAt", p.unit_id as "unitId",
  p.unit_path::text as "unitPath", p.province_id as "provinceId", p.parent_plan_id as "parentPlanId", p.amends_plan_id as "amendsPlanId"`;

export function normalisePlanRow(row: PlanNode): PlanNode {
  const sig = (row.signature ?? {}) as Partial<PlanNode['signature']>;
  row.signature = { authority: sig.authority ?? null, title: sig.title ?? null, signerName: sig.signerName ?? null };
  row.recipients = row.recipients ?? [];
  return row;
}

export async function loadPlanRows(em: EntityManager, ids: readonly string[]): Promise<PlanNode[]> {
  if (!ids.length) return [];
  const found = await rows<PlanNode>(em, `select ${PLAN_COLUMNS} from plan p where p.id = any(?::uuid[])`, [pgArray([...ids])]);
  return found.map(normalisePlanRow);
}

/* ------------------------------------------------------------------ reads */

interface StoredTask {
  lead?: AgencyRef[];
  cooperating?: AgencyRef[];
  timing?: (Omit<Timing, 'phaseKey'> & { phaseId?: string | null }) | null;
}

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

type NodeRow = Omit<PlanNodeNode, 'task' | 'depth'> & { task: StoredTask | null };

/** Nodes of the given plans in document order (depth-first by position), with depth. */
export async function loadNodes(em: EntityManager, planIds: readonly string[]): Promise<Map<string, PlanNodeNode[]>> {
  const found = await rows<NodeRow>(
    em,
    `select n.id, n.plan_id as "planId", n.parent_id as "parentId", n.position, n.kind, n.label, n.text, n.task,
       n.derived_from_node_id as "derivedFromNodeId", n.provenance, n.version
     from plan_node n where n.plan_id = any(?::uuid[]) order by n.plan_id, n.position`,
    [pgArray([...planIds])],
  );
  const byPlan = new Map<string, NodeRow[]>();
  for (const n of found) byPlan.set(n.planId, [...(byPlan.get(n.planId) ?? []), n]);
  const out = new Map<string, PlanNodeNode[]>();
  for (const id of planIds) out.set(id, documentOrder(byPlan.get(id) ?? []));
  return out;
}

function documentOrder(nodes: NodeRow[]): PlanNodeNode[] {
  const children = new Map<string | null, NodeRow[]>();
  for (const n of nodes) children.set(n.parentId, [...(children.get(n.parentId) ?? []), n]);
  const ordered: PlanNodeNode[] = [];
  const walk = (parentId: string | null, depth: number) => {
    for (const n of (children.get(parentId) ?? []).sort((a, b) => a.position - b.position)) {
      ordered.push({ ...n, depth, task: taskOut(n.task) });
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

export async function loadTargets(em: EntityManager, planIds: readonly string[]): Promise<Map<string, TargetNode[]>> {
  const found = await rows<
    Omit<TargetNode, 'allocationSum' | 'allocationsMatch' | 'responsible'> & { planId: string; responsible: AgencyRef | null }
  >(
    em,
    `select t.id, t.plan_id as "planId", t.node_id as "nodeId", t.position, t.metric, t.unit_of_measure as "unitOfMeasure",
       t.comparator, t.value::float8 as value, t.period_start as "periodStart", t.period_end as "periodEnd", t.phase_id as "phaseId",
       t.year, t.responsible, t.derived_from_target_id as "derivedFromTargetId", t.version,
       coalesce((select json_agg(json_build_object('id', a.id, 'targetId', a.target_id, 'assignee', a.assignee, 'unitId', a.unit_id,
                   'agencyId', a.agency_id, 'value', a.value::float8) order by a.position)
                 from plan_target_allocation a where a.target_id = t.id), '[]'::json) as allocations
     from plan_target t where t.plan_id = any(?::uuid[]) order by t.plan_id, t.position`,
    [pgArray([...planIds])],
  );
  return groupBy(
    planIds,
    found.map((t) => withSums({ ...t, responsible: t.responsible ? agencyRefOut(t.responsible) : null })),
  );
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
       m.recipient, m.version
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

/* ------------------------------------------------------------ bulk writes */

/** Extra per-node facts that derivation and amendments record next to the document content. */
export interface NodeOrigin {
  derivedFromNodeId?: string | null;
  sourceSnapshot?: unknown;
  previousVersionNodeId?: string | null;
}

export interface WrittenIds {
  nodeIds: Map<string, string>;
  phaseIds: Map<string, string>;
  targetIds: Map<string, string>;
}

/**
 * Writes the content of a document into an existing (empty) plan: legal bases, nodes, phases,
 * targets with allocations, milestones — one INSERT per table. Keys of the document become
 * fresh ids; `origins` (by node key) and `targetOrigins` (by target key) record provenance.
 */
export async function insertPlanContent(
  em: EntityManager,
  plan: { id: string; provinceId: number | null },
  doc: Pick<PlanDocument, 'legalBases' | 'nodes' | 'phases' | 'targets' | 'milestones'>,
  origins: Map<string, NodeOrigin> = new Map(),
  targetOrigins: Map<string, { derivedFromTargetId?: string | null; previousVersionTargetId?: string | null }> = new Map(),
): Promise<WrittenIds> {
  checkDocumentLimits(doc);
  const nodeIds = new Map(doc.nodes.map((n) => [n.key, crypto.randomUUID()]));
  const phaseIds = new Map(doc.phases.map((f) => [f.key, crypto.randomUUID()]));
  const targetIds = new Map(doc.targets.map((t) => [t.key, crypto.randomUUID()]));
  const nodeId = (key: string | null | undefined) => (key ? (nodeIds.get(key) ?? null) : null);

  if (doc.legalBases.length) {
    await rows(
      em,
      `insert into plan_legal_basis (id, plan_id, province_id, position, type, number, date, issuer, title, text, ref_plan_id)
       select x.id, ?::uuid, ?::int, x.position, x.type, x.number, x.date, x.issuer, x.title, x.text, x.ref_plan_id
       from jsonb_to_recordset(?::jsonb) as x(id uuid, position int, type text, number text, date date, issuer text, title text, text text, ref_plan_id uuid)`,
      [
        plan.id,
        plan.provinceId,
        JSON.stringify(
          doc.legalBases.map((b, i) => ({
            id: crypto.randomUUID(),
            position: i,
            type: b.type,
            number: b.number,
            date: b.date,
            issuer: b.issuer,
            title: b.title,
            text: b.text,
            ref_plan_id: b.planId ?? null,
          })),
        ),
      ],
    );
  }

  if (doc.nodes.length) {
    const siblingIndex = new Map<string | null, number>();
    const nodeRows = doc.nodes.map((n: DocNode, ord) => {
      const position = siblingIndex.get(n.parentKey) ?? 0;
      siblingIndex.set(n.parentKey, position + 1);
      const o = origins.get(n.key) ?? {};
      return {
        id: nodeIds.get(n.key),
        parent_id: nodeId(n.parentKey),
        position,
        kind: n.kind,
        label: n.label,
        text: n.text,
        task: n.task ? storedTask(n.task, phaseIds) : null,
        derived_from_node_id: o.derivedFromNodeId ?? null,
        source_snapshot: o.sourceSnapshot ?? null,
        previous_version_node_id: o.previousVersionNodeId ?? null,
        ord,
      };
    });
    // Parents before children: the self-referencing foreign key is checked row by row.
    await rows(
      em,
      `insert into plan_node (id, plan_id, province_id, parent_id, position, kind, label, text, task, derived_from_node_id, source_snapshot, previous_version_node_id)
       select x.id, ?::uuid, ?::int, x.parent_id, x.position, x.kind, x.label, x.text, x.task, x.derived_from_node_id, x.source_snapshot, x.previous_version_node_id
       from jsonb_to_recordset(?::jsonb) as x(id uuid, parent_id uuid, position int, kind text, label text, text text, task jsonb,
         derived_from_node_id uuid, source_snapshot jsonb, previous_version_node_id uuid, ord int)
       order by x.ord`,
      [plan.id, plan.provinceId, JSON.stringify(nodeRows)],
    );
  }

  if (doc.phases.length) {
    await rows(
      em,
      `insert into plan_phase (id, plan_id, province_id, node_id, position, name, start_date, end_date, goal)
       select x.id, ?::uuid, ?::int, x.node_id, x.position, x.name, x.start_date, x.end_date, x.goal
       from jsonb_to_recordset(?::jsonb) as x(id uuid, node_id uuid, position int, name text, start_date date, end_date date, goal text)`,
      [
        plan.id,
        plan.provinceId,
        JSON.stringify(
          doc.phases.map((f, i) => ({
            id: phaseIds.get(f.key),
            node_id: nodeId(f.nodeKey),
            position: i,
            name: f.name,
            start_date: f.startDate,
            end_date: f.endDate,
            goal: f.goal,
          })),
        ),
      ],
    );
  }

  if (doc.targets.length) {
    await rows(
      em,
      `insert into plan_target (id, plan_id, province_id, node_id, position, metric, unit_of_measure, comparator, value, period_start, period_end,
         phase_id, year, responsible, derived_from_target_id, previous_version_target_id)
       select x.id, ?::uuid, ?::int, x.node_id, x.position, x.metric, x.unit_of_measure, x.comparator, x.value, x.period_start, x.period_end,
         x.phase_id, x.year, x.responsible, x.derived_from_target_id, x.previous_version_target_id
       from jsonb_to_recordset(?::jsonb) as x(id uuid, node_id uuid, position int, metric text, unit_of_measure text, comparator text, value numeric,
         period_start date, period_end date, phase_id uuid, year int, responsible jsonb, derived_from_target_id uuid, previous_version_target_id uuid)`,
      [
        plan.id,
        plan.provinceId,
        JSON.stringify(
          doc.targets.map((t: DocTarget, i) => ({
            id: targetIds.get(t.key),
            node_id: nodeId(t.nodeKey),
            position: i,
            metric: t.metric,
            unit_of_measure: t.unitOfMeasure,
            comparator: t.comparator,
            value: t.value,
            period_start: t.periodStart ?? null,
            period_end: t.periodEnd ?? null,
            phase_id: t.phaseKey ? (phaseIds.get(t.phaseKey) ?? null) : null,
            year: t.year ?? null,
            responsible: t.responsible ?? null,
            derived_from_target_id: targetOrigins.get(t.key)?.derivedFromTargetId ?? null,
            previous_version_target_id: targetOrigins.get(t.key)?.previousVersionTargetId ?? null,
          })),
        ),
      ],
    );
    const allocations = doc.targets.flatMap((t) =>
      t.allocations.map((a, i) => ({
        id: crypto.randomUUID(),
        target_id: targetIds.get(t.key),
        position: i,
        assignee: a.assignee,
        unit_id: a.unitId ?? null,
        agency_id: a.agencyId ?? null,
        value: a.value,
      })),
    );
    if (allocations.length) {
      await rows(
        em,
        `insert into plan_target_allocation (id, target_id, plan_id, position, assignee, unit_id, agency_id, value)
         select x.id, x.target_id, ?::uuid, x.position, x.assignee, x.unit_id, x.agency_id, x.value
         from jsonb_to_recordset(?::jsonb) as x(id uuid, target_id uuid, position int, assignee text, unit_id int, agency_id uuid, value numeric)`,
        [plan.id, JSON.stringify(allocations)],
      );
    }
  }

  if (doc.milestones.length) {
    await rows(
      em,
      `insert into plan_milestone (id, plan_id, province_id, node_id, position, kind, title, due_date, recipient)
       select x.id, ?::uuid, ?::int, x.node_id, x.position, x.kind, x.title, x.due_date, x.recipient
       from jsonb_to_recordset(?::jsonb) as x(id uuid, node_id uuid, position int, kind text, title text, due_date date, recipient text)`,
      [
        plan.id,
        plan.provinceId,
        JSON.stringify(
          doc.milestones.map((m, i) => ({
            id: crypto.randomUUID(),
            node_id: nodeId(m.nodeKey),
            position: i,
            kind: m.kind,
            title: m.title,
            due_date: m.dueDate,
            recipient: m.recipient,
          })),
        ),
      ],
    );
  }
  return { nodeIds, phaseIds, targetIds };
}

/** Task facts as stored: the phase is referenced by id. */
export function storedTask(task: DocNode['task'] & object, phaseIds: Map<string, string>): StoredTask {
  const t = task.timing;
  return {
    lead: task.lead,
    cooperating: task.cooperating,
    timing: t
      ? {
          kind: t.kind,
          dueDate: t.dueDate ?? null,
          periodStart: t.periodStart ?? null,
          periodEnd: t.periodEnd ?? null,
          phaseId: t.phaseKey ? (phaseIds.get(t.phaseKey) ?? null) : null,
          recurring: t.recurring,
          text: t.text,
        }
      : null,
  };
}

/**
 * Reads a stored plan back as a PlanDocument (ids become keys): the form the exporter prints,
 * derivation copies and amendments start from.
 */
export async function readPlanDocument(em: EntityManager, plan: PlanNode): Promise<PlanDocument> {
  const ids = [plan.id];
  const [nodes, bases, phases, targets, milestones] = await Promise.all([
    loadNodes(em, ids),
    loadLegalBases(em, ids),
    loadPhases(em, ids),
    loadTargets(em, ids),
    loadMilestones(em, ids),
  ]);
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
    phases: phases
      .get(plan.id)!
      .map((f) => ({ key: f.id, nodeKey: f.nodeId, name: f.name, startDate: f.startDate, endDate: f.endDate, goal: f.goal })),
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
    milestones: milestones
      .get(plan.id)!
      .map((m) => ({ key: m.id, nodeKey: m.nodeId, kind: m.kind, title: m.title, dueDate: m.dueDate, recipient: m.recipient })),
    recipients: plan.recipients,
    signature: plan.signature,
  };
}

const refIn = (a: AgencyRefNode): AgencyRef => ({
  name: a.name,
  sector: a.sector,
  agencyId: a.agencyId,
  subordinateCommittees: a.subordinateCommittees,
});
