import crypto from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { AuthedCtx } from '../../core/context.js';
import { canCreatePlanFor, canEditPlan, canReadPlan, planVisibleParams, sqlPlanVisible } from '../../core/access/policy.js';
import { badInput, conflict, forbidden, invalidState, notFound } from '../../core/errors.js';
import { afterClause, keysetPage } from '../../core/graphql/pagination.js';
import { idempotent } from '../../core/idempotency.js';
import { parseOptionalUuid, parseUuid } from '../../core/ids.js';
import { one, rows } from '../../core/sql.js';
import { cleanText, likePattern, optionalText, parseDate } from '../../core/text.js';
import { findVisibleUnit, parseUnitId } from '../admin-units/admin-unit.service.js';
import { recordAudit } from '../audit/audit.service.js';
import { DocumentTypes } from './plan-document.js';
import { PLAN_COLUMNS, normalisePlanRow } from './plan-store.js';
import type { AdminUnitNode } from '../admin-units/admin-unit.types.js';
import { PLAN_LIMITS, checkDocumentLimits, checkStoredPlanLimits } from './plan-limits.js';
import type { AuditEventNode, LegalBasisInput, PlanFilter, PlanNode, SignatureInput, UpdatePlanHeaderInput } from './plan.types.js';

/** A plan the caller may read; NOT_FOUND ("Plan not found") whether it is out of sight or absent. */
export async function getVisiblePlan(ctx: AuthedCtx, id: string, field = 'id'): Promise<PlanNode> {
  const plan = await ctx.loaders.planById.load(parseUuid(id, field));
  if (!plan || !canReadPlan(ctx.principal, plan)) throw notFound('Plan');
  return plan;
}

/** A plan the caller may see, or null: for links (parent plan, amended plan) that may point out of sight. */
export async function visiblePlanOrNull(ctx: AuthedCtx, id: string | null): Promise<PlanNode | null> {
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
  return new Set(found.filter((p): p is PlanNode => !!p && !(p instanceof Error) && canReadPlan(ctx.principal, p)).map((p) => p.id));
}

export async function listPlans(ctx: AuthedCtx, filter: PlanFilter, args: { first?: number; after?: string }) {
  const where = [sqlPlanVisible('p')];
  const params: unknown[] = [...planVisibleParams(ctx.principal)];
  const me = ctx.principal;
  switch (filter.scope ?? 'ALL') {
    case 'OWN':
      where.push('p.unit_id = ?');
      params.push(me.unitId);
      break;
    case 'FROM_ABOVE':
      where.push('p.unit_path @> ?::ltree and p.unit_id <> ?');
      params.push(me.unitPath, me.unitId);
      break;
    case 'FROM_BELOW':
      where.push('p.unit_path <@ ?::ltree and p.unit_id <> ?');
      params.push(me.unitPath, me.unitId);
      break;
  }
  if (filter.statuses?.length) {
    where.push(`p.status in (${filter.statuses.map(() => '?').join(', ')})`);
    params.push(...filter.statuses);
  }
  if (filter.unitId) {
    where.push('p.unit_id = ?');
    params.push(parseUnitId(filter.unitId, 'unitId'));
  }
  if (filter.year !== undefined && filter.year !== null) {
    if (!Number.isInteger(filter.year) || filter.year < 1945 || filter.year > 2100) throw badInput('year is out of range', 'year');
    where.push(`extract(year from coalesce(p.issued_date, p.created_at::date)) = ?`);
    params.push(filter.year);
  }
  if (filter.search) {
    const pattern = likePattern(cleanText(filter.search, 'search', { max: 200 }));
    where.push(`(p.search_key like ? or exists (select 1 from plan_node n where n.plan_id = p.id and n.search_key like ?))`);
    params.push(pattern, pattern);
  }
  const whereSql = where.join(' and ');
  return keysetPage(
    args,
    2,
    async (after, limit) => {
      const a = afterClause(['p.created_at', 'p.id'], after ? [after[0], after[1]] : null, 'desc');
      const found = await rows<PlanNode & { cursorAt: string }>(
        ctx.em,
        `select ${PLAN_COLUMNS}, p.created_at::text as "cursorAt" from plan p
         where ${whereSql} and ${a.sql.replace('(?, ?)', '(?::timestamptz, ?::uuid)')} order by p.created_at desc, p.id desc limit ?`,
        [...params, ...a.params, limit],
      );
      return found.map(normalisePlanRow) as (PlanNode & { cursorAt: string })[];
    },
    (p) => [p.cursorAt, p.id],
    async () => Number((await one<{ n: string }>(ctx.em, `select count(*) n from plan p where ${whereSql}`, params))?.n ?? 0),
  );
}

