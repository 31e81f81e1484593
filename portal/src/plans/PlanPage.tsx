import { useCallback, useEffect, useMemo, useState } from 'react';
import { Alert, Button, Card, Flex, Result, Skeleton, Space, Typography } from 'antd';
import { ArrowLeftOutlined, BranchesOutlined, HistoryOutlined } from '@ant-design/icons';
import { useList, useOne, useTranslate } from '@refinedev/core';
import { Link, useNavigate, useParams } from 'react-router';
import { CascadeButton } from '../cascade/CascadeButton';
import { ErrorState } from '../common/ErrorState';
import { usePageTitle } from '../common/page-title';
import { DeriveButton, PlanDiffButton, UpstreamChangesNotice } from '../derivation/PlanPageActions';
import { SuperiorChangeNotice } from '../derivation/SuperiorChangeNotice';
import { toHttpError } from '../providers/errors';
import { preloadEditors } from './editors';
import { ExportButtons } from './ExportButtons';
import { LifecycleActions } from './LifecycleActions';
import { groupBy, PlanContext, usePlanContext, type PlanContextValue } from './plan-context';
import { buildTree } from './plan-tree';
import { PLAN_AGENCIES, PLAN_CHILD_UNITS, PLAN_DOCUMENT } from './plans.graphql';
import { PlanDocumentView } from './PlanDocumentView';
import { PlanSidePanel } from './PlanSidePanel';
import { PlanStatusTag } from '../common/PlanStatusTag';
import { usePlanPermissions } from './use-plan-api';
import type { AgencyOption, ChildUnit, PlanDocument } from './types';
import './plans.css';

/** The plan page: the document as printed, with its checks beside it, and what the user may do with it. */
export function PlanPage() {
  const { id = '' } = useParams();
  const translate = useTranslate();
  const navigate = useNavigate();
  const { result, query } = useOne<PlanDocument>({
    resource: 'plans',
    id,
    meta: { gqlQuery: PLAN_DOCUMENT },
    queryOptions: { enabled: Boolean(id) },
    errorNotification: false,
  });
  const plan = query.data?.data as PlanDocument | undefined;
  const permissions = usePlanPermissions(plan);
  const editable = permissions.can('edit');
  const heading = plan
    ? plan.numberSymbol
      ? translate('plans.page.titleIssued', { number: plan.numberSymbol })
      : translate('plans.page.titleDraft')
    : null;
  usePageTitle(query.isError && !plan ? translate('plans.page.notFound') : (heading ?? translate('plans.plans')));

  // The unit's agencies and child units are needed only to edit tasks, targets and allocations.
  const agenciesList = useList<AgencyOption>({
    resource: 'agencies',
    pagination: { mode: 'off' },
    meta: { gqlQuery: PLAN_AGENCIES, gqlVariables: { unitId: plan?.unit.id } },
    queryOptions: { enabled: Boolean(plan && editable) },
    errorNotification: false,
  });
  const childrenList = useList<ChildUnit>({
    resource: 'units',
    pagination: { mode: 'off' },
    meta: { gqlQuery: PLAN_CHILD_UNITS, gqlVariables: { id: plan?.unit.id }, connectionPath: 'unit.children' },
    queryOptions: { enabled: Boolean(plan && editable) },
    errorNotification: false,
  });

  // An editor's forms are fetched once the draft is on screen, so that the first edit opens at once.
  useEffect(() => {
    if (!editable) return;
    const timer = setTimeout(preloadEditors, 1500);
    return () => clearTimeout(timer);
  }, [editable]);

  const reload = useCallback(async () => {
    const r = await query.refetch();
    return r.data?.data as PlanDocument | undefined;
  }, [query]);

  const context = useMemo<PlanContextValue | null>(() => {
    if (!plan) return null;
    return {
      plan,
      tree: buildTree(plan.nodes),
      permissions,
      editable,
      agencies: agenciesList.result.data ?? [],
      childUnits: childrenList.result.data ?? [],
      findingsByNode: groupBy(plan.checks, (f) => f.nodeId),
      targetsByNode: groupBy(plan.targets, (t) => t.nodeId),
      phasesByNode: groupBy(plan.phases, (p) => p.nodeId),
      milestonesByNode: groupBy(plan.milestones, (m) => m.nodeId),
      reload,
    };
  }, [plan, permissions, editable, agenciesList.result.data, childrenList.result.data, reload]);

  if (query.isError && !plan) {
    const notFound = toHttpError(query.error).statusCode === 404;
    return (
      <div className="plan-page">
        <Card>
          {notFound ? (
            <Result
              status="404"
              title={translate('plans.page.notFound')}
              subTitle={translate('plans.page.notFoundHint')}
              extra={<Button onClick={() => navigate('/plans')}>{translate('plans.page.backToList')}</Button>}
            />
          ) : (
            <ErrorState error={query.error} onRetry={() => void query.refetch()} />
          )}
        </Card>
      </div>
    );
  }
  if (!plan || !context || result === undefined) {
    return (
      <div className="plan-page" aria-busy="true">
        <div className="plan-toolbar">
          <Skeleton.Button active size="small" style={{ width: 240 }} />
        </div>
        <Flex gap={16} align="flex-start">
          <div className="plan-paper plan-paper-loading">
            <Skeleton active paragraph={{ rows: 3 }} />
            <Skeleton active title={false} paragraph={{ rows: 12 }} />
          </div>
          <aside className="plan-side">
            <Card size="small">
              <Skeleton active />
            </Card>
          </aside>
        </Flex>
      </div>
    );
  }

  return (
    <PlanContext.Provider value={context}>
      <div className="plan-page">
        <div className="plan-toolbar" role="region" aria-label={translate('plans.page.toolbar')}>
          <Flex align="center" gap={8} wrap style={{ minWidth: 0 }}>
            <Link to="/plans" className="plan-back" aria-label={translate('plans.page.backToList')}>
              <ArrowLeftOutlined aria-hidden />
            </Link>
            <Typography.Title level={1} className="plan-page-title">
              {heading}
            </Typography.Title>
            <PlanStatusTag status={plan.status} />
            {plan.versionNo > 1 && <Typography.Text type="secondary">{translate('plans.versionN', { n: plan.versionNo })}</Typography.Text>}
          </Flex>
          <Space wrap size={8}>
            <LifecycleActions />
            <DeriveButton plan={plan} />
            <PlanDiffButton plan={plan} />
            <CascadeButton plan={plan} />
            <Button
              icon={<HistoryOutlined aria-hidden />}
              aria-label={translate('plans.history.open')}
              title={translate('plans.history.open')}
              onClick={() => navigate(`/plans/${plan.id}/history`)}
            >
              {translate('plans.history.short')}
            </Button>
            <ExportButtons
              path={`/api/plans/${encodeURIComponent(plan.id)}/export`}
              fallbackName={plan.numberSymbol ?? translate('plans.draftShort')}
            />
          </Space>
        </div>
        <ReadOnlyNotice />
        <SuperiorChangeNotice plan={plan} />
        {plan.parentPlan && plan.status === 'DRAFT' && plan.parentPlan.status !== 'SUPERSEDED' && <UpstreamChangesNotice planId={plan.id} />}
        <div className="plan-layout">
          <PlanDocumentView />
          <PlanSidePanel />
        </div>
      </div>
    </PlanContext.Provider>
  );
}

