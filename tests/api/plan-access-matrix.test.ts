import 'reflect-metadata';
import crypto from 'node:crypto';
import ExcelJS from 'exceljs';
import { getNamedType, isObjectType, type GraphQLObjectType, type GraphQLSchema } from 'graphql';
import { getMetadataStorage } from 'type-graphql';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createSchema } from '../../api/src/app.js';
import { createTokenSigner } from '../../api/src/modules/auth/tokens.js';
import { descendantIds, expectError, insertAgency, insertUser, rawAnswer, rawCode, sortNum, walkPages } from '../support/api-helpers.js';
import { ON_CHAIN, TREE, chainOf, parentOf, positionOf, type Position, type TreeKey } from '../support/demo-tree.js';
import { createTestEnv, type Caller, type GqlResult, type TestEnv } from '../support/env.js';

/**
 * The plan access matrix of docs/DESIGN.md §6: role × relative position × plan status × operation.
 * With U the caller's unit and I the plan's issuing unit: down fully (U reads every plan of
 * itself and below, any status), up only issued (ancestors' plans when ISSUED or SUPERSEDED),
 * never sideways (NOT_FOUND, absent from lists and counts). Writes check, in this order:
 * invisible → NOT_FOUND, visible but not allowed → FORBIDDEN, allowed but wrong state →
 * INVALID_STATE. Expected outcomes come from these rules, the hand-written tree of
 * support/demo-tree.ts and the status each fixture plan was built in — never from the code under
 * test. Every refused write re-reads every plan table and the audit trail (a change detector):
 * nothing may change. Every successful write leaves one audit event attributed to the caller.
 *
 * Fixtures are built through the API: for each of the province, the city, its ward and the
 * sibling district, a plan in each status (the ISSUED one is the amendment of the SUPERSEDED
 * one), and two drafts the city derived from province plans (one since amended, one since
 * revoked). Cases that change nothing run side by side; a write that must succeed runs alone,
 * on the shared draft when it leaves it a draft, otherwise on a plan built for the case.
 */

type Role = 'ADMIN' | 'EDITOR' | 'APPROVER' | 'VIEWER' | 'APIKEY_VIEWER' | 'APIKEY_EDITOR' | 'ANON';
type Outcome = 'OK' | 'NOT_FOUND' | 'FORBIDDEN' | 'INVALID_STATE' | 'BAD_USER_INPUT' | 'UNAUTHENTICATED';
type Status = 'DRAFT' | 'IN_REVIEW' | 'ISSUED' | 'SUPERSEDED' | 'REVOKED';
/** A fixture plan of an issuing unit: one per status, and derived drafts of the city. */
type Variant = Status | 'DERIVED' | 'DERIVED_ORPHAN';

const ROLES: Role[] = ['ADMIN', 'EDITOR', 'APPROVER', 'VIEWER', 'APIKEY_VIEWER', 'APIKEY_EDITOR', 'ANON'];
const STATUSES: Status[] = ['DRAFT', 'IN_REVIEW', 'ISSUED', 'SUPERSEDED', 'REVOKED'];
const isApiKey = (r: Role) => r === 'APIKEY_VIEWER' || r === 'APIKEY_EDITOR';

/** Issuing units of the fixture plans. */
const ISSUERS = ['laocai', 'tplaocai', 'phuonglaocai', 'batxat'] as const satisfies readonly TreeKey[];
type Issuer = (typeof ISSUERS)[number];

/** actor → issuing unit of the plans; the position is computed from the map. */
const PAIRS: [TreeKey, Issuer][] = [
  ['tplaocai', 'tplaocai'],
  ['tplaocai', 'laocai'],
  ['phuonglaocai', 'laocai'],
  ['laocai', 'tplaocai'],
  ['laocai', 'phuonglaocai'],
  ['tplaocai', 'batxat'],
  ['batxat', 'tplaocai'],
  ['amusung', 'phuonglaocai'],
  ['hungyen', 'laocai'],
];
const ACTORS = [...new Set(PAIRS.map(([a]) => a))];

/* ------------------------------------------------------------- plan facts */

/** What the test knows about a fixture plan from how it was built. */
interface PlanFacts {
  issuer: Issuer;
  variant: Variant;
  status: Status;
  derived: boolean;
  /** The plan it was derived from (issuer and status now). */
  parent: { issuer: Issuer; status: Status } | null;
  /** The version it amends (issuer and status now). */
  amends: { issuer: Issuer; status: Status } | null;
}

function factsOf(issuer: Issuer, variant: Variant): PlanFacts {
  const derived = variant === 'DERIVED' || variant === 'DERIVED_ORPHAN';
  return {
    issuer,
    variant,
    status: derived ? 'DRAFT' : variant,
    derived,
    // The city derived one draft from the province plan's first version (superseded since by an
    // amendment) and one from a province plan revoked afterwards.
    parent:
      variant === 'DERIVED'
        ? { issuer: 'laocai', status: 'SUPERSEDED' }
        : variant === 'DERIVED_ORPHAN'
          ? { issuer: 'laocai', status: 'REVOKED' }
          : null,
    // The ISSUED plan of each unit is the second version of a series whose first is SUPERSEDED.
    amends: variant === 'ISSUED' ? { issuer, status: 'SUPERSEDED' } : null,
  };
}
const variantsOf = (issuer: Issuer): Variant[] => (issuer === 'tplaocai' ? [...STATUSES, 'DERIVED', 'DERIVED_ORPHAN'] : STATUSES);
/** Variants that write operations run against (the orphan is a plain derived draft for writes). */
const WRITE_VARIANTS: Variant[] = [...STATUSES, 'DERIVED'];

/** Units that already derived a plan from the series of a fixture plan (one derived plan per unit and parent series). */
function alreadyDerived(unit: TreeKey, f: PlanFacts): boolean {
  if (f.issuer !== 'laocai') return false;
  if (f.variant === 'ISSUED' || f.variant === 'SUPERSEDED') return unit === 'tplaocai' || unit === 'batxat';
  return f.variant === 'REVOKED' && unit === 'tplaocai';
}

/* -------------------------------------------------------------- the rules */

const UP: ReadonlySet<Position> = new Set(['parent', 'grandparent']);
const DOWN: ReadonlySet<Position> = new Set(['self', 'child', 'grandchild']);
const PUBLISHED: ReadonlySet<string> = new Set(['ISSUED', 'SUPERSEDED']);
/** Down fully; up only issued (or superseded); never sideways. */
const readable = (p: Position, s: Status) => DOWN.has(p) || (UP.has(p) && PUBLISHED.has(s));
const readableBy = (actor: TreeKey, issuer: TreeKey, s: Status) => readable(positionOf(actor, issuer), s);
const isEditor = (r: Role) => r === 'EDITOR' || r === 'APIKEY_EDITOR';

type Who = 'editor' | 'approver' | 'editorOrApprover';
const mayAct = (who: Who, r: Role) =>
  who === 'editor' ? isEditor(r) : who === 'approver' ? r === 'APPROVER' : isEditor(r) || r === 'APPROVER';

interface CaseFacts {
  role: Role;
  actor: TreeKey;
  position: Position;
  facts: PlanFacts | null;
}
type Rule = (c: CaseFacts) => Outcome;

const inState = {
  draft: (f: PlanFacts) => f.status === 'DRAFT',
  derivedDraft: (f: PlanFacts) => f.status === 'DRAFT' && f.derived,
  inReview: (f: PlanFacts) => f.status === 'IN_REVIEW',
  issued: (f: PlanFacts) => f.status === 'ISSUED',
};

const R = {
  signedIn: ({ role }: CaseFacts): Outcome => (role === 'ANON' ? 'UNAUTHENTICATED' : 'OK'),
  read: ({ role, position, facts }: CaseFacts): Outcome =>
    role === 'ANON' ? 'UNAUTHENTICATED' : readable(position, facts!.status) ? 'OK' : 'NOT_FOUND',
  /** A diff needs a derived plan: a visible plan without a parent is in the wrong state. */
  diff: (c: CaseFacts): Outcome => {
    const r = R.read(c);
    return r === 'OK' && !c.facts!.derived ? 'INVALID_STATE' : r;
  },
  /**
   * A write on a plan. The access marker refuses a read-only API key any write, and an API key
   * issuing or revoking, before anything is looked up (the answer does not depend on the plan).
   */
  write:
    (who: Who, state: (f: PlanFacts) => boolean): Rule =>
    ({ role, position, facts }) => {
      if (role === 'ANON') return 'UNAUTHENTICATED';
      if (role === 'APIKEY_VIEWER') return 'FORBIDDEN';
      if (who === 'approver' && isApiKey(role)) return 'FORBIDDEN';
      if (!readable(position, facts!.status)) return 'NOT_FOUND';
      if (position !== 'self' || !mayAct(who, role)) return 'FORBIDDEN';
      return state(facts!) ? 'OK' : 'INVALID_STATE';
    },
  /** A new plan of the target unit (createPlan, importPlan): its editors; the unit must be visible. */
  createFor: ({ role, position }: CaseFacts): Outcome => {
    if (role === 'ANON') return 'UNAUTHENTICATED';
    if (role === 'APIKEY_VIEWER') return 'FORBIDDEN';
    if (!ON_CHAIN.has(position)) return 'NOT_FOUND';
    return position === 'self' && isEditor(role) ? 'OK' : 'FORBIDDEN';
  },
  /**
   * derivePlan (and its preview) of the caller's unit U from the target plan: the parent must be
   * visible; only editors of U; the parent must be ISSUED; U must lie strictly below its issuer;
   * a unit derives once from a parent series.
   */
  derive:
    (preview: boolean): Rule =>
    ({ role, actor, position, facts }) => {
      if (role === 'ANON') return 'UNAUTHENTICATED';
      if (!preview && role === 'APIKEY_VIEWER') return 'FORBIDDEN';
      if (!readable(position, facts!.status)) return 'NOT_FOUND';
      if (!isEditor(role)) return 'FORBIDDEN';
      if (facts!.status !== 'ISSUED' || facts!.derived) return 'INVALID_STATE';
      if (!UP.has(position)) return 'BAD_USER_INPUT';
      if (!preview && alreadyDerived(actor, facts!)) return 'INVALID_STATE';
      return 'OK';
    },
};

/* ----------------------------------------------------------- fixture state */

let env: TestEnv;
const ids = {} as Record<TreeKey, number>;
/** Per actor: its unit and every unit below (walked by parent_id), and the units above it (from the map). */
const subtreeOf = new Map<TreeKey, number[]>();
const aboveOf = new Map<TreeKey, number[]>();
const apiKeys = new Map<string, string>();

interface FixturePlan {
  facts: PlanFacts;
  id: string;
  token: string;
  /** A section and a task below it; a target, a phase and a milestone. */
  nodeA: string;
  nodeB: string;
  target: string;
  phase: string;
  milestone: string;
  parentId: string | null;
  amendsId: string | null;
  /** Derived plans: the parent node omitted with a reason. */
  omittedSource: string | null;
  /** Derived plans: the upstream changes its parent's amendment brought. */
  upstream: { id: string; kind: 'ADDED' | 'MODIFIED' | 'REMOVED' }[];
}
const plans = new Map<string, FixturePlan>();
const planOf = (issuer: Issuer, v: Variant) => plans.get(`${issuer}:${v}`)!;
/** Bát Xát's draft derived from the province plan: a row superiors see and the city never does. */
let siblingDerivedId: string;

/** The one database connection is shared by cases running side by side: its queries take turns. */
let queue: Promise<unknown> = Promise.resolve();
function query(sql: string, params: unknown[] = []) {
  const next = queue.then(() => env.db.query(sql, params));
  queue = next.catch(() => undefined);
  return next;
}

const rand = () => crypto.randomBytes(4).toString('hex');
const NO_SUCH = '00000000-0000-4000-8000-000000000000';

async function call(as: Caller, name: string, inputType: string, input: Record<string, unknown>, selection: string) {
  const r = await env.gql(`mutation($i: ${inputType}!) { ${name}(input: $i) { ${selection} } }`, { i: input }, as);
  expect(r.errors, `${name}: ${JSON.stringify(r.errors)}`).toBeUndefined();
  return r.data![name];
}
const editorOf = (u: TreeKey) => env.login(`${u}.editor`);
const approverOf = (u: TreeKey) => env.login(`${u}.approver`);
async function scalar<T = any>(sql: string, params: unknown[]): Promise<T> {
  const { rows } = await query(sql, params);
  return rows[0] ? (Object.values(rows[0])[0] as T) : (undefined as T);
}
const planVersion = (id: string) => scalar<number>(`select version from plan where id = $1`, [id]);

interface Built {
  id: string;
  token: string;
  nodeA: string;
  bullets: string[];
  target: string;
  phase: string;
  milestone: string;
}

/** A draft through the API: a section with task bullets, a target, a phase, a milestone. */
async function buildDraft(issuer: TreeKey, bullets = 1): Promise<Built> {
  const ed = await editorOf(issuer);
  const token = `mx${rand()}`;
  const p = await call(ed, 'createPlan', 'CreatePlanInput', { title: `Kế hoạch ma trận ${token} phòng, chống ma túy` }, 'plan { id }');
  const id = p.plan.id as string;
  const a = await call(
    ed,
    'addNode',
    'AddNodeInput',
    { planId: id, kind: 'SECTION', label: 'I.', text: 'NHIỆM VỤ TRỌNG TÂM' },
    'node { id }',
  );
  const bulletIds: string[] = [];
  for (let i = 0; i < bullets; i++) {
    const b = await call(
      ed,
      'addNode',
      'AddNodeInput',
      {
        planId: id,
        parentId: a.node.id,
        afterNodeId: bulletIds.at(-1) ?? null,
        kind: 'BULLET',
        label: '-',
        text: `Công an chủ trì nhiệm vụ thứ ${i + 1} về tuyên truyền tại địa bàn trọng điểm`,
        task: { lead: [{ name: 'Công an tỉnh', sector: 'POLICE' }], timing: { kind: 'RECURRING', recurring: true, text: 'thường xuyên' } },
      },
      'node { id }',
    );
    bulletIds.push(b.node.id);
  }
  const t = await call(
    ed,
    'saveTarget',
    'SaveTargetInput',
    { planId: id, nodeId: a.node.id, metric: 'số buổi tuyên truyền', unitOfMeasure: 'buổi', value: 12 },
    'target { id }',
  );
  const ph = await call(
    ed,
    'savePhase',
    'SavePhaseInput',
    { planId: id, name: 'Giai đoạn cao điểm', startDate: '2024-09-01', endDate: '2024-12-31' },
    'phase { id }',
  );
  const ms = await call(
    ed,
    'saveMilestone',
    'SaveMilestoneInput',
    { planId: id, kind: 'RESULT_REPORT', title: 'Báo cáo kết quả', dueDate: '2024-12-20' },
    'milestone { id }',
  );
  return { id, token, nodeA: a.node.id, bullets: bulletIds, target: t.target.id, phase: ph.phase.id, milestone: ms.milestone.id };
}

async function submit(issuer: TreeKey, id: string) {
  await call(
    await editorOf(issuer),
    'submitPlanForReview',
    'PlanTransitionInput',
    { planId: id, version: await planVersion(id) },
    'plan { id }',
  );
}
async function issue(issuer: TreeKey, id: string, issuedDate = '2024-08-20') {
  await submit(issuer, id);
  await call(
    await approverOf(issuer),
    'issuePlan',
    'IssuePlanInput',
    { planId: id, version: await planVersion(id), issuedDate, signature: { signerName: 'Chủ tịch thử nghiệm' } },
    'plan { id }',
  );
}
async function revoke(issuer: TreeKey, id: string) {
  await call(
    await approverOf(issuer),
    'revokePlan',
    'PlanTransitionInput',
    { planId: id, version: await planVersion(id), reason: 'Thu hồi để ban hành kế hoạch khác' },
    'plan { id }',
  );
}

/** Parts of a plan copied from another one (amendment or derivation), found by their links. */
async function partsOf(planId: string, link: 'previous_version_node_id' | 'derived_from_node_id', from: Built) {
  const nodes = await query(`select id, ${link} as src from plan_node where plan_id = $1`, [planId]);
  const bySrc = new Map(nodes.rows.map((n) => [n.src as string, n.id as string]));
  const one = (table: string) => scalar<string>(`select id from ${table} where plan_id = $1 order by position limit 1`, [planId]);
  return {
    nodeA: bySrc.get(from.nodeA)!,
    bullets: from.bullets.map((b) => bySrc.get(b)!),
    target: await one('plan_target'),
    phase: await one('plan_phase'),
    milestone: await one('plan_milestone'),
  };
}

function fixture(facts: PlanFacts, b: Built, extra: Partial<FixturePlan> = {}): FixturePlan {
  return {
    facts,
    id: b.id,
    token: b.token,
    nodeA: b.nodeA,
    nodeB: b.bullets[0],
    target: b.target,
    phase: b.phase,
    milestone: b.milestone,
    parentId: null,
    amendsId: null,
    omittedSource: null,
    upstream: [],
    ...extra,
  };
}

async function derive(unit: TreeKey, parent: Built, facts: PlanFacts): Promise<FixturePlan> {
  const d = await call(await editorOf(unit), 'derivePlan', 'DerivePlanInput', { parentPlanId: parent.id }, 'plan { id }');
  const parts = await partsOf(d.plan.id, 'derived_from_node_id', parent);
  return fixture(facts, { id: d.plan.id, token: parent.token, ...parts }, { parentId: parent.id });
}

/** A plan like a fixture plan (same issuer, status and kind), for a write that must succeed. */
async function freshCopy(f: PlanFacts): Promise<FixturePlan> {
  if (f.derived) {
    const parent = await buildDraft('laocai');
    await issue('laocai', parent.id);
    return derive('tplaocai', parent, f);
  }
  const b = await buildDraft(f.issuer);
  if (f.status === 'IN_REVIEW') await submit(f.issuer, b.id);
  else if (f.status === 'ISSUED') await issue(f.issuer, b.id);
  else if (f.status !== 'DRAFT') throw new Error(`no write succeeds on a ${f.status} plan`);
  return fixture(f, b);
}

