/**
 * The benchmark's data: the country (both shapes, from the real unit lists) with a national plan
 * derived down every branch. The national plans are authored through GraphQL (the product's own
 * write path); every derived plan — derivation, the editor's adaptations, omissions, local tasks
 * and target allocations, review and issue — is computed by ./model.ts and written in bulk (COPY),
 * producing the rows those write paths produce. `mode: 'graphql'` plays the very same scripts
 * through GraphQL instead: tests/api/bench-smoke.test.ts runs both on a small tree and compares.
 */
import 'reflect-metadata';
import { once } from 'node:events';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { MikroORM } from '@mikro-orm/postgresql';
import { openOrm } from '../../api/src/core/db/orm.js';
import { loadPlanRows, readPlanDocument } from '../../api/src/modules/plans/store/index.js';
import type { PlanDocument } from '../../api/src/modules/plans/plan-document.js';
import type { PlanRow } from '../../api/src/modules/plans/plan.types.js';
import { AGENCY_TEMPLATES, inlineName, nationalPlan } from './content.js';
import {
  applyScript,
  orderedNodes,
  outline,
  planOutcome,
  planScript,
  unitKey,
  type AgencyIndex,
  type GenPlan,
  type Knobs,
  type UnitRow,
} from './model.js';
import { rng } from './prng.js';
import { openObligationsBulk, playReports, reportingObligations, reportScript, writeReportsBulk, type ReportFate } from './reports.js';
import { authorRootPlan, playScript, type GqlClient } from './write-path.js';

/** Bump when the generated data changes: the benchmark regenerates its database. */
export const GENERATOR_VERSION = 5;

export type Shape = 'old' | 'new';
export const SHAPE_DATE: Record<Shape, string> = { old: '2024-02-20', new: '2025-07-20' };

export interface Scope {
  shapes: Shape[];
  /** Province codes per shape; all when absent. */
  provinces?: Partial<Record<Shape, string[]>>;
  /** At most this many units below each province/district (first by code); all when absent. */
  maxChildren?: number;
}

export interface GenerateOptions {
  databaseUrl: string;
  seed: string;
  scope: Scope;
  /** Nodes of each national plan. */
  rootSize: number;
  /** A server on that database: the national plans are authored through it (and everything in graphql mode). */
  gql: GqlClient;
  mode: 'bulk' | 'graphql';
  /** Unit key → node count to fill its plan to with local tasks. */
  fillTo?: Record<string, number>;
  force?: Record<string, 'NONE' | 'DRAFT' | 'IN_REVIEW' | 'ISSUED'>;
  /** Unit key → what it does with its first monthly report (./reports.ts draws it otherwise). */
  forceReports?: Record<string, ReportFate>;
  /** National run: drop and rebuild secondary indexes of plan_node around the load, skip FK triggers, vacuum. */
  bulkLoad?: boolean;
  log?: (msg: string) => void;
}

export interface GenerateResult {
  roots: Partial<Record<Shape, string>>;
  plans: number;
  nodes: number;
  byStatus: Record<string, number>;
  /** Obligations opened, and the first monthly reports by what their units did. */
  reports: { obligations: number; written: number; tasks: number; figures: number; byFate: Record<string, number> };
  seconds: Record<string, number>;
}

const UNIT_SQL = `select id, code, name, kind, level, parent_id as "parentId", province_id as "provinceId", path::text as path,
  valid_from::text as "validFrom", valid_to::text as "validTo" from admin_unit`;

export const validOn = (u: UnitRow, d: string) => (!u.validFrom || u.validFrom <= d) && (!u.validTo || u.validTo >= d);

