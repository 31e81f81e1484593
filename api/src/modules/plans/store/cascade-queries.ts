import DataLoader from 'dataloader';
import type { AuthedCtx } from '../../../core/context.js';
import { afterClause, keysetPage, pageSize, decodeCursor, encodeCursor } from '../../../core/graphql/pagination.js';
import { badInput } from '../../../core/errors.js';
import { cascadeRowParams, sqlCascadeRow, sqlPublished } from '../../../core/access/policy.js';
import { pgArray, rows } from '../../../core/sql.js';
import { cleanText, likePattern, todayInVietnam } from '../../../core/text.js';
import { assigneeNamesUnit } from '../unit-names.js';
import { UNIT_COLUMNS, dateWithinExistenceParams, sqlDateWithinExistence, sqlExistsOn } from '../../admin-units/unit-table.js';
import type { PlanRow, TargetNode } from '../plan.types.js';
import type { AdminUnitNode } from '../../admin-units/admin-unit.types.js';
import { PLAN_COLUMNS, TARGET_COLUMNS, normalisePlanRow, targetFromRow, type TargetColumnsRow } from './reads.js';
import { MAX_MATRIX_CELLS, type CascadeRowNode, type CascadeTargetNode, type Compliance } from '../../cascade/cascade.types.js';

/*
 * The cascade's read path, owned by the plan store (store/index.ts). The cascade of a plan P (docs/DESIGN.md §5): every unit below P's issuer with its plan in P's lineage,
 * compliance against the submission deadline, coverage and target roll-ups. Coverage counts come
 * from plan_rollup (kept on write), and the summary and the page share one statement (the pass,
 * below), so a page costs the same three statements whatever the size of the plans and the number
 * of units. Rows are limited to the caller's own subtree: a district looking at the
 * province plan sees itself and what lies below it, never its siblings.
 */

export interface CascadeQuery {
  depth?: 'CHILDREN' | 'ALL';
  statuses?: string[];
  compliance?: Compliance[];
  search?: string;
}

interface RowSql {
  cte: string;
  params: unknown[];
}

const COMPLIANCE_SQL = `case
  when ${sqlPublished('b.status')} then case when b.deadline is null or b.issued_date <= b.deadline then 'ON_TIME' else 'LATE' end
  when b.deadline is not null and b.deadline < ?::date then 'MISSING' else 'PENDING' end`;