/** The shared fixture plans, all through the API. */
async function buildFixtures() {
  for (const issuer of ISSUERS) {
    const isProvince = issuer === 'laocai';
    const draft = await buildDraft(issuer);
    plans.set(`${issuer}:DRAFT`, fixture(factsOf(issuer, 'DRAFT'), draft));
    const review = await buildDraft(issuer);
    await submit(issuer, review.id);
    plans.set(`${issuer}:IN_REVIEW`, fixture(factsOf(issuer, 'IN_REVIEW'), review));

    // A series: version 1 issued, then amended; issuing version 2 supersedes version 1.
    const v1 = await buildDraft(issuer, isProvince ? 6 : 1);
    await issue(issuer, v1.id, '2024-08-20');
    if (isProvince) {
      // The city derives from version 1 and omits one task; Bát Xát derives too (a sibling row in the cascade).
      const d = await derive('tplaocai', v1, factsOf('tplaocai', 'DERIVED'));
      const omitted = await query(`select id, version from plan_node where plan_id = $1 and derived_from_node_id = $2`, [
        d.id,
        v1.bullets[4],
      ]);
      await call(
        await editorOf('tplaocai'),
        'omitNode',
        'OmitNodeInput',
        { nodeId: omitted.rows[0].id, version: omitted.rows[0].version, reason: 'Thành phố không có cửa khẩu' },
        'node { id }',
      );
      d.omittedSource = v1.bullets[4];
      plans.set('tplaocai:DERIVED', d);
      siblingDerivedId = (await derive('batxat', v1, factsOf('batxat', 'DERIVED'))).id;
    }
    const am = await call(await editorOf(issuer), 'amendPlan', 'AmendPlanInput', { planId: v1.id }, 'plan { id }');
    const v2parts = await partsOf(am.plan.id, 'previous_version_node_id', v1);
    if (isProvince) {
      // Version 2 changes three tasks, removes one and adds two: six upstream changes for the city.
      const ed = await editorOf('laocai');
      const d = plans.get('tplaocai:DERIVED')!;
      for (const i of [1, 2, 3]) {
        const n = await query(`select version from plan_node where id = $1`, [v2parts.bullets[i]]);
        await call(
          ed,
          'updateNode',
          'UpdateNodeInput',
          {
            nodeId: v2parts.bullets[i],
            version: n.rows[0].version,
            text: `Công an chủ trì nhiệm vụ thứ ${i + 1}, bổ sung kiểm tra đột xuất`,
          },
          'node { id }',
        );
        d.upstream.push({ id: v2parts.bullets[i], kind: 'MODIFIED' });
      }
      await call(ed, 'deleteNode', 'DeleteNodeInput', { nodeId: v2parts.bullets[5], version: 1 }, 'deletedId');
      d.upstream.push({ id: v1.bullets[5], kind: 'REMOVED' });
      let after = v2parts.bullets[0];
      for (const text of ['Kiểm tra các cơ sở kinh doanh karaoke', 'Rà soát người nghiện ngoài cộng đồng']) {
        const n = await call(
          ed,
          'addNode',
          'AddNodeInput',
          { planId: am.plan.id, parentId: v2parts.nodeA, afterNodeId: after, kind: 'BULLET', label: '-', text },
          'node { id }',
        );
        d.upstream.push({ id: n.node.id, kind: 'ADDED' });
        after = n.node.id;
      }
    }
    await issue(issuer, am.plan.id, '2024-09-10');
    plans.set(`${issuer}:SUPERSEDED`, fixture(factsOf(issuer, 'SUPERSEDED'), v1));
    plans.set(
      `${issuer}:ISSUED`,
      fixture(factsOf(issuer, 'ISSUED'), { ...v1, id: am.plan.id, ...v2parts }, { amendsId: v1.id, nodeB: v2parts.bullets[0] }),
    );

    const revoked = await buildDraft(issuer);
    await issue(issuer, revoked.id, '2024-08-25');
    if (isProvince) plans.set('tplaocai:DERIVED_ORPHAN', await derive('tplaocai', revoked, factsOf('tplaocai', 'DERIVED_ORPHAN')));
    await revoke(issuer, revoked.id);
    plans.set(`${issuer}:REVOKED`, fixture(factsOf(issuer, 'REVOKED'), revoked));
  }
}

/* -------------------------------------------------------- reading helpers */

/**
 * A change detector over every plan table and the audit trail, to prove that a denied write
 * changed nothing: per table the row count and the newest row version (any insert or update
 * stamps its transaction id in xmin; a delete lowers the count), cheap enough to run per case.
 */
const FP_TABLES = [
  'notification',
  'notification_read',
  'plan',
  'plan_node',
  'plan_legal_basis',
  'plan_phase',
  'plan_target',
  'plan_target_allocation',
  'plan_milestone',
  'plan_omission',
  'plan_upstream_decision',
  'plan_rollup',
  'plan_number_sequence',
  'idempotency_key',
  'report_obligation',
  'report',
  'report_task',
  'report_figure',
  'report_rollup',
];
const FP_SQL = `select ${FP_TABLES.map(
  (t) => `(select count(*) || ':' || coalesce(max(x.xmin::text::bigint), 0) from ${t} x) as ${t}`,
).join(', ')}, (select count(*)::int from audit_event) as audits, (select coalesce(max(id), 0)::text from audit_event) as "lastAudit"`;
async function fingerprint(): Promise<Record<string, string | number>> {
  return (await query(FP_SQL)).rows[0];
}

/** Plans the actor may see, by our own SQL over the tree map: its subtree, or above it when issued. */
async function visiblePlanIds(actor: TreeKey, where = 'true', params: unknown[] = []): Promise<string[]> {
  const { rows } = await query(
    `select id from plan p where (p.unit_id = any($1::int[]) or (p.unit_id = any($2::int[]) and p.status in ('ISSUED','SUPERSEDED'))) and (${where})`,
    [subtreeOf.get(actor), aboveOf.get(actor), ...params],
  );
  return rows.map((r) => r.id as string);
}
async function planRow(id: string) {
  return (await query(`select unit_id, status, parent_plan_id, amends_plan_id, issued_date::text from plan where id = $1`, [id])).rows[0];
}
const sortIds = (list: string[]) => [...list].sort();

/** One notice in every unit of the tree, about the first plan: what the notice ops read (made before any case runs). */
async function noticeInEveryUnit(): Promise<void> {
  const plan = (await env.db.query(`select id from plan order by created_at limit 1`)).rows[0].id as string;
  await env.db.query(
    `insert into notification (unit_id, unit_path, kind, plan_id, from_unit_id)
     select u.id, u.path, 'PLAN_ISSUED_ABOVE', $1, coalesce(u.parent_id, u.id) from admin_unit u where u.id = any($2::int[])
     on conflict do nothing`,
    [plan, Object.values(ids)],
  );
}
const todayInVietnam = () => new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);

/**
 * Units of a plan's cascade as the actor must see it: below the issuer, in the actor's subtree,
 * existing on the plan's date taken within the issuer's own existence (a dissolved city's draft
 * shows the wards it had on its last day), or holding a plan derived from the plan's series.
 */
async function expectedCascadeUnits(issuerId: number, actor: TreeKey, on: string, planId: string) {
  const { rows } = await query(
    `with recursive below(id) as (select id from admin_unit where parent_id = $1 union all select u.id from admin_unit u join below b on u.parent_id = b.id),
       day(d) as (select case when valid_to < $3::date then valid_to when valid_from > $3::date then valid_from else $3::date end from admin_unit where id = $1),
       derived(id, unit_id, status) as (
         select c.id, c.unit_id, c.status from plan c join plan p on p.id = c.parent_plan_id
         where p.series_id = (select series_id from plan where id = $4)
         union all select c.id, c.unit_id, c.status from plan c join derived d on d.id = c.parent_plan_id)
     select u.id, u.parent_id from admin_unit u, day
     where u.id in (select id from below) and u.id = any($2::int[])
       and (((u.valid_from is null or u.valid_from <= day.d) and (u.valid_to is null or u.valid_to >= day.d))
         or u.id in (select unit_id from derived where status <> 'REVOKED'))`,
    [issuerId, subtreeOf.get(actor), on, planId],
  );
  return { all: sortNum(rows.map((r) => r.id)), children: sortNum(rows.filter((r) => r.parent_id === issuerId).map((r) => r.id)) };
}

const MY_WORK_QUERY = `{ myWork {
  plansToDerive(first: 50) { totalCount nodes { id unit { id } } }
  plansToApprove(first: 50) { totalCount nodes { id } }
  upstreamChanges(first: 50) { totalCount nodes { pendingChanges plan { id unit { id } } amendment { id status } } }
  reportsDue(first: 50) { totalCount nodes { id unit { id } } }
  reportsToAccept(first: 50) { totalCount nodes { id report { id status } } } } }`;

const PLAN_PAGE = `nodes { id } edges { cursor node { id } } pageInfo { hasNextPage endCursor } totalCount`;
const PLANS_QUERY = `query($filter: PlanFilter, $after: String) { plans(first: 100, after: $after, filter: $filter) { ${PLAN_PAGE} } }`;

/* --------------------------------------------------------------- the matrix */

interface Run {
  role: Role;
  actor: TreeKey;
  target: Issuer;
  position: Position;
  plan: FixturePlan | null;
  as: Caller | undefined;
}
interface Fx {
  plan?: FixturePlan;
  [k: string]: unknown;
}
interface Op {
  name: string;
  /** Schema coordinates this operation exercises (checked against the built schema). */
  covers: string[];
  /** plan: one case per fixture plan of the target unit; unit: per target unit; actor: per acting unit. */
  kind: 'plan' | 'unit' | 'actor';
  variants?: Variant[];
  write: boolean;
  expected: Rule;
  /** Prepares a case; `ok` tells whether the write must succeed (then it may need a plan of its own). */
  fixture?: (run: Run, ok: boolean) => Promise<Fx>;
  exec: (run: Run, fx: Fx) => Promise<GqlResult>;
  /** Runs only when the expected outcome is OK. */
  verify?: (run: Run, fx: Fx, r: GqlResult) => Promise<void>;
  /** The entity a successful write records in the audit trail (the plan by default). */
  audited?: (fx: Fx, r: GqlResult) => string;
  /** A write that is not an audited act (marking notices read). */
  unaudited?: true;
  /** Its entity type (Plan by default). */
  auditType?: 'Plan' | 'Report';
}

const gql = (run: Run, document: string, variables: Record<string, unknown> = {}) => env.gql(document, variables, run.as);
const mutation = (run: Run, name: string, inputType: string, input: Record<string, unknown>, selection: string) =>
  gql(run, `mutation($i: ${inputType}!) { ${name}(input: $i) { ${selection} } }`, { i: input });

/** Plan ids a caller may be shown in a link: the linked plan when visible, null otherwise. */
function expectedLink(actor: TreeKey, link: { issuer: Issuer; status: Status } | null, id: string | null) {
  return link && id && readableBy(actor, link.issuer, link.status) ? { id } : null;
}

async function expectPlanList(run: Run, filter: Record<string, unknown>, expected: string[], first: GqlResult) {
  const { nodes, totalCount } = await walkPages(
    (after) => gql(run, PLANS_QUERY, { filter, after }),
    (d) => d.plans,
    first,
  );
  expect(sortIds(nodes.map((n) => n.id))).toEqual(sortIds(expected));
  expect(totalCount).toBe(expected.length);
  // Edges carry the same plans as nodes.
  expect((first.data!.plans.edges as { node: { id: string } }[]).map((e) => e.node.id)).toEqual(
    (first.data!.plans.nodes as { id: string }[]).map((n) => n.id),
  );
  const leaked = nodes.map((n) => n.id).filter((id) => !expected.includes(id));
  expect(leaked, 'invisible plans in the list').toEqual([]);
}

const PLAN_READ = `query($id: String!) { plan(id: $id) {
  id status unit { id } parentPlan { id } amendsPlan { id }
  nodes { id derivedFromNodeId } legalBases { id refPlanId } targets { id derivedFromTargetId allocations { unitId } }
  phases { id } milestones { id } signature { signerName } checks { rule nodeId }
  history(first: 100) { totalCount nodes { entityType entityId } }
  upstreamChanges { upstreamNodeId kind decision childNodeIds }
  cascade(first: 100, filter: { depth: ALL }) { totalCount pageInfo { hasNextPage } nodes { unit { id } depth status plan { id status } } }
  children: cascade(first: 100) { totalCount nodes { unit { id } } }
  cascadeSummary(depth: ALL) { units withPlan byStatus { status count } }
  coverageMatrix(first: 100, depth: ALL) { totalUnits hasNextPage units { id } cells { unitId } }
  planned: coverageMatrix(first: 100, depth: ALL, onlyWithPlan: true) { totalUnits units { id } cells { unitId } }
} }`;

/** The plan node ids of a plan, from the database. */
async function nodeIdsOf(planId: string | null): Promise<string[]> {
  if (!planId) return [];
  return (await query(`select id from plan_node where plan_id = $1`, [planId])).rows.map((r) => r.id as string);
}

/** A content edit of a draft: on the shared plan (it stays a draft), or on a part created for the case. */
const contentOp = (o: {
  name: string;
  inputType: string;
  selection: string;
  /** The payload type when the selection reads its `plan`. */
  payload?: 'NodePayload' | 'DeletePayload';
  fixture: (run: Run, ok: boolean) => Promise<Fx>;
  input: (fx: Fx) => Record<string, unknown>;
  verify: (fx: Fx, r: GqlResult) => Promise<void>;
}): Op => ({
  name: o.name,
  covers: [`Mutation.${o.name}`, ...(o.payload ? [`${o.payload}.plan`] : [])],
  kind: 'plan',
  variants: WRITE_VARIANTS,
  write: true,
  expected: R.write('editor', inState.draft),
  fixture: o.fixture,
  exec: (run, fx) => mutation(run, o.name, o.inputType, o.input(fx), o.selection),
  verify: (_run, fx, r) => o.verify(fx, r),
});

/** A part of the plan to delete: a fresh one when the delete must succeed, the shared one otherwise. */
const partFixture =
  (table: 'target' | 'phase' | 'milestone', create: (planId: string) => Promise<string>) =>
  async (run: Run, ok: boolean): Promise<Fx> => {
    const plan = run.plan!;
    const id = ok ? await create(plan.id) : plan[table];
    const version = await scalar<number>(`select version from plan_${table} where id = $1`, [id]);
    return { plan, id, version };
  };
async function editorCall(planId: string, name: string, inputType: string, input: Record<string, unknown>, selection: string) {
  const unitId = await scalar<number>(`select unit_id from plan where id = $1`, [planId]);
  const key = (Object.keys(ids) as TreeKey[]).find((k) => ids[k] === unitId)!;
  return call(await editorOf(key), name, inputType, input, selection);
}
/** A fresh transition target when the transition must succeed (it changes the status). */
const transitionFixture = async (run: Run, ok: boolean): Promise<Fx> => {
  const plan = ok ? await freshCopy(run.plan!.facts) : run.plan!;
  return { plan, version: await planVersion(plan.id) };
};
const statusOf = (id: string) => scalar<string>(`select status from plan where id = $1`, [id]);

const IMPORT_TEXT = [
  'ỦY BAN NHÂN DÂN',
  'KẾ HOẠCH',
  'Tuyên truyền phòng, chống ma túy năm 2024',
  'I. MỤC ĐÍCH, YÊU CẦU',
  '1. Nâng cao nhận thức của nhân dân về tác hại của ma túy.',
  'II. NHIỆM VỤ',
  '1. Công an chủ trì tuyên truyền thường xuyên.',
].join('\n');

/* ------------------------------------------------------ report fixtures */

/** Report statuses a fixture report of each reporting unit is in. */
type ReportFixtureStatus = 'DRAFT' | 'SUBMITTED';
const OWN_OR_BELOW_P: ReadonlySet<Position> = new Set(['self', 'child', 'grandchild']);
/** Reports go up (docs/REPORTS.md): the unit's own in any status, a unit below's once submitted. */
const reportVisible = (p: Position, s: ReportFixtureStatus) => p === 'self' || (s === 'SUBMITTED' && (p === 'child' || p === 'grandchild'));
const RR = {
  read:
    (s: ReportFixtureStatus): Rule =>
    ({ role, position }) =>
      role === 'ANON' ? 'UNAUTHENTICATED' : reportVisible(position, s) ? 'OK' : 'NOT_FOUND',
  /** Editing a draft (tasks, figures, text) or correcting a submitted report: editors of the reporting unit. */
  edit:
    (s: ReportFixtureStatus): Rule =>
    ({ role, position }) => {
      if (role === 'ANON') return 'UNAUTHENTICATED';
      if (role === 'APIKEY_VIEWER') return 'FORBIDDEN';
      if (!reportVisible(position, s)) return 'NOT_FOUND';
      return position === 'self' && isEditor(role) ? 'OK' : 'FORBIDDEN';
    },
  /** Submitting: a person, approver of the reporting unit. */
  submit: ({ role, position }: CaseFacts): Outcome => {
    if (role === 'ANON') return 'UNAUTHENTICATED';
    if (isApiKey(role)) return 'FORBIDDEN';
    if (!reportVisible(position, 'DRAFT')) return 'NOT_FOUND';
    return position === 'self' && role === 'APPROVER' ? 'OK' : 'FORBIDDEN';
  },
  /** Accepting or returning: a person, approver of the unit the report is owed to (the reporting unit's parent). */
  decide: ({ role, position }: CaseFacts): Outcome => {
    if (role === 'ANON') return 'UNAUTHENTICATED';
    if (isApiKey(role)) return 'FORBIDDEN';
    if (!reportVisible(position, 'SUBMITTED')) return 'NOT_FOUND';
    return position === 'child' && role === 'APPROVER' ? 'OK' : 'FORBIDDEN';
  },
  /** A report on an obligation of the target unit: obligations are seen from the unit and above; its editors write it. */
  create: ({ role, position }: CaseFacts): Outcome => {
    if (role === 'ANON') return 'UNAUTHENTICATED';
    if (role === 'APIKEY_VIEWER') return 'FORBIDDEN';
    if (!OWN_OR_BELOW_P.has(position)) return 'NOT_FOUND';
    return position === 'self' && isEditor(role) ? 'OK' : 'FORBIDDEN';
  },
};

