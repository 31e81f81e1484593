import type { EntityManager } from '@mikro-orm/postgresql';
import type { AuthedCtx } from '../../core/context.js';
import { Reason, badInput, conflict, invalidState, notFound } from '../../core/errors.js';
import { parseOptionalUuid, parseUnitId, parseUuid } from '../../core/ids.js';
import { cleanText, optionalText, parseDate } from '../../core/text.js';
import { isSector } from '../agencies/sectors.js';
import { isStrictlyBelow } from '../admin-units/unit-table.js';
import { Comparators, MilestoneKinds, NodeKinds, Recurrences, TimingKinds, type Recurrence } from './plan-document.js';
import type { AgencyRef } from './plan-document.js';
import { PLAN_LIMITS } from './plan-limits.js';
import {
  PART_TABLES,
  countAgenciesOfPlanUnit,
  deleteNodeRow,
  deletePartRow,
  editDraft,
  insertNode,
  isAgencyOfUnit,
  isInSubtreeOf,
  loadMilestones,
  loadPhases,
  loadTargets,
  lockPartRow,
  nodeOut,
  phaseInPlan,
  placeNode,
  omitSubtree,
  readNode,
  readNodeOut,
  replayPlan,
  restoreSubtree,
  saveMilestoneRow,
  savePhaseRow,
  saveTargetRow,
  shiftSiblings,
  subtreeOf,
  updateNodeContent,
  type NodeRecord,
  type PlanWrite,
} from './store/index.js';
import type {
  AddNodeInput,
  AgencyRefInput,
  MilestoneNode,
  MoveNodeInput,
  PhaseNode,
  PlanRow,
  PlanNodeRow,
  SaveMilestoneInput,
  SavePhaseInput,
  SaveTargetInput,
  TargetNode,
  TaskInput,
  UpdateNodeInput,
} from './plan.types.js';

/*
 * Small edits of a draft: one node, target, phase or milestone per mutation, each carrying the
 * version it was based on. Edits of different parts of one plan never conflict; a stale version
 * of the same part gets CONFLICT with the current state and changes nothing. Each edit checks
 * and builds its change; the store's editDraft (store/write.ts) writes it with the lock, the
 * provenance, the roll-up and the audit event (docs/ARCHITECTURE.md, "How a write happens").
 */

/* ------------------------------------------------------------ validation */

function cleanAgencyRef(a: AgencyRefInput, field: string): AgencyRef {
  const sector = a.sector ?? null;
  if (sector !== null && !isSector(sector)) throw badInput('unknown sector', `${field}.sector`);
  return {
    name: cleanText(a.name, `${field}.name`, { max: 300 }),
    sector,
    agencyId: parseOptionalUuid(a.agencyId, `${field}.agencyId`),
    subordinateCommittees: a.subordinateCommittees ?? false,
    // A ref the editor sends back with an agency picked is resolved; otherwise keep the flag.
    unmatched: a.agencyId ? false : (a.unmatched ?? false),
  };
}

