import { describe, expect, it } from 'vitest';
import { viAll as vi } from '../i18n/all-messages';
import { translateWith } from '../i18n/translate';
import { describeChange, isTechnicalPath, readableChanges } from './audit-diff';
import { describeFinding, findingFigures } from './wording';
import type { CheckFinding } from './types';
import {
  isHeading,
  isPartyDocument,
  nodeEmphasis,
  numberLine,
  placeOf,
  printedDateLine,
  printedNumber,
  recipientLine,
  sumCheck,
  SYMBOL_PATTERN,
  tableRows,
} from './printed';

const NBSP = '\u00A0';

describe('the printed header', () => {
  it('writes the number with a leading zero below 10, and leaves room on a draft', () => {
    expect(printedNumber('5')).toBe('05');
    expect(printedNumber('45')).toBe('45');
    expect(printedNumber(null)).toBe(NBSP.repeat(6));
    expect(numberLine({ number: '7', symbol: 'KH-UBND' })).toBe('Số: 07/KH-UBND');
    expect(numberLine({ number: null, symbol: 'KH-UBND' })).toBe(`Số: ${NBSP.repeat(6)}/KH-UBND`);
  });

  it('prints a Party document as the export does: its number form, and the Party heading', () => {
    expect(numberLine({ number: '125', symbol: 'KH/TU' })).toBe('Số 125-KH/TU');
    for (const ok of ['KH-UBND', 'kh-ubnd', 'KH/TU', 'KH/ĐU', 'KH/BCĐ']) expect(SYMBOL_PATTERN.test(ok), ok).toBe(true);
    for (const bad of ['KH/TU/X', '/TU', 'KH TU', '12/KH-UBND', 'KH-']) expect(SYMBOL_PATTERN.test(bad), bad).toBe(false);
    expect(isPartyDocument({ issuingBody: 'ĐẢNG BỘ TỈNH LÀO CAI\nTỈNH ỦY', symbol: 'KH-UBND' })).toBe(true);
    expect(isPartyDocument({ issuingBody: 'ĐẢNG ỦY XÃ A MÚ SUNG', symbol: 'KH-ĐU' })).toBe(true);
    expect(isPartyDocument({ issuingBody: null, symbol: 'KH/BCĐ' })).toBe(true);
    expect(isPartyDocument({ issuingBody: 'UBND TỈNH HƯNG YÊN\nBAN CHỈ ĐẠO PHÒNG, CHỐNG TỘI PHẠM', symbol: 'KH-BCĐ' })).toBe(false);
    expect(isPartyDocument({ issuingBody: 'ỦY BAN NHÂN DÂN TỈNH LÀO CAI', symbol: 'KH-UBND' })).toBe(false);
  });

  it('reads a table node into rows of cells, a Markdown rule row being no row', () => {
    expect(tableRows('| STT | Đơn vị | Số vụ |\n|---|---|---|\n| 1 | Huyện Bát Xát | 10 |\n|  | Tổng cộng | 10 |')).toEqual([
      ['STT', 'Đơn vị', 'Số vụ'],
      ['1', 'Huyện Bát Xát', '10'],
      ['', 'Tổng cộng', '10'],
    ]);
  });

  it('keeps the stored date line, opening the blanks of a draft', () => {
    const issued = { dateLine: 'Lào Cai, ngày 15 tháng 8 năm 2024', place: 'Lào Cai', issuedDate: '2024-08-15' };
    expect(printedDateLine(issued, 2026)).toBe('Lào Cai, ngày 15 tháng 8 năm 2024');
    const blankLine = { dateLine: 'Lào Cai, ngày tháng năm 2024', place: 'Lào Cai', issuedDate: null };
    expect(printedDateLine(blankLine, 2026)).toBe(`Lào Cai, ngày ${NBSP.repeat(5)} tháng ${NBSP.repeat(5)} năm 2024`);
    expect(printedDateLine({ dateLine: null, place: 'Gia Lai', issuedDate: null }, 2026)).toBe(
      `Gia Lai, ngày ${NBSP.repeat(5)} tháng ${NBSP.repeat(5)} năm 2026`,
    );
    expect(printedDateLine({ dateLine: null, place: null, issuedDate: null }, 2026)).toBeNull();
    expect(placeOf('Tỉnh Lào Cai')).toBe('Lào Cai');
    expect(placeOf('Phường Pleiku')).toBe('Pleiku');
  });
});

describe('the printed body and footer', () => {
  it('emphasises sections and heading items as the export does', () => {
    expect(isHeading('Mục tiêu chung')).toBe(true);
    expect(isHeading('Tổ chức tuyên truyền trên loa phát thanh.')).toBe(false);
    expect(isHeading('Phân công thực hiện:')).toBe(true);
    expect(nodeEmphasis({ kind: 'SECTION', text: 'MỤC ĐÍCH, YÊU CẦU' })).toBe('section');
    expect(nodeEmphasis({ kind: 'ITEM', text: 'Công tác tham mưu, chỉ đạo' })).toBe('heading');
    expect(nodeEmphasis({ kind: 'ITEM', text: 'Thực hiện hiệu quả công tác phòng ngừa.' })).toBe('plain');
    expect(nodeEmphasis({ kind: 'BULLET', text: 'Công an tỉnh' })).toBe('plain');
  });

  it('puts a dash before each recipient unless one is written', () => {
    expect(recipientLine('Bộ Công an;')).toBe('- Bộ Công an;');
    expect(recipientLine('- Lưu: VT.')).toBe('- Lưu: VT.');
    expect(recipientLine('+ Các huyện;')).toBe('+ Các huyện;');
  });
});

