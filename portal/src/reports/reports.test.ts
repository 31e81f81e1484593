import { describe, expect, it } from 'vitest';
import { decide } from '../access/policy';
import type { Identity, Role } from '../auth/identity';
import { niceStep, trendLayout } from './trend-chart';
import { figureInput, formatFigure, periodText } from './wording';

const CITY = '80';
const WARD = '2641';
const PROVINCE = '10';

function who(role: Role, unitId: string, kind: Identity['kind'] = 'USER', agencyId: string | null = null): Identity {
  return {
    id: 'u',
    kind,
    displayName: 'x',
    username: 'x',
    role,
    agencyId,
    unit: { id: unitId, name: 'x', kind: 'x', code: 'x', level: 'DISTRICT', validTo: null, ancestors: [] },
  };
}
/** The city's report, owed to the province. */
const report = (status?: string) => ({ report: { unitId: CITY, issuerUnitId: PROVINCE, status } });
const can = (identity: Identity, action: string, params = report('DRAFT')) => decide(identity, { resource: 'reports', action, params }).can;

describe('report access (portal mirror of api/src/core/access/policy.ts, docs/REPORTS.md)', () => {
  it('lets every signed-in official list, open and follow reports', () => {
    for (const role of ['VIEWER', 'EDITOR', 'APPROVER', 'ADMIN'] as Role[]) {
      for (const action of ['list', 'show', 'follow']) expect(can(who(role, WARD), action), `${role} ${action}`).toBe(true);
    }
  });

  it('editors of the reporting unit start and edit it while DRAFT or RETURNED, and correct it once submitted', () => {
    const editor = who('EDITOR', CITY);
    expect(can(editor, 'create', report())).toBe(true);
    expect(can(editor, 'edit', report('DRAFT'))).toBe(true);
    expect(can(editor, 'edit', report('RETURNED'))).toBe(true);
    for (const s of ['SUBMITTED', 'ACCEPTED', 'SUPERSEDED']) expect(can(editor, 'edit', report(s)), s).toBe(false);
    expect(can(editor, 'correct', report('SUBMITTED'))).toBe(true);
    expect(can(editor, 'correct', report('ACCEPTED'))).toBe(true);
    expect(can(editor, 'correct', report('DRAFT'))).toBe(false);
    expect(can(editor, 'submit', report('DRAFT'))).toBe(false);
    // Another unit's editor, and the approver of the unit, do not write it.
    expect(can(who('EDITOR', WARD), 'edit', report('DRAFT'))).toBe(false);
    expect(can(who('EDITOR', WARD), 'create', report())).toBe(false);
    expect(can(who('APPROVER', CITY), 'edit', report('DRAFT'))).toBe(false);
  });

  it('approvers of the unit (people) submit it; approvers of the unit it is owed to accept or return it once submitted', () => {
    expect(can(who('APPROVER', CITY), 'submit', report('DRAFT'))).toBe(true);
    expect(can(who('APPROVER', CITY), 'submit', report('RETURNED'))).toBe(true);
    expect(can(who('APPROVER', CITY), 'submit', report('SUBMITTED'))).toBe(false);
    expect(can(who('APPROVER', CITY, 'API_KEY'), 'submit', report('DRAFT'))).toBe(false);
    expect(can(who('APPROVER', PROVINCE), 'submit', report('DRAFT'))).toBe(false);
    for (const action of ['accept', 'return']) {
      expect(can(who('APPROVER', PROVINCE), action, report('SUBMITTED')), action).toBe(true);
      expect(can(who('APPROVER', PROVINCE), action, report('ACCEPTED')), action).toBe(false);
      expect(can(who('APPROVER', CITY), action, report('SUBMITTED')), action).toBe(false);
      expect(can(who('EDITOR', PROVINCE), action, report('SUBMITTED')), action).toBe(false);
    }
    expect(can(who('APPROVER', PROVINCE), 'publish')).toBe(false);
  });
});

describe('agencies (docs/REPORTS.md, "Agencies"): an agency’s report is owed to its own unit', () => {
  const POLICE = 'agency-police';
  const HEALTH = 'agency-health';
  const agencyReport = (status?: string) => ({ report: { unitId: PROVINCE, issuerUnitId: PROVINCE, agencyId: POLICE, status } });
  const asAgency = (role: Role, agency: string) => who(role, PROVINCE, 'USER', agency);

  it('editors of that agency write it; a sibling agency and the unit’s own editors do not', () => {
    expect(can(asAgency('EDITOR', POLICE), 'create', agencyReport())).toBe(true);
    expect(can(asAgency('EDITOR', POLICE), 'edit', agencyReport('DRAFT'))).toBe(true);
    expect(can(asAgency('EDITOR', HEALTH), 'create', agencyReport())).toBe(false);
    expect(can(asAgency('EDITOR', HEALTH), 'edit', agencyReport('DRAFT'))).toBe(false);
    expect(can(who('EDITOR', PROVINCE), 'edit', agencyReport('DRAFT'))).toBe(false);
    // An agency's editor writes no report of the unit itself.
    expect(can(asAgency('EDITOR', POLICE), 'edit', { report: { unitId: PROVINCE, issuerUnitId: 'VN', status: 'DRAFT' } } as never)).toBe(false);
  });

  it('the unit’s approvers or the agency’s submit it; only the unit’s own approvers accept it', () => {
    expect(can(who('APPROVER', PROVINCE), 'submit', agencyReport('DRAFT'))).toBe(true);
    expect(can(asAgency('APPROVER', POLICE), 'submit', agencyReport('DRAFT'))).toBe(true);
    expect(can(asAgency('APPROVER', HEALTH), 'submit', agencyReport('DRAFT'))).toBe(false);
    expect(can(who('APPROVER', PROVINCE), 'accept', agencyReport('SUBMITTED'))).toBe(true);
    expect(can(asAgency('APPROVER', POLICE), 'accept', agencyReport('SUBMITTED'))).toBe(false);
  });
});