async function cleanTask(em: EntityManager, planId: string, task: TaskInput | null | undefined) {
  if (!task) return null;
  const lead = (task.lead ?? []).map((a, i) => cleanAgencyRef(a, `task.lead[${i}]`));
  const cooperating = (task.cooperating ?? []).map((a, i) => cleanAgencyRef(a, `task.cooperating[${i}]`));
  if (lead.length + cooperating.length > PLAN_LIMITS.agenciesPerTask) throw badInput('too many agencies on one task', 'task');
  const agencyIds = [...lead, ...cooperating].flatMap((a) => (a.agencyId ? [a.agencyId] : []));
  if (agencyIds.length) {
    // Agencies named on a task belong to the plan's unit.
    if ((await countAgenciesOfPlanUnit(em, planId, agencyIds)) !== new Set(agencyIds).size)
      throw badInput("an agency does not belong to the plan's unit", 'task');
  }
  const t = task.timing;
  let timing = null;
  if (t) {
    if (!TimingKinds.includes(t.kind)) throw badInput('unknown timing kind', 'task.timing.kind');
    const dueDate = t.dueDate ? parseDate(t.dueDate, 'task.timing.dueDate') : null;
    const periodStart = t.periodStart ? parseDate(t.periodStart, 'task.timing.periodStart') : null;
    const periodEnd = t.periodEnd ? parseDate(t.periodEnd, 'task.timing.periodEnd') : null;
    if (t.kind === 'BY_DATE' && !dueDate) throw badInput('BY_DATE needs dueDate', 'task.timing.dueDate');
    if (t.kind === 'WITHIN_PERIOD' && (!periodStart || !periodEnd))
      throw badInput('WITHIN_PERIOD needs periodStart and periodEnd', 'task.timing');
    if (periodStart && periodEnd && periodEnd < periodStart) throw badInput('periodEnd is before periodStart', 'task.timing.periodEnd');
    const phaseId = parseOptionalUuid(t.phaseId, 'task.timing.phaseId');
    if (t.kind === 'DURING_PHASE' && !phaseId) throw badInput('DURING_PHASE needs phaseId', 'task.timing.phaseId');
    if (phaseId && !(await phaseInPlan(em, phaseId, planId))) throw badInput('phase is not in this plan', 'task.timing.phaseId');
    timing = {
      kind: t.kind,
      dueDate,
      periodStart,
      periodEnd,
      phaseId,
      recurring: t.recurring ?? t.kind === 'RECURRING',
      text: optionalText(t.text, 'task.timing.text', 500) ?? '',
    };
  }
  return { lead, cooperating, timing };
}

function cleanNodeFields(kind: string, label: string | null | undefined, text: string) {
  if (!NodeKinds.includes(kind as never)) throw badInput('unknown node kind', 'kind');
  return { kind, label: optionalText(label, 'label', 20), text: cleanText(text, 'text', { max: 20000, allowEmpty: true }) };
}

async function requireNodeInPlan(
  em: EntityManager,
  planId: string,
  nodeId: string | null | undefined,
  field: string,
): Promise<NodeRecord | null> {
  if (!nodeId) return null;
  const node = await readNode(em, parseUuid(nodeId, field), { planId });
  if (!node) throw badInput(`${field} is not a node of this plan`, field);
  return node;
}

const sameTiming = (
  a: { kind?: string; dueDate?: unknown; periodStart?: unknown; periodEnd?: unknown; phaseId?: unknown } | null | undefined,
  b: typeof a,
) =>
  (a?.kind ?? null) === (b?.kind ?? null) &&
  (a?.dueDate ?? null) === (b?.dueDate ?? null) &&
  (a?.periodStart ?? null) === (b?.periodStart ?? null) &&
  (a?.periodEnd ?? null) === (b?.periodEnd ?? null) &&
  (a?.phaseId ?? null) === (b?.phaseId ?? null);

/** Nothing is added or moved under an omitted node: restore it first (docs/DESIGN.md §4). */
function requireNotOmitted(parent: NodeRecord | null): void {
  if (parent?.provenance === 'OMITTED') throw invalidState('The node it would go under is omitted: restore it first');
}

/* --------------------------------------------------------------- replays */

/** What a retried addNode returns: the node the first request added, as it is now. */
async function replayNode(ctx: AuthedCtx, em: EntityManager, nodeId: string): Promise<{ node: PlanNodeRow; plan: PlanRow }> {
  const node = await readNodeOut(em, nodeId);
  if (!node) throw notFound('Node');
  return { node, plan: await replayPlan(ctx, em, node.planId, 'Node') };
}

/** What a retried save of a target, phase or milestone returns: the part the first request saved, as it is now. */
async function replayPart<T extends { id: string }>(
  ctx: AuthedCtx,
  em: EntityManager,
  planId: string,
  what: string,
  load: (em: EntityManager, planIds: string[]) => Promise<Map<string, T[]>>,
  id: string,
): Promise<T> {
  const plan = await replayPlan(ctx, em, planId, what);
  const part = (await load(em, [plan.id])).get(plan.id)?.find((p) => p.id === id);
  if (!part) throw notFound(what);
  return part;
}

