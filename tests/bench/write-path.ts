/**
 * The product's own write paths, over GraphQL: authoring a national plan node by node, and
 * playing a unit's PlanScript (derivePlan, header edit, node edits, omissions, local tasks,
 * target allocations, submit, issue) exactly as an editor and an approver would.
 * The bulk generator uses the first for the national plans; the equivalence test uses both.
 */
import { DEMO_PASSWORD } from '../../api/src/seed/demo.seed.js';
import type { RootPlanSpec } from './content.js';
import type { PlanScript } from './model.js';

export interface GqlClient {
  url: string;
  call<T = any>(query: string, variables?: Record<string, unknown>, token?: string): Promise<T>;
  login(username: string, password?: string): Promise<string>;
}

export function gqlClient(url: string): GqlClient {
  const tokens = new Map<string, string>();
  const call = async (query: string, variables?: Record<string, unknown>, token?: string) => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (token) headers.authorization = `Bearer ${token}`;
    const res = await fetch(`${url}/graphql`, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
    const body = (await res.json()) as { data?: any; errors?: unknown[] };
    if (body.errors?.length) throw new Error(`GraphQL error: ${JSON.stringify(body.errors).slice(0, 800)}\nquery: ${query.slice(0, 200)}`);
    return body.data;
  };
  return {
    url,
    call,
    async login(username, password = DEMO_PASSWORD) {
      const hit = tokens.get(username);
      if (hit) return hit;
      const d = await call(`mutation($u: String!, $p: String!) { signIn(input: { username: $u, password: $p }) { token } }`, {
        u: username,
        p: password,
      });
      tokens.set(username, d.signIn.token);
      return d.signIn.token as string;
    },
  };
}

const m = (name: string, inputType: string, selection: string) => `mutation($i: ${inputType}!) { ${name}(input: $i) { ${selection} } }`;

/** Authors a national plan through GraphQL as `editor`, issues it as `approver`; returns its id. */
export async function authorRootPlan(gql: GqlClient, spec: RootPlanSpec, editor: string, approver: string): Promise<string> {
  const e = await gql.login(editor);
  const a = await gql.login(approver);
  let d = await gql.call(m('createPlan', 'CreatePlanInput', 'plan { id version }'), { i: { title: spec.title } }, e);
  const planId: string = d.createPlan.plan.id;
  d = await gql.call(
    m('updatePlanHeader', 'UpdatePlanHeaderInput', 'plan { version }'),
    {
      i: {
        planId,
        version: d.createPlan.plan.version,
        submissionDeadline: spec.submissionDeadline,
        periodStart: spec.periodStart,
        periodEnd: spec.periodEnd,
      },
    },
    e,
  );
  await gql.call(
    m('setLegalBases', 'SetLegalBasesInput', 'plan { version }'),
    { i: { planId, version: d.updatePlanHeader.plan.version, legalBases: spec.legalBases } },
    e,
  );
  const phaseIds = new Map<string, string>();
  for (const p of spec.phases) {
    const r = await gql.call(
      m('savePhase', 'SavePhaseInput', 'phase { id }'),
      { i: { planId, name: p.name, startDate: p.startDate, endDate: p.endDate, goal: p.goal } },
      e,
    );
    phaseIds.set(p.key, r.savePhase.phase.id);
  }
  const nodeIds = new Map<string, string>();
  const lastChild = new Map<string | null, string>();
  for (const n of spec.nodes) {
    const t = n.task;
    const r = await gql.call(
      m('addNode', 'AddNodeInput', 'node { id }'),
      {
        i: {
          planId,
          parentId: n.parentKey ? nodeIds.get(n.parentKey) : null,
          afterNodeId: lastChild.get(n.parentKey) ?? null,
          kind: n.kind,
          label: n.label,
          text: n.text,
          task: t
            ? {
                lead: t.lead,
                cooperating: t.cooperating,
                timing: t.timing
                  ? {
                      kind: t.timing.kind,
                      dueDate: t.timing.dueDate ?? null,
                      periodStart: t.timing.periodStart ?? null,
                      periodEnd: t.timing.periodEnd ?? null,
                      phaseId: t.timing.phaseKey ? phaseIds.get(t.timing.phaseKey) : null,
                      recurring: t.timing.recurring ?? null,
                      text: t.timing.text,
                    }
                  : null,
              }
            : null,
        },
      },
      e,
    );
    nodeIds.set(n.key, r.addNode.node.id);
    lastChild.set(n.parentKey, r.addNode.node.id);
  }
  for (const t of spec.targets) {
    await gql.call(
      m('saveTarget', 'SaveTargetInput', 'target { id }'),
      {
        i: {
          planId,
          nodeId: nodeIds.get(t.nodeKey),
          metric: t.metric,
          unitOfMeasure: t.unitOfMeasure,
          comparator: t.comparator,
          value: t.value,
          responsible: t.responsible,
          allocations: t.allocations.map((x) => ({ assignee: x.assignee, unitId: String(x.unitId), value: x.value })),
        },
      },
      e,
    );
  }
  for (const ms of spec.milestones) {
    await gql.call(
      m('saveMilestone', 'SaveMilestoneInput', 'milestone { id }'),
      { i: { planId, nodeId: nodeIds.get(ms.nodeKey), kind: ms.kind, title: ms.title, dueDate: ms.dueDate, recipient: ms.recipient } },
      e,
    );
  }
  const v = (await gql.call(`query($id: String!) { plan(id: $id) { version } }`, { id: planId }, e)).plan.version;
  const s = await gql.call(m('submitPlanForReview', 'PlanTransitionInput', 'plan { version }'), { i: { planId, version: v } }, e);
  await gql.call(
    m('issuePlan', 'IssuePlanInput', 'plan { id }'),
    {
      i: {
        planId,
        version: s.submitPlanForReview.plan.version,
        issuedDate: spec.issuedDate,
        number: spec.number,
        signature: { signerName: spec.signerName },
      },
    },
    a,
  );
  return planId;
}

