import { formatDate } from '../i18n/format';
import type { CheckFinding, Milestone, Phase, Timing } from './types';

type Translate = (key: string, options?: Record<string, unknown> | string, defaultMessage?: string) => string;

/** A task's timing in words: "Hoàn thành trước 30/08/2024", "Từ 01/09/2024 đến 31/10/2024", … */
export function describeTiming(timing: Timing, phases: readonly Phase[], translate: Translate): string {
  let text: string;
  switch (timing.kind) {
    case 'BY_DATE':
      text = translate('plans.timing.byDate', { date: formatDate(timing.dueDate) });
      break;
    case 'WITHIN_PERIOD':
      text = translate('plans.timing.withinPeriod', { from: formatDate(timing.periodStart), to: formatDate(timing.periodEnd) });
      break;
    case 'DURING_PHASE': {
      const phase = phases.find((p) => p.id === timing.phaseId);
      text = translate('plans.timing.duringPhase', { phase: phase?.name ?? timing.text });
      break;
    }
    case 'RECURRING':
      return translate('plans.timing.recurring');
  }
  return timing.recurring ? `${text}; ${translate('plans.timing.alsoRecurring')}` : text;
}

const number = (n: number | null) => (n === null ? '?' : n.toLocaleString('vi-VN'));

/**
 * The figures of a finding, from its fields ("66 ≠ 160 vụ", "15/01/2025 > 20/12/2024"); null
 * when its rule has none. The API's message is never read.
 */
export function findingFigures(f: CheckFinding): string | null {
  switch (f.rule) {
    case 'ALLOCATION_SUM_MISMATCH':
      return `${number(f.allocated)} ≠ ${number(f.total)}${f.unitOfMeasure ? ` ${f.unitOfMeasure}` : ''}`;
    case 'DEADLINE_OUTSIDE_PERIOD':
      return f.date ? formatDate(f.date) : null;
    case 'DEADLINE_AFTER_MILESTONE':
      return f.date && f.limitDate ? `${formatDate(f.date)} > ${formatDate(f.limitDate)}` : null;
    case 'REPORT_BEFORE_PERIOD':
      return f.date && f.limitDate ? `${formatDate(f.date)} < ${formatDate(f.limitDate)}` : null;
    case 'PHASE_OUTSIDE_PERIOD':
      return f.phaseName;
    case 'CITATION_INCONSISTENT': {
      const [a, b] = f.citedAs;
      return a && b ? `${a.documentType} ${a.number} (${formatDate(a.date)}) / ${b.number} (${formatDate(b.date)})` : null;
    }
    default:
      return null;
  }
}

/** A finding in the user's language: the rule's wording (by code) and its figures; the API's words for an unknown rule. */
export function describeFinding(finding: CheckFinding, translate: Translate): string {
  const rule = translate(`plans.checks.rules.${finding.rule}`, '');
  if (!rule) return finding.message;
  const figures = findingFigures(finding);
  return figures ? `${rule}: ${figures}` : rule;
}

/** The "1." of a label, or "(đoạn văn)" for an unlabelled paragraph. */
export function nodeName(label: string | null, translate: Translate): string {
  return label ?? translate('plans.node.unlabelled');
}

/** "Hằng tháng, hạn ngày 20": how a periodic milestone is shown beside its title (null for a one-off one). */
export function describeRecurrence(m: Pick<Milestone, 'recurrence' | 'dueDay'>, translate: Translate): string | null {
  if (!m.recurrence) return null;
  const every = translate(`plans.recurrences.${m.recurrence}`);
  return m.dueDay ? `${every}, ${translate('plans.milestones.dueDayShort', { day: m.dueDay })}` : every;
}