/** The units of the scope: children of each unit valid on the shape's date, by code, limited. */
export class UnitTree {
  readonly byId = new Map<number, UnitRow>();
  private readonly kids = new Map<number, UnitRow[]>();
  private readonly leafCount = new Map<number, number>();
  constructor(
    units: UnitRow[],
    private readonly scope: Scope,
  ) {
    for (const u of units) {
      this.byId.set(u.id, u);
      if (u.parentId !== null) {
        if (!this.kids.has(u.parentId)) this.kids.set(u.parentId, []);
        this.kids.get(u.parentId)!.push(u);
      }
    }
    for (const list of this.kids.values()) list.sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : a.id - b.id));
  }
  root(): UnitRow {
    return [...this.byId.values()].find((u) => u.level === 'CENTRAL')!;
  }
  children(u: UnitRow, shape: Shape): UnitRow[] {
    const d = SHAPE_DATE[shape];
    let list = (this.kids.get(u.id) ?? []).filter((c) => validOn(c, d));
    if (u.level === 'CENTRAL') {
      const only = this.scope.provinces?.[shape];
      if (only) list = list.filter((c) => only.includes(c.code));
    } else if (this.scope.maxChildren !== undefined) {
      list = list.slice(0, this.scope.maxChildren);
    }
    return list;
  }
  /** Communes (leaves) in scope below u, at least 1: the weight of allocations. */
  leaves(u: UnitRow, shape: Shape): number {
    const hit = this.leafCount.get(u.id);
    if (hit !== undefined) return hit;
    const kids = this.children(u, shape);
    const n = kids.length ? kids.reduce((s, c) => s + this.leaves(c, shape), 0) : 1;
    this.leafCount.set(u.id, n);
    return n;
  }
  /** Every unit in scope below the root for the shape. */
  all(shape: Shape): UnitRow[] {
    const out: UnitRow[] = [];
    const walk = (u: UnitRow) => {
      for (const c of this.children(u, shape)) {
        out.push(c);
        walk(c);
      }
    };
    walk(this.root());
    return out;
  }
}

export const userNames = (u: { id: number }) => ({ editor: `b${u.id}.editor`, approver: `b${u.id}.approver`, viewer: `b${u.id}.viewer` });

/** Agencies (the demo templates) and editor/approver/viewer accounts for every unit in scope. */
async function prepareUnits(db: pg.Client, units: UnitRow[]): Promise<void> {
  const agencies: { unit_id: number; province_id: number | null; name: string; sector: string; id: string }[] = [];
  const r = rng('agency-ids');
  for (const u of units) {
    const template = u.level === 'COMMUNE' && u.validFrom ? 'COMMUNE_2025' : u.level;
    // The national root has no agencies in the benchmark data set (as when it was generated).
    for (const [name, sector] of template === 'CENTRAL' ? [] : (AGENCY_TEMPLATES[template] ?? [])) {
      agencies.push({ id: r.uuid(), unit_id: u.id, province_id: u.provinceId, name: name.replace('{x}', inlineName(u.name)), sector });
    }
  }
  for (let i = 0; i < agencies.length; i += 20000) {
    await db.query(
      `insert into agency (id, unit_id, province_id, name, sector)
       select id, unit_id, province_id, name, sector from jsonb_to_recordset($1::jsonb) as x(id uuid, unit_id int, province_id int, name text, sector text)
       on conflict do nothing`,
      [JSON.stringify(agencies.slice(i, i + 20000))],
    );
  }
  const users = units.flatMap((u) => {
    const n = userNames(u);
    const roles: [string, string][] = [
      [n.editor, 'EDITOR'],
      [n.approver, 'APPROVER'],
    ];
    if (u.level === 'PROVINCE' || u.level === 'DISTRICT') roles.push([n.viewer, 'VIEWER']);
    return roles.map(([username, role]) => ({ id: r.uuid(), unit_id: u.id, province_id: u.provinceId, username, role, name: u.name }));
  });
  for (let i = 0; i < users.length; i += 20000) {
    await db.query(
      `insert into app_user (id, unit_id, province_id, username, display_name, password_hash, role)
       select x.id, x.unit_id, x.province_id, x.username, initcap(split_part(x.username, '.', 2)) || ' — ' || x.name,
         (select password_hash from app_user where username = 'quocgia.editor'), x.role
       from jsonb_to_recordset($1::jsonb) as x(id uuid, unit_id int, province_id int, username text, role text, name text)
       on conflict do nothing`,
      [JSON.stringify(users.slice(i, i + 20000))],
    );
  }
}

async function loadAgencies(db: pg.Client): Promise<AgencyIndex> {
  const { rows } = await db.query(
    `select id, unit_id, name, sector, disabled_at is not null as disabled from agency order by unit_id, name`,
  );
  const index: AgencyIndex = new Map();
  for (const a of rows) {
    if (!index.has(a.unit_id)) index.set(a.unit_id, []);
    index.get(a.unit_id)!.push({ id: a.id, name: a.name, sector: a.sector, disabled: a.disabled });
  }
  return index;
}

