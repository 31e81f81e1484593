/**
 * The benchmark's operations: each as a GraphQL request to the product, the same result by raw
 * SQL through `pg` (the floor), and — where it can express it — a PostGraphile v5 request.
 */
import type pg from 'pg';
import { PROVENANCE_SQL } from '../../api/src/modules/plans/store/index.js';
import { post, get, type HttpResult } from './load.js';

export interface BenchContext {
  appUrl: string;
  pglUrl: string | null;
  pool: pg.Pool;
  /** Province viewer (O1–O5). */
  viewerToken: string;
  /** Editor of the draft commune (O7). */
  draftEditorToken: string;
  /** Editor of the commune without a plan (O8). */
  emptyEditorToken: string;
  provincePlanId: string;
  provinceUnit: { id: number; path: string };
  districtPlanId: string;
  draftPlanId: string;
  /** Node ids of the draft commune's plan available for O7 edits (one per worker). */
  draftNodes: { id: string; text: string }[];
  emptyUnitId: number;
  matrixUnits: number;
  searchText: string;
  /** The first monthly report milestone of the province's plan (O9, O10). */
  rollupMilestoneId: string;
  /** The portal's follow-up page query (portal/src/reports/reports.graphql.ts, REPORT_ROLLUP), printed. */
  rollupQuery: string;
  /** Its summary query (REPORT_ROLLUP_SUMMARY). */
  rollupSummaryQuery: string;
  /** Today in Vietnam (compliance: a report not submitted past its due date is MISSING). */
  today: string;
}

export interface Op {
  id: string;
  name: string;
  /** Highest concurrency it runs at (writes that serialise on one row run at 1). */
  maxConcurrency?: number;
  gql(ctx: BenchContext, worker: number): Promise<unknown>;
  floor(ctx: BenchContext, worker: number): Promise<unknown>;
  pgl?(ctx: BenchContext): Promise<unknown>;
  /** Clean-up after each request (untimed). */
  after?(ctx: BenchContext, result: unknown): Promise<void>;
  /** Rows of the answer, to check the three agree. */
  size?(kind: 'gql' | 'floor' | 'pgl', result: any): number;
}

export class GqlError extends Error {}

/** Indirection so that the stage breakdown can capture the requests an operation sends. */
export const transport = {
  post: (url: string, query: string, variables: Record<string, unknown>, token?: string) => gqlPost(url, query, variables, token),
};

export async function gqlPost(
  url: string,
  query: string,
  variables: Record<string, unknown>,
  token?: string,
): Promise<{ data: any; sql: number; bytes: number }> {
  const r: HttpResult = await post(
    `${url}/graphql`,
    JSON.stringify({ query, variables }),
    token ? { authorization: `Bearer ${token}` } : {},
  );
  const body = JSON.parse(r.body);
  if (r.status !== 200 || body.errors) throw new GqlError(`HTTP ${r.status}: ${r.body.slice(0, 300)}`);
  return { data: body.data, sql: Number(r.headers['x-sql-count'] ?? -1), bytes: r.body.length };
}

/* ------------------------------------------------------------------ O1 */

const O1 = `query O1($id: String!) { plan(id: $id) { id title submissionDeadline
  cascadeSummary(depth: ALL) { units withPlan byStatus { status count } byCompliance { compliance count }
    coverage { inherited adapted local omitted parentTasks parentTasksCovered share } upstreamPending
    targets { total allocatedSum ownSum unitsWithTarget target { id metric unitOfMeasure } } }
  cascade(first: 50, filter: { depth: ALL }) { totalCount pageInfo { hasNextPage endCursor }
    nodes { unit { id code name } depth status issuedDate deadline compliance plan { id }
      coverage { inherited adapted local omitted parentTasks parentTasksCovered share } upstreamPending
      targets { parentTargetId metric allocated own gap } } } } }`;

