import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { AppError } from '../../../core/errors.js';
import type { PlanDocument } from '../../plans/plan-document.js';
import { docxToText } from '../import/docx-to-text.js';
import { parsePlanText } from '../import/parse-plan-text.js';
import { SEEDS, seedText, type SeedName } from '../import/test-fixtures.js';
import { readDocx, type DocxParts, type Para } from './docx-xml.test-helpers.js';
import { contentDisposition, exportBaseName } from './export.routes.js';
import { MOTTO, NATIONAL_NAME, PARTY_TITLE, isPartyDocument, printedNumber, renderPlanDocx, textWidth } from './plan-docx.js';
import { PDF_UNAVAILABLE, findOfficeBinary, renderPlanPdf } from './plan-pdf.js';

const NAMES = Object.keys(SEEDS) as SeedName[];
const seedDoc = (name: SeedName) => parsePlanText(seedText(name)).document;
const preambleParagraphs = (d: PlanDocument) => d.preamble.split('\n').filter((p) => p.trim() !== '');

/** The Lào Cai seed as it would stand once issued: issuing body, number, date. */
function issuedLaoCai(): PlanDocument {
  const d = seedDoc('laoCai');
  return {
    ...d,
    header: {
      ...d.header,
      issuingBody: 'ỦY BAN NHÂN DÂN TỈNH LÀO CAI',
      number: '45',
      symbol: 'KH-UBND',
      place: 'Lào Cai',
      dateLine: 'Lào Cai, ngày 20 tháng 8 năm 2024',
      issuedDate: '2024-08-20',
    },
  };
}

const twips = (mm: number) => (mm * 1440) / 25.4;
const nonEmpty = (ps: Para[]) => ps.filter((p) => p.text.trim() !== '');
const inTable = (ps: Para[], t: number, row?: number, col?: number) =>
  ps.filter((p) => p.table && p.table[0] === t && (row === undefined || p.table[1] === row) && (col === undefined || p.table[2] === col));
const find = (ps: Para[], text: string) => {
  const found = ps.filter((p) => p.text === text);
  expect(found, `one paragraph "${text}"`).toHaveLength(1);
  return found[0];
};
const allRuns = (p: Para) => p.runs.filter((r) => r.text.trim() !== '');
const allBold = (p: Para) => allRuns(p).length > 0 && allRuns(p).every((r) => r.bold);
/** Width of a rule paragraph inside a cell whose content width is `available`. */
const ruleWidth = (p: Para, available: number) => available - p.indentLeft - p.indentRight;

const rendered = {} as Record<SeedName, DocxParts>;
let issued: DocxParts;
beforeAll(async () => {
  for (const name of NAMES) rendered[name] = await readDocx(await renderPlanDocx(seedDoc(name)));
  issued = await readDocx(await renderPlanDocx(issuedLaoCai(), { issuingBodyParent: null }));
});

describe('page (Decree 30/2020, appendix I)', () => {
  it('is A4 portrait with margins inside the decree ranges', () => {
    for (const name of NAMES) {
      const xml = rendered[name].documentXml;
      expect(xml).toMatch(/<w:pgSz w:w="11906" w:h="16838" w:orient="portrait"\/>/);
      const mar = /<w:pgMar ([^>]*)\/>/.exec(xml)![1];
      const m = (side: string) => Number(new RegExp(`w:${side}="(\\d+)"`).exec(mar)![1]);
      expect(m('top')).toBeGreaterThanOrEqual(twips(20) - 1);
      expect(m('top')).toBeLessThanOrEqual(twips(25));
      expect(m('bottom')).toBeGreaterThanOrEqual(twips(20) - 1);
      expect(m('bottom')).toBeLessThanOrEqual(twips(25));
      expect(m('left')).toBeGreaterThanOrEqual(twips(30) - 1);
      expect(m('left')).toBeLessThanOrEqual(twips(35));
      expect(m('right')).toBeGreaterThanOrEqual(twips(15) - 1);
      expect(m('right')).toBeLessThanOrEqual(twips(20));
    }
  });

  it('prints every run in Times New Roman, the default style too', () => {
    for (const name of NAMES) {
      const { paragraphs, stylesXml } = rendered[name];
      const runs = paragraphs.flatMap(allRuns);
      expect(runs.length).toBeGreaterThan(50);
      expect(new Set(runs.map((r) => r.font))).toEqual(new Set(['Times New Roman']));
      expect(/<w:docDefaults>[\s\S]*<w:rFonts[^>]*w:ascii="Times New Roman"[^>]*w:hAnsi="Times New Roman"/.test(stylesXml)).toBe(true);
    }
  });

  it('numbers pages centred in the top margin, not on page 1', () => {
    for (const name of NAMES) {
      const { documentXml, headers } = rendered[name];
      expect(documentXml).toMatch(/<w:sectPr>[\s\S]*<w:titlePg\/>[\s\S]*<\/w:sectPr>/);
      expect(headers.default).toMatch(/<w:instrText[^>]*>\s*PAGE\s*<\/w:instrText>/);
      expect(headers.default).toMatch(/<w:jc w:val="center"\/>/);
      const size = Number(/<w:sz w:val="(\d+)"/.exec(headers.default)![1]);
      expect(size).toBeGreaterThanOrEqual(26);
      expect(size).toBeLessThanOrEqual(28);
      expect(headers.first).toBeDefined();
      expect(headers.first).not.toMatch(/PAGE/);
    }
  });
});