/* ----------------------------------------------------------------- COPY */

function enc(v: unknown): string {
  if (v === null || v === undefined) return '\\N';
  const s = typeof v === 'object' ? JSON.stringify(v) : String(v);
  return s.replace(/[\\\n\r\t]/g, (c) => (c === '\\' ? '\\\\' : c === '\n' ? '\\n' : c === '\r' ? '\\r' : '\\t'));
}

async function copy(db: pg.Client, table: string, cols: string[], rows: Iterable<unknown[]>): Promise<number> {
  const stream = db.query(copyFrom(`copy ${table} (${cols.join(', ')}) from stdin`));
  const done = new Promise<void>((resolve, reject) => {
    stream.on('finish', () => resolve());
    stream.on('error', reject);
  });
  let buf = '';
  let n = 0;
  for (const r of rows) {
    buf += `${r.map(enc).join('\t')}\n`;
    n++;
    if (buf.length > 1 << 20) {
      if (!stream.write(buf)) await once(stream, 'drain');
      buf = '';
    }
  }
  stream.end(buf);
  await done;
  return n;
}

/** Writes generated plans: one COPY per table, then their roll-ups in one statement. */
async function writePlans(db: pg.Client, plans: GenPlan[], users: Map<number, { editor: string; approver: string }>): Promise<number> {
  if (!plans.length) return 0;
  const sig = (p: GenPlan) => p.signature;
  await copy(
    db,
    'plan',
    [
      'id',
      'unit_id',
      'unit_path',
      'province_id',
      'series_id',
      'version_no',
      'parent_plan_id',
      'parent_series_id',
      'status',
      'issuing_body',
      'number',
      'symbol',
      'place',
      'date_line',
      'issued_date',
      'document_kind',
      'title',
      'preamble',
      'period_start',
      'period_end',
      'submission_deadline',
      'recipients',
      'signature',
      'issued_at',
      'issued_by',
      'created_by',
      'version',
    ],
    plans.map((p) => [
      p.id,
      p.unit.id,
      p.unit.path,
      p.unit.provinceId,
      p.id,
      1,
      p.parentPlanId,
      // Every parent here is the first version of its series (the trigger of migration 0008 writes
      // the same; a national bulk load runs with triggers off).
      p.parentPlanId,
      p.status,
      p.issuingBody,
      p.number,
      p.symbol,
      p.place,
      p.dateLine,
      p.issuedDate,
      p.documentKind,
      p.title,
      p.preamble,
      p.periodStart,
      p.periodEnd,
      p.submissionDeadline,
      p.recipients,
      sig(p),
      p.status === 'ISSUED' ? `${p.issuedDate}T02:00:00Z` : null,
      p.issuedBy,
      p.createdBy,
      p.version,
    ]),
  );
  await copy(
    db,
    'plan_legal_basis',
    ['id', 'plan_id', 'province_id', 'position', 'type', 'number', 'date', 'issuer', 'title', 'text', 'ref_plan_id'],
    plans.flatMap((p) =>
      p.legalBases.map((b) => [
        b.id,
        p.id,
        p.unit.provinceId,
        b.position,
        b.type,
        b.number,
        b.date,
        b.issuer,
        b.title,
        b.text,
        b.refPlanId,
      ]),
    ),
  );
  let nodes = 0;
  await copy(
    db,
    'plan_node',
    [
      'id',
      'plan_id',
      'province_id',
      'parent_id',
      'position',
      'kind',
      'label',
      'text',
      'task',
      'derived_from_node_id',
      'source_snapshot',
      'version',
      'provenance',
    ],
    (function* () {
      for (const p of plans) {
        for (const n of orderedNodes(p)) {
          nodes++;
          yield [
            n.id,
            p.id,
            p.unit.provinceId,
            n.parentId,
            n.position,
            n.kind,
            n.label,
            n.text,
            n.task,
            n.derivedFrom,
            n.snapshot,
            n.version,
            n.provenance,
          ];
        }
      }
    })(),
  );
  await copy(
    db,
    'plan_phase',
    ['id', 'plan_id', 'province_id', 'node_id', 'position', 'name', 'start_date', 'end_date', 'goal'],
    plans.flatMap((p) =>
      p.phases.map((f) => [f.id, p.id, p.unit.provinceId, f.nodeId, f.position, f.name, f.startDate, f.endDate, f.goal]),
    ),
  );
  await copy(
    db,
    'plan_target',
    [
      'id',
      'plan_id',
      'province_id',
      'node_id',
      'position',
      'metric',
      'unit_of_measure',
      'comparator',
      'value',
      'period_start',
      'period_end',
      'phase_id',
      'year',
      'responsible',
      'derived_from_target_id',
      'version',
    ],
    plans.flatMap((p) =>
      p.targets.map((t) => [
        t.id,
        p.id,
        p.unit.provinceId,
        t.nodeId,
        t.position,
        t.metric,
        t.unitOfMeasure,
        t.comparator,
        t.value,
        t.periodStart,
        t.periodEnd,
        t.phaseId,
        t.year,
        t.responsible,
        t.derivedFrom,
        t.version,
      ]),
    ),
  );
  await copy(
    db,
    'plan_target_allocation',
    ['id', 'target_id', 'plan_id', 'position', 'assignee', 'unit_id', 'agency_id', 'value'],
    plans.flatMap((p) =>
      p.targets.flatMap((t) => t.allocations.map((a) => [a.id, t.id, p.id, a.position, a.assignee, a.unitId, a.agencyId, a.value])),
    ),
  );
  await copy(
    db,
    'plan_milestone',
    ['id', 'plan_id', 'province_id', 'node_id', 'position', 'kind', 'title', 'due_date', 'recipient'],
    plans.flatMap((p) =>
      p.milestones.map((m) => [m.id, p.id, p.unit.provinceId, m.nodeId, m.position, m.kind, m.title, m.dueDate, m.recipient]),
    ),
  );
  await copy(
    db,
    'plan_omission',
    ['plan_id', 'source_node_id', 'reason', 'created_by'],
    plans.flatMap((p) => p.omissions.map((o) => [p.id, o.sourceNodeId, o.reason, users.get(p.unit.id)!.editor])),
  );
  const issued = plans.filter((p) => p.status === 'ISSUED');
  if (issued.length) {
    await db.query(
      `insert into plan_number_sequence (unit_id, symbol, year, last_number)
       select unit_id, symbol, year, max(n) from jsonb_to_recordset($1::jsonb) as x(unit_id int, symbol text, year int, n int) group by 1, 2, 3
       on conflict (unit_id, symbol, year) do update set last_number = greatest(plan_number_sequence.last_number, excluded.last_number)`,
      [
        JSON.stringify(
          issued.map((p) => ({
            unit_id: p.unit.id,
            symbol: p.symbol,
            year: Number(p.issuedDate!.slice(0, 4)),
            n: parseInt(p.number!, 10),
          })),
        ),
      ],
    );
  }
  const r = rng('requests', plans[0].id);
  await copy(
    db,
    'audit_event',
    ['actor_user_id', 'unit_id', 'province_id', 'entity_type', 'entity_id', 'action', 'before', 'after', 'request_id'],
    plans.flatMap((p) => p.audits.map((a) => [a.actor, p.unit.id, p.unit.provinceId, 'Plan', p.id, a.action, a.before, a.after, r.uuid()])),
  );
  await refreshRollups(
    db,
    plans.map((p) => p.id),
  );
  return nodes;
}

