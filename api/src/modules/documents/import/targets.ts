import type { AgencyRef, Comparator, Phase, PlanNode, Target, TargetAllocation } from '../../plans/plan-document.js';
import { agencyRef, readSubject } from './agencies.js';
import { dateRange, CAMPAIGN_KEY } from './phases.js';
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
  let rest = text.slice(from);
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
  return metric.replace(/[\s,;:]+$/u, '');
}

export class TargetFinder {
  private readonly drafts: Draft[] = [];

  constructor(
    private readonly tree: NodeTree,
    private readonly phases: Phase[],
  ) {}

  find(): { targets: Target[]; warnings: string[] } {
    for (const node of this.tree.nodes) this.fromNode(node);
    const warnings: string[] = [];
    const targets = this.drafts.map(({ at: _at, ...t }, i) => ({ key: `t${i + 1}`, ...t }));
    for (const t of targets) {
      if (t.value === null || t.allocations.length === 0) continue;
      const sum = t.allocations.reduce((s, a) => s + a.value, 0);
      if (sum !== t.value) warnings.push(`Target ${t.key} (${t.metric}): allocations sum to ${sum}, the total is ${t.value}`);
    }
    return { targets, warnings };
  }

  private inTargetContext(node: PlanNode): boolean {
    return [node, ...this.tree.ancestors(node.key)].some(
      (n) => TARGET_CONTEXT.test(n.text) || (n.kind === 'SECTION' && TARGET_SECTION.test(n.text)),
    );
  }

  private fromNode(node: PlanNode): void {
    const taken: [number, number][] = [];
    const isTaken = (i: number) => taken.some(([a, b]) => i >= a && i < b);
    const text = node.text;
    const context = this.inTargetContext(node);

    if (context) {
      const list = this.allocationList(node);
      if (list) {
        this.drafts.push(list.draft);
        taken.push([0, text.length]);
      }
    }
    for (const m of text.matchAll(AT_LEAST)) {
      if (isTaken(m.index)) continue;
      const numberAt = m.index + m[0].indexOf(m[1]);
      const unit = m[2];
      this.push(node, numberAt, value(m[1]), unit, 'AT_LEAST', metricAfter(text, m.index + m[0].length, unit === '%'));
      taken.push([m.index, m.index + m[0].length]);
    }
    if (!context) return;
    for (const m of text.matchAll(PERCENT)) {
      if (isTaken(m.index)) continue;
      const cmp = comparatorBefore(text, m.index);
      this.push(node, m.index, value(m[1]), '%', cmp, metricAfter(text, m.index + m[0].length, true));
    }
  }

  /** "X: N vụ." alone, "X N vụ, cụ thể: A: n; B: n", or "…: A: n đối tượng; B: n đối tượng". */
  private allocationList(node: PlanNode): { draft: Draft } | null {
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

  private push(node: PlanNode, at: number, v: number, unit: string, cmp: Comparator, metric: string) {
    this.drafts.push(this.draft(node, at, v, unit, cmp, metric, this.responsibleAt(node, at), []));
  }

  private draft(
    node: PlanNode,
    at: number,
    v: number | null,
    unit: string,
    comparator: Comparator,
    metric: string,
    responsible: AgencyRef | null,
    allocations: TargetAllocation[],
  ): Draft {
    const { start, end, year } = this.periodOf(node, at);
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
  private responsibleAt(node: PlanNode, at: number): AgencyRef | null {
    const clauseStart = node.text.lastIndexOf(';', at) + 1;
    const subject = readSubject(node.text.slice(clauseStart).trim());
    if (subject && subject.verb !== null) return agencyRef(subject.names.join(', '));
    return node.task?.lead[0] ?? null;
  }

  /** "Chỉ tiêu phát hiện, bắt giữ, khởi tố trong cao điểm:" above, or the "2.1. Chỉ tiêu …" heading. */
  private contextMetric(node: PlanNode): string {
    for (const sibling of this.tree.previousSiblings(node.key)) {
      if (sibling.kind !== 'PARAGRAPH') continue;
      const m = /Chỉ tiêu\s+([^.:;]+?)\s*:\s*$/u.exec(sibling.text);
      if (m) return stripCampaign(m[1]);
    }
    for (const a of this.tree.ancestors(node.key)) {
      const m = /^Chỉ tiêu\s+(.+?)[\s.:]*$/u.exec(a.text);
      if (m) return stripCampaign(m[1]);
    }
    return '';
  }

  private phaseOf(node: PlanNode): string | null {
    const chain = [node, ...this.tree.ancestors(node.key)];
    const phase = this.phases.find((p) => p.key !== CAMPAIGN_KEY && chain.some((n) => n.key === p.nodeKey));
    if (phase) return phase.key;
    const campaign = this.phases.some((p) => p.key === CAMPAIGN_KEY);
    const siblings = this.tree.previousSiblings(node.key).filter((s) => s.kind === 'PARAGRAPH');
    const saysCampaign = [...chain, ...siblings].some((n) => /trong\s+(?:đợt\s+|thực hiện\s+)?cao điểm/iu.test(n.text));
    return campaign && saysCampaign ? CAMPAIGN_KEY : null;
  }

  /** Dates from the nearest "từ ngày … đến …" above; the roadmap year from "Năm 2024:" or "đến năm 2025". */
  private periodOf(node: PlanNode, at: number): { start: string | null; end: string | null; year: number | null } {
    let start: string | null = null;
    let end: string | null = null;
    for (const n of [node, ...this.tree.ancestors(node.key)]) {
      const range = dateRange(n.text);
      if (range) {
        ({ start, end } = range);
        break;
      }
    }
    const step = /^Năm\s+(\d{4})\s*:/u.exec(node.text);
    if (step) return { start, end, year: Number(step[1]) };
    const span = /^Giai đoạn\s+(\d{4})\s*[-–]\s*(\d{4})\s*:/u.exec(node.text);
    if (span) return { start: `${span[1]}-01-01`, end: `${span[2]}-12-31`, year: Number(span[2]) };
    const by = [...node.text.slice(0, at).matchAll(/đến\s+(?:hết\s+)?năm\s+(\d{4})/gu)].pop();
    return { start, end, year: by ? Number(by[1]) : null };
  }
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
