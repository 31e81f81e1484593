import type { AuthedCtx } from '../../../core/context.js';
import { afterClause, keysetPage, pageSize, decodeCursor, encodeCursor } from '../../../core/graphql/pagination.js';
import { badInput } from '../../../core/errors.js';
import { cascadeRowParams, sqlCascadeRow, sqlPublished } from '../../../core/access/policy.js';
import { pgArray, rows } from '../../../core/sql.js';
import { cleanText, likePattern, todayInVietnam } from '../../../core/text.js';
import { assigneeNamesUnit } from '../unit-names.js';
import { dateWithinExistenceParams, sqlDateWithinExistence, sqlExistsOn } from '../../admin-units/unit-table.js';
import type { PlanRow } from '../plan.types.js';
import { MAX_MATRIX_CELLS, type CascadeRowNode, type CascadeTargetNode, type Compliance } from '../../cascade/cascade.types.js';

/*
 * The cascade's read path, owned by the plan store (store/index.ts). The cascade of a plan P (docs/DESIGN.md §5): every unit below P's issuer with its plan in P's lineage,
 * compliance against the submission deadline, coverage and target roll-ups. Coverage counts come
 * from plan_rollup (kept on write), so a page is a handful of indexed statements whatever the
 * size of the plans. Rows are limited to the caller's own subtree: a district looking at the
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
  const where = [
    'u.path <@ ?::ltree',
    'u.id <> ?',
    sqlCascadeRow('u.path'),
    `(${sqlExistsOn('u', '(select on_date from cascade_day)')} or u.id in (select unit_id from own))`,
  ];
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
  // cascade: each unit's own plan and its parent unit's issued plan (for the deadline) come from it.
  const cte = `cascade_day as (select ${sqlDateWithinExistence()} as on_date), lin as (
    select xr.unit_id, x.id, x.status, x.issued_date, x.parent_plan_id, x.version_no, x.submission_deadline
    from plan_rollup xr join plan x on x.id = xr.plan_id
    where xr.lineage @> array[?::uuid] and xr.unit_path <@ ?::ltree
  ), own as (
    select distinct on (unit_id) unit_id, id, status, issued_date, parent_plan_id from lin where status <> 'REVOKED'
    order by unit_id, case status when 'ISSUED' then 0 when 'IN_REVIEW' then 1 when 'DRAFT' then 2 else 3 end, version_no desc
  ), issued as (
    select distinct on (unit_id) unit_id, submission_deadline from lin where ${sqlPublished('status')}
    order by unit_id, version_no desc
  ), b0 as (
    select u.id as unit_id, u.code, nlevel(u.path) - nlevel(?::ltree) as depth, u.parent_id,
      c.id as plan_id, coalesce(c.status, 'NONE') as status, c.issued_date, r.parent_series_id,
      r.inherited, r.adapted, r.local, r.omitted, r.parent_tasks, r.parent_tasks_covered,
      coalesce(r.upstream_pending, 0) as upstream_pending, coalesce(r.upstream_declined, 0) as upstream_declined,
      case when c.id is not null then cp.submission_deadline when u.parent_id = ? then ?::date else pp.submission_deadline end as deadline
    from admin_unit u
    left join own c on c.unit_id = u.id
    left join plan_rollup r on r.plan_id = c.id
    left join plan cp on cp.id = c.parent_plan_id
    left join issued pp on pp.unit_id = u.parent_id
    where ${where.join(' and ')}
  ), b as (select b0.*, ${COMPLIANCE_SQL.replace(/\bb\./g, 'b0.')} as compliance from b0)`;
  return {
    cte,
    params: [
      ...dateWithinExistenceParams(plan.unitId, plan.issuedDate ?? todayInVietnam()),
      plan.seriesId,
      plan.unitPath,
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

const BASE_COLUMNS = `b.unit_id as "unitId", b.code, b.depth, b.plan_id as "planId", b.status, b.issued_date as "issuedDate",
  b.parent_series_id as "parentSeriesId", b.inherited, b.adapted, b.local, b.omitted, b.parent_tasks as "parentTasks",
  b.parent_tasks_covered as "parentTasksCovered", b.upstream_pending as "upstreamPending", b.upstream_declined as "upstreamDeclined",
  b.deadline, b.compliance`;

async function baseRows(ctx: AuthedCtx, plan: PlanRow, q: CascadeQuery, after: unknown[] | null, limit: number): Promise<BaseRow[]> {
  const r = cascadeRowsSql(ctx, plan, q);
  const f = filterSql(q);
  const a = afterClause(['b.depth', 'b.code', 'b.unit_id'], after);
  return rows<BaseRow>(
    ctx.em,
    `with ${r.cte} select ${BASE_COLUMNS} from b where ${f.sql} and ${a.sql} order by b.depth, b.code, b.unit_id limit ?`,
    [...r.params, ...f.params, ...a.params, limit],
  );
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

/**
 * Rows of a cascade grouped by status and compliance, once per request and (plan, depth, search):
 * the summary and every count (status and compliance filters are the group keys) share one pass
 * over the cascade instead of one each.
 */
