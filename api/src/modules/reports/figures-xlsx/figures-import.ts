import crypto from 'node:crypto';
import { AppError, ErrorCode, Reason } from '../../../core/errors.js';
import { searchKey } from '../../../core/text.js';
import { unitsNamedBy } from '../../plans/unit-names.js';
import { DECIMAL, MAX_FIGURE, requireOverrideNote, sameFigure } from '../reports.service.js';
import type { ReportFigureData } from './figures-export.js';
import { targetHeading, WORDS } from './layout.js';
import type { CellValue, SheetGrid } from './read-workbook.js';

/*
 * Reading a figures table back (docs/REPORTS.md, "Figures as a spreadsheet"): the sheet's rows
 * matched to units by name and its columns to targets by name (accents, case and spacing ignored:
 * core/text.ts searchKey), every cell checked, and the change list of the report's own row worked
 * out against what is stored. Pure: the service reads the report and applies the result. Anything
 * the file says that is not imported — a unit below's figures (its own editors write them), an
 * allocation — is compared and every difference listed as a warning, so nothing in the file is
 * silently dropped; anything it cannot place is refused with the cell named.
 */

export type FigureField = 'ALLOCATED' | 'PERIOD' | 'CUMULATIVE' | 'NOTE';

export interface FigureChange {
  targetId: string;
  metric: string;
  unitOfMeasure: string;
  field: Exclude<FigureField, 'ALLOCATED'>;
  before: string | null;
  after: string | null;
  cell: string;
}

export type ImportWarningCode =
  | 'SUBORDINATE_DIFFERS'
  | 'SUBORDINATE_NOTE_NOT_IMPORTED'
  | 'ALLOCATION_NOT_IMPORTED'
  | 'OWN_ROW_MISSING'
  | 'OTHER_REPORT';

export interface FigureWarning {
  code: ImportWarningCode;
  message: string;
  sheet: string;
  cell: string | null;
  unitName: string | null;
  metric: string | null;
  field: FigureField | null;
  inFile: string | null;
  current: string | null;
}

/** What a figure row of the report becomes: its stored text, or the file's. */
export interface FigureWriteOut {
  id: string;
  periodValue: string | null;
  cumulativeValue: string | null;
  overrideNote: string | null;
}

export interface ImportPlan {
  sheet: string;
  changes: FigureChange[];
  warnings: FigureWarning[];
  writes: FigureWriteOut[];
  /** A digest of the change list: what a preview showed is what the apply writes. */
  digest: string;
}

export interface StoredFigure {
  id: string;
  targetId: string;
  periodValue: string | null;
  cumulativeValue: string | null;
  overrideNote: string | null;
}

/** Override notes are at most this long (updateReportFigure's overrideNote). */
const MAX_NOTE = 2000;

const SUB_FIELDS: Record<string, FigureField | 'INFO'> = {
  [searchKey(WORDS.allocated)]: 'ALLOCATED',
  [searchKey(WORDS.period)]: 'PERIOD',
  [searchKey(WORDS.cumulative)]: 'CUMULATIVE',
  [searchKey(WORDS.note)]: 'NOTE',
  // The summary's own column, worked out from the others.
  [searchKey(WORDS.gap)]: 'INFO',
};
/** Columns of the table that are not a target's: read by nobody. */
const INFO_COLUMNS = new Set([WORDS.no, WORDS.status, WORDS.level, WORDS.submittedOn, 'Mã đơn vị', 'Mã'].map(searchKey));
const UNIT_KEY = searchKey(WORDS.unit);
const REPORT_ID_KEY = searchKey(WORDS.reportId);
const NOT_REPORTED_KEYS = new Set([searchKey(WORDS.notReported), searchKey(WORDS.notReportedBelow)]);

/** "D7": Excel's name of a cell. */
export function cellName(row: number, col: number): string {
  let letters = '';
  for (let c = col; c > 0; c = Math.floor((c - 1) / 26)) letters = String.fromCharCode(65 + ((c - 1) % 26)) + letters;
  return `${letters}${row}`;
}

const text = (v: CellValue): string => {
  if (v === null) return '';
  if (typeof v === 'string') return v.normalize('NFC').trim();
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  return `#${v.error}`;
};
const isEmpty = (v: CellValue) => text(v) === '';