/** The rows of a cascade as a CTE named `b` with a `compliance` column. */
function cascadeRowsSql(ctx: AuthedCtx, plan: PlanRow, q: CascadeQuery): RowSql {
  // The units below the issuer on the plan's date — taken within the issuer's existence, so that a
  // dissolved unit's plan still lists the subordinates it had (admin-units/unit-table.ts) — and
  // every unit whose plan derives from it, whatever its dates.
  const where = ['u.path <@ ?::ltree', 'u.id <> ?', sqlCascadeRow('u.path')];
  const params: unknown[] = [plan.unitPath, plan.unitId, ...cascadeRowParams(ctx.principal)];
  if ((q.depth ?? 'CHILDREN') === 'CHILDREN') {
    where.push('u.parent_id = ?');
    params.push(plan.unitId);
  }
  if (q.search) {
    where.push('u.search_key like ?');
    params.push(likePattern(cleanText(q.search, 'search', { max: 100 })));
  }
  // The plans of the lineage below the plan's unit, read once (one GIN lookup) for every unit of the
  // cascade: each unit's own plan with its roll-up columns (the same plan_rollup row) and its parent
  // unit's issued plan (for the deadline) come from it. The units with a plan are reached from
  // their plans and the others apart (not in the plans' units, a hashed set), each joined by key:
  // under row-level security the planner expects a single plan in the lineage, and a join of the
  // units with the lineage's plans became a nested loop comparing every unit with every plan.
  const cte = `cascade_day as (select ${sqlDateWithinExistence()} as on_date), lin as (
    select xr.unit_id, x.id, x.status, x.issued_date, x.parent_plan_id, x.version_no, x.submission_deadline,
      xr.parent_series_id, xr.inherited, xr.adapted, xr.local, xr.omitted, xr.parent_tasks, xr.parent_tasks_covered,
      xr.upstream_pending, xr.upstream_declined
    from plan_rollup xr join plan x on x.id = xr.plan_id
    where xr.lineage @> array[?::uuid] and xr.unit_path <@ ?::ltree
  ), own as (
    select distinct on (unit_id) * from lin where status <> 'REVOKED'
    order by unit_id, case status when 'ISSUED' then 0 when 'IN_REVIEW' then 1 when 'DRAFT' then 2 else 3 end, version_no desc
  ), issued as (
    select distinct on (unit_id) unit_id, submission_deadline from lin where ${sqlPublished('status')}
    order by unit_id, version_no desc
  ), b0 as (
    select u.id as unit_id, u.code, nlevel(u.path) - nlevel(?::ltree) as depth, u.parent_id,
      c.id as plan_id, c.status, c.issued_date, c.parent_series_id,
      c.inherited, c.adapted, c.local, c.omitted, c.parent_tasks, c.parent_tasks_covered,
      coalesce(c.upstream_pending, 0) as upstream_pending, coalesce(c.upstream_declined, 0) as upstream_declined,
      cp.submission_deadline as deadline
    from own c
    join admin_unit u on u.id = c.unit_id
    left join plan cp on cp.id = c.parent_plan_id
    where ${where.join(' and ')}
    union all
    select u.id, u.code, nlevel(u.path) - nlevel(?::ltree), u.parent_id,
      null::uuid, 'NONE', null::date, null::uuid, null::int, null::int, null::int, null::int, null::int, null::int, 0, 0,
      case when u.parent_id = ? then ?::date else pp.submission_deadline end
    from admin_unit u
    left join issued pp on pp.unit_id = u.parent_id
    where ${where.join(' and ')} and ${sqlExistsOn('u', '(select on_date from cascade_day)')} and u.id not in (select unit_id from own)
  ), b as (select b0.*, ${COMPLIANCE_SQL.replace(/\bb\./g, 'b0.')} as compliance from b0)`;
  return {
    cte,
    params: [
      ...dateWithinExistenceParams(plan.unitId, plan.issuedDate ?? todayInVietnam()),
      plan.seriesId,
      plan.unitPath,
      plan.unitPath,
      ...params,
      plan.unitPath,
      plan.unitId,
      plan.submissionDeadline,
      ...params,
      todayInVietnam(),
    ],
  };
}

function filterSql(q: CascadeQuery): { sql: string; params: unknown[] } {
  const parts: string[] = [];
  const params: unknown[] = [];
  if (q.statuses?.length) {
    parts.push(`b.status in (${q.statuses.map(() => '?').join(', ')})`);
    params.push(...q.statuses);
  }
  if (q.compliance?.length) {
    parts.push(`b.compliance in (${q.compliance.map(() => '?').join(', ')})`);
    params.push(...q.compliance);
  }
  return { sql: parts.length ? parts.join(' and ') : 'true', params };
}

interface BaseRow {
  unitId: number;
  code: string;
  depth: number;
  planId: string | null;
  status: string;
  issuedDate: string | null;
  parentSeriesId: string | null;
  inherited: number | null;
  adapted: number | null;
  local: number | null;
  omitted: number | null;
  parentTasks: number | null;
  parentTasksCovered: number | null;
  upstreamPending: number;
  upstreamDeclined: number;
  deadline: string | null;
  compliance: Compliance;
}

/** A page row as the pass returns it (JSON): the base row with its unit, its plan and, for a direct subordinate, its own targets by the target of P they derive from. */
interface PassRow extends BaseRow {
  unit: AdminUnitNode;
  plan: PlanRow | null;
  own: { target: string; value: number | null }[] | null;
}

/** A plan row read as JSON: its timestamps come as text. */
function planFromJson(
  p: Omit<PlanRow, 'createdAt' | 'updatedAt' | 'issuedAt'> & { createdAt: string; updatedAt: string; issuedAt: string | null },
): PlanRow {
  return normalisePlanRow({
    ...p,
    createdAt: new Date(p.createdAt),
    updatedAt: new Date(p.updatedAt),
    issuedAt: p.issuedAt ? new Date(p.issuedAt) : null,
  });
}