/** The cascade rows of plan $1 (every unit below, its plan in the lineage, deadline, compliance) as CTEs ending in `bc`. */
const CASCADE_CTE = `
  p as (select id, series_id, unit_id, unit_path, submission_deadline, coalesce(issued_date, current_date) as d from plan where id = $1),
  u as (select u.id, u.code, u.name, u.parent_id, nlevel(u.path) - nlevel(p.unit_path) as depth
        from admin_unit u, p where u.path <@ p.unit_path and u.id <> p.unit_id
          and (u.valid_from is null or u.valid_from <= p.d) and (u.valid_to is null or u.valid_to >= p.d)),
  c as (select distinct on (r.unit_id) r.unit_id, x.id, x.status, x.issued_date, x.parent_plan_id, r.parent_series_id, r.inherited, r.adapted,
          r.local, r.omitted, r.parent_tasks, r.parent_tasks_covered, r.upstream_pending, r.upstream_declined
        from plan_rollup r join plan x on x.id = r.plan_id, p
        where r.lineage @> array[p.series_id] and x.status <> 'REVOKED'
        order by r.unit_id, case x.status when 'ISSUED' then 0 when 'IN_REVIEW' then 1 when 'DRAFT' then 2 else 3 end, x.version_no desc),
  ip as (select distinct on (r.unit_id) r.unit_id, x.submission_deadline from plan_rollup r join plan x on x.id = r.plan_id, p
        where r.lineage @> array[p.series_id] and x.status in ('ISSUED', 'SUPERSEDED') order by r.unit_id, x.version_no desc),
  b as (select u.*, c.id as plan_id, coalesce(c.status, 'NONE') as status, c.issued_date, c.parent_series_id, c.inherited, c.adapted, c.local,
          c.omitted, c.parent_tasks, c.parent_tasks_covered, coalesce(c.upstream_pending, 0) as upstream_pending,
          case when c.id is not null then cp.submission_deadline when u.parent_id = p.unit_id then p.submission_deadline else ip.submission_deadline end as deadline
        from u cross join p left join c on c.unit_id = u.id left join plan cp on cp.id = c.parent_plan_id left join ip on ip.unit_id = u.parent_id),
  bc as (select b.*, case when status in ('ISSUED', 'SUPERSEDED') then case when deadline is null or issued_date <= deadline then 'ON_TIME' else 'LATE' end
          when deadline is not null and deadline < current_date then 'MISSING' else 'PENDING' end as compliance from b)`;

const O1_SQL = `with ${CASCADE_CTE},
  pg as (select * from bc order by depth, code, id limit 50),
  pt as (select t.id, t.metric, t.unit_of_measure, t.value from plan_target t, p where t.plan_id = p.id)
  select json_build_object(
    'total', (select count(*) from bc),
    'rows', (select json_agg(json_build_object('unit', json_build_object('id', pg.id, 'code', pg.code, 'name', pg.name), 'depth', pg.depth,
        'status', pg.status, 'issuedDate', pg.issued_date, 'deadline', pg.deadline, 'compliance', pg.compliance, 'plan', pg.plan_id,
        'coverage', case when pg.plan_id is null then null else json_build_object('inherited', pg.inherited, 'adapted', pg.adapted, 'local', pg.local,
          'omitted', pg.omitted, 'parentTasks', pg.parent_tasks, 'parentTasksCovered', pg.parent_tasks_covered) end,
        'targets', case when pg.depth = 1 then (select json_agg(json_build_object('metric', pt.metric, 'allocated', a.value, 'own', o.value))
            from pt left join plan_target_allocation a on a.target_id = pt.id and a.unit_id = pg.id
            left join plan_target o on o.plan_id = pg.plan_id and o.derived_from_target_id = pt.id
            where a.id is not null or o.id is not null) end) order by pg.depth, pg.code, pg.id) from pg),
    'summary', (select json_agg(s) from (select status, compliance, count(*) as n, sum(inherited) as inherited, sum(adapted) as adapted,
        sum(local) as local, sum(omitted) as omitted, sum(parent_tasks) as parent_tasks, sum(parent_tasks_covered) as covered
        from bc group by status, compliance) s),
    'targets', (select json_agg(json_build_object('metric', pt.metric, 'total', pt.value,
        'allocated', (select sum(a.value) from plan_target_allocation a where a.target_id = pt.id),
        'own', o.own, 'units', o.units)) from pt left join lateral (
          select sum(t.value) as own, count(distinct c.unit_id) as units from plan_target t join plan c on c.id = t.plan_id
          join plan_rollup r on r.plan_id = c.id, p where t.derived_from_target_id = pt.id and r.parent_series_id = p.series_id and c.status <> 'REVOKED') o on true))
  as result`;

/**
 * PostGraphile has no cascade of its own: it is given O1's floor as a plain SQL function in a
 * schema of the benchmark's own (`bench`, never the product's), which it exposes as a query field,
 * so that the cascade is compared too (issue 13). Created by the benchmark before PostGraphile starts.
 */
export const O1_PGL_FUNCTION = `create schema if not exists bench;
  create or replace function bench.cascade_page(plan_id uuid) returns json language sql stable as $fn$
  ${O1_SQL.replace(/\$1\b/g, 'cascade_page.plan_id')}
  $fn$`;
const O1_PGL = `query O1($id: UUID!) { benchCascadePage(planId: $id) }`;

/* ------------------------------------------------------------------ O2 */

const O2 = `query O2 { plans(filter: { scope: FROM_BELOW }, first: 50) { totalCount pageInfo { hasNextPage endCursor }
  nodes { id title status issuedDate numberSymbol submissionDeadline unit { id code name } parentPlan { id submissionDeadline } } } }`;
const O2_SQL = `select json_build_object(
  'total', (select count(*) from plan p where p.unit_path <@ $1::ltree and p.unit_id <> $2),
  'rows', (select json_agg(r) from (select p.id, p.title, p.status, p.issued_date, p.number || '/' || p.symbol as number_symbol, p.submission_deadline,
      u.id as unit_id, u.code, u.name, pp.id as parent_id, pp.submission_deadline as parent_deadline
    from plan p join admin_unit u on u.id = p.unit_id left join plan pp on pp.id = p.parent_plan_id
    where p.unit_path <@ $1::ltree and p.unit_id <> $2 order by p.created_at desc, p.id desc limit 50) r)) as result`;
