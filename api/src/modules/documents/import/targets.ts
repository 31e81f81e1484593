import type { AgencyRef, Comparator, Phase, DocNode, Target, TargetAllocation } from '../../plans/plan-document.js';
import { agencyRef, readSubject, type Subject } from './agencies.js';
import { dateRange, CAMPAIGN_KEY, type DateRange } from './phases.js';
import { endOfWords, trimTrailing } from './text-normalise.js';
import type { NodeTree } from './tree.js';

/**
 * Quantitative targets (chỉ tiêu). Numbers are everywhere in a plan ("02 cửa khẩu phụ", "năm
 * 2024"), so only these shapes count:
 * - "ít nhất N <unit>" anywhere ("ít nhất 10 buổi", "ít nhất 50%");
 * - inside a targets context (a section "MỤC TIÊU, CHỈ TIÊU", a heading "Chỉ tiêu …", "Lộ trình …",
 *   a "Mục tiêu:" paragraph): "N%", "X: N vụ." and allocation lists
 *   "thành phố Lào Cai: 45 vụ; thị xã Sa Pa: 10 vụ; …", with a total when the text gives one
 *   ("Các huyện, thị xã, thành phố 160 vụ, cụ thể: …").
 */

// Longer units first: "lần/ngày" before "lần", "lượt người" before "người".
const UNITS = 'đối tượng|lần/ngày|lượt người|người|buổi|vụ|cuộc|lần|lượt|hồ sơ|đợt|lớp|tin bài|mô hình|câu lạc bộ|tổ|xã|cơ sở|trường';
const UNIT = `(?:${UNITS.replace(/ /g, '\\s+')})(?![\\p{L}])`;
const NUMBER = String.raw`(\d{1,6}(?:[.,]\d+)?)`;
const AT_LEAST = new RegExp(`ít nhất\\s+${NUMBER}\\s*(%|${UNIT}|[\\p{L}/]+)`, 'giu');
const PERCENT = new RegExp(`${NUMBER}\\s*%`, 'gu');
const TOTAL_THEN_LIST = new RegExp(`^(.*?)\\s*${NUMBER}\\s+(${UNIT})\\s*,?\\s*cụ thể\\s*:\\s*(.+)$`, 'iu');
const ALLOCATION = new RegExp(`^(.{1,80}?)\\s*:\\s*${NUMBER}\\s*(${UNIT})?\\s*\\.?$`, 'u');
const TARGET_CONTEXT = /^(?:Mục tiêu|Chỉ tiêu|Lộ trình)/iu;
const TARGET_SECTION = /MỤC TIÊU|CHỈ TIÊU/u;

type Draft = Omit<Target, 'key'> & { at: number };

const value = (s: string) => Number(s.replace(',', '.'));

function comparatorBefore(text: string, index: number): Comparator {
  const before = text.slice(Math.max(0, index - 25), index);
  if (/(?:ít nhất|tối thiểu|không dưới|phấn đấu(?:\s+đạt)?)\s*$/iu.test(before)) return 'AT_LEAST';
  if (/(?:tối đa|không quá|không vượt quá)\s*$/iu.test(before)) return 'AT_MOST';
  return 'EXACT';
}

/** What a number counts: the words after it, up to the end of its clause. */
function metricAfter(text: string, from: number, percent: boolean): string {
  // Only the first 30 words are kept: reading 40 gives the same metric as reading to the clause's
  // end, without rescanning the rest of a long paragraph for each of its numbers.
  let rest = text.slice(from, endOfWords(text, from, 40));
  const stop = percent ? /[;.()]|,\s*\d|\s+và\s/u : /[;.()]|,\s*\d/u;
  const end = rest.search(stop);
  if (end >= 0) rest = rest.slice(0, end);
  const words = rest
    .replace(/…|\.\.\.$/u, '')
    .split(/\s+/)
    .filter(Boolean);
  const limit = 30;
  let metric = words.slice(0, limit).join(' ');
  // Cut too long: end at the last list boundary rather than in the middle of a phrase.
  if (words.length > limit) {
    const cut = Math.max(metric.lastIndexOf(','), metric.lastIndexOf(' và '));
    if (cut > 0) metric = metric.slice(0, cut);
  }
  return trimTrailing(metric, /[\s,;:]/);
}

