import { formatDate } from '../i18n/format';
import type { CheckFinding, Phase, Timing } from './types';

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

/**
 * The API's sentence of each rule (api/src/modules/plans/plan-checks.ts, CHECK_RULES): a message
 * is the sentence, or the sentence, ": " and the figures. The portal words the rule itself.
 */
export const API_RULE_SENTENCES: Record<string, string> = {
  TASK_NO_LEAD: 'A task names no lead agency ("4 rõ": rõ người, rõ trách nhiệm)',
  TASK_NO_TIMING: 'A task has no completion time ("4 rõ": rõ thời gian hoàn thành)',
  ALLOCATION_SUM_MISMATCH: 'Allocations do not add up to the stated total',
  DEADLINE_OUTSIDE_PERIOD: "A deadline falls outside the plan's period",
  DEADLINE_AFTER_MILESTONE: 'A deadline falls after the report it feeds',
  CITATION_INCONSISTENT: 'The same document is cited with different numbers or dates',
  REPORT_BEFORE_PERIOD: 'A report is due before the period it reports on',
  PHASE_OUTSIDE_PERIOD: "A phase lies outside the plan's period",
};

/** The figures after the rule's sentence ("157 ≠ 160 vụ", "30/08/2024"); null when there are none. */
export function findingDetail(finding: Pick<CheckFinding, 'rule' | 'message'>): string | null {
  const sentence = API_RULE_SENTENCES[finding.rule];
  if (!sentence || !finding.message.startsWith(`${sentence}: `)) return null;
  return finding.message.slice(sentence.length + 2);
}

/** A finding in the user's language: the rule's wording (by code) and the API's figures. */
export function describeFinding(finding: CheckFinding, translate: Translate): string {
  const rule = translate(`plans.checks.rules.${finding.rule}`, '');
  if (!rule || !API_RULE_SENTENCES[finding.rule]) return finding.message;
  const detail = findingDetail(finding);
  return detail ? `${rule}: ${detail}` : rule;
}

/** The "1." of a label, or "(đoạn văn)" for an unlabelled paragraph. */
export function nodeName(label: string | null, translate: Translate): string {
  return label ?? translate('plans.node.unlabelled');
}
