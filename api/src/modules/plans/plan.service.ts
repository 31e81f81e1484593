import crypto from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { AuthedCtx, Principal } from '../../core/context.js';
import { canCreatePlanFor, canReadPlan } from '../../core/access/policy.js';
import { badInput, forbidden, notFound } from '../../core/errors.js';
import { keysetPage } from '../../core/graphql/pagination.js';
import { parseOptionalUuid, parseUuid } from '../../core/ids.js';
import { cleanText, likePattern, optionalText, parseDate } from '../../core/text.js';
import { findVisibleUnit, parseUnitId } from '../admin-units/admin-unit.service.js';
import { DocumentTypes, PLAN_SYMBOL } from './plan-document.js';
import { PLAN_LIMITS } from './plan-limits.js';
import * as store from './store/index.js';
import type { LegalBasisInput, PlanFilter, PlanNodeRow, PlanRow, SignatureInput, UpdatePlanHeaderInput } from './plan.types.js';

export { defaultIssuingBody } from './store/index.js';

/** A plan the caller may read; NOT_FOUND ("Plan not found") whether it is out of sight or absent. */
export async function getVisiblePlan(ctx: AuthedCtx, id: string, field = 'id'): Promise<PlanRow> {
  const plan = await ctx.loaders.planById.load(parseUuid(id, field));
  if (!plan || !canReadPlan(ctx.principal, plan)) throw notFound('Plan');
  return plan;
}

/** getVisiblePlan read through `em` — a write's own transaction — rather than the request's loaders. */
export async function getVisiblePlanIn(em: EntityManager, principal: Principal, id: string, field = 'id'): Promise<PlanRow> {
  const [plan] = await store.loadPlanRows(em, [parseUuid(id, field)]);
  if (!plan || !canReadPlan(principal, plan)) throw notFound('Plan');
  return plan;
}

/**
 * The body of a plan the caller has already been allowed to read (getVisiblePlan): an issued
 * plan's from the shared cache of bodies that can no longer change (store/body-cache.ts).
 */
export function planBody(ctx: AuthedCtx, plan: PlanRow): Promise<readonly PlanNodeRow[]> {
  return store.cachedBody(plan, () => ctx.loaders.planNodes.load(plan.id));
}

/** A plan the caller may see, or null: for links (parent plan, amended plan) that may point out of sight. */
export async function visiblePlanOrNull(ctx: AuthedCtx, id: string | null): Promise<PlanRow | null> {
  if (!id) return null;
  const plan = await ctx.loaders.planById.load(id);
  return plan && canReadPlan(ctx.principal, plan) ? plan : null;
}

/**
 * Of these plan ids, those the caller may read: links to other plans (parent, amended version,
 * cited plan) are handed out only for those, so that no answer names a plan the API then denies.
 */
export async function readablePlanIds(ctx: AuthedCtx, ids: readonly (string | null | undefined)[]): Promise<Set<string>> {
  const wanted = [...new Set(ids.filter((id): id is string => !!id))];
  const found = await ctx.loaders.planById.loadMany(wanted);
  return new Set(found.filter((p): p is PlanRow => !!p && !(p instanceof Error) && canReadPlan(ctx.principal, p)).map((p) => p.id));
}

export async function listPlans(ctx: AuthedCtx, filter: PlanFilter, args: { first?: number; after?: string }) {
  const w = store.planListWhere(ctx.principal);
  const me = ctx.principal;
  switch (filter.scope ?? 'ALL') {
    case 'OWN':
      w.sql.push('p.unit_id = ?');
      w.params.push(me.unitId);
      break;
    case 'FROM_ABOVE':
      w.sql.push('p.unit_path @> ?::ltree and p.unit_id <> ?');
      w.params.push(me.unitPath, me.unitId);
      break;
    case 'FROM_BELOW':
      w.sql.push('p.unit_path <@ ?::ltree and p.unit_id <> ?');
      w.params.push(me.unitPath, me.unitId);
      break;
  }
  if (filter.statuses?.length) {
    w.sql.push(`p.status in (${filter.statuses.map(() => '?').join(', ')})`);
    w.params.push(...filter.statuses);
  }
  if (filter.unitId) {
    w.sql.push('p.unit_id = ?');
    w.params.push(parseUnitId(filter.unitId, 'unitId'));
  }
  if (filter.year !== undefined && filter.year !== null) {
    if (!Number.isInteger(filter.year) || filter.year < 1945 || filter.year > 2100) throw badInput('year is out of range', 'year');
    w.sql.push(`extract(year from coalesce(p.issued_date, p.created_at::date)) = ?`);
    w.params.push(filter.year);
  }
  if (filter.search) store.addSearch(w, likePattern(cleanText(filter.search, 'search', { max: 200 })));
  return keysetPage(
    args,
    2,
    (after, limit) => store.planListPage(ctx.em, w, after, limit),
    (p) => [p.cursorAt, p.id],
    () => store.planListCount(ctx.em, w),
  );
}