/**
 * Reports of the reporting units (the city and Bát Xát to the province, Phường Lào Cai to the
 * city): per unit a shared draft and a shared submitted report that refused cases address, one
 * obligation without a report, and a pool of obligations for the cases that succeed (each writes
 * on a report of its own). The province owes nothing here: its cases address an id of nothing.
 */
const reportFixtures = {
  milestone: '',
  shared: new Map<string, string>(),
  free: new Map<string, string>(),
  pool: new Map<TreeKey, string[]>(),
};
const sharedReport = (unit: TreeKey, s: ReportFixtureStatus) => reportFixtures.shared.get(`${unit}:${s}`) ?? NO_SUCH;
const freeObligation = (unit: TreeKey) => reportFixtures.free.get(unit) ?? NO_SUCH;
function freshObligation(unit: TreeKey): string {
  const next = reportFixtures.pool.get(unit)?.shift();
  if (!next) throw new Error(`no obligation left for ${unit}`);
  return next;
}
async function newReport(unit: TreeKey, s: ReportFixtureStatus): Promise<string> {
  const r = await call(
    await editorOf(unit),
    'createReport',
    'CreateReportInput',
    { obligationId: freshObligation(unit) },
    'report { id version }',
  );
  if (s === 'SUBMITTED') {
    // A figure, so that the submitted report counts in the roll-up (reportFigures, reportTrend).
    const figure = (
      await query(`select target_id, version from report_figure where report_id = $1 order by position limit 1`, [r.report.id])
    ).rows[0];
    if (figure) {
      await call(
        await editorOf(unit),
        'updateReportFigure',
        'UpdateReportFigureInput',
        { reportId: r.report.id, targetId: figure.target_id, version: figure.version, periodValue: '1', cumulativeValue: '1' },
        'figure { id }',
      );
    }
    await call(
      await approverOf(unit),
      'submitReport',
      'ReportTransitionInput',
      { reportId: r.report.id, version: r.report.version },
      'report { id }',
    );
  }
  return r.report.id;
}
const reportFixture =
  (s: ReportFixtureStatus) =>
  async (run: Run, ok: boolean): Promise<Fx> => ({ reportId: ok ? await newReport(run.target, s) : sharedReport(run.target, s) });
const reportVersion = async (id: string) => (await scalar<number>(`select version from report where id = $1`, [id])) ?? 1;
async function reportPart(reportId: string, table: 'report_task' | 'report_figure') {
  const row = (await query(`select * from ${table} where report_id = $1 order by position limit 1`, [reportId])).rows[0];
  return row ?? { id: NO_SUCH, target_id: NO_SUCH, version: 1 };
}
/** A figures table (.xlsx, base64) setting the report's first figure of the period to 7. */
async function figuresFile(reportId: string): Promise<string> {
  const f = (
    await query(
      `select f.metric || ' (' || f.unit_of_measure || ')' heading, u.name from report_figure f join report r on r.id = f.report_id
       join admin_unit u on u.id = r.unit_id where f.report_id = $1 order by f.position limit 1`,
      [reportId],
    )
  ).rows[0] ?? { heading: 'chỉ tiêu', name: 'đơn vị' };
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Số liệu');
  ws.addRow(['Đơn vị', f.heading]);
  ws.addRow([f.name, 7]);
  return Buffer.from(await wb.xlsx.writeBuffer()).toString('base64');
}
const OBLIGATIONS_QUERY = `query($unitId: String, $after: String) { reportObligations(unitId: $unitId, first: 100, after: $after) {
  nodes { id status } edges { cursor node { id } } pageInfo { hasNextPage endCursor } totalCount } }`;
const OWED_QUERY = `query($owedTo: String, $after: String) { reportObligations(owedToUnitId: $owedTo, statuses: [SUBMITTED], first: 100, after: $after) {
  nodes { id status } edges { cursor node { id } } pageInfo { hasNextPage endCursor } totalCount } }`;
const ROLLUP_QUERY = `query($m: String!, $after: String) { reportRollup(milestoneId: $m, depth: ALL, first: 100, after: $after) {
  nodes { obligation { id } targets { targetId } } edges { cursor node { obligation { id } } } pageInfo { hasNextPage endCursor } totalCount } }`;

const FIGURES_QUERY = `query($unitId: String, $after: String) { reportFigures(filter: { unitId: $unitId }, first: 100, after: $after) {
  nodes { obligationId targetId unit { id } } edges { cursor node { obligationId } } pageInfo { hasNextPage endCursor } totalCount } }`;
const TREND_QUERY = `query($planId: String!) { reportTrend(planId: $planId) {
  periods { milestoneId units reported } targets { targetId allocated points { achieved unitsReporting } } } }`;
const CASCADE_REPORTS_QUERY = `query($id: String!, $m: String!) { plan(id: $id) { cascade(first: 100, filter: { depth: ALL }) {
  pageInfo { hasNextPage } nodes { unit { id } reportObligation(milestoneId: $m) { id report { id } } } } } }`;

/** A plan of `issuer` with `milestones` reporting milestones, issued: its units below owe as many reports. */
async function reportingPlan(issuer: TreeKey, milestones: number): Promise<string> {
  const b = await buildDraft(issuer);
  for (let i = 1; i < milestones; i++) {
    await call(
      await editorOf(issuer),
      'saveMilestone',
      'SaveMilestoneInput',
      { planId: b.id, kind: 'RESULT_REPORT', title: `Báo cáo kết quả lần ${i + 1}`, dueDate: '2024-12-20' },
      'milestone { id }',
    );
  }
  await issue(issuer, b.id, '2024-08-20');
  return b.id;
}

async function buildReportFixtures() {
  const province = await reportingPlan('laocai', 18);
  const city = await reportingPlan('tplaocai', 3);
  reportFixtures.milestone = await scalar(`select id from plan_milestone where plan_id = $1 order by position limit 1`, [province]);
  for (const [unit, plan] of [
    ['tplaocai', province],
    ['batxat', province],
    ['phuonglaocai', city],
  ] as const) {
    const { rows } = await query(
      `select o.id from report_obligation o join plan_milestone m on m.id = o.milestone_id where o.plan_id = $1 and o.unit_id = $2 order by m.position`,
      [plan, ids[unit]],
    );
    reportFixtures.pool.set(
      unit,
      rows.map((r) => r.id),
    );
    reportFixtures.shared.set(`${unit}:DRAFT`, await newReport(unit, 'DRAFT'));
    reportFixtures.shared.set(`${unit}:SUBMITTED`, await newReport(unit, 'SUBMITTED'));
    reportFixtures.free.set(unit, freshObligation(unit));
  }
}