describe('header', () => {
  it('has the issuing body in bold capitals with a short rule, and "Số: 45/KH-UBND" under it', () => {
    const left = inTable(issued.paragraphs, 0, undefined, 0);
    const body = find(left, 'ỦY BAN NHÂN DÂN TỈNH LÀO CAI');
    expect(allBold(body)).toBe(true);
    expect(allRuns(body).every((r) => r.caps && r.size! >= 24 && r.size! <= 26)).toBe(true);
    expect(body.align).toBe('center');
    const rule = left[left.indexOf(body) + 1];
    expect(rule.bottomBorder).toBe(true);
    expect(rule.text).toBe('');
    // 1/3–1/2 of the text's length.
    const width = ruleWidth(rule, 3600 - 114);
    const text = Math.min(textWidth(body.text, 12), 3600 - 114);
    expect(width).toBeGreaterThanOrEqual(text / 3);
    expect(width).toBeLessThanOrEqual(text / 2);
    const number = find(inTable(issued.paragraphs, 0, 1, 0), 'Số: 45/KH-UBND');
    expect(number.align).toBe('center');
    expect(allRuns(number).every((r) => !r.bold && !r.italics && r.size === 26)).toBe(true);
  });

  it('puts the national name and motto on the right, bold, with a rule as long as the motto', () => {
    for (const doc of [issued, ...NAMES.map((n) => rendered[n])]) {
      const right = inTable(doc.paragraphs, 0, 0, 1);
      const [name, motto, rule] = right;
      expect(name.text).toBe(NATIONAL_NAME);
      expect(allBold(name) && name.align === 'center').toBe(true);
      expect(allRuns(name).every((r) => r.size! >= 24 && r.size! <= 26)).toBe(true);
      expect(motto.text).toBe(MOTTO);
      expect(allBold(motto) && motto.align === 'center').toBe(true);
      expect(allRuns(motto).every((r) => r.size! >= 26 && r.size! <= 28)).toBe(true);
      expect(rule.bottomBorder && rule.text === '').toBe(true);
      const width = ruleWidth(rule, 9355 - 3600 - 114);
      expect(Math.abs(width - textWidth(MOTTO, allRuns(motto)[0].size! / 2))).toBeLessThan(40);
    }
  });

  it('prints the place and date in italics on the line of "Số:"', () => {
    const date = find(issued.paragraphs, 'Lào Cai, ngày 20 tháng 8 năm 2024');
    expect(date.table).toEqual([0, 1, 1]);
    expect(allRuns(date).every((r) => r.italics && !r.bold && r.size! >= 26 && r.size! <= 28)).toBe(true);
    expect(date.align).toBe('center');
  });

  it('leaves room for the number and the date of a draft', () => {
    const ps = rendered.laoCai.paragraphs;
    const number = inTable(ps, 0, 1, 0)[0];
    expect(number.text).toMatch(/^Số:\s{4,}\/KH-UBND$/u);
    const date = inTable(ps, 0, 1, 1)[0];
    expect(date.text).toMatch(/^Lào Cai, ngày\s{4,}tháng\s{4,}năm 2024$/u);
  });

  it('prints a superior body upright above the issuing body when given', async () => {
    const parts = await readDocx(await renderPlanDocx(issuedLaoCai(), { issuingBodyParent: 'BỘ CÔNG AN' }));
    const left = nonEmpty(inTable(parts.paragraphs, 0, 0, 0));
    expect(left.map((p) => p.text)).toEqual(['BỘ CÔNG AN', 'ỦY BAN NHÂN DÂN TỈNH LÀO CAI']);
    expect(allRuns(left[0]).every((r) => !r.bold && r.caps)).toBe(true);
    expect(allBold(left[1])).toBe(true);
  });

  it('gives numbers below 10 a leading zero', () => {
    expect(printedNumber('5')).toBe('05');
    expect(printedNumber('45')).toBe('45');
    expect(printedNumber('123')).toBe('123');
    expect(printedNumber(null).trim()).toBe('');
  });
});

