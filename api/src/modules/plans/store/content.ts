import crypto from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { rows } from '../../../core/sql.js';
import type { PlanDocument, DocNode, Target as DocTarget, Timing, AgencyRef } from '../plan-document.js';
import { checkDocumentLimits } from '../plan-limits.js';

/**
 * Whole documents into the plan tables: one INSERT per table with the rows as JSON, whatever the
 * plan size. Each node is written once, with its provenance and the snapshot it is compared with
 * (docs/ARCHITECTURE.md, "How a write happens").
 */

/** Task facts as stored: the phase is referenced by id. */
export interface StoredTask {
  lead?: AgencyRef[];
  cooperating?: AgencyRef[];
  timing?: (Omit<Timing, 'phaseKey'> & { phaseId?: string | null }) | null;
}

/** Extra per-node facts that derivation and amendments record next to the document content. */
export interface NodeOrigin {
  derivedFromNodeId?: string | null;
  /** What the node is compared with to tell INHERITED from ADAPTED; `'SELF'`: its own content as written (derivation). */
  sourceSnapshot?: unknown;
  previousVersionNodeId?: string | null;
  /** Kept as is (an amendment copies it); computed from the snapshot otherwise. */
  provenance?: string | null;
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
  milestoneOrigins: Map<string, { previousVersionMilestoneId: string }> = new Map(),
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
        source_snapshot: o.sourceSnapshot === 'SELF' ? null : (o.sourceSnapshot ?? null),
        snapshot_self: o.sourceSnapshot === 'SELF',
        previous_version_node_id: o.previousVersionNodeId ?? null,
        provenance: o.provenance ?? null,
        ord,
      };
    });
    // Parents before children: the self-referencing foreign key is checked row by row. The
    // snapshot and provenance are computed in the same statement (NODE_CONTENT_SQL, PROVENANCE_SQL).
    await rows(
      em,
      `insert into plan_node (id, plan_id, province_id, parent_id, position, kind, label, text, task, derived_from_node_id, source_snapshot,
         previous_version_node_id, provenance)
       select x.id, ?::uuid, ?::int, x.parent_id, x.position, x.kind, x.label, x.text, x.task, x.derived_from_node_id, s.snapshot,
         x.previous_version_node_id,
         coalesce(x.provenance, case when x.derived_from_node_id is null then 'LOCAL' when c.content = s.snapshot then 'INHERITED' else 'ADAPTED' end)
       from jsonb_to_recordset(?::jsonb) as x(id uuid, parent_id uuid, position int, kind text, label text, text text, task jsonb,
         derived_from_node_id uuid, source_snapshot jsonb, snapshot_self boolean, previous_version_node_id uuid, provenance text, ord int)
       cross join lateral (select jsonb_build_object('kind', x.kind, 'label', x.label, 'text', x.text, 'task', x.task) as content) c
       cross join lateral (select case when x.snapshot_self then c.content else x.source_snapshot end as snapshot) s
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
      `insert into plan_milestone (id, plan_id, province_id, node_id, position, kind, title, due_date, recipient, recurrence, due_day,
         previous_version_milestone_id)
       select x.id, ?::uuid, ?::int, x.node_id, x.position, x.kind, x.title, x.due_date, x.recipient, x.recurrence, x.due_day, x.previous_id
       from jsonb_to_recordset(?::jsonb) as x(id uuid, node_id uuid, position int, kind text, title text, due_date date, recipient text,
         recurrence text, due_day smallint, previous_id uuid)`,
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
            recurrence: m.recurrence ?? null,
            due_day: m.recurrence ? (m.dueDay ?? null) : null,
            previous_id: milestoneOrigins.get(m.key)?.previousVersionMilestoneId ?? null,
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
