import type { MilestoneKind, Phase, DocNode, Recurrence, ReportingMilestone } from '../../plans/plan-document.js';
import { DATE_PATTERN, isoDate } from './dates.js';
import { trimTrailing } from './text-normalise.js';
import type { NodeTree } from './tree.js';

/**
 * Phases (giai đoạn, and the whole campaign period) and reporting milestones.
 * - "Thời gian thực hiện cao điểm: từ ngày 01/9/2024 đến 14/12/2024." (Lào Cai V.1) and
 *   "… thực hiện từ ngày 01/6/2024 đến hết ngày 30/6/2024" (Bắc Giang) give the campaign period,
 *   the phase that "trong cao điểm" refers to;
 * - "Giai đoạn 1 (từ ngày 01/9/2024 đến ngày 31/10/2024, …): …" gives a phase, and a "Mục tiêu:"
 *   paragraph under it is its goal;
 * - "Báo cáo sơ kết giai đoạn 1 trước ngày 03/11/2024", "gửi Kế hoạch về UBND tỉnh (qua Công an
 *   tỉnh) trước ngày 30/08/2024" give milestones;
 * - "Báo cáo định kỳ hằng tháng … trước ngày 20", "định kỳ 6 tháng, hằng năm báo cáo …" give
 *   periodic milestones, one per recurrence named, due on that day of each period (docs/REPORTS.md).
 */

export const CAMPAIGN_KEY = 'campaign';

const D = DATE_PATTERN;
const RANGE = new RegExp(`từ\\s+(?:ngày\\s+)?${D}\\s+đến\\s+(?:hết\\s+)?(?:ngày\\s+)?${D}`, 'iu');
const UNTIL = new RegExp(`từ\\s+nay\\s+đến\\s+(?:hết\\s+)?(?:ngày\\s+)?${D}`, 'iu');
const TIME_OF_PLAN = /^Thời gian thực hiện(?![\p{L}])/iu;
const CARRIED_OUT_FROM = new RegExp(`^(.*?)\\s*thực hiện\\s+(?=từ\\s+(?:ngày\\s+)?${D})`, 'iu');
const PHASE_HEAD = /^Giai đoạn\s+([^()]{1,40}?)\s*\(([^)]*)\)/iu;
const GOAL = /^Mục tiêu\s*:\s*/iu;

export interface DateRange {
  start: string | null;
  end: string | null;
}

export function dateRange(text: string): DateRange | null {
  const r = RANGE.exec(text);
  if (r) return { start: isoDate(+r[1], +r[2], +r[3]), end: isoDate(+r[4], +r[5], +r[6]) };
  const u = UNTIL.exec(text);
  if (u) return { start: null, end: isoDate(+u[1], +u[2], +u[3]) };
  return null;
}

/** The campaign period: a "Thời gian thực hiện …" node with both dates wins over one without. */
function campaignPhase(nodes: DocNode[]): Phase | null {
  const candidates: { node: DocNode; name: string; range: DateRange }[] = [];
  for (const node of nodes) {
    const range = dateRange(node.text);
    if (!range) continue;
    if (TIME_OF_PLAN.test(node.text)) {
      const name = node.text.split(/:|\s+từ\s+/u)[0].trim();
      candidates.push({ node, name, range });
      continue;
    }
    const carried = CARRIED_OUT_FROM.exec(node.text);
    if (carried && RANGE.test(node.text)) {
      const name = carried[1].split(/[.;:]/u).pop()!.trim() || 'Thời gian thực hiện';
      candidates.push({ node, name, range });
    }
  }
  const best = candidates.find((c) => c.range.start && c.range.end) ?? candidates[0];
  if (!best) return null;
  return { key: CAMPAIGN_KEY, nodeKey: best.node.key, name: best.name, startDate: best.range.start, endDate: best.range.end, goal: null };
}

export function findPhases(tree: NodeTree): Phase[] {
  const phases: Phase[] = [];
  const campaign = campaignPhase(tree.nodes);
  if (campaign) phases.push(campaign);
  let n = 0;
  for (const node of tree.nodes) {
    const head = PHASE_HEAD.exec(node.text);
    if (!head) continue;
    const range = dateRange(head[2]);
    if (!range) continue;
    const goalNode = tree.children(node.key).find((c) => GOAL.test(c.text));
    phases.push({
      key: `p${++n}`,
      nodeKey: node.key,
      name: `Giai đoạn ${head[1].trim()}`,
      startDate: range.start,
      endDate: range.end,
      goal: goalNode ? goalNode.text.replace(GOAL, '') : null,
    });
  }
  return phases;
}

// ---------------------------------------------------------------------------------------------
// Milestones

const DEADLINE = new RegExp(`trước\\s+(?:ngày\\s+)?${D}`, 'iu');
/** "trước ngày 20 hằng tháng": a day of the month, not a date. */
const DUE_DAY = /trước\s+ngày\s+(\d{1,2})(?!\s*[/.-]\s*\d)(?!\d)/iu;
const HALF = String.raw`(?:0?6|sáu)\s+tháng`;
const EVERY = String.raw`(?:(?:hằng|hàng)\s+)`;
/** "định kỳ hằng tháng", "định kỳ 6 tháng, hằng năm": the first period with hằng/hàng (or 6 tháng), then a list. */
const PERIODIC = new RegExp(
  String.raw`định\s+kỳ\s+((?:${EVERY}(?:tháng|quý|năm)|${HALF})(?:\s*(?:,|và|hoặc)\s*(?:${EVERY}?(?:tháng|quý|năm)|${HALF}))*)`,
  'iu',
);

