import JSZip from 'jszip';
import mammoth from 'mammoth';
import { readDocxParts } from './docx-parts.js';
import { IMPORT_LIMITS, tooLarge, tooMany, unreadable, type ImportLimits } from './limits.js';
import { warning, type ImportWarning } from './report.js';
import { Finder, attr, countParagraphs, elements, nextOpening, tagAttr } from './xml-scan.js';

/**
 * A .docx plan to the text form the importer reads (the form of the seeds): one paragraph per
 * line with a blank line between them, bold as `**…**`, italics as `*…*`, and the labels Word
 * numbers automatically ("I.", "1.", "a)", "-") written out as text.
 *
 * mammoth reads the document (runs, tables, links, fields) but does not say how a list is
 * numbered, only that it is; so before mammoth sees the file, every automatically numbered
 * paragraph gets its label as a text run, computed from word/numbering.xml, and its numbering
 * switched off.
 *
 * The file is the uploader's: its parts are inflated within a budget (docx-parts.ts), its
 * paragraphs counted before anything grows with them, and mammoth reads a zip rebuilt from the
 * parts read, nothing else.
 */

export interface DocxText {
  text: string;
  /** mammoth's messages (unknown styles, unsupported elements), deduplicated. */
  warnings: string[];
  /** What the file holds that the text cannot show: pending tracked changes. */
  notices: ImportWarning[];
}

export async function docxToText(input: Uint8Array, limits: ImportLimits = IMPORT_LIMITS): Promise<DocxText> {
  if (input.byteLength > limits.maxFileBytes) {
    throw tooLarge('FILE_TOO_LARGE', `The file is larger than ${limits.maxFileBytes} bytes`, { limit: limits.maxFileBytes });
  }
  const docx = await readDocxParts(input, limits.zip);
  const documentXml = docx.text(docx.main)!;
  const paragraphCount = [docx.main, docx.related.footnotes, docx.related.endnotes, docx.related.comments].reduce(
    (n, part) => n + countParagraphs(docx.text(part ?? null) ?? ''),
    0,
  );
  if (paragraphCount > limits.maxParagraphs) throw tooMany('TOO_MANY_PARAGRAPHS', 'paragraphs', limits.maxParagraphs, paragraphCount);
  const numbering = parseNumbering(docx.text(docx.related.numbering ?? null) ?? '');
  const styleNumbering = parseStyleNumbering(docx.text(docx.related.styles ?? null) ?? '', numbering);

  const zip = new JSZip();
  for (const [name, data] of docx.parts) zip.file(name, data);
  zip.file(docx.main, labelNumberedParagraphs(documentXml, numbering, styleNumbering));
  const buffer = await zip.generateAsync({ type: 'nodebuffer', compression: 'STORE' });
  docx.parts.clear();

  let html: string;
  let messages: { message: string }[];
  try {
    ({ value: html, messages } = await mammoth.convertToHtml(
      { buffer },
      // Images carry no plan text; dropping them keeps the HTML small.
      { convertImage: mammoth.images.imgElement(async () => ({ src: '' })) },
    ));
  } catch {
    throw unreadable('NOT_DOCX', 'The document could not be read');
  }
  const text = htmlToText(html);
  if (text.trim() === '') throw unreadable('EMPTY', 'The document has no text');
  return { text, warnings: [...new Set(messages.map((m) => m.message))], notices: trackedChanges(documentXml) };
}

/**
 * Pending tracked changes (ECMA-376 §17.13.5: w:ins, w:del, w:moveFrom, w:moveTo): the text is
 * read as if every change were accepted (inserted text kept, deleted text left out), which the
 * author may not have meant: reported, so the editor checks them (TRACKED_CHANGES).
 */
export function trackedChanges(documentXml: string): ImportWarning[] {
  const count = (tag: string) => {
    let n = 0;
    for (let i = nextOpening(documentXml, tag, 0); i >= 0; i = nextOpening(documentXml, tag, i + 1)) {
      if (/[\s>/]/.test(documentXml[i + tag.length + 1] ?? '')) n++;
    }
    return n;
  };
  const inserted = count('w:ins') + count('w:moveTo');
  const deleted = count('w:del') + count('w:moveFrom');
  if (inserted + deleted === 0) return [];
  return [
    warning(
      'TRACKED_CHANGES',
      `The document has pending tracked changes (${inserted} insertions, ${deleted} deletions): read as if accepted — check them in Word (accept or reject) and import again if that is not what was meant`,
      [inserted, deleted],
    ),
  ];
}

// ---------------------------------------------------------------------------------------------
// Numbering (ECMA-376 §17.9): abstract definitions with a format per level, instances (w:num)
// pointing at them, optionally restarting a level.