/**
 * plan_rollup rows of many plans in one statement: the same counts refreshRollup() writes for
 * one plan (no amendments in generated data, so nothing is pending upstream).
 */
export async function refreshRollups(db: pg.Client, planIds: string[]): Promise<void> {
  await db.query(
    `insert into plan_rollup (plan_id, parent_plan_id, parent_series_id, lineage, unit_id, unit_path, province_id, inherited, adapted, local, omitted,
       parent_tasks, parent_tasks_covered, upstream_pending, upstream_declined, updated_at)
     select p.id, p.parent_plan_id, pp.series_id, array[pp.series_id] || coalesce(xr.lineage, '{}'), p.unit_id, p.unit_path, p.province_id,
       coalesce(nc.inherited, 0), coalesce(nc.adapted, 0), coalesce(nc.local, 0), coalesce(om.n, 0), coalesce(pt.n, 0), coalesce(cv.n, 0), 0, 0, now()
     from plan p join plan pp on pp.id = p.parent_plan_id
     left join plan_rollup xr on xr.plan_id = pp.id
     left join (select plan_id, count(*) filter (where provenance = 'INHERITED') inherited, count(*) filter (where provenance = 'ADAPTED') adapted,
                  count(*) filter (where provenance = 'LOCAL') local
                from plan_node where plan_id = any($1::uuid[]) group by plan_id) nc on nc.plan_id = p.id
     left join (select plan_id, count(*) n from plan_omission where plan_id = any($1::uuid[]) group by plan_id) om on om.plan_id = p.id
     left join (select plan_id, count(*) n from plan_node where task is not null and provenance <> 'OMITTED'
                  and plan_id in (select parent_plan_id from plan where id = any($1::uuid[])) group by plan_id) pt on pt.plan_id = p.parent_plan_id
     left join (select cn.plan_id, count(distinct pn.id) n from plan_node cn join plan c on c.id = cn.plan_id
                  join plan_node pn on pn.id = cn.derived_from_node_id and pn.plan_id = c.parent_plan_id
                where cn.plan_id = any($1::uuid[]) and pn.task is not null and cn.provenance <> 'OMITTED' group by cn.plan_id) cv on cv.plan_id = p.id
     where p.id = any($1::uuid[])`,
    [`{${planIds.join(',')}}`],
  );
}

