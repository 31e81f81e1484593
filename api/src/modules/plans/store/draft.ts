import crypto from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { one, rows } from '../../../core/sql.js';
import type { PlanRow, PlanNodeRow } from '../plan.types.js';
import { CONTENT_PROVENANCE_SQL, NODE_CONTENT_SQL, nodeContentSql, provenanceSql } from './rollup.js';
import { OMISSION_SQL, omissionOut, taskOut, type NodeOmission } from './reads.js';

/*
 * The store's statements for changing parts of a draft: called only inside a `writePlan` /
 * `editDraft` change (write.ts), which holds the plan's lock and writes the epilogue.
 */

/** A node row as the editing services see it. */
export interface NodeRecord {
  id: string;
  planId: string;
  parentId: string | null;
  position: number;
  kind: string;
  label: string | null;
  text: string;
  task: unknown;
  derivedFromNodeId: string | null;
  provenance: string;
  version: number;
  sourceSnapshot: { kind: string; label: string | null; text: string; task: unknown } | null;
  omission: NodeOmission | null;
  /** Its parent's provenance (an omitted node below an omitted section is restored with it). */
  parentProvenance: string | null;
}
const NODE_COLUMNS = `n.id, n.plan_id as "planId", n.parent_id as "parentId", n.position, n.kind, n.label, n.text, n.task,
  n.derived_from_node_id as "derivedFromNodeId", n.provenance, n.version, n.source_snapshot as "sourceSnapshot", ${OMISSION_SQL} as omission,
  (select p.provenance from plan_node p where p.id = n.parent_id) as "parentProvenance"`;

export const nodeOut = (n: NodeRecord, depth = 0): PlanNodeRow => {
  const { sourceSnapshot: _s, parentProvenance: _p, ...rest } = n;
  return { ...rest, depth, task: taskOut(n.task as never), omission: omissionOut(n.omission as never) } as PlanNodeRow;
};

export async function readNode(em: EntityManager, nodeId: string, opts: { planId?: string; lock?: boolean } = {}) {
  return one<NodeRecord>(
    em,
    `select ${NODE_COLUMNS} from plan_node n where n.id = ?${opts.planId ? ' and n.plan_id = ?' : ''}${opts.lock ? ' for update' : ''}`,
    opts.planId ? [nodeId, opts.planId] : [nodeId],
  );
}

/** How many ancestors the node `n` has. */
const DEPTH_SQL = `(with recursive up as (select a.id, a.parent_id from plan_node a where a.id = n.parent_id union all
  select a.id, a.parent_id from plan_node a join up on a.id = up.parent_id) select count(*)::int from up)`;

/** A node as the API serves it, with its depth, in one statement (undefined if absent or out of sight). */
export async function readNodeOut(em: EntityManager, nodeId: string): Promise<PlanNodeRow | undefined> {
  const row = await one<NodeRecord & { depth: number }>(
    em,
    `select ${NODE_COLUMNS}, ${DEPTH_SQL} as depth from plan_node n where n.id = ?`,
    [nodeId],
  );
  return row && nodeOut(row, row.depth);
}

/** Is `nodeId` the node `ancestorId` or below it? */
export async function isInSubtreeOf(em: EntityManager, nodeId: string, ancestorId: string): Promise<boolean> {
  return !!(await one(
    em,
    `with recursive up as (select id, parent_id from plan_node where id = ? union all select n.id, n.parent_id from plan_node n join up on n.id = up.parent_id)
     select 1 from up where id = ?`,
    [nodeId, ancestorId],
  ));
}

export async function subtreeOf(em: EntityManager, nodeId: string) {
  return rows<{ id: string; label: string | null; text: string; derivedFromNodeId: string | null }>(
    em,
    `with recursive down as (select id, label, text, derived_from_node_id from plan_node where id = ? union all
       select n.id, n.label, n.text, n.derived_from_node_id from plan_node n join down on n.parent_id = down.id)
     select id, label, text, derived_from_node_id as "derivedFromNodeId" from down`,
    [nodeId],
  );
}