const DERIVED = `plan { id version
  nodes { id derivedFromNodeId version }
  targets { id derivedFromTargetId version nodeId metric unitOfMeasure comparator value phaseId periodStart periodEnd year
    responsible { name sector agencyId subordinateCommittees unmatched } } }`;

/**
 * Plays a unit's script through GraphQL. `sourceIds` are the parent plan's node ids in document
 * order (the script names nodes by their index there). Returns the new plan's id.
 */
export async function playScript(
  gql: GqlClient,
  s: PlanScript,
  parentPlanId: string,
  sourceIds: string[],
  users: { editor: string; approver: string },
): Promise<string> {
  const e = await gql.login(users.editor);
  const d = await gql.call(m('derivePlan', 'DerivePlanInput', DERIVED), { i: { parentPlanId, unitId: String(s.unit.id) } }, e);
  const plan = d.derivePlan.plan;
  const planId: string = plan.id;
  let version: number = plan.version;
  const bySource = new Map<string, { id: string; version: number }>(
    plan.nodes.filter((n: any) => n.derivedFromNodeId).map((n: any) => [n.derivedFromNodeId, { id: n.id, version: n.version }]),
  );
  const node = (idx: number) => bySource.get(sourceIds[idx])!;
  if (s.deadline) {
    const r = await gql.call(
      m('updatePlanHeader', 'UpdatePlanHeaderInput', 'plan { version }'),
      { i: { planId, version, submissionDeadline: s.deadline } },
      e,
    );
    version = r.updatePlanHeader.plan.version;
  }
  for (const a of s.adapt) {
    const n = node(a.sourceIdx);
    const r = await gql.call(
      m('updateNode', 'UpdateNodeInput', 'node { version }'),
      { i: { nodeId: n.id, version: n.version, text: a.text } },
      e,
    );
    n.version = r.updateNode.node.version;
  }
  for (const o of s.omit) {
    const n = node(o.sourceIdx);
    await gql.call(m('omitNode', 'OmitNodeInput', 'node { id }'), { i: { nodeId: n.id, version: n.version, reason: o.reason } }, e);
  }
  for (const l of s.local) {
    await gql.call(
      m('addNode', 'AddNodeInput', 'node { id }'),
      {
        i: {
          planId,
          parentId: node(l.parentSourceIdx).id,
          afterNodeId: l.afterSourceIdx === null ? null : node(l.afterSourceIdx).id,
          kind: l.kind,
          label: l.label,
          text: l.text,
          task: l.task,
        },
      },
      e,
    );
  }
  for (const al of s.allocate) {
    const t = plan.targets.find((x: any) => x.derivedFromTargetId === al.parentTargetId);
    await gql.call(
      m('saveTarget', 'SaveTargetInput', 'target { id }'),
      {
        i: {
          planId,
          targetId: t.id,
          version: t.version,
          nodeId: t.nodeId,
          metric: t.metric,
          unitOfMeasure: t.unitOfMeasure,
          comparator: t.comparator,
          value: t.value,
          phaseId: t.phaseId,
          periodStart: t.periodStart,
          periodEnd: t.periodEnd,
          year: t.year,
          responsible: t.responsible,
          allocations: al.allocations.map((x) => ({ assignee: x.assignee, unitId: String(x.unitId), value: x.value })),
        },
      },
      e,
    );
  }
  if (s.status !== 'DRAFT') {
    const r = await gql.call(m('submitPlanForReview', 'PlanTransitionInput', 'plan { version }'), { i: { planId, version } }, e);
    version = r.submitPlanForReview.plan.version;
  }
  if (s.status === 'ISSUED') {
    const a = await gql.login(users.approver);
    await gql.call(
      m('issuePlan', 'IssuePlanInput', 'plan { id }'),
      { i: { planId, version, issuedDate: s.issuedDate, number: s.number, signature: { signerName: s.signerName } } },
      a,
    );
  }
  return planId;
}
