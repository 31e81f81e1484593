import type { EntityManager } from '@mikro-orm/postgresql';
import type { AuthedCtx } from '../../core/context.js';
import { canCreatePlanFor, canEditPlan, canReadPlan } from '../../core/access/policy.js';
import { badInput, forbidden, invalidState, notFound } from '../../core/errors.js';
import { idempotent } from '../../core/idempotency.js';
import { parseUuid } from '../../core/ids.js';
import { one, rows } from '../../core/sql.js';
import { cleanText, searchKey, todayInVietnam } from '../../core/text.js';
import { findVisibleUnit, parseUnitId } from '../admin-units/admin-unit.service.js';
import type { AdminUnitNode } from '../admin-units/admin-unit.types.js';
import { requireNotDissolvedBy } from '../admin-units/unit-table.js';
import type { PlanDocument, Target } from '../plans/plan-document.js';
import { insertPlanContent, readPlanDocument, type NodeOrigin } from '../plans/plan-store.js';
import {
  auditPlan,
  composeCitation,
  creatorOf,
  getVisiblePlan,
  insertPlanRow,
  lockDraftForEdit,
  reloadPlan,
  replayPlan,
} from '../plans/plan.service.js';
import type { PlanNode } from '../plans/plan.types.js';
import { createAgencyMapper, inlineUnitName, type AgencyMapper, type MappingEntry } from './agency-mapping.js';
import { NODE_CONTENT_SQL, refreshRollup } from './rollup.js';

/** A child reports this many days before its parent's own deadline. */
export const REPORT_LEAD_DAYS = 3;

export function daysBefore(iso: string | null, days: number): string | null {
  if (!iso) return null;
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - days);
  return d.toISOString().slice(0, 10);
}

const KIND_PREFIX = /^(tỉnh|thành phố|huyện|quận|thị xã|xã|phường|thị trấn|đặc khu)\s+/iu;
/** Does an allocation's assignee ("thành phố Lào Cai", "Văn Bàn") name this unit? */
export function assigneeNamesUnit(assignee: string, unit: { name: string; kind: string }): boolean {
  const a = searchKey(assignee);
  const u = searchKey(unit.name);
  if (a === u) return true;
  const aCore = searchKey(assignee.replace(KIND_PREFIX, ''));
  const uCore = searchKey(unit.name.replace(KIND_PREFIX, ''));
  const aKind = KIND_PREFIX.exec(assignee)?.[1];
  return aCore === uCore && (!aKind || searchKey(aKind) === searchKey(unit.kind));
}

/**
 * `(assignee) => units.find((u) => assigneeNamesUnit(assignee, u))` with the units' keys computed
 * once, for the many allocations of an imported plan.
 */
export function unitNamedBy<U extends { name: string; kind: string }>(units: U[]): (assignee: string) => U | undefined {
  const keyed = units.map((u) => ({ full: searchKey(u.name), core: searchKey(u.name.replace(KIND_PREFIX, '')), kind: searchKey(u.kind) }));
  const byFull = new Map<string, number>();
  const byCore = new Map<string, number[]>();
  keyed.forEach((k, i) => {
    if (!byFull.has(k.full)) byFull.set(k.full, i);
    if (!byCore.has(k.core)) byCore.set(k.core, []);
    byCore.get(k.core)!.push(i);
  });
  return (assignee) => {
    const aKind = KIND_PREFIX.exec(assignee)?.[1];
    const kind = aKind ? searchKey(aKind) : null;
    const full = byFull.get(searchKey(assignee)) ?? Infinity;
    const core = byCore.get(searchKey(assignee.replace(KIND_PREFIX, '')))?.find((i) => kind === null || keyed[i].kind === kind) ?? Infinity;
    const first = Math.min(full, core);
    return first === Infinity ? undefined : units[first];
  };
}

export interface DerivationPlanOutline {
  parent: PlanNode;
  unit: AdminUnitNode;
  document: PlanDocument;
  origins: Map<string, NodeOrigin>;
  targetOrigins: Map<string, { derivedFromTargetId: string }>;
  mapping: MappingEntry[];
  /** Parent targets that become the unit's own, with the value taken over. */
  takenTargets: { parentTargetId: string; metric: string; unitOfMeasure: string; value: number | null; allocated: boolean }[];
  existingPlanId: string | null;
}

