import { omittedSubtrees } from './store/reads.js';
import type { LegalBasisNode, MilestoneNode, PhaseNode, PlanRow, PlanNodeRow, TargetNode } from './plan.types.js';
import { CHECK_RULES, NO_FIGURES, type CheckFigures, type CheckRule, type PlanCheckFindingNode } from './plan-checks.types.js';

/**
 * The plan linter (`planChecks`): pure rules over a loaded plan. Each finding names its rule
 * (a stable code), the node or target it concerns and its figures as fields, so that a client
 * words it in its own language without reading the English message.
 */
export interface CheckInput {
  plan: PlanRow;
  nodes: readonly PlanNodeRow[];
  bases: LegalBasisNode[];
  phases: PhaseNode[];
  targets: TargetNode[];
  milestones: MilestoneNode[];
}

export { CHECK_RULES, type CheckRule } from './plan-checks.types.js';

const fmt = (iso: string) => {
  const [y, m, d] = iso.split('-');
  return `${d}/${m}/${y}`;
};

/** The plan's period: explicit, else the span of its phases, else its year. */
export function planPeriod(input: CheckInput): { start: string | null; end: string | null } {
  const { plan, phases } = input;
  if (plan.periodStart || plan.periodEnd) return { start: plan.periodStart, end: plan.periodEnd };
  const starts = phases
    .map((p) => p.startDate)
    .filter((d): d is string => !!d)
    .sort();
  const ends = phases
    .map((p) => p.endDate)
    .filter((d): d is string => !!d)
    .sort();
  if (starts.length || ends.length) return { start: starts[0] ?? null, end: ends.at(-1) ?? null };
  const year = plan.issuedDate?.slice(0, 4) ?? /năm (\d{4})/.exec(plan.dateLine ?? '')?.[1] ?? null;
  return year ? { start: `${year}-01-01`, end: `${year}-12-31` } : { start: null, end: null };
}

const CITATION =
  /(Chỉ thị|Nghị quyết|Kết luận|Quyết định|Kế hoạch|Công văn|Công điện|Phương án|Nghị định|Thông tư)\s+(?:số\s+)?([0-9]+[0-9A-Za-zĐđ/\-.]*)\s+(?:ngày\s+)?(\d{1,2})[/-](\d{1,2})[/-](\d{4})/gu;

interface Citation {
  word: string;
  number: string;
  date: string;
  nodeId: string | null;
  nodeLabel: string | null;
}

function citationsIn(text: string, nodeId: string | null, nodeLabel: string | null): Citation[] {
  const out: Citation[] = [];
  for (const m of text.matchAll(CITATION)) {
    const date = `${m[5]}-${m[4].padStart(2, '0')}-${m[3].padStart(2, '0')}`;
    out.push({ word: m[1], number: m[2].replace(/[.,;]$/, ''), date, nodeId, nodeLabel });
  }
  return out;
}

const TYPE_WORD: Record<string, string> = {
  DIRECTIVE: 'Chỉ thị',
  RESOLUTION: 'Nghị quyết',
  CONCLUSION: 'Kết luận',
  DECISION: 'Quyết định',
  PLAN: 'Kế hoạch',
  OFFICIAL_LETTER: 'Công văn',
  URGENT_DISPATCH: 'Công điện',
  OPERATIONAL_PLAN: 'Phương án',
  DECREE: 'Nghị định',
  CIRCULAR: 'Thông tư',
};

/** The issuer part of a number: "1425/QĐ-TTg" → "QĐ-TTG", "36-CT/TW" → "CT/TW". */
const issuerPart = (n: string) => n.replace(/^[0-9]+[-/]?/, '').toUpperCase();

/** Omitted nodes (and what hangs on them) are no part of the plan the checks read (docs/DESIGN.md §4). */
function withoutOmitted(input: CheckInput): CheckInput {
  const left = omittedSubtrees(input.nodes);
  if (!left.size) return input;
  return {
    ...input,
    nodes: input.nodes.filter((n) => !left.has(n.id)),
    targets: input.targets.filter((t) => !t.nodeId || !left.has(t.nodeId)),
    milestones: input.milestones.filter((m) => !m.nodeId || !left.has(m.nodeId)),
  };
}