describe('kind, title and body', () => {
  it('centres "KẾ HOẠCH" and the title in bold, with a short rule under the title', () => {
    for (const name of NAMES) {
      const ps = rendered[name].paragraphs;
      const kind = find(ps, 'KẾ HOẠCH');
      expect(kind.table).toBeNull();
      expect(allBold(kind) && kind.align === 'center').toBe(true);
      const title = ps[ps.indexOf(kind) + 1];
      expect(title.text).toBe(seedDoc(name).header.title);
      expect(allBold(title) && title.align === 'center').toBe(true);
      expect(allRuns(title).every((r) => r.size! >= 26 && r.size! <= 28)).toBe(true);
      const rule = ps[ps.indexOf(kind) + 2];
      expect(rule.bottomBorder && rule.text === '').toBe(true);
      const width = ruleWidth(rule, 9355);
      const text = Math.min(textWidth(title.text, 14), 9355);
      expect(width).toBeGreaterThanOrEqual(text / 3);
      expect(width).toBeLessThanOrEqual(text / 2);
    }
  });

  it('prints the preamble and every node, labelled, in document order', () => {
    for (const name of NAMES) {
      const doc = seedDoc(name);
      const ps = rendered[name].paragraphs;
      const title = find(ps, doc.header.title);
      const body = nonEmpty(ps.slice(ps.indexOf(title) + 1).filter((p) => p.table === null));
      const expected = [...preambleParagraphs(doc), ...doc.nodes.map((n) => (n.label ? `${n.label} ${n.text}` : n.text))];
      expect(body.map((p) => p.text)).toEqual(expected);
    }
  });

  it('uses every kind of label of the seeds: "I.", "1.", "2.1.", "a)", "-"', () => {
    const starts = NAMES.flatMap((n) => rendered[n].paragraphs.map((p) => /^(\S+)\s/.exec(p.text)?.[1]));
    for (const label of ['I.', 'II.', 'III.', '1.', '2.', '2.1.', 'a)', 'b)', '-']) expect(starts).toContain(label);
    const lc = rendered.duongQuang.paragraphs.map((p) => p.text);
    const order = ['I. MỤC TIÊU', '1. Mục tiêu chung', '2. Mục tiêu, lộ trình cụ thể', '2.1. Mục tiêu cụ thể', '2.2. Lộ trình cụ thể'];
    expect(order.map((t) => lc.indexOf(t))).toEqual([...order.map((t) => lc.indexOf(t))].sort((a, b) => a - b));
    expect(order.every((t) => lc.includes(t))).toBe(true);
  });

  it('justifies body paragraphs with a 1–1.27 cm first-line indent, ≥ 6 pt after, single to 1.5 spacing, 13–14 pt', () => {
    for (const name of NAMES) {
      const doc = seedDoc(name);
      const ps = rendered[name].paragraphs;
      const title = find(ps, doc.header.title);
      const body = nonEmpty(ps.slice(ps.indexOf(title) + 1).filter((p) => p.table === null));
      expect(body.length).toBe(doc.nodes.length + preambleParagraphs(doc).length);
      for (const p of body) {
        expect(p.align, p.text).toBe('both');
        expect(p.firstLine).toBeGreaterThanOrEqual(Math.floor(twips(10)));
        expect(p.firstLine).toBeLessThanOrEqual(Math.ceil(twips(12.7)));
        expect(p.spacingAfter).toBeGreaterThanOrEqual(120);
        expect(p.line).toBeGreaterThanOrEqual(240);
        expect(p.line).toBeLessThanOrEqual(360);
        expect(allRuns(p).every((r) => r.size === 26 || r.size === 28)).toBe(true);
      }
    }
  });

  it('sets sections in bold capitals, headings of items in bold, sentences, points and bullets upright', () => {
    const dq = rendered.duongQuang.paragraphs;
    const section = find(dq, 'I. MỤC TIÊU');
    expect(allBold(section) && allRuns(section).every((r) => r.caps)).toBe(true);
    expect(allBold(find(dq, '1. Mục tiêu chung'))).toBe(true);
    expect(allBold(find(dq, '2.1. Mục tiêu cụ thể'))).toBe(true);
    const bullet = dq.find((p) => p.text.startsWith('- Chủ động tham mưu cấp uỷ đảng'))!;
    expect(allRuns(bullet).some((r) => r.bold || r.italics)).toBe(false);
    const lc = rendered.laoCai.paragraphs;
    const sentence = lc.find((p) => p.text.startsWith('1. Tiếp tục tổ chức triển khai thực hiện nghiêm'))!;
    expect(allRuns(sentence).some((r) => r.bold)).toBe(false);
    const point = rendered.giaLai.paragraphs.find((p) => p.text.startsWith('a) Tổ chức quán triệt'))!;
    expect(allRuns(point).some((r) => r.bold || r.italics)).toBe(false);
  });
});