/**
 * The plan of `unitId` derived from the parent series, if any (any status but REVOKED): a unit
 * has one plan per parent plan. derivePlan and importPlan pass `lock`: creators of one unit's plan
 * from one parent series queue on a transaction-level advisory lock, so each sees what the one
 * before it committed — the second of two simultaneous requests gets the same answer as one that
 * comes later. The unique index plan_one_open_derived (migration 0008) keeps the rule in the
 * database whatever the path.
 */
export async function existingDerivedPlan(
  em: EntityManager,
  parentSeriesId: string,
  unitId: number,
  opts: { lock?: boolean } = {},
): Promise<string | null> {
  if (opts.lock) await rows(em, `select pg_advisory_xact_lock(hashtextextended(?, 0))`, [`derived-plan:${parentSeriesId}:${unitId}`]);
  const existing = await one<{ id: string }>(
    em,
    `select id from plan where unit_id = ? and parent_series_id = ? and status <> 'REVOKED' order by created_at limit 1`,
    [unitId, parentSeriesId],
  );
  return existing?.id ?? null;
}

/** Checks and builds what derivePlan would create, without writing: the preview and the real thing share it. */
export async function outlineDerivation(
  ctx: AuthedCtx,
  em: EntityManager,
  parentPlanId: string,
  unitIdInput?: string,
  opts: { lock?: boolean } = {},
): Promise<DerivationPlanOutline> {
  const parent = await getVisiblePlan(ctx, parentPlanId, 'parentPlanId');
  const unitId = unitIdInput ? parseUnitId(unitIdInput, 'unitId') : ctx.principal.unitId;
  const unit = await findVisibleUnit(ctx, unitId);
  // The order of every write (docs/DESIGN.md §6): invisible → NOT_FOUND, not allowed → FORBIDDEN, then state.
  if (!canCreatePlanFor(ctx.principal, unit.id)) throw forbidden('Only editors of the unit derive its plan');
  if (parent.status !== 'ISSUED') throw invalidState(`Only an issued plan can be derived from (this one is ${parent.status})`);
  if (!unit.path.startsWith(`${parent.unitPath}.`))
    throw badInput('The unit must lie below the unit that issued the parent plan', 'unitId');
  // A unit dissolved before the parent plan was issued never had to implement it (docs/ACCESS.md);
  // a unit established later may still implement a plan that runs on.
  await requireNotDissolvedBy(em, ctx.principal, unit, parent.issuedDate ?? todayInVietnam(), 'implement a plan issued');
  const existingPlanId = await existingDerivedPlan(em, parent.seriesId, unit.id, opts);
  const parentUnit = (await ctx.loaders.unitById.load(parent.unitId))!;
  const source = await readPlanDocument(em, parent);
  const mapper = await createAgencyMapper(em, parent.unitId, unit);
  const built = buildDerivedDocument(parent, parentUnit, source, unit, mapper);
  return { parent, unit, ...built, mapping: mapper.entries(), existingPlanId };
}

/**
 * The pure part of derivation: from the parent's document, what the unit's draft contains (title,
 * preamble, parent as first basis, mapped tasks, its own targets, earlier milestones) and where
 * each node and target came from. The benchmark's bulk generator calls the same function, so the
 * data it writes is what derivePlan would write.
 */
