import { describe, expect, it } from 'vitest';
import { complianceDetail, countOf, coverageSegments, formatNumber, gapTone, sharePercent, shortUnitName } from './labels';
import { excerpt, layoutMatrix } from './matrix';
import { defaultReportMilestone, reportingMilestones } from './report-milestones';
import { perUnitTargetRows, rollupBars, type ChartLabels } from './target-data';
import type { CascadeRow, CoverageMatrix, TargetRollup } from './types';

describe('compliance wording', () => {
  const today = '2024-09-10';
  it('says how early or late a plan was issued, or how long the deadline has passed or remains', () => {
    expect(complianceDetail({ compliance: 'ON_TIME', issuedDate: '2024-08-25', deadline: '2024-08-30' }, today)).toEqual({
      key: 'cascade.complianceDetail.early',
      params: { days: 5 },
    });
    expect(complianceDetail({ compliance: 'ON_TIME', issuedDate: '2024-08-30', deadline: '2024-08-30' }, today)).toEqual({
      key: 'cascade.complianceDetail.onDeadline',
    });
    expect(complianceDetail({ compliance: 'LATE', issuedDate: '2024-09-05', deadline: '2024-08-30' }, today)).toEqual({
      key: 'cascade.complianceDetail.late',
      params: { days: 6 },
    });
    expect(complianceDetail({ compliance: 'MISSING', issuedDate: null, deadline: '2024-08-30' }, today)).toEqual({
      key: 'cascade.complianceDetail.missing',
      params: { days: 11 },
    });
    expect(complianceDetail({ compliance: 'PENDING', issuedDate: null, deadline: '2024-09-30' }, today)).toEqual({
      key: 'cascade.complianceDetail.pending',
      params: { days: 20 },
    });
    expect(complianceDetail({ compliance: 'PENDING', issuedDate: null, deadline: null }, today)).toEqual({ key: 'cascade.complianceDetail.noDeadline' });
    expect(complianceDetail({ compliance: 'ON_TIME', issuedDate: '2024-08-25', deadline: null }, today)).toBeNull();
  });

  it('reads counts by key, 0 when absent', () => {
    const list = [
      { compliance: 'LATE', count: 2 },
      { compliance: 'ON_TIME', count: 5 },
    ];
    expect(countOf(list, 'compliance', 'ON_TIME')).toBe(5);
    expect(countOf(list, 'compliance', 'MISSING')).toBe(0);
  });
});

describe('coverage and targets', () => {
  it('splits a coverage bar into the kinds present, summing to 100%', () => {
    const segs = coverageSegments({ inherited: 6, adapted: 1, local: 1, omitted: 2 });
    expect(segs.map((s) => [s.kind, s.value, Math.round(s.percent)])).toEqual([
      ['inherited', 6, 60],
      ['adapted', 1, 10],
      ['local', 1, 10],
      ['omitted', 2, 20],
    ]);
    expect(coverageSegments({ inherited: 3, adapted: 0, local: 0, omitted: 0 }).map((s) => s.kind)).toEqual(['inherited']);
    expect(coverageSegments({ inherited: 0, adapted: 0, local: 0, omitted: 0 })).toEqual([]);
    expect(sharePercent({ parentTasks: 3, parentTasksCovered: 2 })).toBe(67);
    expect(sharePercent({ parentTasks: 0, parentTasksCovered: 0 })).toBeNull();
  });

  it('tells a target short of its allocation from one that meets or exceeds it', () => {
    expect(gapTone(-5)).toBe('short');
    expect(gapTone(0)).toBe('match');
    expect(gapTone(3)).toBe('over');
    expect(gapTone(null)).toBe('none');
  });

  it('writes numbers the Vietnamese way in Vietnamese', () => {
    expect(formatNumber(1234.5, 'vi')).toBe('1.234,5');
    expect(formatNumber(1234.5, 'en')).toBe('1,234.5');
    expect(formatNumber(null, 'vi')).toBe('—');
  });

  const labels: ChartLabels = { total: 'Tổng', allocated: 'Phân bổ', own: 'Cấp dưới', unitAllocated: 'Được giao', unitOwn: 'Tự đặt' };
  const rollup = (over: Partial<TargetRollup>): TargetRollup => ({
    total: 66,
    allocatedSum: 66,
    allocationsMatch: true,
    ownSum: 45,
    unitsWithTarget: 1,
    target: { id: 't', metric: 'số vụ', unitOfMeasure: 'vụ', value: 66, comparator: 'EXACT' },
    ...over,
  });

  it('rolls a target up into total, allocations and own targets, leaving out what does not exist', () => {
    expect(rollupBars(rollup({}), labels).map((b) => [b.series, b.value])).toEqual([
      ['Tổng', 66],
      ['Phân bổ', 66],
      ['Cấp dưới', 45],
    ]);
    expect(rollupBars(rollup({ total: null, allocatedSum: 0, allocationsMatch: null, unitsWithTarget: 0, ownSum: 0 }), labels)).toEqual([]);
  });

  it('charts per unit only the values that exist', () => {
    const row = (name: string, allocated: number | null, own: number | null, id = 't'): CascadeRow =>
      ({
        unit: { id: name, code: '0', name, parent: null },
        targets: [{ parentTargetId: id, metric: 'số vụ', unitOfMeasure: 'vụ', allocated, own, gap: null }],
      }) as unknown as CascadeRow;
    const bars = perUnitTargetRows(
      [row('Thành phố Lào Cai', 45, 45), row('Huyện Bát Xát', 21, null), row('Huyện Sa Pa', null, null), row('Huyện Bắc Hà', 9, 9, 'other')],
      't',
      labels,
    );
    expect(bars).toEqual([
      { category: 'TP. Lào Cai', series: 'Được giao', value: 45 },
      { category: 'TP. Lào Cai', series: 'Tự đặt', value: 45 },
      { category: 'H. Bát Xát', series: 'Được giao', value: 21 },
    ]);
  });
});

