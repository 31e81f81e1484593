import type { AgencyRef, PlanDocument, DocNode, TaskFacts } from '../../plans/plan-document.js';
import { isGenericGroup, readSubject, agencyRef } from './agencies.js';
import {
  PREAMBLE_OPENER,
  RULE_LINE,
  findHead,
  isPartySymbol,
  headerCells,
  isMotto,
  numberLine,
  parseFooterLines,
  parseHeaderLines,
  startsFooter,
} from './header-footer.js';
import { labelRank } from './labels.js';
import { IMPORT_LIMITS, tooMany, type ImportLimits } from './limits.js';
import { paragraphs, wrapWidth, type Paragraph, type SourceLine } from './paragraphs.js';
import { CAMPAIGN_KEY, findMilestones, findPhases } from './phases.js';
import { citedNumber, legalBases } from './references.js';
import { warning, type ImportReport } from './report.js';
import { tableTargets } from './tables.js';
import { TargetFinder } from './targets.js';
import { brackets, cooperationAtStart, ownTaskFacts, readFieldBullet } from './tasks.js';
import { cleanLine, sourceLines, trimTrailing } from './text-normalise.js';
import { NodeTree } from './tree.js';

export type { ImportReport } from './report.js';

export interface ParsedPlan {
  document: PlanDocument;
  report: ImportReport;
}

export interface ParseOptions {
  limits?: Pick<ImportLimits, 'maxLines' | 'maxNodes' | 'maxItems'>;
  /** Filled with the work done, for tests that hold the parser to linear work. */
  work?: { treeVisits: number; headerCells?: number };
}

/**
 * Parses a plan given as plain text (the form of the seeds, or of `docxToText`) into the
 * document model. Every character of the source (but markup and whitespace) ends up in exactly
 * one place of the document, in order: see `documentText`.
 *
 * The work is linear in the text: no step rescans the rest of the text or of a paragraph for
 * each line, node or match (see tree.ts, targets.ts), and inputs beyond IMPORT_LIMITS are
 * refused before the work that grows with them.
 */