interface Frontier {
  plan: PlanRow;
  unit: UnitRow;
  doc: PlanDocument;
  shape: Shape;
}

async function loadFrontier(orm: MikroORM, items: { id: string; unit: UnitRow; shape: Shape }[]): Promise<Frontier[]> {
  const out: Frontier[] = [];
  for (let i = 0; i < items.length; i += 200) {
    const chunk = items.slice(i, i + 200);
    const em = orm.em.fork();
    const plans = new Map(
      (
        await loadPlanRows(
          em,
          chunk.map((c) => c.id),
        )
      ).map((p) => [p.id, p]),
    );
    const docs = await Promise.all(
      chunk.map(async (c, k) => {
        // A few connections in parallel; readPlanDocument runs its five reads together.
        const fem = k % 4 === 0 ? em : orm.em.fork();
        return readPlanDocument(fem, plans.get(c.id)!);
      }),
    );
    chunk.forEach((c, k) => out.push({ plan: plans.get(c.id)!, unit: c.unit, doc: docs[k], shape: c.shape }));
  }
  return out;
}

export async function generate(opts: GenerateOptions): Promise<GenerateResult> {
  const log = opts.log ?? (() => {});
  const t0 = Date.now();
  const seconds: Record<string, number> = {};
  const lap = (k: string, since: number) => (seconds[k] = Math.round((Date.now() - since) / 100) / 10);
  const db = new pg.Client({ connectionString: opts.databaseUrl });
  await db.connect();
  await db.query(`set synchronous_commit = off`);
  const orm = await openOrm(opts.databaseUrl, { debug: false, pool: { min: 0, max: 6 } });
  const result: GenerateResult = {
    roots: {},
    plans: 0,
    nodes: 0,
    byStatus: {},
    reports: { obligations: 0, written: 0, tasks: 0, figures: 0, byFate: {} },
    seconds,
  };
  try {
    const tree = new UnitTree((await db.query<UnitRow>(UNIT_SQL)).rows, opts.scope);
    const scoped = opts.scope.shapes.flatMap((s) => tree.all(s));
    let t = Date.now();
    await prepareUnits(db, scoped);
    const agencies = await loadAgencies(db);
    const { rows: userRows } = await db.query<{ id: string; username: string; unit_id: number }>(
      `select id, username, unit_id from app_user where username like 'b%.editor' or username like 'b%.approver'`,
    );
    const userIds = new Map(userRows.map((u) => [u.username, u.id]));
    const usersOf = (u: { id: number }) => ({ editor: userIds.get(userNames(u).editor)!, approver: userIds.get(userNames(u).approver)! });
    lap('unitsAgenciesUsers', t);
    log(`units in scope: ${scoped.length}; agencies and accounts ready (${seconds.unitsAgenciesUsers} s)`);

    t = Date.now();
    const root = tree.root();
    let frontier: { id: string; unit: UnitRow; shape: Shape }[] = [];
    for (const shape of opts.scope.shapes) {
      const spec = nationalPlan({
        seed: opts.seed,
        shape,
        size: opts.rootSize,
        children: tree.children(root, shape).map((c) => ({ id: c.id, name: c.name, weight: tree.leaves(c, shape) })),
      });
      const id = await authorRootPlan(opts.gql, spec, 'quocgia.editor', 'quocgia.approver');
      result.roots[shape] = id;
      frontier.push({ id, unit: root, shape });
      result.plans++;
      result.nodes += spec.nodes.length;
      result.byStatus.ISSUED = (result.byStatus.ISSUED ?? 0) + 1;
    }
    lap('nationalPlansGraphql', t);
    log(`national plans authored through GraphQL (${seconds.nationalPlansGraphql} s)`);

    const knobs: Knobs = {
      seed: opts.seed,
      fillTo: new Map(Object.entries(opts.fillTo ?? {})),
      force: new Map(Object.entries(opts.force ?? {})),
      maxNodes: 300,
    };
    const copyDb = new pg.Client({ connectionString: opts.databaseUrl });
    await copyDb.connect();
    await copyDb.query(`set synchronous_commit = off`);
    if (opts.bulkLoad) {
      await copyDb.query(`set session_replication_role = replica`);
      await copyDb.query(`drop index if exists plan_node_search`);
      await copyDb.query(`drop index if exists plan_node_derived`);
      await copyDb.query(`drop index if exists plan_node_parent`);
    }
    const ids = rng(opts.seed, 'ids');
    // A stream of its own, so that the plans' ids are those of the generator before reports.
    const obligationIds = rng(opts.seed, 'obligation-ids');
    let level = 0;
    while (frontier.length) {
      level++;
      t = Date.now();
      const parents = await loadFrontier(orm, frontier);
      const tRead = (Date.now() - t) / 1000;
      const next: typeof frontier = [];
      let batch: GenPlan[] = [];
      const issuedHere: string[] = [];
      let made = 0;
      let tModel = 0;
      let tWrite = 0;
      const flush = async () => {
        const w = Date.now();
        result.nodes += await writePlans(copyDb, batch, new Map(batch.map((p) => [p.unit.id, usersOf(p.unit)])));
        tWrite += Date.now() - w;
        batch = [];
      };
      for (const parent of parents) {
        for (const unit of tree.children(parent.unit, parent.shape)) {
          const outcome = planOutcome(unit, knobs);
          if (outcome === 'NONE') continue;
          const m0 = Date.now();
          const o = await outline(parent.plan, parent.unit, parent.doc, unit, agencies);
          const kids = tree.children(unit, parent.shape).map((c) => ({ unit: c, weight: tree.leaves(c, parent.shape) }));
          const script = planScript(o, knobs, outcome, agencies.get(unit.id) ?? [], kids);
          let planId: string;
          if (opts.mode === 'graphql') {
            planId = await playScript(
              opts.gql,
              script,
              parent.plan.id,
              parent.doc.nodes.map((n) => n.key),
              userNames(unit),
            );
            tModel += Date.now() - m0;
          } else {
            const gp = applyScript(o, script, ids, usersOf(unit));
            planId = gp.id;
            batch.push(gp);
            tModel += Date.now() - m0;
            if (batch.length >= 250) await flush();
          }
          made++;
          if (outcome === 'ISSUED') issuedHere.push(planId);
          result.byStatus[outcome] = (result.byStatus[outcome] ?? 0) + 1;
          if (outcome === 'ISSUED' && kids.length) next.push({ id: planId, unit, shape: parent.shape });
        }
      }
      await flush();
      // issuePlan opens the obligations of each plan it issues (graphql mode did, through it).
      let tObl = 0;
      if (opts.mode === 'bulk') {
        const o0 = Date.now();
        await openObligationsBulk(copyDb, orm, issuedHere, obligationIds);
        tObl = Date.now() - o0;
      }
      result.plans += made;
      lap(`level${level}`, t);
      log(
        `level ${level}: ${made} plans (${seconds[`level${level}`]} s: read parents ${tRead.toFixed(1)} s, model ${(tModel / 1000).toFixed(1)} s, write ${(tWrite / 1000).toFixed(1)} s, obligations ${(tObl / 1000).toFixed(1)} s)`,
      );
      frontier = next;
    }
    if (opts.bulkLoad) {
      t = Date.now();
      await copyDb.query(`set session_replication_role = origin`);
      await copyDb.query(`set maintenance_work_mem = '1GB'`);
      await copyDb.query(`create index plan_node_derived on plan_node (derived_from_node_id)`);
      // As in migration 0005 (when present).
      if ((await copyDb.query(`select 1 from mikro_orm_migrations where name = '0005-node-reference-indexes'`)).rowCount)
        await copyDb.query(`create index plan_node_parent on plan_node (parent_id)`);
      await copyDb.query(`create index plan_node_search on plan_node using gin (search_key gin_trgm_ops)`);
      lap('indexes', t);
      log(`indexes rebuilt (${seconds.indexes} s)`);
      t = Date.now();
      await copyDb.query(
        `vacuum (analyze) plan, plan_node, plan_rollup, plan_target, plan_target_allocation, plan_omission, audit_event, agency, app_user`,
      );
      lap('vacuumAnalyze', t);
      log(`vacuum analyze (${seconds.vacuumAnalyze} s)`);
    }
    t = Date.now();
    await generateReports(opts, copyDb, orm, tree, Object.values(result.roots), scoped, usersOf, result);
    lap('reports', t);
    const r = result.reports;
    log(
      `reports: ${r.obligations} obligations, ${r.written} first monthly reports (${Object.entries(r.byFate)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')}), ${r.tasks} task rows, ${r.figures} figures (${seconds.reports} s)`,
    );
    if (opts.bulkLoad) {
      t = Date.now();
      await copyDb.query(`vacuum (analyze) report_obligation, report, report_task, report_figure, report_rollup, audit_event`);
      lap('vacuumAnalyzeReports', t);
    } else {
      await copyDb.query(`analyze`);
    }
    await copyDb.end();
    seconds.total = Math.round((Date.now() - t0) / 100) / 10;
    return result;
  } finally {
    await db.end();
    await orm.close(true);
  }
}

