import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type Caller, type TestEnv } from '../support/env.js';
import { okMutation } from '../support/unit-lifetimes.js';

/*
 * planChecks findings carry their rule as an enum and their figures as fields, so that a client
 * words them in its own language without cutting figures out of the English message.
 */

let env: TestEnv;
let editor: Caller;
let planId: string;
const at: Record<string, string> = {};

const FINDINGS = `query($id: String!) { planChecks(planId: $id) {
  rule severity nodeId targetId message date limitDate periodStart periodEnd allocated total unitOfMeasure phaseName
  citedAs { documentType number date } } }`;

beforeAll(async () => {
  env = await createTestEnv();
  editor = await env.login('laocai.editor');
  const ok = okMutation(env);
  const p = await ok(editor, 'createPlan', 'CreatePlanInput', { title: 'Kế hoạch kiểm tra' }, 'plan { id version }');
  planId = p.plan.id;
  await ok(
    editor,
    'updatePlanHeader',
    'UpdatePlanHeaderInput',
    { planId, version: p.plan.version, periodStart: '2024-06-01', periodEnd: '2024-12-31' },
    'plan { id }',
  );
  const add = async (key: string, fields: Record<string, unknown>) => {
    at[key] = (await ok(editor, 'addNode', 'AddNodeInput', { planId, ...fields }, 'node { id }')).node.id;
  };
  const police = [{ name: 'Công an tỉnh', sector: 'POLICE' }];
  await add('basis', { kind: 'PARAGRAPH', text: 'Thực hiện Chỉ thị số 36-CT/TW ngày 16/8/2019 của Bộ Chính trị.' });
  await add('late', {
    kind: 'ITEM',
    label: '1.',
    text: 'Công an tỉnh tổng kết đợt cao điểm theo Chỉ thị số 36-CT/TW ngày 16/9/2019.',
    task: { lead: police, timing: { kind: 'BY_DATE', dueDate: '2025-01-15', text: 'trước 15/01/2025' } },
  });
  await add('noLead', { kind: 'ITEM', label: '2.', text: 'Rà soát địa bàn.', task: { timing: { kind: 'RECURRING', recurring: true } } });
  const t = await ok(
    editor,
    'saveTarget',
    'SaveTargetInput',
    {
      planId,
      nodeId: at.late,
      metric: 'số vụ phát hiện',
      unitOfMeasure: 'vụ',
      value: 160,
      allocations: [
        { assignee: 'thành phố Lào Cai', value: 45 },
        { assignee: 'huyện Bát Xát', value: 21 },
      ],
    },
    'target { id }',
  );
  at.target = t.target.id;
  await ok(
    editor,
    'savePhase',
    'SavePhaseInput',
    { planId, name: 'Giai đoạn 2', startDate: '2024-11-01', endDate: '2025-02-28' },
    'phase { id }',
  );
  await ok(
    editor,
    'saveMilestone',
    'SaveMilestoneInput',
    { planId, kind: 'FINAL_REVIEW', title: 'Báo cáo tổng kết', dueDate: '2024-12-20' },
    'milestone { id }',
  );
  await ok(
    editor,
    'saveMilestone',
    'SaveMilestoneInput',
    { planId, kind: 'RESULT_REPORT', title: 'Báo cáo sớm', dueDate: '2024-05-20' },
    'milestone { id }',
  );
});
afterAll(async () => {
  await env?.stop();
});

describe('planChecks', () => {
  it('gives each finding its rule and its figures as fields', async () => {
    const r = await env.gql(FINDINGS, { id: planId }, editor);
    expect(r.errors).toBeUndefined();
    const found = r.data!.planChecks as Record<string, unknown>[];
    const of = (rule: string) => found.filter((f) => f.rule === rule);
    const none = { allocated: null, total: null, unitOfMeasure: null, phaseName: null };

    expect(of('ALLOCATION_SUM_MISMATCH')).toEqual([
      expect.objectContaining({ severity: 'ERROR', targetId: at.target, allocated: 66, total: 160, unitOfMeasure: 'vụ', citedAs: [] }),
    ]);
    expect(of('DEADLINE_OUTSIDE_PERIOD')).toEqual([
      expect.objectContaining({ nodeId: at.late, date: '2025-01-15', periodStart: '2024-06-01', periodEnd: '2024-12-31', ...none }),
    ]);
    expect(of('DEADLINE_AFTER_MILESTONE')).toEqual([
      expect.objectContaining({ nodeId: at.late, date: '2025-01-15', limitDate: '2024-12-20' }),
    ]);
    expect(of('REPORT_BEFORE_PERIOD')).toEqual([
      expect.objectContaining({ severity: 'ERROR', date: '2024-05-20', limitDate: '2024-06-01', periodStart: '2024-06-01' }),
    ]);
    expect(of('PHASE_OUTSIDE_PERIOD')).toEqual([
      expect.objectContaining({ phaseName: 'Giai đoạn 2', periodStart: '2024-06-01', periodEnd: '2024-12-31', date: null }),
    ]);
    expect(of('TASK_NO_LEAD')).toEqual([expect.objectContaining({ nodeId: at.noLead, date: null, limitDate: null, ...none })]);
    // Which of the two nodes carries it depends on their order; both citations are given.
    const citation = of('CITATION_INCONSISTENT');
    expect(citation).toHaveLength(1);
    expect([at.basis, at.late]).toContain(citation[0].nodeId);
    expect(citation[0].citedAs).toHaveLength(2);
    expect(citation[0].citedAs).toEqual(
      expect.arrayContaining([
        { documentType: 'Chỉ thị', number: '36-CT/TW', date: '2019-08-16' },
        { documentType: 'Chỉ thị', number: '36-CT/TW', date: '2019-09-16' },
      ]),
    );
  });

  it('declares its rules and severities as enums in the schema', async () => {
    const r = await env.gql(
      `{ rule: __type(name: "PlanCheckRule") { kind enumValues { name } } severity: __type(name: "PlanCheckSeverity") { kind enumValues { name } } }`,
    );
    expect(r.data!.rule.kind).toBe('ENUM');
    expect(r.data!.rule.enumValues.map((v: { name: string }) => v.name)).toContain('ALLOCATION_SUM_MISMATCH');
    expect(r.data!.severity.enumValues.map((v: { name: string }) => v.name)).toEqual(['ERROR', 'WARNING']);
  });
});
