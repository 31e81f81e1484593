/**
 * Normalisation of imported plan text. The sources are PDF-extracted text with markdown
 * artefacts (`**bold**`, `*italic*`, `## heading`, `\_` escapes, `[mail](mailto:mail)` links),
 * Windows line endings, NFD accents and stray spaces. The importer stores text without any of
 * that markup, and the text-preservation check compares through the same cleaning, so both go
 * through `cleanLine`.
 */

/** Splits a source into lines: NFC first (NFD input is common from macOS), any line ending. */
export function sourceLines(source: string): string[] {
  return source.normalize('NFC').split(/\r\n|\r|\n/);
}

// Invisible characters that only ever come from conversions (BOM, zero-width space/joiners).
const INVISIBLE = /[\u200B-\u200D\u2060\uFEFF]/g;
// Unicode spaces (no-break, thin, ideographic …) become plain spaces.
const ODD_SPACE = /[\t\u00A0\u1680\u2000-\u200A\u202F\u205F\u3000]/g;
const HEADING = /^\s*#{1,6}\s+/;
// A link's text holds no "[": a run of "[" without "]" would otherwise be rescanned from each "[".
const LINK = /\[([^[\]\n]*)\]\(([^)\s]*)\)/g;
// A backslash run before ASCII punctuation is a markdown escape ("\_", and "\\_" from a
// double-escaping converter); `*` outside an escape is emphasis.
const ESCAPE_OR_STAR = /\\+([!-/:-@[-`{-~])|\*/g;

/**
 * One source line without markup, trimmed. A `*` at the start of a line followed by a space is a
 * bullet and kept; every other `*` is emphasis and removed. Links keep their text, and their
 * target too when it says more than the text ("mailto:x" for the text "x" says nothing more).
 */
export function cleanLine(raw: string): string {
  // Runs of spaces become one (as in .docx text): besides tidying PDF extractions, this keeps the
  // parser's patterns from backtracking through long runs of blanks.
  let line = raw.replace(INVISIBLE, '').replace(ODD_SPACE, ' ').replace(/ {2,}/g, ' ').replace(HEADING, '');
  const bullet = /^\s*\*\s+/.exec(line);
  if (bullet) line = line.slice(bullet[0].length);
  const out: string[] = [];
  let last = 0;
  for (const m of line.matchAll(LINK)) {
    out.push(cleanInline(line.slice(last, m.index)));
    out.push(renderLink(cleanInline(m[1]), unescape(m[2])));
    last = m.index + m[0].length;
  }
  out.push(cleanInline(line.slice(last)));
  const text = out.join('').trim();
  return bullet ? `* ${text}` : text;
}

function cleanInline(s: string): string {
  // "$1" is the escaped character, and empty for a "*" (no function call per match: a line of
  // a million "*" took seconds that way).
  return s.replace(ESCAPE_OR_STAR, '$1');
}

function unescape(s: string): string {
  return s.replace(/\\+([!-/:-@[-`{-~])/g, '$1');
}

function renderLink(text: string, target: string): string {
  const bare = target.replace(/^mailto:/i, '');
  if (target === '' || bare === text || target === text) return text;
  return `${text} (${target})`;
}

/**
 * The form in which "nothing is lost" is checked: NFC, markup removed exactly as the importer
 * removes it, every whitespace run (line breaks included) collapsed to one space. Dashes,
 * quotes and punctuation are kept as they are.
 */
export function normaliseForComparison(s: string): string {
  return sourceLines(s).map(cleanLine).join(' ').replace(/\s+/g, ' ').trim();
}

/**
 * `s` without its trailing characters of `charClass` (one character, e.g. /[\s.;]/). The regex
 * form `/[\s.;]+$/` retries from every character of a run that does not end the text, which is
 * quadratic in the run's length ("a;;;;…;b").
 */
export function trimTrailing(s: string, charClass: RegExp): string {
  let end = s.length;
  while (end > 0 && charClass.test(s[end - 1])) end--;
  return end === s.length ? s : s.slice(0, end);
}

const WORDS = new Map<number, RegExp>();
const REST_IS_BLANK = /\s*$/y;

/**
 * Where the `count`-th word after `from` ends (the text's length when it has fewer words). Code
 * that looks at the first few words of the rest of a text uses it to stop there: scanning the
 * whole rest for each of many positions of one long paragraph was quadratic.
 */
export function endOfWords(text: string, from: number, count: number): number {
  let words = WORDS.get(count);
  if (!words) WORDS.set(count, (words = new RegExp(`(?:\\s*\\S+){0,${count}}`, 'y')));
  words.lastIndex = from;
  const end = from + words.exec(text)![0].length;
  REST_IS_BLANK.lastIndex = end;
  return REST_IS_BLANK.test(text) ? text.length : end;
}