export function parsePlanText(source: string, opts: ParseOptions = {}): ParsedPlan {
  const limits = opts.limits ?? IMPORT_LIMITS;
  const lineCount = countLines(source);
  if (lineCount > limits.maxLines) throw tooMany('TOO_MANY_LINES', 'lines', limits.maxLines, lineCount);
  const report: ImportReport = { unclassified: [], unknownAgencies: [], warnings: [] };
  // Rules drawn with characters ("-------", "______", "***") are layout, never text.
  const lines: SourceLine[] = sourceLines(source).map((raw, i) => {
    const text = cleanLine(raw);
    return { text: RULE_LINE.test(text) ? '' : text, line: i + 1 };
  });
  const wrap = wrapWidth(lines.map((l) => l.text));

  const { kindAt, decisionAt } = findHead(lines);
  if (kindAt < 0) report.warnings.push(warning('NO_KIND_LINE', 'No document kind line ("KẾ HOẠCH") found: the header is empty'));
  let footerAt = lines.findIndex((l, i) => i > kindAt && startsFooter(l.text));
  if (footerAt < 0) footerAt = lines.length;

  const headEnd = decisionAt >= 0 ? decisionAt : Math.max(kindAt, 0);
  const {
    header,
    stray,
    warnings: headerWarnings,
  } = parseHeaderLines(
    lines.slice(0, headEnd).map((l) => l.text),
    opts.work,
  );
  report.warnings.push(...headerWarnings);
  // A plan attached to a decision: the decision's header is the plan's (its number and date
  // issue the plan); the decision's own text, kept line by line, opens the preamble.
  const decisionText =
    decisionAt >= 0
      ? headerCells(
          lines.slice(decisionAt, kindAt).map((l) => l.text),
          opts.work,
        ).filter((c) => !isMotto(c))
      : [];
  if (decisionAt >= 0) {
    const number = header.symbol ? ` ${numberLine(header.number, header.symbol)}` : '';
    report.warnings.push(
      warning(
        'ISSUED_BY_DECISION',
        `The plan is attached to a decision${number}: its number and date are the decision's, and the decision's text opens the preamble`,
        [number.trim()],
      ),
    );
  }

  const paras = paragraphs(lines.slice(kindAt + 1, footerAt), {
    wrap,
    forceBreak: (line, index) => kindAt >= 0 && index === 0 && PREAMBLE_OPENER.test(line),
  });
  const title = kindAt >= 0 && paras.length > 0 ? fullText(paras.shift()!) : '';
  const bodyAt = paras.findIndex((p) => p.label?.kind === 'SECTION' || p.label?.kind === 'ITEM');
  const preambleParas = bodyAt < 0 ? paras : paras.slice(0, bodyAt);
  const bodyParas = bodyAt < 0 ? [] : paras.slice(bodyAt);
  const preamble = [...stray, ...decisionText, ...preambleParas.map(fullText)].join('\n');

  if (bodyParas.length > limits.maxNodes) throw tooMany('TOO_MANY_NODES', 'nodes', limits.maxNodes, bodyParas.length);

  const nodes = buildNodes(bodyParas, report);
  const tree = new NodeTree(nodes);
  const phases = findPhases(tree);
  const campaignKey = phases.some((p) => p.key === CAMPAIGN_KEY) ? CAMPAIGN_KEY : null;
  assignTasks(tree, campaignKey);
  const { targets, warnings: targetWarnings } = new TargetFinder(tree, phases).find();
  for (const w of targetWarnings) report.warnings.push(warning('ALLOCATION_SUM', w.message, w.values));
  const fromTables = tableTargets(nodes);
  for (const t of fromTables.targets) targets.push({ key: `t${targets.length + 1}`, ...t });
  report.warnings.push(...fromTables.warnings);

  const footer = parseFooterLines(lines.slice(footerAt).map((l) => l.text));
  report.warnings.push(...footer.warnings);
  if (!footer.hasRecipientsLine) report.warnings.push(warning('NO_RECIPIENTS', 'No "Nơi nhận:" block found'));

  const document: PlanDocument = {
    header: { ...header, documentKind: kindAt >= 0 ? lines[kindAt].text.replace(/^[|\s]+|[|\s]+$/g, '') : '', title },
    preamble,
    legalBases: [],
    nodes,
    phases,
    targets,
    milestones: findMilestones(tree),
    recipients: footer.recipients,
    signature: footer.signature,
  };
  // Paragraph by paragraph: a citation never runs over two, and a line kept from the header or a
  // decision's heading must not hide the citation that follows it.
  const bases = preamble.split('\n').flatMap((p) => legalBases(p));
  document.legalBases = ownCitationsDropped(bases, header, report);
  if (document.legalBases.length === 0 && preamble !== '')
    report.warnings.push(warning('NO_LEGAL_BASIS', 'The preamble cites no legal basis'));
  checkItems(document, limits.maxItems);
  reportAgencies(document, report);
  reportFragments(tree, report);
  if (opts.work) opts.work.treeVisits = tree.visits;
  return { document, report };
}

/**
 * A citation of the document itself (its number, "01/KH-UBND" in the header and "1/KH-UBND"
 * cited alike, and its date) is no basis of it, and never its parent: dropped from the bases
 * (the text stays) and reported. The same number and symbol of another date is another plan
 * (every level numbers its "KH-UBND" plans from 1 each year).
 */
function ownCitationsDropped(
  bases: PlanDocument['legalBases'],
  header: { number: string | null; symbol: string | null; issuedDate: string | null },
  report: ImportReport,
) {
  if (!header.number || !header.symbol) return bases;
  const own = citedNumber(isPartySymbol(header.symbol) ? `${header.number}-${header.symbol}` : `${header.number}/${header.symbol}`);
  return bases.filter((b) => {
    const cited = b.number ? citedNumber(b.number) : null;
    if (!own || !cited || cited.number !== own.number || cited.symbol !== own.symbol || b.date !== header.issuedDate) return true;
    report.warnings.push(
      warning('SELF_CITATION', `The document cites its own number ${b.number}: not taken as a basis or parent`, [b.number ?? '']),
    );
    return false;
  });
}

/** Line breaks (\r\n, \r or \n) plus one, counted before anything is split. */
function countLines(source: string): number {
  let n = 1;
  for (let i = source.indexOf('\n'); i >= 0; i = source.indexOf('\n', i + 1)) n++;
  for (let i = source.indexOf('\r'); i >= 0; i = source.indexOf('\r', i + 1)) if (source[i + 1] !== '\n') n++;
  return n;
}