export function buildDerivedDocument(
  parent: Pick<PlanNode, 'id' | 'title' | 'number' | 'symbol' | 'issuedDate'>,
  parentUnit: { name: string },
  source: PlanDocument,
  unit: { id: number; name: string; kind: string },
  mapper: AgencyMapper,
): Pick<DerivationPlanOutline, 'document' | 'origins' | 'targetOrigins' | 'takenTargets'> {
  const nodes = source.nodes.map((n) => ({
    ...n,
    text: mapper.rewriteText(n.text),
    task: n.task
      ? { lead: n.task.lead.map((a) => mapper.map(a)), cooperating: n.task.cooperating.map((a) => mapper.map(a)), timing: n.task.timing }
      : null,
  }));
  // Rewrite again now that every agency named in a task is known.
  for (const n of nodes) n.text = mapper.rewriteText(n.text);

  const targets: Target[] = [];
  const takenTargets: DerivationPlanOutline['takenTargets'] = [];
  const targetOrigins = new Map<string, { derivedFromTargetId: string }>();
  for (const t of source.targets) {
    const mine = t.allocations.find((a) => a.unitId === unit.id || (a.unitId == null && assigneeNamesUnit(a.assignee, unit)));
    let value: number | null;
    if (t.allocations.length) {
      if (!mine) continue; // other units' allocations are not copied
      value = mine.value;
    } else if (!t.responsible || t.responsible.subordinateCommittees) {
      value = t.value; // a rate or a task for every subordinate committee
    } else {
      continue; // the parent's own agency target
    }
    targets.push({ ...t, value, allocations: [], responsible: t.responsible ? mapper.map(t.responsible) : null });
    targetOrigins.set(t.key, { derivedFromTargetId: t.key });
    takenTargets.push({ parentTargetId: t.key, metric: t.metric, unitOfMeasure: t.unitOfMeasure, value, allocated: !!mine });
  }

  const childInline = inlineUnitName(unit.name);
  const parentInline = inlineUnitName(parentUnit.name);
  const title = parent.title
    .split(parentInline)
    .join(childInline)
    .replace(/trên địa bàn tỉnh(?=[\s,.;]|$)/u, `trên địa bàn ${unit.kind}`);
  const citation = composeCitation(
    'PLAN',
    parent.number ? `${parent.number}/${parent.symbol}` : null,
    parent.issuedDate,
    `Ủy ban nhân dân ${parentInline}`,
    parent.title,
  );
  const document: PlanDocument = {
    header: { ...source.header, issuingBody: null, number: null, issuedDate: null, dateLine: null, place: null, title },
    preamble: `Thực hiện ${citation}; Ủy ban nhân dân ${childInline} xây dựng Kế hoạch thực hiện trên địa bàn ${unit.kind} với những nội dung cụ thể như sau:`,
    legalBases: [
      {
        type: 'PLAN',
        number: parent.number ? `${parent.number}/${parent.symbol}` : null,
        date: parent.issuedDate,
        issuer: `Ủy ban nhân dân ${parentInline}`,
        title: parent.title,
        text: citation,
        planId: parent.id,
      },
      ...source.legalBases.map((b) => ({ ...b, planId: b.planId ?? null })),
    ],
    nodes,
    phases: source.phases,
    targets,
    milestones: source.milestones.map((m) => ({
      ...m,
      dueDate: daysBefore(m.dueDate, REPORT_LEAD_DAYS),
      recipient: `Ủy ban nhân dân ${parentInline}`,
    })),
    recipients: [`Ủy ban nhân dân ${parentInline} (để báo cáo)`, 'Lưu: VT'],
    signature: { authority: 'TM. ỦY BAN NHÂN DÂN', title: 'CHỦ TỊCH', signerName: null },
  };
  const origins = new Map<string, NodeOrigin>(source.nodes.map((n) => [n.key, { derivedFromNodeId: n.key }]));
  return { document, origins, targetOrigins, takenTargets };
}

export async function derivePlan(
  ctx: AuthedCtx,
  input: { parentPlanId: string; unitId?: string; idempotencyKey?: string | null },
): Promise<PlanNode> {
  return ctx.em.transactional((em) =>
    idempotent(
      ctx,
      em,
      { operation: 'derivePlan', key: input.idempotencyKey, request: input },
      {
        run: () => deriveInTransaction(ctx, em, input),
        ref: (plan) => ({ planId: plan.id }),
        replay: (ref) => replayPlan(ctx, em, ref.planId),
      },
    ),
  );
}