const O2_PGL = `query O2($province: Int!) { allPlans(condition: { provinceId: $province }, orderBy: [CREATED_AT_DESC, PRIMARY_KEY_DESC], first: 50) {
  totalCount pageInfo { hasNextPage endCursor }
  nodes { rowId title status issuedDate number symbol submissionDeadline adminUnitByUnitId { rowId code name } planByParentPlanId { rowId submissionDeadline } } } }`;

/* ------------------------------------------------------------------ O3 */

const O3 = `query O3($id: String!) { plan(id: $id) { id title status numberSymbol
  nodes { id parentId position depth kind label text provenance derivedFromNodeId version
    task { lead { name sector agencyId unmatched } cooperating { name sector agencyId } timing { kind dueDate periodStart periodEnd phaseId recurring text } } } } }`;
const O3_SQL = `select json_build_object(
  'plan', (select json_build_object('id', id, 'title', title, 'status', status, 'number', number, 'symbol', symbol) from plan where id = $1),
  'nodes', (select json_agg(n order by n.position) from (select id, parent_id, position, kind, label, text, provenance, derived_from_node_id, version, task
    from plan_node where plan_id = $1) n)) as result`;
const O3_PGL = `query O3($id: UUID!) { planByRowId(rowId: $id) { rowId title status number symbol
  planNodesByPlanId(orderBy: [POSITION_ASC]) { nodes { rowId parentId position kind label text provenance derivedFromNodeId version task } } } }`;

/* ------------------------------------------------------------------ O4 */

const O4A = `query O4a($id: ID!) { unit(id: $id) { id name children(first: 50) { totalCount pageInfo { hasNextPage endCursor }
  nodes { id code name kind level validFrom validTo childCount } } } }`;
const O4A_SQL = `select json_build_object(
  'total', (select count(*) from admin_unit where parent_id = $1),
  'rows', (select json_agg(x) from (select u.id, u.code, u.name, u.kind, u.level, u.valid_from, u.valid_to,
      (select count(*) from admin_unit c where c.parent_id = u.id) as child_count
    from admin_unit u where u.parent_id = $1 order by u.code, u.id limit 50) x)) as result`;
const O4A_PGL = `query O4a($id: Int!) { adminUnitByRowId(rowId: $id) { rowId name adminUnitsByParentId(orderBy: [CODE_ASC, PRIMARY_KEY_ASC], first: 50) {
  totalCount pageInfo { hasNextPage endCursor } nodes { rowId code name kind level validFrom validTo adminUnitsByParentId { totalCount } } } } }`;
const O4B = `query O4b($s: String!) { units(filter: { search: $s }, first: 20) { totalCount pageInfo { hasNextPage endCursor }
  nodes { id code name kind level validFrom validTo } } }`;
const O4B_SQL = `select json_build_object(
  'total', (select count(*) from admin_unit u where (u.path @> $1::ltree or u.path <@ $1::ltree) and u.search_key like $2),
  'rows', (select json_agg(x) from (select u.id, u.code, u.name, u.kind, u.level, u.valid_from, u.valid_to from admin_unit u
    where (u.path @> $1::ltree or u.path <@ $1::ltree) and u.search_key like $2 order by u.code, u.id limit 20) x)) as result`;

/* ------------------------------------------------------------------ O5 */

const O5 = `query O5($id: String!, $first: Int!) { plan(id: $id) { id coverageMatrix(depth: ALL, first: $first) {
  totalUnits hasNextPage endCursor tasks { id label text } units { id code name } cells { taskId unitId status } } } }`;
const O5_SQL = `with ${CASCADE_CTE},
  pg as (select * from bc order by depth, code, id limit $2),
  tasks as (select n.id, n.label, n.text, n.position from plan_node n, p where n.plan_id = p.id and n.task is not null),
  ch as (
    with recursive ch(plan_id, src, adapted, hops) as (
      select n.plan_id, n.derived_from_node_id, n.provenance = 'ADAPTED', 0 from plan_node n
      where n.plan_id in (select plan_id from pg where plan_id is not null) and n.derived_from_node_id is not null
      union all
      select ch.plan_id, m.derived_from_node_id, ch.adapted or m.provenance = 'ADAPTED', ch.hops + 1
      from ch join plan_node m on m.id = ch.src, p where m.plan_id <> p.id and m.derived_from_node_id is not null and ch.hops < 4)
    select plan_id, src, bool_or(adapted) as adapted from ch where src in (select id from tasks) group by plan_id, src),
  om as (select o.plan_id, o.source_node_id from plan_omission o where o.plan_id in (select plan_id from pg where plan_id is not null))
  select json_build_object(
    'totalUnits', (select count(*) from bc),
    'tasks', (select json_agg(json_build_object('id', id, 'label', label, 'text', text)) from tasks),
    'units', (select json_agg(json_build_object('id', id, 'code', code, 'name', name) order by depth, code, id) from pg),
    'cells', (select json_agg(json_build_array(t.id, pg.id, case when pg.plan_id is null then 'NO_PLAN'
        when ch.plan_id is not null then case when ch.adapted then 'ADAPTED' else 'INHERITED' end
        when om.plan_id is not null then 'OMITTED' else 'MISSING' end))
      from pg cross join tasks t left join ch on ch.plan_id = pg.plan_id and ch.src = t.id
      left join om on om.plan_id = pg.plan_id and om.source_node_id = t.id)) as result`;

