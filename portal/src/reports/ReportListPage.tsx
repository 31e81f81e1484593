import { useState } from 'react';
import { Button, Empty, List, Skeleton } from 'antd';
import { useGetIdentity, useTranslate } from '@refinedev/core';
import { useNavigate } from 'react-router';
import type { Identity } from '../auth/identity';
import { ErrorState } from '../common/ErrorState';
import { PageFrame } from '../common/PageFrame';
import { useGqlQuery } from '../common/use-gql';
import { useNotify } from '../common/use-notify';
import type { ReportObligationsQuery } from '../graphql/generated';
import { formatDate } from '../i18n/format';
import { decideReport } from './access';
import { REPORT_OBLIGATIONS } from './reports.graphql';
import type { Obligation } from './types';
import { useStartReport } from './use-start-report';
import { periodText, ReportStatusTag } from './wording';
import './reports.css';

const PAGE = 20;

/**
 * "Báo cáo": the reports the official's unit owes (docs/REPORTS.md, "Obligations"), by due date —
 * the kind of report in words, the status (chưa báo cáo, đang soạn, đã gửi, đã tiếp nhận, bị trả
 * lại, quá hạn) and the way to write or open each.
 */
export function ReportListPage() {
  const translate = useTranslate();
  const { data: identity } = useGetIdentity<Identity>();
  const [pages, setPages] = useState(1);
  const { data, query } = useGqlQuery<ReportObligationsQuery>(
    REPORT_OBLIGATIONS,
    { unitId: identity?.unit.id, first: PAGE * pages },
    { enabled: Boolean(identity), keepPrevious: true },
  );
  const list = data?.reportObligations;

  return (
    <PageFrame title={translate('reports.list.title')} subtitle={translate('reports.list.subtitle')}>
      {query.isError ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : !list ? (
        <Skeleton active />
      ) : list.nodes.length === 0 ? (
        <Empty description={translate('reports.list.empty')} />
      ) : (
        <List
          data-testid="report-obligations"
          dataSource={list.nodes}
          renderItem={(o) => <ObligationItem key={o.id} obligation={o} identity={identity} />}
          loadMore={
            list.pageInfo.hasNextPage ? (
              <div className="reports-more">
                <Button onClick={() => setPages((p) => p + 1)}>{translate('reports.list.more')}</Button>
              </div>
            ) : null
          }
        />
      )}
    </PageFrame>
  );
}

/** One obligation: what report, to whom, by when, its status, and the action. */
export function ObligationItem({ obligation: o, identity, showUnit = false }: { obligation: Obligation; identity?: Identity; showUnit?: boolean }) {
  const translate = useTranslate();
  const navigate = useNavigate();
  const notify = useNotify();
  const { start, isPending } = useStartReport();
  const kind = translate(`reports.kinds.${o.kind}`);
  const canWrite = Boolean(identity && !o.report && decideReport(identity, 'create', { report: { unitId: o.unit.id, issuerUnitId: o.issuerUnit.id, agencyId: o.agency?.id } }).can);
  const write = async () => {
    try {
      await navigate(`/reports/${await start(o.id)}`);
    } catch (e) {
      notify.error(e);
    }
  };
  return (
    <List.Item
      className="report-obligation"
      data-testid="report-obligation"
      data-status={o.status}
      actions={[
        o.report ? (
          <Button key="open" onClick={() => void navigate(`/reports/${o.report!.id}`)}>
            {translate('reports.open')}
          </Button>
        ) : canWrite ? (
          <Button key="write" type="primary" loading={isPending} onClick={() => void write()}>
            {translate('reports.write')}
          </Button>
        ) : null,
      ].filter(Boolean)}
    >
      <List.Item.Meta
        title={
          <span className="report-obligation-title">
            {/* The kind in words, unless the milestone's title already says it ("Báo cáo kết quả 01 tháng"). */}
            {o.title.toLocaleLowerCase('vi').startsWith(kind.toLocaleLowerCase('vi')) ? o.title : `${kind}: ${o.title}`}
            {o.period && <span className="report-period"> — {periodText(o.period, translate)}</span>}
          </span>
        }
        description={
          <div className="report-obligation-meta">
            <ReportStatusTag status={o.status} compliance={o.compliance} />
            {showUnit && <span>{o.unit.name}</span>}
            {o.agency && <span data-testid="report-agency">{o.agency.name}</span>}
            <span>{o.dueDate ? translate('reports.dueOn', { date: formatDate(o.dueDate) }) : translate('reports.noDue')}</span>
            <span className="text-secondary">{translate('reports.owedTo', { unit: o.issuerUnit.name })}</span>
            {o.submittedOn && <span className="text-secondary">{translate('reports.submittedOn', { date: formatDate(o.submittedOn) })}</span>}
          </div>
        }
      />
    </List.Item>
  );
}