/**
 * The first monthly report of every plan below the national ones, unit by unit, deepest first:
 * through GraphQL in graphql mode, in bulk otherwise (./reports.ts).
 */
async function generateReports(
  opts: GenerateOptions,
  db: pg.Client,
  orm: MikroORM,
  tree: UnitTree,
  roots: string[],
  scoped: UnitRow[],
  usersOf: (u: { id: number }) => { editor: string; approver: string },
  result: GenerateResult,
): Promise<void> {
  const out = result.reports;
  out.obligations = Number(
    (
      await db.query(
        `select count(*) as n from report_obligation o
         where exists (select 1 from plan_rollup r where r.plan_id = o.plan_id and r.lineage && $1::uuid[]) or o.plan_id = any($1::uuid[])`,
        [roots],
      )
    ).rows[0].n,
  );
  const force = new Map(Object.entries(opts.forceReports ?? {}));
  const groups = await reportingObligations(
    db,
    roots,
    scoped.map((u) => u.id),
  );
  const ids = rng(opts.seed, 'report-ids');
  for (const group of groups) {
    const scripts = group.map((o) => {
      const unit = tree.byId.get(o.unitId)!;
      return reportScript(opts.seed, o, unit, force.get(unitKey(unit)));
    });
    for (const s of scripts) out.byFate[s.fate] = (out.byFate[s.fate] ?? 0) + 1;
    if (opts.mode === 'graphql') {
      out.written += await playReports(opts.gql, orm, scripts, (unitId) => userNames({ id: unitId }));
    } else {
      const n = await writeReportsBulk(
        db,
        orm,
        { copy: (table, cols, rows) => copy(db, table, cols, rows), users: (unitId) => usersOf({ id: unitId }) },
        scripts,
        ids,
      );
      out.written += n.reports;
      out.tasks += n.tasks;
      out.figures += n.figures;
    }
  }
  if (opts.mode === 'graphql') {
    const { rows } = await db.query(
      `select count(*)::int as tasks, (select count(*)::int from report_figure f join report r on r.id = f.report_id
         join report_obligation o on o.id = r.obligation_id where exists (select 1 from plan_rollup x where x.plan_id = o.plan_id and x.lineage && $1::uuid[])) as figures
       from report_task t join report r on r.id = t.report_id join report_obligation o on o.id = r.obligation_id
       where exists (select 1 from plan_rollup x where x.plan_id = o.plan_id and x.lineage && $1::uuid[])`,
      [roots],
    );
    out.tasks = rows[0].tasks;
    out.figures = rows[0].figures;
  }
}

export { unitKey };
