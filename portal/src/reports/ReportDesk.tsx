import { Empty } from 'antd';
import { useTranslate } from '@refinedev/core';
import { Link } from 'react-router';
import { useGqlQuery } from '../common/use-gql';
import type { ObligationReportStatus, ReportObligationsQuery } from '../graphql/generated';
import { formatDate, todayLocalDate } from '../i18n/format';
import { REPORT_OBLIGATIONS } from './reports.graphql';
import { ReportStatusTag } from './wording';

const SHOWN = 5;
/** Not yet submitted: no report, a draft, or a report returned to be corrected. */
const OPEN: ObligationReportStatus[] = ['NONE', 'DRAFT', 'RETURNED'];

/** YYYY-MM-DD `days` after a calendar date. */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/**
 * The desk's report cards (issue 11, "What's on my desk"): the unit's reports due within 7 days
 * or overdue and not yet submitted; for an approver, the reports the units below submitted,
 * waiting to be accepted or returned. Both are reportObligations with its filters.
 */
export function ReportDeskCard({ kind, unitId }: { kind: 'due' | 'waiting'; unitId: string }) {
  const translate = useTranslate();
  const variables =
    kind === 'due'
      ? { unitId, statuses: OPEN, dueBy: addDays(todayLocalDate(), 7), first: SHOWN }
      : { owedToUnitId: unitId, statuses: ['SUBMITTED'], first: SHOWN };
  const { data, query } = useGqlQuery<ReportObligationsQuery>(REPORT_OBLIGATIONS, variables);
  const list = data?.reportObligations;
  const total = list?.totalCount ?? 0;
  const id = kind === 'due' ? 'due-reports' : 'reports-waiting';
  const words =
    kind === 'due'
      ? { title: 'home.dueReports', hint: 'home.dueReportsHint', empty: 'home.noDueReports' }
      : { title: 'home.reportsWaiting', hint: 'home.reportsWaitingHint', empty: 'home.noReportsWaiting' };
  return (
    <section className={total > 0 ? 'panel home-card home-card-highlight' : 'panel home-card'} aria-labelledby={`home-${id}`} data-testid={`home-${id}`}>
      <div className="home-card-head">
        <h2 id={`home-${id}`} className="home-section-title">
          {translate(words.title)}
          {total > 0 && <span className="home-count">{total}</span>}
        </h2>
        {kind === 'due' && total > (list?.nodes.length ?? 0) && <Link to="/reports">{translate('home.openAll')}</Link>}
      </div>
      <p className="text-secondary text-small home-hint">{translate(words.hint)}</p>
      {query.isError ? (
        <p className="home-failed">{translate('home.loadFailed')}</p>
      ) : !list ? (
        <div className="page-loading-bar" aria-busy="true" />
      ) : list.nodes.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={translate(words.empty)} />
      ) : (
        <ul className="home-list">
          {list.nodes.map((o) => (
            <li key={o.id}>
              <Link to={o.report ? `/reports/${o.report.id}` : '/reports'} className="home-plan-title">
                {kind === 'waiting' ? `${o.unit.name}: ${o.title}` : o.title}
              </Link>
              <div className="home-plan-meta">
                <ReportStatusTag status={o.status} compliance={o.compliance} />
                {o.dueDate && <span className="text-secondary">{translate('reports.dueOn', { date: formatDate(o.dueDate) })}</span>}
                {kind === 'waiting' && o.submittedOn && <span className="text-secondary">{translate('reports.submittedOn', { date: formatDate(o.submittedOn) })}</span>}
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