describe('footer', () => {
  it('lists "Nơi nhận:" (12 pt bold italic) and the recipients (11 pt, "- " first) on the left', () => {
    for (const name of NAMES) {
      const doc = seedDoc(name);
      const left = nonEmpty(inTable(rendered[name].paragraphs, 1, 0, 0));
      expect(left[0].text).toBe('Nơi nhận:');
      expect(allRuns(left[0]).every((r) => r.bold && r.italics && r.size === 24)).toBe(true);
      expect(left.slice(1).map((p) => p.text)).toEqual(doc.recipients.map((r) => `- ${r}`));
      for (const p of left.slice(1)) expect(allRuns(p).every((r) => r.size === 22 && !r.bold && !r.italics)).toBe(true);
      expect(left.at(-1)!.text).toMatch(/^- Lưu: VT/u);
    }
  });

  it('puts the signature block on the right: authority and title bold capitals, space, the name bold', () => {
    const right = inTable(rendered.laoCai.paragraphs, 1, 0, 1);
    const texts = nonEmpty(right).map((p) => p.text);
    expect(texts).toEqual(['TM. ỦY BAN NHÂN DÂN', 'CHỦ TỊCH', 'Trịnh Xuân Trường']);
    for (const p of nonEmpty(right)) {
      expect(allBold(p) && p.align === 'center').toBe(true);
      expect(allRuns(p).every((r) => r.size === 26 || r.size === 28)).toBe(true);
    }
    expect(allRuns(nonEmpty(right)[1]).every((r) => r.caps)).toBe(true);
    // Room to sign: at least 2 cm between the title and the name.
    expect(nonEmpty(right)[1].spacingAfter).toBeGreaterThanOrEqual(twips(20));
    // The recipients heading stands level with the first line of the signature block.
    expect(inTable(rendered.laoCai.paragraphs, 1, 0, 0)[0].text).toBe('Nơi nhận:');
    expect(right[0].text).toBe('TM. ỦY BAN NHÂN DÂN');
  });

  it('prints a signature without authority as it stands (Bắc Giang: "CHỦ TỊCH" only)', () => {
    const right = nonEmpty(inTable(rendered.bacGiang.paragraphs, 1, 0, 1)).map((p) => p.text);
    expect(right).toEqual(['CHỦ TỊCH', 'Lê Ánh Dương']);
  });
});