export async function phaseInPlan(em: EntityManager, phaseId: string, planId: string): Promise<boolean> {
  return !!(await one(em, `select 1 from plan_phase where id = ? and plan_id = ?`, [phaseId, planId]));
}

/** How many of these agencies belong to the plan's unit. */
export async function countAgenciesOfPlanUnit(em: EntityManager, planId: string, agencyIds: string[]): Promise<number> {
  const found = await rows<{ id: string }>(
    em,
    `select g.id from agency g join plan p on p.unit_id = g.unit_id where p.id = ? and g.id in (${agencyIds.map(() => '?').join(', ')})`,
    [planId, ...agencyIds],
  );
  return found.length;
}

/** Opens (+1) or closes (-1) a gap among the children of `parentId` from `position` on. */
export async function shiftSiblings(
  em: EntityManager,
  planId: string,
  parentId: string | null,
  from: { atOrAfter?: number; after?: number },
  by: 1 | -1,
  exceptId?: string,
): Promise<void> {
  const cmp = from.atOrAfter !== undefined ? '>=' : '>';
  await rows(
    em,
    `update plan_node set position = position ${by > 0 ? '+' : '-'} 1
     where plan_id = ? and parent_id is not distinct from ? and position ${cmp} ?${exceptId ? ' and id <> ?' : ''}`,
    [planId, parentId, from.atOrAfter ?? from.after, ...(exceptId ? [exceptId] : [])],
  );
}

export interface NodeContent {
  kind: string;
  label: string | null;
  text: string;
  task: unknown;
}

/**
 * A new node, written once: a node taken from the parent plan (`derivedFromNodeId`) carries its
 * own content as the snapshot it is compared with, and is INHERITED.
 */
export async function insertNode(
  em: EntityManager,
  plan: Pick<PlanRow, 'id' | 'provinceId'>,
  at: { parentId: string | null; position: number },
  c: NodeContent,
  derivedFromNodeId: string | null = null,
): Promise<string> {
  const id = crypto.randomUUID();
  await rows(
    em,
    `insert into plan_node (id, plan_id, province_id, parent_id, position, kind, label, text, task, derived_from_node_id, source_snapshot, provenance)
     select x.id, x.plan_id, x.province_id, x.parent_id, x.position, x.kind, x.label, x.text, x.task, x.derived_from_node_id,
       case when x.derived_from_node_id is not null then jsonb_build_object('kind', x.kind, 'label', x.label, 'text', x.text, 'task', x.task) end,
       case when x.derived_from_node_id is not null then 'INHERITED' else 'LOCAL' end
     from (select ?::uuid as id, ?::uuid as plan_id, ?::int as province_id, ?::uuid as parent_id, ?::int as position, ?::text as kind,
       ?::text as label, ?::text as text, ?::jsonb as task, ?::uuid as derived_from_node_id) x`,
    [
      id,
      plan.id,
      plan.provinceId,
      at.parentId,
      at.position,
      c.kind,
      c.label,
      c.text,
      c.task ? JSON.stringify(c.task) : null,
      derivedFromNodeId,
    ],
  );
  return id;
}

/**
 * New content of a node, with its provenance computed from the values written, in one statement
 * that returns the node as it now is (with its depth). `upstream` (the parent's new content, after
 * taking an upstream change) moves its reference and snapshot too.
 */
