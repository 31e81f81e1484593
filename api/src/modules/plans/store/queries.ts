import type { EntityManager } from '@mikro-orm/postgresql';
import type { Principal } from '../../../core/context.js';
import { planVisibleParams, sqlPlanVisible, sqlPublished } from '../../../core/access/policy.js';
import { afterClause } from '../../../core/graphql/pagination.js';
import { one, pgArray, preparedRows, rows } from '../../../core/sql.js';
import type { AuditEventNode, PlanRow } from '../plan.types.js';
import { PLAN_COLUMNS, normalisePlanRow } from './reads.js';

/*
 * The store's read paths over whole plans: lists, history, the NDJSON export, the lookups of
 * derivation, import and seeding, the diff's provenance. Each is one statement.
 */

export interface PlanListWhere {
  sql: string[];
  params: unknown[];
}

/** The visibility rule plus a filter; `search` matches the title or any node's text. */
export function planListWhere(principal: Principal): PlanListWhere {
  return { sql: [sqlPlanVisible('p')], params: [...planVisibleParams(principal)] };
}
export function addSearch(w: PlanListWhere, pattern: string): void {
  w.sql.push(`(p.search_key like ? or exists (select 1 from plan_node n where n.plan_id = p.id and n.search_key like ?))`);
  w.params.push(pattern, pattern);
}

export async function planListPage(em: EntityManager, w: PlanListWhere, after: unknown[] | null, limit: number) {
  const a = afterClause(['p.created_at', 'p.id'], after ? [after[0], after[1]] : null, 'desc');
  const found = await preparedRows<PlanRow & { cursorAt: string }>(
    em,
    `select ${PLAN_COLUMNS}, p.created_at::text as "cursorAt" from plan p
     where ${w.sql.join(' and ')} and ${a.sql.replace('(?, ?)', '(?::timestamptz, ?::uuid)')} order by p.created_at desc, p.id desc limit ?`,
    [...w.params, ...a.params, limit],
  );
  return found.map(normalisePlanRow) as (PlanRow & { cursorAt: string })[];
}

export async function planListCount(em: EntityManager, w: PlanListWhere): Promise<number> {
  return Number((await preparedRows<{ n: string }>(em, `select count(*) n from plan p where ${w.sql.join(' and ')}`, w.params))[0]?.n ?? 0);
}

export function planHistoryPage(em: EntityManager, planId: string, after: unknown[] | null, limit: number) {
  return rows<AuditEventNode>(
    em,
    `select e.id::text as id, e.occurred_at as "occurredAt", e.entity_type as "entityType", e.entity_id as "entityId", e.action,
       coalesce(u.display_name, k.name) as "actorName",
       case when e.actor_user_id is not null then 'USER' when e.actor_api_key_id is not null then 'API_KEY' end as "actorKind",
       e.before::text as before, e.after::text as after
     from audit_event e left join app_user u on u.id = e.actor_user_id left join api_key k on k.id = e.actor_api_key_id
     where e.entity_type = 'Plan' and e.entity_id = ? and (?::bigint is null or e.id > ?::bigint)
     order by e.id limit ?`,
    [planId, after?.[0] ?? null, after?.[0] ?? null, limit],
  );
}

export async function planHistoryCount(em: EntityManager, planId: string): Promise<number> {
  return Number(
    (await one<{ n: string }>(em, `select count(*) n from audit_event where entity_type = 'Plan' and entity_id = ?`, [planId]))?.n ?? 0,
  );
}

