import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { Document, Packer, Paragraph } from 'docx';
import { documentText } from './document-text.js';
import { docxToText, formatNumber, htmlToText, labelNumberedParagraphs, parseNumbering } from './docx-to-text.js';
import { AppError } from '../../../core/errors.js';
import { IMPORT_LIMITS } from './limits.js';
import { readPlanFile } from './read-plan-file.js';
import { parsePlanText } from './parse-plan-text.js';
import { SEEDS, docxFromText, docxWithWordNumbering, seedText, type SeedName } from './test-fixtures.js';
import { normaliseForComparison } from './text-normalise.js';

describe('.docx built from the seeds (one Word paragraph per source line)', () => {
  for (const name of Object.keys(SEEDS) as SeedName[]) {
    it(`${name}: same text and the same document as from the text`, async () => {
      const source = seedText(name);
      const { text, warnings } = await docxToText(await docxFromText(source));
      expect(warnings).toEqual([]);
      expect(normaliseForComparison(text)).toBe(normaliseForComparison(source));
      const fromDocx = parsePlanText(text);
      expect(fromDocx).toEqual(parsePlanText(source));
      expect(normaliseForComparison(documentText(fromDocx.document))).toBe(normaliseForComparison(source));
    });
  }
});

describe('labels that Word numbers automatically', () => {
  // Gia Lai numbers its points a, b, c, d, đ, e, g: Word's letters (… d, e, f) are read in that
  // order, as Vietnamese documents letter their points.
  for (const name of ['laoCai', 'bacGiang', 'duongQuang', 'giaLai'] as const) {
    it(`${name}: I./1./2.1./- as Word numbering read back as the same document`, async () => {
      const source = seedText(name);
      const docx = await docxWithWordNumbering(source);
      const xml = await (await JSZip.loadAsync(docx)).file('word/document.xml')!.async('string');
      // The labels are really not in the text of the file: only numbering makes them.
      expect(xml).not.toMatch(/>I\. /);
      expect(xml).toContain('<w:numPr>');
      const { text } = await docxToText(docx);
      expect(parsePlanText(text).document).toEqual(parsePlanText(source).document);
    });
  }

  it('Lào Cai: sections, items and sub-items carry the labels Word prints', async () => {
    const { text } = await docxToText(await docxWithWordNumbering(seedText('laoCai')));
    const lines = text.split('\n').filter(Boolean);
    expect(lines).toContain('I. MỤC ĐÍCH, YÊU CẦU');
    expect(lines).toContain('V. TỔ CHỨC THỰC HIỆN');
    expect(lines).toContain('2.3. Chỉ tiêu đấu tranh, bắt giữ tội phạm về ma túy');
    expect(lines).toContain('- Cục Hải quan tỉnh: 02 vụ.');
  });

  const numberingXml = `<w:numbering>
    <w:abstractNum w:abstractNumId="0">
      <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="%1."/></w:lvl>
      <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%2."/></w:lvl>
      <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%3)"/></w:lvl>
    </w:abstractNum>
    <w:abstractNum w:abstractNumId="1">
      <w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/><w:lvlText w:val="–"/></w:lvl>
    </w:abstractNum>
    <w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
    <w:num w:numId="2"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>
    <w:num w:numId="3"><w:abstractNumId w:val="1"/></w:num>
  </w:numbering>`;
  const p = (numId: number, ilvl: number, text: string) =>
    `<w:p><w:pPr><w:numPr><w:ilvl w:val="${ilvl}"/><w:numId w:val="${numId}"/></w:numPr></w:pPr><w:r><w:t>${text}</w:t></w:r></w:p>`;
  const labels = (xml: string) =>
    [...labelNumberedParagraphs(xml, parseNumbering(numberingXml), new Map()).matchAll(/<w:t xml:space="preserve">([^<]*) <\/w:t>/g)].map(
      (m) => m[1],
    );

  it('counts per level, restarts deeper levels under a new parent, formats roman, decimal, letters and bullets', () => {
    const body = [
      p(1, 0, 'A'),
      p(1, 1, 'x'),
      p(1, 1, 'y'),
      p(1, 2, 'p'),
      p(1, 2, 'q'),
      p(1, 0, 'B'),
      p(1, 1, 'z'),
      p(3, 0, 'b'),
      p(1, 2, 'r'),
    ].join('');
    expect(labels(body)).toEqual(['I.', '1.', '2.', 'a)', 'b)', 'II.', '1.', '–', 'a)']);
  });

  it('an instance of the same list continues it, unless it restarts a level', () => {
    expect(labels([p(1, 0, 'A'), p(1, 0, 'B'), p(2, 0, 'C'), p(2, 0, 'D')].join(''))).toEqual(['I.', 'II.', 'I.', 'II.']);
  });

  it('turns the numbering off where it wrote the label, so no list is numbered twice', () => {
    const out = labelNumberedParagraphs(p(1, 0, 'A'), parseNumbering(numberingXml), new Map());
    expect(out).toContain('<w:numId w:val="0"/>');
    expect(out).not.toContain('<w:numId w:val="1"/>');
  });

  it('formats numbers as Word does, letters in the Vietnamese order', () => {
    expect(['decimal', 'decimalZero', 'lowerLetter', 'upperLetter', 'lowerRoman', 'upperRoman'].map((f) => formatNumber(4, f))).toEqual([
      '4',
      '04',
      'd',
      'D',
      'iv',
      'IV',
    ]);
    // 23 letters a … y (no f, j, w, z; đ after d), then aa.
    expect(formatNumber(24, 'lowerLetter')).toBe('aa');
    expect(formatNumber(14, 'upperRoman')).toBe('XIV');
  });
});