export class TargetFinder {
  private readonly drafts: Draft[] = [];
  // Answers about a node's surroundings, each computed once per node (see NodeTree).
  private readonly memo = {
    context: new Map<string, true | null>(),
    range: new Map<string, DateRange | null>(),
    ancestorMetric: new Map<string, string | null>(),
    siblingMetric: new Map<string, string | null>(),
    phase: new Map<string, string | null>(),
    saysCampaign: new Map<string, true | null>(),
    siblingSaysCampaign: new Map<string, true | null>(),
  };
  private readonly phaseAt = new Map<string, string>();
  private readonly hasCampaign: boolean;

  constructor(
    private readonly tree: NodeTree,
    private readonly phases: Phase[],
  ) {
    for (const p of phases)
      if (p.key !== CAMPAIGN_KEY && p.nodeKey !== null && !this.phaseAt.has(p.nodeKey)) this.phaseAt.set(p.nodeKey, p.key);
    this.hasCampaign = phases.some((p) => p.key === CAMPAIGN_KEY);
  }

  find(): { targets: Target[]; warnings: { message: string; values: (string | number)[] }[] } {
    // Tables are read by tables.ts, cell by cell.
    for (const node of this.tree.nodes) if (node.kind !== 'TABLE') this.fromNode(node);
    const warnings: { message: string; values: (string | number)[] }[] = [];
    const targets = this.drafts.map(({ at: _at, ...t }, i) => ({ key: `t${i + 1}`, ...t }));
    for (const t of targets) {
      if (t.value === null || t.allocations.length === 0) continue;
      const sum = t.allocations.reduce((s, a) => s + a.value, 0);
      if (sum !== t.value) {
        warnings.push({
          message: `Target ${t.key} (${t.metric}): allocations sum to ${sum}, the total is ${t.value}`,
          values: [t.metric, sum, t.value],
        });
      }
    }
    return { targets, warnings };
  }

  private inTargetContext(node: DocNode): boolean {
    const own = (n: DocNode) => (TARGET_CONTEXT.test(n.text) || (n.kind === 'SECTION' && TARGET_SECTION.test(n.text)) ? true : null);
    return this.tree.nearestOnChain(node.key, this.memo.context, own) ?? false;
  }

  private fromNode(node: DocNode): void {
    const text = node.text;
    const context = this.inTargetContext(node);
    const where = new NodePositions(text);

    if (context) {
      const list = this.allocationList(node);
      if (list) {
        // The list takes the whole text: no other number of it is a target.
        this.drafts.push(list.draft);
        return;
      }
    }
    const taken: [number, number][] = [];
    for (const m of text.matchAll(AT_LEAST)) {
      const numberAt = m.index + m[0].indexOf(m[1]);
      const unit = m[2];
      this.push(node, where, numberAt, value(m[1]), unit, 'AT_LEAST', metricAfter(text, m.index + m[0].length, unit === '%'));
      taken.push([m.index, m.index + m[0].length]);
    }
    if (!context) return;
    // Matches come in text order: one pointer walks the taken spans.
    let t = 0;
    for (const m of text.matchAll(PERCENT)) {
      while (t < taken.length && taken[t][1] <= m.index) t++;
      if (t < taken.length && taken[t][0] <= m.index) continue;
      const cmp = comparatorBefore(text, m.index);
      this.push(node, where, m.index, value(m[1]), '%', cmp, metricAfter(text, m.index + m[0].length, true));
    }
  }