const OPS: Op[] = [
  /* ------------------------------------------------------------ reads */
  {
    name: 'plan (+ every Plan field)',
    covers: [
      'Query.plan',
      'Plan.unit',
      'Plan.parentPlan',
      'Plan.amendsPlan',
      'Plan.nodes',
      'Plan.legalBases',
      'Plan.targets',
      'Plan.phases',
      'Plan.milestones',
      'Plan.signature',
      'Plan.checks',
      'Plan.history',
      'Plan.upstreamChanges',
      'Plan.cascade',
      'Plan.cascadeSummary',
      'Plan.coverageMatrix',
      'CascadeRow.plan',
    ],
    kind: 'plan',
    write: false,
    expected: R.read,
    exec: (run) => gql(run, PLAN_READ, { id: run.plan!.id }),
    verify: async (run, _fx, r) => {
      const fp = run.plan!;
      const p = r.data!.plan;
      const row = await planRow(fp.id);
      expect(row.status).toBe(fp.facts.status);
      expect(row.parent_plan_id).toBe(fp.parentId);
      expect(p).toMatchObject({ id: fp.id, status: fp.facts.status, unit: { id: String(ids[fp.facts.issuer]) } });
      // Links to other plans: present only when the linked plan is visible to the caller.
      expect(p.parentPlan).toEqual(expectedLink(run.actor, fp.facts.parent, fp.parentId));
      expect(p.amendsPlan).toEqual(expectedLink(run.actor, fp.facts.amends, fp.amendsId));
      const nodeIds = await nodeIdsOf(fp.id);
      expect(sortIds(p.nodes.map((n: { id: string }) => n.id))).toEqual(sortIds(nodeIds));
      const mine = new Set(nodeIds);
      expect(p.checks.filter((c: { nodeId: string | null }) => c.nodeId && !mine.has(c.nodeId))).toEqual([]);
      // Links to other rows name only rows the caller may see: the id when the linked plan is visible, null otherwise.
      const seen = new Set(await visiblePlanIds(run.actor));
      const nodeLinks = await query(
        `select n.id, n.derived_from_node_id as link, s.plan_id as "linkedPlan" from plan_node n left join plan_node s on s.id = n.derived_from_node_id where n.plan_id = $1`,
        [fp.id],
      );
      expect(Object.fromEntries(p.nodes.map((n: { id: string; derivedFromNodeId: string | null }) => [n.id, n.derivedFromNodeId]))).toEqual(
        Object.fromEntries(nodeLinks.rows.map((n) => [n.id, n.link && seen.has(n.linkedPlan) ? n.link : null])),
      );
      const targetLinks = await query(
        `select t.id, t.derived_from_target_id as link, s.plan_id as "linkedPlan" from plan_target t left join plan_target s on s.id = t.derived_from_target_id where t.plan_id = $1`,
        [fp.id],
      );
      expect(
        Object.fromEntries(p.targets.map((t: { id: string; derivedFromTargetId: string | null }) => [t.id, t.derivedFromTargetId])),
      ).toEqual(Object.fromEntries(targetLinks.rows.map((t) => [t.id, t.link && seen.has(t.linkedPlan) ? t.link : null])));
      const baseLinks = await query(`select id, ref_plan_id as link from plan_legal_basis where plan_id = $1`, [fp.id]);
      expect(Object.fromEntries(p.legalBases.map((b: { id: string; refPlanId: string | null }) => [b.id, b.refPlanId]))).toEqual(
        Object.fromEntries(baseLinks.rows.map((b) => [b.id, b.link && seen.has(b.link) ? b.link : null])),
      );
      const onChain = new Set([...subtreeOf.get(run.actor)!, ...aboveOf.get(run.actor)!].map(String));
      for (const t of p.targets)
        for (const a of t.allocations) if (a.unitId !== null) expect(onChain.has(a.unitId), `allocation names unit ${a.unitId}`).toBe(true);
      // History: every audit event of this plan, and only those.
      const events = await scalar<number>(`select count(*)::int from audit_event where entity_type = 'Plan' and entity_id = $1`, [fp.id]);
      expect(p.history.totalCount).toBe(events);
      expect(p.history.nodes.every((e: { entityType: string; entityId: string }) => e.entityType === 'Plan' && e.entityId === fp.id)).toBe(
        true,
      );
      // Upstream changes: those the parent's amendment brought, with the decisions taken.
      const decided = await query(`select upstream_node_id, decision from plan_upstream_decision where plan_id = $1`, [fp.id]);
      const decisionOf = new Map(decided.rows.map((d) => [d.upstream_node_id as string, d.decision as string]));
      expect(sortIds(p.upstreamChanges.map((c: { upstreamNodeId: string }) => c.upstreamNodeId)), 'upstream changes').toEqual(
        sortIds(fp.upstream.map((u) => u.id)),
      );
      for (const c of p.upstreamChanges) {
        expect(c.kind).toBe(fp.upstream.find((u) => u.id === c.upstreamNodeId)!.kind);
        expect(c.decision).toBe(decisionOf.get(c.upstreamNodeId) ?? null);
        for (const n of c.childNodeIds) expect(mine.has(n), 'upstream change names a node of another plan').toBe(true);
      }
      // Cascade: units below the issuer, within the caller's own subtree, existing on the issue date.
      const on = row.issued_date ?? todayInVietnam();
      const expected = await expectedCascadeUnits(ids[fp.facts.issuer], run.actor, on, fp.id);
      const rows = p.cascade.nodes as { unit: { id: string }; status: string; plan: { id: string; status: string } | null }[];
      expect(p.cascade.pageInfo.hasNextPage).toBe(false);
      expect(sortNum(rows.map((x) => x.unit.id))).toEqual(expected.all);
      expect(p.cascade.totalCount).toBe(expected.all.length);
      expect(sortNum(p.children.nodes.map((x: { unit: { id: string } }) => x.unit.id))).toEqual(expected.children);
      expect(p.children.totalCount).toBe(expected.children.length);
      const subtree = new Set(subtreeOf.get(run.actor));
      expect(
        rows.filter((x) => !subtree.has(Number(x.unit.id))).map((x) => x.unit.id),
        'rows outside the caller subtree',
      ).toEqual([]);
      const linked = rows.filter((y) => y.plan);
      const units = await query(`select id, unit_id from plan where id = any($1::uuid[])`, [linked.map((x) => x.plan!.id)]);
      const unitOfPlan = new Map(units.rows.map((u) => [u.id as string, u.unit_id as number]));
      for (const x of linked) {
        expect(unitOfPlan.get(x.plan!.id)).toBe(Number(x.unit.id));
        expect(subtree.has(Number(x.unit.id)), 'a cascade row links an invisible plan').toBe(true);
      }
      // The summary counts exactly those rows; the matrix lists exactly those units.
      const s = p.cascadeSummary;
      expect(s.units).toBe(expected.all.length);
      expect(s.withPlan).toBe(rows.filter((x) => x.plan).length);
      const byStatus: Record<string, number> = {};
      for (const x of rows) byStatus[x.status] = (byStatus[x.status] ?? 0) + 1;
      expect(Object.fromEntries(s.byStatus.map((b: { status: string; count: number }) => [b.status, b.count]))).toEqual(byStatus);
      const m = p.coverageMatrix;
      expect(m.totalUnits).toBe(expected.all.length);
      expect(m.hasNextPage).toBe(false);
      expect(sortNum(m.units.map((u: { id: string }) => u.id))).toEqual(expected.all);
      expect(m.cells.filter((c: { unitId: string }) => !expected.all.includes(Number(c.unitId)))).toEqual([]);
      // Only the units with a plan: the rows that link one, nothing more.
      const planned = sortNum(linked.map((x) => x.unit.id));
      expect(p.planned.totalUnits).toBe(planned.length);
      expect(sortNum(p.planned.units.map((u: { id: string }) => u.id))).toEqual(planned);
      expect(p.planned.cells.filter((c: { unitId: string }) => !planned.includes(Number(c.unitId)))).toEqual([]);
    },
  },
  {
    name: 'planChecks',
    covers: ['Query.planChecks'],
    kind: 'plan',
    write: false,
    expected: R.read,
    exec: (run) =>
      gql(
        run,
        `query($id: String!) { planChecks(planId: $id) { rule severity nodeId targetId date limitDate periodStart periodEnd
          allocated total unitOfMeasure phaseName citedAs { documentType number date } } }`,
        { id: run.plan!.id },
      ),
    verify: async (run, _fx, r) => {
      const mine = new Set(await nodeIdsOf(run.plan!.id));
      expect(Array.isArray(r.data!.planChecks)).toBe(true);
      expect(r.data!.planChecks.filter((c: { nodeId: string | null }) => c.nodeId && !mine.has(c.nodeId))).toEqual([]);
    },
  },
  {
    name: 'planDiff',
    covers: ['Query.planDiff', 'PlanDiff.plan', 'PlanDiff.parentPlan'],
    kind: 'plan',
    write: false,
    expected: R.diff,
    exec: (run) =>
      gql(
        run,
        `query($id: String!) { planDiff(planId: $id) { plan { id } parentPlan { id } counts { inherited adapted local omitted }
           entries { status node { id } parentNode { id } } } }`,
        { id: run.plan!.id },
      ),
    verify: async (run, _fx, r) => {
      const fp = run.plan!;
      const d = r.data!.planDiff;
      expect(d.plan).toEqual({ id: fp.id });
      const parent = expectedLink(run.actor, fp.facts.parent, fp.parentId);
      expect(d.parentPlan).toEqual(parent);
      const mine = new Set(await nodeIdsOf(fp.id));
      const theirs = new Set(await nodeIdsOf(parent?.id ?? null));
      for (const e of d.entries) {
        if (e.node) expect(mine.has(e.node.id)).toBe(true);
        if (e.parentNode) expect(theirs.has(e.parentNode.id), 'a node of an invisible parent plan').toBe(true);
      }
      const c = d.counts;
      expect(c.inherited + c.adapted + c.local + c.omitted).toBe(d.entries.length);
    },
  },
  {
    name: 'derivationPreview',
    covers: ['Query.derivationPreview', 'DerivationPreview.parentPlan', 'DerivationPreview.existingPlan', 'DerivationPreview.unit'],
    kind: 'plan',
    variants: WRITE_VARIANTS,
    write: false,
    expected: R.derive(true),
    exec: (run) =>
      gql(
        run,
        `query($p: String!) { derivationPreview(parentPlanId: $p) { parentPlan { id } unit { id } existingPlan { id } nodeCount } }`,
        {
          p: run.plan!.id,
        },
      ),
    verify: async (run, _fx, r) => {
      const d = r.data!.derivationPreview;
      expect(d.parentPlan).toEqual({ id: run.plan!.id });
      expect(d.unit).toEqual({ id: String(ids[run.actor]) });
      expect(d.nodeCount).toBe((await nodeIdsOf(run.plan!.id)).length);
      // The plan the unit already derived from this series, if any (the preview shows it).
      const existing = alreadyDerived(run.actor, run.plan!.facts)
        ? run.actor === 'batxat'
          ? siblingDerivedId
          : planOf('tplaocai', 'DERIVED').id
        : null;
      expect(d.existingPlan).toEqual(existing ? { id: existing } : null);
    },
  },
  {
    name: 'plans(filter.search: the plan title)',
    covers: ['Query.plans', 'PlanConnection.nodes', 'PlanConnection.edges', 'PlanEdge.node'],
    kind: 'plan',
    write: false,
    expected: R.signedIn,
    exec: (run) => gql(run, PLANS_QUERY, { filter: { search: run.plan!.token } }),
    verify: async (run, _fx, r) => {
      const expected = await visiblePlanIds(run.actor, `p.title like '%' || $3 || '%'`, [run.plan!.token]);
      expect(expected.includes(run.plan!.id)).toBe(readable(run.position, run.plan!.facts.status));
      await expectPlanList(run, { search: run.plan!.token }, expected, r);
    },
  },
  {
    name: 'plans(filter.unitId)',
    covers: ['Query.plans'],
    kind: 'unit',
    write: false,
    expected: R.signedIn,
    exec: (run) => gql(run, PLANS_QUERY, { filter: { unitId: String(ids[run.target]) } }),
    verify: async (run, _fx, r) => {
      const expected = await visiblePlanIds(run.actor, `p.unit_id = $3`, [ids[run.target]]);
      if (!ON_CHAIN.has(run.position)) expect(expected).toEqual([]);
      await expectPlanList(run, { unitId: String(ids[run.target]) }, expected, r);
    },
  },
  ...(['ALL', 'OWN', 'FROM_ABOVE', 'FROM_BELOW'] as const).map(
    (scope): Op => ({
      name: `plans(scope: ${scope})`,
      covers: ['Query.plans'],
      kind: 'actor',
      write: false,
      expected: R.signedIn,
      exec: (run) => gql(run, PLANS_QUERY, { filter: { scope } }),
      verify: async (run, _fx, r) => {
        const me = ids[run.actor];
        const where = {
          ALL: 'true',
          OWN: 'p.unit_id = $3',
          FROM_ABOVE: 'p.unit_id = any($2::int[]) and $3 = $3',
          FROM_BELOW: 'p.unit_id = any($1::int[]) and p.unit_id <> $3',
        }[scope];
        const expected = await visiblePlanIds(run.actor, where, scope === 'ALL' ? [] : [me]);
        await expectPlanList(run, { scope }, expected, r);
      },
    }),
  ),
  // The portal's desk (issue 14): drafts waiting for approval in the own unit, plans issued above.
  ...(
    [
      ['OWN', ['IN_REVIEW'], 'p.unit_id = $3'],
      ['FROM_ABOVE', ['ISSUED'], 'p.unit_id = any($2::int[]) and $3 = $3'],
    ] as const
  ).map(
    ([scope, statuses, where]): Op => ({
      name: `plans(scope: ${scope}, statuses: [${statuses.join(', ')}]) — the desk`,
      covers: ['Query.plans'],
      kind: 'actor',
      write: false,
      expected: R.signedIn,
      exec: (run) => gql(run, PLANS_QUERY, { filter: { scope, statuses } }),
      verify: async (run, _fx, r) => {
        const expected = await visiblePlanIds(run.actor, `${where} and p.status = any($4::text[])`, [ids[run.actor], statuses]);
        await expectPlanList(run, { scope, statuses }, expected, r);
      },
    }),
  ),

  // Notices (docs/NOTIFICATIONS.md): a user reads its own unit's, never another unit's — above,
  // below or beside; an API key has none; each user's reading is their own.
  {
    name: 'notifications',
    covers: ['Query.notifications', 'Notification.plan', 'Notification.fromUnit', 'Notification.obligation', 'Notification.report'],
    kind: 'actor',
    write: false,
    expected: R.signedIn,
    exec: (run) =>
      gql(
        run,
        `{ notifications(first: 100) { totalCount nodes { id kind read plan { id } fromUnit { id } obligation { id unit { id } } report { id unit { id } } } } }`,
      ),
    verify: async (run, _fx, r) => {
      // A notice for the unit's approvers (a report submitted to it) is theirs only.
      const expected = run.role.startsWith('APIKEY')
        ? []
        : (
            await env.db.query(`select id from notification where unit_id = $1 and (for_role is null or for_role = $2)`, [
              ids[run.actor],
              run.role,
            ])
          ).rows.map((x) => x.id as string);
      expect(expected.length > 0 || run.role.startsWith('APIKEY')).toBe(true);
      const nodes = r.data!.notifications.nodes as { id: string; plan: { id: string } | null; fromUnit: { id: string } | null }[];
      expect(sortIds(nodes.map((n) => n.id))).toEqual(sortIds(expected));
      expect(r.data!.notifications.totalCount).toBe(expected.length);
      // A report notice names an obligation and a report in the caller's sight: its own unit's or one below.
      const own = new Set(subtreeOf.get(run.actor)!.map(String));
      for (const n of r.data!.notifications.nodes as {
        obligation: { unit: { id: string } } | null;
        report: { unit: { id: string } } | null;
      }[]) {
        if (n.obligation) expect(own.has(n.obligation.unit.id)).toBe(true);
        if (n.report) expect(own.has(n.report.unit.id)).toBe(true);
      }
    },
  },
  {
    name: 'unreadNotificationCount',
    covers: ['Query.unreadNotificationCount'],
    kind: 'actor',
    write: false,
    expected: R.signedIn,
    exec: (run) => gql(run, `{ unreadNotificationCount }`),
    verify: async (run, _fx, r) => {
      const expected = run.role.startsWith('APIKEY')
        ? 0
        : Number(
            (
              await env.db.query(
                `select count(*) n from notification n where n.unit_id = $1 and (n.for_role is null or n.for_role = $3) and not exists (
                   select 1 from notification_read r join app_user u on u.id = r.user_id where r.notification_id = n.id and u.username = $2)`,
                [ids[run.actor], `${run.actor}.${run.role.toLowerCase()}`, run.role],
              )
            ).rows[0].n,
          );
      expect(r.data!.unreadNotificationCount).toBe(expected);
    },
  },
  {
    name: 'markNotificationsRead (a notice of another unit is not marked)',
    covers: ['Mutation.markNotificationsRead'],
    kind: 'actor',
    write: true,
    expected: ({ role }) => (role === 'ANON' ? 'UNAUTHENTICATED' : role.startsWith('APIKEY') ? 'FORBIDDEN' : 'OK'),
    fixture: async (run) => {
      const own = (await env.db.query(`select id from notification where unit_id = $1 and for_role is null limit 1`, [ids[run.actor]]))
        .rows[0].id as string;
      const other = (await env.db.query(`select id from notification where unit_id <> $1 limit 1`, [ids[run.actor]])).rows[0].id as string;
      return { own, other };
    },
    exec: (run, fx) => mutation(run, 'markNotificationsRead', 'MarkNotificationsReadInput', { ids: [fx.own, fx.other] }, 'marked unread'),
    verify: async (run, fx) => {
      const readers = await env.db.query(
        `select r.notification_id as id from notification_read r join app_user u on u.id = r.user_id where u.username = $1`,
        [`${run.actor}.${run.role.toLowerCase()}`],
      );
      const read = readers.rows.map((x) => x.id as string);
      expect(read).toContain(fx.own);
      expect(read).not.toContain(fx.other);
    },
    unaudited: true,
  },

  // The desk (docs/REPORTS.md, "The desk"): people only; each list for the role that acts on it,
  // of the caller's own unit — the superior's plans it is to derive, its own drafts, plans and
  // reports, the reports owed to it — never a sibling's, never more than the caller may read.
  {
    name: 'myWork — the desk',
    covers: [
      'Query.myWork',
      'MyWork.plansToDerive',
      'MyWork.plansToApprove',
      'MyWork.upstreamChanges',
      'MyWork.reportsDue',
      'MyWork.reportsToAccept',
      'MyWorkPlans.nodes',
      'PlanBehindUpstream.plan',
      'PlanBehindUpstream.amendment',
    ],
    kind: 'actor',
    write: false,
    expected: ({ role }) => (role === 'ANON' ? 'UNAUTHENTICATED' : isApiKey(role) ? 'FORBIDDEN' : 'OK'),
    exec: (run) => gql(run, MY_WORK_QUERY),
    verify: async (run, _fx, r) => {
      const w = r.data!.myWork;
      const me = ids[run.actor];
      const editor = run.role === 'EDITOR';
      const approver = run.role === 'APPROVER';
      const lists = {
        plansToDerive: editor,
        plansToApprove: approver,
        upstreamChanges: editor,
        reportsDue: editor || approver,
        reportsToAccept: approver,
      };
      for (const [name, shown] of Object.entries(lists)) expect(w[name] === null, `${run.actor}.${run.role} ${name}`).toBe(!shown);
      const today = todayInVietnam();
      const same = (list: { totalCount: number; nodes: { id: string }[] }, expected: string[]) => {
        expect(expected.length).toBeLessThanOrEqual(50); // the whole list fits in the page asked for
        expect(list.totalCount).toBe(expected.length);
        expect(sortIds(list.nodes.map((n) => n.id))).toEqual(sortIds(expected));
      };
      const idsOf = async (sql: string, params: unknown[]) => (await query(sql, params)).rows.map((x) => x.id as string);
      if (editor) {
        // Issued by the unit's direct superior on a day the unit existed; no plan of the unit from that series (revoked aside).
        same(
          w.plansToDerive,
          await idsOf(
            `select p.id from plan p join admin_unit me on me.parent_id = p.unit_id
             where me.id = $1 and p.status = 'ISSUED' and (me.valid_from is null or me.valid_from <= p.issued_date)
               and (me.valid_to is null or me.valid_to >= p.issued_date)
               and not exists (select 1 from plan c where c.unit_id = me.id and c.parent_series_id = p.series_id and c.status <> 'REVOKED')`,
            [me],
          ),
        );
        for (const p of w.plansToDerive.nodes) expect(Number(p.unit.id)).toBe(ids[parentOf(run.actor)!]);
        // The unit's plans following a superseded parent, with changes still undecided.
        const behind = await idsOf(
          `select p.id from plan p join plan par on par.id = p.parent_plan_id join plan_rollup r on r.plan_id = p.id
           where p.unit_id = $1 and p.status in ('DRAFT','IN_REVIEW','ISSUED') and par.status = 'SUPERSEDED' and r.upstream_pending > 0
             and not (p.status = 'ISSUED' and exists (select 1 from plan o where o.series_id = p.series_id and o.status in ('DRAFT','IN_REVIEW')))`,
          [me],
        );
        same(
          { totalCount: w.upstreamChanges.totalCount, nodes: w.upstreamChanges.nodes.map((n: { plan: { id: string } }) => n.plan) },
          behind,
        );
        for (const n of w.upstreamChanges.nodes) {
          expect(Number(n.plan.unit.id)).toBe(me);
          expect(n.pendingChanges).toBeGreaterThan(0);
          expect(n.amendment?.status).toBe('ISSUED');
        }
        if (run.actor === 'tplaocai') expect(behind).toContain(planOf('tplaocai', 'DERIVED').id);
      }
      if (approver) {
        same(w.plansToApprove, await idsOf(`select id from plan where unit_id = $1 and status = 'IN_REVIEW'`, [me]));
        // Reports owed to the unit whose latest version it can read is SUBMITTED (a draft correction is out of its sight).
        same(
          w.reportsToAccept,
          await idsOf(
            `select o.id from report_obligation o where o.issuer_unit_id = $1 and (
               select r.status from report r where r.obligation_id = o.id and r.status in ('SUBMITTED','ACCEPTED','RETURNED')
               order by r.version_no desc limit 1) = 'SUBMITTED'`,
            [me],
          ),
        );
        for (const o of w.reportsToAccept.nodes) expect(o.report.status).toBe('SUBMITTED');
      }
      if (editor || approver) {
        // The unit's own obligations of plans in force, due within 7 days or overdue, nothing submitted or accepted.
        same(
          w.reportsDue,
          await idsOf(
            `select o.id from report_obligation o join plan p on p.id = o.plan_id
             where o.unit_id = $1 and o.due_date <= $2::date + 7 and p.status in ('ISSUED','SUPERSEDED')
               and not exists (select 1 from report r where r.obligation_id = o.id and r.status in ('SUBMITTED','ACCEPTED'))`,
            [me, today],
          ),
        );
        for (const o of w.reportsDue.nodes) expect(Number(o.unit.id)).toBe(me);
      }
    },
  },

  /* ----------------------------------------------------------- writes */
  {
    name: 'createPlan',
    covers: ['Mutation.createPlan', 'PlanPayload.plan'],
    kind: 'unit',
    write: true,
    expected: R.createFor,
    fixture: async () => ({ title: `Kế hoạch mới ${rand()}` }),
    exec: (run, fx) =>
      mutation(
        run,
        'createPlan',
        'CreatePlanInput',
        { unitId: String(ids[run.target]), title: fx.title },
        'plan { id status unit { id } }',
      ),
    verify: async (run, fx, r) => {
      const p = r.data!.createPlan.plan;
      expect(p).toMatchObject({ status: 'DRAFT', unit: { id: String(ids[run.target]) } });
      expect(await planRow(p.id)).toMatchObject({ unit_id: ids[run.target], status: 'DRAFT' });
      expect(await scalar(`select title from plan where id = $1`, [p.id])).toBe(fx.title);
    },
    audited: (_fx, r) => r.data!.createPlan.plan.id,
  },
  {
    name: 'importPlan',
    covers: ['Mutation.importPlan', 'ImportPlanPayload.plan'],
    kind: 'unit',
    write: true,
    expected: R.createFor,
    exec: (run) =>
      mutation(
        run,
        'importPlan',
        'ImportPlanInput',
        { unitId: String(ids[run.target]), fileName: 'ke-hoach.txt', contentBase64: Buffer.from(IMPORT_TEXT).toString('base64') },
        'plan { id status unit { id } }',
      ),
    verify: async (run, _fx, r) => {
      const p = r.data!.importPlan.plan;
      expect(p).toMatchObject({ status: 'DRAFT', unit: { id: String(ids[run.target]) } });
      expect(await planRow(p.id)).toMatchObject({ unit_id: ids[run.target], status: 'DRAFT' });
      expect((await nodeIdsOf(p.id)).length).toBeGreaterThan(0);
    },
    audited: (_fx, r) => r.data!.importPlan.plan.id,
  },
  contentOp({
    name: 'updatePlanHeader',
    inputType: 'UpdatePlanHeaderInput',
    selection: 'plan { id title }',
    fixture: async (run) => ({
      plan: run.plan!,
      version: await planVersion(run.plan!.id),
      title: `Kế hoạch ma trận ${run.plan!.token} đã sửa ${rand()}`,
    }),
    input: (fx) => ({ planId: fx.plan!.id, version: fx.version, title: fx.title }),
    verify: async (fx, r) => {
      expect(r.data!.updatePlanHeader.plan).toEqual({ id: fx.plan!.id, title: fx.title });
      expect(await scalar(`select title from plan where id = $1`, [fx.plan!.id])).toBe(fx.title);
    },
  }),
  contentOp({
    name: 'setLegalBases',
    inputType: 'SetLegalBasesInput',
    selection: 'plan { id legalBases { number } }',
    fixture: async (run) => ({ plan: run.plan!, version: await planVersion(run.plan!.id) }),
    input: (fx) => ({
      planId: fx.plan!.id,
      version: fx.version,
      legalBases: [{ type: 'DIRECTIVE', number: '36-CT/TW', date: '2019-08-16', issuer: 'Bộ Chính trị' }],
    }),
    verify: async (fx, r) => {
      expect(r.data!.setLegalBases.plan.legalBases).toEqual([{ number: '36-CT/TW' }]);
      expect(await scalar(`select count(*)::int from plan_legal_basis where plan_id = $1`, [fx.plan!.id])).toBe(1);
    },
  }),
  contentOp({
    name: 'addNode',
    inputType: 'AddNodeInput',
    selection: 'node { id } plan { id }',
    payload: 'NodePayload',
    fixture: async (run) => ({ plan: run.plan!, text: `Đoạn bổ sung ${rand()}` }),
    input: (fx) => ({ planId: fx.plan!.id, kind: 'PARAGRAPH', text: fx.text }),
    verify: async (fx, r) => {
      expect(r.data!.addNode.plan).toEqual({ id: fx.plan!.id });
      const n = await query(`select plan_id, text from plan_node where id = $1`, [r.data!.addNode.node.id]);
      expect(n.rows).toEqual([{ plan_id: fx.plan!.id, text: fx.text }]);
    },
  }),
  contentOp({
    name: 'updateNode',
    inputType: 'UpdateNodeInput',
    selection: 'node { id text } plan { id }',
    payload: 'NodePayload',
    fixture: async (run) => ({
      plan: run.plan!,
      version: await scalar<number>(`select version from plan_node where id = $1`, [run.plan!.nodeA]),
      text: `NHIỆM VỤ TRỌNG TÂM ${rand()}`,
    }),
    input: (fx) => ({ nodeId: fx.plan!.nodeA, version: fx.version, text: fx.text }),
    verify: async (fx, r) => {
      expect(r.data!.updateNode).toEqual({ node: { id: fx.plan!.nodeA, text: fx.text }, plan: { id: fx.plan!.id } });
      expect(await scalar(`select text from plan_node where id = $1`, [fx.plan!.nodeA])).toBe(fx.text);
    },
  }),
  contentOp({
    name: 'moveNode',
    inputType: 'MoveNodeInput',
    selection: 'node { id parentId position } plan { id }',
    payload: 'NodePayload',
    fixture: async (run) => ({
      plan: run.plan!,
      version: await scalar<number>(`select version from plan_node where id = $1`, [run.plan!.nodeB]),
    }),
    input: (fx) => ({ nodeId: fx.plan!.nodeB, version: fx.version, parentId: fx.plan!.nodeA, afterNodeId: null }),
    verify: async (fx, r) => {
      expect(r.data!.moveNode.node).toEqual({ id: fx.plan!.nodeB, parentId: fx.plan!.nodeA, position: 0 });
      const n = await query(`select parent_id, position from plan_node where id = $1`, [fx.plan!.nodeB]);
      expect(n.rows[0]).toEqual({ parent_id: fx.plan!.nodeA, position: 0 });
    },
  }),
  contentOp({
    name: 'deleteNode',
    inputType: 'DeleteNodeInput',
    selection: 'deletedId plan { id }',
    payload: 'DeletePayload',
    fixture: async (run, ok) => {
      const plan = run.plan!;
      const id: string = ok
        ? (await editorCall(plan.id, 'addNode', 'AddNodeInput', { planId: plan.id, kind: 'PARAGRAPH', text: 'Đoạn sẽ xóa' }, 'node { id }'))
            .node.id
        : plan.nodeB;
      return { plan, id, version: await scalar<number>(`select version from plan_node where id = $1`, [id]) };
    },
    input: (fx) => ({ nodeId: fx.id, version: fx.version }),
    verify: async (fx, r) => {
      expect(r.data!.deleteNode).toEqual({ deletedId: fx.id, plan: { id: fx.plan!.id } });
      expect(await scalar(`select count(*)::int from plan_node where id = $1`, [fx.id])).toBe(0);
    },
  }),
  contentOp({
    name: 'saveTarget',
    inputType: 'SaveTargetInput',
    selection: 'target { id metric }',
    fixture: async (run) => ({ plan: run.plan!, metric: `số vụ bắt giữ ${rand()}` }),
    input: (fx) => ({ planId: fx.plan!.id, metric: fx.metric, unitOfMeasure: 'vụ', value: 3 }),
    verify: async (fx, r) => {
      const t = await query(`select plan_id, metric from plan_target where id = $1`, [r.data!.saveTarget.target.id]);
      expect(t.rows).toEqual([{ plan_id: fx.plan!.id, metric: fx.metric }]);
    },
  }),
  contentOp({
    name: 'deleteTarget',
    inputType: 'DeletePlanPartInput',
    selection: 'deletedId plan { id }',
    payload: 'DeletePayload',
    fixture: partFixture(
      'target',
      async (planId) =>
        (
          await editorCall(
            planId,
            'saveTarget',
            'SaveTargetInput',
            { planId, metric: 'chỉ tiêu sẽ xóa', unitOfMeasure: 'vụ', value: 1 },
            'target { id }',
          )
        ).target.id,
    ),
    input: (fx) => ({ id: fx.id, version: fx.version }),
    verify: async (fx, r) => {
      expect(r.data!.deleteTarget).toEqual({ deletedId: fx.id, plan: { id: fx.plan!.id } });
      expect(await scalar(`select count(*)::int from plan_target where id = $1`, [fx.id])).toBe(0);
    },
  }),
  contentOp({
    name: 'savePhase',
    inputType: 'SavePhaseInput',
    selection: 'phase { id name }',
    fixture: async (run) => ({ plan: run.plan!, name: `Giai đoạn ${rand()}` }),
    input: (fx) => ({ planId: fx.plan!.id, name: fx.name }),
    verify: async (fx, r) => {
      const t = await query(`select plan_id, name from plan_phase where id = $1`, [r.data!.savePhase.phase.id]);
      expect(t.rows).toEqual([{ plan_id: fx.plan!.id, name: fx.name }]);
    },
  }),
  contentOp({
    name: 'deletePhase',
    inputType: 'DeletePlanPartInput',
    selection: 'deletedId plan { id }',
    payload: 'DeletePayload',
    fixture: partFixture(
      'phase',
      async (planId) =>
        (await editorCall(planId, 'savePhase', 'SavePhaseInput', { planId, name: 'Giai đoạn sẽ xóa' }, 'phase { id }')).phase.id,
    ),
    input: (fx) => ({ id: fx.id, version: fx.version }),
    verify: async (fx, r) => {
      expect(r.data!.deletePhase).toEqual({ deletedId: fx.id, plan: { id: fx.plan!.id } });
      expect(await scalar(`select count(*)::int from plan_phase where id = $1`, [fx.id])).toBe(0);
    },
  }),
  contentOp({
    name: 'saveMilestone',
    inputType: 'SaveMilestoneInput',
    selection: 'milestone { id title }',
    fixture: async (run) => ({ plan: run.plan!, title: `Sơ kết ${rand()}` }),
    input: (fx) => ({ planId: fx.plan!.id, kind: 'INTERIM_REVIEW', title: fx.title, dueDate: '2024-10-15' }),
    verify: async (fx, r) => {
      const t = await query(`select plan_id, title from plan_milestone where id = $1`, [r.data!.saveMilestone.milestone.id]);
      expect(t.rows).toEqual([{ plan_id: fx.plan!.id, title: fx.title }]);
    },
  }),
  contentOp({
    name: 'deleteMilestone',
    inputType: 'DeletePlanPartInput',
    selection: 'deletedId plan { id }',
    payload: 'DeletePayload',
    fixture: partFixture(
      'milestone',
      async (planId) =>
        (
          await editorCall(
            planId,
            'saveMilestone',
            'SaveMilestoneInput',
            { planId, kind: 'FINAL_REVIEW', title: 'Tổng kết sẽ xóa' },
            'milestone { id }',
          )
        ).milestone.id,
    ),
    input: (fx) => ({ id: fx.id, version: fx.version }),
    verify: async (fx, r) => {
      expect(r.data!.deleteMilestone).toEqual({ deletedId: fx.id, plan: { id: fx.plan!.id } });
      expect(await scalar(`select count(*)::int from plan_milestone where id = $1`, [fx.id])).toBe(0);
    },
  }),
  {
    name: 'submitPlanForReview',
    covers: ['Mutation.submitPlanForReview'],
    kind: 'plan',
    variants: WRITE_VARIANTS,
    write: true,
    expected: R.write('editor', inState.draft),
    fixture: transitionFixture,
    exec: (run, fx) =>
      mutation(run, 'submitPlanForReview', 'PlanTransitionInput', { planId: fx.plan!.id, version: fx.version }, 'plan { id status }'),
    verify: async (_run, fx, r) => {
      expect(r.data!.submitPlanForReview.plan).toEqual({ id: fx.plan!.id, status: 'IN_REVIEW' });
      expect(await statusOf(fx.plan!.id)).toBe('IN_REVIEW');
    },
  },
  {
    name: 'returnPlanToDraft',
    covers: ['Mutation.returnPlanToDraft'],
    kind: 'plan',
    variants: WRITE_VARIANTS,
    write: true,
    expected: R.write('editorOrApprover', inState.inReview),
    fixture: transitionFixture,
    exec: (run, fx) =>
      mutation(
        run,
        'returnPlanToDraft',
        'PlanTransitionInput',
        { planId: fx.plan!.id, version: fx.version, reason: 'Cần bổ sung chỉ tiêu' },
        'plan { id status }',
      ),
    verify: async (_run, fx, r) => {
      expect(r.data!.returnPlanToDraft.plan).toEqual({ id: fx.plan!.id, status: 'DRAFT' });
      expect(await statusOf(fx.plan!.id)).toBe('DRAFT');
    },
  },
  {
    name: 'issuePlan',
    covers: ['Mutation.issuePlan'],
    kind: 'plan',
    variants: WRITE_VARIANTS,
    write: true,
    expected: R.write('approver', inState.inReview),
    fixture: transitionFixture,
    exec: (run, fx) =>
      mutation(
        run,
        'issuePlan',
        'IssuePlanInput',
        { planId: fx.plan!.id, version: fx.version, issuedDate: '2024-09-01', signature: { signerName: 'Nguyễn Văn Ký' } },
        'plan { id status number }',
      ),
    verify: async (_run, fx, r) => {
      expect(r.data!.issuePlan.plan).toMatchObject({ id: fx.plan!.id, status: 'ISSUED' });
      expect(r.data!.issuePlan.plan.number).toBeTruthy();
      expect(await statusOf(fx.plan!.id)).toBe('ISSUED');
    },
  },
  {
    name: 'revokePlan',
    covers: ['Mutation.revokePlan'],
    kind: 'plan',
    variants: WRITE_VARIANTS,
    write: true,
    expected: R.write('approver', inState.issued),
    fixture: transitionFixture,
    exec: (run, fx) =>
      mutation(
        run,
        'revokePlan',
        'PlanTransitionInput',
        { planId: fx.plan!.id, version: fx.version, reason: 'Thu hồi để thay thế' },
        'plan { id status }',
      ),
    verify: async (_run, fx, r) => {
      expect(r.data!.revokePlan.plan).toEqual({ id: fx.plan!.id, status: 'REVOKED' });
      expect(await statusOf(fx.plan!.id)).toBe('REVOKED');
    },
  },
  {
    name: 'amendPlan',
    covers: ['Mutation.amendPlan'],
    kind: 'plan',
    variants: WRITE_VARIANTS,
    write: true,
    expected: R.write('editor', inState.issued),
    fixture: transitionFixture,
    exec: (run, fx) =>
      mutation(run, 'amendPlan', 'AmendPlanInput', { planId: fx.plan!.id }, 'plan { id status versionNo amendsPlan { id } }'),
    verify: async (_run, fx, r) => {
      const p = r.data!.amendPlan.plan;
      expect(p).toMatchObject({ status: 'DRAFT', versionNo: 2, amendsPlan: { id: fx.plan!.id } });
      expect(await planRow(p.id)).toMatchObject({ amends_plan_id: fx.plan!.id, status: 'DRAFT' });
      expect(await statusOf(fx.plan!.id)).toBe('ISSUED');
    },
    audited: (_fx, r) => r.data!.amendPlan.plan.id,
  },
  {
    name: 'derivePlan',
    covers: ['Mutation.derivePlan'],
    kind: 'plan',
    variants: WRITE_VARIANTS,
    write: true,
    expected: R.derive(false),
    fixture: async (run, ok) => ({ plan: ok ? await freshCopy(run.plan!.facts) : run.plan! }),
    exec: (run, fx) =>
      mutation(run, 'derivePlan', 'DerivePlanInput', { parentPlanId: fx.plan!.id }, 'plan { id status unit { id } parentPlan { id } }'),
    verify: async (run, fx, r) => {
      const p = r.data!.derivePlan.plan;
      expect(p).toMatchObject({ status: 'DRAFT', unit: { id: String(ids[run.actor]) }, parentPlan: { id: fx.plan!.id } });
      expect(await planRow(p.id)).toMatchObject({ unit_id: ids[run.actor], parent_plan_id: fx.plan!.id, status: 'DRAFT' });
    },
    audited: (_fx, r) => r.data!.derivePlan.plan.id,
  },
  {
    name: 'setOmissionReason',
    covers: ['Mutation.setOmissionReason'],
    kind: 'plan',
    variants: WRITE_VARIANTS,
    write: true,
    expected: R.write('editor', inState.derivedDraft),
    fixture: async (run) => ({ plan: run.plan!, reason: `Không có cửa khẩu ${rand()}` }),
    exec: (run, fx) =>
      mutation(
        run,
        'setOmissionReason',
        'SetOmissionReasonInput',
        { planId: fx.plan!.id, sourceNodeId: fx.plan!.omittedSource ?? NO_SUCH, reason: fx.reason },
        'plan { id }',
      ),
    verify: async (_run, fx) => {
      const reason = await scalar(`select reason from plan_omission where plan_id = $1 and source_node_id = $2`, [
        fx.plan!.id,
        fx.plan!.omittedSource,
      ]);
      expect(reason).toBe(fx.reason);
    },
  },
  {
    // A sibling unit, the superior and an anonymous caller cannot omit; only the unit's editors, on its derived draft.
    name: 'omitNode',
    covers: ['Mutation.omitNode'],
    kind: 'plan',
    variants: WRITE_VARIANTS,
    write: true,
    expected: R.write('editor', inState.derivedDraft),
    fixture: async (run, ok) => {
      const plan = ok ? await freshCopy(run.plan!.facts) : run.plan!;
      const version = await scalar<number>(`select version from plan_node where id = $1`, [plan.nodeB]);
      return { plan, version, reason: `Địa phương đã có kế hoạch riêng ${rand()}` };
    },
    exec: (run, fx) =>
      mutation(
        run,
        'omitNode',
        'OmitNodeInput',
        { nodeId: fx.plan!.nodeB, version: fx.version, reason: fx.reason },
        'node { id provenance omission { reason } } plan { id }',
      ),
    verify: async (_run, fx, r) => {
      expect(r.data!.omitNode).toEqual({
        node: { id: fx.plan!.nodeB, provenance: 'OMITTED', omission: { reason: fx.reason } },
        plan: { id: fx.plan!.id },
      });
      expect(await scalar(`select provenance from plan_node where id = $1`, [fx.plan!.nodeB])).toBe('OMITTED');
      expect(
        await scalar(
          `select reason from plan_omission o join plan_node n on n.derived_from_node_id = o.source_node_id and n.plan_id = o.plan_id where n.id = $1`,
          [fx.plan!.nodeB],
        ),
      ).toBe(fx.reason);
    },
  },
  {
    name: 'restoreNode',
    covers: ['Mutation.restoreNode'],
    kind: 'plan',
    variants: WRITE_VARIANTS,
    write: true,
    expected: R.write('editor', inState.derivedDraft),
    fixture: async (run, ok) => {
      if (ok) {
        const plan = await freshCopy(run.plan!.facts);
        const v = await scalar<number>(`select version from plan_node where id = $1`, [plan.nodeB]);
        await editorCall(plan.id, 'omitNode', 'OmitNodeInput', { nodeId: plan.nodeB, version: v, reason: 'Tạm bỏ qua' }, 'node { id }');
        return { plan, nodeId: plan.nodeB, version: v + 1 };
      }
      const plan = run.plan!;
      // The shared derived draft's omitted node; any node elsewhere (the answer comes before the node's state).
      const nodeId =
        (await scalar<string>(`select id from plan_node where plan_id = $1 and provenance = 'OMITTED' limit 1`, [plan.id])) ?? plan.nodeB;
      return { plan, nodeId, version: await scalar<number>(`select version from plan_node where id = $1`, [nodeId]) };
    },
    exec: (run, fx) =>
      mutation(
        run,
        'restoreNode',
        'RestoreNodeInput',
        { nodeId: fx.nodeId, version: fx.version },
        'node { id provenance omission { reason } } plan { id }',
      ),
    verify: async (_run, fx, r) => {
      expect(r.data!.restoreNode).toEqual({ node: { id: fx.nodeId, provenance: 'INHERITED', omission: null }, plan: { id: fx.plan!.id } });
      expect(await scalar(`select provenance from plan_node where id = $1`, [fx.nodeId])).toBe('INHERITED');
    },
  },
  ...(['take', 'decline'] as const).map(
    (what): Op => ({
      name: `${what}UpstreamChange`,
      covers: [`Mutation.${what}UpstreamChange`, ...(what === 'take' ? ['TakeUpstreamPayload.plan'] : [])],
      kind: 'plan',
      variants: WRITE_VARIANTS,
      write: true,
      expected: R.write('editor', inState.derivedDraft),
      fixture: async (run, ok) => {
        const plan = run.plan!;
        if (!ok) return { plan, upstreamNodeId: plan.upstream[0]?.id ?? NO_SUCH };
        // Taking an added node never conflicts; declining a modified one leaves one pending.
        const decided = await query(`select upstream_node_id from plan_upstream_decision where plan_id = $1`, [plan.id]);
        const done = new Set(decided.rows.map((d) => d.upstream_node_id));
        const open = plan.upstream.filter((u) => u.kind === (what === 'take' ? 'ADDED' : 'MODIFIED') && !done.has(u.id));
        expect(open.length, 'an undecided upstream change is left for this case').toBeGreaterThan(what === 'take' ? 0 : 1);
        return { plan, upstreamNodeId: open[0].id };
      },
      exec: (run, fx) =>
        what === 'take'
          ? mutation(
              run,
              'takeUpstreamChange',
              'UpstreamDecisionInput',
              { planId: fx.plan!.id, upstreamNodeId: fx.upstreamNodeId },
              'applied conflicts { base } plan { id }',
            )
          : mutation(
              run,
              'declineUpstreamChange',
              'UpstreamDecisionInput',
              { planId: fx.plan!.id, upstreamNodeId: fx.upstreamNodeId, reason: 'Địa phương đã thực hiện' },
              'plan { id }',
            ),
      verify: async (_run, fx, r) => {
        if (what === 'take') expect(r.data!.takeUpstreamChange).toEqual({ applied: true, conflicts: [], plan: { id: fx.plan!.id } });
        const decision = await scalar(`select decision from plan_upstream_decision where plan_id = $1 and upstream_node_id = $2`, [
          fx.plan!.id,
          fx.upstreamNodeId,
        ]);
        expect(decision).toBe(what === 'take' ? 'TAKEN' : 'DECLINED');
      },
    }),
  ),

  /* ----------------------------------------------------------- reports (docs/REPORTS.md) */
  // The target is the reporting unit. Reports go up: a unit reads its own in any status and those
  // of the units below once submitted, never a draft; the Lào Cai province owes no report here, so
  // every case addressed to its "report" names nothing.
  {
    name: 'report (a draft)',
    covers: [
      'Query.report',
      'Report.unit',
      'Report.obligation',
      'Report.tasks',
      'Report.figures',
      'Report.subordinates',
      'Report.versions',
    ],
    kind: 'unit',
    write: false,
    expected: RR.read('DRAFT'),
    exec: (run) =>
      gql(
        run,
        `query($id: String!) { report(id: $id) { id status unit { id } obligation { id } tasks { id } figures { id } subordinates { expected } versions { id } } }`,
        {
          id: sharedReport(run.target, 'DRAFT'),
        },
      ),
    verify: async (run, _fx, r) => expect(r.data!.report).toMatchObject({ id: sharedReport(run.target, 'DRAFT'), status: 'DRAFT' }),
  },
  {
    name: 'report (submitted)',
    covers: ['Query.report', 'ReportObligation.report', 'ReportObligation.unit', 'ReportObligation.issuerUnit'],
    kind: 'unit',
    write: false,
    expected: RR.read('SUBMITTED'),
    exec: (run) =>
      gql(
        run,
        `query($id: String!) { report(id: $id) { id status versions { id status } obligation { id report { id } unit { id } issuerUnit { id } } } }`,
        {
          id: sharedReport(run.target, 'SUBMITTED'),
        },
      ),
    verify: async (run, _fx, r) => {
      const id = sharedReport(run.target, 'SUBMITTED');
      expect(r.data!.report).toMatchObject({
        id,
        status: 'SUBMITTED',
        versions: [{ id, status: 'SUBMITTED' }],
        obligation: { report: { id } },
      });
    },
  },
  {
    name: 'reportObligations(unitId)',
    covers: [
      'Query.reportObligations',
      'ReportObligationConnection.nodes',
      'ReportObligationConnection.edges',
      'ReportObligationEdge.node',
    ],
    kind: 'unit',
    write: false,
    expected: R.signedIn,
    exec: (run) => gql(run, OBLIGATIONS_QUERY, { unitId: String(ids[run.target]) }),
    verify: async (run, _fx, r) => {
      // Obligations of the actor's unit and below only; each draft shows as no report to a superior.
      const { rows } = await query(
        `select o.id, (select r.status from report r where r.obligation_id = o.id and r.status <> 'SUPERSEDED' order by r.version_no desc limit 1) status
         from report_obligation o where o.unit_id = $1 and o.unit_id = any($2::int[])`,
        [ids[run.target], subtreeOf.get(run.actor)],
      );
      const { nodes, totalCount } = await walkPages<{ id: string; status: string }>(
        (after) => gql(run, OBLIGATIONS_QUERY, { unitId: String(ids[run.target]), after }),
        (d) => d.reportObligations,
        r,
      );
      expect(sortIds(nodes.map((n) => n.id))).toEqual(sortIds(rows.map((x) => x.id)));
      expect(totalCount).toBe(rows.length);
      if (!OWN_OR_BELOW_P.has(run.position)) expect(rows).toEqual([]);
      for (const n of nodes) {
        const status = rows.find((x) => x.id === n.id)!.status ?? 'NONE';
        expect(n.status).toBe(status === 'DRAFT' && run.position !== 'self' ? 'NONE' : status);
      }
    },
  },
  {
    // The desk's filters (docs/REPORTS.md, "The portal"): what is owed to a unit, by status — never
    // more than the caller sees (its own unit and below), whichever unit it names.
    name: 'reportObligations(owedToUnitId, statuses)',
    covers: ['Query.reportObligations'],
    kind: 'unit',
    write: false,
    expected: R.signedIn,
    exec: (run) => gql(run, OWED_QUERY, { owedTo: String(ids[run.target]) }),
    verify: async (run, _fx, r) => {
      const { rows } = await query(
        `select o.id from report_obligation o
         where o.issuer_unit_id = $1 and o.unit_id = any($2::int[])
           and (select r.status from report r where r.obligation_id = o.id and r.status <> 'SUPERSEDED' order by r.version_no desc limit 1) = 'SUBMITTED'`,
        [ids[run.target], subtreeOf.get(run.actor)],
      );
      const { nodes, totalCount } = await walkPages<{ id: string; status: string }>(
        (after) => gql(run, OWED_QUERY, { owedTo: String(ids[run.target]), after }),
        (d) => d.reportObligations,
        r,
      );
      expect(sortIds(nodes.map((n) => n.id))).toEqual(sortIds(rows.map((x) => x.id)));
      expect(totalCount).toBe(rows.length);
      for (const n of nodes) expect(n.status).toBe('SUBMITTED');
    },
  },
  {
    name: 'reportRollup',
    covers: [
      'Query.reportRollup',
      'ReportRollupConnection.nodes',
      'ReportRollupConnection.edges',
      'ReportRollupEdge.node',
      'ReportRollupRow.obligation',
    ],
    kind: 'actor',
    write: false,
    expected: R.signedIn,
    exec: (run) => gql(run, ROLLUP_QUERY, { m: reportFixtures.milestone }),
    verify: async (run, _fx, r) => {
      const { rows } = await query(`select id from report_obligation where milestone_id = $1 and unit_id = any($2::int[])`, [
        reportFixtures.milestone,
        subtreeOf.get(run.actor),
      ]);
      const { nodes, totalCount } = await walkPages<{ id: string }>(
        (after) => gql(run, ROLLUP_QUERY, { m: reportFixtures.milestone, after }),
        (d) => ({ ...d.reportRollup, nodes: d.reportRollup.nodes.map((n: { obligation: { id: string } }) => n.obligation) }),
        r,
      );
      expect(sortIds(nodes.map((n) => n.id))).toEqual(sortIds(rows.map((x) => x.id)));
      expect(totalCount).toBe(rows.length);
    },
  },
  {
    name: 'reportRollupSummary',
    covers: ['Query.reportRollupSummary'],
    kind: 'actor',
    write: false,
    expected: R.signedIn,
    exec: (run) =>
      gql(run, `query($m: String!) { reportRollupSummary(milestoneId: $m) { units byCompliance { count } targets { targetId } } }`, {
        m: reportFixtures.milestone,
      }),
    verify: async (run, _fx, r) => {
      const n = await scalar<number>(`select count(*)::int from report_obligation where milestone_id = $1 and unit_id = any($2::int[])`, [
        reportFixtures.milestone,
        subtreeOf.get(run.actor),
      ]);
      expect(r.data!.reportRollupSummary.units).toBe(n);
    },
  },
  {
    // Integrators' figures (docs/REPORTS.md, "Figures for integrators"): only counted figures —
    // submitted or accepted reports, never a draft — of the caller's unit and below.
    name: 'reportFigures(filter.unitId)',
    covers: [
      'Query.reportFigures',
      'CountedFigureConnection.nodes',
      'CountedFigureConnection.edges',
      'CountedFigureEdge.node',
      'CountedFigure.unit',
    ],
    kind: 'unit',
    write: false,
    expected: R.signedIn,
    exec: (run) => gql(run, FIGURES_QUERY, { unitId: String(ids[run.target]) }),
    verify: async (run, _fx, r) => {
      const { rows } = await query(
        `select x.obligation_id || '|' || x.target_id as id from report_rollup x join report_obligation o on o.id = x.obligation_id
         where o.unit_id = $1 and o.unit_id = any($2::int[]) and (x.achieved_period is not null or x.achieved_cumulative is not null)`,
        [ids[run.target], subtreeOf.get(run.actor)],
      );
      const { nodes, totalCount } = await walkPages<{ id: string }>(
        (after) => gql(run, FIGURES_QUERY, { unitId: String(ids[run.target]), after }),
        (d) => ({
          ...d.reportFigures,
          nodes: d.reportFigures.nodes.map((n: { obligationId: string; targetId: string; unit: { id: string } }) => {
            expect(n.unit.id).toBe(String(ids[run.target]));
            return { id: `${n.obligationId}|${n.targetId}` };
          }),
        }),
        r,
      );
      expect(sortIds(nodes.map((n) => n.id))).toEqual(sortIds(rows.map((x) => x.id)));
      expect(totalCount).toBe(rows.length);
      // The reporting units' submitted fixtures count a figure: seen from the unit and above, never sideways.
      if (run.target !== 'laocai') expect(rows.length > 0).toBe(OWN_OR_BELOW_P.has(run.position));
    },
  },
  {
    name: 'reportTrend',
    covers: ['Query.reportTrend', 'ReportTrend.periods', 'ReportTrend.targets', 'ReportTrendTarget.points'],
    kind: 'plan',
    write: false,
    expected: R.read,
    exec: (run) => gql(run, TREND_QUERY, { planId: run.plan!.id }),
    verify: async (run, _fx, r) => {
      // The plan's reporting periods, with the units in the caller's subtree that owe each.
      const { rows } = await query(
        `select milestone_id as id, count(*)::int as n from report_obligation where plan_id = $1 and unit_id = any($2::int[]) group by 1`,
        [run.plan!.id, subtreeOf.get(run.actor)],
      );
      const t = r.data!.reportTrend;
      expect(Object.fromEntries(t.periods.map((p: { milestoneId: string; units: number }) => [p.milestoneId, p.units]))).toEqual(
        Object.fromEntries(rows.map((x) => [x.id, x.n])),
      );
      for (const target of t.targets) expect(target.points).toHaveLength(t.periods.length);
    },
  },
  {
    // The cascade's report column (docs/REPORTS.md, "The cascade"): each row's obligation on the
    // plan's milestone, and its report only as the caller reads it (a draft only by its unit).
    name: 'cascade with each unit’s report on a milestone',
    covers: ['Plan.cascade', 'CascadeRow.reportObligation', 'ReportObligation.report'],
    kind: 'plan',
    write: false,
    expected: R.read,
    exec: (run) => gql(run, CASCADE_REPORTS_QUERY, { id: run.plan!.id, m: run.plan!.milestone }),
    verify: async (run, _fx, r) => {
      const { rows } = await query(
        `with recursive tree as (
           select id from report_obligation where milestone_id = $1
           union all select c.id from report_obligation c join tree on c.parent_obligation_id = tree.id)
         select o.unit_id as "unitId", o.id, x.id as "reportId", x.status
         from tree join report_obligation o on o.id = tree.id
         left join lateral (select r.id, r.status from report r where r.obligation_id = o.id and r.status <> 'SUPERSEDED'
           order by r.version_no desc limit 1) x on true
         where o.unit_id = any($2::int[])`,
        [run.plan!.milestone, subtreeOf.get(run.actor)],
      );
      const byUnit = new Map(rows.map((x) => [String(x.unitId), x]));
      const cascade = r.data!.plan.cascade;
      expect(cascade.pageInfo.hasNextPage).toBe(false);
      for (const n of cascade.nodes as { unit: { id: string }; reportObligation: { id: string; report: { id: string } | null } | null }[]) {
        const owed = byUnit.get(n.unit.id);
        if (!owed) {
          expect(n.reportObligation).toBeNull();
          continue;
        }
        const readable = owed.reportId && (owed.status !== 'DRAFT' || Number(n.unit.id) === ids[run.actor]);
        expect(n.reportObligation).toEqual({ id: owed.id, report: readable ? { id: owed.reportId } : null });
      }
    },
  },
  {
    name: 'createReport',
    covers: ['Mutation.createReport', 'ReportPayload.report'],
    kind: 'unit',
    write: true,
    expected: RR.create,
    fixture: async (run, ok) => ({ obligationId: ok ? freshObligation(run.target) : freeObligation(run.target) }),
    exec: (run, fx) => mutation(run, 'createReport', 'CreateReportInput', { obligationId: fx.obligationId }, 'report { id status }'),
    verify: async (_run, fx, r) => {
      expect(r.data!.createReport.report.status).toBe('DRAFT');
      expect(await scalar(`select obligation_id from report where id = $1`, [r.data!.createReport.report.id])).toBe(fx.obligationId);
    },
    audited: (_fx, r) => r.data!.createReport.report.id,
    auditType: 'Report',
  },
  {
    name: 'updateReportTask',
    covers: ['Mutation.updateReportTask', 'ReportTaskPayload.task'],
    kind: 'unit',
    write: true,
    expected: RR.edit('DRAFT'),
    fixture: reportFixture('DRAFT'),
    exec: async (run, fx) => {
      const t = await reportPart(fx.reportId as string, 'report_task');
      return mutation(
        run,
        'updateReportTask',
        'UpdateReportTaskInput',
        { taskId: t.id, version: t.version, status: 'COMPLETED', done: 'Đã làm' },
        'task { status }',
      );
    },
    verify: async (_run, _fx, r) => expect(r.data!.updateReportTask.task.status).toBe('COMPLETED'),
    audited: (fx) => fx.reportId as string,
    auditType: 'Report',
  },
  {
    name: 'updateReportFigure',
    covers: ['Mutation.updateReportFigure', 'ReportFigurePayload.figure'],
    kind: 'unit',
    write: true,
    expected: RR.edit('DRAFT'),
    fixture: reportFixture('DRAFT'),
    exec: async (run, fx) => {
      const f = await reportPart(fx.reportId as string, 'report_figure');
      return mutation(
        run,
        'updateReportFigure',
        'UpdateReportFigureInput',
        { reportId: fx.reportId, targetId: f.target_id ?? NO_SUCH, version: f.version, periodValue: '7' },
        'figure { periodValue }',
      );
    },
    verify: async (_run, _fx, r) => expect(r.data!.updateReportFigure.figure.periodValue).toBe(7),
    audited: (fx) => fx.reportId as string,
    auditType: 'Report',
  },
  {
    // The figures table as .xlsx (docs/REPORTS.md, "Figures as a spreadsheet"): the same rule as
    // every figure edit — editors of the reporting unit, into a draft — a dry run included.
    name: 'importReportFigures',
    covers: ['Mutation.importReportFigures', 'ImportReportFiguresPayload.report'],
    kind: 'unit',
    write: true,
    expected: RR.edit('DRAFT'),
    fixture: reportFixture('DRAFT'),
    exec: async (run, fx) =>
      mutation(
        run,
        'importReportFigures',
        'ImportReportFiguresInput',
        {
          reportId: fx.reportId,
          version: await reportVersion(fx.reportId as string),
          contentBase64: await figuresFile(fx.reportId as string),
          dryRun: false,
        },
        'applied changes { field after } report { id }',
      ),
    verify: async (_run, _fx, r) =>
      expect(r.data!.importReportFigures).toMatchObject({ applied: true, changes: [{ field: 'PERIOD', after: '7' }] }),
    audited: (fx) => fx.reportId as string,
    auditType: 'Report',
  },
  {
    name: 'updateReportText',
    covers: ['Mutation.updateReportText'],
    kind: 'unit',
    write: true,
    expected: RR.edit('DRAFT'),
    fixture: reportFixture('DRAFT'),
    exec: async (run, fx) =>
      mutation(
        run,
        'updateReportText',
        'UpdateReportTextInput',
        { reportId: fx.reportId, version: await reportVersion(fx.reportId as string), proposals: 'Đề xuất' },
        'report { proposals }',
      ),
    verify: async (_run, _fx, r) => expect(r.data!.updateReportText.report.proposals).toBe('Đề xuất'),
    audited: (fx) => fx.reportId as string,
    auditType: 'Report',
  },
  {
    name: 'submitReport',
    covers: ['Mutation.submitReport'],
    kind: 'unit',
    write: true,
    expected: RR.submit,
    fixture: reportFixture('DRAFT'),
    exec: async (run, fx) =>
      mutation(
        run,
        'submitReport',
        'ReportTransitionInput',
        { reportId: fx.reportId, version: await reportVersion(fx.reportId as string) },
        'report { status }',
      ),
    verify: async (_run, _fx, r) => expect(r.data!.submitReport.report.status).toBe('SUBMITTED'),
    audited: (fx) => fx.reportId as string,
    auditType: 'Report',
  },
  ...(['acceptReport', 'returnReport'] as const).map(
    (name): Op => ({
      name,
      covers: [`Mutation.${name}`],
      kind: 'unit',
      write: true,
      expected: RR.decide,
      fixture: reportFixture('SUBMITTED'),
      exec: async (run, fx) =>
        mutation(
          run,
          name,
          'ReportTransitionInput',
          { reportId: fx.reportId, version: await reportVersion(fx.reportId as string), reason: 'Bổ sung số liệu' },
          'report { status }',
        ),
      verify: async (_run, _fx, r) => expect(r.data![name].report.status).toBe(name === 'acceptReport' ? 'ACCEPTED' : 'RETURNED'),
      audited: (fx) => fx.reportId as string,
      auditType: 'Report',
    }),
  ),
  {
    name: 'correctReport',
    covers: ['Mutation.correctReport'],
    kind: 'unit',
    write: true,
    expected: RR.edit('SUBMITTED'),
    fixture: reportFixture('SUBMITTED'),
    exec: async (run, fx) =>
      mutation(
        run,
        'correctReport',
        'CorrectReportInput',
        { reportId: fx.reportId, version: await reportVersion(fx.reportId as string) },
        'report { id status versionNo }',
      ),
    verify: async (_run, _fx, r) => expect(r.data!.correctReport.report).toMatchObject({ status: 'DRAFT', versionNo: 2 }),
    audited: (_fx, r) => r.data!.correctReport.report.id,
    auditType: 'Report',
  },
];

