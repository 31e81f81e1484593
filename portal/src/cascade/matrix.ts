import { COVERAGE_STATUSES } from './labels';
import type { CoverageMatrix, CoverageStatus } from './types';

export interface MatrixRow {
  task: CoverageMatrix['tasks'][number];
  /** One status per unit, in the order of `units`. */
  cells: CoverageStatus[];
  /** Units of this page that kept the task (inherited or adapted), and those with a plan. */
  kept: number;
  withPlan: number;
}

export interface MatrixLayout {
  units: CoverageMatrix['units'];
  rows: MatrixRow[];
  /** Per unit (same order): tasks kept and the parent's task count. */
  unitTotals: { kept: number; tasks: number; hasPlan: boolean }[];
  /** Cells of each status on this page, for the legend. */
  statusCounts: Record<CoverageStatus, number>;
}

const kept = (s: CoverageStatus) => s === 'INHERITED' || s === 'ADAPTED';

/**
 * Lays the API's flat cells out as a grid: parent tasks as rows (document order), the page's
 * units as columns (cascade order). A cell the API did not send counts as NO_PLAN.
 */
export function layoutMatrix(m: Pick<CoverageMatrix, 'tasks' | 'units' | 'cells'>): MatrixLayout {
  const byKey = new Map<string, CoverageStatus>();
  for (const c of m.cells) byKey.set(`${c.taskId}|${c.unitId}`, c.status);
  const statusCounts = Object.fromEntries(COVERAGE_STATUSES.map((s) => [s, 0])) as Record<CoverageStatus, number>;
  const unitTotals = m.units.map(() => ({ kept: 0, tasks: m.tasks.length, hasPlan: false }));
  const rows = m.tasks.map((task) => {
    const cells = m.units.map((u) => byKey.get(`${task.id}|${u.id}`) ?? 'NO_PLAN');
    let keptHere = 0;
    let withPlan = 0;
    cells.forEach((s, i) => {
      statusCounts[s]++;
      if (s !== 'NO_PLAN') {
        withPlan++;
        unitTotals[i].hasPlan = true;
      }
      if (kept(s)) {
        keptHere++;
        unitTotals[i].kept++;
      }
    });
    return { task, cells, kept: keptHere, withPlan };
  });
  return { units: m.units, rows, unitTotals, statusCounts };
}

/** A short excerpt of a task's text for the row header (the full text is in the tooltip). */
export function excerpt(text: string, max = 90): string {
  const t = text.replace(/\s+/gu, ' ').trim();
  if (t.length <= max) return t;
  const cut = t.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).replace(/[,;:.]$/u, '')}…`;
}
