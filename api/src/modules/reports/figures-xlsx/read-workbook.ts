import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import yauzl from 'yauzl';
import { AppError, ErrorCode, Reason } from '../../../core/errors.js';

/*
 * Reading an uploaded .xlsx (docs/REPORTS.md, "Figures as a spreadsheet"). An .xlsx is a zip, and
 * exceljs reads it through JSZip, which inflates every entry in memory trusting the sizes the zip
 * declares — the bomb docs/ARCHITECTURE.md ("Documents") describes for .docx. So the zip is read
 * first with yauzl within a budget: only the parts exceljs needs for cell values (workbook,
 * relationships, shared strings, styles, worksheets) are inflated, a part declaring more than the
 * budget is refused before inflating, and the bytes are counted while they stream (yauzl stops a
 * part that inflates past its declared size). exceljs then reads a zip rebuilt from those parts
 * only. The budgets are far above a real figures table (a district: tens of rows, a few hundred
 * columns, some hundred kilobytes).
 */

const MiB = 1024 * 1024;

export const XLSX_LIMITS = {
  /** Bytes of the uploaded file. */
  maxFileBytes: 2 * MiB,
  zip: { maxEntries: 500, maxPartBytes: 8 * MiB, maxTotalBytes: 12 * MiB },
  /** Rows and columns of a sheet read (a figures table: a unit and its subordinates × targets × 4). */
  maxRows: 5_000,
  maxColumns: 1_000,
  maxSheets: 100,
};

/** The parts exceljs needs for the values of the cells; drawings, media, comments, themes are never inflated. */
const NEEDED = [
  /^\[Content_Types\]\.xml$/,
  /^_rels\/\.rels$/,
  /^xl\/workbook\.xml$/,
  /^xl\/_rels\/workbook\.xml\.rels$/,
  /^xl\/sharedStrings\.xml$/,
  /^xl\/styles\.xml$/,
  /^xl\/worksheets\/sheet\d+\.xml$/,
];

/** A cell's value as the import reads it: a number, text, a date, or an error Excel shows (#DIV/0!). */
export type CellValue = number | string | Date | boolean | { error: string } | null;

export interface SheetGrid {
  name: string;
  rowCount: number;
  columnCount: number;
  /** 1-based row and column, as Excel counts. */
  value(row: number, col: number): CellValue;
}

const refuse = (reason: Reason, message: string, extra: Record<string, unknown> = {}, code: ErrorCode = ErrorCode.BAD_USER_INPUT) =>
  new AppError(code, message, { field: 'file', reason, ...extra });

/** The worksheets of an .xlsx, or the refusal the file earned. */
export async function readWorkbook(bytes: Buffer): Promise<SheetGrid[]> {
  if (bytes.length === 0) throw refuse(Reason.EMPTY, 'The file is empty');
  if (bytes.length > XLSX_LIMITS.maxFileBytes) {
    throw refuse(
      Reason.FILE_TOO_LARGE,
      `The file is larger than ${XLSX_LIMITS.maxFileBytes / MiB} MB`,
      { limit: XLSX_LIMITS.maxFileBytes },
      ErrorCode.TOO_LARGE,
    );
  }
  const parts = await neededParts(bytes);
  if (!parts.has('xl/workbook.xml')) throw refuse(Reason.NOT_XLSX, 'The file is not an .xlsx workbook (no xl/workbook.xml)');
  const zip = new JSZip();
  for (const [name, data] of parts) zip.file(name, data);
  const rebuilt = await zip.generateAsync({ type: 'nodebuffer', compression: 'STORE' });
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(rebuilt as unknown as ArrayBuffer);
  } catch {
    throw refuse(Reason.NOT_XLSX, 'The .xlsx workbook cannot be read');
  }
  if (workbook.worksheets.length > XLSX_LIMITS.maxSheets) {
    throw refuse(Reason.XLSX_TOO_LARGE, `The workbook has more than ${XLSX_LIMITS.maxSheets} sheets`, {
      limit: XLSX_LIMITS.maxSheets,
      count: workbook.worksheets.length,
    });
  }
  return workbook.worksheets.map((ws) => {
    if (ws.rowCount > XLSX_LIMITS.maxRows || ws.columnCount > XLSX_LIMITS.maxColumns) {
      throw refuse(Reason.XLSX_TOO_LARGE, `Sheet "${ws.name}" has more rows or columns than a figures table`, {
        sheet: ws.name,
        limit: XLSX_LIMITS.maxRows,
        count: ws.rowCount,
      });
    }
    return {
      name: ws.name,
      rowCount: ws.rowCount,
      columnCount: ws.columnCount,
      value: (row: number, col: number) => {
        const r = ws.findRow(row);
        return r ? plain(r.getCell(col).value) : null;
      },
    };
  });
}

