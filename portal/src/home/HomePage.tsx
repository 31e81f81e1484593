import type { ReactNode } from 'react';
import { Button, Empty } from 'antd';
import { useGetIdentity, useList, useTranslate } from '@refinedev/core';
import { Link, useNavigate } from 'react-router';
import { decide } from '../access/policy';
import type { Identity } from '../auth/identity';
import { lazyComponent } from '../common/lazy-component';
import { PageFrame } from '../common/PageFrame';
import { canDeriveFrom } from '../derivation/access';
import { SuperiorChangedTag } from '../derivation/SuperiorChangeNotice';
import { superiorChange } from '../derivation/superior-change';
import { formatDate } from '../i18n/format';
import { PLANS } from '../plans/plans.graphql';
import { PlanStatusTag } from '../common/PlanStatusTag';
import type { PlanScope, PlanStatus, PlanSummary } from '../plans/types';
import './home.css';

const UnitsOverview = lazyComponent(() => import('./UnitsOverview'), 'UnitsOverview');
const ReportDeskCard = lazyComponent(() => import('../reports/ReportDesk'), 'ReportDeskCard');

/** A few plans of one kind, for the desk: newest first, as the API orders them. */
function usePlans(scope: PlanScope, statuses: PlanStatus[], enabled: boolean, pageSize = 5) {
  const list = useList<PlanSummary>({
    resource: 'plans',
    pagination: { currentPage: 1, pageSize },
    filters: [
      { field: 'scope', operator: 'eq', value: scope },
      { field: 'statuses', operator: 'in', value: statuses },
    ],
    meta: { gqlQuery: PLANS, filterInput: 'filter' },
    queryOptions: { enabled },
    errorNotification: false,
  });
  return { plans: list.result.data ?? [], total: list.result.total ?? 0, loading: list.query.isLoading, failed: list.query.isError };
}

/**
 * The first page after sign-in, per role (issue 14): what waits for this official first —
 * approvers the drafts submitted to them, editors their drafts and the plans to bring in line
 * with an amended superior plan, everyone the plans newly issued above, the reports due and the
 * subordinates' reports to accept (reports/ReportDesk.tsx) — and the unit tree second.
 */
export function HomePage() {
  const translate = useTranslate();
  const { data: identity } = useGetIdentity<Identity>();
  const role = identity?.role;
  const approver = role === 'APPROVER';
  const editor = role === 'EDITOR';
  const waiting = usePlans('OWN', ['IN_REVIEW'], approver || editor);
  const drafts = usePlans('OWN', ['DRAFT'], editor);
  const own = usePlans('OWN', ['DRAFT', 'IN_REVIEW', 'ISSUED'], editor || approver, 20);
  const above = usePlans('FROM_ABOVE', ['ISSUED'], Boolean(identity));
  const behind = own.plans.filter((p) => superiorChange(p));
  const canDerive = Boolean(identity && canDeriveFrom(identity, undefined).can);
  const admin = Boolean(identity && decide(identity, { resource: 'users', action: 'list' }).can);

  return (
    <PageFrame
      title={translate('home.title')}
      subtitle={identity ? translate('home.subtitle', { role: translate(`roles.${identity.role}`), unit: identity.unit.name }) : undefined}
    >
      <div className="home-grid" data-testid="home-desk">
        {approver && (
          <DeskList
            id="waiting"
            title={translate('home.waitingApproval')}
            hint={translate('home.waitingApprovalHint')}
            empty={translate('home.noneWaiting')}
            state={waiting}
            more="/plans?scope=OWN"
            highlight
          />
        )}
        {editor && (
          <DeskList
            id="drafts"
            title={translate('home.drafts')}
            hint={translate('home.draftsHint')}
            empty={translate('home.noDrafts')}
            state={drafts}
            more="/plans?scope=OWN"
          />
        )}
        {editor && waiting.total > 0 && (
          <DeskList id="submitted" title={translate('home.waitingApproval')} hint={translate('home.waitingApprovalHint')} empty="" state={waiting} more="/plans?scope=OWN" />
        )}
        {(editor || approver) && behind.length > 0 && (
          <DeskList
            id="behind"
            title={translate('home.toFollow')}
            hint={translate('home.toFollowHint')}
            empty=""
            state={{ ...own, plans: behind, total: behind.length }}
            more="/plans?scope=OWN"
            highlight
          />
        )}
        {identity && (editor || approver) && <ReportDeskCard kind="due" unitId={identity.unit.id} />}
        {identity && approver && identity.unit.level !== 'COMMUNE' && <ReportDeskCard kind="waiting" unitId={identity.unit.id} />}
        <DeskList
          id="above"
          title={translate('home.fromAbove')}
          hint={translate('home.fromAboveHint')}
          empty={translate('home.noFromAbove')}
          state={above}
          more="/plans?scope=FROM_ABOVE"
          action={canDerive ? (p) => <Link to={`/derive/${p.id}`}>{translate('home.derive')}</Link> : undefined}
        />
        {admin && <AdminCard />}
      </div>
      {identity && (
        <section className="panel" aria-labelledby="home-tree">
          <h2 id="home-tree" className="home-section-title">
            {translate('home.tree')}
          </h2>
          <p className="text-secondary">{translate('home.treeHint')}</p>
          <UnitsOverview identity={identity} />
        </section>
      )}
    </PageFrame>
  );
}

