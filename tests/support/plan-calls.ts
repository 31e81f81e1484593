import { expect } from 'vitest';
import type { Caller, GqlResult, TestEnv } from './env.js';

/**
 * The GraphQL calls the plan tests make again and again: a mutation by name and input type, one
 * that must succeed, a plan's current version, and the submit → issue of a draft. `env` is a
 * getter because test files make their environment in beforeAll, after these are bound.
 */
export function planCalls(env: () => TestEnv, defaults: { issuedDate?: string; signerName?: string } = {}) {
  const mutate = (as: Caller, name: string, inputType: string, input: Record<string, unknown>, selection: string): Promise<GqlResult> =>
    env().gql(`mutation($i: ${inputType}!) { ${name}(input: $i) { ${selection} } }`, { i: input }, as);

  /** A mutation that must succeed: its payload. */
  const ok = async (as: Caller, name: string, inputType: string, input: Record<string, unknown>, selection: string) => {
    const r = await mutate(as, name, inputType, input, selection);
    expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
    return r.data![name];
  };

  const planVersion = async (as: Caller, planId: string): Promise<number> =>
    (await env().gql(`query($id: String!) { plan(id: $id) { version } }`, { id: planId }, as)).data!.plan.version as number;

  /** The editor submits the draft, the approver issues it (on `issuedDate`; the server's today without one): issuePlan's payload. */
  const issue = async (editor: Caller, approver: Caller, planId: string, issuedDate = defaults.issuedDate) => {
    const signerName = defaults.signerName ?? 'Trịnh Xuân Trường';
    const s = await ok(
      editor,
      'submitPlanForReview',
      'PlanTransitionInput',
      { planId, version: await planVersion(editor, planId) },
      'plan { version }',
    );
    return ok(
      approver,
      'issuePlan',
      'IssuePlanInput',
      { planId, version: s.plan.version, ...(issuedDate ? { issuedDate } : {}), signature: { signerName } },
      'plan { id number numberSymbol status version }',
    );
  };

  return { mutate, ok, planVersion, issue };
}