function refuse(
  reason: Reason,
  message: string,
  sheet: string,
  row: number,
  col: number,
  v: CellValue,
  extra: Record<string, unknown> = {},
) {
  return new AppError(ErrorCode.BAD_USER_INPUT, `${sheet}!${cellName(row, col)}: ${message}`, {
    field: 'file',
    reason,
    sheet,
    cell: cellName(row, col),
    value: text(v),
    ...extra,
  });
}

/** A figure cell: empty (null), a number from 0 to 10^12, or refused with its cell named. */
function figureIn(g: SheetGrid, row: number, col: number): number | null {
  const v = g.value(row, col);
  const bad = () =>
    refuse(Reason.FIGURE_INVALID, 'a figure is a number from 0 to 10^12, as in 12 or 12.5', g.name, row, col, v, { limit: MAX_FIGURE });
  if (v === null) return null;
  let n: number;
  if (typeof v === 'number') n = v;
  else if (typeof v === 'string') {
    const t = v.normalize('NFC').replace(/[\s\u00a0\u202f]+/g, '');
    if (t === '' || NOT_REPORTED_KEYS.has(searchKey(v))) return null;
    if (!DECIMAL.test(t)) throw bad();
    n = Number(t);
  } else throw bad();
  if (!Number.isFinite(n) || n < 0 || n > MAX_FIGURE) throw bad();
  // Excel's binary fractions (0.1 + 0.2) to the six decimals a figure keeps.
  return Number(n.toFixed(6));
}

interface Column {
  col: number;
  targetId: string;
  heading: string;
  field: FigureField;
}

interface Table {
  grid: SheetGrid;
  reportId: string | null;
  nameCol: number;
  dataStart: number;
  columns: Column[];
  /** Columns with no heading at all: a figure in one would be lost, so it is refused. */
  unheaded: number[];
}

/** A target a column may name: every target of the plan, those the report holds marked `reported`. */
interface TargetCandidate {
  targetId: string;
  metric: string;
  unitOfMeasure: string;
  heading: string;
  reported: boolean;
}

const SCAN_ROWS = 60;
const SCAN_COLS = 40;

