import { AppError, ErrorCode, type Reason } from '../../../core/errors.js';

const MiB = 1024 * 1024;

/**
 * What one imported file may hold and cost. A real plan is a few hundred nodes (the seeds: 36 to
 * 107 nodes, at most 798 lines and 46 KB; the benchmark's large plans: 300 nodes) in a .docx of
 * some hundred kilobytes. The bounds are far above that; beyond them the import is refused with
 * a reason and the figure exceeded (extensions `limit` and `count`), before the work that grows
 * with it — see docs/ARCHITECTURE.md, "Documents".
 */
export const IMPORT_LIMITS = {
  /** Bytes of the uploaded file (.docx, .pdf, .txt, .md). */
  maxFileBytes: 8 * MiB,
  /** Lines of the text (a .docx gives two per paragraph: the paragraph and a blank line). */
  maxLines: 200_000,
  /** Pages of a PDF, counted before any page is read (a plan runs to tens of pages). */
  maxPdfPages: 500,
  /** Paragraphs (w:p) of a .docx, counted in its XML before it is converted. */
  maxParagraphs: 50_000,
  /**
   * Nodes of the plan's tree: the same bound as a plan's (PLAN_LIMITS.nodes in
   * modules/plans/plan-limits.ts, not imported here so the worker stays free of the database
   * code), so a file that could never be saved is refused while it is read.
   */
  maxNodes: 1_000,
  /** Each of the other lists of a plan: legal bases, targets, allocations, phases, milestones, recipients. */
  maxItems: 20_000,
  /** The .docx zip: entries, and bytes inflated per part read and in all (the parts not needed are never inflated). */
  zip: { maxEntries: 1_000, maxPartBytes: 16 * MiB, maxTotalBytes: 40 * MiB },
};
export type ImportLimits = typeof IMPORT_LIMITS;

/** The reasons an import is refused with (core/error-codes.ts). */
type ImportReason = Extract<
  Reason,
  | 'EMPTY'
  | 'NO_PLAN_CONTENT'
  | 'WORD_97'
  | 'RTF'
  | 'NOT_PDF'
  | 'PDF_ENCRYPTED'
  | 'PDF_NO_TEXT'
  | 'TOO_MANY_PAGES'
  | 'NOT_BASE64'
  | 'NOT_TEXT'
  | 'NOT_DOCX'
  | 'TOO_MANY_LINES'
  | 'TOO_MANY_PARAGRAPHS'
  | 'TOO_MANY_NODES'
  | 'TOO_MANY_ITEMS'
  | 'FILE_TOO_LARGE'
  | 'ZIP_TOO_MANY_ENTRIES'
  | 'PART_TOO_LARGE'
  | 'PART_LARGER_THAN_DECLARED'
  | 'INFLATED_TOO_LARGE'
  | 'IMPORT_TIMEOUT'
  | 'IMPORT_MEMORY'
>;

/** Too many lines, paragraphs, nodes or items: BAD_USER_INPUT with the limit and the count. */
export function tooMany(reason: ImportReason, what: string, limit: number, count: number): AppError {
  return new AppError(ErrorCode.BAD_USER_INPUT, `The file has more ${what} than an import accepts (${count} > ${limit})`, {
    field: 'file',
    reason,
    what,
    limit,
    count,
  });
}

/** A size or work budget exceeded: TOO_LARGE (HTTP 413) with a reason and the figures. */
export function tooLarge(reason: ImportReason, message: string, figures: Record<string, unknown> = {}): AppError {
  return new AppError(ErrorCode.TOO_LARGE, message, { field: 'file', reason, ...figures });
}

/** A file that is not what it claims to be (NOT_DOCX, NOT_TEXT, EMPTY …): BAD_USER_INPUT with a reason. */
export function unreadable(reason: ImportReason, message: string): AppError {
  return new AppError(ErrorCode.BAD_USER_INPUT, message, { field: 'file', reason });
}
