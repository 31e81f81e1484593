/**
 * Reading elements and attributes out of the XML parts of a .docx by position, in one pass.
 * The XML is the uploader's: regexes like /<w:style\b[^>]*>([\s\S]*?)<\/w:style>/g rescan to the
 * end of the text from every opening that has no closing, which an upload of 100,000 unclosed
 * elements turns into hours. Here every search moves forward, so a part is read in linear time.
 */

/** Where `needle` next occurs at or after a position, for positions that only grow. */
export class Finder {
  private from = -1;
  private at = -1;

  constructor(
    private readonly text: string,
    private readonly needle: string,
  ) {}

  /** Index of the first occurrence at or after `from`, or -1. */
  next(from: number): number {
    // The previous answer holds while `from` has not passed it: no rescanning.
    if (this.from >= 0 && from >= this.from && (this.at < 0 || from <= this.at)) return this.at;
    this.from = from;
    this.at = this.text.indexOf(this.needle, from);
    return this.at;
  }
}

const NAME_CHAR = /[\w:.-]/;

/** Index of the next opening tag `<tag` (not `<tagLonger`) at or after `from`, or -1. */
export function nextOpening(xml: string, tag: string, from: number): number {
  for (let i = xml.indexOf(`<${tag}`, from); i >= 0; i = xml.indexOf(`<${tag}`, i + 1)) {
    const after = xml[i + tag.length + 1];
    if (after === undefined || !NAME_CHAR.test(after)) return i;
  }
  return -1;
}

export interface XmlElement {
  /** Index of the element's `<`. */
  start: number;
  /** The opening tag, from `<` to `>`. */
  open: string;
  /** What lies between the opening and the closing tag. */
  inner: string;
  /** Index just after the element. */
  end: number;
}

/**
 * The `<tag …>…</tag>` elements of `xml` in order, nested ones not separately. An opening tag
 * without a closing one ends the reading (nothing after it can close either).
 */
export function* elements(xml: string, tag: string): Generator<XmlElement> {
  const closing = `</${tag}>`;
  let from = 0;
  for (;;) {
    const start = nextOpening(xml, tag, from);
    if (start < 0) return;
    const openEnd = xml.indexOf('>', start);
    if (openEnd < 0) return;
    const open = xml.slice(start, openEnd + 1);
    if (open.endsWith('/>')) {
      yield { start, open, inner: '', end: openEnd + 1 };
      from = openEnd + 1;
      continue;
    }
    const close = xml.indexOf(closing, openEnd + 1);
    if (close < 0) return;
    yield { start, open, inner: xml.slice(openEnd + 1, close), end: close + closing.length };
    from = close + closing.length;
  }
}

/** The value of attribute `name` in an opening tag, or null. */
export function tagAttr(open: string, name: string): string | null {
  for (let i = open.indexOf(`${name}="`); i >= 0; i = open.indexOf(`${name}="`, i + 1)) {
    if (!/\s/.test(open[i - 1] ?? '')) continue;
    const start = i + name.length + 2;
    const end = open.indexOf('"', start);
    return end < 0 ? null : open.slice(start, end);
  }
  return null;
}

/** The attribute `name` of the first `<tag …>` in `xml` that has it, or null. */
export function attr(xml: string, tag: string, name = 'w:val'): string | null {
  for (let i = nextOpening(xml, tag, 0); i >= 0; ) {
    const openEnd = xml.indexOf('>', i);
    if (openEnd < 0) return null;
    const value = tagAttr(xml.slice(i, openEnd + 1), name);
    if (value !== null) return value;
    i = nextOpening(xml, tag, openEnd + 1);
  }
  return null;
}

/** How many paragraphs (`<w:p>` elements) an XML part holds. */
export function countParagraphs(xml: string): number {
  let n = 0;
  for (let i = nextOpening(xml, 'w:p', 0); i >= 0; i = nextOpening(xml, 'w:p', i + 1)) n++;
  return n;
}