/** The table of a sheet: its "Đơn vị" heading, the target columns beside it; null when the sheet has none. */
function findTable(g: SheetGrid, targets: TargetCandidate[]): Table | null {
  let header = 0;
  let nameCol = 0;
  let reportId: string | null = null;
  for (let r = 1; r <= Math.min(g.rowCount, SCAN_ROWS) && !header; r++) {
    if (searchKey(text(g.value(r, 1))) === REPORT_ID_KEY) reportId = text(g.value(r, 2)) || null;
    for (let c = 1; c <= Math.min(g.columnCount, SCAN_COLS); c++) {
      if (searchKey(text(g.value(r, c))) === UNIT_KEY) {
        [header, nameCol] = [r, c];
        break;
      }
    }
  }
  if (!header) return null;
  const subKeys = (c: number) => searchKey(text(g.value(header + 1, c)));
  let twoRows = false;
  for (let c = 1; c <= g.columnCount; c++) if (c !== nameCol && SUB_FIELDS[subKeys(c)]) twoRows = true;

  // A target by its heading ("metric (unit)", numbered where the plan repeats one), or by its metric alone when that names one.
  const byKey = new Map<string, Set<string>>();
  const add = (key: string, id: string) => byKey.set(key, (byKey.get(key) ?? new Set()).add(id));
  for (const t of targets) {
    add(searchKey(t.heading), t.targetId);
    add(searchKey(targetHeading(t)), t.targetId);
    add(searchKey(t.metric), t.targetId);
  }
  const columns: Column[] = [];
  const unheaded: number[] = [];
  let carried: { heading: string; col: number } | null = null;
  for (let c = 1; c <= g.columnCount; c++) {
    if (c === nameCol) continue;
    const top = text(g.value(header, c));
    const below = twoRows ? text(g.value(header + 1, c)) : '';
    // A heading merged over both header rows reads the same in each.
    const sub = below === top ? '' : below;
    if (top) carried = { heading: top, col: c };
    if (!top && !sub) {
      unheaded.push(c);
      continue;
    }
    if (top && INFO_COLUMNS.has(searchKey(top)) && !sub) continue;
    const heading = top || carried?.heading || '';
    const headingCol = top ? c : (carried?.col ?? c);
    const field = sub ? SUB_FIELDS[searchKey(sub)] : 'PERIOD';
    if (!field) {
      throw refuse(
        Reason.XLSX_UNKNOWN_TARGET,
        `"${sub}" is none of ${[WORDS.allocated, WORDS.period, WORDS.cumulative, WORDS.note].join(', ')}`,
        g.name,
        header + 1,
        c,
        sub,
      );
    }
    if (field === 'INFO') continue;
    const found = byKey.get(searchKey(heading));
    if (!heading || !found || found.size !== 1) {
      throw refuse(
        Reason.XLSX_UNKNOWN_TARGET,
        found && found.size > 1
          ? `"${heading}" names several targets: head each as the export does ("… [1]", "… [2]")`
          : `"${heading}" names no target of the plan`,
        g.name,
        heading ? header : header + 1,
        headingCol,
        heading,
      );
    }
    const targetId = [...found][0];
    if (!targets.find((t) => t.targetId === targetId)!.reported) {
      throw refuse(Reason.TARGET_NOT_REPORTED, `the unit does not report on "${heading}"`, g.name, header, headingCol, heading);
    }
    const twin = columns.find((x) => x.targetId === targetId && x.field === field);
    if (twin) {
      throw refuse(
        Reason.XLSX_DUPLICATE_COLUMN,
        `"${heading}" ${sub} is also in column ${cellName(header, twin.col).replace(/\d+$/, '')}`,
        g.name,
        header,
        c,
        heading,
        {
          columns: [cellName(header, twin.col).replace(/\d+$/, ''), cellName(header, c).replace(/\d+$/, '')],
        },
      );
    }
    columns.push({ col: c, targetId, heading, field });
  }
  if (!columns.length) return null;
  return { grid: g, reportId, nameCol, dataStart: header + (twoRows ? 2 : 1), columns, unheaded };
}

const show = (n: number | string | null) => (n === null ? null : String(n));

/**
 * The change list an import of `sheets` into the report of `data` makes, its warnings and the
 * rows it writes; refusals are thrown (BAD_USER_INPUT naming the sheet and cell).
 */