/* ------------------------------------------------------------------ O7 */

const O7_EDIT = `mutation O7($i: UpdateNodeInput!) { updateNode(input: $i) { node { id version provenance } } }`;
const O7_ROLLUP = `update plan_rollup r set inherited = x.inherited, adapted = x.adapted, local = x.local, updated_at = now()
  from (select count(*) filter (where provenance = 'INHERITED') as inherited, count(*) filter (where provenance = 'ADAPTED') as adapted,
          count(*) filter (where provenance = 'LOCAL') as local from plan_node where plan_id = $1) x where r.plan_id = $1`;

/* ------------------------------------------------------------------ O8 */

const O8 = `mutation O8($i: DerivePlanInput!) { derivePlan(input: $i) { plan { id status nodes { id } } } }`;
/** Derivation as set-based SQL: the same rows, without the agency mapping and text rewriting done in JS. */
const O8_SQL = [
  `insert into plan (id, unit_id, unit_path, province_id, series_id, parent_plan_id, issuing_body, symbol, document_kind, title, preamble,
     period_start, period_end, submission_deadline, recipients, signature)
   select $1::uuid, u.id, u.path, u.province_id, $1::uuid, pp.id, 'ỦY BAN NHÂN DÂN ' || upper(u.name), 'KH-UBND', pp.document_kind, pp.title,
     'Thực hiện Kế hoạch số ' || pp.number || '/' || pp.symbol, pp.period_start, pp.period_end, pp.submission_deadline - 3,
     '["Lưu: VT"]', '{"authority": "TM. ỦY BAN NHÂN DÂN", "title": "CHỦ TỊCH", "signerName": null}'
   from plan pp, admin_unit u where pp.id = $2::uuid and u.id = $3::int`,
  `insert into plan_legal_basis (id, plan_id, province_id, position, type, number, date, issuer, title, text, ref_plan_id)
   select gen_random_uuid(), $1::uuid, p.province_id, 0, 'PLAN', pp.number || '/' || pp.symbol, pp.issued_date, pp.issuing_body, pp.title, pp.title, pp.id
   from plan p, plan pp where p.id = $1::uuid and pp.id = $2::uuid
   union all
   select gen_random_uuid(), $1::uuid, p.province_id, b.position + 1, b.type, b.number, b.date, b.issuer, b.title, b.text, b.ref_plan_id
   from plan_legal_basis b, plan p where b.plan_id = $2::uuid and p.id = $1::uuid`,
  `insert into plan_node (id, plan_id, province_id, parent_id, position, kind, label, text, task, derived_from_node_id, source_snapshot, provenance)
   select md5($1::uuid::text || n.id::text)::uuid, $1::uuid, p.province_id, case when n.parent_id is null then null else md5($1::uuid::text || n.parent_id::text)::uuid end,
     n.position, n.kind, n.label, n.text, n.task, n.id, jsonb_build_object('kind', n.kind, 'label', n.label, 'text', n.text, 'task', n.task), 'INHERITED'
   from plan_node n, plan p where n.plan_id = $2::uuid and p.id = $1::uuid`,
  `insert into plan_phase (id, plan_id, province_id, node_id, position, name, start_date, end_date, goal)
   select md5($1::uuid::text || f.id::text)::uuid, $1::uuid, p.province_id, md5($1::uuid::text || f.node_id::text)::uuid, f.position, f.name, f.start_date, f.end_date, f.goal
   from plan_phase f, plan p where f.plan_id = $2::uuid and p.id = $1::uuid`,
  `insert into plan_target (id, plan_id, province_id, node_id, position, metric, unit_of_measure, comparator, value, period_start, period_end, phase_id, year,
     responsible, derived_from_target_id)
   select gen_random_uuid(), $1::uuid, p.province_id, md5($1::uuid::text || t.node_id::text)::uuid, row_number() over (order by t.position) - 1, t.metric, t.unit_of_measure,
     t.comparator, coalesce(a.value, t.value), t.period_start, t.period_end, md5($1::uuid::text || t.phase_id::text)::uuid, t.year, t.responsible, t.id
   from plan_target t join plan p on p.id = $1::uuid left join plan_target_allocation a on a.target_id = t.id and a.unit_id = $3::int
   where t.plan_id = $2::uuid and (a.id is not null or not exists (select 1 from plan_target_allocation x where x.target_id = t.id))`,
  `insert into plan_milestone (id, plan_id, province_id, node_id, position, kind, title, due_date, recipient)
   select gen_random_uuid(), $1::uuid, p.province_id, md5($1::uuid::text || m.node_id::text)::uuid, m.position, m.kind, m.title, m.due_date - 3, m.recipient
   from plan_milestone m, plan p where m.plan_id = $2::uuid and p.id = $1::uuid`,
  `insert into plan_rollup (plan_id, parent_plan_id, parent_series_id, lineage, unit_id, unit_path, province_id, inherited, parent_tasks, parent_tasks_covered)
   select p.id, pp.id, pp.series_id, array[pp.series_id] || coalesce(xr.lineage, '{}'), p.unit_id, p.unit_path, p.province_id,
     (select count(*) from plan_node where plan_id = p.id), (select count(*) from plan_node where plan_id = pp.id and task is not null),
     (select count(*) from plan_node where plan_id = pp.id and task is not null)
   from plan p join plan pp on pp.id = p.parent_plan_id left join plan_rollup xr on xr.plan_id = pp.id where p.id = $1::uuid`,
];

