import crypto from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { AuthedCtx } from '../../core/context.js';
import { badInput, conflict, notFound } from '../../core/errors.js';
import { idempotent } from '../../core/idempotency.js';
import { parseOptionalUuid, parseUnitId, parseUuid } from '../../core/ids.js';
import { one, rows } from '../../core/sql.js';
import { cleanText, optionalText, parseDate } from '../../core/text.js';
import { isSector } from '../agencies/sectors.js';
import { isStrictlyBelow } from '../admin-units/unit-table.js';
import { Comparators, MilestoneKinds, NodeKinds, TimingKinds } from './plan-document.js';
import type { AgencyRef } from './plan-document.js';
import { loadMilestones, loadPhases, loadTargets, taskOut } from './plan-store.js';
import { auditPlan, lockDraftForEdit, replayPlan, touchPlan } from './plan.service.js';
import { recordOmissions } from '../derivation/derivation.service.js';
import { refreshProvenance, refreshRollup } from '../derivation/rollup.js';
import { PLAN_LIMITS } from './plan-limits.js';
import type {
  AddNodeInput,
  AgencyRefInput,
  MilestoneNode,
  MoveNodeInput,
  PhaseNode,
  PlanNode,
  PlanNodeNode,
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
 * of the same part gets CONFLICT with the current state and changes nothing.
 */

interface NodeRow {
  id: string;
  planId: string;
  parentId: string | null;
  position: number;
  kind: string;
  label: string | null;
  text: string;
  task: unknown;
  derivedFromNodeId: string | null;
  version: number;
}
const NODE_COLUMNS = `n.id, n.plan_id as "planId", n.parent_id as "parentId", n.position, n.kind, n.label, n.text, n.task,
  n.derived_from_node_id as "derivedFromNodeId", n.provenance, n.version`;

const nodeOut = (n: NodeRow, depth = 0): PlanNodeNode => ({ ...n, depth, task: taskOut(n.task as never) }) as PlanNodeNode;

/**
 * The draft a part (node, target, phase, milestone) belongs to, locked for the edit. A part of a
 * plan the caller may not see gets exactly the answer of a part that does not exist: "Node not
 * found", never "Plan not found" (that would tell the id exists).
 */
async function lockPlanOfPart(
  ctx: AuthedCtx,
  em: EntityManager,
  table: 'plan_node' | 'plan_target' | 'plan_phase' | 'plan_milestone',
  id: string,
  what: string,
  field: string,
): Promise<{ plan: PlanNode; partId: string }> {
  const partId = parseUuid(id, field);
  const row = await one<{ planId: string }>(em, `select plan_id as "planId" from ${table} where id = ?`, [partId]);
  if (!row) throw notFound(what);
  return { plan: await lockDraftForEdit(ctx, em, row.planId, what), partId };
}

async function nodeDepth(em: EntityManager, nodeId: string): Promise<number> {
  const r = await one<{ depth: number }>(
    em,
    `with recursive up as (select id, parent_id, 0 as d from plan_node where id = ? union all
       select n.id, n.parent_id, up.d + 1 from plan_node n join up on n.id = up.parent_id)
     select max(d)::int as depth from up`,
    [nodeId],
  );
  return r?.depth ?? 0;
}

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
    const found = await rows<{ id: string }>(
      em,
      `select g.id from agency g join plan p on p.unit_id = g.unit_id where p.id = ? and g.id in (${agencyIds.map(() => '?').join(', ')})`,
      [planId, ...agencyIds],
    );
    if (found.length !== new Set(agencyIds).size) throw badInput("an agency does not belong to the plan's unit", 'task');
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
    if (phaseId && !(await one(em, `select 1 from plan_phase where id = ? and plan_id = ?`, [phaseId, planId])))
      throw badInput('phase is not in this plan', 'task.timing.phaseId');
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
): Promise<NodeRow | null> {
  if (!nodeId) return null;
  const node = await one<NodeRow>(em, `select ${NODE_COLUMNS} from plan_node n where n.id = ? and n.plan_id = ?`, [
    parseUuid(nodeId, field),
    planId,
  ]);
  if (!node) throw badInput(`${field} is not a node of this plan`, field);
  return node;
}

