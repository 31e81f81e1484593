/**
 * Fixtures for the importer's tests: the four seed plans, and .docx files built from them with
 * the `docx` package (a devDependency; this file is only imported by tests).
 */
import { readFileSync } from 'node:fs';
import zlib from 'node:zlib';
import JSZip from 'jszip';
import { AlignmentType, Document, HeadingLevel, LevelFormat, Packer, Paragraph, Table, TableCell, TableRow, TextRun } from 'docx';
import { readLabel } from './labels.js';

export const SEEDS = {
  laoCai: 'province-lao-cai-2024-peak-campaign',
  bacGiang: 'province-bac-giang-2024-action-month',
  duongQuang: 'commune-duong-quang-2024-drug-free',
  giaLai: 'ward-gia-lai-2025-kl132',
} as const;
export type SeedName = keyof typeof SEEDS;

export function seedText(name: SeedName): string {
  return readFileSync(new URL(`../../../../data/seeds/${SEEDS[name]}.txt`, import.meta.url), 'utf8');
}

/** Markdown emphasis of one line to runs; bold and italics may stay open across lines. */
function runs(text: string, state: { bold: boolean; italics: boolean }): TextRun[] {
  const out: TextRun[] = [];
  for (const part of text.split(/(\*\*|\*)/)) {
    if (part === '**') state.bold = !state.bold;
    else if (part === '*') state.italics = !state.italics;
    else if (part !== '') out.push(new TextRun({ text: part, bold: state.bold, italics: state.italics }));
  }
  return out;
}

const HEADINGS = [HeadingLevel.HEADING_1, HeadingLevel.HEADING_2, HeadingLevel.HEADING_3, HeadingLevel.HEADING_4];

/** One Word paragraph per non-empty source line, bold/italic as runs, "## …" as headings. */
export async function docxFromText(source: string): Promise<Buffer> {
  const state = { bold: false, italics: false };
  const children = source
    .split(/\r?\n/)
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const heading = /^(#{1,4})\s+/.exec(line);
      const text = heading ? line.slice(heading[0].length) : line;
      const p = runs(text, state);
      state.bold = false; // the seeds close emphasis on the line it opened, except the signature
      state.italics = false;
      return new Paragraph({ children: p, heading: heading ? HEADINGS[heading[1].length - 1] : undefined });
    });
  return Packer.toBuffer(new Document({ sections: [{ children }] }));
}

/**
 * The same plan with its labels made by Word: section, item, sub-item and point labels become
 * automatic numbering (I., 1., 1.1., a)) and "-" bullets a bullet list; the label text is removed
 * from the paragraph. Only for sources whose own numbering is regular.
 */