/* ------------------------------------------------------------------ O9 */

/**
 * The floor of the report roll-up page: the open obligations of the milestone and of the derived
 * milestones below (depth ALL) in the viewer's subtree (an agency's only to its own unit's staff
 * and that agency — the viewer here has none), the first 50 by depth, unit code, period and id,
 * each with its unit, agency and period, the report the viewer sees (never a draft below), its
 * compliance, and per target the unit's allocation (an agency's: its own allocation; a unit's:
 * its allocation, else its own plan's value) against what it achieved (its own submitted figure,
 * else its units' sum), with the gap — the same answer as reportRollup, in one statement, the
 * same way the API's page reads it (docs/REPORTS.md: the tree walked index-only with the unit's
 * code and level kept on each obligation, a child's agency and period carried from its parent, a commune's children never looked for, the cells
 * of the page in one pass), plus the allocations the API reads from the plan store in a
 * statement of its own.
 * $1 milestone, $2 the viewer's unit path, $3 today.
 */
const O9_SQL = `with recursive tree as (
    select o.id, o.unit_id, o.unit_path, o.agency_id, o.period_key, o.unit_code as code, o.unit_level as level, 1 as depth
    from report_obligation o where o.milestone_id = $1 and o.state = 'OPEN'
    union all
    select c.id, c.unit_id, c.unit_path, null::uuid, tree.period_key, c.unit_code, c.unit_level, tree.depth + 1 from tree cross join lateral (
      select c.id, c.unit_id, c.unit_path, c.unit_code, c.unit_level from report_obligation c
      where c.parent_obligation_id = tree.id and c.state = 'OPEN' offset 0) c
    where tree.depth < 4 and tree.agency_id is null and tree.level <> 'COMMUNE'),
  x as (select t.id, t.depth, t.period_key, t.code from tree t where t.unit_path <@ $2::ltree),
  pg as materialized (select o.id, o.plan_id, o.unit_id, o.agency_id, o.period_key, o.kind, o.title, o.due_date, x.depth, x.code, u.name
    from (select * from x order by depth, code, period_key, id limit 50) x join report_obligation o on o.id = x.id join admin_unit u on u.id = o.unit_id),
  own as (select distinct on (pg.id) pg.id as ob, c.id from pg join plan p on p.id = pg.plan_id
    join plan c on c.unit_id = pg.unit_id and c.parent_series_id = p.series_id and c.status <> 'REVOKED'
    where pg.agency_id is null
    order by pg.id, (c.status = 'ISSUED') desc, c.version_no desc),
  exp as (select pg.id as ob, t.id as target_id, t.metric, t.unit_of_measure, t.position, coalesce(a.value, ot.value) as allocated
    from pg join plan_target t on t.plan_id = pg.plan_id left join own on own.ob = pg.id
    left join lateral (select v.value from plan_target_allocation v where pg.agency_id is null and v.unit_id = pg.unit_id and v.target_id = t.id
      union all select v.value from plan_target_allocation v where v.agency_id = pg.agency_id and v.target_id = t.id limit 1) a on true
    left join lateral (select true as taken, v.value from plan_target v where v.plan_id = own.id and v.derived_from_target_id = t.id limit 1) ot on true
    where a.value is not null
      or (pg.agency_id is null and (ot.taken or (own.id is null and not exists (select 1 from plan_target_allocation z where z.target_id = t.id))))),
  rr as materialized (select * from report_rollup where obligation_id = any(array(select id from pg))),
  cells as (select coalesce(exp.ob, rr.obligation_id) as ob, coalesce(exp.target_id, rr.target_id) as target_id,
      coalesce(exp.metric, rr.metric) as metric, coalesce(exp.unit_of_measure, rr.unit_of_measure) as uom, exp.position is null as extra,
      coalesce(exp.position, rr.position) as position, exp.allocated, rr.achieved_period as achieved, rr.achieved_cumulative as cumulative,
      coalesce(rr.own_period is not null or rr.own_cumulative is not null, false) as own
    from exp full join rr on rr.obligation_id = exp.ob and rr.target_id = exp.target_id),
  cj as (select c.ob, json_agg(json_build_object('targetId', c.target_id, 'metric', c.metric, 'unitOfMeasure', c.uom,
      'allocated', c.allocated, 'achieved', c.achieved, 'achievedCumulative', c.cumulative, 'reportedByUnit', c.own,
      'gap', case when c.allocated is not null and coalesce(c.cumulative, c.achieved) is not null then coalesce(c.cumulative, c.achieved) - c.allocated end)
      order by c.extra, c.position) as targets
    from cells c group by c.ob),
  rows as (select pg.*, r.id as report_id, coalesce(r.status, 'NONE') as status, r.first_submitted_on,
      case when r.status = 'RETURNED' then 'RETURNED'
        when r.first_submitted_on is not null then case when pg.due_date is null or r.first_submitted_on <= pg.due_date then 'ON_TIME' else 'LATE' end
        when pg.due_date < $3::date then 'MISSING' else 'PENDING' end as compliance
    from pg left join lateral (select r.id, r.status, r.first_submitted_on from report r
      where r.obligation_id = pg.id and r.status <> 'SUPERSEDED'
        and (r.unit_path = $2::ltree or (r.unit_path <@ $2::ltree and r.status in ('SUBMITTED','ACCEPTED','RETURNED','SUPERSEDED')))
      order by r.version_no desc limit 1) r on true)
  select json_build_object(
    'total', (select count(*) from x),
    'rows', (select json_agg(json_build_object('id', rows.id, 'planId', rows.plan_id, 'kind', rows.kind, 'title', rows.title, 'depth', rows.depth, 'status', rows.status,
        'compliance', rows.compliance, 'submittedOn', rows.first_submitted_on, 'dueDate', rows.due_date,
        'period', case when rows.period_key <> '' then json_build_object('key', rows.period_key, 'kind', split_part(rows.period_key, '-', 1),
          'year', split_part(rows.period_key, '-', 2)::int, 'index', split_part(rows.period_key, '-', 3)::int) end,
        'agency', (select json_build_object('id', g.id, 'name', g.name) from agency g where g.id = rows.agency_id),
        'unit', json_build_object('id', rows.unit_id, 'name', rows.name),
        'report', case when rows.report_id is not null then json_build_object('id', rows.report_id, 'status', rows.status) end,
        'targets', coalesce(cj.targets, '[]'))
      order by rows.depth, rows.code, rows.period_key, rows.id) from rows left join cj on cj.ob = rows.id)) as result`;