/* --------------------------------------------------------------- replays */

/** What a retried addNode returns: the node the first request added, as it is now. */
async function replayNode(ctx: AuthedCtx, em: EntityManager, nodeId: string): Promise<{ node: PlanNodeNode; plan: PlanNode }> {
  const node = await one<NodeRow>(em, `select ${NODE_COLUMNS} from plan_node n where n.id = ?`, [nodeId]);
  if (!node) throw notFound('Node');
  const plan = await replayPlan(ctx, em, node.planId, 'Node');
  return { node: nodeOut(node, await nodeDepth(em, node.id)), plan };
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

/**
 * A target, phase or milestone save in one transaction under its idempotency key: a retry returns
 * the part the first request saved (re-read through the access rules), never a second one.
 */
function savePartOnce<T extends { id: string }>(
  ctx: AuthedCtx,
  input: { planId: string; idempotencyKey?: string | null },
  operation: string,
  what: string,
  load: (em: EntityManager, planIds: string[]) => Promise<Map<string, T[]>>,
  save: (em: EntityManager) => Promise<T>,
): Promise<T> {
  return ctx.em.transactional((em) =>
    idempotent(
      ctx,
      em,
      { operation, key: input.idempotencyKey, request: input },
      {
        run: () => save(em),
        ref: (part) => ({ planId: input.planId.toLowerCase(), partId: part.id }),
        replay: (ref) => replayPart(ctx, em, ref.planId, what, load, ref.partId),
      },
    ),
  );
}

/* ------------------------------------------------------------------ nodes */

export async function addNode(ctx: AuthedCtx, input: AddNodeInput): Promise<{ node: PlanNodeNode; plan: PlanNode }> {
  return ctx.em.transactional((em) =>
    idempotent(
      ctx,
      em,
      { operation: 'addNode', key: input.idempotencyKey, request: input },
      {
        run: () => addNodeInTransaction(ctx, em, input),
        ref: (r) => ({ nodeId: r.node.id }),
        replay: (ref) => replayNode(ctx, em, ref.nodeId),
      },
    ),
  );
}

async function addNodeInTransaction(
  ctx: AuthedCtx,
  em: EntityManager,
  input: AddNodeInput,
): Promise<{ node: PlanNodeNode; plan: PlanNode }> {
  const plan = await lockDraftForEdit(ctx, em, input.planId);
  const fields = cleanNodeFields(input.kind, input.label, input.text);
  const parent = await requireNodeInPlan(em, plan.id, input.parentId, 'parentId');
  const after = await requireNodeInPlan(em, plan.id, input.afterNodeId, 'afterNodeId');
  if (after && after.parentId !== (parent?.id ?? null)) throw badInput('afterNodeId is not a child of parentId', 'afterNodeId');
  const task = await cleanTask(em, plan.id, input.task);
  const position = after ? after.position + 1 : 0;
  await rows(em, `update plan_node set position = position + 1 where plan_id = ? and parent_id is not distinct from ? and position >= ?`, [
    plan.id,
    parent?.id ?? null,
    position,
  ]);
  const id = crypto.randomUUID();
  await rows(
    em,
    `insert into plan_node (id, plan_id, province_id, parent_id, position, kind, label, text, task) values (?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb)`,
    [
      id,
      plan.id,
      plan.provinceId,
      parent?.id ?? null,
      position,
      fields.kind,
      fields.label,
      fields.text,
      task ? JSON.stringify(task) : null,
    ],
  );
  await touchPlan(em, plan.id);
  await refreshRollup(em, plan.id);
  const node = (await one<NodeRow>(em, `select ${NODE_COLUMNS} from plan_node n where n.id = ?`, [id]))!;
  await auditPlan(ctx, em, plan, 'NODE_ADD', undefined, { nodeId: id, parentId: parent?.id ?? null, position, ...fields, task });
  return { node: nodeOut(node, parent ? (await nodeDepth(em, parent.id)) + 1 : 0), plan };
}

async function lockNode(ctx: AuthedCtx, em: EntityManager, nodeId: string, version: number) {
  const { plan, partId } = await lockPlanOfPart(ctx, em, 'plan_node', nodeId, 'Node', 'nodeId');
  const node = await one<NodeRow>(em, `select ${NODE_COLUMNS} from plan_node n where n.id = ? for update`, [partId]);
  // Deleted by an edit that held the plan lock before this one.
  if (!node) throw notFound('Node');
  if (node.version !== version) throw conflict('The node was changed by someone else', { ...nodeOut(node) });
  return { plan, node };
}

export async function updateNode(ctx: AuthedCtx, input: UpdateNodeInput): Promise<{ node: PlanNodeNode; plan: PlanNode }> {
  return ctx.em.transactional(async (em) => {
    const { plan, node } = await lockNode(ctx, em, input.nodeId, input.version);
    const fields = cleanNodeFields(input.kind ?? node.kind, input.label !== undefined ? input.label : node.label, input.text ?? node.text);
    const task = input.clearTask ? null : input.task !== undefined ? await cleanTask(em, plan.id, input.task) : node.task;
    await rows(
      em,
      `update plan_node set kind = ?, label = ?, text = ?, task = ?::jsonb, version = version + 1, updated_at = now() where id = ?`,
      [fields.kind, fields.label, fields.text, task ? JSON.stringify(task) : null, node.id],
    );
    await refreshProvenance(em, [node.id]);
    await touchPlan(em, plan.id);
    await refreshRollup(em, plan.id);
    const updated = (await one<NodeRow>(em, `select ${NODE_COLUMNS} from plan_node n where n.id = ?`, [node.id]))!;
    await auditPlan(
      ctx,
      em,
      plan,
      'NODE_UPDATE',
      { nodeId: node.id, kind: node.kind, label: node.label, text: node.text, task: node.task },
      { nodeId: node.id, ...fields, task },
    );
    return { node: nodeOut(updated, await nodeDepth(em, node.id)), plan };
  });
}

export async function moveNode(ctx: AuthedCtx, input: MoveNodeInput): Promise<{ node: PlanNodeNode; plan: PlanNode }> {
  return ctx.em.transactional(async (em) => {
    const { plan, node } = await lockNode(ctx, em, input.nodeId, input.version);
    const parent = await requireNodeInPlan(em, plan.id, input.parentId, 'parentId');
    const after = await requireNodeInPlan(em, plan.id, input.afterNodeId, 'afterNodeId');
    if (after && after.parentId !== (parent?.id ?? null)) throw badInput('afterNodeId is not a child of parentId', 'afterNodeId');
    if (after?.id === node.id) throw badInput('a node cannot be placed after itself', 'afterNodeId');
    if (parent) {
      const cycle = await one(
        em,
        `with recursive up as (select id, parent_id from plan_node where id = ? union all select n.id, n.parent_id from plan_node n join up on n.id = up.parent_id)
         select 1 from up where id = ?`,
        [parent.id, node.id],
      );
      if (cycle) throw badInput('a node cannot move under itself', 'parentId');
    }
    // Close the gap at the old place, then open one at the new place.
    await rows(em, `update plan_node set position = position - 1 where plan_id = ? and parent_id is not distinct from ? and position > ?`, [
      plan.id,
      node.parentId,
      node.position,
    ]);
    const afterPos = after
      ? (await one<{ position: number }>(em, `select position from plan_node where id = ?`, [after.id]))!.position
      : -1;
    await rows(
      em,
      `update plan_node set position = position + 1 where plan_id = ? and parent_id is not distinct from ? and position > ? and id <> ?`,
      [plan.id, parent?.id ?? null, afterPos, node.id],
    );
    await rows(em, `update plan_node set parent_id = ?, position = ?, version = version + 1, updated_at = now() where id = ?`, [
      parent?.id ?? null,
      afterPos + 1,
      node.id,
    ]);
    await touchPlan(em, plan.id);
    const moved = (await one<NodeRow>(em, `select ${NODE_COLUMNS} from plan_node n where n.id = ?`, [node.id]))!;
    await auditPlan(
      ctx,
      em,
      plan,
      'NODE_MOVE',
      { nodeId: node.id, parentId: node.parentId, position: node.position },
      { nodeId: node.id, parentId: moved.parentId, position: moved.position },
    );
    return { node: nodeOut(moved, await nodeDepth(em, node.id)), plan };
  });
}

export async function deleteNode(
  ctx: AuthedCtx,
  input: { nodeId: string; version: number; omissionReason?: string | null },
): Promise<{ deletedId: string; plan: PlanNode }> {
  return ctx.em.transactional(async (em) => {
    const { plan, node } = await lockNode(ctx, em, input.nodeId, input.version);
    const subtree = await rows<{ id: string; label: string | null; text: string }>(
      em,
      `with recursive down as (select id, label, text from plan_node where id = ? union all
         select n.id, n.label, n.text from plan_node n join down on n.parent_id = down.id) select * from down`,
      [node.id],
    );
    // Nodes that came from the parent plan become OMITTED, with the editor's reason.
    const omitted = await recordOmissions(
      ctx,
      em,
      plan.id,
      subtree.map((n) => n.id),
      input.omissionReason,
    );
    await rows(em, `delete from plan_node where id = ?`, [node.id]);
    await rows(em, `update plan_node set position = position - 1 where plan_id = ? and parent_id is not distinct from ? and position > ?`, [
      plan.id,
      node.parentId,
      node.position,
    ]);
    await touchPlan(em, plan.id);
    await refreshRollup(em, plan.id);
    await auditPlan(
      ctx,
      em,
      plan,
      omitted ? 'NODE_OMIT' : 'NODE_DELETE',
      { nodeId: node.id, subtree },
      omitted ? { reason: input.omissionReason } : undefined,
    );
    return { deletedId: node.id, plan };
  });
}

/* ---------------------------------------------------------------- targets */

export async function saveTarget(ctx: AuthedCtx, input: SaveTargetInput): Promise<TargetNode> {
  return savePartOnce(ctx, input, 'saveTarget', 'Target', loadTargets, (em) => saveTargetInTransaction(ctx, em, input));
}

async function saveTargetInTransaction(ctx: AuthedCtx, em: EntityManager, input: SaveTargetInput): Promise<TargetNode> {
  const plan = await lockDraftForEdit(ctx, em, input.planId);
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
    if (a.unit_id !== null) {
      if (!(await isStrictlyBelow(em, a.unit_id, { id: plan.unitId, path: plan.unitPath })))
        throw badInput('an allocation names a unit that is not below the issuing unit', `allocations[${i}].unitId`);
    }
    if (a.agency_id !== null && !(await one(em, `select 1 from agency where id = ? and unit_id = ?`, [a.agency_id, plan.unitId]))) {
      throw badInput('an allocation names an agency of another unit', `allocations[${i}].agencyId`);
    }
  }
  const node = await requireNodeInPlan(em, plan.id, input.nodeId, 'nodeId');
  const phaseId = parseOptionalUuid(input.phaseId, 'phaseId');
  if (phaseId && !(await one(em, `select 1 from plan_phase where id = ? and plan_id = ?`, [phaseId, plan.id])))
    throw badInput('phase is not in this plan', 'phaseId');
  const periodStart = input.periodStart ? parseDate(input.periodStart, 'periodStart') : null;
  const periodEnd = input.periodEnd ? parseDate(input.periodEnd, 'periodEnd') : null;
  if (periodStart && periodEnd && periodEnd < periodStart) throw badInput('periodEnd is before periodStart', 'periodEnd');
  if (input.year !== null && input.year !== undefined && (input.year < 1945 || input.year > 2100))
    throw badInput('year is out of range', 'year');
  const responsible = input.responsible ? cleanAgencyRef(input.responsible, 'responsible') : null;
  // Like a task's agencies, the responsible agency is one of the plan unit's own.
  if (responsible?.agencyId && !(await one(em, `select 1 from agency where id = ? and unit_id = ?`, [responsible.agencyId, plan.unitId])))
    throw badInput("the responsible agency does not belong to the plan's unit", 'responsible.agencyId');

  let id = parseOptionalUuid(input.targetId, 'targetId');
  let before: unknown;
  if (id) {
    before = currentPart((await loadTargets(em, [plan.id])).get(plan.id)!, id, input.version, 'Target');
    await rows(
      em,
      `update plan_target set node_id = ?, metric = ?, unit_of_measure = ?, comparator = ?, value = ?, period_start = ?, period_end = ?, phase_id = ?,
         year = ?, responsible = ?::jsonb, version = version + 1 where id = ?`,
      [
        node?.id ?? null,
        metric,
        unitOfMeasure,
        comparator,
        value,
        periodStart,
        periodEnd,
        phaseId,
        input.year ?? null,
        responsible ? JSON.stringify(responsible) : null,
        id,
      ],
    );
    await rows(em, `delete from plan_target_allocation where target_id = ?`, [id]);
  } else {
    id = crypto.randomUUID();
    await rows(
      em,
      `insert into plan_target (id, plan_id, province_id, node_id, position, metric, unit_of_measure, comparator, value, period_start, period_end, phase_id, year, responsible)
       values (?, ?, ?, ?, (select coalesce(max(position), -1) + 1 from plan_target where plan_id = ?), ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb)`,
      [
        id,
        plan.id,
        plan.provinceId,
        node?.id ?? null,
        plan.id,
        metric,
        unitOfMeasure,
        comparator,
        value,
        periodStart,
        periodEnd,
        phaseId,
        input.year ?? null,
        responsible ? JSON.stringify(responsible) : null,
      ],
    );
  }
  if (allocations.length) {
    await rows(
      em,
      `insert into plan_target_allocation (id, target_id, plan_id, position, assignee, unit_id, agency_id, value)
       select gen_random_uuid(), ?::uuid, ?::uuid, x.position, x.assignee, x.unit_id, x.agency_id, x.value
       from jsonb_to_recordset(?::jsonb) as x(position int, assignee text, unit_id int, agency_id uuid, value numeric)`,
      [id, plan.id, JSON.stringify(allocations.map((a, position) => ({ ...a, position })))],
    );
  }
  return finishPartSave(
    ctx,
    em,
    plan,
    'TARGET',
    !!input.targetId,
    before,
    async () => (await loadTargets(em, [plan.id])).get(plan.id)!.find((t) => t.id === id)!,
  );
}

