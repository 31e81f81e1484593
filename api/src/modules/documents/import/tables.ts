import type { DocNode, Target } from '../../plans/plan-document.js';
import { warning, type ImportWarning } from './report.js';

/**
 * Tables of a plan (TABLE nodes, rows "| a | b |"). An allocation table — a column of units
 * (districts, communes) and columns of numbers under a target's name ("Số vụ bắt giữ (vụ)") —
 * gives one target per column of numbers, allocated to the units by name (the import service
 * links the names to the unit's children and reports those it cannot), its total from a
 * "Tổng"/"Cộng" row. Any other table stays a table, nothing more.
 */

/** The cells of a row "| a | b |". */
export function tableCells(row: string): string[] {
  return row
    .replace(/^\|/, '')
    .replace(/\|$/, '')
    .split('|')
    .map((c) => c.trim());
}

/** A unit's name as tables write it: "Huyện Bát Xát", "TP. Lào Cai", "Xã Dương Quang", "UBND phường …". */
const UNIT_NAME = /^(?:UBND\s+)?(?:tỉnh|thành phố|tp\.?|huyện|quận|thị xã|tx\.?|xã|phường|thị trấn|tt\.?|đặc khu)\s+\S/iu;
const TOTAL = /^(?:tổng(?: cộng| số)?|cộng|toàn (?:tỉnh|huyện|thành phố|thị xã))\b/iu;
const ROW_NUMBER_HEADER = /^(?:stt|tt|số tt|số thứ tự)$/iu;
const NUMBER = /^\d{1,9}$/u;

export interface TableTargets {
  targets: Omit<Target, 'key'>[];
  warnings: ImportWarning[];
}

/** Reads the allocation tables among the nodes; one pass over every cell of every table. */
export function tableTargets(nodes: DocNode[]): TableTargets {
  const targets: Omit<Target, 'key'>[] = [];
  const warnings: ImportWarning[] = [];
  for (const node of nodes) {
    if (node.kind !== 'TABLE') continue;
    const rows = node.text.split('\n').map(tableCells);
    if (rows.length < 3) continue;
    const [head, ...body] = rows;
    const width = head.length;
    if (width < 2 || body.some((r) => r.length !== width)) continue;
    // The column of units: the first whose cells (bar a total row) are mostly unit names.
    const nameAt = head.findIndex((_, c) => {
      const names = body.filter((r) => !TOTAL.test(r[c]));
      return names.length >= 2 && names.filter((r) => UNIT_NAME.test(r[c])).length * 2 > names.length;
    });
    if (nameAt < 0) continue;
    const unitRows = body.filter((r) => !TOTAL.test(r[nameAt]));
    const totalRow = body.find((r) => TOTAL.test(r[nameAt])) ?? null;
    for (let c = 0; c < width; c++) {
      if (c === nameAt || ROW_NUMBER_HEADER.test(head[c])) continue;
      // A column of numbers: every unit row has one (an empty cell is no allocation).
      if (!unitRows.every((r) => r[c] === '' || NUMBER.test(r[c])) || unitRows.every((r) => r[c] === '')) continue;
      const [metric, unitOfMeasure] = metricOf(head[c]);
      const allocations = unitRows.filter((r) => r[c] !== '').map((r) => ({ assignee: r[nameAt], value: Number(r[c]) }));
      const total = totalRow && NUMBER.test(totalRow[c]) ? Number(totalRow[c]) : null;
      targets.push({ nodeKey: node.key, metric, unitOfMeasure, comparator: 'AT_LEAST', value: total, allocations });
      const sum = allocations.reduce((s, a) => s + a.value, 0);
      if (total !== null && sum !== total) {
        warnings.push(
          warning('ALLOCATION_SUM', `Table target "${metric}": allocations sum to ${sum}, the total row says ${total}`, [
            metric,
            sum,
            total,
          ]),
        );
      }
    }
  }
  return { targets, warnings };
}

/** "Số vụ bắt giữ (vụ)" → ["Số vụ bắt giữ", "vụ"]; a header without a unit in brackets has none. */
function metricOf(header: string): [string, string] {
  const m = /^(.*?)\s*\(([^()]{1,40})\)$/u.exec(header);
  return m && m[1] !== '' ? [m[1], m[2]] : [header, ''];
}