/* ------------------------------------------------------------------ nodes */

export function addNode(ctx: AuthedCtx, input: AddNodeInput): Promise<{ node: PlanNodeRow; plan: PlanRow }> {
  return editDraft(
    ctx,
    {
      planId: input.planId,
      idempotency: {
        operation: 'addNode',
        key: input.idempotencyKey,
        request: input,
        ref: (r) => ({ nodeId: r.node.id }),
        replay: (ref, em) => replayNode(ctx, em, ref.nodeId as string),
      },
    },
    async ({ em, plan }) => {
      const fields = cleanNodeFields(input.kind, input.label, input.text);
      const parent = await requireNodeInPlan(em, plan.id, input.parentId, 'parentId');
      const after = await requireNodeInPlan(em, plan.id, input.afterNodeId, 'afterNodeId');
      if (after && after.parentId !== (parent?.id ?? null)) throw badInput('afterNodeId is not a child of parentId', 'afterNodeId');
      requireNotOmitted(parent);
      const task = await cleanTask(em, plan.id, input.task);
      const position = after ? after.position + 1 : 0;
      await shiftSiblings(em, plan.id, parent?.id ?? null, { atOrAfter: position }, 1);
      const id = await insertNode(em, plan, { parentId: parent?.id ?? null, position }, { ...fields, task });
      const node = (await readNodeOut(em, id))!;
      return {
        result: { node, plan },
        rollup: true,
        audit: { action: 'NODE_ADD', after: { nodeId: id, parentId: parent?.id ?? null, position, ...fields, task } },
      };
    },
  );
}

/** The node an edit addresses, at the version the edit was based on (the plan is locked first). */
async function currentNode({ em, partId }: PlanWrite, version: number): Promise<NodeRecord> {
  const node = await readNode(em, partId!, { lock: true });
  // Deleted by an edit that held the plan lock before this one.
  if (!node) throw notFound('Node');
  if (node.version !== version) throw conflict('The node was changed by someone else', { ...nodeOut(node) });
  return node;
}

const nodePart = (nodeId: string) => ({ table: 'plan_node' as const, id: nodeId, what: 'Node', field: 'nodeId' });

export function updateNode(ctx: AuthedCtx, input: UpdateNodeInput): Promise<{ node: PlanNodeRow; plan: PlanRow }> {
  return editDraft(ctx, { part: nodePart(input.nodeId) }, async (w) => {
    const { em, plan } = w;
    const node = await currentNode(w, input.version);
    if (node.provenance === 'OMITTED') throw invalidState('The node is omitted: restore it before editing it');
    const fields = cleanNodeFields(input.kind ?? node.kind, input.label !== undefined ? input.label : node.label, input.text ?? node.text);
    const task = input.clearTask ? null : input.task !== undefined ? await cleanTask(em, plan.id, input.task) : node.task;
    const before = node.task as { timing?: { text?: string } | null } | null;
    const timing = (task as { timing?: { text: string } | null } | null)?.timing;
    // The timing "as written" describes the old facts once the date, period or phase changes: an
    // edit that sends it back unchanged with new facts drops it, so no page shows the old words.
    if (timing && before?.timing && !sameTiming(timing as never, before.timing as never) && timing.text === before.timing.text)
      timing.text = '';
    // The statement returns the node as written, its provenance included: nothing to re-read.
    const updated = await updateNodeContent(em, node.id, { ...fields, task });
    return {
      result: { node: nodeOut(updated, updated.depth), plan },
      rollup: true,
      audit: {
        action: 'NODE_UPDATE',
        before: { nodeId: node.id, kind: node.kind, label: node.label, text: node.text, task: node.task },
        after: { nodeId: node.id, ...fields, task },
      },
    };
  });
}