/* --------------------------------------------------------- phases, milestones */

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

/** The end of every target, phase and milestone save: mark the plan changed, re-read, audit. */
async function finishPartSave<T>(
  ctx: AuthedCtx,
  em: EntityManager,
  plan: PlanNode,
  kind: string,
  updated: boolean,
  before: unknown,
  reload: () => Promise<T>,
): Promise<T> {
  await touchPlan(em, plan.id);
  const saved = await reload();
  await auditPlan(ctx, em, plan, `${kind}_${updated ? 'UPDATE' : 'ADD'}`, before, saved);
  return saved;
}

export async function savePhase(ctx: AuthedCtx, input: SavePhaseInput): Promise<PhaseNode> {
  return savePartOnce(ctx, input, 'savePhase', 'Phase', loadPhases, (em) => savePhaseInTransaction(ctx, em, input));
}

async function savePhaseInTransaction(ctx: AuthedCtx, em: EntityManager, input: SavePhaseInput): Promise<PhaseNode> {
  const plan = await lockDraftForEdit(ctx, em, input.planId);
  const name = cleanText(input.name, 'name', { max: 300 });
  const startDate = input.startDate ? parseDate(input.startDate, 'startDate') : null;
  const endDate = input.endDate ? parseDate(input.endDate, 'endDate') : null;
  if (startDate && endDate && endDate < startDate) throw badInput('endDate is before startDate', 'endDate');
  const goal = optionalText(input.goal, 'goal', 5000);
  const node = await requireNodeInPlan(em, plan.id, input.nodeId, 'nodeId');
  let id = parseOptionalUuid(input.phaseId, 'phaseId');
  let before: unknown;
  if (id) {
    before = currentPart((await loadPhases(em, [plan.id])).get(plan.id)!, id, input.version, 'Phase');
    await rows(
      em,
      `update plan_phase set node_id = ?, name = ?, start_date = ?, end_date = ?, goal = ?, version = version + 1 where id = ?`,
      [node?.id ?? null, name, startDate, endDate, goal, id],
    );
  } else {
    id = crypto.randomUUID();
    await rows(
      em,
      `insert into plan_phase (id, plan_id, province_id, node_id, position, name, start_date, end_date, goal)
       values (?, ?, ?, ?, (select coalesce(max(position), -1) + 1 from plan_phase where plan_id = ?), ?, ?, ?, ?)`,
      [id, plan.id, plan.provinceId, node?.id ?? null, plan.id, name, startDate, endDate, goal],
    );
  }
  return finishPartSave(
    ctx,
    em,
    plan,
    'PHASE',
    !!input.phaseId,
    before,
    async () => (await loadPhases(em, [plan.id])).get(plan.id)!.find((f) => f.id === id)!,
  );
}