export async function updateNodeContent(
  em: EntityManager,
  nodeId: string,
  c: NodeContent,
  upstream?: { derivedFromNodeId: string; snapshot: NodeContent },
): Promise<NodeRecord & { depth: number }> {
  // In SET, `n` is the row before the update; `x` holds the values written.
  const reference = upstream ? 'x' : 'n';
  const provenance = provenanceSql({
    provenance: 'n.provenance',
    derivedFrom: `${reference}.derived_from_node_id`,
    content: nodeContentSql('x.'),
    snapshot: `${reference}.source_snapshot`,
  });
  const row = await one<NodeRecord & { depth: number }>(
    em,
    `update plan_node n set kind = x.kind, label = x.label, text = x.text, task = x.task, version = n.version + 1, updated_at = now(),
       ${upstream ? 'derived_from_node_id = x.derived_from_node_id, source_snapshot = x.source_snapshot,' : ''} provenance = ${provenance}
     from (select ?::text as kind, ?::text as label, ?::text as text, ?::jsonb as task
       ${upstream ? `, ?::uuid as derived_from_node_id, jsonb_build_object('kind', ?::text, 'label', ?::text, 'text', ?::text, 'task', ?::jsonb) as source_snapshot` : ''}) x
     where n.id = ?
     returning ${NODE_COLUMNS}, ${DEPTH_SQL} as depth`,
    [
      c.kind,
      c.label,
      c.text,
      c.task ? JSON.stringify(c.task) : null,
      ...(upstream
        ? [
            upstream.derivedFromNodeId,
            upstream.snapshot.kind,
            upstream.snapshot.label,
            upstream.snapshot.text,
            upstream.snapshot.task ? JSON.stringify(upstream.snapshot.task) : null,
          ]
        : []),
      nodeId,
    ],
  );
  return row!;
}

export async function placeNode(em: EntityManager, nodeId: string, parentId: string | null, position: number): Promise<void> {
  await rows(em, `update plan_node set parent_id = ?, position = ?, version = version + 1, updated_at = now() where id = ?`, [
    parentId,
    position,
    nodeId,
  ]);
}

export async function deleteNodeRow(em: EntityManager, nodeId: string): Promise<void> {
  await rows(em, `delete from plan_node where id = ?`, [nodeId]);
}

/** The node of a plan derived from one of these parent nodes (the counterpart, for placing an added node). */
export async function nodeDerivedFrom(em: EntityManager, planId: string, sources: string[]) {
  return (
    (await one<{ id: string; position: number }>(
      em,
      `select id, position from plan_node where plan_id = ? and derived_from_node_id = any(?::uuid[]) limit 1`,
      [planId, `{${sources.join(',')}}`],
    )) ?? null
  );
}

/** The sibling just before a node of another plan (the parent's), by position. */
export async function previousSibling(em: EntityManager, n: { planId: string; parentId: string | null; position: number }) {
  return one<{ id: string }>(
    em,
    `select id from plan_node where plan_id = ? and parent_id is not distinct from ? and position < ? order by position desc limit 1`,
    [n.planId, n.parentId, n.position],
  );
}

/* ------------------------------------------------------ omissions, upstream */

const SUBTREE_CTE = `with recursive down as (select id from plan_node where id = ? union all
  select n.id from plan_node n join down on n.parent_id = down.id)`;

/**
 * Omits a node of a derived draft with its subtree (docs/DESIGN.md §4), in one statement: every
 * node below becomes OMITTED (its version moves on), and every one that came from the parent gets
 * its reason in plan_omission, keyed by the parent node as derivation and the diff read it. A node
 * below that was omitted before keeps its own reason.
 */
export async function omitSubtree(em: EntityManager, planId: string, nodeId: string, reason: string, by: string | null): Promise<void> {
  await rows(
    em,
    `${SUBTREE_CTE},
     omitted as (update plan_node n set provenance = 'OMITTED', version = n.version + 1, updated_at = now() from down where n.id = down.id
       returning n.derived_from_node_id)
     insert into plan_omission (plan_id, source_node_id, reason, created_by)
     select ?::uuid, derived_from_node_id, ?, ?::uuid from omitted where derived_from_node_id is not null
     on conflict (plan_id, source_node_id) do nothing`,
    [nodeId, planId, reason, by],
  );
}

/**
 * Restores an omitted node with its subtree, in one statement: each OMITTED node below becomes
 * again what its content makes it (INHERITED / ADAPTED against its snapshot, or LOCAL), and its
 * omission record goes.
 */