export function runPlanChecks(all: CheckInput): PlanCheckFindingNode[] {
  const input = withoutOmitted(all);
  const findings: PlanCheckFindingNode[] = [];
  const add = (
    rule: CheckRule,
    severity: 'ERROR' | 'WARNING',
    message: string,
    at: { nodeId?: string | null; nodeLabel?: string | null; targetId?: string | null } = {},
    figures: Partial<CheckFigures> = {},
  ) =>
    findings.push({
      rule,
      severity,
      message,
      nodeId: at.nodeId ?? null,
      nodeLabel: at.nodeLabel ?? null,
      targetId: at.targetId ?? null,
      ...NO_FIGURES,
      ...figures,
    });
  const period = planPeriod(input);
  const nodeById = new Map(input.nodes.map((n) => [n.id, n]));
  const labelOf = (id: string | null) => (id ? (nodeById.get(id)?.label ?? null) : null);

  // "4 rõ" on every task.
  for (const n of input.nodes) {
    if (!n.task) continue;
    if (n.task.lead.length === 0) add('TASK_NO_LEAD', 'ERROR', CHECK_RULES.TASK_NO_LEAD, { nodeId: n.id, nodeLabel: n.label });
    if (!n.task.timing) add('TASK_NO_TIMING', 'ERROR', CHECK_RULES.TASK_NO_TIMING, { nodeId: n.id, nodeLabel: n.label });
    const due = n.task.timing?.dueDate;
    if (due && ((period.start && due < period.start) || (period.end && due > period.end))) {
      add(
        'DEADLINE_OUTSIDE_PERIOD',
        'WARNING',
        `${CHECK_RULES.DEADLINE_OUTSIDE_PERIOD}: ${fmt(due)}`,
        { nodeId: n.id, nodeLabel: n.label },
        { date: due, periodStart: period.start, periodEnd: period.end },
      );
    }
    const finalReport = input.milestones
      .filter((m) => m.kind === 'FINAL_REVIEW' && m.dueDate)
      .map((m) => m.dueDate!)
      .sort()
      .at(-1);
    if (due && finalReport && due > finalReport) {
      add(
        'DEADLINE_AFTER_MILESTONE',
        'WARNING',
        `${CHECK_RULES.DEADLINE_AFTER_MILESTONE}: ${fmt(due)} > ${fmt(finalReport)}`,
        { nodeId: n.id, nodeLabel: n.label },
        { date: due, limitDate: finalReport },
      );
    }
  }

  for (const t of input.targets) {
    if (t.allocationsMatch === false) {
      add(
        'ALLOCATION_SUM_MISMATCH',
        'ERROR',
        `${CHECK_RULES.ALLOCATION_SUM_MISMATCH}: ${t.allocationSum} ≠ ${t.value} ${t.unitOfMeasure}`,
        { nodeId: t.nodeId, nodeLabel: labelOf(t.nodeId), targetId: t.id },
        { allocated: t.allocationSum, total: t.value, unitOfMeasure: t.unitOfMeasure },
      );
    }
  }

  // Reports and submission deadlines.
  const firstReport = input.milestones
    .filter((m) => m.kind !== 'PLAN_SUBMISSION' && m.dueDate)
    .map((m) => m.dueDate!)
    .sort()[0];
  for (const m of input.milestones) {
    if (!m.dueDate) continue;
    if (m.kind !== 'PLAN_SUBMISSION' && period.start && m.dueDate < period.start) {
      add(
        'REPORT_BEFORE_PERIOD',
        'ERROR',
        `${CHECK_RULES.REPORT_BEFORE_PERIOD}: ${fmt(m.dueDate)} < ${fmt(period.start)}`,
        { nodeId: m.nodeId, nodeLabel: labelOf(m.nodeId) },
        { date: m.dueDate, limitDate: period.start, periodStart: period.start, periodEnd: period.end },
      );
    }
    if (m.kind === 'PLAN_SUBMISSION' && firstReport && m.dueDate > firstReport) {
      add(
        'DEADLINE_AFTER_MILESTONE',
        'WARNING',
        `${CHECK_RULES.DEADLINE_AFTER_MILESTONE}: ${fmt(m.dueDate)} > ${fmt(firstReport)}`,
        { nodeId: m.nodeId, nodeLabel: labelOf(m.nodeId) },
        { date: m.dueDate, limitDate: firstReport },
      );
    }
  }

  for (const f of input.phases) {
    if ((period.start && f.startDate && f.startDate < period.start) || (period.end && f.endDate && f.endDate > period.end)) {
      add(
        'PHASE_OUTSIDE_PERIOD',
        'WARNING',
        `${CHECK_RULES.PHASE_OUTSIDE_PERIOD}: ${f.name}`,
        { nodeId: f.nodeId, nodeLabel: labelOf(f.nodeId) },
        { phaseName: f.name, periodStart: period.start, periodEnd: period.end },
      );
    }
  }

  // Citations: the legal bases, then every document cited in the body.
  const cited: Citation[] = [
    ...input.bases.flatMap((b) =>
      b.number && b.date && TYPE_WORD[b.type]
        ? [{ word: TYPE_WORD[b.type], number: b.number, date: b.date, nodeId: null, nodeLabel: null }]
        : citationsIn(b.text, null, null),
    ),
    ...input.nodes.flatMap((n) => citationsIn(n.text, n.id, n.label)),
  ];
  const reported = new Set<string>();
  for (let i = 0; i < cited.length; i++) {
    for (let j = i + 1; j < cited.length; j++) {
      const a = cited[i];
      const b = cited[j];
      if (a.word !== b.word || issuerPart(a.number) !== issuerPart(b.number)) continue;
      const sameNumber = a.number.toUpperCase() === b.number.toUpperCase();
      const sameDate = a.date === b.date;
      if (sameNumber === sameDate) continue; // identical, or two different documents
      const key = [a.word, ...[a.number, b.number].sort(), ...[a.date, b.date].sort()].join('|');
      if (reported.has(key)) continue;
      reported.add(key);
      add(
        'CITATION_INCONSISTENT',
        'WARNING',
        `${CHECK_RULES.CITATION_INCONSISTENT}: ${a.word} ${a.number} (${fmt(a.date)}) / ${b.number} (${fmt(b.date)})`,
        { nodeId: b.nodeId ?? a.nodeId, nodeLabel: b.nodeLabel ?? a.nodeLabel },
        {
          citedAs: [
            { documentType: a.word, number: a.number, date: a.date },
            { documentType: b.word, number: b.number, date: b.date },
          ],
        },
      );
    }
  }
  return findings;
}