export async function planHistory(ctx: AuthedCtx, plan: PlanNode, args: { first?: number; after?: string }) {
  return keysetPage(
    args,
    1,
    (after, limit) =>
      rows<AuditEventNode>(
        ctx.em,
        `select e.id::text as id, e.occurred_at as "occurredAt", e.entity_type as "entityType", e.entity_id as "entityId", e.action,
           coalesce(u.display_name, k.name) as "actorName",
           case when e.actor_user_id is not null then 'USER' when e.actor_api_key_id is not null then 'API_KEY' end as "actorKind",
           e.before::text as before, e.after::text as after
         from audit_event e left join app_user u on u.id = e.actor_user_id left join api_key k on k.id = e.actor_api_key_id
         where e.entity_type = 'Plan' and e.entity_id = ? and (?::bigint is null or e.id > ?::bigint)
         order by e.id limit ?`,
        [plan.id, after?.[0] ?? null, after?.[0] ?? null, limit],
      ),
    (e) => [e.id],
    async () =>
      Number(
        (await one<{ n: string }>(ctx.em, `select count(*) n from audit_event where entity_type = 'Plan' and entity_id = ?`, [plan.id]))
          ?.n ?? 0,
      ),
  );
}

/* ------------------------------------------------------------------ writes */

/**
 * Start of every content edit: lock the plan row (edits of one plan serialise), then check in
 * the order visible → allowed → state, so what is invisible stays NOT_FOUND. An edit addressed
 * to a part (a node, a target…) names that part when the plan is out of sight (`missing`), so
 * that the answer is the one a part that does not exist gets (docs/ACCESS.md).
 */
export async function lockDraftForEdit(ctx: AuthedCtx, em: EntityManager, planId: string, missing = 'Plan'): Promise<PlanNode> {
  const id = parseUuid(planId, 'planId');
  const row = await one<PlanNode>(em, `select ${PLAN_COLUMNS} from plan p where p.id = ? for update`, [id]);
  if (!row || !canReadPlan(ctx.principal, row)) throw notFound(missing);
  if (!canEditPlan(ctx.principal, row)) throw forbidden('Only editors of the issuing unit edit its plans');
  if (row.status !== 'DRAFT') throw invalidState(`The plan is ${row.status}; only drafts can be edited`);
  return normalisePlanRow(row);
}

export function requirePlanVersion(plan: PlanNode, version: number): void {
  if (plan.version !== version) {
    throw conflict('The plan was changed by someone else', { id: plan.id, version: plan.version, status: plan.status, title: plan.title });
  }
}

/**
 * Marks content as changed (and lets list orderings and caches see it). The epilogue of every
 * content edit, so the plan is also held to PLAN_LIMITS here, inside the edit's transaction.
 */
export async function touchPlan(em: EntityManager, planId: string): Promise<void> {
  await rows(em, `update plan set updated_at = now() where id = ?`, [planId]);
  await checkStoredPlanLimits(em, planId);
}

export async function reloadPlan(em: EntityManager, planId: string): Promise<PlanNode> {
  return normalisePlanRow((await one<PlanNode>(em, `select ${PLAN_COLUMNS} from plan p where p.id = ?`, [planId]))!);
}

/** A plan re-read for a replayed request: through the read rule, NOT_FOUND (`missing`) if gone or out of sight. */
export async function replayPlan(ctx: AuthedCtx, em: EntityManager, planId: string, missing = 'Plan'): Promise<PlanNode> {
  const row = await one<PlanNode>(em, `select ${PLAN_COLUMNS} from plan p where p.id = ?`, [planId]);
  if (!row || !canReadPlan(ctx.principal, row)) throw notFound(missing);
  return normalisePlanRow(row);
}

export const auditPlan = (ctx: AuthedCtx, em: EntityManager, plan: PlanNode, action: string, before?: unknown, after?: unknown) =>
  recordAudit(ctx, em, { unitId: plan.unitId, provinceId: plan.provinceId, entityType: 'Plan', entityId: plan.id, action, before, after });

