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

/** The part of a finding's message after the rule's sentence: "157 ≠ 160 vụ", "30/08/2024". */
export function findingDetail(finding: CheckFinding): string | null {
  const at = finding.message.indexOf(': ');
  return at >= 0 ? finding.message.slice(at + 2) : null;
}

/** A finding in the user's language: the rule's wording (by code) and the API's figures. */
export function describeFinding(finding: CheckFinding, translate: Translate): string {
  const rule = translate(`plans.checks.rules.${finding.rule}`, '');
  if (!rule) return finding.message;
  const detail = findingDetail(finding);
  return detail ? `${rule}: ${detail}` : rule;
}

/** The "1." of a label, or "(đoạn văn)" for an unlabelled paragraph. */
export function nodeName(label: string | null, translate: Translate): string {
  return label ?? translate('plans.node.unlabelled');
}
