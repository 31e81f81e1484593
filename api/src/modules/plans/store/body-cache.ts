import type { PlanNodeRow, PlanRow } from '../plan.types.js';

/**
 * The bodies (nodes in document order) of plans that can no longer change, kept in memory
 * (docs/ARCHITECTURE.md, "Read paths"). Once a plan leaves DRAFT/IN_REVIEW for ISSUED, its nodes
 * and omissions are never written again (every node write is a draft edit, store/write.ts
 * checkDraft; a revision is a new plan row, amendPlan), so a body read under the key (plan id,
 * header version) is the same on every server instance at any time: nothing to invalidate, and
 * nothing shared between instances. Only the body is kept: the plan row, and with it the caller's
 * right to read the plan, is read and checked on every request before the body is asked for, and
 * links out of the body (derivedFromNodeId) are still filtered per caller by the resolvers.
 *
 * Bounded by the number of nodes held (least recently used bodies leave first). The rows are
 * frozen: they are shared by every request that reads the plan.
 */
export const IMMUTABLE_BODY_STATUSES: readonly string[] = ['ISSUED', 'SUPERSEDED', 'REVOKED'];
const MAX_NODES = 60_000; // ~40 MB at the benchmark's ~600 bytes a node; a plan holds at most PLAN_LIMITS.nodes

const bodies = new Map<string, readonly PlanNodeRow[]>();
let held = 0;

const keyOf = (plan: Pick<PlanRow, 'id' | 'version'>) => `${plan.id}@${plan.version}`;

function freeze(node: PlanNodeRow): PlanNodeRow {
  if (node.task) {
    node.task.lead.forEach((a) => Object.freeze(a));
    node.task.cooperating.forEach((a) => Object.freeze(a));
    Object.freeze(node.task.lead);
    Object.freeze(node.task.cooperating);
    if (node.task.timing) Object.freeze(node.task.timing);
    Object.freeze(node.task);
  }
  if (node.omission) Object.freeze(node.omission);
  return Object.freeze(node);
}

/**
 * The plan's body through the cache when the plan is past review; `load` reads it otherwise
 * (and on a miss). A draft is never cached.
 */
export async function cachedBody(
  plan: Pick<PlanRow, 'id' | 'version' | 'status'>,
  load: () => Promise<PlanNodeRow[]>,
): Promise<readonly PlanNodeRow[]> {
  if (!IMMUTABLE_BODY_STATUSES.includes(plan.status)) return load();
  const key = keyOf(plan);
  const hit = bodies.get(key);
  if (hit) {
    bodies.delete(key); // most recently used last
    bodies.set(key, hit);
    return hit;
  }
  const nodes = await load();
  if (nodes.length > MAX_NODES || bodies.has(key)) return nodes;
  // The loader's rows are this request's own copies (plain objects from the store's read path).
  const body = Object.freeze(nodes.map(freeze));
  bodies.set(key, body);
  held += body.length;
  for (const [k, b] of bodies) {
    if (held <= MAX_NODES) break;
    bodies.delete(k);
    held -= b.length;
  }
  return body;
}

/** For tests: what the cache holds. */
export function bodyCacheStats(): { plans: number; nodes: number } {
  return { plans: bodies.size, nodes: held };
}
