import JSZip from 'jszip';
import mammoth from 'mammoth';
import { AppError, ErrorCode } from '../../../core/errors.js';

/**
 * A .docx plan to the text form the importer reads (the form of the seeds): one paragraph per
 * line with a blank line between them, bold as `**…**`, italics as `*…*`, and the labels Word
 * numbers automatically ("I.", "1.", "a)", "-") written out as text.
 *
 * mammoth reads the document (runs, tables, links, fields) but does not say how a list is
 * numbered, only that it is; so before mammoth sees the file, every automatically numbered
 * paragraph gets its label as a text run, computed from word/numbering.xml, and its numbering
 * switched off.
 */

export type DocxRejection = 'NOT_DOCX' | 'EMPTY' | 'TOO_LARGE';

/** Limits against oversized uploads and zip bombs (the XML is inflated in memory). */
export const DOCX_LIMITS = { maxFileBytes: 20 * 1024 * 1024, maxXmlBytes: 50 * 1024 * 1024 };

function rejected(reason: DocxRejection, message: string): AppError {
  // BAD_USER_INPUT with a stable `reason` clients can switch on (extensions.reason).
  return new AppError(ErrorCode.BAD_USER_INPUT, `${reason}: ${message}`, { field: 'file', reason });
}

export interface DocxText {
  text: string;
  /** mammoth's messages (unknown styles, unsupported elements), deduplicated. */
  warnings: string[];
}

export async function docxToText(input: Uint8Array): Promise<DocxText> {
  if (input.byteLength > DOCX_LIMITS.maxFileBytes) {
    throw rejected('TOO_LARGE', `the file is larger than ${DOCX_LIMITS.maxFileBytes} bytes`);
  }
  const zip = await openZip(input);
  const documentXml = await readPart(zip, 'word/document.xml');
  if (documentXml === null) throw rejected('NOT_DOCX', 'the file has no word/document.xml');
  const numbering = parseNumbering((await readPart(zip, 'word/numbering.xml')) ?? '');
  const styleNumbering = parseStyleNumbering((await readPart(zip, 'word/styles.xml')) ?? '', numbering);
  zip.file('word/document.xml', labelNumberedParagraphs(documentXml, numbering, styleNumbering));
  const buffer = await zip.generateAsync({ type: 'nodebuffer' });

  let html: string;
  let messages: { message: string }[];
  try {
    ({ value: html, messages } = await mammoth.convertToHtml(
      { buffer },
      // Images carry no plan text; dropping them keeps the HTML small.
      { convertImage: mammoth.images.imgElement(async () => ({ src: '' })) },
    ));
  } catch {
    throw rejected('NOT_DOCX', 'the document could not be read');
  }
  const text = htmlToText(html);
  if (text.trim() === '') throw rejected('EMPTY', 'the document has no text');
  return { text, warnings: [...new Set(messages.map((m) => m.message))] };
}

async function openZip(input: Uint8Array): Promise<JSZip> {
  try {
    return await JSZip.loadAsync(input);
  } catch {
    throw rejected('NOT_DOCX', 'the file is not a .docx (zip) document');
  }
}

async function readPart(zip: JSZip, path: string): Promise<string | null> {
  const file = zip.file(path);
  if (!file) return null;
  // The central directory states the inflated size; check it before inflating.
  const size = (file as unknown as { _data?: { uncompressedSize?: number } })._data?.uncompressedSize ?? 0;
  if (size > DOCX_LIMITS.maxXmlBytes) throw rejected('TOO_LARGE', `${path} inflates to more than ${DOCX_LIMITS.maxXmlBytes} bytes`);
  return file.async('string');
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

const attr = (xml: string, tag: string, name = 'w:val'): string | null => {
  const m = new RegExp(`<${tag}\\b[^>]*?\\s${name}="([^"]*)"`).exec(xml);
  return m ? m[1] : null;
};

export function parseNumbering(xml: string): Numbering {
  const abstracts = new Map<string, Map<number, Level>>();
  const styleLevels = new Map<string, { numId: string; ilvl: number }>();
  const styleAbstract = new Map<string, { abstractId: string; ilvl: number }>();
  for (const a of xml.matchAll(/<w:abstractNum\b[^>]*?w:abstractNumId="([^"]+)"[^>]*>([\s\S]*?)<\/w:abstractNum>/g)) {
    const levels = new Map<number, Level>();
    for (const l of a[2].matchAll(/<w:lvl\b[^>]*?w:ilvl="(\d+)"[^>]*>([\s\S]*?)<\/w:lvl>/g)) {
      const ilvl = Number(l[1]);
      levels.set(ilvl, {
        start: Number(attr(l[2], 'w:start') ?? '1'),
        format: attr(l[2], 'w:numFmt') ?? 'decimal',
        text: attr(l[2], 'w:lvlText') ?? '',
      });
      const style = attr(l[2], 'w:pStyle');
      if (style) styleAbstract.set(style, { abstractId: a[1], ilvl });
    }
    abstracts.set(a[1], levels);
  }
  const nums = new Map<string, { abstractId: string; startOverrides: Map<number, number> }>();
  for (const n of xml.matchAll(/<w:num\b[^>]*?w:numId="([^"]+)"[^>]*>([\s\S]*?)<\/w:num>/g)) {
    const abstractId = attr(n[2], 'w:abstractNumId');
    if (abstractId === null) continue;
    const startOverrides = new Map<number, number>();
    for (const o of n[2].matchAll(/<w:lvlOverride\b[^>]*?w:ilvl="(\d+)"[^>]*>([\s\S]*?)<\/w:lvlOverride>/g)) {
      const start = attr(o[2], 'w:startOverride');
      if (start !== null) startOverrides.set(Number(o[1]), Number(start));
    }
    nums.set(n[1], { abstractId, startOverrides });
  }
  for (const [style, { abstractId, ilvl }] of styleAbstract) {
    const numId = [...nums].find(([, n]) => n.abstractId === abstractId)?.[0];
    if (numId) styleLevels.set(style, { numId, ilvl });
  }
  return { abstracts, nums, styleLevels };
}