const SYMBOL = /^[A-ZĐ0-9]+(-[A-ZĐ0-9]+)*$/u;
export function cleanSymbol(value: string): string {
  const symbol = cleanText(value, 'symbol', { max: 40 }).toUpperCase();
  if (!SYMBOL.test(symbol)) throw badInput('symbol must look like "KH-UBND"', 'symbol');
  return symbol;
}

export interface NewPlanFields {
  title: string;
  symbol?: string;
  place?: string | null;
  preamble?: string;
  issuingBody?: string | null;
  dateLine?: string | null;
  documentKind?: string;
  periodStart?: string | null;
  periodEnd?: string | null;
  submissionDeadline?: string | null;
  recipients?: string[];
  signature?: { authority: string | null; title: string | null; signerName: string | null };
  parentPlanId?: string | null;
  seriesId?: string;
  versionNo?: number;
  amendsPlanId?: string | null;
}

/** Who a new plan row is attributed to. */
export const creatorOf = (ctx: AuthedCtx) => (ctx.principal.kind === 'USER' ? ctx.principal.id : null);

/**
 * Inserts the plan row (a DRAFT) inside the caller's transaction. The unit is resolved (and its
 * access checked) by the caller; seeding passes units directly.
 */
export async function insertPlanRow(
  em: EntityManager,
  unit: Pick<AdminUnitNode, 'id' | 'path' | 'provinceId' | 'name'>,
  createdBy: string | null,
  f: NewPlanFields,
): Promise<{ id: string; provinceId: number | null }> {
  checkDocumentLimits({ recipients: f.recipients });
  const id = crypto.randomUUID();
  await rows(
    em,
    `insert into plan (id, unit_id, unit_path, province_id, series_id, version_no, amends_plan_id, parent_plan_id, issuing_body, symbol, place,
       date_line, document_kind, title, preamble, period_start, period_end, submission_deadline, recipients, signature, created_by)
     values (?, ?, ?::ltree, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?)`,
    [
      id,
      unit.id,
      unit.path,
      unit.provinceId,
      f.seriesId ?? id,
      f.versionNo ?? 1,
      f.amendsPlanId ?? null,
      f.parentPlanId ?? null,
      f.issuingBody !== undefined ? f.issuingBody : defaultIssuingBody(unit.name),
      f.symbol ?? 'KH-UBND',
      f.place ?? null,
      f.dateLine ?? null,
      f.documentKind ?? 'KẾ HOẠCH',
      f.title,
      f.preamble ?? '',
      f.periodStart ?? null,
      f.periodEnd ?? null,
      f.submissionDeadline ?? null,
      JSON.stringify(f.recipients ?? []),
      JSON.stringify(f.signature ?? { authority: 'TM. ỦY BAN NHÂN DÂN', title: 'CHỦ TỊCH', signerName: null }),
      createdBy,
    ],
  );
  return { id, provinceId: unit.provinceId };
}

/** "Tỉnh Lào Cai" → "ỦY BAN NHÂN DÂN TỈNH LÀO CAI" (the issuing body line of the header). */
export function defaultIssuingBody(unitName: string): string {
  return `ỦY BAN NHÂN DÂN ${unitName.toLocaleUpperCase('vi')}`;
}

export async function createPlan(
  ctx: AuthedCtx,
  input: { unitId?: string; title: string; symbol?: string; place?: string; preamble?: string; idempotencyKey?: string | null },
) {
  const unitId = input.unitId ? parseUnitId(input.unitId, 'unitId') : ctx.principal.unitId;
  await findVisibleUnit(ctx, unitId);
  if (!canCreatePlanFor(ctx.principal, unitId)) throw forbidden('Only editors of a unit create its plans');
  const fields: NewPlanFields = {
    title: cleanText(input.title, 'title', { max: 1000 }),
    symbol: input.symbol !== undefined ? cleanSymbol(input.symbol) : undefined,
    place: optionalText(input.place, 'place', 100),
    preamble: input.preamble !== undefined ? cleanText(input.preamble, 'preamble', { max: 20000, allowEmpty: true }) : '',
  };
  return ctx.em.transactional((em) =>
    idempotent(
      ctx,
      em,
      { operation: 'createPlan', key: input.idempotencyKey, request: { ...fields, unitId } },
      {
        run: async () => {
          const { id } = await insertPlanRow(em, await findVisibleUnit(ctx, unitId), creatorOf(ctx), fields);
          const plan = await reloadPlan(em, id);
          await auditPlan(ctx, em, plan, 'CREATE', undefined, { title: plan.title, unitId: plan.unitId });
          return plan;
        },
        ref: (plan) => ({ planId: plan.id }),
        replay: (ref) => replayPlan(ctx, em, ref.planId),
      },
    ),
  );
}

