import type { EntityManager } from '@mikro-orm/postgresql';
import type { AuthedCtx } from '../../core/context.js';
import { canCreatePlanFor, canEditPlan, canReadPlan } from '../../core/access/policy.js';
import { badInput, forbidden, invalidState, notFound } from '../../core/errors.js';
import { parseUuid } from '../../core/ids.js';
import { cleanText, todayInVietnam } from '../../core/text.js';
import { findVisibleUnitIn, parseUnitId } from '../admin-units/admin-unit.service.js';
import type { AdminUnitNode } from '../admin-units/admin-unit.types.js';
import { readUnit, requireNotDissolvedBy } from '../admin-units/unit-table.js';
import { numberSymbol, type PlanDocument, type Target } from '../plans/plan-document.js';
import * as store from '../plans/store/index.js';
import type { NodeOrigin } from '../plans/store/index.js';
import { composeCitation, getVisiblePlanIn } from '../plans/plan.service.js';
import type { PlanRow } from '../plans/plan.types.js';
import { createAgencyMapper, inlineUnitName, type AgencyMapper, type MappingEntry } from './agency-mapping.js';

/** A child reports this many days before its parent's own deadline. */
export const REPORT_LEAD_DAYS = 3;

export function daysBefore(iso: string | null, days: number): string | null {
  if (!iso) return null;
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - days);
  return d.toISOString().slice(0, 10);
}

export { assigneeNamesUnit, unitNamedBy } from '../plans/unit-names.js';
import { assigneeNamesUnit } from '../plans/unit-names.js';

export interface DerivationPlanOutline {
  parent: PlanRow;
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
 * Checks and builds what derivePlan would create, without writing: the preview and the real thing
 * share it. Everything is read through `em` — derivePlan's own transaction — never through the
 * request's loaders, whose cache may hold rows read before it.
 */
export async function outlineDerivation(
  ctx: AuthedCtx,
  em: EntityManager,
  parentPlanId: string,
  unitIdInput?: string,
  opts: { lock?: boolean } = {},
): Promise<DerivationPlanOutline> {
  const parent = await getVisiblePlanIn(em, ctx.principal, parentPlanId, 'parentPlanId');
  const unitId = unitIdInput ? parseUnitId(unitIdInput, 'unitId') : ctx.principal.unitId;
  const unit = await findVisibleUnitIn(em, ctx.principal, unitId);
  // The order of every write (docs/DESIGN.md §6): invisible → NOT_FOUND, not allowed → FORBIDDEN, then state.
  if (!canCreatePlanFor(ctx.principal, unit.id)) throw forbidden('Only editors of the unit derive its plan');
  if (parent.status !== 'ISSUED') throw invalidState(`Only an issued plan can be derived from (this one is ${parent.status})`);
  if (!unit.path.startsWith(`${parent.unitPath}.`))
    throw badInput('The unit must lie below the unit that issued the parent plan', 'unitId');
  // A unit dissolved before the parent plan was issued never had to implement it (docs/ACCESS.md);
  // a unit established later may still implement a plan that runs on.
  await requireNotDissolvedBy(em, ctx.principal, unit, parent.issuedDate ?? todayInVietnam(), 'implement a plan issued');
  const existingPlanId = await store.existingDerivedPlan(em, parent.seriesId, unit.id, opts);
  const parentUnit = (await readUnit(em, parent.unitId))!;
  const source = await store.readPlanDocument(em, parent);
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
  parent: Pick<PlanRow, 'id' | 'title' | 'number' | 'symbol' | 'issuedDate'>,
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
    numberSymbol(parent.number, parent.symbol),
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
        number: numberSymbol(parent.number, parent.symbol),
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
      // A periodic report recurs below too, due as many days earlier in each period (at the 1st at the earliest).
      dueDay: m.recurrence && m.dueDay ? Math.max(1, m.dueDay - REPORT_LEAD_DAYS) : (m.dueDay ?? null),
      recipient: `Ủy ban nhân dân ${parentInline}`,
    })),
    recipients: [`Ủy ban nhân dân ${parentInline} (để báo cáo)`, 'Lưu: VT'],
    signature: { authority: 'TM. ỦY BAN NHÂN DÂN', title: 'CHỦ TỊCH', signerName: null },
  };
  // What derivation produced is the reference for INHERITED vs ADAPTED: each node is its own snapshot.
  const origins = new Map<string, NodeOrigin>(source.nodes.map((n) => [n.key, { derivedFromNodeId: n.key, sourceSnapshot: 'SELF' }]));
  return { document, origins, targetOrigins, takenTargets };
}

