import { describe, expect, it } from 'vitest';
import { daysBetween, issueReview } from './issue-review';
import type { CheckFinding, PlanNode } from './types';

const finding = (rule: string, severity: string, nodeLabel: string | null): CheckFinding =>
  ({ rule, severity, nodeLabel, nodeId: null, targetId: null, message: rule }) as CheckFinding;
const task = (label: string, timing: Partial<NonNullable<PlanNode['task']>['timing']> | null) =>
  ({ id: label, label, task: { lead: [], cooperating: [], timing: timing ? { kind: 'BY_DATE', dueDate: null, periodEnd: null, ...timing } : null } }) as unknown as PlanNode;

describe('the review before issuing', () => {
  it('blocks on each rule with errors, on the passed deadline of the superior, and on tasks and reports already due', () => {
    const review = issueReview(
      {
        checks: [finding('TASK_NO_TIMING', 'ERROR', '1.'), finding('TASK_NO_TIMING', 'ERROR', '2.'), finding('CITATION_INCONSISTENT', 'WARNING', null)],
        nodes: [task('1.', { kind: 'BY_DATE', dueDate: '2024-06-26' }), task('2.', { kind: 'WITHIN_PERIOD', periodEnd: '2026-12-31' }), task('3.', null)],
        milestones: [{ id: 'm', nodeId: null, position: 0, kind: 'RESULT_REPORT', title: 'Báo cáo kết quả', dueDate: '2024-07-01', recipient: null, recurrence: null, dueDay: null, version: 1 }],
        periodEnd: '2024-12-31',
        parentPlan: { submissionDeadline: '2024-08-30' },
      },
      '2026-12-07',
    );
    expect(review.blocking.map((b) => b.key)).toEqual(['check:TASK_NO_TIMING', 'deadline', 'period', 'tasksPast', 'milestonesPast']);
    expect(review.blocking[0]).toMatchObject({ count: 2, places: ['1.', '2.'] });
    expect(review.blocking[1]).toMatchObject({ days: 829 });
    expect(review.blocking[3]).toMatchObject({ count: 1, places: ['1.'] });
    expect(review.warnings.map((w) => w.key)).toEqual(['check:CITATION_INCONSISTENT']);
  });

  it('has nothing to confirm for a clean plan issued in time', () => {
    const review = issueReview(
      { checks: [], nodes: [task('1.', { dueDate: '2027-06-26' })], milestones: [], periodEnd: '2027-12-31', parentPlan: { submissionDeadline: '2026-12-31' } },
      '2026-12-07',
    );
    expect(review).toEqual({ blocking: [], warnings: [] });
    expect(daysBetween('2024-08-30', '2026-12-07')).toBe(829);
  });
});