  /** "X: N vụ." alone, "X N vụ, cụ thể: A: n; B: n", or "…: A: n đối tượng; B: n đối tượng". */
  private allocationList(node: DocNode): { draft: Draft } | null {
    const text = node.text;
    const single = ALLOCATION.exec(text);
    if (single && single[3] && !text.slice(0, single[1].length).includes(':')) {
      return { draft: this.draft(node, 0, value(single[2]), single[3], 'EXACT', '', agencyRef(single[1].trim()), []) };
    }
    const total = TOTAL_THEN_LIST.exec(text);
    if (total) {
      const allocations = readAllocations(total[4]);
      if (allocations.length >= 2) {
        const who = total[1].trim();
        return {
          draft: this.draft(
            node,
            0,
            value(total[2]),
            total[3],
            'EXACT',
            '',
            who ? agencyRef(who) : null,
            allocations.map((a) => a.allocation),
          ),
        };
      }
    }
    const colon = text.indexOf(':');
    if (colon < 0) return null;
    const allocations = readAllocations(text.slice(colon + 1));
    if (allocations.length < 2) return null;
    const unit = allocations[0].unit ?? '';
    const intro = text.slice(0, colon).trim();
    return {
      draft: this.draft(
        node,
        0,
        null,
        unit,
        'EXACT',
        intro,
        null,
        allocations.map((a) => a.allocation),
      ),
    };
  }

  private push(node: DocNode, where: NodePositions, at: number, v: number, unit: string, cmp: Comparator, metric: string) {
    this.drafts.push(this.draft(node, at, v, unit, cmp, metric, this.responsibleAt(node, where, at), [], where));
  }

  private draft(
    node: DocNode,
    at: number,
    v: number | null,
    unit: string,
    comparator: Comparator,
    metric: string,
    responsible: AgencyRef | null,
    allocations: TargetAllocation[],
    where: NodePositions = new NodePositions(node.text),
  ): Draft {
    const { start, end, year } = this.periodOf(node, where, at);
    return {
      at,
      nodeKey: node.key,
      metric: metric || this.contextMetric(node),
      unitOfMeasure: unit,
      comparator,
      value: v,
      periodStart: start,
      periodEnd: end,
      phaseKey: this.phaseOf(node),
      year,
      responsible,
      allocations,
    };
  }

  /** The agency the clause holding the number begins with ("Tỉnh đoàn tổ chức ít nhất 10 buổi"). */
  private responsibleAt(node: DocNode, where: NodePositions, at: number): AgencyRef | null {
    const clauseStart = where.lastSemicolonAtOrBefore(at) + 1;
    const subject = where.subjectAt(clauseStart);
    if (subject && subject.verb !== null) return agencyRef(subject.names.join(', '));
    return node.task?.lead[0] ?? null;
  }

  /** "Chỉ tiêu phát hiện, bắt giữ, khởi tố trong cao điểm:" above, or the "2.1. Chỉ tiêu …" heading. */
  private contextMetric(node: DocNode): string {
    const above = this.tree.nearestPreviousSibling(node.key, this.memo.siblingMetric, (s) =>
      s.kind === 'PARAGRAPH' ? metricIntroduction(s.text) : null,
    );
    if (above !== null) return stripCampaign(above);
    const heading = node.parentKey
      ? this.tree.nearestOnChain(node.parentKey, this.memo.ancestorMetric, (a) => metricHeading(a.text))
      : null;
    return heading === null ? '' : stripCampaign(heading);
  }

  private phaseOf(node: DocNode): string | null {
    // Phases are in document order, ancestors before descendants: the first phase on the chain
    // is the one nearest the root.
    const phase = this.tree.topmostOnChain(node.key, this.memo.phase, (n) => this.phaseAt.get(n.key) ?? null);
    if (phase) return phase;
    if (!this.hasCampaign) return null;
    const saysCampaign =
      this.tree.nearestOnChain(node.key, this.memo.saysCampaign, (n) => (CAMPAIGN_WORDS.test(n.text) ? true : null)) ??
      this.tree.nearestPreviousSibling(node.key, this.memo.siblingSaysCampaign, (s) =>
        s.kind === 'PARAGRAPH' && CAMPAIGN_WORDS.test(s.text) ? true : null,
      );
    return saysCampaign ? CAMPAIGN_KEY : null;
  }

  /** Dates from the nearest "từ ngày … đến …" above; the roadmap year from "Năm 2024:" or "đến năm 2025". */
  private periodOf(node: DocNode, where: NodePositions, at: number): { start: string | null; end: string | null; year: number | null } {
    const range = this.tree.nearestOnChain(node.key, this.memo.range, (n) => dateRange(n.text));
    const start = range?.start ?? null;
    const end = range?.end ?? null;
    const step = /^Năm\s+(\d{4})\s*:/u.exec(node.text);
    if (step) return { start, end, year: Number(step[1]) };
    const span = /^Giai đoạn\s+(\d{4})\s*[-–]\s*(\d{4})\s*:/u.exec(node.text);
    if (span) return { start: `${span[1]}-01-01`, end: `${span[2]}-12-31`, year: Number(span[2]) };
    return { start, end, year: where.untilYearBefore(at) };
  }
}