interface Case {
  on: string;
  op: string;
  role: Role;
  actor: TreeKey;
  target: Issuer;
  variant: Variant | null;
  position: Position;
  expected: Outcome;
}
const CASES: Case[] = [];
for (const op of OPS) {
  for (const role of ROLES) {
    const seen = new Set<TreeKey>();
    for (const [actor, target] of PAIRS) {
      if (op.kind === 'actor' && seen.has(actor)) continue;
      seen.add(actor);
      const position = positionOf(actor, target);
      const variants: (Variant | null)[] =
        op.kind !== 'plan' ? [null] : (op.variants ?? variantsOf(target)).filter((v) => variantsOf(target).includes(v));
      // Anonymous callers, and read-only keys on a write, are refused by the access marker before
      // anything is looked up: the answer cannot depend on the plan, so one plan per pair shows it.
      const upFront = role === 'ANON' || (op.write && role === 'APIKEY_VIEWER');
      for (const variant of upFront && op.kind === 'plan' ? (['ISSUED'] as Variant[]) : variants) {
        const facts = variant ? factsOf(target, variant) : null;
        const expected = op.expected({ role, actor, position, facts });
        const on = op.kind === 'actor' ? 'own unit' : variant ? `${target}:${variant} (${position})` : `${target} (${position})`;
        CASES.push({
          on,
          op: op.name,
          role,
          actor,
          target,
          variant,
          position,
          expected,
        });
      }
    }
  }
}