export function moveNode(ctx: AuthedCtx, input: MoveNodeInput): Promise<{ node: PlanNodeRow; plan: PlanRow }> {
  return editDraft(ctx, { part: nodePart(input.nodeId) }, async (w) => {
    const { em, plan } = w;
    const node = await currentNode(w, input.version);
    const parent = await requireNodeInPlan(em, plan.id, input.parentId, 'parentId');
    const after = await requireNodeInPlan(em, plan.id, input.afterNodeId, 'afterNodeId');
    if (after && after.parentId !== (parent?.id ?? null)) throw badInput('afterNodeId is not a child of parentId', 'afterNodeId');
    if (after?.id === node.id) throw badInput('a node cannot be placed after itself', 'afterNodeId');
    if (parent && (await isInSubtreeOf(em, parent.id, node.id))) throw badInput('a node cannot move under itself', 'parentId');
    requireNotOmitted(parent);
    // Close the gap at the old place, then open one at the new place.
    await shiftSiblings(em, plan.id, node.parentId, { after: node.position }, -1);
    const afterPos = after ? (await readNode(em, after.id))!.position : -1;
    await shiftSiblings(em, plan.id, parent?.id ?? null, { after: afterPos }, 1, node.id);
    await placeNode(em, node.id, parent?.id ?? null, afterPos + 1);
    const moved = (await readNodeOut(em, node.id))!;
    return {
      result: { node: moved, plan },
      audit: {
        action: 'NODE_MOVE',
        before: { nodeId: node.id, parentId: node.parentId, position: node.position },
        after: { nodeId: node.id, parentId: moved.parentId, position: moved.position },
      },
    };
  });
}

/**
 * Deletes one of the unit's own nodes with its subtree. A node that came from the parent plan
 * (or a subtree holding one) is omitted instead, with a reason (omitNode): INVALID_STATE with
 * reason OMIT_INSTEAD.
 */
export function deleteNode(ctx: AuthedCtx, input: { nodeId: string; version: number }): Promise<{ deletedId: string; plan: PlanRow }> {
  return editDraft(ctx, { part: nodePart(input.nodeId) }, async (w) => {
    const { em, plan } = w;
    const node = await currentNode(w, input.version);
    const subtree = await subtreeOf(em, node.id);
    const inherited = subtree.filter((n) => n.derivedFromNodeId).map((n) => n.id);
    if (inherited.length)
      throw invalidState('A node that came from the parent plan is omitted with a reason (omitNode), not deleted', {
        reason: Reason.OMIT_INSTEAD,
        nodeIds: inherited.slice(0, 20),
      });
    await deleteNodeRow(em, node.id);
    await shiftSiblings(em, plan.id, node.parentId, { after: node.position }, -1);
    return {
      result: { deletedId: node.id, plan },
      rollup: true,
      audit: {
        action: 'NODE_DELETE',
        before: { nodeId: node.id, subtree: subtree.map(({ id, label, text }) => ({ id, label, text })) },
      },
    };
  });
}

/**
 * Omits a node of a derived draft that came from the parent plan, with the editor's reason
 * (docs/DESIGN.md §4): it and its subtree stay in the document as OMITTED — out of the checks,
 * the printed plan and what is derived from it — until restoreNode. A LOCAL node is deleted
 * instead; an omitted one, or one below an omitted section, is INVALID_STATE.
 */