describe('HTML from mammoth to text lines', () => {
  it('keeps paragraphs, emphasis, table cells and line breaks; decodes entities', () => {
    const html =
      '<p><strong>KẾ HOẠCH</strong></p><h2>I. MỤC &amp; ĐÍCH</h2><table><tr><td><p>Nơi nhận:</p><p>- A;</p></td><td><p>TM. ỦY BAN<br />CHỦ TỊCH</p></td></tr></table><ol><li>Một <em>việc</em></li></ol>';
    expect(htmlToText(html)).toBe('**KẾ HOẠCH**\n\nI. MỤC & ĐÍCH\n\nNơi nhận:\n\n- A;\n\nTM. ỦY BAN\n\nCHỦ TỊCH\n\nMột *việc*\n');
  });
});

describe('rejected files have stable reasons', () => {
  const reasonOf = async (bytes: Uint8Array) => {
    try {
      await docxToText(bytes);
    } catch (e) {
      const ext = (e as { extensions?: Record<string, unknown> }).extensions;
      return { code: ext?.code, reason: ext?.reason };
    }
    return null;
  };

  it('NOT_DOCX: bytes that are not a zip, and a zip without word/document.xml', async () => {
    expect(await reasonOf(new TextEncoder().encode('KẾ HOẠCH\nplain text, not a docx'))).toEqual({
      code: 'BAD_USER_INPUT',
      reason: 'NOT_DOCX',
    });
    const zip = new JSZip();
    zip.file('hello.txt', 'hi');
    expect(await reasonOf(await zip.generateAsync({ type: 'uint8array' }))).toEqual({ code: 'BAD_USER_INPUT', reason: 'NOT_DOCX' });
  });

  it('EMPTY: a document without text', async () => {
    const empty = await Packer.toBuffer(new Document({ sections: [{ children: [new Paragraph({ children: [] })] }] }));
    expect(await reasonOf(empty)).toEqual({ code: 'BAD_USER_INPUT', reason: 'EMPTY' });
  });

  it('TOO_LARGE: more bytes than the limit', async () => {
    expect(await reasonOf(new Uint8Array(IMPORT_LIMITS.maxFileBytes + 1))).toEqual({ code: 'TOO_LARGE', reason: 'FILE_TOO_LARGE' });
  });

  it('a valid document is not rejected', async () => {
    expect(await reasonOf(await docxFromText('KẾ HOẠCH\nThử'))).toBeNull();
  });
});

