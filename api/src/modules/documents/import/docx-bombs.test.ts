/**
 * Hostile .docx files: parts that inflate to a gigabyte (honestly declared or with headers that
 * lie), too many entries, ambiguous or odd entries, and XML built to make its readers slow.
 * Before the fix, a 1 MB file whose word/footnotes.xml inflated to 1 GB took the process to
 * 5.4 GB, and one with lying sizes inflated 1 GB and ended in INTERNAL_SERVER_ERROR.
 */
import { describe, expect, it } from 'vitest';
import { docxToText, labelNumberedParagraphs, parseNumbering } from './docx-to-text.js';
import { IMPORT_LIMITS } from './limits.js';
import { deflatedEntry, deflatedZeros, docxEntries, writeZip, type ZipEntry } from './test-fixtures.js';

const GiB = 1024 ** 3;
const SOURCE = 'KẾ HOẠCH\nPhòng, chống ma túy\nI. MỤC ĐÍCH\n1. Tuyên truyền.';

/** A real .docx with `replace` entries put in place of (or beside) its own. */
async function docxWith(...replace: ZipEntry[]): Promise<Buffer> {
  const names = new Set(replace.map((e) => e.name));
  return writeZip([...(await docxEntries(SOURCE)).filter((e) => !names.has(e.name)), ...replace]);
}

/** The refusal's extensions, how long the conversion took and how much the process grew meanwhile. */
async function convert(bytes: Uint8Array) {
  const rss = process.memoryUsage().rss;
  const start = performance.now();
  let refusal: Record<string, unknown> | null = null;
  let text: string | null = null;
  try {
    text = (await docxToText(bytes)).text;
  } catch (e) {
    refusal = { ...(e as { extensions?: Record<string, unknown> }).extensions };
    if (!refusal.code) throw e;
  }
  return { refusal, text, ms: performance.now() - start, grewMb: (process.memoryUsage().rss - rss) / 2 ** 20 };
}

describe('parts that inflate beyond the budget', { timeout: 60_000 }, () => {
  const bomb = deflatedZeros(1024); // 1 GiB of zeros in about 1 MB

  it('a footnotes part declaring 1 GB is refused before it is inflated', async () => {
    const bytes = await docxWith({ name: 'word/footnotes.xml', data: bomb, declaredSize: GiB });
    expect(bytes.length).toBeLessThan(1.2 * 2 ** 20);
    const r = await convert(bytes);
    expect(r.refusal).toMatchObject({
      code: 'TOO_LARGE',
      reason: 'PART_TOO_LARGE',
      part: 'word/footnotes.xml',
      limit: IMPORT_LIMITS.zip.maxPartBytes,
    });
    expect(r.ms).toBeLessThan(5_000);
    expect(r.grewMb).toBeLessThan(300);
  });

  it('a footnotes part whose headers say 100 KB but which inflates to 1 GB is stopped at 100 KB', async () => {
    const bytes = await docxWith({ name: 'word/footnotes.xml', data: bomb, declaredSize: 100_000 });
    const r = await convert(bytes);
    expect(r.refusal).toMatchObject({
      code: 'TOO_LARGE',
      reason: 'PART_LARGER_THAN_DECLARED',
      part: 'word/footnotes.xml',
      declared: 100_000,
    });
    expect(r.ms).toBeLessThan(5_000);
    expect(r.grewMb).toBeLessThan(300);
  });

  it('the main document lying about its size is stopped the same way', async () => {
    const r = await convert(await docxWith({ name: 'word/document.xml', data: bomb, declaredSize: 15 * 2 ** 20 }));
    expect(r.refusal).toMatchObject({ code: 'TOO_LARGE', reason: 'PART_LARGER_THAN_DECLARED', part: 'word/document.xml' });
    expect(r.grewMb).toBeLessThan(300);
  });

  it('parts each within the budget but too large together are refused before inflating', async () => {
    const part = (name: string) => ({ name, data: deflatedZeros(15), declaredSize: 15 * 2 ** 20 });
    const r = await convert(await docxWith(part('word/styles.xml'), part('word/numbering.xml'), part('word/footnotes.xml')));
    expect(r.refusal).toMatchObject({ code: 'TOO_LARGE', reason: 'INFLATED_TOO_LARGE', limit: IMPORT_LIMITS.zip.maxTotalBytes });
  });

  it('a bomb in a part the conversion never reads (an embedded file, an image) is never inflated', async () => {
    const bytes = await docxWith(
      { name: 'word/embeddings/oleObject1.docx', data: bomb, declaredSize: GiB },
      { name: 'word/media/image1.png', data: bomb, declaredSize: 1000 },
      { name: 'word/header1.xml', data: bomb, declaredSize: GiB },
    );
    const r = await convert(bytes);
    expect(r.refusal).toBeNull();
    expect(r.text).toContain('Tuyên truyền');
    expect(r.ms).toBeLessThan(10_000);
    expect(r.grewMb).toBeLessThan(300);
  });
});