export function omitNode(
  ctx: AuthedCtx,
  input: { nodeId: string; version: number; reason?: string | null; idempotencyKey?: string | null },
): Promise<{ node: PlanNodeRow; plan: PlanRow }> {
  return editDraft(
    ctx,
    {
      part: nodePart(input.nodeId),
      derivedOnly: true,
      idempotency: {
        operation: 'omitNode',
        key: input.idempotencyKey,
        request: input,
        ref: (r) => ({ nodeId: r.node.id }),
        replay: (ref, em) => replayNode(ctx, em, ref.nodeId as string),
      },
    },
    async (w) => {
      const { em, plan } = w;
      const reason = cleanText(input.reason ?? '', 'reason', { max: 2000 });
      const node = await currentNode(w, input.version);
      if (node.provenance === 'OMITTED') throw invalidState('The node is already omitted');
      if (!node.derivedFromNodeId) throw invalidState("The unit's own node did not come from the parent plan: delete it instead");
      await omitSubtree(em, plan.id, node.id, reason, ctx.principal.kind === 'USER' ? ctx.principal.id : null);
      return {
        result: undefined as never,
        rollup: true,
        reload: async () => ({ node: (await readNodeOut(em, node.id))!, plan }),
        audit: { action: 'NODE_OMITTED', before: { nodeId: node.id, provenance: node.provenance }, after: { nodeId: node.id, reason } },
      };
    },
  );
}

/** Ends an omission: the node and its subtree are again INHERITED / ADAPTED (or LOCAL), as their content makes them. */
export function restoreNode(ctx: AuthedCtx, input: { nodeId: string; version: number }): Promise<{ node: PlanNodeRow; plan: PlanRow }> {
  return editDraft(ctx, { part: nodePart(input.nodeId), derivedOnly: true }, async (w) => {
    const { em, plan } = w;
    const node = await currentNode(w, input.version);
    if (node.provenance !== 'OMITTED') throw invalidState('The node is not omitted');
    if (node.parentProvenance === 'OMITTED') throw invalidState('The node is omitted with its section: restore the section');
    await restoreSubtree(em, plan.id, node.id);
    return {
      result: undefined as never,
      rollup: true,
      reload: async () => ({ node: (await readNodeOut(em, node.id))!, plan }),
      audit: {
        action: 'NODE_RESTORED',
        before: { nodeId: node.id, reason: node.omission?.reason ?? null },
        after: (r: { node: PlanNodeRow }) => ({ nodeId: node.id, provenance: r.node.provenance }),
      },
    };
  });
}

/* ---------------------------------------------------------------- targets */

/** The part an edit replaces, checked against the version the edit was based on. */
function currentPart<T extends { id: string; version: number }>(
  parts: T[],
  id: string,
  version: number | null | undefined,
  what: string,
): T {
  const current = parts.find((p) => p.id === id);
  if (!current) throw notFound(what);
  if (current.version !== version) throw conflict(`The ${what.toLowerCase()} was changed by someone else`, { ...current });
  return current;
}

/**
 * A target, phase or milestone save under its idempotency key: a retry returns the part the first
 * request saved (re-read through the access rules), never a second one. The saved part is re-read
 * after the change and is what the audit event records.
 */
function savePartOnce<T extends { id: string; version: number }>(
  ctx: AuthedCtx,
  input: { planId: string; idempotencyKey?: string | null; version?: number | null },
  operation: string,
  what: 'Target' | 'Phase' | 'Milestone',
  load: (em: EntityManager, planIds: string[]) => Promise<Map<string, T[]>>,
  existingId: string | null,
  save: (w: PlanWrite, checkCurrent: () => Promise<void>) => Promise<string>,
): Promise<T> {
  return editDraft(
    ctx,
    {
      planId: input.planId,
      idempotency: {
        operation,
        key: input.idempotencyKey,
        request: input,
        ref: (part) => ({ planId: input.planId.toLowerCase(), partId: part.id }),
        replay: (ref, em) => replayPart(ctx, em, ref.planId as string, what, load, ref.partId as string),
      },
    },
    async (w) => {
      let before: T | undefined;
      // After the input is checked, before it is written: the part is still at the client's version.
      const checkCurrent = async () => {
        if (existingId) before = currentPart((await load(w.em, [w.plan.id])).get(w.plan.id)!, existingId, input.version, what);
      };
      const id = await save(w, checkCurrent);
      return {
        result: undefined as never,
        reload: async () => (await load(w.em, [w.plan.id])).get(w.plan.id)!.find((p) => p.id === id)!,
        audit: { action: `${what.toUpperCase()}_${existingId ? 'UPDATE' : 'ADD'}`, before, after: (saved: T) => saved },
      };
    },
  );
}

