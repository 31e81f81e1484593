/*
 * The error codes clients rely on, the reasons that refine them and the HTTP status of each: the
 * one table for the API (core/errors.ts, core/http.ts) and for the portal
 * (portal/src/providers/errors.ts imports this file). No imports here, so that the portal's build
 * takes nothing else of the server.
 */

/**
 * The one list of error codes clients may rely on (`extensions.code`). Tests assert on these,
 * never on message text.
 */
export const ErrorCode = {
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  CONFLICT: 'CONFLICT',
  INVALID_STATE: 'INVALID_STATE',
  /** Too many failed sign-ins for this username or from this address: wait `extensions.retryAfterSeconds`. */
  TOO_MANY_ATTEMPTS: 'TOO_MANY_ATTEMPTS',
  /** The input exceeds a size or work budget (upload bytes, inflated .docx parts, import time or memory); HTTP 413. */
  TOO_LARGE: 'TOO_LARGE',
  /** A bounded queue of work is full (imports); retry later; HTTP 503. */
  BUSY: 'BUSY',
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/**
 * Every reason (`extensions.reason`) that refines a code, stable like the codes; a refusal's
 * figures are further extensions (`limit`, `count`, `successors` …), never only words in the
 * message. BAD_USER_INPUT for requests refused as a whole (docs/ARCHITECTURE.md, "Request
 * limits"), and the refusals of imports, exports, keys and unit lifetimes below.
 */
export const Reason = {
  DEPTH_LIMIT: 'DEPTH_LIMIT',
  ALIAS_LIMIT: 'ALIAS_LIMIT',
  /** The document, with every fragment spread expanded, selects too many fields. */
  SELECTION_LIMIT: 'SELECTION_LIMIT',
  COST_LIMIT: 'COST_LIMIT',
  INVALID_VARIABLES: 'INVALID_VARIABLES',
  RESPONSE_TOO_LARGE: 'RESPONSE_TOO_LARGE',
  BODY_TOO_LARGE: 'BODY_TOO_LARGE',
  MALFORMED_BODY: 'MALFORMED_BODY',
  INTROSPECTION_REQUIRES_CREDENTIALS: 'INTROSPECTION_REQUIRES_CREDENTIALS',
  /** A write would take a plan beyond one of its declared maxima (PLAN_LIMITS). */
  PLAN_LIMIT: 'PLAN_LIMIT',
  /**
   * INVALID_STATE: the unit had been dissolved by the date of the act (issuing, deriving);
   * extensions `unit`, `date`, `validTo` and `successors: [{ id, code, name, kind }]`.
   */
  UNIT_DISSOLVED: 'UNIT_DISSOLVED',
  /** INVALID_STATE: the unit did not exist yet on the date of the act; extensions `unit`, `date`, `validFrom`. */
  UNIT_NOT_YET_ESTABLISHED: 'UNIT_NOT_YET_ESTABLISHED',
  /**
   * INVALID_STATE: deleteNode on a node that came from the parent plan (or a subtree holding one):
   * such a node is omitted with a reason (omitNode); extension `nodeIds` (at most 20).
   */
  OMIT_INSTEAD: 'OMIT_INSTEAD',
  /** INVALID_STATE (HTTP 503): the server has no LibreOffice for PDF export. */
  PDF_UNAVAILABLE: 'PDF_UNAVAILABLE',
  /** CONFLICT: a replayed createApiKey; `current` names the key to revoke. */
  API_KEY_SECRET_SHOWN_ONCE: 'API_KEY_SECRET_SHOWN_ONCE',
  /** Imports (`field: file`). BAD_USER_INPUT: the file is empty, not base64, not text, not a .docx. */
  EMPTY: 'EMPTY',
  /** A file that holds no plan content (no numbered sections or items): nothing is created. */
  NO_PLAN_CONTENT: 'NO_PLAN_CONTENT',
  NOT_BASE64: 'NOT_BASE64',
  NOT_TEXT: 'NOT_TEXT',
  /** A Word 97–2003 .doc or an RTF file: the message names the fix (save as .docx). */
  WORD_97: 'WORD_97',
  RTF: 'RTF',
  /** PDFs: not a PDF, password-protected, a scan without a text layer, more pages than an import reads. */
  NOT_PDF: 'NOT_PDF',
  PDF_ENCRYPTED: 'PDF_ENCRYPTED',
  PDF_NO_TEXT: 'PDF_NO_TEXT',
  TOO_MANY_PAGES: 'TOO_MANY_PAGES',
  NOT_DOCX: 'NOT_DOCX',
  /** BAD_USER_INPUT with `what`, `limit` and `count`: more lines, paragraphs, nodes or list items than an import accepts. */
  TOO_MANY_LINES: 'TOO_MANY_LINES',
  TOO_MANY_PARAGRAPHS: 'TOO_MANY_PARAGRAPHS',
  TOO_MANY_NODES: 'TOO_MANY_NODES',
  TOO_MANY_ITEMS: 'TOO_MANY_ITEMS',
  /** TOO_LARGE with `limit` (and `count`, `part` where they apply): a size or work budget of an import. */
  FILE_TOO_LARGE: 'FILE_TOO_LARGE',
  ZIP_TOO_MANY_ENTRIES: 'ZIP_TOO_MANY_ENTRIES',
  PART_TOO_LARGE: 'PART_TOO_LARGE',
  PART_LARGER_THAN_DECLARED: 'PART_LARGER_THAN_DECLARED',
  INFLATED_TOO_LARGE: 'INFLATED_TOO_LARGE',
  IMPORT_TIMEOUT: 'IMPORT_TIMEOUT',
  IMPORT_MEMORY: 'IMPORT_MEMORY',
  /** BUSY with `workers` and `queue`: the import queue is full. */
  IMPORT_QUEUE_FULL: 'IMPORT_QUEUE_FULL',
  /** BUSY: every PDF conversion slot and waiting place is taken. */
  PDF_QUEUE_FULL: 'PDF_QUEUE_FULL',
  /** INVALID_STATE: the plan that ordered the report is no longer in force (revoked): nothing is submitted. */
  PLAN_REVOKED: 'PLAN_REVOKED',
  /**
   * BAD_USER_INPUT (`field: overrideNote`): a figure differs from the sum the units below reported
   * (`sumFromBelow`, `value`); an override needs a note saying why.
   */
  OVERRIDE_NOTE_REQUIRED: 'OVERRIDE_NOTE_REQUIRED',
  /** BAD_USER_INPUT (`field` the figure's): not a non-negative number of at most 10^12 (`limit`). */
  FIGURE_INVALID: 'FIGURE_INVALID',
  /** BAD_USER_INPUT (`field: periodStart | periodEnd`): the report's period lies outside the plan's (`planPeriodStart`, `planPeriodEnd`). */
  PERIOD_OUTSIDE_PLAN: 'PERIOD_OUTSIDE_PLAN',
  /** BAD_USER_INPUT (`field: targetId`): the unit reports on no such target for this obligation. */
  TARGET_NOT_REPORTED: 'TARGET_NOT_REPORTED',
  /**
   * The figures table as .xlsx (importReportFigures, docs/REPORTS.md "Figures as a spreadsheet"):
   * BAD_USER_INPUT with `field: file` and, where a cell is at fault, `sheet`, `cell` ("D7") and
   * `value`. FIGURE_INVALID, TARGET_NOT_REPORTED and OVERRIDE_NOTE_REQUIRED above name the cell
   * the same way; the sizes of the zip are the import's (FILE_TOO_LARGE, PART_TOO_LARGE …).
   * NOT_XLSX: not an .xlsx workbook (an old .xls, a CSV, a broken file).
   */
  NOT_XLSX: 'NOT_XLSX',
  /** No sheet holds a table with an "Đơn vị" column and target columns under it. */
  XLSX_NO_TABLE: 'XLSX_NO_TABLE',
  /** Several sheets hold a table and none is this report's (its "Mã báo cáo"): `sheets`. */
  XLSX_SHEET_AMBIGUOUS: 'XLSX_SHEET_AMBIGUOUS',
  /** A row names no unit of the report (its own unit, or a unit below owing a report into it). */
  XLSX_UNKNOWN_UNIT: 'XLSX_UNKNOWN_UNIT',
  /** A row holds figures but names no unit. */
  XLSX_UNIT_MISSING: 'XLSX_UNIT_MISSING',
  /** A column names no target of the plan, or is not one of the table's own columns. */
  XLSX_UNKNOWN_TARGET: 'XLSX_UNKNOWN_TARGET',
  /** A unit named on two rows (`rows`), or a target's figure in two columns. */
  XLSX_DUPLICATE_ROW: 'XLSX_DUPLICATE_ROW',
  XLSX_DUPLICATE_COLUMN: 'XLSX_DUPLICATE_COLUMN',
  /** A note longer than a figure's override note may be (`limit`). */
  XLSX_TEXT_TOO_LONG: 'XLSX_TEXT_TOO_LONG',
  /** More rows or columns than a figures table holds (`limit`, `count`). */
  XLSX_TOO_LARGE: 'XLSX_TOO_LARGE',
  /** CONFLICT: the changes an import would apply now differ from those its preview showed (`previewDigest`). */
  IMPORT_PREVIEW_STALE: 'IMPORT_PREVIEW_STALE',
  /**
   * INVALID_STATE: the obligation was closed (its milestone removed by an amendment, its unit
   * dissolved before the due date: `closedReason`, `closedOn`); nothing more is written on it.
   */
  OBLIGATION_CLOSED: 'OBLIGATION_CLOSED',
  /** INVALID_STATE: a periodic milestone recurs more than `limit` times over the plan's period (`milestoneId`, `recurrence`). */
  TOO_MANY_PERIODS: 'TOO_MANY_PERIODS',
  /** BAD_USER_INPUT (`field: agencyId`): the agency is not one of the user's unit (or does not exist). */
  AGENCY_NOT_OF_UNIT: 'AGENCY_NOT_OF_UNIT',
} as const;
export type Reason = (typeof Reason)[keyof typeof Reason];

/**
 * The one map from error code to HTTP status, used by GraphQL (core/http.ts graphqlHttpStatus)
 * and by plain routes (sendHttpError). A few reasons need a status of their own.
 */
export const HTTP_STATUS: Record<ErrorCode, number> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  BAD_USER_INPUT: 400,
  CONFLICT: 409,
  INVALID_STATE: 409,
  TOO_MANY_ATTEMPTS: 429,
  TOO_LARGE: 413,
  BUSY: 503,
  INTERNAL_SERVER_ERROR: 500,
};
export const HTTP_STATUS_BY_REASON: Partial<Record<Reason, number>> = {
  // The server lacks LibreOffice: not the caller's mistake.
  [Reason.PDF_UNAVAILABLE]: 503,
  [Reason.BODY_TOO_LARGE]: 413,
};

export function httpStatusOf(code: unknown, reason?: unknown): number {
  const byReason = typeof reason === 'string' ? HTTP_STATUS_BY_REASON[reason as Reason] : undefined;
  if (byReason) return byReason;
  return HTTP_STATUS[code as ErrorCode] ?? 500;
}