describe('odd zips', { timeout: 60_000 }, () => {
  it('more entries than the limit', async () => {
    const many = Array.from({ length: IMPORT_LIMITS.zip.maxEntries }, (_, i) => deflatedEntry(`customXml/item${i}.xml`, '<a/>'));
    const r = await convert(await docxWith(...many));
    expect(r.refusal).toMatchObject({ code: 'TOO_LARGE', reason: 'ZIP_TOO_MANY_ENTRIES', limit: IMPORT_LIMITS.zip.maxEntries });
  });

  it('two main documents: which one a reader takes is not guessed', async () => {
    const entries = await docxEntries(SOURCE);
    const r = await convert(writeZip([...entries, deflatedEntry('word/document.xml', '<w:document/>')]));
    expect(r.refusal).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'NOT_DOCX' });
  });

  it('an entry named outside the archive ("../")', async () => {
    const r = await convert(await docxWith(deflatedEntry('../../etc/cron.d/x', 'x')));
    expect(r.refusal).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'NOT_DOCX' });
  });

  it('a main document that is not deflate data', async () => {
    const r = await convert(await docxWith({ name: 'word/document.xml', data: Buffer.from('not deflate at all'), declaredSize: 1000 }));
    expect(r.refusal).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'NOT_DOCX' });
  });

  it('more paragraphs than the limit, counted before conversion', async () => {
    const body = '<w:p/>'.repeat(IMPORT_LIMITS.maxParagraphs + 1);
    const xml = `<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${body}</w:body></w:document>`;
    const r = await convert(await docxWith(deflatedEntry('word/document.xml', xml)));
    expect(r.refusal).toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'TOO_MANY_PARAGRAPHS',
      limit: IMPORT_LIMITS.maxParagraphs,
    });
    // The document's paragraphs, and those of the notes the docx package writes.
    expect(r.refusal!.count).toBeGreaterThan(IMPORT_LIMITS.maxParagraphs);
    expect(r.ms).toBeLessThan(5_000);
  });
});

describe('XML built to make its readers slow or their output huge', { timeout: 60_000 }, () => {
  const numbering = (lvl: string) =>
    `<w:numbering><w:abstractNum w:abstractNumId="0">${lvl}</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>`;
  const numbered = (n: number) =>
    '<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:t>x</w:t></w:r></w:p>'.repeat(n);

  it('100,000 paragraph properties that never close are read in one pass', () => {
    const xml = '<w:p><w:pPr><w:numPr><w:numId w:val="1"/>'.repeat(100_000);
    const start = performance.now();
    const out = labelNumberedParagraphs(xml, parseNumbering(numbering('')), new Map());
    expect(out).toBe(xml);
    expect(performance.now() - start).toBeLessThan(3_000);
  });

  it('numbering definitions that never close are read in one pass', () => {
    const xml = '<w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:start w:val="1"/>'.repeat(100_000);
    const start = performance.now();
    expect(parseNumbering(xml).abstracts.size).toBe(0);
    expect(performance.now() - start).toBeLessThan(3_000);
  });

  it('a level text of a megabyte is not written before every paragraph', () => {
    const lvl = `<w:lvl w:ilvl="0"><w:numFmt w:val="decimal"/><w:lvlText w:val="${'%1'.repeat(500_000)}"/></w:lvl>`;
    const out = labelNumberedParagraphs(numbered(1_000), parseNumbering(numbering(lvl)), new Map());
    expect(out.length).toBeLessThan(500_000);
  });

  it('a start of 10⁹ in roman or letters prints as digits, not as a megabyte of "m"', () => {
    const lvl = '<w:lvl w:ilvl="0"><w:start w:val="1000000000"/><w:numFmt w:val="lowerRoman"/><w:lvlText w:val="%1."/></w:lvl>';
    const out = labelNumberedParagraphs(numbered(1_000), parseNumbering(numbering(lvl)), new Map());
    expect(out).toContain('>1000000000. <');
    expect(out.length).toBeLessThan(500_000);
  });

  it("levels outside Word's nine are not levels", () => {
    const lvl = '<w:lvl w:ilvl="4294967296"><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>';
    expect(parseNumbering(numbering(lvl)).abstracts.get('0')!.size).toBe(0);
  });
});