/** Every list of the document within the limit: each becomes rows to write. */
function checkItems(doc: PlanDocument, limit: number): void {
  const lists: [string, number][] = [
    ['legal bases', doc.legalBases.length],
    ['targets', doc.targets.length],
    ['allocations', doc.targets.reduce((n, t) => n + t.allocations.length, 0)],
    ['phases', doc.phases.length],
    ['milestones', doc.milestones.length],
    ['recipients', doc.recipients.length],
  ];
  for (const [what, count] of lists) if (count > limit) throw tooMany('TOO_MANY_ITEMS', what, limit, count);
}

function fullText(p: Paragraph): string {
  return p.label ? `${p.label.label} ${p.text}`.trim() : p.text;
}

/**
 * The tree: a labelled node hangs under the nearest node above it of a lower rank ("2.1." under
 * "2.", "a)" under "2."); bullets and plain paragraphs hang under the nearest ranked node, and
 * a "+" bullet under the "-" bullet above it.
 */
function buildNodes(paras: Paragraph[], report: ImportReport): DocNode[] {
  const nodes: DocNode[] = [];
  const ranked: { node: DocNode; rank: number }[] = [];
  let dash: DocNode | null = null;
  for (const p of paras) {
    const kind = p.table ? 'TABLE' : (p.label?.kind ?? 'PARAGRAPH');
    const label = p.label?.label ?? null;
    const node: DocNode = { key: `n${nodes.length + 1}`, parentKey: null, kind, label, text: p.text, task: null };
    const rank = labelRank(kind, label);
    if (rank !== null) {
      while (ranked.length > 0 && ranked[ranked.length - 1].rank >= rank) ranked.pop();
      node.parentKey = ranked.at(-1)?.node.key ?? null;
      ranked.push({ node, rank });
      dash = null;
    } else {
      const top = ranked.at(-1)?.node ?? null;
      node.parentKey = label === '+' && dash && dash.parentKey === (top?.key ?? null) ? dash.key : (top?.key ?? null);
      if (kind === 'BULLET' && label !== '+') dash = node;
    }
    if (p.label?.missingSpace) {
      report.warnings.push(
        warning('LABEL_WITHOUT_SPACE', `Line ${p.line}: no space after the label "${label}" (one is added on output)`, [
          p.line ?? '',
          label ?? '',
        ]),
      );
    }
    nodes.push(node);
  }
  return nodes;
}

const HEADING_KINDS = new Set(['SECTION', 'ITEM', 'POINT']);

/**
 * Task facts: the node's own statement first; then a heading that is only an agency
 * ("1. Công an tỉnh") or assigns its children ("a) Công an phường chủ trì, phối hợp …") passes
 * its lead to the children that name none; field bullets ("Đơn vị chủ trì: …") fill their
 * heading; a bracket paragraph "(X chủ trì … thực hiện thường xuyên)." assigns the siblings above.
 */