async function callerFor(role: Role, actor: TreeKey): Promise<Caller | undefined> {
  if (role === 'ANON') return undefined;
  if (isApiKey(role)) return { apiKey: apiKeys.get(`${actor}:${role.replace('APIKEY_', '')}`)! };
  return env.login(`${actor}.${role.toLowerCase()}`);
}

beforeAll(async () => {
  // The server writes one attribution line per API-key request; keep them out of the report.
  const log = console.log.bind(console);
  vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
    if (typeof args[0] === 'string' && args[0].startsWith('{"at":') && args[0].includes('"apiKey":')) return;
    log(...args);
  });
  env = await createTestEnv();
  for (const k of Object.keys(TREE) as TreeKey[]) ids[k] = await env.unitId(TREE[k].code, TREE[k].validFrom);
  for (const a of ACTORS) {
    subtreeOf.set(a, [ids[a], ...(await descendantIds(env.db, ids[a]))]);
    aboveOf.set(
      a,
      chainOf(a)
        .slice(0, -1)
        .map((k) => ids[k]),
    );
  }
  // Xã A Mú Sung has no demo accounts: give it one of each role (the demo password).
  for (const role of ['ADMIN', 'EDITOR', 'APPROVER', 'VIEWER']) {
    await insertUser(env.db, ids.amusung, { username: `amusung.${role.toLowerCase()}`, role });
  }
  // API keys of each acting unit, created through the API by that unit's admin.
  for (const a of ACTORS) {
    const admin = await env.login(`${a}.admin`);
    for (const role of ['VIEWER', 'EDITOR'] as const) {
      const r = await call(
        admin,
        'createApiKey',
        'CreateApiKeyInput',
        { unitId: String(ids[a]), name: `plan matrix ${role}`, role },
        'secret',
      );
      apiKeys.set(`${a}:${role}`, r.secret);
    }
  }
  await buildFixtures();
  await noticeInEveryUnit();
  await buildReportFixtures();
  // Sign every caller in once, before cases run side by side.
  for (const a of ACTORS) for (const role of ROLES) await callerFor(role, a);
  vi.setConfig({ maxConcurrency: 8 });
});
afterAll(async () => {
  vi.resetConfig();
  vi.restoreAllMocks();
  await env?.stop();
});

