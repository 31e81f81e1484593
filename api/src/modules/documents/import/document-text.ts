import type { PlanDocument } from '../../plans/plan-document.js';
import { footerLines, headerLines } from './header-footer.js';

/**
 * The whole text of a document in reading order: header and title, preamble, every node (label
 * and text), recipients and signature. With `normaliseForComparison` it proves the importer
 * lost nothing: the text of the parsed document equals the source.
 */
export function documentText(doc: PlanDocument): string {
  const lines: string[] = [...headerLines(doc.header)];
  if (doc.preamble) lines.push(doc.preamble);
  for (const n of doc.nodes) lines.push(n.label ? `${n.label} ${n.text}`.trimEnd() : n.text);
  lines.push(...footerLines(doc.recipients, doc.signature));
  return lines.join('\n');
}