/** The floor of the summary (O10): the units directly below by compliance, and per target allocated against achieved, each counted once. */
const O10_SQL = `with x as (select o.id, o.plan_id, o.unit_id, o.due_date from report_obligation o where o.milestone_id = $1 and o.unit_path <@ $2::ltree),
  comp as (select case when r.status = 'RETURNED' then 'RETURNED'
      when r.first_submitted_on is not null then case when x.due_date is null or r.first_submitted_on <= x.due_date then 'ON_TIME' else 'LATE' end
      when x.due_date < $3::date then 'MISSING' else 'PENDING' end as compliance
    from x left join lateral (select r.status, r.first_submitted_on from report r
      where r.obligation_id = x.id and r.status <> 'SUPERSEDED'
        and (r.unit_path = $2::ltree or (r.unit_path <@ $2::ltree and r.status in ('SUBMITTED','ACCEPTED','RETURNED','SUPERSEDED')))
      order by r.version_no desc limit 1) r on true),
  own as (select distinct on (x.id) x.id as ob, c.id from x join plan p on p.id = x.plan_id
    join plan c on c.unit_id = x.unit_id and c.parent_series_id = p.series_id and c.status <> 'REVOKED'
    order by x.id, (c.status = 'ISSUED') desc, c.version_no desc),
  exp as (select t.id as target_id, t.metric, t.unit_of_measure, t.position, coalesce(a.value, ot.value) as allocated
    from x join plan_target t on t.plan_id = x.plan_id left join own on own.ob = x.id
    left join lateral (select v.value from plan_target_allocation v where v.target_id = t.id and v.unit_id = x.unit_id limit 1) a on true
    left join lateral (select true as taken, v.value from plan_target v where v.plan_id = own.id and v.derived_from_target_id = t.id limit 1) ot on true
    where a.value is not null or ot.taken
      or (own.id is null and not exists (select 1 from plan_target_allocation z where z.target_id = t.id))),
  got as (select r.target_id, sum(r.achieved_period) as achieved, sum(r.achieved_cumulative) as cumulative,
      count(*) filter (where r.achieved_period is not null or r.achieved_cumulative is not null) as units
    from report_rollup r join x on x.id = r.obligation_id group by r.target_id),
  tot as (select target_id, min(metric) as metric, min(unit_of_measure) as uom, min(position) as position,
      case when min(unit_of_measure) = '%' then avg(allocated) else sum(allocated) end as allocated from exp group by target_id),
  fin as (select tot.*, coalesce(got.units, 0) as units,
      case when tot.uom = '%' and got.units > 0 then got.achieved / got.units else got.achieved end as achieved,
      case when tot.uom = '%' and got.units > 0 then got.cumulative / got.units else got.cumulative end as cumulative
    from tot left join got on got.target_id = tot.target_id)
  select json_build_object(
    'units', (select count(*) from x),
    'byCompliance', (select json_agg(json_build_object('compliance', compliance, 'count', n)) from (select compliance, count(*) as n from comp group by 1) c),
    'targets', (select json_agg(json_build_object('targetId', target_id, 'metric', metric, 'unitOfMeasure', uom, 'allocated', allocated,
        'achieved', achieved, 'achievedCumulative', cumulative, 'unitsReporting', units,
        'gap', case when allocated is not null and coalesce(cumulative, achieved) is not null then coalesce(cumulative, achieved) - allocated end)
      order by position) from fin)) as result`;