interface GroupRow {
  status: string;
  compliance: Compliance;
  n: number;
  inherited: number;
  adapted: number;
  local: number;
  omitted: number;
  parentTasks: number;
  parentTasksCovered: number;
  upstreamPending: number;
  upstreamDeclined: number;
}

/** Per target of P: the sum of the own targets derived from it (any version) and the units that hold one. */
interface OwnSum {
  target: string;
  total: number;
  units: number;
}

interface PageSpec {
  statuses?: string[];
  compliance?: Compliance[];
  after: unknown[] | null;
  limit: number;
}

/** What one caller of the pass wants: the groups of (depth, search), the summary's target sums, a page. */
interface PassKey {
  depth: 'CHILDREN' | 'ALL';
  search: string | null;
  summary: boolean;
  page: PageSpec | null;
}

interface PassResult {
  /** P's targets with their allocations, as the planTargets loader has them. */
  targets: TargetNode[];
  groups: GroupRow[];
  owns: OwnSum[];
  rows: PassRow[];
}

const GROUP_SQL = `select b.status, b.compliance, count(*)::int n, coalesce(sum(b.inherited), 0)::int inherited, coalesce(sum(b.adapted), 0)::int adapted,
  coalesce(sum(b.local), 0)::int local, coalesce(sum(b.omitted), 0)::int omitted, coalesce(sum(b.parent_tasks), 0)::int "parentTasks",
  coalesce(sum(b.parent_tasks_covered), 0)::int "parentTasksCovered", coalesce(sum(b.upstream_pending), 0)::int "upstreamPending",
  coalesce(sum(b.upstream_declined), 0)::int "upstreamDeclined"
  from b group by b.status, b.compliance`;

/**
 * The cascade pass (docs/ARCHITECTURE.md, "Derivation and the cascade"): the rows of a cascade are
 * computed once per request and (plan, depth, search), in one statement that returns with them
 * everything the summary and the page show — the rows grouped by status and compliance (counts,
 * coverage sums), the summary's target sums, and each requested page with its units, plans and
 * own targets — instead of a statement per lookup. The summary and the page are separate fields
 * resolved in the same tick: a DataLoader gathers their requests into one batch.
 */
const passMemo = new WeakMap<object, Map<string, DataLoader<PassKey, PassResult, string>>>();
function passLoader(ctx: AuthedCtx, plan: PlanRow): DataLoader<PassKey, PassResult, string> {
  const memo = passMemo.get(ctx.loaders) ?? new Map<string, DataLoader<PassKey, PassResult, string>>();
  passMemo.set(ctx.loaders, memo);
  let loader = memo.get(plan.id);
  if (!loader) {
    loader = new DataLoader<PassKey, PassResult, string>((keys) => runPasses(ctx, plan, keys), { cacheKeyFn: (k) => JSON.stringify(k) });
    memo.set(plan.id, loader);
  }
  return loader;
}

