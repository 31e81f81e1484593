import { daysUntil } from '../derivation/diff';
import type { CascadeStatus, Compliance, Coverage, CoverageStatus } from './types';

/**
 * Pure helpers of the cascade dashboard: orders, colours and wording keys for statuses,
 * compliance and coverage (colour is never the only cue: every mark also carries its word).
 */

export const COMPLIANCES: Compliance[] = ['ON_TIME', 'LATE', 'MISSING', 'PENDING'];
export const COMPLIANCE_COLOR: Record<Compliance, string> = { ON_TIME: 'green', LATE: 'orange', MISSING: 'red', PENDING: 'blue' };

export const CASCADE_STATUSES: CascadeStatus[] = ['ISSUED', 'IN_REVIEW', 'DRAFT', 'NONE', 'SUPERSEDED'];
export const STATUS_COLOR: Record<CascadeStatus, string> = {
  ISSUED: 'green',
  IN_REVIEW: 'processing',
  DRAFT: 'default',
  NONE: 'red',
  SUPERSEDED: 'purple',
};

export const COVERAGE_STATUSES: CoverageStatus[] = ['INHERITED', 'ADAPTED', 'OMITTED', 'MISSING', 'NO_PLAN'];
/** Cell colours of the matrix: kept green, changed amber, dropped red, absent grey. */
export const COVERAGE_COLOR: Record<CoverageStatus, string> = {
  INHERITED: '#95de64',
  ADAPTED: '#ffd666',
  OMITTED: '#ff7875',
  MISSING: '#d3adf7',
  NO_PLAN: '#f0f0f0',
};

/** The count for one key in a list of { key, count } (0 when absent). */
export function countOf<K extends string, T extends Record<K, string> & { count: number }>(list: readonly T[], key: K, value: string): number {
  return list.find((x) => x[key] === value)?.count ?? 0;
}

export interface Message {
  key: string;
  params?: Record<string, string | number>;
}

/**
 * The few words beside a compliance tag (the dates have their own column): how early or late the
 * plan was issued, or how long the deadline has passed or remains. `today` is a LocalDate (Vietnam).
 */
export function complianceDetail(
  row: { compliance: Compliance; issuedDate: string | null; deadline: string | null },
  today: string,
): Message | null {
  const { compliance, issuedDate, deadline } = row;
  if (!deadline) return compliance === 'PENDING' ? { key: 'cascade.complianceDetail.noDeadline' } : null;
  if (compliance === 'ON_TIME' && issuedDate) {
    const early = daysUntil(deadline, issuedDate);
    return early > 0 ? { key: 'cascade.complianceDetail.early', params: { days: early } } : { key: 'cascade.complianceDetail.onDeadline' };
  }
  if (compliance === 'LATE' && issuedDate) return { key: 'cascade.complianceDetail.late', params: { days: -daysUntil(deadline, issuedDate) } };
  if (compliance === 'MISSING') return { key: 'cascade.complianceDetail.missing', params: { days: Math.max(0, -daysUntil(deadline, today)) } };
  if (compliance === 'PENDING') return { key: 'cascade.complianceDetail.pending', params: { days: Math.max(0, daysUntil(deadline, today)) } };
  return null;
}

export type CoverageKind = 'inherited' | 'adapted' | 'local' | 'omitted';
export const COVERAGE_KINDS: CoverageKind[] = ['inherited', 'adapted', 'local', 'omitted'];
export const COVERAGE_KIND_COLOR: Record<CoverageKind, string> = {
  inherited: '#73d13d',
  adapted: '#fadb14',
  local: '#1677ff',
  omitted: '#ff4d4f',
};

/** The segments of a coverage bar, each with its share of all nodes counted (summing to 100). */
export function coverageSegments(c: Pick<Coverage, CoverageKind>): { kind: CoverageKind; value: number; percent: number }[] {
  const total = COVERAGE_KINDS.reduce((s, k) => s + c[k], 0);
  return COVERAGE_KINDS.filter((k) => c[k] > 0).map((k) => ({ kind: k, value: c[k], percent: total ? (c[k] / total) * 100 : 0 }));
}

/** Share of parent tasks kept, as a whole percentage (null when the parent has no task). */
export function sharePercent(c: Pick<Coverage, 'parentTasks' | 'parentTasksCovered'>): number | null {
  return c.parentTasks ? Math.round((c.parentTasksCovered / c.parentTasks) * 100) : null;
}

/** own − allocated: short of what was allocated, exactly it, more, or nothing to compare. */
export type GapTone = 'short' | 'match' | 'over' | 'none';
export function gapTone(gap: number | null | undefined): GapTone {
  if (gap === null || gap === undefined) return 'none';
  if (gap < 0) return 'short';
  return gap === 0 ? 'match' : 'over';
}

/** "Thành phố Lào Cai" → "TP. Lào Cai": unit names short enough for the matrix headers. */
export function shortUnitName(name: string): string {
  const prefixes: [RegExp, string][] = [
    [/^Thành phố\s+/u, 'TP. '],
    [/^Thị xã\s+/u, 'TX. '],
    [/^Thị trấn\s+/u, 'TT. '],
    [/^Huyện\s+/u, 'H. '],
    [/^Quận\s+/u, 'Q. '],
    [/^Phường\s+/u, 'P. '],
    [/^Xã\s+/u, 'X. '],
    [/^Đặc khu\s+/u, 'ĐK. '],
  ];
  for (const [re, short] of prefixes) if (re.test(name)) return name.replace(re, short);
  return name;
}

/** Numbers as Vietnamese officials write them (1.234,5); English keeps 1,234.5. */
export function formatNumber(value: number | null | undefined, locale: string): string {
  if (value === null || value === undefined) return '—';
  return new Intl.NumberFormat(locale === 'vi' ? 'vi-VN' : 'en-GB', { maximumFractionDigits: 2 }).format(value);
}