describe('coverage matrix layout', () => {
  const m: Pick<CoverageMatrix, 'tasks' | 'units' | 'cells'> = {
    tasks: [
      { id: 'police', label: '-', text: 'Công an tỉnh chủ trì', depth: 1 },
      { id: 'health', label: '-', text: 'Sở Y tế chủ trì', depth: 1 },
      { id: 'customs', label: '-', text: 'Cục Hải quan tỉnh', depth: 1 },
    ],
    units: [
      { id: '3', code: '080', name: 'Thành phố Lào Cai' },
      { id: '21', code: '082', name: 'Huyện Bát Xát' },
      { id: '123', code: '088', name: 'Thị xã Sa Pa' },
    ],
    cells: [
      { taskId: 'police', unitId: '3', status: 'ADAPTED' },
      { taskId: 'health', unitId: '3', status: 'INHERITED' },
      { taskId: 'customs', unitId: '3', status: 'OMITTED' },
      { taskId: 'police', unitId: '21', status: 'INHERITED' },
      { taskId: 'health', unitId: '21', status: 'MISSING' },
      { taskId: 'customs', unitId: '21', status: 'INHERITED' },
      { taskId: 'police', unitId: '123', status: 'NO_PLAN' },
      { taskId: 'health', unitId: '123', status: 'NO_PLAN' },
      // The Sa Pa customs cell is missing from the page: drawn as NO_PLAN.
    ],
  };

  it('puts tasks in rows and units in columns, in the order given', () => {
    const l = layoutMatrix(m);
    expect(l.rows.map((r) => r.task.id)).toEqual(['police', 'health', 'customs']);
    expect(l.rows.map((r) => r.cells)).toEqual([
      ['ADAPTED', 'INHERITED', 'NO_PLAN'],
      ['INHERITED', 'MISSING', 'NO_PLAN'],
      ['OMITTED', 'INHERITED', 'NO_PLAN'],
    ]);
  });

  it('totals kept tasks per unit and per task, and cells per status', () => {
    const l = layoutMatrix(m);
    expect(l.unitTotals).toEqual([
      { kept: 2, tasks: 3, hasPlan: true },
      { kept: 2, tasks: 3, hasPlan: true },
      { kept: 0, tasks: 3, hasPlan: false },
    ]);
    expect(l.rows.map((r) => [r.kept, r.withPlan])).toEqual([
      [2, 2],
      [1, 2],
      [1, 2],
    ]);
    expect(l.statusCounts).toEqual({ INHERITED: 3, ADAPTED: 1, OMITTED: 1, MISSING: 1, NO_PLAN: 3 });
  });

  it('handles a page without units or tasks', () => {
    expect(layoutMatrix({ tasks: m.tasks, units: [], cells: [] }).rows.every((r) => r.cells.length === 0)).toBe(true);
    expect(layoutMatrix({ tasks: [], units: m.units, cells: [] }).unitTotals.every((t) => t.tasks === 0 && !t.hasPlan)).toBe(true);
  });

  it('shortens unit names and task texts for the headers', () => {
    expect(shortUnitName('Thành phố Lào Cai')).toBe('TP. Lào Cai');
    expect(shortUnitName('Huyện Bát Xát')).toBe('H. Bát Xát');
    expect(shortUnitName('Thị xã Sa Pa')).toBe('TX. Sa Pa');
    expect(shortUnitName('Phường Pleiku')).toBe('P. Pleiku');
    expect(shortUnitName('Xã A Mú Sung')).toBe('X. A Mú Sung');
    expect(shortUnitName('Đặc khu Phú Quốc')).toBe('ĐK. Phú Quốc');
    expect(shortUnitName('Tỉnh Lào Cai')).toBe('Tỉnh Lào Cai');
    expect(excerpt('Ngắn gọn')).toBe('Ngắn gọn');
    const long = 'Công an tỉnh chủ trì, phối hợp với Sở Y tế tổ chức tuyên truyền ít nhất 10 buổi trong tháng 9 tại các trường học';
    const e = excerpt(long, 60);
    expect(e.endsWith('…')).toBe(true);
    expect(e.length).toBeLessThanOrEqual(61);
    expect(long.startsWith(e.slice(0, -1))).toBe(true);
  });
});

describe('the report column’s milestone (docs/REPORTS.md, "The cascade")', () => {
  const ms = [
    { id: 'sub', kind: 'PLAN_SUBMISSION', dueDate: '2024-08-30' },
    { id: 'final', kind: 'FINAL_REVIEW', dueDate: '2024-12-18' },
    { id: 'month', kind: 'RESULT_REPORT', dueDate: '2024-10-03' },
    { id: 'phase', kind: 'INTERIM_REVIEW', dueDate: '2024-11-03' },
    { id: 'open', kind: 'RESULT_REPORT', dueDate: null },
  ];
  it('lists the milestones that order reports, by due date, those without one last', () => {
    expect(reportingMilestones(ms).map((m) => m.id)).toEqual(['month', 'phase', 'final', 'open']);
  });
  it('shows the next one due, else the latest past due, else one without a date; none when the plan orders no report', () => {
    expect(defaultReportMilestone(ms, '2024-10-03')?.id).toBe('month');
    expect(defaultReportMilestone(ms, '2024-10-04')?.id).toBe('phase');
    expect(defaultReportMilestone(ms, '2025-01-01')?.id).toBe('final');
    expect(defaultReportMilestone([ms[4]], '2025-01-01')?.id).toBe('open');
    expect(defaultReportMilestone([ms[0]], '2024-01-01')).toBeNull();
  });
});