export async function planHistory(ctx: AuthedCtx, plan: PlanRow, args: { first?: number; after?: string }) {
  return keysetPage(
    args,
    1,
    (after, limit) => store.planHistoryPage(ctx.em, plan.id, after, limit),
    (e) => [e.id],
    () => store.planHistoryCount(ctx.em, plan.id),
  );
}

export function cleanSymbol(value: string): string {
  const symbol = cleanText(value, 'symbol', { max: 40 }).toUpperCase();
  if (!PLAN_SYMBOL.test(symbol)) throw badInput('symbol must look like "KH-UBND" (or a Party symbol "KH/TU")', 'symbol');
  return symbol;
}

export async function createPlan(
  ctx: AuthedCtx,
  input: { unitId?: string; title: string; symbol?: string; place?: string; preamble?: string; idempotencyKey?: string | null },
) {
  const unitId = input.unitId ? parseUnitId(input.unitId, 'unitId') : ctx.principal.unitId;
  await findVisibleUnit(ctx, unitId);
  if (!canCreatePlanFor(ctx.principal, unitId)) throw forbidden('Only editors of a unit create its plans');
  const fields: store.NewPlanFields = {
    title: cleanText(input.title, 'title', { max: 1000 }),
    symbol: input.symbol !== undefined ? cleanSymbol(input.symbol) : undefined,
    place: optionalText(input.place, 'place', 100),
    preamble: input.preamble !== undefined ? cleanText(input.preamble, 'preamble', { max: 20000, allowEmpty: true }) : '',
  };
  return store.createPlan(
    ctx,
    { idempotency: { operation: 'createPlan', key: input.idempotencyKey, request: { ...fields, unitId } } },
    async () => ({
      unit: await findVisibleUnit(ctx, unitId),
      fields,
      audit: { action: 'CREATE', after: (plan) => ({ title: plan.title, unitId: plan.unitId }) },
    }),
  );
}

function cleanSignature(s: SignatureInput | undefined, current: PlanRow['signature']): PlanRow['signature'] {
  if (!s) return current;
  return {
    authority: s.authority !== undefined ? optionalText(s.authority, 'signature.authority', 100) : current.authority,
    title: s.title !== undefined ? optionalText(s.title, 'signature.title', 100) : current.title,
    signerName: s.signerName !== undefined ? optionalText(s.signerName, 'signature.signerName', 100) : current.signerName,
  };
}

const optDate = (v: string | null | undefined, field: string) => (v === null || v === undefined ? v : parseDate(v, field));

export function updatePlanHeader(ctx: AuthedCtx, input: UpdatePlanHeaderInput): Promise<PlanRow> {
  return store.editDraft(ctx, { planId: input.planId, expectedVersion: input.version }, async ({ em, plan }) => {
    const next = {
      title: input.title !== undefined ? cleanText(input.title, 'title', { max: 1000 }) : plan.title,
      issuingBody: input.issuingBody !== undefined ? optionalText(input.issuingBody, 'issuingBody', 300) : plan.issuingBody,
      symbol: input.symbol !== undefined ? cleanSymbol(input.symbol) : plan.symbol,
      place: input.place !== undefined ? optionalText(input.place, 'place', 100) : plan.place,
      dateLine: input.dateLine !== undefined ? optionalText(input.dateLine, 'dateLine', 200) : plan.dateLine,
      documentKind: input.documentKind !== undefined ? cleanText(input.documentKind, 'documentKind', { max: 100 }) : plan.documentKind,
      preamble: input.preamble !== undefined ? cleanText(input.preamble, 'preamble', { max: 20000, allowEmpty: true }) : plan.preamble,
      periodStart: input.periodStart !== undefined ? optDate(input.periodStart, 'periodStart') : plan.periodStart,
      periodEnd: input.periodEnd !== undefined ? optDate(input.periodEnd, 'periodEnd') : plan.periodEnd,
      submissionDeadline:
        input.submissionDeadline !== undefined ? optDate(input.submissionDeadline, 'submissionDeadline') : plan.submissionDeadline,
      recipients: input.recipients !== undefined ? cleanRecipients(input.recipients) : plan.recipients,
      signature: cleanSignature(input.signature, plan.signature),
    };
    if (next.periodStart && next.periodEnd && next.periodEnd < next.periodStart)
      throw badInput('periodEnd is before periodStart', 'periodEnd');
    await store.updateHeader(em, plan.id, next as store.HeaderRecord);
    const before = Object.fromEntries(Object.keys(next).map((k) => [k, plan[k as keyof PlanRow]]));
    return {
      result: undefined as never,
      touch: false,
      audit: { action: 'UPDATE_HEADER', before, after: next },
      reload: () => store.reloadPlan(em, plan.id),
    };
  });
}