describe('fixtures', () => {
  it('names every pair as intended', () => {
    expect(Object.fromEntries(PAIRS.map(([a, t]) => [`${a}→${t}`, positionOf(a, t)]))).toEqual({
      'tplaocai→tplaocai': 'self',
      'tplaocai→laocai': 'parent',
      'phuonglaocai→laocai': 'grandparent',
      'laocai→tplaocai': 'child',
      'laocai→phuonglaocai': 'grandchild',
      'tplaocai→batxat': 'sibling',
      'batxat→tplaocai': 'sibling',
      'amusung→phuonglaocai': 'cousin',
      'hungyen→laocai': 'otherProvince',
    });
  });

  it('built every plan in the status the matrix assumes', async () => {
    for (const [key, fp] of plans) {
      const row = await planRow(fp.id);
      expect({ key, unit: row.unit_id, status: row.status, parent: row.parent_plan_id, amends: row.amends_plan_id }).toEqual({
        key,
        unit: ids[fp.facts.issuer],
        status: fp.facts.status,
        parent: fp.parentId,
        amends: fp.amendsId,
      });
      if (fp.facts.parent) expect(await statusOf(fp.parentId!)).toBe(fp.facts.parent.status);
      if (fp.facts.amends) expect(await statusOf(fp.amendsId!)).toBe(fp.facts.amends.status);
    }
    expect(plans.size).toBe(ISSUERS.length * STATUSES.length + 2);
    expect(
      planOf('tplaocai', 'DERIVED')
        .upstream.map((u) => u.kind)
        .sort(),
    ).toEqual(['ADDED', 'ADDED', 'MODIFIED', 'MODIFIED', 'MODIFIED', 'REMOVED']);
  });
});

describe('cascade of the province plan: the province sees both districts, each district only itself', () => {
  const Q = `query($id: String!) { plan(id: $id) {
    cascade(first: 100) { totalCount nodes { unit { id } status plan { id } } }
    cascadeSummary { units withPlan byStatus { status count } }
    coverageMatrix(first: 100) { totalUnits units { id } cells { unitId } }
    planned: coverageMatrix(first: 100, onlyWithPlan: true) { totalUnits units { id } } } }`;
  const view = async (who: string) => {
    const r = await env.gql(Q, { id: planOf('laocai', 'ISSUED').id }, await env.login(who));
    expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
    const p = r.data!.plan;
    return {
      rows: Object.fromEntries(
        p.cascade.nodes.map((n: { unit: { id: string }; plan: { id: string } | null }) => [Number(n.unit.id), n.plan?.id ?? null]),
      ),
      total: p.cascade.totalCount,
      summary: { units: p.cascadeSummary.units, withPlan: p.cascadeSummary.withPlan },
      matrix: sortNum(p.coverageMatrix.units.map((u: { id: string }) => u.id)),
      cells: sortNum([...new Set<string>(p.coverageMatrix.cells.map((c: { unitId: string }) => c.unitId))]),
      totalUnits: p.coverageMatrix.totalUnits,
      planned: sortNum(p.planned.units.map((u: { id: string }) => u.id)),
      plannedTotal: p.planned.totalUnits,
    };
  };

  it('the province: every district existing on the issue date, with the city and Bát Xát drafts', async () => {
    const districts = sortNum(
      (
        await query(
          `select id from admin_unit where parent_id = $1 and (valid_from is null or valid_from <= '2024-09-10') and (valid_to is null or valid_to >= '2024-09-10')`,
          [ids.laocai],
        )
      ).rows.map((r) => r.id),
    );
    expect(districts).toEqual(expect.arrayContaining([ids.tplaocai, ids.batxat]));
    const v = await view('laocai.viewer');
    expect(sortNum(Object.keys(v.rows))).toEqual(districts);
    expect(v.rows[ids.tplaocai]).toBe(planOf('tplaocai', 'DERIVED').id);
    expect(v.rows[ids.batxat]).toBe(siblingDerivedId);
    expect(v.summary).toEqual({ units: districts.length, withPlan: 2 });
    expect(v.total).toBe(districts.length);
    expect(v.matrix).toEqual(districts);
    expect(v.totalUnits).toBe(districts.length);
    expect(v.planned).toEqual(sortNum([ids.tplaocai, ids.batxat]));
    expect(v.plannedTotal).toBe(2);
  });

  it.each([
    ['tplaocai', 'batxat'],
    ['batxat', 'tplaocai'],
  ] as const)('%s: its own row only; %s never appears in rows, summary or matrix', async (me, sibling) => {
    const own = me === 'tplaocai' ? planOf('tplaocai', 'DERIVED').id : siblingDerivedId;
    for (const role of ['viewer', 'editor', 'admin']) {
      const v = await view(`${me}.${role}`);
      expect(v.rows).toEqual({ [ids[me]]: own });
      expect(v.rows[ids[sibling]]).toBeUndefined();
      expect(v.total).toBe(1);
      expect(v.summary).toEqual({ units: 1, withPlan: 1 });
      expect(v.matrix).toEqual([ids[me]]);
      expect(v.cells).toEqual([ids[me]]);
      expect(v.totalUnits).toBe(1);
      expect(v.planned).toEqual([ids[me]]);
      expect(v.plannedTotal).toBe(1);
    }
  });
});

async function runCase(c: Case) {
  const op = OPS.find((o) => o.name === c.op)!;
  const run: Run = {
    role: c.role,
    actor: c.actor,
    target: c.target,
    position: c.position,
    plan: c.variant ? planOf(c.target, c.variant) : null,
    as: await callerFor(c.role, c.actor),
  };
  const ok = c.expected === 'OK';
  const fx = op.fixture ? await op.fixture(run, ok) : { plan: run.plan ?? undefined };
  const before = op.write ? await fingerprint() : null;

  const r = await op.exec(run, fx);

  if (ok) {
    expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
    await op.verify?.(run, fx, r);
    if (op.write) {
      // The write is seen by the change detector, and leaves one audit event, attributed to the caller.
      const after = await fingerprint();
      expect(after).not.toEqual(before);
      if (op.unaudited) return;
      expect(after.audits).toBe((before!.audits as number) + 1);
      const e = (await query(`select entity_type, entity_id, actor_user_id, actor_api_key_id from audit_event order by id desc limit 1`))
        .rows[0];
      expect(e.entity_type).toBe(op.auditType ?? 'Plan');
      expect(e.entity_id).toBe(op.audited ? op.audited(fx, r) : fx.plan!.id);
      expect({ user: e.actor_user_id !== null, key: e.actor_api_key_id !== null }).toEqual({
        user: !isApiKey(c.role),
        key: isApiKey(c.role),
      });
    }
  } else {
    expectError(r, c.expected);
    if (op.write) expect(await fingerprint()).toEqual(before);
  }
}

/** Successful writes change the fixtures; everything else must change nothing. */
const changesState = (c: Case) => c.expected === 'OK' && OPS.find((o) => o.name === c.op)!.write;

// Reads and refused writes change nothing (each refused write proves it), so they run side by side.
describe.concurrent('plan access matrix: reads and refused writes', () => {
  it.each(CASES.filter((c) => !changesState(c)))('$op · $role of $actor on $on → $expected', (c) => runCase(c));
});

// Writes that succeed run one at a time, after them: on a draft shared by the case's operation, or on a plan of their own.
describe('plan access matrix: successful writes', () => {
  it.each(CASES.filter(changesState))('$op · $role of $actor on $on → $expected', (c) => runCase(c));
});

/* ------------------------------------------------------ existence oracles */

/**
 * An id the caller may not see and an id that exists nowhere get the same answer, byte for byte
 * (HTTP status, message, extensions, path): any difference tells that the row exists. Each case
 * is one id argument of one operation, run twice by the city's editor (or approver): with a row
 * out of its sight — parts of its province's unissued plans, of its sibling's plans and of another
 * province's — and with an id that names nothing. The expected code says which check answers:
 * NOT_FOUND for what the operation addresses, BAD_USER_INPUT for a reference that the city's own
 * draft cannot hold. Nothing may be written either way.
 */