describe('the sum check of allocations', () => {
  it('matches the Lào Cai target: 160 vụ = 45+10+21+35+21+10+8+7+3', () => {
    expect(sumCheck(160, [45, 10, 21, 35, 21, 10, 8, 7, 3])).toEqual({ sum: 160, total: 160, matches: true, difference: 0 });
  });

  it('reports the difference when the allocations do not add up', () => {
    expect(sumCheck(160, [45, 10, 21, 35, 21, 10, 8, 7])).toEqual({ sum: 157, total: 160, matches: false, difference: -3 });
    expect(sumCheck(10, [6, 6]).difference).toBe(2);
  });

  it('has nothing to check without a total or without allocations, and ignores blanks', () => {
    expect(sumCheck(null, [1, 2]).matches).toBeNull();
    expect(sumCheck(5, []).matches).toBeNull();
    expect(sumCheck(0.3, [0.1, 0.2, null, undefined]).matches).toBe(true);
  });
});

describe('audit changes', () => {
  it('lists changed fields of an update, flattening nested objects', () => {
    const before = JSON.stringify({ nodeId: 'n', text: 'Cũ', task: { lead: [{ name: 'Công an tỉnh' }], timing: null } });
    const after = JSON.stringify({ nodeId: 'n', text: 'Mới', task: { lead: [{ name: 'Công an tỉnh' }], timing: { kind: 'BY_DATE' } } });
    expect(describeChange(before, after)).toEqual([
      { path: 'text', before: 'Cũ', after: 'Mới' },
      { path: 'task.timing.kind', before: null, after: 'BY_DATE' },
    ]);
  });

  it('shows every field of a creation, and status changes', () => {
    expect(describeChange(null, JSON.stringify({ title: 'Kế hoạch', unitId: 10 }))).toEqual([
      { path: 'title', before: null, after: 'Kế hoạch' },
      { path: 'unitId', before: null, after: '10' },
    ]);
    expect(describeChange('{"status":"DRAFT"}', '{"status":"IN_REVIEW"}')).toEqual([{ path: 'status', before: 'DRAFT', after: 'IN_REVIEW' }]);
    expect(describeChange('{"a":[{"assignee":"Sa Pa","value":10}]}', '{"a":[]}')).toEqual([{ path: 'a', before: 'Sa Pa: 10', after: null }]);
    // An empty list on creation is no change worth showing.
    expect(describeChange(null, '{"cooperating":[]}')).toEqual([]);
    expect(['nodeId', 'task.timing.phaseId', 'id', 'version', 'position', 'text'].map(isTechnicalPath)).toEqual([true, true, true, true, true, false]);
  });

  it('reads every event in Vietnamese: named fields, dates and codes in words, never an id', () => {
    const t = (key: string, options?: Record<string, unknown> | string, def?: string) => translateWith(vi, null, key, options, def);
    const id = '3b4bb7b9-61bd-4f26-9291-8add0bab79b0';
    const events: [string | null, string | null][] = [
      [null, JSON.stringify({ title: 'Kế hoạch', unitId: 10 })],
      [
        JSON.stringify({ nodeId: id, kind: 'TASK', label: '1.', text: 'Cũ', task: { lead: [{ agencyId: id, name: 'Công an tỉnh', sector: 'POLICE' }], timing: null } }),
        JSON.stringify({ nodeId: id, kind: 'TASK', label: '1.', text: 'Mới', task: { lead: [], timing: { kind: 'BY_DATE', dueDate: '2026-06-26', phaseId: null, recurring: false } } }),
      ],
      [JSON.stringify({ nodeId: id, parentId: id, position: 1 }), JSON.stringify({ nodeId: id, parentId: null, position: 3 })],
      [JSON.stringify({ nodeId: id, subtree: [{ id, label: '2.', text: 'Cục Hải quan tỉnh' }] }), JSON.stringify({ reason: 'Không có lực lượng' })],
      [JSON.stringify({ status: 'DRAFT' }), JSON.stringify({ status: 'ISSUED', number: '125/KH-UBND', issuedDate: '2026-11-30', signature: { signerName: 'Rah Lan Chung' } })],
      [JSON.stringify({ status: 'ISSUED' }), JSON.stringify({ status: 'SUPERSEDED', by: id })],
      [null, JSON.stringify({ amends: id, versionNo: 2 })],
      [null, JSON.stringify({ parentPlanId: id, nodes: 107, targets: 3, unmatchedAgencies: ['Cục Hải quan tỉnh'] })],
      [null, JSON.stringify({ kind: 'MODIFIED', upstreamNodeId: id })],
      [
        null,
        JSON.stringify({
          id,
          nodeId: id,
          metric: 'Số vụ phát hiện',
          value: 45,
          comparator: 'AT_LEAST',
          responsible: { agencyId: id, name: 'Công an tỉnh' },
          allocations: [{ id, assignee: 'Phường Lào Cai', unitId: 7, value: 40 }],
          version: 1,
        }),
      ],
      [JSON.stringify([{ type: 'PLAN', number: '1/KH-UBND', refPlanId: id, text: 'Kế hoạch số 1/KH-UBND' }]), JSON.stringify([])],
    ];
    const all = events.flatMap(([b, a]) => readableChanges(b, a, t));
    for (const c of all) {
      expect(c.label, c.path).not.toMatch(/^[a-z]+([._][a-zA-Z]+)*$/); // a name, not a code path
      for (const v of [c.before, c.after]) expect(v ?? '', c.path).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);
      for (const v of [c.before, c.after]) expect(v ?? '', c.path).not.toMatch(/[{}[\]"]/); // never JSON
    }
    const line = (path: string) => all.find((c) => c.path === path);
    expect(line('task.timing.dueDate')).toMatchObject({ label: 'Hạn hoàn thành', after: '26/06/2026' });
    expect(line('task.timing.kind')).toMatchObject({ after: 'Hoàn thành trước ngày' });
    expect(line('task.lead')).toMatchObject({ label: 'Chủ trì', before: 'Công an tỉnh', after: null });
    expect(line('status')).toMatchObject({ before: 'Dự thảo', after: 'Đã ban hành' });
    expect(line('subtree')).toMatchObject({ before: '2. Cục Hải quan tỉnh' });
    expect(line('allocations')).toMatchObject({ after: 'Phường Lào Cai: 40' });
    expect(line('')).toMatchObject({ label: 'Văn bản căn cứ', before: 'Kế hoạch số 1/KH-UBND' });
    expect(all.some((c) => c.path === 'position' || c.path === 'by' || c.path === 'amends')).toBe(false);
  });
});

describe('findings in the portal language', () => {
  const finding = (rule: string, fields: Partial<CheckFinding> = {}): CheckFinding => ({
    rule,
    severity: 'ERROR',
    nodeId: null,
    nodeLabel: null,
    targetId: null,
    // A message whose words and figures disagree with the fields: the portal must not read it.
    message: 'Allocations do not add up to the stated total: 1 ≠ 2 cái',
    date: null,
    limitDate: null,
    periodStart: null,
    periodEnd: null,
    allocated: null,
    total: null,
    unitOfMeasure: null,
    phaseName: null,
    citedAs: [],
    ...fields,
  });
  const t = (key: string) =>
    ({
      'plans.checks.rules.ALLOCATION_SUM_MISMATCH': 'Tổng phân bổ không khớp với chỉ tiêu',
      'plans.checks.rules.TASK_NO_TIMING': 'Nhiệm vụ chưa rõ thời gian hoàn thành (4 rõ)',
    })[key] ?? '';

  it('words the figures from the fields, never from the message', () => {
    const sum = finding('ALLOCATION_SUM_MISMATCH', { allocated: 157, total: 1600, unitOfMeasure: 'vụ' });
    expect(findingFigures(sum)).toBe('157 ≠ 1.600 vụ');
    expect(describeFinding(sum, t)).toBe('Tổng phân bổ không khớp với chỉ tiêu: 157 ≠ 1.600 vụ');
    expect(findingFigures(finding('DEADLINE_AFTER_MILESTONE', { date: '2025-01-15', limitDate: '2024-12-20' }))).toBe('15/01/2025 > 20/12/2024');
    expect(findingFigures(finding('REPORT_BEFORE_PERIOD', { date: '2024-05-20', limitDate: '2024-06-01' }))).toBe('20/05/2024 < 01/06/2024');
    expect(findingFigures(finding('DEADLINE_OUTSIDE_PERIOD', { date: '2025-01-15' }))).toBe('15/01/2025');
    expect(findingFigures(finding('PHASE_OUTSIDE_PERIOD', { phaseName: 'Giai đoạn 2' }))).toBe('Giai đoạn 2');
    const cited = finding('CITATION_INCONSISTENT', {
      citedAs: [
        { documentType: 'Chỉ thị', number: '36-CT/TW', date: '2019-08-16' },
        { documentType: 'Chỉ thị', number: '36-CT/TW', date: '2019-09-16' },
      ],
    });
    expect(findingFigures(cited)).toBe('Chỉ thị 36-CT/TW (16/08/2019) / 36-CT/TW (16/09/2019)');
    // A rule without figures is its wording alone.
    expect(describeFinding(finding('TASK_NO_TIMING'), t)).toBe('Nhiệm vụ chưa rõ thời gian hoàn thành (4 rõ)');
  });

  it('keeps the API’s own words for a rule it does not know yet', () => {
    expect(describeFinding(finding('NEW_RULE', { message: 'Something new', severity: 'WARNING' }), t)).toBe('Something new');
  });
});