const CAMPAIGN_WORDS = /trong\s+(?:đợt\s+|thực hiện\s+)?cao điểm/iu;
const UNTIL_YEAR = /đến\s+(?:hết\s+)?năm\s+(\d{4})/gu;

/**
 * What one node's text says at a position, for the many numbers of one paragraph: the clause
 * starts (";") and the "đến năm 2025" phrases are found once, the subject of each clause read
 * once; asking the text afresh for each number was quadratic in long paragraphs.
 */
class NodePositions {
  private semicolons: number[] | null = null;
  private untilYears: { end: number; year: number }[] | null = null;
  private readonly subjects = new Map<number, Subject | null>();

  constructor(private readonly text: string) {}

  lastSemicolonAtOrBefore(at: number): number {
    this.semicolons ??= [...this.text.matchAll(/;/g)].map((m) => m.index);
    return this.semicolons[lastAtOrBefore(this.semicolons, at, (i) => i)] ?? -1;
  }

  subjectAt(clauseStart: number): Subject | null {
    if (!this.subjects.has(clauseStart)) this.subjects.set(clauseStart, readSubject(this.text.slice(clauseStart).trim()));
    return this.subjects.get(clauseStart)!;
  }

  /** The year of the last "đến (hết) năm YYYY" that ends before `at`. */
  untilYearBefore(at: number): number | null {
    this.untilYears ??= [...this.text.matchAll(UNTIL_YEAR)].map((m) => ({ end: m.index + m[0].length, year: Number(m[1]) }));
    return this.untilYears[lastAtOrBefore(this.untilYears, at, (y) => y.end)]?.year ?? null;
  }
}

/** Index of the last item whose position is ≤ `at` in a list sorted by position, or -1. */
function lastAtOrBefore<T>(items: T[], at: number, position: (item: T) => number): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (position(items[mid]) <= at) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

/**
 * "Chỉ tiêu phát hiện, bắt giữ trong cao điểm:" — a paragraph whose last clause (after the last
 * ".", ":" or ";") names a metric and ends with a colon; the metric, or null.
 */
function metricIntroduction(text: string): string | null {
  const t = text.trimEnd();
  if (!t.endsWith(':')) return null;
  const body = t.slice(0, -1);
  const clauseStart = Math.max(body.lastIndexOf('.'), body.lastIndexOf(':'), body.lastIndexOf(';')) + 1;
  // The clause holds no ".:;": the first "Chỉ tiêu" in it with anything after it matches.
  const m = /Chỉ tiêu\s+([^.:;]+?)\s*$/u.exec(body.slice(clauseStart));
  return m ? m[1] : null;
}

/** "Chỉ tiêu tuyên truyền phòng, chống ma túy." — a heading that names a metric; the metric, or null. */
function metricHeading(text: string): string | null {
  const m = /^Chỉ tiêu\s+/u.exec(text);
  if (!m) return null;
  const rest = text.slice(m[0].length);
  // As /^Chỉ tiêu\s+(.+?)[\s.:]*$/, without its retries through runs of dots or blanks.
  const metric = trimTrailing(rest, /[\s.:]/);
  return metric === '' ? rest.slice(0, 1) || null : metric;
}

function stripCampaign(s: string): string {
  return s.replace(/\s+trong\s+(?:đợt\s+)?cao điểm$/u, '').trim();
}

/** "thành phố Lào Cai: 45 vụ; thị xã Sa Pa: 10 vụ; …" */
function readAllocations(list: string): { allocation: TargetAllocation; unit: string | null }[] {
  const out: { allocation: TargetAllocation; unit: string | null }[] = [];
  for (const chunk of list.split(/;\s*/u)) {
    const m = ALLOCATION.exec(chunk.trim());
    if (!m) continue;
    out.push({ allocation: { assignee: m[1].trim(), value: value(m[2]) }, unit: m[3] ?? null });
  }
  return out;
}