export async function restoreSubtree(em: EntityManager, planId: string, nodeId: string): Promise<void> {
  await rows(
    em,
    `${SUBTREE_CTE},
     -- \`down\` has only \`id\`: the content columns of the provenance are the node's.
     restored as (update plan_node n set provenance = ${CONTENT_PROVENANCE_SQL},
       version = n.version + 1, updated_at = now() from down where n.id = down.id and n.provenance = 'OMITTED'
       returning n.derived_from_node_id)
     delete from plan_omission o using restored r where o.plan_id = ? and o.source_node_id = r.derived_from_node_id`,
    [nodeId, planId],
  );
}

export async function setOmissionReason(em: EntityManager, planId: string, sourceNodeId: string, reason: string): Promise<boolean> {
  const updated = await rows(em, `update plan_omission set reason = ? where plan_id = ? and source_node_id = ? returning plan_id`, [
    reason,
    planId,
    sourceNodeId,
  ]);
  return updated.length > 0;
}

export async function recordUpstreamDecision(
  em: EntityManager,
  planId: string,
  upstreamNodeId: string,
  decision: 'TAKEN' | 'DECLINED',
  reason: string | null,
  by: string | null,
): Promise<void> {
  await rows(em, `insert into plan_upstream_decision (plan_id, upstream_node_id, decision, reason, decided_by) values (?, ?, ?, ?, ?)`, [
    planId,
    upstreamNodeId,
    decision,
    reason,
    by,
  ]);
}

/**
 * The plan follows the latest parent version: its parent link, its first legal basis, its
 * nodes' and omissions' sources move to the new version.
 */
export async function rebaseOnParent(
  em: EntityManager,
  planId: string,
  from: string,
  to: string,
  successorOf: Map<string, string>,
): Promise<void> {
  if (successorOf.size) {
    const pairs = JSON.stringify([...successorOf].map(([base, latest]) => ({ base, latest })));
    await rows(
      em,
      `update plan_node n set derived_from_node_id = x.latest from jsonb_to_recordset(?::jsonb) as x(base uuid, latest uuid)
       where n.plan_id = ? and n.derived_from_node_id = x.base`,
      [pairs, planId],
    );
    await rows(
      em,
      `update plan_omission o set source_node_id = x.latest from jsonb_to_recordset(?::jsonb) as x(base uuid, latest uuid)
       where o.plan_id = ? and o.source_node_id = x.base`,
      [pairs, planId],
    );
  }
  // A node the unit had omitted whose source the parent has since removed goes with it (the
  // change was never offered: docs/DESIGN.md §4); its subtree follows it (on delete cascade).
  await rows(
    em,
    `delete from plan_node c where c.plan_id = ? and c.provenance = 'OMITTED' and c.derived_from_node_id is not null
       and not exists (select 1 from plan_node n where n.id = c.derived_from_node_id and n.plan_id = ?)`,
    [planId, to],
  );
  await rows(
    em,
    `delete from plan_omission o where o.plan_id = ? and not exists (select 1 from plan_node n where n.id = o.source_node_id and n.plan_id = ?)`,
    [planId, to],
  );
  await rows(
    em,
    `update plan_legal_basis b set ref_plan_id = p.id, number = case when p.number is null then null
         when position('/' in p.symbol) > 0 then p.number || '-' || p.symbol else p.number || '/' || p.symbol end,
       date = p.issued_date
     from plan p where p.id = ? and b.plan_id = ? and b.ref_plan_id = ?`,
    [to, planId, from],
  );
  await rows(em, `update plan set parent_plan_id = ? where id = ?`, [to, planId]);
}

/** The unit that issued a plan. */
export async function unitOfPlan(em: EntityManager, planId: string): Promise<number> {
  return (await one<{ unitId: number }>(em, `select unit_id as "unitId" from plan where id = ?`, [planId]))!.unitId;
}

export { NODE_CONTENT_SQL };