export function saveTarget(ctx: AuthedCtx, input: SaveTargetInput): Promise<TargetNode> {
  const existing = parseOptionalUuid(input.targetId, 'targetId');
  return savePartOnce(ctx, input, 'saveTarget', 'Target', loadTargets, existing, async ({ em, plan }, checkCurrent) => {
    const metric = cleanText(input.metric, 'metric', { max: 1000 });
    const unitOfMeasure = cleanText(input.unitOfMeasure, 'unitOfMeasure', { max: 50 });
    const comparator = input.comparator ?? 'AT_LEAST';
    if (!Comparators.includes(comparator)) throw badInput('unknown comparator', 'comparator');
    const value = input.value ?? null;
    if (value !== null && (!Number.isFinite(value) || value < 0 || value > 1e12))
      throw badInput('value must be a non-negative number', 'value');
    const allocations = (input.allocations ?? []).map((a, i) => {
      if (!Number.isFinite(a.value) || a.value < 0 || a.value > 1e12)
        throw badInput('allocation value must be a non-negative number', `allocations[${i}].value`);
      return {
        assignee: cleanText(a.assignee, `allocations[${i}].assignee`, { max: 300 }),
        unit_id: a.unitId ? parseUnitId(a.unitId, `allocations[${i}].unitId`) : null,
        agency_id: parseOptionalUuid(a.agencyId, `allocations[${i}].agencyId`),
        value: a.value,
      };
    });
    if (allocations.length > PLAN_LIMITS.allocationsPerTarget)
      throw badInput(`at most ${PLAN_LIMITS.allocationsPerTarget} allocations`, 'allocations');
    // Allocations name units below the issuing unit (or its own agencies).
    for (const [i, a] of allocations.entries()) {
      if (a.unit_id !== null && !(await isStrictlyBelow(em, a.unit_id, { id: plan.unitId, path: plan.unitPath })))
        throw badInput('an allocation names a unit that is not below the issuing unit', `allocations[${i}].unitId`);
      if (a.agency_id !== null && !(await isAgencyOfUnit(em, a.agency_id, plan.unitId)))
        throw badInput('an allocation names an agency of another unit', `allocations[${i}].agencyId`);
    }
    const node = await requireNodeInPlan(em, plan.id, input.nodeId, 'nodeId');
    const phaseId = parseOptionalUuid(input.phaseId, 'phaseId');
    if (phaseId && !(await phaseInPlan(em, phaseId, plan.id))) throw badInput('phase is not in this plan', 'phaseId');
    const periodStart = input.periodStart ? parseDate(input.periodStart, 'periodStart') : null;
    const periodEnd = input.periodEnd ? parseDate(input.periodEnd, 'periodEnd') : null;
    if (periodStart && periodEnd && periodEnd < periodStart) throw badInput('periodEnd is before periodStart', 'periodEnd');
    if (input.year !== null && input.year !== undefined && (input.year < 1945 || input.year > 2100))
      throw badInput('year is out of range', 'year');
    const responsible = input.responsible ? cleanAgencyRef(input.responsible, 'responsible') : null;
    // Like a task's agencies, the responsible agency is one of the plan unit's own.
    if (responsible?.agencyId && !(await isAgencyOfUnit(em, responsible.agencyId, plan.unitId)))
      throw badInput("the responsible agency does not belong to the plan's unit", 'responsible.agencyId');
    await checkCurrent();
    return saveTargetRow(em, plan, existing, {
      nodeId: node?.id ?? null,
      metric,
      unitOfMeasure,
      comparator,
      value,
      periodStart,
      periodEnd,
      phaseId,
      year: input.year ?? null,
      responsible,
      allocations,
    });
  });
}

