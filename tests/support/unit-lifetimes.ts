import { expect } from 'vitest';
import type { Caller, TestEnv } from './env.js';

/**
 * Units of the demo data whose lifetime matters, with what api/data/admin-units says about them:
 * the pre-2025 tree ends on 30/06/2025 and each dissolved unit has successors in the new tree
 * (provinces-2025.csv merged_from_codes for provinces and districts, communes-2025.csv for
 * communes). The tests compare the API's answers with these facts, not with its own queries.
 */
export const LIFETIMES = {
  /** Thành phố Lào Cai (district 080 of the old Tỉnh Lào Cai): the city of the issue report. */
  tplaocai: { code: '080', validFrom: null, lastDay: '2025-06-30', successors: [{ code: '15', name: 'Tỉnh Lào Cai', kind: 'FULL' }] },
  /** The old Tỉnh Lào Cai (10), merged with Yên Bái into the new Tỉnh Lào Cai (15). */
  laocai: { code: '10', validFrom: null, lastDay: '2025-06-30', successors: [{ code: '15', name: 'Tỉnh Lào Cai', kind: 'FULL' }] },
  /** Phường Lào Cai (02641), a ward of the city, merged into the new Phường Lào Cai (02647). */
  phuonglaocai: {
    code: '02641',
    validFrom: null,
    lastDay: '2025-06-30',
    successors: [{ code: '02647', name: 'Phường Lào Cai', kind: 'FULL' }],
  },
  /** Phường Pleiku (23575): established on 01/07/2025, still existing. */
  pleiku: { code: '23575', validFrom: '2025-07-01', lastDay: null, successors: [] },
} as const;

type Mutate = (as: Caller, name: string, inputType: string, input: Record<string, unknown>, selection: string) => Promise<any>;

/** A mutation that must succeed; returns its payload. */
export function okMutation(env: TestEnv): Mutate {
  return async (as, name, inputType, input, selection) => {
    const r = await env.gql(`mutation($i: ${inputType}!) { ${name}(input: $i) { ${selection} } }`, { i: input }, as);
    expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
    return r.data![name];
  };
}

export async function planVersion(env: TestEnv, as: Caller, planId: string): Promise<number> {
  const r = await env.gql(`query($id: String!) { plan(id: $id) { version } }`, { id: planId }, as);
  return r.data!.plan.version as number;
}

/** A small plan of the editor's unit: one section with one task for every subordinate committee. */
export async function smallPlan(env: TestEnv, editor: Caller, title: string): Promise<string> {
  const ok = okMutation(env);
  const p = await ok(editor, 'createPlan', 'CreatePlanInput', { title }, 'plan { id }');
  const s = await ok(
    editor,
    'addNode',
    'AddNodeInput',
    { planId: p.plan.id, kind: 'SECTION', label: 'I.', text: 'NHIỆM VỤ' },
    'node { id }',
  );
  await ok(
    editor,
    'addNode',
    'AddNodeInput',
    {
      planId: p.plan.id,
      parentId: s.node.id,
      kind: 'ITEM',
      label: '1.',
      text: 'Ủy ban nhân dân cấp dưới xây dựng kế hoạch thực hiện',
      task: {
        lead: [{ name: 'UBND các huyện, thị xã, thành phố', subordinateCommittees: true }],
        timing: { kind: 'RECURRING', recurring: true, text: 'thường xuyên' },
      },
    },
    'node { id }',
  );
  return p.plan.id as string;
}

/** Submits a draft for review; returns the version to issue it with. */
export async function submit(env: TestEnv, editor: Caller, planId: string): Promise<number> {
  const s = await okMutation(env)(
    editor,
    'submitPlanForReview',
    'PlanTransitionInput',
    { planId, version: await planVersion(env, editor, planId) },
    'plan { version }',
  );
  return s.plan.version as number;
}

export const ISSUE = `mutation($i: IssuePlanInput!) { issuePlan(input: $i) { plan { id status issuedDate number } } }`;

/** Submits and issues a plan on a date (which must be one its unit exists on). */
export async function issueOn(env: TestEnv, editor: Caller, approver: Caller, planId: string, issuedDate: string): Promise<void> {
  const version = await submit(env, editor, planId);
  const r = await env.gql(ISSUE, { i: { planId, version, issuedDate, signature: { signerName: 'Chủ tịch' } } }, approver);
  expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
}

/** The draft the demo data derives for Thành phố Lào Cai from the Lào Cai plan (api/src/seed/plans.seed.ts). */
export async function seedCityDraft(env: TestEnv): Promise<string> {
  const { rows } = await env.db.query(
    `select p.id from plan p join admin_unit u on u.id = p.unit_id where u.code = '080' and p.status = 'DRAFT' and p.parent_plan_id is not null`,
  );
  expect(rows).toHaveLength(1);
  return rows[0].id as string;
}
