import yauzl from 'yauzl';
import { AppError } from '../../../core/errors.js';
import { tooLarge, unreadable, type ImportLimits } from './limits.js';
import { elements, tagAttr } from './xml-scan.js';

/**
 * The parts of a .docx that its conversion reads, inflated within a budget.
 *
 * A .docx is a zip, and a zip says how large each part inflates to — which may be a lie. JSZip
 * (and mammoth through it) inflates every part it is asked for in memory, trusting those sizes;
 * mammoth also asks for parts the caller never needs: a 1 MB upload whose word/footnotes.xml
 * inflated to 1 GB took the server to 5.4 GB. Here yauzl reads the central directory, only the
 * parts the conversion uses are inflated (never images, embedded files or headers), a part that
 * declares more than the budget is refused before inflating, and the bytes are counted while
 * they stream: yauzl (`validateEntrySizes`) stops a part the moment it inflates past its declared
 * size, and the budget per part and in all stops the rest. The conversion then reads these
 * parts only, from a zip rebuilt from them.
 */

export interface DocxParts {
  /** The main document part ("word/document.xml" for nearly every file). */
  main: string;
  /** Every part read, by name: content types, relationships, the main document, styles, numbering, notes, comments. */
  parts: Map<string, Buffer>;
  /** The part's text, or null when the file has no such part. */
  text(name: string | null): string | null;
  /** Names of the parts (related to the main document) of each kind, when present. */
  related: Partial<Record<RelatedPart, string>>;
}

const RELATED_PARTS = ['styles', 'numbering', 'footnotes', 'endnotes', 'comments'] as const;
type RelatedPart = (typeof RELATED_PARTS)[number];
const REL_TYPE = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/';

export async function readDocxParts(bytes: Uint8Array, limits: ImportLimits['zip']): Promise<DocxParts> {
  let zip: yauzl.ZipFile;
  try {
    zip = await yauzl.fromBufferPromise(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), {
      validateEntrySizes: true,
      decodeStrings: true,
      strictFileNames: false,
    });
  } catch {
    throw unreadable('NOT_DOCX', 'The file is not a .docx (zip) document');
  }
  if (zip.entryCount > limits.maxEntries) throw tooManyEntries(limits.maxEntries, zip.entryCount);

  const entries = new Map<string, yauzl.Entry>();
  const duplicates = new Set<string>();
  let count = 0;
  try {
    for await (const entry of zip.eachEntry()) {
      // The count in the end record may lie too.
      if (++count > limits.maxEntries) throw tooManyEntries(limits.maxEntries, count);
      if (entries.has(entry.fileName)) duplicates.add(entry.fileName);
      else entries.set(entry.fileName, entry);
    }
  } catch (e) {
    if (e instanceof AppError) throw e;
    // Names with "..", absolute paths or backslashes, a broken central directory.
    throw unreadable('NOT_DOCX', 'The file is not a readable .docx (zip) document');
  }

  const parts = new Map<string, Buffer>();
  let total = 0;
  const read = async (name: string): Promise<Buffer | null> => {
    if (parts.has(name)) return parts.get(name)!;
    const entry = entries.get(name);
    if (!entry) return null;
    // Two parts of one name: which one a reader takes is up to the reader; refuse rather than guess.
    if (duplicates.has(name)) throw unreadable('NOT_DOCX', `The .docx holds ${name} twice`);
    if (entry.isEncrypted() || !entry.canDecodeFileData())
      throw unreadable('NOT_DOCX', `${name} is encrypted or compressed in an unknown way`);
    if (entry.uncompressedSize > limits.maxPartBytes) throw partTooLarge(name, limits.maxPartBytes);
    if (total + entry.uncompressedSize > limits.maxTotalBytes) throw inflatedTooLarge(limits.maxTotalBytes);
    const chunks: Buffer[] = [];
    let size = 0;
    try {
      for await (const chunk of await zip.openReadStreamPromise(entry)) {
        size += (chunk as Buffer).length;
        // yauzl already stops at the declared size; this holds whatever it declared.
        if (size > limits.maxPartBytes) throw partTooLarge(name, limits.maxPartBytes);
        if (total + size > limits.maxTotalBytes) throw inflatedTooLarge(limits.maxTotalBytes);
        chunks.push(chunk as Buffer);
      }
    } catch (e) {
      if (e instanceof AppError) throw e;
      const message = e instanceof Error ? e.message : '';
      // yauzl: "too many bytes in the stream. expected N. got at least M" — the header lied.
      if (/too many bytes/.test(message)) {
        throw tooLarge('PART_LARGER_THAN_DECLARED', `${name} inflates to more than the ${entry.uncompressedSize} bytes it declares`, {
          part: name,
          declared: entry.uncompressedSize,
        });
      }
      throw unreadable('NOT_DOCX', `${name} cannot be read`);
    }
    total += size;
    const data = Buffer.concat(chunks, size);
    parts.set(name, data);
    return data;
  };
  const text = (name: string | null) => (name && parts.has(name) ? parts.get(name)!.toString('utf8') : null);

  // Where the parts are, as Word and mammoth find them: the package relationships name the main
  // document, whose relationships name styles, numbering and notes (default: word/<kind>.xml).
  await read('[Content_Types].xml');
  const main = firstTarget(decode(await read('_rels/.rels')), 'officeDocument', '', (n) => entries.has(n)) ?? 'word/document.xml';
  if (!(await read(main))) throw unreadable('NOT_DOCX', 'The file has no main document part (word/document.xml)');
  const dir = main.includes('/') ? main.slice(0, main.lastIndexOf('/')) : '';
  const mainRels = decode(await read(relsOf(main)));
  const related: DocxParts['related'] = {};
  for (const kind of RELATED_PARTS) {
    const name = firstTarget(mainRels, kind, dir, (n) => entries.has(n)) ?? `word/${kind}.xml`;
    if (!(await read(name))) continue;
    related[kind] = name;
    await read(relsOf(name));
  }
  return { main, parts, text, related };
}

const decode = (b: Buffer | null) => (b ? b.toString('utf8') : '');

function relsOf(name: string): string {
  const slash = name.lastIndexOf('/');
  return `${name.slice(0, slash + 1)}_rels/${name.slice(slash + 1)}.rels`;
}

/** The first target of a relationship of this type that exists, resolved against `dir` (as mammoth does). */
function firstTarget(relsXml: string, type: string, dir: string, exists: (name: string) => boolean): string | null {
  for (const rel of elements(relsXml, 'Relationship')) {
    if (tagAttr(rel.open, 'Type') !== REL_TYPE + type) continue;
    const target = tagAttr(rel.open, 'Target');
    if (!target || tagAttr(rel.open, 'TargetMode') === 'External') continue;
    const joined = target.startsWith('/') ? target.slice(1) : dir ? `${dir}/${target}` : target;
    if (exists(joined)) return joined;
  }
  return null;
}

function tooManyEntries(limit: number, count: number) {
  return tooLarge('ZIP_TOO_MANY_ENTRIES', `The .docx holds more than ${limit} entries`, { limit, count });
}

function partTooLarge(part: string, limit: number) {
  return tooLarge('PART_TOO_LARGE', `${part} inflates to more than ${limit} bytes`, { part, limit });
}

function inflatedTooLarge(limit: number) {
  return tooLarge('INFLATED_TOO_LARGE', `The parts of the .docx inflate to more than ${limit} bytes`, { limit });
}