/** The cell's value without Excel's wrappers: a formula gives its result, rich text its text, a link its text. */
function plain(v: ExcelJS.CellValue): CellValue {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean' || v instanceof Date) return v;
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((r) => r.text).join('');
    if ('error' in v) return { error: String(v.error) };
    if ('result' in v) return plain((v.result ?? null) as ExcelJS.CellValue);
    if ('formula' in v || 'sharedFormula' in v) return null;
    if ('text' in v) return typeof v.text === 'string' ? v.text : plain(v.text as ExcelJS.CellValue);
  }
  return null;
}

/** The parts of the zip exceljs reads, inflated within the budget. */
async function neededParts(bytes: Buffer): Promise<Map<string, Buffer>> {
  const limits = XLSX_LIMITS.zip;
  let zip: yauzl.ZipFile;
  try {
    zip = await yauzl.fromBufferPromise(bytes, { validateEntrySizes: true, decodeStrings: true, strictFileNames: false });
  } catch {
    throw refuse(Reason.NOT_XLSX, 'The file is not an .xlsx workbook (zip)');
  }
  const tooManyEntries = (count: number) =>
    refuse(
      Reason.ZIP_TOO_MANY_ENTRIES,
      `The .xlsx holds more than ${limits.maxEntries} entries`,
      { limit: limits.maxEntries, count },
      ErrorCode.TOO_LARGE,
    );
  if (zip.entryCount > limits.maxEntries) throw tooManyEntries(zip.entryCount);
  const wanted = new Map<string, yauzl.Entry>();
  let count = 0;
  try {
    for await (const entry of zip.eachEntry()) {
      // The count in the end record may lie.
      if (++count > limits.maxEntries) throw tooManyEntries(count);
      if (!NEEDED.some((re) => re.test(entry.fileName))) continue;
      // Two parts of one name: which one a reader takes is up to the reader; refuse rather than guess.
      if (wanted.has(entry.fileName)) throw refuse(Reason.NOT_XLSX, `The .xlsx holds ${entry.fileName} twice`);
      wanted.set(entry.fileName, entry);
    }
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw refuse(Reason.NOT_XLSX, 'The file is not a readable .xlsx (zip)');
  }
  const parts = new Map<string, Buffer>();
  let total = 0;
  const partTooLarge = (name: string) =>
    refuse(
      Reason.PART_TOO_LARGE,
      `${name} inflates to more than ${limits.maxPartBytes} bytes`,
      { part: name, limit: limits.maxPartBytes },
      ErrorCode.TOO_LARGE,
    );
  const allTooLarge = () =>
    refuse(
      Reason.INFLATED_TOO_LARGE,
      `The parts of the .xlsx inflate to more than ${limits.maxTotalBytes} bytes`,
      { limit: limits.maxTotalBytes },
      ErrorCode.TOO_LARGE,
    );
  for (const [name, entry] of wanted) {
    if (entry.isEncrypted() || !entry.canDecodeFileData())
      throw refuse(Reason.NOT_XLSX, `${name} is encrypted or compressed in an unknown way`);
    if (entry.uncompressedSize > limits.maxPartBytes) throw partTooLarge(name);
    if (total + entry.uncompressedSize > limits.maxTotalBytes) throw allTooLarge();
    const chunks: Buffer[] = [];
    let size = 0;
    try {
      for await (const chunk of await zip.openReadStreamPromise(entry)) {
        size += (chunk as Buffer).length;
        if (size > limits.maxPartBytes) throw partTooLarge(name);
        if (total + size > limits.maxTotalBytes) throw allTooLarge();
        chunks.push(chunk as Buffer);
      }
    } catch (e) {
      if (e instanceof AppError) throw e;
      if (/too many bytes/.test(e instanceof Error ? e.message : '')) {
        throw refuse(
          Reason.PART_LARGER_THAN_DECLARED,
          `${name} inflates to more than the ${entry.uncompressedSize} bytes it declares`,
          { part: name, declared: entry.uncompressedSize },
          ErrorCode.TOO_LARGE,
        );
      }
      throw refuse(Reason.NOT_XLSX, `${name} cannot be read`);
    }
    total += size;
    parts.set(name, Buffer.concat(chunks, size));
  }
  return parts;
}
