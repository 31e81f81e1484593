/**
 * Reading a rendered .docx back for the export tests: the parts, and the paragraphs of
 * word/document.xml with the run properties the decree talks about. Regexes suffice because the
 * XML is the `docx` package's own, regular output (no nested tables, no nested paragraphs).
 */
import JSZip from 'jszip';

export interface Run {
  text: string;
  bold: boolean;
  italics: boolean;
  caps: boolean;
  /** Half-points. */
  size: number | null;
  font: string | null;
}

export interface Para {
  text: string;
  runs: Run[];
  align: string | null;
  firstLine: number | null;
  indentLeft: number;
  indentRight: number;
  spacingAfter: number | null;
  spacingBefore: number | null;
  keepNext: boolean;
  line: number | null;
  bottomBorder: boolean;
  /** Where it stands: the body, or [table index, row, column]. */
  table: [number, number, number] | null;
}

export interface DocxParts {
  documentXml: string;
  stylesXml: string;
  /** Header part XML by header reference type ("default", "first"). */
  headers: Record<string, string>;
  paragraphs: Para[];
}

const attr = (xml: string, re: RegExp): string | null => re.exec(xml)?.[1] ?? null;
const num = (v: string | null): number | null => (v === null ? null : Number(v));

function decode(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

function runsOf(xml: string): Run[] {
  return [...xml.matchAll(/<w:r>([\s\S]*?)<\/w:r>/g)].map(([, r]) => ({
    text: [...r.matchAll(/<w:br\/>|<w:t(?:\s[^>]*)?>([\s\S]*?)<\/w:t>/g)].map((m) => (m[1] === undefined ? '\n' : decode(m[1]))).join(''),
    bold: /<w:b\/>/.test(r),
    italics: /<w:i\/>/.test(r),
    caps: /<w:caps\/>/.test(r),
    size: num(attr(r, /<w:sz w:val="(\d+)"/)),
    font: attr(r, /<w:rFonts[^>]*w:ascii="([^"]+)"/),
  }));
}

function paragraphsOf(xml: string, table: Para['table']): Para[] {
  return [...xml.matchAll(/<w:p(?=[\s>/])[^>]*?(?:\/>|>([\s\S]*?)<\/w:p>)/g)].map(([, inner = '']) => {
    const pPr = /<w:pPr>([\s\S]*?)<\/w:pPr>/.exec(inner)?.[1] ?? '';
    const runs = runsOf(inner.replace(/<w:pPr>[\s\S]*?<\/w:pPr>/, ''));
    return {
      text: runs.map((r) => r.text).join(''),
      runs,
      align: attr(pPr, /<w:jc w:val="([^"]+)"/),
      firstLine: num(attr(pPr, /<w:ind[^>]*w:firstLine="(\d+)"/)),
      indentLeft: num(attr(pPr, /<w:ind[^>]*w:left="(\d+)"/)) ?? 0,
      indentRight: num(attr(pPr, /<w:ind[^>]*w:right="(\d+)"/)) ?? 0,
      spacingAfter: num(attr(pPr, /<w:spacing[^>]*w:after="(\d+)"/)),
      spacingBefore: num(attr(pPr, /<w:spacing[^>]*w:before="(\d+)"/)),
      keepNext: /<w:keepNext\/>/.test(pPr),
      line: num(attr(pPr, /<w:spacing[^>]*w:line="(\d+)"/)),
      bottomBorder: /<w:pBdr>[\s\S]*<w:bottom w:val="single"/.test(pPr),
      table,
    };
  });
}

/** Paragraphs of the document body in order, table cells in reading order (row by row, left to right). */
function documentParagraphs(documentXml: string): Para[] {
  const body = /<w:body>([\s\S]*)<\/w:body>/.exec(documentXml)![1];
  const out: Para[] = [];
  let tableIndex = 0;
  for (const chunk of body.split(/(<w:tbl>[\s\S]*?<\/w:tbl>)/)) {
    if (!chunk.startsWith('<w:tbl>')) {
      out.push(...paragraphsOf(chunk.replace(/<w:sectPr>[\s\S]*<\/w:sectPr>/, ''), null));
      continue;
    }
    [...chunk.matchAll(/<w:tr>([\s\S]*?)<\/w:tr>/g)].forEach(([, row], r) => {
      [...row.matchAll(/<w:tc>([\s\S]*?)<\/w:tc>/g)].forEach(([, cell], c) => {
        out.push(...paragraphsOf(cell.replace(/<w:tcPr>[\s\S]*?<\/w:tcPr>/, ''), [tableIndex, r, c]));
      });
    });
    tableIndex++;
  }
  return out;
}

export async function readDocx(buffer: Buffer): Promise<DocxParts> {
  const zip = await JSZip.loadAsync(buffer);
  const read = async (name: string) => {
    const file = zip.file(name);
    if (!file) throw new Error(`no ${name} in the .docx`);
    return file.async('string');
  };
  const documentXml = await read('word/document.xml');
  const rels = await read('word/_rels/document.xml.rels');
  const headers: Record<string, string> = {};
  for (const [, type, id] of documentXml.matchAll(/<w:headerReference w:type="(\w+)" r:id="(\w+)"\/>/g)) {
    const target = attr(rels, new RegExp(`<Relationship[^>]*Id="${id}"[^>]*Target="([^"]+)"`));
    headers[type] = await read(`word/${target}`);
  }
  return { documentXml, stylesXml: await read('word/styles.xml'), headers, paragraphs: documentParagraphs(documentXml) };
}