function cleanRecipients(list: string[]): string[] {
  if (list.length > PLAN_LIMITS.recipients) throw badInput(`at most ${PLAN_LIMITS.recipients} recipients`, 'recipients');
  return list.map((r, i) => cleanText(r, `recipients[${i}]`, { max: 500 }));
}

export async function setLegalBases(
  ctx: AuthedCtx,
  input: { planId: string; version: number; legalBases: LegalBasisInput[] },
): Promise<PlanRow> {
  if (input.legalBases.length > PLAN_LIMITS.legalBases) throw badInput(`at most ${PLAN_LIMITS.legalBases} legal bases`, 'legalBases');
  const bases = input.legalBases.map((b, i) => {
    if (!DocumentTypes.includes(b.type)) throw badInput('unknown document type', `legalBases[${i}].type`);
    const number = optionalText(b.number, `legalBases[${i}].number`, 60);
    const date = optDate(b.date, `legalBases[${i}].date`) ?? null;
    const issuer = optionalText(b.issuer, `legalBases[${i}].issuer`, 300);
    const title = optionalText(b.title, `legalBases[${i}].title`, 2000);
    const text = optionalText(b.text, `legalBases[${i}].text`, 3000) ?? composeCitation(b.type, number, date, issuer, title);
    return {
      id: crypto.randomUUID(),
      position: i,
      type: b.type,
      number,
      date,
      issuer,
      title,
      text,
      ref_plan_id: parseOptionalUuid(b.refPlanId, `legalBases[${i}].refPlanId`),
    };
  });
  for (const b of bases) {
    if (b.ref_plan_id) {
      const ref = await visiblePlanOrNull(ctx, b.ref_plan_id);
      if (!ref) throw notFound('Plan');
    }
  }
  return store.editDraft(ctx, { planId: input.planId, expectedVersion: input.version }, async ({ em, plan }) => {
    const before = await store.replaceLegalBases(em, plan, bases);
    return {
      result: undefined as never,
      touch: 'version',
      audit: { action: 'SET_LEGAL_BASES', before, after: bases.map(({ id: _id, position: _p, ...b }) => b) },
      reload: () => store.reloadPlan(em, plan.id),
    };
  });
}

const TYPE_WORDS: Record<string, string> = {
  DIRECTIVE: 'Chỉ thị',
  RESOLUTION: 'Nghị quyết',
  CONCLUSION: 'Kết luận',
  DECISION: 'Quyết định',
  PLAN: 'Kế hoạch',
  OFFICIAL_LETTER: 'Công văn',
  URGENT_DISPATCH: 'Công điện',
  OPERATIONAL_PLAN: 'Phương án',
  DECREE: 'Nghị định',
  LAW: 'Luật',
  CIRCULAR: 'Thông tư',
  PROJECT: 'Đề án',
  PROGRAM: 'Chương trình',
  OTHER: 'Văn bản',
};

/** "Kế hoạch số 45/KH-UBND ngày 24/8/2025 của Ủy ban nhân dân tỉnh Gia Lai về …" */
export function composeCitation(
  type: string,
  number: string | null,
  date: string | null,
  issuer: string | null,
  title: string | null,
): string {
  const parts = [TYPE_WORDS[type] ?? 'Văn bản'];
  if (number) parts.push(`số ${number}`);
  if (date) {
    const [y, m, d] = date.split('-').map(Number);
    parts.push(`ngày ${String(d).padStart(2, '0')}/${String(m).padStart(2, '0')}/${y}`);
  }
  if (issuer) parts.push(`của ${issuer}`);
  if (title) parts.push(title.startsWith('về') ? title : `về ${title}`);
  return parts.join(' ');
}