interface Level {
  start: number;
  format: string;
  text: string;
}
interface Numbering {
  abstracts: Map<string, Map<number, Level>>;
  nums: Map<string, { abstractId: string; startOverrides: Map<number, number> }>;
  /** Paragraph styles bound to a level inside an abstract definition (w:lvl/w:pStyle). */
  styleLevels: Map<string, { numId: string; ilvl: number }>;
}

/** Word numbers nine levels (0–8); anything else in a file is not a level. */
const MAX_LEVEL = 8;
/** A level's text is a few characters ("%1.%2."); a longer one would be written before every paragraph. */
const MAX_LEVEL_TEXT = 32;

export function parseNumbering(xml: string): Numbering {
  const abstracts = new Map<string, Map<number, Level>>();
  const styleLevels = new Map<string, { numId: string; ilvl: number }>();
  const styleAbstract = new Map<string, { abstractId: string; ilvl: number }>();
  for (const a of elements(xml, 'w:abstractNum')) {
    const abstractId = tagAttr(a.open, 'w:abstractNumId');
    if (abstractId === null) continue;
    const levels = new Map<number, Level>();
    for (const l of elements(a.inner, 'w:lvl')) {
      const ilvl = Number(tagAttr(l.open, 'w:ilvl') ?? 'x');
      if (!Number.isInteger(ilvl) || ilvl < 0 || ilvl > MAX_LEVEL) continue;
      const text = attr(l.inner, 'w:lvlText') ?? '';
      levels.set(ilvl, {
        start: Number(attr(l.inner, 'w:start') ?? '1'),
        format: attr(l.inner, 'w:numFmt') ?? 'decimal',
        text: text.length > MAX_LEVEL_TEXT ? '' : text,
      });
      const style = attr(l.inner, 'w:pStyle');
      if (style) styleAbstract.set(style, { abstractId, ilvl });
    }
    abstracts.set(abstractId, levels);
  }
  const nums = new Map<string, { abstractId: string; startOverrides: Map<number, number> }>();
  const firstNumOf = new Map<string, string>();
  for (const n of elements(xml, 'w:num')) {
    const numId = tagAttr(n.open, 'w:numId');
    const abstractId = attr(n.inner, 'w:abstractNumId');
    if (numId === null || abstractId === null) continue;
    const startOverrides = new Map<number, number>();
    for (const o of elements(n.inner, 'w:lvlOverride')) {
      const start = attr(o.inner, 'w:startOverride');
      const ilvl = tagAttr(o.open, 'w:ilvl');
      if (start !== null && ilvl !== null) startOverrides.set(Number(ilvl), Number(start));
    }
    nums.set(numId, { abstractId, startOverrides });
    if (!firstNumOf.has(abstractId)) firstNumOf.set(abstractId, numId);
  }
  for (const [style, { abstractId, ilvl }] of styleAbstract) {
    const numId = firstNumOf.get(abstractId);
    if (numId) styleLevels.set(style, { numId, ilvl });
  }
  return { abstracts, nums, styleLevels };
}

/** Paragraph styles that carry numbering themselves (w:style/w:pPr/w:numPr). */
function parseStyleNumbering(xml: string, numbering: Numbering): Map<string, { numId: string; ilvl: number }> {
  const out = new Map(numbering.styleLevels);
  for (const s of elements(xml, 'w:style')) {
    const styleId = tagAttr(s.open, 'w:styleId');
    const numPr = elements(s.inner, 'w:numPr').next().value;
    const numId = numPr ? attr(numPr.inner, 'w:numId') : null;
    if (styleId && numId && numId !== '0') out.set(styleId, { numId, ilvl: Number(attr(numPr!.inner, 'w:ilvl') ?? '0') });
  }
  return out;
}

const ROMAN: [number, string][] = [
  [1000, 'm'],
  [900, 'cm'],
  [500, 'd'],
  [400, 'cd'],
  [100, 'c'],
  [90, 'xc'],
  [50, 'l'],
  [40, 'xl'],
  [10, 'x'],
  [9, 'ix'],
  [5, 'v'],
  [4, 'iv'],
  [1, 'i'],
];

function roman(n: number): string {
  let out = '';
  let rest = n;
  for (const [value, digits] of ROMAN) {
    while (rest >= value) {
      out += digits;
      rest -= value;
    }
  }
  return out;
}

// Past this, a letter or roman label would be long (a "w:start" of 10⁹ made labels of megabytes):
// such numbers are printed as digits.
const MAX_LETTER_NUMBER = 1000;

/**
 * Vietnamese documents letter their points in the Vietnamese alphabet's order, a) b) c) d) đ) e)
 * g) h) i) k) … (Decree 30/2020, appendix I): Word's own letters (… d, e, f) are printed in that
 * order, as the author meant them. Past y the letter repeats (aa … yy), as Word does past z.
 */