async function runPasses(ctx: AuthedCtx, plan: PlanRow, keys: readonly PassKey[]): Promise<PassResult[]> {
  const byPass = new Map<string, number[]>();
  keys.forEach((k, i) => {
    const id = JSON.stringify([k.depth, k.search]);
    byPass.set(id, [...(byPass.get(id) ?? []), i]);
  });
  const out: PassResult[] = new Array<PassResult>(keys.length);
  for (const idxs of byPass.values()) {
    const first = keys[idxs[0]];
    const summary = idxs.some((i) => keys[i].summary);
    const pages = idxs.filter((i) => keys[i].page);
    const r = cascadeRowsSql(ctx, plan, { depth: first.depth, search: first.search ?? undefined });
    const ctes: string[] = [];
    const cteParams: unknown[] = [];
    const cols: string[] = [];
    const colParams: unknown[] = [];
    for (const [n, i] of pages.entries()) {
      const p = keys[i].page!;
      const f = filterSql(p);
      const a = afterClause(['b.depth', 'b.code', 'b.unit_id'], p.after);
      ctes.push(`pg${n} as (select b.* from b where ${f.sql} and ${a.sql} order by b.depth, b.code, b.unit_id limit ?)`);
      cteParams.push(...f.params, ...a.params, p.limit);
      cols.push(`(select coalesce(json_agg(${PASS_ROW_JSON} order by pg.depth, pg.code, pg.unit_id), '[]') from pg${n} pg) as "page${n}"`);
      colParams.push(plan.seriesId);
    }
    // Not prepared (core/db/prepared.ts): PostgreSQL's generic plan of this statement, made
    // without the plan's and the caller's values, ran 3× slower than planning it each time.
    const [found] = await rows<Record<string, unknown>>(
      ctx.em,
      `with recursive ${r.cte}, ${TARGET_VERSIONS_CTE}${ctes.map((c) => `, ${c}`).join('')}
       select (select coalesce(json_agg(x order by x.position), '[]') from (select ${TARGET_COLUMNS} from plan_target t where t.plan_id = ?) x) as targets,
         (select coalesce(json_agg(g), '[]') from (${GROUP_SQL}) g) as groups,
         ${summary ? `(select coalesce(json_agg(o), '[]') from (${OWN_SUMS_SQL}) o)` : `'[]'::json`} as owns
         ${cols.map((c) => `, ${c}`).join('')}`,
      [...r.params, plan.id, ...cteParams, plan.id, ...(summary ? [plan.seriesId, ...cascadeRowParams(ctx.principal)] : []), ...colParams],
    );
    const targets = (found.targets as TargetColumnsRow[]).map(targetFromRow);
    ctx.loaders.planTargets.prime(plan.id, targets);
    const groups = found.groups as GroupRow[];
    const owns = found.owns as OwnSum[];
    for (const i of idxs) {
      const n = pages.indexOf(i);
      const pageRows = n >= 0 ? (found[`page${n}`] as (Omit<PassRow, 'plan'> & { plan: Parameters<typeof planFromJson>[0] | null })[]) : [];
      out[i] = { targets, groups, owns, rows: pageRows.map((r) => ({ ...r, plan: r.plan ? planFromJson(r.plan) : null })) };
    }
  }
  return out;
}

/** Every id a target of P had in earlier versions of its series (tv.id) → P's target (tv.target). */
const TARGET_VERSIONS_CTE = `tv(id, target) as (
  select t.id, t.id from plan_target t where t.plan_id = ?
  union all
  select t.previous_version_target_id, tv.target from tv join plan_target t on t.id = tv.id where t.previous_version_target_id is not null
)`;

/** Own targets of every visible plan derived directly from P's series, summed per target of P. */
const OWN_SUMS_SQL = `select tv.target, sum(x.total)::float8 total, sum(x.units)::int units from (
    select t.derived_from_target_id as source, coalesce(sum(t.value), 0) total, count(distinct c.unit_id) units
    from plan_target t join plan c on c.id = t.plan_id join plan_rollup r on r.plan_id = c.id
    where t.derived_from_target_id in (select id from tv) and r.parent_series_id = ? and c.status <> 'REVOKED'
      and ${sqlCascadeRow('c.unit_path')}
      and not exists (select 1 from plan c2 where c2.series_id = c.series_id and c2.version_no > c.version_no and ${sqlPublished('c2.status')})
    group by t.derived_from_target_id
  ) x join tv on tv.id = x.source group by tv.target`;