export async function docxWithWordNumbering(source: string): Promise<Buffer> {
  const state = { bold: false, italics: false };
  const children: Paragraph[] = [];
  for (const raw of source.split(/\r?\n/)) {
    const line = raw.replace(/^#{1,4}\s+/, '').trim();
    if (line === '') continue;
    const bare = line.replace(/\*/g, '');
    const label = readLabel(bare);
    const level = label ? numberingLevel(label.kind, label.label) : null;
    if (label && level) {
      children.push(new Paragraph({ children: runs(label.rest, state), numbering: level }));
    } else {
      children.push(new Paragraph({ children: runs(line, state) }));
    }
    state.bold = false;
    state.italics = false;
  }
  return Packer.toBuffer(
    new Document({
      numbering: {
        config: [
          {
            reference: 'plan',
            levels: [
              { level: 0, format: LevelFormat.UPPER_ROMAN, text: '%1.', alignment: AlignmentType.START },
              { level: 1, format: LevelFormat.DECIMAL, text: '%2.', alignment: AlignmentType.START },
              { level: 2, format: LevelFormat.DECIMAL, text: '%2.%3.', alignment: AlignmentType.START },
              { level: 3, format: LevelFormat.LOWER_LETTER, text: '%4)', alignment: AlignmentType.START },
            ],
          },
          { reference: 'dash', levels: [{ level: 0, format: LevelFormat.BULLET, text: '-', alignment: AlignmentType.START }] },
        ],
      },
      sections: [{ children }],
    }),
  );
}

function numberingLevel(kind: string, label: string): { reference: string; level: number } | null {
  if (kind === 'SECTION') return { reference: 'plan', level: 0 };
  if (kind === 'ITEM') return { reference: 'plan', level: label.split('.').filter(Boolean).length };
  if (kind === 'POINT') return { reference: 'plan', level: 3 };
  if (kind === 'BULLET' && label === '-') return { reference: 'dash', level: 0 };
  return null;
}

// ---------------------------------------------------------------------------------------------
// Zips written by hand, for the tests of hostile .docx files.

export interface ZipEntry {
  name: string;
  /** The bytes as stored (already deflated when `method` is 8). */
  data: Buffer;
  method?: 0 | 8;
  /** The inflated size the headers declare (both the local and the central one). */
  declaredSize: number;
  crc?: number;
}

/** A zip of these entries, headers saying exactly what the entries say (true or not). */
export function writeZip(entries: ZipEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const fixed = (central: boolean) => {
      const b = Buffer.alloc(central ? 46 : 30);
      let o = 0;
      b.writeUInt32LE(central ? 0x02014b50 : 0x04034b50, o);
      o += 4;
      if (central) {
        b.writeUInt16LE(20, o);
        o += 2;
      }
      b.writeUInt16LE(20, o); // version needed
      b.writeUInt16LE(0x0800, o + 2); // UTF-8 names
      b.writeUInt16LE(e.method ?? 8, o + 4);
      b.writeUInt16LE(0, o + 6); // time
      b.writeUInt16LE(0x21, o + 8); // 1980-01-01
      b.writeUInt32LE((e.crc ?? 0) >>> 0, o + 10);
      b.writeUInt32LE(e.data.length, o + 14);
      b.writeUInt32LE(e.declaredSize, o + 18);
      b.writeUInt16LE(name.length, o + 22);
      if (central) b.writeUInt32LE(offset, o + 36); // local header offset (extra, comment, disk, attributes stay 0)
      return b;
    };
    const local = Buffer.concat([fixed(false), name, e.data]);
    centrals.push(Buffer.concat([fixed(true), name]));
    locals.push(local);
    offset += local.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/** An entry stored deflated, with its true size and checksum. */
export function deflatedEntry(name: string, content: Buffer | string): ZipEntry {
  const data = Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8');
  return { name, data: zlib.deflateRawSync(data), declaredSize: data.length, crc: zlib.crc32(data) };
}

/**
 * A deflate stream of `mib` MiB of zeros, about 1/1000 of that in size: one compressed MiB
 * ending in a full flush (so it stands alone) repeated, then an empty final block.
 */
export function deflatedZeros(mib: number): Buffer {
  const block = zlib.deflateRawSync(Buffer.alloc(1 << 20), { finishFlush: zlib.constants.Z_FULL_FLUSH, level: 9 });
  return Buffer.concat([...Array<Buffer>(mib).fill(block), zlib.deflateRawSync(Buffer.alloc(0))]);
}

/** The entries of a real .docx (written by the docx package), each re-deflated with true headers. */
export async function docxEntries(source: string): Promise<ZipEntry[]> {
  const zip = await JSZip.loadAsync(await docxFromText(source));
  const out: ZipEntry[] = [];
  for (const name of Object.keys(zip.files)) {
    if (zip.files[name].dir) continue;
    out.push(deflatedEntry(name, await zip.files[name].async('nodebuffer')));
  }
  return out;
}

/**
 * A real plan as a .docx whose first paragraph holds `runs` empty formatted runs: the same plan
 * once read, but seconds of XML for the worker to walk (20,000 runs take about 1.5 s on a
 * 2-core machine while the file stays 20 KB). For the tests of the import pool's budgets.
 */
export async function slowDocx(source: string, runs: number): Promise<Buffer> {
  const entries = await docxEntries(source);
  const body = entries.find((e) => e.name === 'word/document.xml');
  if (!body) throw new Error('docxEntries made no word/document.xml');
  const xml = zlib.inflateRawSync(body.data).toString('utf8');
  const run = '<w:r><w:rPr><w:b/><w:i/><w:sz w:val="28"/></w:rPr><w:t xml:space="preserve"></w:t></w:r>';
  const slow = xml.replace('<w:body>', `<w:body><w:p>${run.repeat(runs)}</w:p>`);
  return writeZip([...entries.filter((e) => e !== body), deflatedEntry('word/document.xml', slow)]);
}

// ---------------------------------------------------------------------------------------------
// A plan with Word tables, as a clerk makes it (issue 12).

/** Lines of a plan; a line that is an array of rows becomes a Word table (first row its header). */
export type PlanPart = string | string[][];

/** A .docx of paragraphs and tables: the header of two columns as a borderless layout table of several lines per cell. */
export async function docxWithTables(parts: PlanPart[], header?: [string[], string[]]): Promise<Buffer> {
  const cellOf = (lines: string[]) => new TableCell({ children: lines.map((l) => new Paragraph({ children: [new TextRun(l)] })) });
  const children: (Paragraph | Table)[] = [];
  if (header) children.push(new Table({ rows: [new TableRow({ children: [cellOf(header[0]), cellOf(header[1])] })] }));
  for (const part of parts) {
    if (typeof part === 'string') children.push(new Paragraph({ children: [new TextRun(part)] }));
    else children.push(new Table({ rows: part.map((row) => new TableRow({ children: row.map((c) => cellOf([c])) })) }));
  }
  return Packer.toBuffer(new Document({ sections: [{ children }] }));
}