describe('existence oracles: an invisible id answers exactly like an id that does not exist', () => {
  interface Hidden {
    label: string;
    id: string;
    nodeA: string;
    target: string;
    phase: string;
    milestone: string;
  }
  const hiddenPlans: Hidden[] = [];
  const hiddenUnits: { label: string; id: number }[] = [];
  const hiddenAgencies: { label: string; id: string }[] = [];
  const ABSENT_UNIT = 2_147_000_000;
  const IMPORT = Buffer.from(IMPORT_TEXT).toString('base64');

  type Kind = 'plan' | 'part' | 'unit' | 'agency';
  interface OracleCase {
    name: string;
    kind: Kind;
    as?: 'editor' | 'approver';
    code: 'NOT_FOUND' | 'BAD_USER_INPUT' | 'OK';
    document: string;
    /** Variables with the id under test; `h` is the hidden plan for part and plan cases. */
    variables: (id: string, h: Hidden | null) => Promise<Record<string, unknown>> | Record<string, unknown>;
    /** The id of the hidden row of this kind in `h` (part cases). */
    pick?: (h: Hidden) => string;
  }
  const own = () => planOf('tplaocai', 'DRAFT');
  const ownDerived = () => planOf('tplaocai', 'DERIVED');
  const m = (name: string, type: string, selection = 'plan { id }') => `mutation($i: ${type}!) { ${name}(input: $i) { ${selection} } }`;
  /** The object each creating mutation returns in its payload. */
  const PAYLOAD_FIELD = { addNode: 'node', saveTarget: 'target', savePhase: 'phase', saveMilestone: 'milestone' } as const;
  const nodeVersion = (id: string) => scalar<number>(`select version from plan_node where id = $1`, [id]);

  const CASES_O: OracleCase[] = [
    // Operations addressed to a plan.
    {
      name: 'plan(id)',
      kind: 'plan',
      code: 'NOT_FOUND',
      document: `query($i: String!) { plan(id: $i) { id } }`,
      variables: (id) => ({ i: id }),
    },
    {
      name: 'planChecks(planId)',
      kind: 'plan',
      code: 'NOT_FOUND',
      document: `query($i: String!) { planChecks(planId: $i) { rule } }`,
      variables: (id) => ({ i: id }),
    },
    {
      name: 'planDiff(planId)',
      kind: 'plan',
      code: 'NOT_FOUND',
      document: `query($i: String!) { planDiff(planId: $i) { plan { id } } }`,
      variables: (id) => ({ i: id }),
    },
    {
      name: 'derivationPreview(parentPlanId)',
      kind: 'plan',
      code: 'NOT_FOUND',
      document: `query($i: String!) { derivationPreview(parentPlanId: $i) { nodeCount } }`,
      variables: (id) => ({ i: id }),
    },
    {
      name: 'updatePlanHeader.planId',
      kind: 'plan',
      code: 'NOT_FOUND',
      document: m('updatePlanHeader', 'UpdatePlanHeaderInput'),
      variables: (id) => ({ i: { planId: id, version: 1, title: 'Tiêu đề' } }),
    },
    {
      name: 'setLegalBases.planId',
      kind: 'plan',
      code: 'NOT_FOUND',
      document: m('setLegalBases', 'SetLegalBasesInput'),
      variables: (id) => ({ i: { planId: id, version: 1, legalBases: [] } }),
    },
    {
      name: 'addNode.planId',
      kind: 'plan',
      code: 'NOT_FOUND',
      document: m('addNode', 'AddNodeInput', 'node { id }'),
      variables: (id) => ({ i: { planId: id, kind: 'PARAGRAPH', text: 'Đoạn' } }),
    },
    {
      name: 'saveTarget.planId',
      kind: 'plan',
      code: 'NOT_FOUND',
      document: m('saveTarget', 'SaveTargetInput', 'target { id }'),
      variables: (id) => ({ i: { planId: id, metric: 'số vụ', unitOfMeasure: 'vụ' } }),
    },
    {
      name: 'savePhase.planId',
      kind: 'plan',
      code: 'NOT_FOUND',
      document: m('savePhase', 'SavePhaseInput', 'phase { id }'),
      variables: (id) => ({ i: { planId: id, name: 'Giai đoạn' } }),
    },
    {
      name: 'saveMilestone.planId',
      kind: 'plan',
      code: 'NOT_FOUND',
      document: m('saveMilestone', 'SaveMilestoneInput', 'milestone { id }'),
      variables: (id) => ({ i: { planId: id, kind: 'RESULT_REPORT', title: 'Báo cáo' } }),
    },
    {
      name: 'submitPlanForReview.planId',
      kind: 'plan',
      code: 'NOT_FOUND',
      document: m('submitPlanForReview', 'PlanTransitionInput'),
      variables: (id) => ({ i: { planId: id, version: 1 } }),
    },
    {
      name: 'returnPlanToDraft.planId',
      kind: 'plan',
      code: 'NOT_FOUND',
      document: m('returnPlanToDraft', 'PlanTransitionInput'),
      variables: (id) => ({ i: { planId: id, version: 1 } }),
    },
    {
      name: 'issuePlan.planId',
      kind: 'plan',
      as: 'approver',
      code: 'NOT_FOUND',
      document: m('issuePlan', 'IssuePlanInput'),
      variables: (id) => ({ i: { planId: id, version: 1, issuedDate: '2024-09-01' } }),
    },
    {
      name: 'revokePlan.planId',
      kind: 'plan',
      as: 'approver',
      code: 'NOT_FOUND',
      document: m('revokePlan', 'PlanTransitionInput'),
      variables: (id) => ({ i: { planId: id, version: 1, reason: 'Thu hồi' } }),
    },
    {
      name: 'amendPlan.planId',
      kind: 'plan',
      code: 'NOT_FOUND',
      document: m('amendPlan', 'AmendPlanInput'),
      variables: (id) => ({ i: { planId: id } }),
    },
    {
      name: 'derivePlan.parentPlanId',
      kind: 'plan',
      code: 'NOT_FOUND',
      document: m('derivePlan', 'DerivePlanInput'),
      variables: (id) => ({ i: { parentPlanId: id } }),
    },
    {
      name: 'setOmissionReason.planId',
      kind: 'plan',
      code: 'NOT_FOUND',
      document: m('setOmissionReason', 'SetOmissionReasonInput'),
      variables: (id) => ({ i: { planId: id, sourceNodeId: NO_SUCH, reason: 'Lý do' } }),
    },
    ...(['take', 'decline'] as const).map(
      (what): OracleCase => ({
        name: `${what}UpstreamChange.planId`,
        kind: 'plan',
        code: 'NOT_FOUND',
        document: m(`${what}UpstreamChange`, 'UpstreamDecisionInput'),
        variables: (id) => ({ i: { planId: id, upstreamNodeId: NO_SUCH } }),
      }),
    ),
    {
      // A reference to another plan from the caller's own draft.
      name: 'setLegalBases.legalBases[].refPlanId',
      kind: 'plan',
      code: 'NOT_FOUND',
      document: m('setLegalBases', 'SetLegalBasesInput'),
      variables: async (id) => ({
        i: { planId: own().id, version: await planVersion(own().id), legalBases: [{ type: 'PLAN', number: '1/KH-UBND', refPlanId: id }] },
      }),
    },
    // Operations addressed to a part of a plan.
    ...(
      [
        ['updateNode', 'UpdateNodeInput', 'nodeId', (h: Hidden) => h.nodeA, { text: 'Sửa' }],
        ['moveNode', 'MoveNodeInput', 'nodeId', (h: Hidden) => h.nodeA, {}],
        ['deleteNode', 'DeleteNodeInput', 'nodeId', (h: Hidden) => h.nodeA, {}],
        ['omitNode', 'OmitNodeInput', 'nodeId', (h: Hidden) => h.nodeA, { reason: 'Lý do' }],
        ['restoreNode', 'RestoreNodeInput', 'nodeId', (h: Hidden) => h.nodeA, {}],
        ['deleteTarget', 'DeletePlanPartInput', 'id', (h: Hidden) => h.target, {}],
        ['deletePhase', 'DeletePlanPartInput', 'id', (h: Hidden) => h.phase, {}],
        ['deleteMilestone', 'DeletePlanPartInput', 'id', (h: Hidden) => h.milestone, {}],
      ] as const
    ).map(
      ([name, type, field, pick, extra]): OracleCase => ({
        name: `${name}.${field}`,
        kind: 'part',
        code: 'NOT_FOUND',
        document: m(name, type),
        variables: (id) => ({ i: { [field]: id, version: 1, ...extra } }),
        pick,
      }),
    ),
    // A part of another plan named from the caller's own draft: replacing it, or hanging something under it.
    ...(
      [
        [
          'saveTarget',
          'SaveTargetInput',
          'targetId',
          (h: Hidden) => h.target,
          { metric: 'số vụ', unitOfMeasure: 'vụ', version: 1 },
          'NOT_FOUND',
        ],
        ['savePhase', 'SavePhaseInput', 'phaseId', (h: Hidden) => h.phase, { name: 'Giai đoạn', version: 1 }, 'NOT_FOUND'],
        [
          'saveMilestone',
          'SaveMilestoneInput',
          'milestoneId',
          (h: Hidden) => h.milestone,
          { kind: 'RESULT_REPORT', title: 'Báo cáo', version: 1 },
          'NOT_FOUND',
        ],
        ['addNode', 'AddNodeInput', 'parentId', (h: Hidden) => h.nodeA, { kind: 'PARAGRAPH', text: 'Đoạn' }, 'BAD_USER_INPUT'],
        ['addNode', 'AddNodeInput', 'afterNodeId', (h: Hidden) => h.nodeA, { kind: 'PARAGRAPH', text: 'Đoạn' }, 'BAD_USER_INPUT'],
        ['saveTarget', 'SaveTargetInput', 'nodeId', (h: Hidden) => h.nodeA, { metric: 'số vụ', unitOfMeasure: 'vụ' }, 'BAD_USER_INPUT'],
        ['saveTarget', 'SaveTargetInput', 'phaseId', (h: Hidden) => h.phase, { metric: 'số vụ', unitOfMeasure: 'vụ' }, 'BAD_USER_INPUT'],
        ['savePhase', 'SavePhaseInput', 'nodeId', (h: Hidden) => h.nodeA, { name: 'Giai đoạn' }, 'BAD_USER_INPUT'],
        [
          'saveMilestone',
          'SaveMilestoneInput',
          'nodeId',
          (h: Hidden) => h.nodeA,
          { kind: 'RESULT_REPORT', title: 'Báo cáo' },
          'BAD_USER_INPUT',
        ],
      ] as const
    ).map(
      ([name, type, field, pick, extra, code]): OracleCase => ({
        name: `${name}.${field} (own draft)`,
        kind: 'part',
        code,
        document: m(name, type, `${PAYLOAD_FIELD[name]} { id }`),
        variables: (id) => ({ i: { planId: own().id, [field]: id, ...extra } }),
        pick,
      }),
    ),
    {
      name: 'addNode.task.timing.phaseId (own draft)',
      kind: 'part',
      code: 'BAD_USER_INPUT',
      document: m('addNode', 'AddNodeInput', 'node { id }'),
      variables: (id) => ({
        i: { planId: own().id, kind: 'BULLET', text: 'Việc', task: { timing: { kind: 'DURING_PHASE', phaseId: id } } },
      }),
      pick: (h) => h.phase,
    },
    {
      name: 'moveNode.parentId (own draft)',
      kind: 'part',
      code: 'BAD_USER_INPUT',
      document: m('moveNode', 'MoveNodeInput', 'node { id }'),
      variables: async (id) => ({ i: { nodeId: own().nodeB, version: await nodeVersion(own().nodeB), parentId: id } }),
      pick: (h) => h.nodeA,
    },
    {
      name: 'setOmissionReason.sourceNodeId (own derived draft)',
      kind: 'part',
      code: 'NOT_FOUND',
      document: m('setOmissionReason', 'SetOmissionReasonInput'),
      variables: (id) => ({ i: { planId: ownDerived().id, sourceNodeId: id, reason: 'Lý do' } }),
      pick: (h) => h.nodeA,
    },
    ...(['take', 'decline'] as const).map(
      (what): OracleCase => ({
        name: `${what}UpstreamChange.upstreamNodeId (own derived draft)`,
        kind: 'part',
        code: 'NOT_FOUND',
        document: m(`${what}UpstreamChange`, 'UpstreamDecisionInput'),
        variables: (id) => ({ i: { planId: ownDerived().id, upstreamNodeId: id } }),
        pick: (h) => h.nodeA,
      }),
    ),
    // Agencies of other units named from the caller's own draft.
    {
      name: 'addNode.task.lead[].agencyId (own draft)',
      kind: 'agency',
      code: 'BAD_USER_INPUT',
      document: m('addNode', 'AddNodeInput', 'node { id }'),
      variables: (id) => ({ i: { planId: own().id, kind: 'BULLET', text: 'Việc', task: { lead: [{ name: 'Công an', agencyId: id }] } } }),
    },
    {
      name: 'saveTarget.allocations[].agencyId (own draft)',
      kind: 'agency',
      code: 'BAD_USER_INPUT',
      document: m('saveTarget', 'SaveTargetInput', 'target { id }'),
      variables: (id) => ({
        i: {
          planId: own().id,
          metric: 'số vụ',
          unitOfMeasure: 'vụ',
          value: 1,
          allocations: [{ assignee: 'Công an', agencyId: id, value: 1 }],
        },
      }),
    },
    {
      name: 'saveTarget.responsible.agencyId (own draft)',
      kind: 'agency',
      code: 'BAD_USER_INPUT',
      document: m('saveTarget', 'SaveTargetInput', 'target { id }'),
      variables: (id) => ({
        i: { planId: own().id, metric: 'số vụ', unitOfMeasure: 'vụ', responsible: { name: 'Công an', agencyId: id } },
      }),
    },
    // Units out of sight.
    {
      name: 'createPlan.unitId',
      kind: 'unit',
      code: 'NOT_FOUND',
      document: m('createPlan', 'CreatePlanInput'),
      variables: (id) => ({ i: { unitId: id, title: 'Kế hoạch' } }),
    },
    {
      name: 'importPlan.unitId',
      kind: 'unit',
      code: 'NOT_FOUND',
      document: m('importPlan', 'ImportPlanInput'),
      variables: (id) => ({ i: { unitId: id, fileName: 'ke-hoach.txt', contentBase64: IMPORT } }),
    },
    {
      name: 'derivePlan.unitId',
      kind: 'unit',
      code: 'NOT_FOUND',
      document: m('derivePlan', 'DerivePlanInput'),
      variables: (id) => ({ i: { parentPlanId: planOf('laocai', 'ISSUED').id, unitId: id } }),
    },
    {
      name: 'derivationPreview(unitId)',
      kind: 'unit',
      code: 'NOT_FOUND',
      document: `query($p: String!, $u: String) { derivationPreview(parentPlanId: $p, unitId: $u) { nodeCount } }`,
      variables: (id) => ({ p: planOf('laocai', 'ISSUED').id, u: id }),
    },
    {
      name: 'plans(filter.unitId)',
      kind: 'unit',
      code: 'OK',
      document: `query($u: ID) { plans(first: 5, filter: { unitId: $u }) { totalCount nodes { id } } }`,
      variables: (id) => ({ u: id }),
    },
    {
      name: 'saveTarget.allocations[].unitId (own draft)',
      kind: 'unit',
      code: 'BAD_USER_INPUT',
      document: m('saveTarget', 'SaveTargetInput', 'target { id }'),
      variables: (id) => ({
        i: {
          planId: own().id,
          metric: 'số vụ',
          unitOfMeasure: 'vụ',
          value: 1,
          allocations: [{ assignee: 'Đơn vị', unitId: id, value: 1 }],
        },
      }),
    },
  ];

  interface Pair {
    c: OracleCase;
    label: string;
    hidden: string;
    absent: string;
    plan: Hidden | null;
  }
  const pairs = (): Pair[] =>
    CASES_O.flatMap((c): Pair[] => {
      if (c.kind === 'unit')
        return hiddenUnits.map((u) => ({ c, label: u.label, hidden: String(u.id), absent: String(ABSENT_UNIT), plan: null }));
      if (c.kind === 'agency')
        return hiddenAgencies.map((a) => ({ c, label: a.label, hidden: a.id, absent: crypto.randomUUID(), plan: null }));
      return hiddenPlans.map((h) => ({ c, label: h.label, hidden: c.pick ? c.pick(h) : h.id, absent: crypto.randomUUID(), plan: h }));
    });

  beforeAll(async () => {
    // The city's province (drafts and plans in review are not issued), its sibling, another province.
    for (const [issuer, v] of [
      ['laocai', 'DRAFT'],
      ['laocai', 'IN_REVIEW'],
      ['batxat', 'DRAFT'],
      ['batxat', 'ISSUED'],
    ] as const) {
      const f = planOf(issuer, v);
      hiddenPlans.push({ label: `${issuer}:${v}`, id: f.id, nodeA: f.nodeA, target: f.target, phase: f.phase, milestone: f.milestone });
    }
    for (const issued of [false, true]) {
      const b = await buildDraft('hungyen');
      if (issued) await issue('hungyen', b.id);
      hiddenPlans.push({ label: `hungyen:${issued ? 'ISSUED' : 'DRAFT'}`, ...b });
    }
    for (const k of ['batxat', 'amusung', 'hungyen'] as const) hiddenUnits.push({ label: k, id: ids[k] });
    for (const k of ['batxat', 'laocai', 'hungyen'] as const) {
      hiddenAgencies.push({ label: `agency of ${k}`, id: (await insertAgency(env.db, ids[k])).id });
    }
  });

  it('the cases cover every id-taking operation of the plan modules', () => {
    const ops = new Set(CASES_O.map((c) => c.name.split(/[.( ]/)[0]));
    for (const op of [
      'plan',
      'planChecks',
      'planDiff',
      'derivationPreview',
      'plans',
      'updatePlanHeader',
      'setLegalBases',
      'addNode',
      'updateNode',
      'moveNode',
      'deleteNode',
      'omitNode',
      'restoreNode',
      'saveTarget',
      'deleteTarget',
      'savePhase',
      'deletePhase',
      'saveMilestone',
      'deleteMilestone',
      'submitPlanForReview',
      'returnPlanToDraft',
      'issuePlan',
      'revokePlan',
      'amendPlan',
      'derivePlan',
      'setOmissionReason',
      'takeUpstreamChange',
      'declineUpstreamChange',
      'createPlan',
      'importPlan',
    ])
      expect(ops.has(op), op).toBe(true);
  });

  it('every case answers identically for a hidden row and for no row, and writes nothing', async () => {
    const all = pairs();
    expect(all.length).toBeGreaterThan(200);
    // Every case runs; the report lists every difference at once.
    const problems: string[] = [];
    for (const { c, label, hidden, absent, plan } of all) {
      const as = await env.login(`tplaocai.${c.as ?? 'editor'}`);
      const before = await fingerprint();
      const a = await rawAnswer(env.url, c.document, await c.variables(hidden, plan), as);
      const b = await rawAnswer(env.url, c.document, await c.variables(absent, plan), as);
      const where = `${c.name} on ${label}`;
      if (JSON.stringify(await fingerprint()) !== JSON.stringify(before)) problems.push(`${where}: wrote something`);
      if ((rawCode(a) ?? 'OK') !== c.code) problems.push(`${where}: expected ${c.code}, got ${a.status} ${a.body}`);
      if (a.status !== b.status || a.body !== b.body)
        problems.push(`${where}:\n    hidden ${a.status} ${a.body}\n    absent ${b.status} ${b.body}`);
    }
    expect(problems, problems.join('\n')).toEqual([]);
  });

  it("an issued province plan allocating to both districts names only the reader's own district by id", async () => {
    const b = await buildDraft('laocai');
    const ed = await editorOf('laocai');
    await call(
      ed,
      'saveTarget',
      'SaveTargetInput',
      {
        planId: b.id,
        metric: 'số vụ bắt giữ',
        unitOfMeasure: 'vụ',
        value: 10,
        allocations: [
          { assignee: 'Thành phố Lào Cai', unitId: String(ids.tplaocai), value: 6 },
          { assignee: 'Huyện Bát Xát', unitId: String(ids.batxat), value: 4 },
        ],
      },
      'target { id }',
    );
    await issue('laocai', b.id);
    const read = async (who: string) => {
      const r = await env.gql(
        `query($id: String!) { plan(id: $id) { targets { allocations { assignee unitId } } } }`,
        { id: b.id },
        await env.login(who),
      );
      expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
      return r.data!.plan.targets.flatMap((t: { allocations: unknown[] }) => t.allocations);
    };
    // The text of the issued plan names both; the sibling's id stays out of the city's answers.
    expect(await read('tplaocai.viewer')).toEqual([
      { assignee: 'Thành phố Lào Cai', unitId: String(ids.tplaocai) },
      { assignee: 'Huyện Bát Xát', unitId: null },
    ]);
    expect(await read('laocai.viewer')).toEqual([
      { assignee: 'Thành phố Lào Cai', unitId: String(ids.tplaocai) },
      { assignee: 'Huyện Bát Xát', unitId: String(ids.batxat) },
    ]);
  });

  it('the export route answers identically too', async () => {
    const as = await env.login('tplaocai.viewer');
    const get = async (id: string) => {
      const res = await fetch(`${env.url}/api/plans/${id}/export.docx`, { headers: { authorization: `Bearer ${as.token}` } });
      return { status: res.status, body: await res.text() };
    };
    for (const h of hiddenPlans) {
      const a = await get(h.id);
      expect(a.status, h.label).toBe(404);
      expect(a).toEqual(await get(crypto.randomUUID()));
    }
  });
});

/*
 * The printed report (GET /api/reports/:id/export.docx, docs/REPORTS.md "The printed report")
 * answers exactly as report(id): every reporting unit's shared draft and submitted report, asked
 * by every acting unit in every role; a report it may not read answers as an id of nothing.
 */
describe('the report export route answers as report(id) does', () => {
  it('for drafts and submitted reports, every acting unit and role', async () => {
    const problems: string[] = [];
    const get = async (id: string, caller: Caller | undefined) => {
      const headers: Record<string, string> = {};
      if (caller?.token) headers.authorization = `Bearer ${caller.token}`;
      if (caller?.apiKey) headers.authorization = `ApiKey ${caller.apiKey}`;
      const res = await fetch(`${env.url}/api/reports/${id}/export.docx`, { headers });
      const body = res.status === 200 ? '' : await res.text();
      return { status: res.status, body, code: res.status === 200 ? 'OK' : (JSON.parse(body) as { code: string }).code };
    };
    for (const unit of ['tplaocai', 'batxat', 'phuonglaocai'] as const) {
      for (const s of ['DRAFT', 'SUBMITTED'] as const) {
        const id = sharedReport(unit, s);
        for (const actor of ACTORS) {
          for (const role of ROLES) {
            const caller = await callerFor(role, actor);
            const expected = RR.read(s)({ role, actor, position: positionOf(actor, unit), facts: null });
            const got = await get(id, caller);
            const where = `${role} of ${actor} on ${unit}'s ${s}`;
            if (got.code !== expected) problems.push(`${where}: expected ${expected}, got ${got.status} ${got.body}`);
            if (expected === 'NOT_FOUND') {
              const absent = await get(crypto.randomUUID(), caller);
              if (absent.status !== got.status || absent.body !== got.body)
                problems.push(`${where}: hidden ${got.body}, absent ${absent.body}`);
            }
          }
        }
      }
    }
    expect(problems, problems.join('\n')).toEqual([]);
  });
});

/* -------------------------------------------------------------- coverage */

/** Resolvers covered by tests/api/access-matrix.test.ts (units, agencies, accounts). */
const FOUNDATION_RESOLVERS = ['AdminUnitResolver', 'AgencyResolver', 'UnitAgenciesResolver', 'AuthResolver'];

describe('coverage: every plan, derivation, cascade and document operation has a row', () => {
  let schema: GraphQLSchema;
  const covered = new Set(OPS.flatMap((o) => o.covers));
  beforeAll(async () => {
    schema = await createSchema({ signer: createTokenSigner('x', 60) });
  });

  it('every Query and Mutation outside the unit, agency and auth resolvers is in the matrix', () => {
    const storage = getMetadataStorage();
    const foundation = new Set(
      [...storage.queries.map((q) => ['Query', q] as const), ...storage.mutations.map((m) => ['Mutation', m] as const)]
        .filter(([, m]) => FOUNDATION_RESOLVERS.includes(m.target.name))
        .map(([root, m]) => `${root}.${m.schemaName}`),
    );
    const roots = [schema.getQueryType()!, schema.getMutationType()!, schema.getSubscriptionType()].filter(
      (t): t is GraphQLObjectType => !!t,
    );
    const planOps = roots.flatMap((t) => Object.keys(t.getFields()).map((f) => `${t.name}.${f}`)).filter((c) => !foundation.has(c));
    expect(planOps.length).toBeGreaterThan(25);
    expect(planOps.filter((c) => !covered.has(c))).toEqual([]);
    // And nothing the matrix claims is missing from the schema.
    const inSchema = new Set(
      Object.values(schema.getTypeMap())
        .filter(isObjectType)
        .flatMap((t) => Object.keys(t.getFields()).map((f) => `${t.name}.${f}`)),
    );
    expect([...covered].filter((c) => !inSchema.has(c))).toEqual([]);
  });

  it('every object-valued field of Plan, and every field anywhere that returns a Plan, is in the matrix', () => {
    const planType = schema.getType('Plan') as GraphQLObjectType;
    const planFields = Object.values(planType.getFields())
      .filter((f) => isObjectType(getNamedType(f.type)))
      .map((f) => `Plan.${f.name}`);
    expect(planFields).toEqual(expect.arrayContaining(['Plan.history', 'Plan.cascade', 'Plan.parentPlan', 'Plan.upstreamChanges']));
    expect(planFields.filter((c) => !covered.has(c))).toEqual([]);
    // A field returning a plan may hand out an invisible one: each must be exercised here.
    const planValued = Object.values(schema.getTypeMap())
      .filter(isObjectType)
      .filter((t) => !t.name.startsWith('__'))
      .flatMap((t) =>
        Object.values(t.getFields())
          .filter((f) => getNamedType(f.type) === planType)
          .map((f) => `${t.name}.${f.name}`),
      );
    expect(planValued.filter((c) => !covered.has(c))).toEqual([]);
  });
});
