/**
 * The import report: what the importer could not place, match or be sure of. The text is always
 * kept; the report says where and why, each warning with a stable code so that the portal can ask
 * the right question (docs/ARCHITECTURE.md, "Documents").
 */

export const ImportWarningCodes = [
  /** No "KẾ HOẠCH" line: the header is empty and everything is body. */
  'NO_KIND_LINE',
  /** Lines above the kind line that are no part of a header (not upper case, or a second number or date): kept at the start of the preamble. */
  'HEADER_UNSURE',
  /** The header's date line names no real date ("ngày 31 tháng 2 năm 2024"). */
  'HEADER_DATE_INVALID',
  /** The plan is attached to a decision ("QUYẾT ĐỊNH … Ban hành Kế hoạch …"): number and date are the decision's, its text opens the preamble. */
  'ISSUED_BY_DECISION',
  /** The document cites its own number: never its own parent. */
  'SELF_CITATION',
  /** The preamble names no legal basis. */
  'NO_LEGAL_BASIS',
  /** No "Nơi nhận:" block. */
  'NO_RECIPIENTS',
  /** A label glued to its text ("1.Công tác"). */
  'LABEL_WITHOUT_SPACE',
  /** A target's allocations do not add up to its total. */
  'ALLOCATION_SUM',
  /** Text after the signer's name, or a signer name that looks unusual. */
  'SIGNATURE_UNUSUAL',
  /** A message of the .docx reader (an unknown style, an unsupported element). */
  'DOCX_READER',
  /** Tracked changes not yet accepted or rejected: read as if accepted. */
  'TRACKED_CHANGES',
  /** A row of an allocation table whose unit name matches no unit below the importing one. */
  'ALLOCATION_UNIT_UNKNOWN',
  /** A PDF line order that may not be the reading order (columns, text boxes). */
  'PDF_LAYOUT',
  /** The unit already has a plan from the cited parent: imported as a plan of its own. */
  'PARENT_TAKEN',
  /** Only part of the nodes were compared with the parent plan's. */
  'PARENT_LINK_PARTIAL',
] as const;
export type ImportWarningCode = (typeof ImportWarningCodes)[number];

export interface ImportWarning {
  code: ImportWarningCode;
  /** In English, for logs and the command line; the portal words a warning by its code and values. */
  message: string;
  /**
   * The figures and quoted text of the message, in order (the stray header lines, the date line,
   * the counts of tracked changes…): what the portal puts into its own wording of the code.
   */
  values: string[];
}

/** What the importer could not place or understand: the text is kept, the report says where. */
export interface ImportReport {
  unclassified: { nodeKey: string; text: string; reason: string }[];
  /** Agencies named in tasks and targets whose sector could not be guessed. */
  unknownAgencies: string[];
  warnings: ImportWarning[];
}

export const warning = (code: ImportWarningCode, message: string, values: (string | number)[] = []): ImportWarning => ({
  code,
  message,
  values: values.map(String),
});
