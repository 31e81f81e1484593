import { readLabel, type Label } from './labels.js';

/**
 * Rejoining hard-wrapped lines into paragraphs. The seeds come in two shapes:
 * - one line per paragraph, broken only at PDF page ends ("… lực" / blank / "lượng …");
 * - every line wrapped at ~80 characters with blank lines between all of them (Gia Lai ward).
 * Whether a line continues the paragraph above is decided from the line above (does it end a
 * sentence? is it a heading? is it a short last line of a wrapped paragraph?) and from the line
 * itself (does it start with a label or a lower-case word?).
 */

export interface Paragraph {
  /** The paragraph's text without its label, lines joined by single spaces. */
  text: string;
  label: Label | null;
  /** 1-based source line of the paragraph's first line. */
  line: number;
  /** A table: `text` holds its rows, one per line ("| a | b |"). */
  table?: boolean;
}

/** A row of a table as text: "| a | b |" (the .docx reader writes tables of data so; markdown too). */
export const TABLE_ROW = /^\|.*\|$/u;
/** A markdown separator row "|---|:--:|": layout, no text. */
const TABLE_RULE = /^\|(?:\s*:?-{3,}:?\s*\|)+$/u;

export interface SourceLine {
  text: string;
  /** 1-based line number in the source. */
  line: number;
}

/**
 * The wrap width of a hard-wrapped source (the 90th percentile of line lengths), or null when
 * lines are whole paragraphs. Fewer than 20 lines say nothing about wrapping.
 */
export function wrapWidth(lines: string[]): number | null {
  const lengths = lines
    .filter((l) => l !== '')
    .map((l) => l.length)
    .sort((a, b) => a - b);
  if (lengths.length < 20) return null;
  const p90 = lengths[Math.floor(0.9 * (lengths.length - 1))];
  return p90 <= 110 ? p90 : null;
}

// A sentence ends with . : ! ? … possibly followed by closing quotes or brackets.
const SENTENCE_END = /[.:!?…]["”’)\]]*$/;
// A word broken by a hyphen at the line end ("Kết luận số 132-" / "KL/TW").
const HYPHEN_BREAK = /[\p{L}\d]-$/u;
// Words that never end a heading or a paragraph: the line after them must continue it.
const DANGLING_WORD = /(?:^|\s)(của|và|với|các|những|cho|về|tại|trong|theo|số|ngày|đến|từ|là|giữa|hoặc|như|nhằm|để)$/u;
const STARTS_UPPER = /^\p{Lu}/u;

export interface ParagraphOptions {
  wrap: number | null;
  /** Forces a paragraph break before this line (used to end the title at "Thực hiện …"). */
  forceBreak?: (line: string, paragraphIndex: number) => boolean;
}

export function paragraphs(lines: SourceLine[], opts: ParagraphOptions): Paragraph[] {
  const out: Paragraph[] = [];
  let current: { parts: string[]; label: Label | null; line: number; last: string } | null = null;
  const flush = () => {
    if (current) out.push({ text: current.parts.join(' '), label: current.label, line: current.line });
    current = null;
  };
  let table: { rows: string[]; line: number } | null = null;
  const flushTable = () => {
    if (table) out.push({ text: table.rows.join('\n'), label: null, line: table.line, table: true });
    table = null;
  };
  for (const { text, line } of lines) {
    if (text === '') continue;
    // Rows of a table (blank lines between them allowed) make one paragraph, kept as a table.
    if (TABLE_ROW.test(text)) {
      flush();
      if (!TABLE_RULE.test(text)) (table ??= { rows: [], line }).rows.push(text);
      continue;
    }
    flushTable();
    const label = readLabel(text);
    const joins =
      current !== null &&
      !label &&
      !opts.forceBreak?.(text, out.length) &&
      // A label alone on its line ("I.") takes the next line as its text. (Lines after the first
      // are never empty, so looking at the first part is enough: joining all parts here made
      // rejoining a paragraph of n lines cost n².)
      ((current.parts.length === 1 && current.parts[0] === '') || continues(current.last, text, current.label, opts.wrap));
    if (current && joins) {
      current.parts.push(text);
      current.last = text;
      continue;
    }
    flush();
    current = { parts: label ? [label.rest] : [text], label, line, last: text };
  }
  flush();
  flushTable();
  return out.map((p) => ({ ...p, text: p.text.trim() }));
}

/** Does `next` (an unlabelled line) continue the paragraph whose last line is `prev`? */
export function continues(prev: string, next: string, label: Label | null, wrap: number | null): boolean {
  // "… vào làm việc như:" / "miễn, giảm tiền thuê đất …": a list run on after a colon.
  if (/(?::|\.\.\.|…)$/u.test(prev) && /^\p{Ll}/u.test(next)) return true;
  if (SENTENCE_END.test(prev)) return false;
  if (HYPHEN_BREAK.test(prev) || DANGLING_WORD.test(prev)) return true;
  // A lower-case word, a digit, a bracket or a quote never starts a paragraph of a plan.
  if (!STARTS_UPPER.test(next)) return true;
  if (wrap !== null) {
    // Wrapped source: a line well short of the wrap width was the paragraph's last line.
    return prev.length >= 0.7 * wrap;
  }
  // One line per paragraph: a heading ("1. Mục tiêu chung", "b) Công an phường") is complete on
  // its line, and so is a "Căn cứ …;" line; a page-broken body line is not.
  const heading = label !== null && label.kind !== 'BULLET';
  return !heading && !prev.endsWith(';');
}