const VIETNAMESE_LETTERS = [...'abcdđeghiklmnopqrstuvxy'];

function letters(n: number): string {
  const letter = VIETNAMESE_LETTERS[(n - 1) % VIETNAMESE_LETTERS.length];
  return letter.repeat(Math.floor((n - 1) / VIETNAMESE_LETTERS.length) + 1);
}

export function formatNumber(n: number, format: string): string {
  const lettered = Number.isSafeInteger(n) && n >= 1 && n <= MAX_LETTER_NUMBER;
  switch (format) {
    case 'lowerLetter':
      return lettered ? letters(n) : String(n);
    case 'upperLetter':
      return lettered ? letters(n).toLocaleUpperCase('vi') : String(n);
    case 'lowerRoman':
      return lettered ? roman(n) : String(n);
    case 'upperRoman':
      return lettered ? roman(n).toUpperCase() : String(n);
    case 'decimalZero':
      return String(n).padStart(2, '0');
    case 'none':
      return '';
    default:
      return String(n);
  }
}

/** The label Word prints for a bullet: the plan conventions know "-", "–" and "+". */
function bulletLabel(text: string): string {
  return text === '–' || text === '+' ? text : '-';
}

class Counters {
  private readonly counts = new Map<string, number[]>();
  private readonly restarted = new Set<string>();

  constructor(private readonly numbering: Numbering) {}

  /** The label of the next paragraph numbered (numId, ilvl), or null when undefined. */
  next(numId: string, ilvl: number): string | null {
    const num = this.numbering.nums.get(numId);
    const levels = num ? this.numbering.abstracts.get(num.abstractId) : undefined;
    const level = levels?.get(ilvl);
    if (!num || !levels || !level) return null;
    if (level.format === 'bullet') return bulletLabel(level.text);
    // Instances of one abstract list continue each other unless they restart a level.
    const counts = this.counts.get(num.abstractId) ?? [];
    this.counts.set(num.abstractId, counts);
    const override = num.startOverrides.get(ilvl);
    const restartKey = `${numId}:${ilvl}`;
    if (override !== undefined && !this.restarted.has(restartKey)) {
      this.restarted.add(restartKey);
      counts[ilvl] = override;
    } else {
      counts[ilvl] = counts[ilvl] === undefined ? level.start : counts[ilvl] + 1;
    }
    counts.length = ilvl + 1; // deeper levels restart under a new parent
    return level.text.replace(/%(\d)/g, (_m, k: string) => {
      const i = Number(k) - 1;
      const l = levels.get(i);
      return formatNumber(counts[i] ?? l?.start ?? 1, l?.format ?? 'decimal');
    });
  }
}

const NO_NUMBERING = '<w:numPr><w:ilvl w:val="0"/><w:numId w:val="0"/></w:numPr>';
const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * Writes each automatically numbered paragraph's label into its text and turns numbering off.
 * Reads `<w:p …>` and the `<w:pPr>…</w:pPr>` right after it, left to right (xml-scan.ts).
 */
export function labelNumberedParagraphs(
  xml: string,
  numbering: Numbering,
  styleNumbering: Map<string, { numId: string; ilvl: number }>,
): string {
  const counters = new Counters(numbering);
  const pPrClose = new Finder(xml, '</w:pPr>');
  const out: string[] = [];
  let last = 0;
  for (let i = nextParagraph(xml, 0); i >= 0; i = nextParagraph(xml, last)) {
    const openEnd = xml.indexOf('>', i);
    if (openEnd < 0) break;
    let end = openEnd + 1;
    let props = '';
    let j = end;
    while (j < xml.length && /\s/.test(xml[j])) j++;
    if (xml.startsWith('<w:pPr>', j)) {
      const close = pPrClose.next(j + '<w:pPr>'.length);
      if (close >= 0) {
        props = xml.slice(j + '<w:pPr>'.length, close);
        end = close + '</w:pPr>'.length;
      }
    }
    out.push(xml.slice(last, i), labelled(xml.slice(i, openEnd + 1), xml.slice(i, end), props));
    last = end;
  }
  out.push(xml.slice(last));
  return out.join('');

  function labelled(open: string, whole: string, props: string): string {
    const direct = elements(props, 'w:numPr').next().value;
    const style = attr(props, 'w:pStyle');
    let ref: { numId: string; ilvl: number } | null = null;
    if (direct) {
      const numId = attr(direct.inner, 'w:numId');
      const ilvl = attr(direct.inner, 'w:ilvl');
      const fromStyle = style ? styleNumbering.get(style) : undefined;
      if (numId && numId !== '0') ref = { numId, ilvl: Number(ilvl ?? fromStyle?.ilvl ?? 0) };
    } else if (style && styleNumbering.has(style)) {
      ref = styleNumbering.get(style)!;
    }
    if (!ref) return whole;
    const label = counters.next(ref.numId, ref.ilvl);
    if (label === null || label.trim() === '') return whole;
    const newPPr = direct ? props.slice(0, direct.start) + NO_NUMBERING + props.slice(direct.end) : props + NO_NUMBERING;
    return `${open}<w:pPr>${newPPr}</w:pPr><w:r><w:t xml:space="preserve">${escapeXml(label)} </w:t></w:r>`;
  }
}