/** A page row (`pg`) as JSON, with its unit, its plan and — for a plan derived from P's series at depth 1 — its own targets. */
const PASS_ROW_JSON = `json_build_object('unitId', pg.unit_id, 'code', pg.code, 'depth', pg.depth, 'planId', pg.plan_id, 'status', pg.status,
  'issuedDate', pg.issued_date, 'parentSeriesId', pg.parent_series_id, 'inherited', pg.inherited, 'adapted', pg.adapted, 'local', pg.local,
  'omitted', pg.omitted, 'parentTasks', pg.parent_tasks, 'parentTasksCovered', pg.parent_tasks_covered, 'upstreamPending', pg.upstream_pending,
  'upstreamDeclined', pg.upstream_declined, 'deadline', pg.deadline, 'compliance', pg.compliance,
  'unit', (select row_to_json(x) from (select ${UNIT_COLUMNS} from admin_unit u where u.id = pg.unit_id) x),
  'plan', (select row_to_json(x) from (select ${PLAN_COLUMNS} from plan p where p.id = pg.plan_id) x),
  'own', case when pg.depth = 1 and pg.parent_series_id = ? then (select json_agg(json_build_object('target', tv.target, 'value', t.value::float8))
    from plan_target t join tv on tv.id = t.derived_from_target_id where t.plan_id = pg.plan_id) end)`;

/** A cursor of this list is (depth, code, unit id): checked here so that a forged one fails alone, not the batch it would share. */
function checkCursor(after: unknown[] | null): void {
  const int = (v: unknown) => Number.isInteger(v) && Math.abs(v as number) < 2 ** 31;
  if (after && !(int(after[0]) && typeof after[1] === 'string' && int(after[2])))
    throw badInput('after is not a cursor of this list', 'after');
}

function passKey(q: CascadeQuery, page: PageSpec | null, summary = false): PassKey {
  // Validated before the batch: a bad search fails its own field only.
  if (q.search) cleanText(q.search, 'search', { max: 100 });
  return { depth: q.depth ?? 'CHILDREN', search: q.search ?? null, summary, page };
}

const countOf = (groups: GroupRow[], q: CascadeQuery) =>
  groups
    .filter((g) => (!q.statuses?.length || q.statuses.includes(g.status)) && (!q.compliance?.length || q.compliance.includes(g.compliance)))
    .reduce((s, g) => s + g.n, 0);

/** The rows of a page: their units and plans primed into the request's loaders (later fields reuse them). */
async function pageRows(ctx: AuthedCtx, plan: PlanRow, q: CascadeQuery, after: unknown[] | null, limit: number): Promise<PassResult> {
  checkCursor(after);
  const res = await passLoader(ctx, plan).load(passKey(q, { statuses: q.statuses, compliance: q.compliance, after, limit }));
  for (const r of res.rows) {
    ctx.loaders.unitById.prime(r.unit.id, r.unit);
    if (r.plan) ctx.loaders.planById.prime(r.plan.id, r.plan);
  }
  return res;
}

const coverageOf = (b: Pick<BaseRow, 'inherited' | 'adapted' | 'local' | 'omitted' | 'parentTasks' | 'parentTasksCovered'>) => ({
  inherited: b.inherited ?? 0,
  adapted: b.adapted ?? 0,
  local: b.local ?? 0,
  omitted: b.omitted ?? 0,
  parentTasks: b.parentTasks ?? 0,
  parentTasksCovered: b.parentTasksCovered ?? 0,
  share: b.parentTasks ? (b.parentTasksCovered ?? 0) / b.parentTasks : null,
});

/** Ids of the same node across the versions of a plan series, mapped to the given version (the matrix's tasks). */
async function nodeVersionMap(ctx: AuthedCtx, plan: PlanRow): Promise<Map<string, string>> {
  const found = await rows<{ id: string; prev: string | null; planId: string }>(
    ctx.em,
    `select t.id, t.previous_version_node_id as prev, t.plan_id as "planId" from plan_node t join plan p on p.id = t.plan_id where p.series_id = ?`,
    [plan.seriesId],
  );
  const byId = new Map(found.map((t) => [t.id, t]));
  const map = new Map<string, string>();
  for (const t of found.filter((x) => x.planId === plan.id)) {
    let cur: typeof t | undefined = t;
    while (cur) {
      map.set(cur.id, t.id);
      cur = cur.prev ? byId.get(cur.prev) : undefined;
    }
  }
  return map;
}