function cleanSignature(s: SignatureInput | undefined, current: PlanNode['signature']): PlanNode['signature'] {
  if (!s) return current;
  return {
    authority: s.authority !== undefined ? optionalText(s.authority, 'signature.authority', 100) : current.authority,
    title: s.title !== undefined ? optionalText(s.title, 'signature.title', 100) : current.title,
    signerName: s.signerName !== undefined ? optionalText(s.signerName, 'signature.signerName', 100) : current.signerName,
  };
}

const optDate = (v: string | null | undefined, field: string) => (v === null || v === undefined ? v : parseDate(v, field));

export async function updatePlanHeader(ctx: AuthedCtx, input: UpdatePlanHeaderInput): Promise<PlanNode> {
  return ctx.em.transactional(async (em) => {
    const plan = await lockDraftForEdit(ctx, em, input.planId);
    requirePlanVersion(plan, input.version);
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
    await rows(
      em,
      `update plan set title = ?, issuing_body = ?, symbol = ?, place = ?, date_line = ?, document_kind = ?, preamble = ?, period_start = ?,
         period_end = ?, submission_deadline = ?, recipients = ?::jsonb, signature = ?::jsonb, version = version + 1, updated_at = now()
       where id = ?`,
      [
        next.title,
        next.issuingBody,
        next.symbol,
        next.place,
        next.dateLine,
        next.documentKind,
        next.preamble,
        next.periodStart,
        next.periodEnd,
        next.submissionDeadline,
        JSON.stringify(next.recipients),
        JSON.stringify(next.signature),
        plan.id,
      ],
    );
    const before = Object.fromEntries(Object.keys(next).map((k) => [k, plan[k as keyof PlanNode]]));
    await auditPlan(ctx, em, plan, 'UPDATE_HEADER', before, next);
    return reloadPlan(em, plan.id);
  });
}

function cleanRecipients(list: string[]): string[] {
  if (list.length > PLAN_LIMITS.recipients) throw badInput(`at most ${PLAN_LIMITS.recipients} recipients`, 'recipients');
  return list.map((r, i) => cleanText(r, `recipients[${i}]`, { max: 500 }));
}

export async function setLegalBases(
  ctx: AuthedCtx,
  input: { planId: string; version: number; legalBases: LegalBasisInput[] },
): Promise<PlanNode> {
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
  return ctx.em.transactional(async (em) => {
    const plan = await lockDraftForEdit(ctx, em, input.planId);
    requirePlanVersion(plan, input.version);
    const before = await rows(
      em,
      `select type, number, date, issuer, title, text, ref_plan_id as "refPlanId" from plan_legal_basis where plan_id = ? order by position`,
      [plan.id],
    );
    await rows(em, `delete from plan_legal_basis where plan_id = ?`, [plan.id]);
    if (bases.length) {
      await rows(
        em,
        `insert into plan_legal_basis (id, plan_id, province_id, position, type, number, date, issuer, title, text, ref_plan_id)
         select x.id, ?::uuid, ?::int, x.position, x.type, x.number, x.date, x.issuer, x.title, x.text, x.ref_plan_id
         from jsonb_to_recordset(?::jsonb) as x(id uuid, position int, type text, number text, date date, issuer text, title text, text text, ref_plan_id uuid)`,
        [plan.id, plan.provinceId, JSON.stringify(bases)],
      );
    }
    await rows(em, `update plan set version = version + 1, updated_at = now() where id = ?`, [plan.id]);
    await auditPlan(
      ctx,
      em,
      plan,
      'SET_LEGAL_BASES',
      before,
      bases.map(({ id: _id, position: _p, ...b }) => b),
    );
    return reloadPlan(em, plan.id);
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