const groupMemo = new WeakMap<object, Map<string, Promise<GroupRow[]>>>();
function cascadeGroups(ctx: AuthedCtx, plan: PlanRow, q: Pick<CascadeQuery, 'depth' | 'search'>): Promise<GroupRow[]> {
  const memo = groupMemo.get(ctx.loaders) ?? new Map<string, Promise<GroupRow[]>>();
  groupMemo.set(ctx.loaders, memo);
  const key = JSON.stringify([plan.id, q.depth ?? 'CHILDREN', q.search ?? null]);
  let hit = memo.get(key);
  if (!hit) {
    const r = cascadeRowsSql(ctx, plan, { depth: q.depth, search: q.search });
    hit = rows<GroupRow>(
      ctx.em,
      `with ${r.cte} select b.status, b.compliance, count(*)::int n, coalesce(sum(b.inherited), 0)::int inherited, coalesce(sum(b.adapted), 0)::int adapted,
         coalesce(sum(b.local), 0)::int local, coalesce(sum(b.omitted), 0)::int omitted, coalesce(sum(b.parent_tasks), 0)::int "parentTasks",
         coalesce(sum(b.parent_tasks_covered), 0)::int "parentTasksCovered", coalesce(sum(b.upstream_pending), 0)::int "upstreamPending",
         coalesce(sum(b.upstream_declined), 0)::int "upstreamDeclined"
       from b group by b.status, b.compliance`,
      r.params,
    );
    memo.set(key, hit);
  }
  return hit;
}