/** Index of the next `<w:p` followed by a blank or `>` at or after `from` (not `<w:pPr`, not `<w:p/>`), or -1. */
function nextParagraph(xml: string, from: number): number {
  for (let i = nextOpening(xml, 'w:p', from); i >= 0; i = nextOpening(xml, 'w:p', i + 1)) {
    if (/[\s>]/.test(xml[i + 4] ?? '')) return i;
  }
  return -1;
}

// ---------------------------------------------------------------------------------------------
// mammoth's HTML to lines

const BLOCK = /^(?:p|h[1-6]|li|ol|ul|table|tr|td|th|thead|tbody|blockquote|div)$/;
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', '#39': "'" };

function decode(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (m, e: string) => {
    if (e[0] === '#') {
      const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return Number.isFinite(code) ? String.fromCodePoint(code) : m;
    }
    return ENTITIES[e.toLowerCase()] ?? m;
  });
}

/**
 * mammoth's HTML (p, h1–h6, lists, tables, strong, em, a, br) to paragraphs separated by blank
 * lines. A table of data (two rows or more, every cell one line at most: an allocation table, a
 * schedule) comes out as one line per row, "| cell | cell |", so the parser keeps it a table; a
 * layout table (the header's two columns, the signature block: cells of several lines) comes out
 * cell by cell, row by row, as paragraphs.
 */
export function htmlToText(html: string): string {
  const out: string[] = [];
  let line = '';
  const breakLine = () => {
    if (line.trim() !== '') out.push(line.trim());
    line = '';
  };
  // The outermost table being read: its rows of cells of lines, and where its text starts in `out`.
  let table: { rows: string[][][]; from: number; depth: number; multiLine: boolean } | null = null;
  let depth = 0;
  for (const m of html.matchAll(/<(\/?)([a-z0-9]+)[^>]*?(\/?)>|([^<]+)/gi)) {
    if (m[4] !== undefined) {
      line += decode(m[4]).replace(/\s+/g, ' ');
      continue;
    }
    const tag = m[2].toLowerCase();
    const closing = m[1] === '/';
    if (BLOCK.test(tag)) breakLine();
    else if (tag === 'br') {
      line += '\n';
      if (table) table.multiLine = true;
    } else if (tag === 'strong' || tag === 'b') line += '**';
    else if (tag === 'em' || tag === 'i') line += '*';
    if (tag === 'table') {
      depth += closing ? -1 : 1;
      if (!closing && depth === 1) table = { rows: [], from: out.length, depth: 1, multiLine: false };
      if (closing && depth === 0 && table) {
        const rows = tableRows(table, out.splice(table.from));
        out.push(...rows);
        table = null;
      }
    } else if (table && depth === 1 && !closing && tag === 'tr') {
      table.rows.push([]);
    } else if (table && depth === 1 && !closing && (tag === 'td' || tag === 'th')) {
      table.rows.at(-1)?.push([String(out.length)]);
    } else if (table && depth > 1) {
      table.multiLine = true; // a table inside a cell: layout
    }
  }
  breakLine();
  // A <br> inside a paragraph is a line break of the source: keep it as one.
  return (
    out
      .flatMap((p) => p.split('\n').map((l) => l.trim()))
      .filter(Boolean)
      .join('\n\n') + '\n'
  );
}

/**
 * The lines of a table read cell by cell (`lines`, from the table's start), as rows "| a | b |"
 * when it is a table of data, or as they are (cell by cell) when it is a layout table. Each
 * cell recorded where its lines start in the output; a cell ends where the next one starts.
 */
function tableRows(table: { rows: string[][][]; from: number; multiLine: boolean }, lines: string[]): string[] {
  const starts = table.rows.flatMap((r) => r.map((c) => Number(c[0]) - table.from));
  const cellLines = starts.map((start, i) => lines.slice(start, i + 1 < starts.length ? starts[i + 1] : lines.length));
  const columns = Math.max(0, ...table.rows.map((r) => r.length));
  const data = !table.multiLine && table.rows.length >= 2 && columns >= 2 && cellLines.every((c) => c.length <= 1);
  if (!data) return lines;
  let k = 0;
  return table.rows.map((r) => `| ${r.map(() => (cellLines[k++][0] ?? '').replace(/\|/g, '/')).join(' | ')} |`);
}