describe('Word facts (issue 12)', () => {
  it("Word's letters are read in the Vietnamese order: a) b) c) d) đ) e) g) …", () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((n) => formatNumber(n, 'lowerLetter'))).toEqual([
      'a',
      'b',
      'c',
      'd',
      'đ',
      'e',
      'g',
      'h',
      'i',
      'k',
    ]);
    expect(formatNumber(5, 'upperLetter')).toBe('Đ');
    expect(formatNumber(24, 'lowerLetter')).toBe('aa');
  });

  it('reports pending tracked changes (TRACKED_CHANGES) instead of silently taking them as accepted', async () => {
    const source = seedText('laoCai');
    const plain = await docxFromText(source);
    const zip = await JSZip.loadAsync(plain);
    const xml = await zip.file('word/document.xml')!.async('string');
    const change = (tag: string, text: string, textTag = 'w:t') =>
      `<w:${tag} w:id="${tag.length}" w:author="Chuyên viên" w:date="2024-08-01T00:00:00Z"><w:r><${textTag} xml:space="preserve">${text}</${textTag}></w:r></w:${tag}>`;
    const edited = xml.replace(
      '<w:body>',
      `<w:body><w:p>${change('ins', 'Nội dung chèn thêm ')}${change('del', 'Nội dung đã xóa', 'w:delText')}</w:p>`,
    );
    zip.file('word/document.xml', edited);
    const file = await zip.generateAsync({ type: 'nodebuffer' });
    const { text, notices } = await docxToText(file);
    expect(text).toContain('Nội dung chèn thêm');
    expect(text).not.toContain('Nội dung đã xóa');
    expect(notices.map((n) => n.code)).toEqual(['TRACKED_CHANGES']);
    expect(notices[0].message).toContain('1 insertions, 1 deletions');
    expect(notices[0].values).toEqual(['1', '1']);
    const parsed = await readPlanFile(file, 'plan.docx');
    expect(parsed.report.warnings.map((w) => w.code)).toContain('TRACKED_CHANGES');
    // A file without tracked changes says nothing of them.
    expect((await docxToText(plain)).notices).toEqual([]);
  });

  it('keeps the text of text boxes, once each, where they stand: a VML box and a DrawingML box with its VML fallback', async () => {
    const zip = await JSZip.loadAsync(await docxFromText(seedText('laoCai')));
    const xml = await zip.file('word/document.xml')!.async('string');
    const content = (t: string) => `<w:txbxContent><w:p><w:r><w:t xml:space="preserve">${t}</w:t></w:r></w:p></w:txbxContent>`;
    const vml = (t: string) =>
      `<w:pict><v:shape xmlns:v="urn:schemas-microsoft-com:vml" style="width:200pt;height:40pt"><v:textbox>${content(t)}</v:textbox></v:shape></w:pict>`;
    const drawing = (t: string) =>
      '<mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><mc:Choice Requires="wps"><w:drawing>' +
      '<wp:anchor xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"><a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">' +
      '<a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:wsp xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">' +
      `<wps:txbx>${content(t)}</wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>` +
      `<mc:Fallback>${vml(t)}</mc:Fallback></mc:AlternateContent>`;
    zip.file(
      'word/document.xml',
      xml.replace('<w:body>', `<w:body><w:p><w:r>${vml('HỘP VĂN BẢN MỘT')}</w:r></w:p><w:p><w:r>${drawing('HỘP VĂN BẢN HAI')}</w:r></w:p>`),
    );
    const { text } = await docxToText(await zip.generateAsync({ type: 'nodebuffer' }));
    const lines = text.split('\n').filter((l) => l.trim() !== '');
    expect(lines.slice(0, 2)).toEqual(['HỘP VĂN BẢN MỘT', 'HỘP VĂN BẢN HAI']);
    expect(text.match(/HỘP VĂN BẢN HAI/g)).toHaveLength(1);
  });

  it('refuses a Word 97–2003 .doc with BAD_USER_INPUT and a message naming the fix (save as .docx)', async () => {
    // An OLE2 compound file, as Word 97–2003 writes it, with the text inside.
    const doc = Buffer.concat([
      Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
      Buffer.alloc(504),
      Buffer.from(seedText('laoCai')),
    ]);
    for (const name of ['plan.doc', 'plan.docx', 'plan']) {
      const refusal = await readPlanFile(doc, name).catch((e: AppError) => e);
      expect(refusal).toBeInstanceOf(AppError);
      expect((refusal as AppError).extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'WORD_97' });
      expect((refusal as AppError).message).toMatch(/save it as \.docx/);
    }
    // A .doc name on text bytes is refused the same way: it is not what it says.
    expect(await readPlanFile(Buffer.from('KẾ HOẠCH'), 'plan.doc').catch((e: AppError) => e.extensions.reason)).toBe('WORD_97');
  });
});
