import type { TextItem } from 'pdfjs-dist/types/src/display/api.js';
import { IMPORT_LIMITS, tooMany, unreadable, type ImportLimits } from './limits.js';
import { warning, type ImportWarning } from './report.js';

/**
 * A PDF with a text layer (plans arrive from above as signed PDFs of the document system) to the
 * text form the importer reads, like docxToText: the text items of each page put back into lines
 * (by their baseline), the lines in reading order (top to bottom), and the two-column parts of
 * the page — the header (issuing body | national name) and the footer (Nơi nhận | signature) —
 * read column by column, as a .docx's layout tables are, so the same header and footer parsers
 * read them. A line cut into three cells or more is a row of a table ("| a | b | c |"). A PDF
 * without text (a scan) is refused with a reason: OCR is not done here.
 */

export interface PdfText {
  text: string;
  notices: ImportWarning[];
}

interface Segment {
  x: number;
  end: number;
  text: string;
}
interface Line {
  y: number;
  segments: Segment[];
}

/** The left margin of a page's body text: the x most lines start at. */
function leftMargin(lines: Line[]): number | null {
  const counts = new Map<number, number>();
  for (const l of lines)
    if (l.segments.length === 1) counts.set(Math.round(l.segments[0].x), (counts.get(Math.round(l.segments[0].x)) ?? 0) + 1);
  let best: number | null = null;
  for (const [x, n] of counts) if (best === null || n > counts.get(best)! || (n === counts.get(best)! && x < best)) best = x;
  return best;
}

/** Fewer characters than this on all pages: the PDF is a scan. */
const MIN_TEXT = 20;

export async function pdfToText(input: Uint8Array, limits: ImportLimits = IMPORT_LIMITS): Promise<PdfText> {
  // Loaded on the first PDF only: pdf.js is large, and a worker that reads .docx and text files
  // keeps its heap budget for them (import-pool.ts).
  const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
  // A copy: pdf.js takes the buffer over.
  const task = getDocument({ data: new Uint8Array(input), disableFontFace: true, useSystemFonts: false, verbosity: 0 });
  let pdf;
  try {
    pdf = await task.promise;
  } catch (e) {
    await task.destroy();
    if ((e as { name?: string }).name === 'PasswordException') {
      throw unreadable('PDF_ENCRYPTED', 'The PDF is protected by a password: save it without one, or import the .docx');
    }
    throw unreadable('NOT_PDF', 'The PDF could not be read');
  }
  try {
    if (pdf.numPages > limits.maxPdfPages) throw tooMany('TOO_MANY_PAGES', 'pages', limits.maxPdfPages, pdf.numPages);
    const out: string[] = [];
    let characters = 0;
    let columnsRead = 0;
    for (let p = 1; p <= pdf.numPages; p++) {
      const page = await pdf.getPage(p);
      const width = page.getViewport({ scale: 1 }).width;
      const content = await page.getTextContent();
      const lines = withoutPageNumber(linesOf(content.items.filter((i): i is TextItem => 'str' in i)));
      for (const l of lines) for (const s of l.segments) characters += s.text.length;
      const read = readingOrder(lines, width);
      columnsRead += read.regions;
      out.push(...read.lines);
      page.cleanup();
    }
    if (characters < MIN_TEXT) {
      throw unreadable(
        'PDF_NO_TEXT',
        'The PDF has no text layer (a scanned image): import the .docx, or a PDF exported with its text from the document system',
      );
    }
    const notices =
      columnsRead > 2
        ? [
            warning('PDF_LAYOUT', `${columnsRead} parts of the PDF are laid out in two columns: read column by column; check their order`, [
              columnsRead,
            ]),
          ]
        : [];
    return { text: out.join('\n\n') + '\n', notices };
  } finally {
    await task.destroy();
  }
}

/**
 * Text items into lines: items whose baselines are within half a line height are one line,
 * ordered left to right; a gap wider than two spaces between items separates segments (cells).
 */