/** The recurrences a clause names ("định kỳ 6 tháng, hằng năm" → HALF_YEAR, YEAR), in order, each once. */
export function recurrencesIn(clause: string): Recurrence[] {
  const m = PERIODIC.exec(clause);
  if (!m) return [];
  const out: Recurrence[] = [];
  for (const item of m[1].split(/\s*(?:,|và|hoặc)\s*/u)) {
    const r: Recurrence = new RegExp(HALF, 'iu').test(item)
      ? 'HALF_YEAR'
      : /quý/iu.test(item)
        ? 'QUARTER'
        : /năm/iu.test(item)
          ? 'YEAR'
          : 'MONTH';
    if (!out.includes(r)) out.push(r);
  }
  return out;
}
const PLAN_SUBMISSION = /gửi\s+(?:bản\s+)?kế hoạch/iu;
const REPORT = /báo cáo/iu;
// The recipient's name and bracket are bounded: unbounded, every "về UBND" of a long text without
// an end scanned to the end of the text (quadratic).
const RECIPIENT =
  /(?<![\p{L}])về\s+((?:UBND|Ủy ban nhân dân|Uỷ ban nhân dân)[^(;,.]{0,200}?)\s*(\([^)]{0,200}\))?(?=\s+(?:trước|để|theo)(?![\p{L}])|\s*[;,.]|$)/u;

/** Splits at ";" and sentence ends outside brackets (an address inside brackets has ";"). */
export function clauses(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '(') depth++;
    else if (c === ')') depth = Math.max(0, depth - 1);
    else if (depth === 0 && (c === ';' || (c === '.' && /\s/.test(text[i + 1] ?? ' ') && !/\d/.test(text[i - 1] ?? '')))) {
      out.push(text.slice(start, i));
      start = i + 1;
    }
  }
  out.push(text.slice(start));
  return out.map((c) => c.trim()).filter(Boolean);
}

function milestoneKind(clause: string): MilestoneKind | null {
  if (PLAN_SUBMISSION.test(clause)) return 'PLAN_SUBMISSION';
  if (/sơ kết/iu.test(clause)) return 'INTERIM_REVIEW';
  if (/tổng kết/iu.test(clause)) return 'FINAL_REVIEW';
  if (REPORT.test(clause)) return 'RESULT_REPORT';
  return null;
}

function recipientIn(text: string): string | null {
  const m = RECIPIENT.exec(text);
  if (!m) return null;
  return [m[1].trim(), m[2]].filter(Boolean).join(' ');
}

/** Title of a milestone: the clause from its verb ("Báo cáo …", "gửi Kế hoạch …") to "trước". */
function milestoneTitle(clause: string, kind: MilestoneKind): string {
  const cut = DEADLINE.exec(clause) ?? DUE_DAY.exec(clause);
  const before = (cut ? clause.slice(0, cut.index) : clause).trim();
  const verb = kind === 'PLAN_SUBMISSION' ? PLAN_SUBMISSION : REPORT;
  const from = before.search(verb);
  const title = trimTrailing(from >= 0 ? before.slice(from) : before, /[\s,;:]/);
  // The recipient is its own field: keep the title short ("Báo cáo kết quả thực hiện").
  return title.replace(/\s+về\s+(?:UBND|Ủy ban nhân dân|Uỷ ban nhân dân).*$/u, '').trim();
}

export function findMilestones(tree: NodeTree): ReportingMilestone[] {
  const out: ReportingMilestone[] = [];
  // A parent's recipient is read once, however many milestones sit under it.
  const parentRecipient = new Map<string, string | null>();
  const recipientOfParent = (key: string) => {
    if (!parentRecipient.has(key)) parentRecipient.set(key, recipientIn(tree.get(key).text));
    return parentRecipient.get(key)!;
  };
  for (const node of tree.nodes) {
    for (const clause of clauses(node.text)) {
      const deadline = DEADLINE.exec(clause);
      const kind = milestoneKind(clause);
      if (!kind) continue;
      const periodic = kind === 'PLAN_SUBMISSION' ? [] : recurrencesIn(clause);
      if (!deadline && !periodic.length) continue;
      const base = {
        nodeKey: node.key,
        kind,
        title: milestoneTitle(clause, kind),
        dueDate: deadline ? isoDate(+deadline[1], +deadline[2], +deadline[3]) : null,
        recipient: recipientIn(clause) ?? (node.parentKey ? recipientOfParent(node.parentKey) : null),
      };
      if (!periodic.length) {
        out.push({ key: `m${out.length + 1}`, ...base });
        continue;
      }
      // A periodic report is due on a day of each period: "trước ngày 20", else the day of a full date.
      const day = DUE_DAY.exec(clause);
      const dueDay = day ? Number(day[1]) : deadline ? Number(deadline[1]) : null;
      for (const recurrence of periodic) {
        out.push({
          key: `m${out.length + 1}`,
          ...base,
          recurrence,
          dueDay: dueDay !== null && dueDay >= 1 && dueDay <= 31 ? dueDay : null,
        });
      }
    }
  }
  return out;
}