export function planImport(
  sheets: SheetGrid[],
  data: ReportFigureData,
  stored: StoredFigure[],
  below: Map<string, { period: number | null; cumulative: number | null }>,
): ImportPlan {
  const reported = new Set(data.figures.map((f) => f.targetId));
  const heading = (t: { targetId: string; metric: string; unitOfMeasure: string }) => data.headings.get(t.targetId) ?? targetHeading(t);
  const targets: TargetCandidate[] = [
    ...data.figures.map((f) => ({ targetId: f.targetId, metric: f.metric, unitOfMeasure: f.unitOfMeasure, reported: true })),
    ...data.planTargets
      .filter((t) => !reported.has(t.id))
      .map((t) => ({ targetId: t.id, metric: t.metric, unitOfMeasure: t.unitOfMeasure, reported: false })),
  ].map((t) => ({ ...t, heading: heading(t) }));
  const tables = sheets.map((g) => findTable(g, targets)).filter((t): t is Table => !!t);
  if (!tables.length) {
    throw new AppError(ErrorCode.BAD_USER_INPUT, `No sheet holds a table with a "${WORDS.unit}" column and target columns`, {
      field: 'file',
      reason: Reason.XLSX_NO_TABLE,
    });
  }
  const mine = tables.filter((t) => t.reportId === data.report.id);
  const table = tables.length === 1 ? tables[0] : mine.length === 1 ? mine[0] : null;
  if (!table) {
    throw new AppError(ErrorCode.BAD_USER_INPUT, 'Several sheets hold a figures table and none is this report’s', {
      field: 'file',
      reason: Reason.XLSX_SHEET_AMBIGUOUS,
      sheets: tables.map((t) => t.grid.name),
    });
  }
  const g = table.grid;
  const warnings: FigureWarning[] = [];
  const warn = (w: Omit<FigureWarning, 'sheet'>) => warnings.push({ sheet: g.name, ...w });
  if (table.reportId && table.reportId !== data.report.id) {
    warn({
      code: 'OTHER_REPORT',
      message: `The sheet was exported from another report (${table.reportId})`,
      cell: null,
      unitName: null,
      metric: null,
      field: null,
      inFile: table.reportId,
      current: data.report.id,
    });
  }

  // The rows: the report's own unit and the units below owing a report into it, by name.
  type Candidate = { id: number; name: string; kind: string; own: boolean };
  const candidates: Candidate[] = [
    { id: data.unit.id, name: data.unit.name, kind: data.unit.kind, own: true },
    ...data.below.map((b) => ({ id: b.row.unit.id, name: b.row.unit.name, kind: b.row.unit.kind, own: false })),
  ];
  const named = unitsNamedBy(candidates);
  const seen = new Map<number, number>();
  const changes: FigureChange[] = [];
  const writes: FigureWriteOut[] = [];
  let ownRow = false;
  const headingOf = (targetId: string) => targets.find((t) => t.targetId === targetId)!;

  for (let r = table.dataStart; r <= g.rowCount; r++) {
    const nameCell = g.value(r, table.nameCol);
    const name = text(nameCell);
    const filled = [...table.columns.map((c) => c.col), ...table.unheaded].find((c) => !isEmpty(g.value(r, c)));
    if (!name) {
      if (filled) throw refuse(Reason.XLSX_UNIT_MISSING, 'the row holds figures but names no unit', g.name, r, table.nameCol, nameCell);
      continue;
    }
    const found = named(name);
    if (found.length !== 1) {
      throw refuse(
        Reason.XLSX_UNKNOWN_UNIT,
        found.length
          ? `"${name}" names several units: ${found.map((u) => u.name).join(', ')}`
          : `"${name}" is neither ${data.unit.name} nor a unit below it owing this report`,
        g.name,
        r,
        table.nameCol,
        name,
        found.length ? { units: found.map((u) => u.name) } : {},
      );
    }
    const unit = found[0];
    if (seen.has(unit.id)) {
      throw refuse(Reason.XLSX_DUPLICATE_ROW, `${unit.name} is also on row ${seen.get(unit.id)}`, g.name, r, table.nameCol, name, {
        rows: [seen.get(unit.id), r],
      });
    }
    seen.set(unit.id, r);
    const stray = table.unheaded.find((c) => !isEmpty(g.value(r, c)));
    if (stray) throw refuse(Reason.XLSX_UNKNOWN_TARGET, 'a column without a heading holds a value', g.name, r, stray, g.value(r, stray));

    // Every cell of the row is read (and a bad one refused) before anything is compared.
    const values = table.columns.map((c) => {
      if (c.field !== 'NOTE') return { c, value: figureIn(g, r, c.col) as number | string | null };
      const note = text(g.value(r, c.col));
      if (note.length > MAX_NOTE) {
        throw refuse(Reason.XLSX_TEXT_TOO_LONG, `a note is at most ${MAX_NOTE} characters`, g.name, r, c.col, note.slice(0, 50), {
          limit: MAX_NOTE,
        });
      }
      return { c, value: note || null };
    });

    if (unit.own) {
      ownRow = true;
      for (const f of stored) {
        const mineHere = values.filter((v) => v.c.targetId === f.targetId);
        if (!mineHere.length) continue;
        const t = headingOf(f.targetId);
        const pick = (field: FigureField) => mineHere.find((v) => v.c.field === field);
        const next = { periodValue: f.periodValue, cumulativeValue: f.cumulativeValue, overrideNote: f.overrideNote };
        const diffs: FigureChange[] = [];
        const figureField = (field: 'PERIOD' | 'CUMULATIVE', key: 'periodValue' | 'cumulativeValue') => {
          const v = pick(field);
          if (!v || sameFigure(v.value, f[key])) return;
          next[key] = show(v.value);
          diffs.push({
            ...fieldOf(t),
            field,
            before: show(f[key] === null ? null : Number(f[key])),
            after: show(v.value),
            cell: cellName(r, v.c.col),
          });
        };
        figureField('PERIOD', 'periodValue');
        figureField('CUMULATIVE', 'cumulativeValue');
        const note = pick('NOTE');
        if (note && (note.value ?? null) !== (f.overrideNote ?? null)) {
          next.overrideNote = (note.value as string | null) ?? null;
          diffs.push({ ...fieldOf(t), field: 'NOTE', before: f.overrideNote, after: next.overrideNote, cell: cellName(r, note.c.col) });
        }
        const allocated = pick('ALLOCATED');
        const fig = data.figures.find((x) => x.targetId === f.targetId)!;
        if (allocated && !sameFigure(allocated.value, fig.allocated)) {
          warn(allocationWarning(unit.name, t, r, allocated.c.col, allocated.value, fig.allocated));
        }
        if (!diffs.length) continue;
        // The rule updateReportFigure keeps: a figure other than the sum from below needs its note.
        requireOverrideNote(next, below.get(f.targetId), {
          field: 'file',
          sheet: g.name,
          cell: diffs.find((d) => d.field !== 'NOTE')?.cell ?? diffs[0].cell,
          target: t.heading,
        });
        changes.push(...diffs);
        writes.push({ id: f.id, ...next });
      }
      continue;
    }

    // A unit below: its figures are its own report's; the file's are compared, never written.
    const b = data.below.find((x) => x.row.unit.id === unit.id)!;
    for (const { c, value } of values) {
      const t = headingOf(c.targetId);
      const cell = b.cells.get(c.targetId);
      if (value !== null && c.field !== 'NOTE' && !b.expected.has(c.targetId) && !cell) {
        throw refuse(Reason.TARGET_NOT_REPORTED, `${unit.name} does not report on "${c.heading}"`, g.name, r, c.col, value);
      }
      if (c.field === 'NOTE') {
        if (value !== null) {
          warn({
            code: 'SUBORDINATE_NOTE_NOT_IMPORTED',
            message: `${unit.name}: a note is its own report's, not imported`,
            cell: cellName(r, c.col),
            unitName: unit.name,
            metric: t.heading,
            field: 'NOTE',
            inFile: String(value),
            current: null,
          });
        }
        continue;
      }
      if (c.field === 'ALLOCATED') {
        if (!sameFigure(value, cell?.allocated ?? null)) warn(allocationWarning(unit.name, t, r, c.col, value, cell?.allocated ?? null));
        continue;
      }
      const current = (c.field === 'PERIOD' ? cell?.period : cell?.cumulative) ?? null;
      if (!sameFigure(value, current)) {
        warn({
          code: 'SUBORDINATE_DIFFERS',
          message: `${unit.name} submitted ${current ?? 'nothing'} for ${t.heading}; the file says ${value ?? 'nothing'} (not imported: its own report's)`,
          cell: cellName(r, c.col),
          unitName: unit.name,
          metric: t.heading,
          field: c.field,
          inFile: show(value),
          current: show(current),
        });
      }
    }
  }
  if (!ownRow) {
    warn({
      code: 'OWN_ROW_MISSING',
      message: `No row names ${data.unit.name}: no figure of the report changes`,
      cell: null,
      unitName: data.unit.name,
      metric: null,
      field: null,
      inFile: null,
      current: null,
    });
  }
  return { sheet: g.name, changes, warnings, writes, digest: digestOf(changes) };
}

const fieldOf = (t: { targetId: string; metric: string; unitOfMeasure: string }) => ({
  targetId: t.targetId,
  metric: t.metric,
  unitOfMeasure: t.unitOfMeasure,
});

function allocationWarning(
  unitName: string,
  t: TargetCandidate,
  row: number,
  col: number,
  value: number | string | null,
  current: number | null,
): Omit<FigureWarning, 'sheet'> {
  return {
    code: 'ALLOCATION_NOT_IMPORTED',
    message: `${unitName}: the allocation of ${t.heading} is the plan's (${current ?? 'none'}); the file's ${value ?? 'nothing'} is not imported`,
    cell: cellName(row, col),
    unitName,
    metric: t.heading,
    field: 'ALLOCATED',
    inFile: show(value),
    current: show(current),
  };
}

export function digestOf(changes: FigureChange[]): string {
  return crypto
    .createHash('sha256')
    .update(JSON.stringify(changes.map((c) => [c.targetId, c.field, c.before, c.after])))
    .digest('hex');
}
