import { docxToText } from './docx-to-text.js';
import { pdfToText } from './pdf-to-text.js';
import { IMPORT_LIMITS, tooLarge, unreadable, type ImportLimits } from './limits.js';
import { parsePlanText, type ParsedPlan } from './parse-plan-text.js';
import { warning, type ImportWarning } from './report.js';

const isZip = (b: Uint8Array) => b.length > 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;
const isPdf = (b: Uint8Array) => Buffer.from(b.subarray(0, 5)).toString('latin1') === '%PDF-';
/** An OLE2 compound file: Word 97–2003 .doc (also .xls, .ppt). */
const OLE2 = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const isOle2 = (b: Uint8Array) => b.length >= 8 && OLE2.every((v, i) => b[i] === v);
const isRtf = (b: Uint8Array) => Buffer.from(b.subarray(0, 5)).toString('latin1') === '{\\rtf';

/**
 * What an uploaded plan file says: a .docx converted to text, or UTF-8 text as it is, parsed into
 * the document model. Unreadable or oversized input is refused with a reason. This is the work
 * an import does before it writes: it runs in the import pool's worker threads (import-pool.ts),
 * never on the server's event loop.
 */
export async function readPlanFile(bytes: Uint8Array, fileName: string, limits: ImportLimits = IMPORT_LIMITS): Promise<ParsedPlan> {
  const { text, warnings, notices } = await uploadedText(bytes, fileName, limits);
  const parsed = parsePlanText(text, { limits });
  parsed.report.warnings = [...notices, ...warnings.map((w) => warning('DOCX_READER', w, [w])), ...parsed.report.warnings];
  return parsed;
}

async function uploadedText(
  bytes: Uint8Array,
  fileName: string,
  limits: ImportLimits,
): Promise<{ text: string; warnings: string[]; notices: ImportWarning[] }> {
  if (bytes.length === 0) throw unreadable('EMPTY', 'The file is empty');
  if (bytes.length > limits.maxFileBytes) {
    throw tooLarge('FILE_TOO_LARGE', `The file is larger than ${limits.maxFileBytes / 1024 / 1024} MB`, { limit: limits.maxFileBytes });
  }
  // Word 97–2003 (.doc) and RTF are no format the importer reads: said so, with the fix, instead
  // of reading their bytes as text.
  if (isOle2(bytes) || (!isZip(bytes) && /\.doc$/i.test(fileName))) {
    throw unreadable(
      'WORD_97',
      'This is a Word 97–2003 file (.doc): open it in Word or LibreOffice, save it as .docx (Word Document), and import the .docx',
    );
  }
  if (isRtf(bytes) || (!isZip(bytes) && /\.rtf$/i.test(fileName))) {
    throw unreadable('RTF', 'This is an RTF file: open it in Word or LibreOffice, save it as .docx (Word Document), and import the .docx');
  }
  if (isZip(bytes) || /\.docx$/i.test(fileName)) return docxToText(bytes, limits);
  if (isPdf(bytes) || /\.pdf$/i.test(fileName)) return { ...(await pdfToText(bytes, limits)), warnings: [] };
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw unreadable('NOT_TEXT', 'The file is neither a .docx nor UTF-8 text');
  }
  if (text.includes('\u0000')) throw unreadable('NOT_TEXT', 'The file is neither a .docx nor UTF-8 text');
  if (!text.trim()) throw unreadable('EMPTY', 'The file is empty');
  return { text, warnings: [], notices: [] };
}
