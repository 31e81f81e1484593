import type { EntityManager } from '@mikro-orm/postgresql';
import type { Principal } from '../../../core/context.js';
import { reportVisibleParams, sqlReportVisible } from '../../../core/access/policy.js';
import { rows } from '../../../core/sql.js';
import { todayInVietnam } from '../../../core/text.js';
import { SQL_OBLIGATION_PERIOD_END, SQL_OBLIGATION_PERIOD_START, sqlCompliance } from './obligations.js';
import { REPORT_COLUMNS, type ReportRow } from './reports.js';

/*
 * The reports of the NDJSON export (GET /api/export/reports.ndjson, docs/REPORTS.md "Reports for
 * integrators"): a batch of reports under a unit in the caller's sight — a superior never reads a
 * draft — in id order, each with its obligation and its compliance. Tasks and figures come from
 * the readers of the report page (reportTasks, reportFigures), one statement each per batch.
 */

export interface ExportReportRow extends ReportRow {
  compliance: string;
  obligation: {
    id: string;
    planId: string;
    milestoneId: string;
    kind: string;
    title: string;
    recipient: string | null;
    dueDate: string | null;
    periodStart: string | null;
    periodEnd: string | null;
    issuerUnitId: number;
  };
}

/**
 * Reports of `unitPath` and below that the caller reads, after the report id `after`: the current
 * ones (every version but those replaced by a submitted correction), or every version.
 */
export async function reportsUnder(
  em: EntityManager,
  p: Principal,
  unitPath: string,
  versions: 'CURRENT' | 'ALL',
  after: string | null,
  limit: number,
): Promise<ExportReportRow[]> {
  return rows<ExportReportRow>(
    em,
    `select ${REPORT_COLUMNS}, ${sqlCompliance('r', 'o')} as compliance,
       json_build_object('id', o.id, 'planId', o.plan_id, 'milestoneId', o.milestone_id, 'kind', o.kind, 'title', o.title,
         'recipient', o.recipient, 'dueDate', o.due_date, 'periodStart', ${SQL_OBLIGATION_PERIOD_START},
         'periodEnd', ${SQL_OBLIGATION_PERIOD_END}, 'issuerUnitId', o.issuer_unit_id) as obligation
     from report r join report_obligation o on o.id = r.obligation_id
     where r.unit_path <@ ?::ltree and ${sqlReportVisible('r')} and (? = 'ALL' or r.status <> 'SUPERSEDED')
       and (?::uuid is null or r.id > ?::uuid)
     order by r.id limit ?`,
    [todayInVietnam(), unitPath, ...reportVisibleParams(p), versions, after, after, limit],
  );
}
