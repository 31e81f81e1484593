import type { ReactNode } from 'react';
import { Button, Empty } from 'antd';
import { useGetIdentity, useTranslate } from '@refinedev/core';
import { Link, useNavigate } from 'react-router';
import { decide } from '../access/policy';
import type { Identity } from '../auth/identity';
import { lazyComponent } from '../common/lazy-component';
import { PageFrame } from '../common/PageFrame';
import { PlanStatusTag } from '../common/PlanStatusTag';
import { useGqlQuery } from '../common/use-gql';
import type { MyWorkQuery } from '../graphql/generated';
import { formatDate } from '../i18n/format';
import { ReportStatusTag } from '../reports/wording';
import { MY_WORK, MY_WORK_SHOWN as SHOWN } from './home.graphql';
import './home.css';

const UnitsOverview = lazyComponent(() => import('./UnitsOverview'), 'UnitsOverview');

type Work = MyWorkQuery['myWork'];

/**
 * The first page after sign-in (issue 11, "What's on my desk"): what waits for this official, in
 * one `myWork` request — plans to build from the superior's, drafts to approve, changes from above
 * to decide, reports due or overdue, reports of the units below to accept — each item linking to
 * the place to act; the API decides which lists a role gets (docs/REPORTS.md, "The desk"). Then
 * the unit tree.
 */