function assignTasks(tree: NodeTree, campaignKey: string | null): void {
  const ctx = { campaignKey };
  const fieldBullets = new Set<string>();
  for (const node of tree.nodes) {
    if (node.kind === 'TABLE') continue; // a table's cells are no task statement
    const field = node.kind === 'BULLET' ? readFieldBullet(node.text) : null;
    if (field && node.parentKey) {
      fieldBullets.add(node.key);
      const parent = tree.get(node.parentKey);
      const task = (parent.task ??= { lead: [], cooperating: [], timing: null });
      if (field.field === 'lead') task.lead.push(...field.names.map(agencyRef));
      else if (field.field === 'cooperating') task.cooperating.push(...field.names.map(agencyRef));
      else task.timing = ownTaskFacts(node.text, ctx)?.timing ?? task.timing;
      continue;
    }
    const heading = HEADING_KINDS.has(node.kind) ? readSubject(node.text, { whole: true }) : null;
    if (heading) {
      node.task = { lead: heading.names.map(agencyRef), cooperating: [], timing: ownTaskFacts(node.text, ctx)?.timing ?? null };
      continue;
    }
    node.task = mergeTask(node.task, ownTaskFacts(node.text, ctx));
  }
  // The nearest ancestor that assigns its children, in document order: a parent comes before
  // its children and has its final task facts after its own turn, so the parent's answer is
  // reused instead of walking up the whole chain for every node.
  const assigning = new Map<string, DocNode | null>();
  for (const node of tree.nodes) {
    const parent = node.parentKey ? tree.get(node.parentKey) : null;
    assigning.set(node.key, parent ? (assignsChildren(parent) ? parent : assigning.get(parent.key)!) : null);
    if (node.kind === 'TABLE' || fieldBullets.has(node.key) || (node.task?.lead.length ?? 0) > 0) continue;
    const from = assigning.get(node.key);
    if (!from?.task) continue;
    const own = node.task;
    const cooperating = own?.cooperating.length ? own.cooperating : cooperationAtStart(node.text);
    node.task = {
      lead: from.task.lead.map(copyRef),
      cooperating: cooperating.length ? cooperating : from.task.cooperating.map(copyRef),
      timing: own?.timing ?? null,
    };
  }
  for (const node of tree.nodes) {
    if (node.kind !== 'PARAGRAPH' || !isBracketOnly(node.text) || !node.task?.lead.length) continue;
    for (const sibling of tree.previousSiblings(node.key)) {
      if (sibling.kind === 'PARAGRAPH' && isBracketOnly(sibling.text) && sibling.task?.lead.length) break;
      if (sibling.kind !== 'BULLET' && sibling.kind !== 'PARAGRAPH') break;
      if (sibling.task?.lead.length) continue;
      sibling.task = {
        lead: node.task.lead.map(copyRef),
        cooperating: node.task.cooperating.map(copyRef),
        timing: sibling.task?.timing ?? node.task.timing,
      };
    }
  }
}

/**
 * A heading that assigns its children: it names a lead and is a heading, not a sentence
 * ("1. Công an tỉnh", "a) Công an phường chủ trì, phối hợp với các phòng, ban phường"); an item
 * that is itself a whole task ("4. Giao Công an tỉnh chủ trì theo dõi … ." ) assigns nothing.
 */
function assignsChildren(node: DocNode): boolean {
  return HEADING_KINDS.has(node.kind) && (node.task?.lead.length ?? 0) > 0 && !/[.!?…]$/u.test(node.text);
}

function mergeTask(a: TaskFacts | null, b: TaskFacts | null): TaskFacts | null {
  if (!a) return b;
  if (!b) return a;
  return { lead: [...a.lead, ...b.lead], cooperating: [...a.cooperating, ...b.cooperating], timing: b.timing ?? a.timing };
}

const copyRef = (r: AgencyRef): AgencyRef => ({ ...r });

/** "(Sở Y tế chủ trì phối hợp … thực hiện trong cao điểm và thường xuyên)." */
function isBracketOnly(text: string): boolean {
  const t = trimTrailing(text, /[.;]/).trim();
  return t.startsWith('(') && t.endsWith(')') && brackets(t).length === 1;
}

function reportAgencies(doc: PlanDocument, report: ImportReport): void {
  const unknown = new Set<string>();
  const consider = (r: AgencyRef | null | undefined) => {
    if (r && r.sector === null && !isGenericGroup(r.name)) unknown.add(r.name);
  };
  for (const n of doc.nodes) for (const r of [...(n.task?.lead ?? []), ...(n.task?.cooperating ?? [])]) consider(r);
  for (const t of doc.targets) consider(t.responsible);
  report.unknownAgencies = [...unknown];
}

/**
 * A plain paragraph of a few words that ends no sentence and holds nothing is a fragment the
 * parser cannot place (the stray "Đánh" above "Nơi nhận" in the Dương Quang seed). It stays in
 * the tree where it stood and is reported.
 */
function reportFragments(tree: NodeTree, report: ImportReport): void {
  for (const n of tree.nodes) {
    if (n.kind !== 'PARAGRAPH' || n.task || tree.children(n.key).length > 0) continue;
    const words = n.text.split(/\s+/).filter(Boolean).length;
    if (words < 4 && !/[.:!?…)]$/u.test(n.text)) {
      report.unclassified.push({ nodeKey: n.key, text: n.text, reason: 'Fragment: a few words that end no sentence' });
    }
  }
}