/** The editing hint, once closed, stays closed on this computer. */
const HINT_KEY = 'kehoach.plans.editingHintClosed';

/** Why the user cannot edit, when it is not obvious; nothing for an editor on a draft. */
function ReadOnlyNotice() {
  const translate = useTranslate();
  const [hintClosed, setHintClosed] = useState(() => {
    try {
      return localStorage.getItem(HINT_KEY) === '1';
    } catch {
      return false;
    }
  });
  const { plan, permissions, editable } = usePlanContext();
  if (editable) {
    if (hintClosed) return null;
    return (
      <Alert
        className="plan-notice"
        type="info"
        showIcon
        icon={<BranchesOutlined  aria-hidden />}
        message={
          <>
            <span className="hint-pointer">{translate('plans.page.editingHint')}</span>
            <span className="hint-touch">{translate('plans.page.editingHintTouch')}</span>
          </>
        }
        closable
        afterClose={() => {
          setHintClosed(true);
          try {
            localStorage.setItem(HINT_KEY, '1');
          } catch {
            // private mode: closed for this page only
          }
        }}
      />
    );
  }
  if (plan.status === 'REVOKED') {
    return <Alert className="plan-notice" type="error" showIcon message={translate('plans.page.revoked', { reason: plan.revokedReason ?? '' })} />;
  }
  if (plan.status === 'SUPERSEDED') {
    return <Alert className="plan-notice" type="warning" showIcon message={translate('plans.page.superseded')} />;
  }
  if (plan.status === 'IN_REVIEW') {
    return <Alert className="plan-notice" type="info" showIcon message={translate('plans.page.inReview')} />;
  }
  if (plan.status === 'DRAFT' && permissions.readOnlyReason === 'OTHER_UNIT') {
    return <Alert className="plan-notice" type="info" showIcon message={translate('plans.page.otherUnitDraft')} />;
  }
  return null;
}