export function HomePage() {
  const translate = useTranslate();
  const { data: identity } = useGetIdentity<Identity>();
  const admin = Boolean(identity && decide(identity, { resource: 'users', action: 'list' }).can);
  const { data, query } = useGqlQuery<MyWorkQuery>(MY_WORK, { first: SHOWN }, { enabled: identity?.kind === 'USER' });
  const work = data?.myWork;
  const sections = work ? deskSections(work) : [];
  const waiting = sections.filter((s) => s.total > 0);
  const state = query.isError ? 'failed' : work ? 'ready' : 'loading';

  return (
    <PageFrame
      title={translate('home.title')}
      subtitle={identity ? translate('home.subtitle', { role: translate(`roles.${identity.role}`), unit: identity.unit.name }) : undefined}
    >
      <div className="home-grid" data-testid="home-desk" data-state={state}>
        {state === 'failed' ? (
          <p className="home-failed">{translate('home.loadFailed')}</p>
        ) : state === 'loading' ? (
          <div className="page-loading-bar" aria-busy="true" />
        ) : waiting.length === 0 ? (
          <section className="panel home-card" data-testid="home-empty" aria-labelledby="home-nothing">
            <Empty
              image={Empty.PRESENTED_IMAGE_SIMPLE}
              description={
                <>
                  <h2 id="home-nothing" className="home-section-title">
                    {translate('home.nothing')}
                  </h2>
                  <p className="text-secondary text-small">{translate('home.nothingHint')}</p>
                </>
              }
            />
          </section>
        ) : (
          waiting.map((s) => <DeskSection key={s.id} section={s} />)
        )}
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

interface DeskItem {
  key: string;
  title: string;
  to: string;
  meta: ReactNode;
}
interface Section {
  id: string;
  title: string;
  hint: string;
  total: number;
  items: DeskItem[];
  /** Where every item of the list is, when the desk shows only the first ones. */
  more?: string;
}

/** The lists of the desk, in the order an official acts on them. */
function deskSections(work: Work): Section[] {
  const out: Section[] = [];
  if (work.plansToDerive)
    out.push({
      id: 'to-derive',
      title: 'home.toDerive',
      hint: 'home.toDeriveHint',
      total: work.plansToDerive.totalCount,
      more: '/plans?scope=FROM_ABOVE',
      items: work.plansToDerive.nodes.map((p) => ({
        key: p.id,
        title: p.title,
        to: `/plans/${p.id}`,
        meta: (
          <>
            {p.numberSymbol && <span className="plan-number-cell">{p.numberSymbol}</span>}
            <span className="text-secondary">{p.unit.name}</span>
            {p.issuedDate && <span className="text-secondary">{formatDate(p.issuedDate)}</span>}
            <Action to={`/derive/${p.id}`} label="home.derive" />
          </>
        ),
      })),
    });
  if (work.plansToApprove)
    out.push({
      id: 'waiting',
      title: 'home.toApprove',
      hint: 'home.toApproveHint',
      total: work.plansToApprove.totalCount,
      more: '/plans?scope=OWN',
      items: work.plansToApprove.nodes.map((p) => ({
        key: p.id,
        title: p.title,
        to: `/plans/${p.id}`,
        meta: (
          <>
            <PlanStatusTag status={p.status} />
            <span className="text-secondary">{formatDate(p.updatedAt)}</span>
          </>
        ),
      })),
    });
  if (work.upstreamChanges)
    out.push({
      id: 'behind',
      title: 'home.upstream',
      hint: 'home.upstreamHint',
      total: work.upstreamChanges.totalCount,
      more: '/plans?scope=OWN',
      items: work.upstreamChanges.nodes.map((n) => ({
        key: n.plan.id,
        title: n.plan.title,
        to: `/plans/${n.plan.id}`,
        meta: (
          <>
            <PlanStatusTag status={n.plan.status} />
            <Count count={n.pendingChanges} />
            {n.amendment?.numberSymbol && <AmendedBy number={n.amendment.numberSymbol} />}
            <Action to={`/plans/${n.plan.id}/upstream`} label="home.viewChanges" />
          </>
        ),
      })),
    });
  if (work.reportsDue)
    out.push({
      id: 'due-reports',
      title: 'home.reportsDue',
      hint: 'home.reportsDueHint',
      total: work.reportsDue.totalCount,
      more: '/reports',
      items: work.reportsDue.nodes.map((o) => ({
        key: o.id,
        title: o.title,
        // No report yet: the unit's reports, where an editor starts it.
        to: o.report ? `/reports/${o.report.id}` : '/reports',
        meta: <ReportMeta status={o.status} compliance={o.compliance} dueDate={o.dueDate} owedTo={o.issuerUnit.name} />,
      })),
    });
  if (work.reportsToAccept)
    out.push({
      id: 'reports-waiting',
      title: 'home.reportsWaiting',
      hint: 'home.reportsWaitingHint',
      total: work.reportsToAccept.totalCount,
      // All of one milestone: its follow page lists every unit's report; otherwise each item leads to its own.
      more: sameMilestone(work.reportsToAccept.nodes) ? `/reports/milestones/${work.reportsToAccept.nodes[0]!.milestoneId}` : undefined,
      items: work.reportsToAccept.nodes.map((o) => ({
        key: o.id,
        title: `${o.unit.name}: ${o.title}`,
        to: o.report ? `/reports/${o.report.id}` : '/reports',
        meta: <ReportMeta status={o.status} compliance={o.compliance} dueDate={o.dueDate} submittedOn={o.submittedOn} />,
      })),
    });
  return out;
}

const sameMilestone = (nodes: { milestoneId: string }[]) => nodes.length > 0 && nodes.every((n) => n.milestoneId === nodes[0]!.milestoneId);

function DeskSection({ section }: { section: Section }) {
  const translate = useTranslate();
  return (
    <section className="panel home-card home-card-highlight" aria-labelledby={`home-${section.id}`} data-testid={`home-${section.id}`}>
      <div className="home-card-head">
        <h2 id={`home-${section.id}`} className="home-section-title">
          {translate(section.title)}
          <span className="home-count">{section.total}</span>
        </h2>
        {section.more && section.total > section.items.length && (
          <Link to={section.more}>{translate('home.openAll', { count: section.total })}</Link>
        )}
      </div>
      <p className="text-secondary text-small home-hint">{translate(section.hint)}</p>
      <ul className="home-list">
        {section.items.map((item) => (
          <li key={item.key}>
            <Link to={item.to} className="home-plan-title">
              {item.title}
            </Link>
            <div className="home-plan-meta">{item.meta}</div>
          </li>
        ))}
      </ul>
    </section>
  );
}

function Action({ to, label }: { to: string; label: string }) {
  const translate = useTranslate();
  return (
    <Link to={to} className="home-action">
      {translate(label)}
    </Link>
  );
}

function Count({ count }: { count: number }) {
  const translate = useTranslate();
  return <span className="text-secondary">{translate('home.pendingChanges', { count })}</span>;
}

function AmendedBy({ number }: { number: string }) {
  const translate = useTranslate();
  return <span className="text-secondary">{translate('home.amendment', { plan: number })}</span>;
}

function ReportMeta({
  status,
  compliance,
  dueDate,
  owedTo,
  submittedOn,
}: {
  status: Parameters<typeof ReportStatusTag>[0]['status'];
  compliance: Parameters<typeof ReportStatusTag>[0]['compliance'];
  dueDate: string | null;
  owedTo?: string;
  submittedOn?: string | null;
}) {
  const translate = useTranslate();
  return (
    <>
      <ReportStatusTag status={status} compliance={compliance} />
      {dueDate && <span className="text-secondary">{translate('reports.dueOn', { date: formatDate(dueDate) })}</span>}
      {owedTo && <span className="text-secondary">{translate('reports.owedTo', { unit: owedTo })}</span>}
      {submittedOn && <span className="text-secondary">{translate('reports.submittedOn', { date: formatDate(submittedOn) })}</span>}
    </>
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