export async function cascadePage(ctx: AuthedCtx, plan: PlanRow, q: CascadeQuery, args: { first?: number; after?: string }) {
  let pass: PassResult | null = null;
  const page = await keysetPage(
    args,
    3,
    async (after, limit) => {
      pass = await pageRows(ctx, plan, q, after, limit);
      return pass.rows;
    },
    (b) => [b.depth, b.code, b.unitId],
    async () => countOf((pass ?? (await passLoader(ctx, plan).load(passKey(q, null)))).groups, q),
  );
  const targets = targetCells((pass as PassResult | null)?.targets ?? [], page.nodes);
  const nodes: CascadeRowNode[] = page.nodes.map((b) => ({
    unit: b.unit,
    depth: b.depth,
    plan: b.plan,
    status: b.status,
    issuedDate: b.issuedDate,
    deadline: b.deadline,
    compliance: b.compliance,
    coverage: b.planId ? coverageOf(b) : null,
    upstreamPending: b.upstreamPending,
    upstreamDeclined: b.upstreamDeclined,
    targets: targets.get(b.unitId) ?? [],
  }));
  return { ...page, nodes };
}

/** Per unit: each target of P with what it allocated to the unit and the unit's own target. */
function targetCells(parentTargets: TargetNode[], page: PassRow[]): Map<number, CascadeTargetNode[]> {
  const out = new Map<number, CascadeTargetNode[]>();
  for (const b of page) {
    if (b.depth !== 1) continue;
    out.set(
      b.unitId,
      parentTargets
        .map((t) => {
          const alloc = t.allocations.find(
            (a) => Number(a.unitId) === b.unit.id || (a.unitId == null && assigneeNamesUnit(a.assignee, b.unit)),
          );
          const mine = b.own?.find((o) => o.target === t.id);
          if (!alloc && !mine) return null;
          const allocated = alloc?.value ?? null;
          const ownValue = mine?.value ?? null;
          return {
            parentTargetId: t.id,
            metric: t.metric,
            unitOfMeasure: t.unitOfMeasure,
            allocated,
            own: ownValue,
            gap: allocated !== null && ownValue !== null ? ownValue - allocated : null,
          };
        })
        .filter((x): x is CascadeTargetNode => x !== null),
    );
  }
  return out;
}

export async function cascadeSummary(ctx: AuthedCtx, plan: PlanRow, depth: 'CHILDREN' | 'ALL' = 'CHILDREN') {
  const { groups, owns, targets: parentTargets } = await passLoader(ctx, plan).load(passKey({ depth }, null, true));
  const sum = (k: keyof (typeof groups)[number]) => groups.reduce((s, g) => s + Number(g[k]), 0);
  const byStatus = new Map<string, number>();
  const byCompliance = new Map<string, number>();
  for (const g of groups) {
    byStatus.set(g.status, (byStatus.get(g.status) ?? 0) + g.n);
    byCompliance.set(g.compliance, (byCompliance.get(g.compliance) ?? 0) + g.n);
  }
  const targets = parentTargets.map((t) => {
    const mine = owns.find((o) => o.target === t.id);
    return {
      target: t,
      total: t.value,
      allocatedSum: t.allocationSum,
      allocationsMatch: t.allocationsMatch,
      ownSum: mine?.total ?? 0,
      unitsWithTarget: mine?.units ?? 0,
    };
  });
  const parentTasks = sum('parentTasks');
  return {
    units: sum('n'),
    withPlan: sum('n') - (byStatus.get('NONE') ?? 0),
    byStatus: [...byStatus.entries()].map(([status, count]) => ({ status, count })),
    byCompliance: [...byCompliance.entries()].map(([compliance, count]) => ({ compliance: compliance as Compliance, count })),
    coverage: {
      inherited: sum('inherited'),
      adapted: sum('adapted'),
      local: sum('local'),
      omitted: sum('omitted'),
      parentTasks,
      parentTasksCovered: sum('parentTasksCovered'),
      share: parentTasks ? sum('parentTasksCovered') / parentTasks : null,
    },
    upstreamPending: sum('upstreamPending'),
    upstreamDeclined: sum('upstreamDeclined'),
    targets,
  };
}