/** Paragraph styles that carry numbering themselves (w:style/w:pPr/w:numPr). */
function parseStyleNumbering(xml: string, numbering: Numbering): Map<string, { numId: string; ilvl: number }> {
  const out = new Map(numbering.styleLevels);
  for (const s of xml.matchAll(/<w:style\b[^>]*?w:styleId="([^"]+)"[^>]*>([\s\S]*?)<\/w:style>/g)) {
    const numPr = /<w:numPr>([\s\S]*?)<\/w:numPr>/.exec(s[2]);
    const numId = numPr ? attr(numPr[1], 'w:numId') : null;
    if (numId && numId !== '0') out.set(s[1], { numId, ilvl: Number(attr(numPr![1], 'w:ilvl') ?? '0') });
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

function letters(n: number): string {
  // Word repeats the letter past z: a … z, aa … zz.
  const letter = String.fromCharCode(97 + ((n - 1) % 26));
  return letter.repeat(Math.floor((n - 1) / 26) + 1);
}

export function formatNumber(n: number, format: string): string {
  switch (format) {
    case 'lowerLetter':
      return letters(n);
    case 'upperLetter':
      return letters(n).toUpperCase();
    case 'lowerRoman':
      return roman(n);
    case 'upperRoman':
      return roman(n).toUpperCase();
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

/** Writes each automatically numbered paragraph's label into its text and turns numbering off. */
export function labelNumberedParagraphs(
  xml: string,
  numbering: Numbering,
  styleNumbering: Map<string, { numId: string; ilvl: number }>,
): string {
  const counters = new Counters(numbering);
  return xml.replace(
    /<w:p(?=[\s>])[^>]*>(\s*<w:pPr>([\s\S]*?)<\/w:pPr>)?/g,
    (whole, pPrBlock: string | undefined, pPr: string | undefined) => {
      const props = pPr ?? '';
      const direct = /<w:numPr>([\s\S]*?)<\/w:numPr>/.exec(props);
      const style = attr(props, 'w:pStyle');
      let ref: { numId: string; ilvl: number } | null = null;
      if (direct) {
        const numId = attr(direct[1], 'w:numId');
        const ilvl = attr(direct[1], 'w:ilvl');
        const fromStyle = style ? styleNumbering.get(style) : undefined;
        if (numId && numId !== '0') ref = { numId, ilvl: Number(ilvl ?? fromStyle?.ilvl ?? 0) };
      } else if (style && styleNumbering.has(style)) {
        ref = styleNumbering.get(style)!;
      }
      if (!ref) return whole;
      const label = counters.next(ref.numId, ref.ilvl);
      if (label === null || label.trim() === '') return whole;
      const open = pPrBlock ? whole.slice(0, whole.length - pPrBlock.length) : whole;
      const newPPr = direct ? props.replace(direct[0], NO_NUMBERING) : props + NO_NUMBERING;
      return `${open}<w:pPr>${newPPr}</w:pPr><w:r><w:t xml:space="preserve">${escapeXml(label)} </w:t></w:r>`;
    },
  );
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

/** mammoth's HTML (p, h1–h6, lists, tables, strong, em, a, br) to paragraphs separated by blank lines. */
export function htmlToText(html: string): string {
  const out: string[] = [];
  let line = '';
  const breakLine = () => {
    if (line.trim() !== '') out.push(line.trim());
    line = '';
  };
  for (const m of html.matchAll(/<(\/?)([a-z0-9]+)[^>]*?(\/?)>|([^<]+)/gi)) {
    if (m[4] !== undefined) {
      line += decode(m[4]).replace(/\s+/g, ' ');
      continue;
    }
    const tag = m[2].toLowerCase();
    if (BLOCK.test(tag)) breakLine();
    else if (tag === 'br') line += '\n';
    else if (tag === 'strong' || tag === 'b') line += '**';
    else if (tag === 'em' || tag === 'i') line += '*';
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