function linesOf(items: TextItem[]): Line[] {
  const sorted = items
    .filter((i) => i.str.trim() !== '')
    .map((i) => ({ x: i.transform[4], y: i.transform[5], w: i.width, h: Math.abs(i.transform[3]) || i.height || 10, s: i.str }))
    .sort((a, b) => b.y - a.y || a.x - b.x);
  const lines: { y: number; h: number; items: typeof sorted }[] = [];
  for (const item of sorted) {
    const last = lines.at(-1);
    if (last && Math.abs(last.y - item.y) <= Math.max(last.h, item.h) / 2) last.items.push(item);
    else lines.push({ y: item.y, h: item.h, items: [item] });
  }
  return lines.map((l) => {
    const items = l.items.sort((a, b) => a.x - b.x);
    const segments: Segment[] = [];
    for (const it of items) {
      const seg = segments.at(-1);
      const gap = seg ? it.x - seg.end : Infinity;
      if (seg && gap <= 2.5 * it.h) {
        // A space between items a little apart, none between pieces of one word.
        seg.text += (gap > it.h * 0.15 && !seg.text.endsWith(' ') && !it.s.startsWith(' ') ? ' ' : '') + it.s;
        seg.end = it.x + it.w;
      } else {
        segments.push({ x: it.x, end: it.x + it.w, text: it.s });
      }
    }
    for (const s of segments) s.text = s.text.replace(/\s+/g, ' ').trim();
    return { y: l.y, segments: segments.filter((s) => s.text !== '') };
  });
}

/** A page number ("2", "- 2 -", "Trang 2") as the first or last line of a page is layout, no text of the plan. */
const PAGE_NUMBER = /^(?:-\s*)?(?:Trang\s+)?\d{1,4}(?:\s*-)?$/iu;

function withoutPageNumber(lines: Line[]): Line[] {
  const isNumber = (l: Line | undefined) => !!l && l.segments.length === 1 && PAGE_NUMBER.test(l.segments[0].text);
  let from = 0;
  let to = lines.length;
  if (isNumber(lines[0])) from = 1;
  if (to > from && isNumber(lines[to - 1])) to--;
  return lines.slice(from, to);
}

/**
 * Lines in reading order. Consecutive lines of two segments, or of one segment in the right half
 * (the date under the national name, the signer's name), make a two-column region, read left
 * column first, then right. A line of three segments or more is a table row.
 */
function readingOrder(lines: Line[], pageWidth: number): { lines: string[]; regions: number } {
  const out: string[] = [];
  let left: string[] = [];
  let right: string[] = [];
  let inRegion = false;
  let regions = 0;
  // Where the region's columns start: a line alone belongs to a column only if it stands in it.
  let leftX = Infinity;
  let rightX = Infinity;
  // Paragraphs begin with a first-line indent (Decree 30: 1–1.27 cm); a line at the margin under
  // a line of the body continues its paragraph. Without indented lines nothing is joined here
  // (the parser rejoins wrapped lines itself).
  const margin = leftMargin(lines);
  const indents =
    margin !== null && lines.some((l) => l.segments.length === 1 && l.segments[0].x - margin > 10 && l.segments[0].x - margin < 60);
  let lastBody = false;
  const flush = () => {
    if (inRegion) regions++;
    out.push(...left, ...right);
    left = [];
    right = [];
    inRegion = false;
    leftX = Infinity;
    rightX = Infinity;
  };
  for (const line of lines) {
    const segs = line.segments;
    if (segs.length === 0) continue;
    if (segs.length >= 3) {
      flush();
      lastBody = false;
      out.push(`| ${segs.map((s) => s.text.replace(/\|/g, '/')).join(' | ')} |`);
      continue;
    }
    if (segs.length === 2) {
      lastBody = false;
      inRegion = true;
      left.push(segs[0].text);
      right.push(segs[1].text);
      leftX = Math.min(leftX, segs[0].x);
      rightX = Math.min(rightX, segs[1].x);
      continue;
    }
    const only = segs[0];
    // The date under the national name, the signer's name: in the right column.
    if (inRegion && only.x > pageWidth * 0.4 && only.x >= rightX - 40) {
      right.push(only.text);
      continue;
    }
    // "Số: …" under the issuing body, a recipient: inside the left column.
    if (inRegion && only.x >= leftX - 2 && only.end <= rightX - 5) {
      left.push(only.text);
      continue;
    }
    flush();
    if (indents && lastBody && Math.abs(only.x - margin!) < 3) {
      // A line broken after a hyphen inside a number or word ("414/KH-" / "UBND") joins without a space.
      const prev = out[out.length - 1];
      out[out.length - 1] = /[\p{L}\d]-$/u.test(prev) && /^[\p{L}\d]/u.test(only.text) ? prev + only.text : `${prev} ${only.text}`;
    } else out.push(only.text);
    lastBody = only.x >= margin! - 3 && only.x - margin! < 60;
  }
  flush();
  return { lines: out, regions };
}