describe('periods as the documents name them', () => {
  const vi: Record<string, string> = {
    'reports.periods.MONTH': 'tháng {{month}}/{{year}}',
    'reports.periods.QUARTER': 'quý {{roman}}/{{year}}',
    'reports.periods.HALF_YEAR_1': '6 tháng đầu năm {{year}}',
    'reports.periods.YEAR': 'năm {{year}}',
  };
  const translate = (key: string, o?: Record<string, unknown>) => vi[key].replace(/\{\{(\w+)\}\}/g, (_, k: string) => String(o?.[k]));
  it('tháng 09/2024, quý III/2024, 6 tháng đầu năm 2024, năm 2024', () => {
    expect(periodText({ kind: 'MONTH', year: 2024, index: 9 }, translate)).toBe('tháng 09/2024');
    expect(periodText({ kind: 'QUARTER', year: 2024, index: 3 }, translate)).toBe('quý III/2024');
    expect(periodText({ kind: 'HALF_YEAR', year: 2024, index: 1 }, translate)).toBe('6 tháng đầu năm 2024');
    expect(periodText({ kind: 'YEAR', year: 2024, index: 1 }, translate)).toBe('năm 2024');
  });
});

describe('figures as officials write them', () => {
  it('reads Vietnamese and plain decimals as the API’s decimal text', () => {
    expect(figureInput('1.234,5')).toBe('1234.5');
    expect(figureInput(' 12 ')).toBe('12');
    expect(figureInput('12.5')).toBe('12.5');
    expect(figureInput('')).toBe('');
    expect(figureInput('1 000')).toBe('1000');
  });

  it('shows figures with Vietnamese separators, nothing for none', () => {
    expect(formatFigure(1234.5)).toBe('1.234,5');
    expect(formatFigure(0)).toBe('0');
    expect(formatFigure(null)).toBe('');
  });
});

describe('the trend chart’s geometry (drawn by hand as SVG)', () => {
  const input = {
    allocated: 160,
    points: [
      { label: '03/10/2024', achieved: 40, cumulative: 40 },
      { label: '03/11/2024', achieved: null, cumulative: null },
      { label: '18/12/2024', achieved: 70, cumulative: 110 },
    ],
  };
  it('steps the value axis roundly from 0 to above the largest figure or the allocation', () => {
    expect(niceStep(160)).toBe(50);
    expect(niceStep(7)).toBe(2);
    expect(niceStep(0)).toBe(1);
    const l = trendLayout(input);
    expect(l.ticks.map((t) => t.value)).toEqual([0, 50, 100, 150, 200]);
    expect(l.ticks[0].y).toBe(l.plot.bottom);
    expect(l.ticks.at(-1)!.y).toBe(l.plot.top);
  });
  it('draws a bar per period with a figure, the cumulative line through the periods that have one, the allocation across', () => {
    const l = trendLayout(input);
    expect(l.columns).toHaveLength(3);
    expect(l.bars.map((b) => [b.index, b.value])).toEqual([
      [0, 40],
      [2, 70],
    ]);
    // Heights in proportion to the figures, from the axis up.
    expect(l.bars[1].height / l.bars[0].height).toBeCloseTo(70 / 40);
    expect(l.bars[0].y + l.bars[0].height).toBe(l.plot.bottom);
    expect(l.line.map((p) => p.index)).toEqual([0, 2]);
    expect(l.line[1].y).toBeLessThan(l.line[0].y);
    // The allocation (160) lies above every figure and below the top tick (200).
    expect(l.allocatedY!).toBeLessThan(l.line[1].y);
    expect(l.allocatedY!).toBeGreaterThan(l.plot.top);
    // Bars stay inside their column.
    for (const b of l.bars) {
      const c = l.columns[b.index];
      expect(b.x).toBeGreaterThanOrEqual(c.x);
      expect(b.x + b.width).toBeLessThanOrEqual(c.x + c.width);
    }
  });
  it('has no allocation line when none is set, and a figure of 0 sits on the axis', () => {
    const l = trendLayout({ allocated: null, points: [{ label: 'a', achieved: 0, cumulative: 0 }] });
    expect(l.allocatedY).toBeNull();
    expect(l.bars[0].height).toBe(0);
    expect(l.line[0].y).toBe(l.plot.bottom);
  });
});