describe('round trip: export then import gives the same plan', () => {
  for (const name of NAMES) {
    it(`${name}: import(text) equals import(export(import(text)))`, async () => {
      const original = parsePlanText(seedText(name)).document;
      const { text } = await docxToText(await renderPlanDocx(original));
      const again = parsePlanText(text).document;
      // Field by field first, for a readable failure; then the whole document.
      expect(again.header).toEqual(original.header);
      expect(again.nodes.map((n) => [n.key, n.parentKey, n.kind, n.label, n.text])).toEqual(
        original.nodes.map((n) => [n.key, n.parentKey, n.kind, n.label, n.text]),
      );
      expect(again.nodes.map((n) => n.task)).toEqual(original.nodes.map((n) => n.task));
      expect(again.targets).toEqual(original.targets);
      expect(again).toEqual(original);
    });
  }

  it('keeps an issued header: issuing body, number, place and date', async () => {
    const original = issuedLaoCai();
    const again = parsePlanText((await docxToText(await renderPlanDocx(original))).text).document;
    expect(again.header).toEqual(original.header);
    expect(again.nodes).toEqual(original.nodes);
  });

  it('has targets and tasks to compare (the seeds are not trivially empty)', () => {
    const lc = seedDoc('laoCai');
    expect(lc.targets.some((t) => t.allocations.length > 5)).toBe(true);
    expect(lc.nodes.filter((n) => n.task?.lead.length).length).toBeGreaterThan(10);
  });
});

describe('file names', () => {
  const plan = {
    id: '1a2b3c4d-0000-4000-8000-000000000000',
    number: '45',
    symbol: 'KH-UBND',
    issuedDate: '2024-08-20',
    createdAt: new Date('2024-08-01T00:00:00Z'),
    title: 'Mở đợt cao điểm: tổng điều tra "ma túy"',
  };

  it('names an issued plan by number, symbol and year, and a draft by its id', () => {
    expect(exportBaseName(plan)).toBe('KH-45-KH-UBND-2024');
    expect(exportBaseName({ ...plan, number: '5' })).toBe('KH-05-KH-UBND-2024');
    expect(exportBaseName({ ...plan, number: null, issuedDate: null })).toBe('KH-du-thao-KH-UBND-2024-1a2b3c4d');
  });

  it('gives an ASCII filename and the Vietnamese title as RFC 5987 filename*', () => {
    const header = contentDisposition(plan, 'docx');
    expect(header).toMatch(/^attachment; filename="KH-45-KH-UBND-2024\.docx"; filename\*=UTF-8''[\x21-\x7e]+$/);
    const encoded = /filename\*=UTF-8''(.+)$/.exec(header)![1];
    expect(decodeURIComponent(encoded)).toBe('KH-45-KH-UBND-2024 Mở đợt cao điểm tổng điều tra ma túy.docx');
  });
});

/** Whether this machine can convert to PDF: the conversion test runs only then, and says so when skipped. */
const officeAvailable = findOfficeBinary() !== null;

describe('PDF', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('fails with reason PDF_UNAVAILABLE when LibreOffice is not on PATH', async () => {
    vi.stubEnv('PATH', mkdtempSync(path.join(os.tmpdir(), 'no-office-')));
    expect(findOfficeBinary()).toBeNull();
    const error = await renderPlanPdf(seedDoc('duongQuang')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).extensions).toMatchObject({ code: 'INVALID_STATE', reason: PDF_UNAVAILABLE });
  });

  it.skipIf(!officeAvailable)(
    officeAvailable
      ? 'converts the .docx with LibreOffice'
      : 'converts the .docx with LibreOffice — SKIPPED: soffice is not on PATH (apt-get install libreoffice-writer-nogui)',
    async () => {
      const pdf = await renderPlanPdf(seedDoc('laoCai'));
      expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      // A4 in points, and more than one page (the Lào Cai plan runs to many).
      const text = pdf.toString('latin1');
      expect(text).toMatch(/\/MediaBox\s*\[\s*0 0 595\.\d+ 841\.\d+\s*\]/);
      expect(Number(/\/Count (\d+)/.exec(text)![1])).toBeGreaterThan(5);
    },
    120_000,
  );
});