async function countRows(ctx: AuthedCtx, plan: PlanRow, q: CascadeQuery): Promise<number> {
  const groups = await cascadeGroups(ctx, plan, q);
  return groups
    .filter((g) => (!q.statuses?.length || q.statuses.includes(g.status)) && (!q.compliance?.length || q.compliance.includes(g.compliance)))
    .reduce((s, g) => s + g.n, 0);
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

/** Ids of the same target or node across the versions of a plan series, mapped to the given version. */
const versionMemo = new WeakMap<object, Map<string, Promise<Map<string, string>>>>();
function versionMap(ctx: AuthedCtx, plan: PlanRow, table: 'plan_target' | 'plan_node'): Promise<Map<string, string>> {
  // Once per request: the summary and the rows of the same plan both need it.
  const memo = versionMemo.get(ctx.loaders) ?? new Map<string, Promise<Map<string, string>>>();
  versionMemo.set(ctx.loaders, memo);
  const key = `${plan.id}:${table}`;
  let hit = memo.get(key);
  if (!hit) {
    hit = loadVersionMap(ctx, plan, table);
    memo.set(key, hit);
  }
  return hit;
}

async function loadVersionMap(ctx: AuthedCtx, plan: PlanRow, table: 'plan_target' | 'plan_node'): Promise<Map<string, string>> {
  const prevCol = table === 'plan_target' ? 'previous_version_target_id' : 'previous_version_node_id';
  const found = await rows<{ id: string; prev: string | null; planId: string }>(
    ctx.em,
    `select t.id, t.${prevCol} as prev, t.plan_id as "planId" from ${table} t join plan p on p.id = t.plan_id where p.series_id = ?`,
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
  const page = await keysetPage(
    args,
    3,
    (after, limit) => baseRows(ctx, plan, q, after, limit),
    (b) => [b.depth, b.code, b.unitId],
    () => countRows(ctx, plan, q),
  );
  const targets = await targetCells(ctx, plan, page.nodes);
  const nodes: CascadeRowNode[] = await Promise.all(
    page.nodes.map(async (b) => ({
      unit: (await ctx.loaders.unitById.load(b.unitId))!,
      depth: b.depth,
      plan: b.planId ? ((await ctx.loaders.planById.load(b.planId)) ?? null) : null,
      status: b.status,
      issuedDate: b.issuedDate,
      deadline: b.deadline,
      compliance: b.compliance,
      coverage: b.planId ? coverageOf(b) : null,
      upstreamPending: b.upstreamPending,
      upstreamDeclined: b.upstreamDeclined,
      targets: targets.get(b.unitId) ?? [],
    })),
  );
  return { ...page, nodes };
}

/** Per unit: each target of P with what it allocated to the unit and the unit's own target. */
async function targetCells(ctx: AuthedCtx, plan: PlanRow, page: BaseRow[]): Promise<Map<number, CascadeTargetNode[]>> {
  const parentTargets = await ctx.loaders.planTargets.load(plan.id);
  const out = new Map<number, CascadeTargetNode[]>();
  if (!parentTargets.length || !page.length) return out;
  const direct = page.filter((b) => b.planId && b.parentSeriesId === plan.seriesId);
  const tmap = await versionMap(ctx, plan, 'plan_target');
  const own = direct.length
    ? await rows<{ planId: string; source: string; value: number | null }>(
        ctx.em,
        `select plan_id as "planId", derived_from_target_id as source, value::float8 as value from plan_target
         where plan_id = any(?::uuid[]) and derived_from_target_id is not null`,
        [pgArray(direct.map((b) => b.planId!))],
      )
    : [];
  const units = await Promise.all(page.map((b) => ctx.loaders.unitById.load(b.unitId)));
  for (const [i, b] of page.entries()) {
    const unit = units[i]!;
    if (b.depth !== 1) continue; // allocations name direct subordinates
    out.set(
      b.unitId,
      parentTargets
        .map((t) => {
          const alloc = t.allocations.find(
            (a) => Number(a.unitId) === unit.id || (a.unitId == null && assigneeNamesUnit(a.assignee, unit)),
          );
          const mine = own.find((o) => o.planId === b.planId && tmap.get(o.source) === t.id);
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
  const groups = await cascadeGroups(ctx, plan, { depth });
  const sum = (k: keyof (typeof groups)[number]) => groups.reduce((s, g) => s + Number(g[k]), 0);
  const byStatus = new Map<string, number>();
  const byCompliance = new Map<string, number>();
  for (const g of groups) {
    byStatus.set(g.status, (byStatus.get(g.status) ?? 0) + g.n);
    byCompliance.set(g.compliance, (byCompliance.get(g.compliance) ?? 0) + g.n);
  }
  const parentTargets = await ctx.loaders.planTargets.load(plan.id);
  const tmap = await versionMap(ctx, plan, 'plan_target');
  const sources = [...tmap.keys()];
  // Own targets of every visible plan derived directly from this plan's series.
  const owns = sources.length
    ? await rows<{ source: string; total: number; units: number }>(
        ctx.em,
        `select t.derived_from_target_id as source, coalesce(sum(t.value), 0)::float8 total, count(distinct c.unit_id)::int units
         from plan_target t join plan c on c.id = t.plan_id join plan_rollup r on r.plan_id = c.id
         where t.derived_from_target_id = any(?::uuid[]) and r.parent_series_id = ? and c.status <> 'REVOKED'
           and ${sqlCascadeRow('c.unit_path')}
           and not exists (select 1 from plan c2 where c2.series_id = c.series_id and c2.version_no > c.version_no and ${sqlPublished('c2.status')})
         group by t.derived_from_target_id`,
        [pgArray(sources), plan.seriesId, ...cascadeRowParams(ctx.principal)],
      )
    : [];
  const targets = parentTargets.map((t) => {
    const mine = owns.filter((o) => tmap.get(o.source) === t.id);
    return {
      target: t,
      total: t.value,
      allocatedSum: t.allocationSum,
      allocationsMatch: t.allocationsMatch,
      ownSum: mine.reduce((s, o) => s + o.total, 0),
      unitsWithTarget: mine.reduce((s, o) => s + o.units, 0),
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
  const fetched = await baseRows(ctx, plan, q, after, size + 1);
  const page = fetched.slice(0, size);
  const tasks = (await ctx.loaders.planNodes.load(plan.id)).filter((n) => n.task && n.provenance !== 'OMITTED');
  const nmap = await versionMap(ctx, plan, 'plan_node');
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
    units: await Promise.all(page.map(async (b) => (await ctx.loaders.unitById.load(b.unitId))!)),
    cells,
    hasNextPage: fetched.length > size,
    endCursor: page.length ? encodeCursor([page.at(-1)!.depth, page.at(-1)!.code, page.at(-1)!.unitId]) : null,
    totalUnits: await countRows(ctx, plan, q),
  };
}