export async function saveMilestone(ctx: AuthedCtx, input: SaveMilestoneInput): Promise<MilestoneNode> {
  return savePartOnce(ctx, input, 'saveMilestone', 'Milestone', loadMilestones, (em) => saveMilestoneInTransaction(ctx, em, input));
}

async function saveMilestoneInTransaction(ctx: AuthedCtx, em: EntityManager, input: SaveMilestoneInput): Promise<MilestoneNode> {
  const plan = await lockDraftForEdit(ctx, em, input.planId);
  if (!MilestoneKinds.includes(input.kind)) throw badInput('unknown milestone kind', 'kind');
  const title = cleanText(input.title, 'title', { max: 1000 });
  const dueDate = input.dueDate ? parseDate(input.dueDate, 'dueDate') : null;
  const recipient = optionalText(input.recipient, 'recipient', 500);
  const node = await requireNodeInPlan(em, plan.id, input.nodeId, 'nodeId');
  let id = parseOptionalUuid(input.milestoneId, 'milestoneId');
  let before: unknown;
  if (id) {
    before = currentPart((await loadMilestones(em, [plan.id])).get(plan.id)!, id, input.version, 'Milestone');
    await rows(
      em,
      `update plan_milestone set node_id = ?, kind = ?, title = ?, due_date = ?, recipient = ?, version = version + 1 where id = ?`,
      [node?.id ?? null, input.kind, title, dueDate, recipient, id],
    );
  } else {
    id = crypto.randomUUID();
    await rows(
      em,
      `insert into plan_milestone (id, plan_id, province_id, node_id, position, kind, title, due_date, recipient)
       values (?, ?, ?, ?, (select coalesce(max(position), -1) + 1 from plan_milestone where plan_id = ?), ?, ?, ?, ?)`,
      [id, plan.id, plan.provinceId, node?.id ?? null, plan.id, input.kind, title, dueDate, recipient],
    );
  }
  if (input.kind === 'PLAN_SUBMISSION' && dueDate) {
    // The submission milestone is the deadline the cascade measures subordinates against.
    await rows(em, `update plan set submission_deadline = ? where id = ?`, [dueDate, plan.id]);
  }
  return finishPartSave(
    ctx,
    em,
    plan,
    'MILESTONE',
    !!input.milestoneId,
    before,
    async () => (await loadMilestones(em, [plan.id])).get(plan.id)!.find((m) => m.id === id)!,
  );
}

const PART_TABLES = { Target: 'plan_target', Phase: 'plan_phase', Milestone: 'plan_milestone' } as const;

export async function deletePlanPart(
  ctx: AuthedCtx,
  what: keyof typeof PART_TABLES,
  input: { id: string; version: number },
): Promise<{ deletedId: string; plan: PlanNode }> {
  const table = PART_TABLES[what];
  return ctx.em.transactional(async (em) => {
    const { plan, partId } = await lockPlanOfPart(ctx, em, table, input.id, what, 'id');
    const current = await one<{ version: number }>(em, `select version, to_jsonb(t) as row from ${table} t where id = ? for update`, [
      partId,
    ]);
    if (!current) throw notFound(what);
    if (current.version !== input.version) throw conflict(`The ${what.toLowerCase()} was changed by someone else`, { ...current });
    await rows(em, `delete from ${table} where id = ?`, [partId]);
    await touchPlan(em, plan.id);
    await auditPlan(ctx, em, plan, `${what.toUpperCase()}_DELETE`, current, undefined);
    return { deletedId: partId, plan };
  });
}