describe('issuing authority, place and date, title rule, signature (issue 12)', () => {
  const LAO_CAI = { name: 'Tỉnh Lào Cai' };
  const leftTop = (parts: DocxParts) => nonEmpty(inTable(parts.paragraphs, 0, 0, 0)).map((p) => p.text);
  const dateCell = (parts: DocxParts) => inTable(parts.paragraphs, 0, 1, 1)[0]?.text ?? null;
  const withBody = (issuingBody: string | null): PlanDocument => ({ ...issuedLaoCai(), header: { ...issuedLaoCai().header, issuingBody } });

  it("prints the unit's committee when the plan states no issuing body (an imported seed)", async () => {
    expect(seedDoc('laoCai').header.issuingBody).toBeNull();
    const parts = await readDocx(await renderPlanDocx(seedDoc('laoCai'), { unit: LAO_CAI }));
    expect(leftTop(parts)).toEqual(['ỦY BAN NHÂN DÂN TỈNH LÀO CAI']);
    expect(allBold(nonEmpty(inTable(parts.paragraphs, 0, 0, 0))[0])).toBe(true);
  });

  it("prints the unit's committee above an agency's one-line body, upright", async () => {
    const parts = await readDocx(await renderPlanDocx(withBody('CÔNG AN TỈNH'), { unit: LAO_CAI }));
    expect(leftTop(parts)).toEqual(['UBND TỈNH LÀO CAI', 'CÔNG AN TỈNH']);
    const [superior, body] = nonEmpty(inTable(parts.paragraphs, 0, 0, 0));
    expect(allRuns(superior).every((r) => !r.bold)).toBe(true);
    expect(allBold(body)).toBe(true);
    // A committee, a body with its superior line already, and a Party body stand as they are.
    for (const stands of ['ỦY BAN NHÂN DÂN TỈNH LÀO CAI', 'UBND TỈNH LÀO CAI\nSỞ Y TẾ', 'TỈNH ỦY']) {
      // (A Party body has its star under it: see below.)
      const printed = leftTop(await readDocx(await renderPlanDocx(withBody(stands), { unit: LAO_CAI }))).filter((t) => t !== '*');
      expect(printed.join('\n')).toBe(stands);
    }
  });

  it('never prints a misread issuing body as it stands: motto, date or "|" in it', async () => {
    const misread = [
      'ỦY BAN NHÂN DÂN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
      'TỈNH LÀO CAI | Độc lập - Tự do - Hạnh phúc',
      'Lào Cai, ngày 20 tháng 8 năm 2024',
    ];
    for (const body of [misread.join('\n'), 'Kính gửi: các sở, ngành']) {
      const parts = await readDocx(await renderPlanDocx(withBody(body), { unit: LAO_CAI }));
      expect(leftTop(parts)).toEqual(['ỦY BAN NHÂN DÂN TỈNH LÀO CAI']);
    }
  });

  it('gives a derived draft (no place, no date line) the place of its unit and a date line to fill in', async () => {
    const draft: PlanDocument = {
      ...issuedLaoCai(),
      header: { ...issuedLaoCai().header, number: null, issuedDate: null, place: null, dateLine: null },
    };
    expect(dateCell(await readDocx(await renderPlanDocx(draft)))).toBeFalsy();
    const parts = await readDocx(await renderPlanDocx(draft, { unit: { name: 'Thành phố Lào Cai' } }));
    expect(dateCell(parts)).toMatch(/^Lào Cai, ngày\s{4,}tháng\s{4,}năm 20\d\d$/u);
  });

  it('prints a Party number in its own form: "Số 125-KH/TU"', async () => {
    const party: PlanDocument = {
      ...issuedLaoCai(),
      header: { ...issuedLaoCai().header, issuingBody: 'TỈNH ỦY', number: '125', symbol: 'KH/TU' },
    };
    const parts = await readDocx(await renderPlanDocx(party));
    expect(inTable(parts.paragraphs, 0, 1, 0)[0].text).toBe('Số 125-KH/TU');
  });

  describe('a Party document is headed "ĐẢNG CỘNG SẢN VIỆT NAM", never by the state motto', () => {
    const partyPlan = (issuingBody: string, number: string, symbol: string): PlanDocument => ({
      ...issuedLaoCai(),
      header: { ...issuedLaoCai().header, issuingBody, number, symbol },
    });
    const texts = (parts: DocxParts) => parts.paragraphs.map((p) => p.text);

    it.each([
      ['a provincial Party committee', 'ĐẢNG BỘ TỈNH LÀO CAI\nTỈNH ỦY', '125', 'KH/TU'],
      ['a district Party committee', 'ĐẢNG BỘ TỈNH LÀO CAI\nHUYỆN ỦY BÁT XÁT', '45', 'KH/HU'],
      ['a commune Party committee', 'ĐẢNG ỦY XÃ A MÚ SUNG', '3', 'KH/ĐU'],
      ["a Party committee's Ban Chỉ đạo", 'TỈNH ỦY LÀO CAI\nBAN CHỈ ĐẠO 35', '12', 'KH/BCĐ'],
    ])('%s: the Party title top right with a rule as long as it, a star under the body', async (_name, body, number, symbol) => {
      const plan = partyPlan(body, number, symbol);
      expect(isPartyDocument(plan.header)).toBe(true);
      const parts = await readDocx(await renderPlanDocx(plan, { unit: { name: 'Tỉnh Lào Cai' } }));
      const [title, rule, ...rest] = inTable(parts.paragraphs, 0, 0, 1);
      expect(title.text).toBe(PARTY_TITLE);
      expect(allBold(title) && title.align === 'center').toBe(true);
      expect(rule.bottomBorder && rule.text === '').toBe(true);
      expect(Math.abs(ruleWidth(rule, 9355 - 3600 - 114) - textWidth(PARTY_TITLE, allRuns(title)[0].size! / 2))).toBeLessThan(40);
      expect(rest).toEqual([]);
      expect(texts(parts)).not.toContain(NATIONAL_NAME);
      expect(texts(parts)).not.toContain(MOTTO);
      // The body as stated, a star under it (no rule), the number in the Party form.
      expect(nonEmpty(inTable(parts.paragraphs, 0, 0, 0)).map((p) => p.text)).toEqual([body, '*']);
      expect(inTable(parts.paragraphs, 0, 0, 0).some((p) => p.bottomBorder)).toBe(false);
      expect(inTable(parts.paragraphs, 0, 1, 0)[0].text).toBe(`Số ${number}-${symbol}`);
      // It reads back as the same header: the title and the star are layout to the importer.
      const again = parsePlanText((await docxToText(await renderPlanDocx(plan))).text);
      expect(again.document.header).toEqual(plan.header);
      expect(again.report.warnings.map((w) => w.code)).not.toContain('HEADER_UNSURE');
    });

    it('a state Ban Chỉ đạo ("Số: 17/KH-BCĐ") and a People\'s Committee keep the national name and motto', async () => {
      for (const plan of [
        partyPlan('UBND TỈNH HƯNG YÊN\nBAN CHỈ ĐẠO PHÒNG, CHỐNG TỘI PHẠM', '17', 'KH-BCĐ'),
        issuedLaoCai(),
        partyPlan('ỦY BAN NHÂN DÂN HUYỆN BÁT XÁT', '5', 'KH-UBND'),
      ]) {
        expect(isPartyDocument(plan.header)).toBe(false);
        const right = inTable((await readDocx(await renderPlanDocx(plan))).paragraphs, 0, 0, 1).map((p) => p.text);
        expect(right.slice(0, 2)).toEqual([NATIONAL_NAME, MOTTO]);
      }
    });
  });

  it('sets the rule under the title off the title: it never touches it', () => {
    for (const name of NAMES) {
      const ps = rendered[name].paragraphs;
      const kind = find(ps, 'KẾ HOẠCH');
      const rule = ps[ps.indexOf(kind) + 2];
      expect(rule.bottomBorder).toBe(true);
      expect(rule.spacingBefore).toBeGreaterThanOrEqual(100);
    }
  });

  it('keeps the last paragraph of the body with the signature block: the block never stands alone on the last page', () => {
    for (const name of NAMES) {
      const ps = rendered[name].paragraphs;
      const footerAt = ps.findIndex((p) => p.table && p.table[0] === 1);
      const body = ps.slice(0, footerAt);
      const lastText = body
        .map((p, i) => (p.text.trim() !== '' ? i : -1))
        .filter((i) => i >= 0)
        .at(-1)!;
      // The last text paragraph and everything between it and the footer table keep with the next.
      for (const p of body.slice(lastText)) expect(p.keepNext, `${name}: "${p.text.slice(0, 40)}"`).toBe(true);
      // Only at the end: the body is free to break elsewhere.
      expect(body.filter((p) => p.keepNext).length).toBeLessThanOrEqual(2);
    }
  });
});