function DeskList({
  id,
  title,
  hint,
  empty,
  state,
  more,
  highlight = false,
  action,
}: {
  id: string;
  title: string;
  hint: string;
  empty: string;
  state: { plans: PlanSummary[]; total: number; loading: boolean; failed: boolean };
  more: string;
  highlight?: boolean;
  action?: (plan: PlanSummary) => ReactNode;
}) {
  const translate = useTranslate();
  return (
    <section className={highlight && state.total > 0 ? 'panel home-card home-card-highlight' : 'panel home-card'} aria-labelledby={`home-${id}`} data-testid={`home-${id}`}>
      <div className="home-card-head">
        <h2 id={`home-${id}`} className="home-section-title">
          {title}
          {state.total > 0 && <span className="home-count">{state.total}</span>}
        </h2>
        {state.total > state.plans.length && <Link to={more}>{translate('home.openAll')}</Link>}
      </div>
      <p className="text-secondary text-small home-hint">{hint}</p>
      {state.failed ? (
        <p className="home-failed">{translate('home.loadFailed')}</p>
      ) : state.loading ? (
        <div className="page-loading-bar" aria-busy="true" />
      ) : state.plans.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={empty} />
      ) : (
        <ul className="home-list">
          {state.plans.map((p) => (
            <li key={p.id}>
              <Link to={`/plans/${p.id}`} className="home-plan-title">
                {p.title}
              </Link>
              <div className="home-plan-meta">
                <span className="plan-number-cell">{p.numberSymbol ?? translate('plans.draftShort')}</span>
                <PlanStatusTag status={p.status} />
                <span className="text-secondary">{p.unit.name}</span>
                {p.issuedDate && <span className="text-secondary">{formatDate(p.issuedDate)}</span>}
                <SuperiorChangedTag plan={p} />
                {action?.(p)}
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function AdminCard() {
  const translate = useTranslate();
  const navigate = useNavigate();
  return (
    <section className="panel home-card" aria-labelledby="home-admin" data-testid="home-admin">
      <h2 id="home-admin" className="home-section-title">
        {translate('home.admin')}
      </h2>
      <p className="text-secondary text-small home-hint">{translate('home.adminHint')}</p>
      <div className="home-admin-links">
        <Button onClick={() => navigate('/users')}>{translate('users.users')}</Button>
        <Button onClick={() => navigate('/api-keys')}>{translate('apiKeys.apiKeys')}</Button>
        <Button onClick={() => navigate('/agencies')}>{translate('agencies.agencies')}</Button>
      </div>
    </section>
  );
}