/**
 * derivePlan, in order (docs/ARCHITECTURE.md, "derivePlan, file by file"):
 *  1. plans/store/write.ts `createPlan`: a savepoint in the request's transaction, the idempotency key;
 *  2. this file, `outlineDerivation`, reading through that transaction: the parent plan
 *     (plans/plan.service.ts `getVisiblePlanIn`), the unit (admin-units/admin-unit.service.ts
 *     `findVisibleUnitIn`), the checks, the advisory lock and an existing derived plan
 *     (plans/store/queries.ts `existingDerivedPlan`), the parent's document (plans/store/reads.ts
 *     `readPlanDocument`), the agency mapping (agency-mapping.ts), `buildDerivedDocument`;
 *  3. plans/store/write.ts `insertPlan`: the plan row, then plans/store/content.ts
 *     `insertPlanContent` (one INSERT per table; each node once, its snapshot and provenance in
 *     that INSERT), then plans/store/rollup.ts `refreshRollups`;
 *  4. plans/store/write.ts `createPlan`: the plan re-read, the audit event.
 */
export function derivePlan(
  ctx: AuthedCtx,
  input: { parentPlanId: string; unitId?: string; idempotencyKey?: string | null },
): Promise<PlanRow> {
  return store.createPlan(ctx, { idempotency: { operation: 'derivePlan', key: input.idempotencyKey, request: input } }, async (em) => {
    const o = await outlineDerivation(ctx, em, input.parentPlanId, input.unitId, { lock: true });
    if (o.existingPlanId) throw invalidState('This unit already has a plan derived from this parent plan');
    return {
      unit: o.unit,
      fields: {
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
      },
      document: o.document,
      origins: o.origins,
      targetOrigins: o.targetOrigins,
      audit: {
        action: 'DERIVE',
        after: () => ({
          parentPlanId: o.parent.id,
          nodes: o.document.nodes.length,
          targets: o.takenTargets,
          unmatchedAgencies: o.mapping.filter((m) => !m.to).map((m) => m.from.name),
        }),
      },
    };
  });
}

/* --------------------------------------------------------------- omissions */

export function setOmissionReason(ctx: AuthedCtx, input: { planId: string; sourceNodeId: string; reason: string }): Promise<PlanRow> {
  const reason = cleanText(input.reason, 'reason', { max: 2000 });
  const sourceNodeId = parseUuid(input.sourceNodeId, 'sourceNodeId');
  return store.editDraft(ctx, { planId: input.planId, derivedOnly: true }, async ({ em, plan }) => {
    if (!(await store.setOmissionReason(em, plan.id, sourceNodeId, reason))) throw notFound('Omission');
    return {
      result: undefined as never,
      touch: false,
      audit: { action: 'OMISSION_REASON', after: { sourceNodeId, reason } },
      reload: () => store.reloadPlan(em, plan.id),
    };
  });
}

export function assertCanRead(ctx: AuthedCtx, plan: PlanRow): void {
  if (!canReadPlan(ctx.principal, plan)) throw notFound('Plan');
}

export const canEdit = (ctx: AuthedCtx, plan: PlanRow) => canEditPlan(ctx.principal, plan) && plan.status === 'DRAFT';
