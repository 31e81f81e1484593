import type { NodeKind } from '../../plans/plan-document.js';

/** A label at the start of a line: "I.", "2.1.", "đ)", "-". */
export interface Label {
  kind: Exclude<NodeKind, 'PARAGRAPH'>;
  /** As printed. */
  label: string;
  /** The line after the label, trimmed. */
  rest: string;
  /** The source had no space between label and text ("1.Công tác"). */
  missingSpace: boolean;
}

// Roman numerals up to 39: plans never have more sections than that.
const SECTION = /^(X{0,3}(?:IX|IV|V?I{0,3})\.)(\s*)(?=\S|$)/;
// "1.", "2.1.", "2.1.3."; at most two digits per level so that a year ("2025.") is never a label.
const ITEM = /^(\d{1,2}(?:\.\d{1,2})*\.)(\s*)(?=\S|$)/;
// Points use the Vietnamese alphabet order a, b, c, d, đ, e, g, h, i, k …; Word's own list
// numbering uses the Latin one (… e, f, g), so f, j, w, z are accepted too.
const POINT = /^([a-zđ]\))(\s*)(?=\S|$)/;
const BULLET = /^([-–—+•*])(\s*)(?=\S|$)/;

export function readLabel(line: string): Label | null {
  const section = SECTION.exec(line);
  if (section && section[1] !== '.') return make('SECTION', section, line);
  const item = ITEM.exec(line);
  if (item) return make('ITEM', item, line);
  const point = POINT.exec(line);
  if (point) return make('POINT', point, line);
  const bullet = BULLET.exec(line);
  // A bullet glued to its text is only a bullet before a capital ("-Chỉ đạo"), never "-5%".
  if (bullet && (bullet[2] !== '' || /^\p{Lu}/u.test(line.slice(bullet[0].length)))) {
    return make('BULLET', bullet, line);
  }
  return null;
}

function make(kind: Label['kind'], m: RegExpExecArray, line: string): Label | null {
  const rest = line.slice(m[0].length).trim();
  // "I." or "1." alone on a line is still a label (its text may follow on the next line), but a
  // lone "-" is a stray dash, not a bullet.
  if (kind === 'BULLET' && rest === '') return null;
  return { kind, label: m[1], rest, missingSpace: m[2] === '' && rest !== '' };
}

/**
 * Depth in the label hierarchy: sections above items, "2.1." below "2.", points below every item.
 * Bullets and paragraphs have no rank: they hang under the nearest ranked node above them.
 */
export function labelRank(kind: NodeKind, label: string | null): number | null {
  if (kind === 'SECTION') return 1;
  if (kind === 'ITEM' && label) return 1 + label.split('.').filter(Boolean).length;
  if (kind === 'POINT') return 50;
  return null;
}