/**
 * A read floor as a named statement: prepared once per connection of the floor's pool and planned
 * once (a generic plan after five runs), as the product's heavy reads are (api/src/core/db/prepared.ts)
 * — the best the floor's SQL can do, planning included.
 */
function floorQuery(c: BenchContext, name: string, text: string, values: unknown[]) {
  return c.pool.query({ name: `floor_${name}`, text, values });
}

async function inTx(pool: pg.Pool, fn: (c: pg.PoolClient) => Promise<unknown>) {
  const c = await pool.connect();
  try {
    await c.query('begin');
    const r = await fn(c);
    await c.query('commit');
    return r;
  } catch (e) {
    await c.query('rollback');
    throw e;
  } finally {
    c.release();
  }
}

const o7Versions = new Map<string, number>();
export function seedO7Versions(versions: Map<string, number>): void {
  for (const [id, v] of versions) o7Versions.set(id, v);
}
let o7Flip = 0;
let o8n = 0;

async function deletePlan(pool: pg.Pool, id: string) {
  await pool.query(`delete from plan where id = $1`, [id]);
}

/** The answer of O9's floor, for the check that it is the API's (tests/api/bench-smoke.test.ts). */
export const O9_FLOOR_SQL = O9_SQL;
export const O10_FLOOR_SQL = O10_SQL;

