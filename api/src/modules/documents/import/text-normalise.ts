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
const LINK = /\[([^\]\n]*)\]\(([^)\s]*)\)/g;
// A backslash run before ASCII punctuation is a markdown escape ("\_", and "\\_" from a
// double-escaping converter); `*` outside an escape is emphasis.
const ESCAPE_OR_STAR = /\\+([!-/:-@[-`{-~])|\*/g;

/**
 * One source line without markup, trimmed. A `*` at the start of a line followed by a space is a
 * bullet and kept; every other `*` is emphasis and removed. Links keep their text, and their
 * target too when it says more than the text ("mailto:x" for the text "x" says nothing more).
 */
export function cleanLine(raw: string): string {
  let line = raw.replace(INVISIBLE, '').replace(ODD_SPACE, ' ').replace(HEADING, '');
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
  return s.replace(ESCAPE_OR_STAR, (_m, escaped: string | undefined) => escaped ?? '');
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