/** Parent tasks × a page of subordinate units, each cell what the unit's plan did with the task. */
export async function coverageMatrix(
  ctx: AuthedCtx,
  plan: PlanRow,
  depth: 'CHILDREN' | 'ALL' = 'CHILDREN',
  args: { first?: number; after?: string; onlyWithPlan?: boolean },
) {
  const q: CascadeQuery = { depth, statuses: args.onlyWithPlan ? ['DRAFT', 'IN_REVIEW', 'ISSUED', 'SUPERSEDED'] : undefined };
  const size = pageSize(args.first ?? 50);
  const after = decodeCursor(args.after, 3);
  const pass = await pageRows(ctx, plan, q, after, size + 1);
  const fetched = pass.rows;
  const page = fetched.slice(0, size);
  const tasks = (await ctx.loaders.planNodes.load(plan.id)).filter((n) => n.task && n.provenance !== 'OMITTED');
  const nmap = await nodeVersionMap(ctx, plan);
  const planIds = page.filter((b) => b.planId).map((b) => b.planId!);
  // Follow derivation chains upwards (commune → district → this plan) until they reach this series.
  const reached = new Map<string, { planId: string; provenance: string }[]>(); // task id → [child plan, provenance]
  if (planIds.length) {
    let frontier = await rows<{ planId: string; source: string; provenance: string }>(
      ctx.em,
      // An OMITTED node covers nothing: its task is found through plan_omission below.
      `select plan_id as "planId", derived_from_node_id as source, provenance from plan_node
       where plan_id = any(?::uuid[]) and derived_from_node_id is not null and provenance <> 'OMITTED'`,
      [pgArray(planIds)],
    );
    for (let hop = 0; hop < 4 && frontier.length; hop++) {
      const pending: typeof frontier = [];
      for (const f of frontier) {
        const task = nmap.get(f.source);
        if (task) reached.set(task, [...(reached.get(task) ?? []), { planId: f.planId, provenance: f.provenance }]);
        else pending.push(f);
      }
      if (!pending.length) break;
      const up = await rows<{ id: string; source: string; provenance: string }>(
        ctx.em,
        `select id, derived_from_node_id as source, provenance from plan_node where id = any(?::uuid[]) and derived_from_node_id is not null`,
        [pgArray([...new Set(pending.map((p) => p.source))])],
      );
      const upById = new Map(up.map((u) => [u.id, u]));
      // A node adapted anywhere along the chain counts as adapted.
      frontier = pending.flatMap((p) => {
        const u = upById.get(p.source);
        return u
          ? [
              {
                planId: p.planId,
                source: u.source,
                provenance: p.provenance === 'ADAPTED' || u.provenance === 'ADAPTED' ? 'ADAPTED' : 'INHERITED',
              },
            ]
          : [];
      });
    }
  }
  const omissions = planIds.length
    ? await rows<{ planId: string; source: string }>(
        ctx.em,
        `select plan_id as "planId", source_node_id as source from plan_omission where plan_id = any(?::uuid[])`,
        [pgArray(planIds)],
      )
    : [];
  // The schema declares at most MAX_MATRIX_CELLS cells (the cost limit weighs the page by it).
  if (tasks.length * page.length > MAX_MATRIX_CELLS) throw badInput('The matrix page is too large: ask for fewer units', 'first');
  const cells = [];
  for (const b of page) {
    for (const t of tasks) {
      let status = 'NO_PLAN';
      if (b.planId) {
        const hit = reached.get(t.id)?.find((r) => r.planId === b.planId);
        if (hit) status = hit.provenance === 'ADAPTED' ? 'ADAPTED' : 'INHERITED';
        else if (omissions.some((o) => o.planId === b.planId && nmap.get(o.source) === t.id)) status = 'OMITTED';
        else status = 'MISSING';
      }
      cells.push({ taskId: t.id, unitId: b.unitId, status });
    }
  }
  return {
    tasks,
    units: page.map((b) => b.unit),
    cells,
    hasNextPage: fetched.length > size,
    endCursor: page.length ? encodeCursor([page.at(-1)!.depth, page.at(-1)!.code, page.at(-1)!.unitId]) : null,
    totalUnits: countOf(pass.groups, q),
  };
}