export const OPS: Op[] = [
  {
    id: 'O1',
    name: 'cascade page (50 rows, all depths) with aggregates, largest province',
    gql: (c) => transport.post(c.appUrl, O1, { id: c.provincePlanId }, c.viewerToken),
    floor: (c) => floorQuery(c, 'o1', O1_SQL, [c.provincePlanId]),
    pgl: (c) => transport.post(c.pglUrl!, O1_PGL, { id: c.provincePlanId }),
    size: (k, r) =>
      k === 'gql' ? r.data.plan.cascade.totalCount : k === 'pgl' ? Number(r.data.benchCascadePage.total) : Number(r.rows[0].result.total),
  },
  {
    id: 'O2',
    name: "descendant plans of the province (page of 50), status and parent's deadline",
    gql: (c) => transport.post(c.appUrl, O2, {}, c.viewerToken),
    floor: (c) => floorQuery(c, 'o2', O2_SQL, [c.provinceUnit.path, c.provinceUnit.id]),
    pgl: (c) => transport.post(c.pglUrl!, O2_PGL, { province: c.provinceUnit.id }),
    size: (k, r) => (k === 'gql' ? r.data.plans.totalCount : k === 'pgl' ? r.data.allPlans.totalCount : Number(r.rows[0].result.total)),
  },
  {
    id: 'O3',
    name: "one plan's full tree (300 nodes)",
    gql: (c) => transport.post(c.appUrl, O3, { id: c.districtPlanId }, c.viewerToken),
    floor: (c) => floorQuery(c, 'o3', O3_SQL, [c.districtPlanId]),
    pgl: (c) => transport.post(c.pglUrl!, O3_PGL, { id: c.districtPlanId }),
    size: (k, r) =>
      k === 'gql'
        ? r.data.plan.nodes.length
        : k === 'pgl'
          ? r.data.planByRowId.planNodesByPlanId.nodes.length
          : r.rows[0].result.nodes.length,
  },
  {
    id: 'O4a',
    name: "unit children (the province's districts, with child counts)",
    gql: (c) => transport.post(c.appUrl, O4A, { id: String(c.provinceUnit.id) }, c.viewerToken),
    floor: (c) => floorQuery(c, 'o4a', O4A_SQL, [c.provinceUnit.id]),
    pgl: (c) => transport.post(c.pglUrl!, O4A_PGL, { id: c.provinceUnit.id }),
    size: (k, r) =>
      k === 'gql'
        ? r.data.unit.children.totalCount
        : k === 'pgl'
          ? r.data.adminUnitByRowId.adminUnitsByParentId.totalCount
          : Number(r.rows[0].result.total),
  },
  {
    id: 'O4b',
    name: 'unit search, accent-insensitive (page of 20)',
    gql: (c) => transport.post(c.appUrl, O4B, { s: c.searchText }, c.viewerToken),
    floor: (c) => floorQuery(c, 'o4b', O4B_SQL, [c.provinceUnit.path, `%${c.searchText}%`]),
    size: (k, r) => (k === 'gql' ? r.data.units.totalCount : Number(r.rows[0].result.total)),
  },
  {
    id: 'O5',
    name: 'coverage matrix page (~2,000 cells)',
    gql: (c) => transport.post(c.appUrl, O5, { id: c.provincePlanId, first: c.matrixUnits }, c.viewerToken),
    floor: (c) => floorQuery(c, 'o5', O5_SQL, [c.provincePlanId, c.matrixUnits]),
    size: (k, r) => (k === 'gql' ? r.data.plan.coverageMatrix.cells.length : r.rows[0].result.cells.length),
  },
  {
    id: 'O7',
    name: 'edit a node of a draft (roll-up changes), then O1',
    async gql(c, w) {
      const n = c.draftNodes[w % c.draftNodes.length];
      const version = o7Versions.get(n.id) ?? 1;
      const text = (o7Flip++ & 1) === 0 ? `${n.text} (sửa)` : n.text;
      const r = await transport.post(c.appUrl, O7_EDIT, { i: { nodeId: n.id, version, text } }, c.draftEditorToken);
      o7Versions.set(n.id, r.data.updateNode.node.version);
      const q = await transport.post(c.appUrl, O1, { id: c.provincePlanId }, c.viewerToken);
      return { ...q, sql: q.sql + r.sql };
    },
    async floor(c, w) {
      const n = c.draftNodes[w % c.draftNodes.length];
      const text = (o7Flip++ & 1) === 0 ? `${n.text} (sửa)` : n.text;
      await inTx(c.pool, async (t) => {
        await t.query(`select 1 from plan where id = $1 for update`, [c.draftPlanId]);
        const u = await t.query(
          `update plan_node set text = $1, version = version + 1, updated_at = now() where id = $2 returning version`,
          [text, n.id],
        );
        o7Versions.set(n.id, u.rows[0].version);
        await t.query(`update plan_node set provenance = ${PROVENANCE_SQL} where id = $1`, [n.id]);
        await t.query(O7_ROLLUP, [c.draftPlanId]);
      });
      return c.pool.query(O1_SQL, [c.provincePlanId]);
    },
  },
  {
    id: 'O8',
    name: 'derivePlan of a 300-node plan',
    maxConcurrency: 1,
    gql: (c) => transport.post(c.appUrl, O8, { i: { parentPlanId: c.districtPlanId, unitId: String(c.emptyUnitId) } }, c.emptyEditorToken),
    async floor(c) {
      const id = `00000000-0000-4000-8000-${String(++o8n).padStart(12, '0')}`;
      await inTx(c.pool, async (t) => {
        for (const sql of O8_SQL)
          await t.query(
            sql,
            sql.includes('$3') ? [id, c.districtPlanId, c.emptyUnitId] : sql.includes('$2') ? [id, c.districtPlanId] : [id],
          );
      });
      return { floorPlanId: id };
    },
    async after(c, result: any) {
      const id = result?.data?.derivePlan?.plan?.id ?? result?.floorPlanId;
      if (id) await deletePlan(c.pool, id);
    },
    size: (k, r) => (k === 'gql' ? r.data.derivePlan.plan.nodes.length : -1),
  },
  {
    id: 'O9',
    name: 'report roll-up page (50 rows, all depths, one milestone), largest province',
    gql: (c) => transport.post(c.appUrl, c.rollupQuery, { milestoneId: c.rollupMilestoneId, first: 50 }, c.viewerToken),
    floor: (c) => floorQuery(c, 'o9', O9_SQL, [c.rollupMilestoneId, c.provinceUnit.path, c.today]),
    size: (k, r) => (k === 'gql' ? r.data.reportRollup.totalCount : Number(r.rows[0].result.total)),
  },
  {
    id: 'O10',
    name: 'report roll-up summary (units by compliance, per target achieved vs allocated)',
    gql: (c) => transport.post(c.appUrl, c.rollupSummaryQuery, { milestoneId: c.rollupMilestoneId }, c.viewerToken),
    floor: (c) => floorQuery(c, 'o10', O10_SQL, [c.rollupMilestoneId, c.provinceUnit.path, c.today]),
    size: (k, r) => (k === 'gql' ? r.data.reportRollupSummary.units : Number(r.rows[0].result.units)),
  },
];

/** O6 is measured only when the export endpoint exists. */
export async function exportProbe(
  url: string,
  token: string,
  unitId: number,
): Promise<{ status: number; bytes: number; lines: number } | null> {
  try {
    const r = await get(`${url}/api/export/plans.ndjson?unitId=${unitId}`, { authorization: `Bearer ${token}` });
    if (r.status === 404) return null;
    return { status: r.status, bytes: r.body.length, lines: r.body.split('\n').filter(Boolean).length };
  } catch {
    return null;
  }
}