async function deriveInTransaction(ctx: AuthedCtx, em: EntityManager, input: { parentPlanId: string; unitId?: string }): Promise<PlanNode> {
  const o = await outlineDerivation(ctx, em, input.parentPlanId, input.unitId, { lock: true });
  if (o.existingPlanId) throw invalidState('This unit already has a plan derived from this parent plan');
  const created = await insertPlanRow(em, o.unit, creatorOf(ctx), {
    title: o.document.header.title,
    symbol: 'KH-UBND',
    preamble: o.document.preamble,
    documentKind: o.document.header.documentKind,
    periodStart: o.parent.periodStart,
    periodEnd: o.parent.periodEnd,
    submissionDeadline: daysBefore(o.parent.submissionDeadline, REPORT_LEAD_DAYS),
    recipients: o.document.recipients,
    signature: o.document.signature,
    parentPlanId: o.parent.id,
  });
  await insertPlanContent(em, created, o.document, o.origins, o.targetOrigins);
  // What derivation produced is the reference for INHERITED vs ADAPTED.
  await rows(
    em,
    `update plan_node set source_snapshot = ${NODE_CONTENT_SQL}, provenance = 'INHERITED' where plan_id = ? and derived_from_node_id is not null`,
    [created.id],
  );
  await refreshRollup(em, created.id);
  const plan = await reloadPlan(em, created.id);
  await auditPlan(ctx, em, plan, 'DERIVE', undefined, {
    parentPlanId: o.parent.id,
    nodes: o.document.nodes.length,
    targets: o.takenTargets,
    unmatchedAgencies: o.mapping.filter((m) => !m.to).map((m) => m.from.name),
  });
  return plan;
}

/* --------------------------------------------------------------- omissions */

/**
 * Called when an editor deletes nodes of a derived plan: every deleted node that came from the
 * parent becomes OMITTED with the editor's reason (required).
 */
export async function recordOmissions(
  ctx: AuthedCtx,
  em: EntityManager,
  planId: string,
  deletedNodeIds: string[],
  reason: string | null | undefined,
): Promise<number> {
  if (!deletedNodeIds.length) return 0;
  const sources = await rows<{ source: string }>(
    em,
    `select derived_from_node_id as source from plan_node where id in (${deletedNodeIds.map(() => '?').join(', ')}) and derived_from_node_id is not null`,
    deletedNodeIds,
  );
  if (!sources.length) return 0;
  const why = cleanText(reason ?? '', 'omissionReason', { max: 2000 });
  for (const s of sources) {
    await rows(
      em,
      `insert into plan_omission (plan_id, source_node_id, reason, created_by) values (?, ?, ?, ?)
       on conflict (plan_id, source_node_id) do update set reason = excluded.reason, created_by = excluded.created_by, created_at = now()`,
      [planId, s.source, why, ctx.principal.kind === 'USER' ? ctx.principal.id : null],
    );
  }
  return sources.length;
}

export async function setOmissionReason(
  ctx: AuthedCtx,
  input: { planId: string; sourceNodeId: string; reason: string },
): Promise<PlanNode> {
  const reason = cleanText(input.reason, 'reason', { max: 2000 });
  const sourceNodeId = parseUuid(input.sourceNodeId, 'sourceNodeId');
  return ctx.em.transactional(async (em) => {
    const plan = await lockEditableDerived(ctx, em, input.planId);
    const updated = await rows(em, `update plan_omission set reason = ? where plan_id = ? and source_node_id = ? returning plan_id`, [
      reason,
      plan.id,
      sourceNodeId,
    ]);
    if (!updated.length) throw notFound('Omission');
    await auditPlan(ctx, em, plan, 'OMISSION_REASON', undefined, { sourceNodeId, reason });
    return reloadPlan(em, plan.id);
  });
}

/** Locks a derived draft for editing (the same order of checks as every edit). */
export async function lockEditableDerived(ctx: AuthedCtx, em: EntityManager, planId: string): Promise<PlanNode> {
  const plan = await lockDraftForEdit(ctx, em, planId);
  if (!plan.parentPlanId) throw invalidState('The plan is not derived from a parent plan');
  return plan;
}

export function assertCanRead(ctx: AuthedCtx, plan: PlanNode): void {
  if (!canReadPlan(ctx.principal, plan)) throw notFound('Plan');
}

export const canEdit = (ctx: AuthedCtx, plan: PlanNode) => canEditPlan(ctx.principal, plan) && plan.status === 'DRAFT';