/* --------------------------------------------------------- phases, milestones */

export function savePhase(ctx: AuthedCtx, input: SavePhaseInput): Promise<PhaseNode> {
  const existing = parseOptionalUuid(input.phaseId, 'phaseId');
  return savePartOnce(ctx, input, 'savePhase', 'Phase', loadPhases, existing, async ({ em, plan }, checkCurrent) => {
    const name = cleanText(input.name, 'name', { max: 300 });
    const startDate = input.startDate ? parseDate(input.startDate, 'startDate') : null;
    const endDate = input.endDate ? parseDate(input.endDate, 'endDate') : null;
    if (startDate && endDate && endDate < startDate) throw badInput('endDate is before startDate', 'endDate');
    const goal = optionalText(input.goal, 'goal', 5000);
    const node = await requireNodeInPlan(em, plan.id, input.nodeId, 'nodeId');
    await checkCurrent();
    return savePhaseRow(em, plan, existing, { nodeId: node?.id ?? null, name, startDate, endDate, goal });
  });
}

/**
 * A periodic report (docs/REPORTS.md, "Periodic milestones"): only a reporting milestone recurs,
 * and its due day (1–31 of each period's last month) only with a recurrence.
 */
function milestoneRecurrence(input: SaveMilestoneInput): { recurrence: Recurrence | null; dueDay: number | null } {
  const recurrence = input.recurrence ?? null;
  const dueDay = input.dueDay ?? null;
  if (recurrence !== null && !Recurrences.includes(recurrence)) throw badInput('unknown recurrence', 'recurrence');
  if (recurrence !== null && input.kind === 'PLAN_SUBMISSION') throw badInput('a plan-submission deadline does not recur', 'recurrence');
  if (dueDay !== null && recurrence === null) throw badInput('dueDay is the due day of a periodic report: give its recurrence', 'dueDay');
  if (dueDay !== null && (!Number.isInteger(dueDay) || dueDay < 1 || dueDay > 31))
    throw badInput('dueDay must be a day from 1 to 31', 'dueDay');
  return { recurrence, dueDay };
}

export function saveMilestone(ctx: AuthedCtx, input: SaveMilestoneInput): Promise<MilestoneNode> {
  const existing = parseOptionalUuid(input.milestoneId, 'milestoneId');
  return savePartOnce(ctx, input, 'saveMilestone', 'Milestone', loadMilestones, existing, async ({ em, plan }, checkCurrent) => {
    if (!MilestoneKinds.includes(input.kind)) throw badInput('unknown milestone kind', 'kind');
    const title = cleanText(input.title, 'title', { max: 1000 });
    const dueDate = input.dueDate ? parseDate(input.dueDate, 'dueDate') : null;
    const recipient = optionalText(input.recipient, 'recipient', 500);
    const { recurrence, dueDay } = milestoneRecurrence(input);
    const node = await requireNodeInPlan(em, plan.id, input.nodeId, 'nodeId');
    await checkCurrent();
    return saveMilestoneRow(em, plan, existing, {
      nodeId: node?.id ?? null,
      kind: input.kind,
      title,
      dueDate,
      recipient,
      recurrence,
      dueDay,
    });
  });
}

export function deletePlanPart(
  ctx: AuthedCtx,
  what: keyof typeof PART_TABLES,
  input: { id: string; version: number },
): Promise<{ deletedId: string; plan: PlanRow }> {
  const table = PART_TABLES[what];
  return editDraft(ctx, { part: { table, id: input.id, what, field: 'id' } }, async ({ em, plan, partId }) => {
    const current = await lockPartRow(em, table, partId!);
    if (!current) throw notFound(what);
    if (current.version !== input.version) throw conflict(`The ${what.toLowerCase()} was changed by someone else`, { ...current });
    await deletePartRow(em, table, partId!);
    return { result: { deletedId: partId!, plan }, audit: { action: `${what.toUpperCase()}_DELETE`, before: current } };
  });
}
