import { shortUnitName } from './labels';
import type { CascadeRow, TargetRollup } from './types';

/** One bar of a chart: its category, its series and its value. */
export interface Bar {
  category: string;
  series: string;
  value: number;
}

export interface ChartLabels {
  total: string;
  allocated: string;
  own: string;
  unitAllocated: string;
  unitOwn: string;
}

/** Total of the target, sum of its allocations, sum of the subordinates' own targets (absent values left out). */
export function rollupBars(r: TargetRollup, labels: ChartLabels): Bar[] {
  const bars: Bar[] = [];
  if (r.total !== null) bars.push({ category: labels.total, series: labels.total, value: r.total });
  if (r.allocatedSum > 0 || r.allocationsMatch !== null) bars.push({ category: labels.allocated, series: labels.allocated, value: r.allocatedSum });
  if (r.unitsWithTarget > 0) bars.push({ category: labels.own, series: labels.own, value: r.ownSum });
  return bars;
}

/**
 * Per unit that received or took on the target: what was allocated and what it set itself. A value
 * that does not exist (no allocation, no plan yet) has no bar rather than a bar at zero.
 */
export function perUnitTargetRows(rows: readonly CascadeRow[], targetId: string, labels: ChartLabels): Bar[] {
  const bars: Bar[] = [];
  for (const row of rows) {
    const t = row.targets.find((x) => x.parentTargetId === targetId);
    if (!t || (t.allocated === null && t.own === null)) continue;
    const category = shortUnitName(row.unit.name);
    if (t.allocated !== null) bars.push({ category, series: labels.unitAllocated, value: t.allocated });
    if (t.own !== null) bars.push({ category, series: labels.unitOwn, value: t.own });
  }
  return bars;
}