/** A batch of the plans under a unit in the given statuses, by id (the NDJSON export). */
export async function publishedPlansUnder(
  em: EntityManager,
  principal: Principal,
  unitPath: string,
  statuses: string[],
  after: string | null,
  limit: number,
): Promise<PlanRow[]> {
  return (
    await rows<PlanRow>(
      em,
      `select ${PLAN_COLUMNS} from plan p
       where p.unit_path <@ ?::ltree and ${sqlPlanVisible('p')} and p.status = any(?::text[]) and (?::uuid is null or p.id > ?::uuid)
       order by p.id limit ?`,
      [unitPath, ...planVisibleParams(principal), pgArray(statuses), after, after, limit],
    )
  ).map(normalisePlanRow);
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

/** Published plans of units above `unit` cited by number and date (import: the cited plan becomes the parent). */
/**
 * The issued plans that citations name, one statement for all: `n` is the number without leading
 * zeros ("01/KH-UBND" is "1/KH-UBND", both ways: a number may be stored as "01" when given so at
 * issue), `s` the symbol in upper case, `d` the date of issue.
 */
export async function citedPlans(
  em: EntityManager,
  unit: { id: number; path: string },
  cited: { i: number; n: string; s: string; d: string }[],
) {
  if (!cited.length) return [];
  return rows<{ i: number; id: string; seriesId: string }>(
    em,
    `select distinct on (c.i) c.i, p.id, p.series_id as "seriesId"
       from jsonb_to_recordset(?::jsonb) as c(i int, n text, s text, d date)
       join plan p on coalesce(nullif(ltrim(p.number, '0'), ''), '0') = c.n and upper(p.symbol) = c.s and p.issued_date = c.d
      where ${sqlPublished('p.status')} and p.unit_path @> ?::ltree and p.unit_id <> ?
      order by c.i, p.version_no desc`,
    [JSON.stringify(cited), unit.path, unit.id],
  );
}

/** Nodes of a plan with their stored content (what a node derived from them is compared with). */
export function nodeContents(em: EntityManager, planId: string) {
  return rows<{ id: string; kind: string; text: string; content: unknown }>(
    em,
    `select id, kind, text, jsonb_build_object('kind', kind, 'label', label, 'text', text, 'task', task) as content from plan_node where plan_id = ?`,
    [planId],
  );
}

/** Provenance and the snapshot of each node of a derived plan, and its omissions (the diff). */
export async function diffFacts(em: EntityManager, planId: string) {
  const nodes = await rows<{ id: string; provenance: string; snapshot: { label: string | null; text: string; task: unknown } | null }>(
    em,
    `select id, provenance, source_snapshot as snapshot from plan_node where plan_id = ?`,
    [planId],
  );
  const omissions = await rows<{ sourceNodeId: string; reason: string }>(
    em,
    `select source_node_id as "sourceNodeId", reason from plan_omission where plan_id = ?`,
    [planId],
  );
  return { nodes, omissions };
}

/* ---------------------------------------------------------------- seeding */

export async function planIdByTitle(em: EntityManager, unitId: number, title: string): Promise<string | null> {
  return (await one<{ id: string }>(em, `select id from plan where unit_id = ? and title = ?`, [unitId, title]))?.id ?? null;
}

export async function issuedPlanOfUnit(em: EntityManager, code: string): Promise<string | null> {
  return (
    (
      await one<{ id: string }>(
        em,
        `select p.id from plan p join admin_unit u on u.id = p.unit_id where u.code = ? and u.valid_from is null and p.status = 'ISSUED' limit 1`,
        [code],
      )
    )?.id ?? null
  );
}

export async function hasPlanDerivedFrom(em: EntityManager, parentPlanId: string, unitId: number): Promise<boolean> {
  return !!(await one(em, `select 1 from plan where parent_plan_id = ? and unit_id = ?`, [parentPlanId, unitId]));
}

/**
 * The units whose own plan derives from any version of a series and is still in force or in the
 * making (not revoked): they are told when the series is amended (modules/notifications).
 */
export async function unitsDerivedFromSeries(em: EntityManager, seriesId: string): Promise<number[]> {
  const found = await rows<{ unitId: number }>(
    em,
    `select distinct unit_id as "unitId" from plan where parent_series_id = ? and status <> 'REVOKED'`,
    [seriesId],
  );
  return found.map((r) => r.unitId);
}

/** Number, title and unit of plans, for texts written outside a request (the e-mail job). */
export function planHeadlines(em: EntityManager, ids: string[]) {
  return rows<{ id: string; title: string; numberSymbol: string | null; unitName: string; issuedDate: string | null }>(
    em,
    `select p.id, p.title, case when p.number is null then null
       when position('/' in p.symbol) > 0 then p.number || '-' || p.symbol else p.number || '/' || p.symbol end as "numberSymbol",
       u.name as "unitName", p.issued_date::text as "issuedDate"
     from plan p join admin_unit u on u.id = p.unit_id where p.id = any(?::uuid[])`,
    [pgArray(ids)],
  );
}
