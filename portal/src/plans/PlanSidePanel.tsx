import { useState } from 'react';
import type { ReactNode } from 'react';
import { Button, Card, Descriptions, Flex, List, Typography } from 'antd';
import { CheckCircleFilled, ExclamationCircleFilled, PlusOutlined, WarningFilled } from '@ant-design/icons';
import { useTranslate } from '@refinedev/core';
import { Link } from 'react-router';
import { formatDate, formatDateTime } from '../i18n/format';
import { MilestoneEditorModal, PhaseEditorModal, TargetEditorModal } from './editors';
import { RENDER_ALL_EVENT } from './PlanBody';
import { PlanStatusTag } from '../common/PlanStatusTag';
import { TargetBlock } from './TargetBlock';
import { groupBy, usePlanContext } from './plan-context';
import { nodePath } from './plan-tree';
import { describeFinding, describeRecurrence, findingFigures, nodeName } from './wording';
import type { CheckFinding, Milestone, Phase } from './types';

/** Brings a node into view and gives it the keyboard focus (drawing the rest of a long plan first when needed). */
export function revealNode(nodeId: string, attempt = 0) {
  const el = document.getElementById(`node-${nodeId}`);
  if (!el) {
    if (attempt === 0) window.dispatchEvent(new Event(RENDER_ALL_EVENT));
    if (attempt < 20) requestAnimationFrame(() => revealNode(nodeId, attempt + 1));
    return;
  }
  el.scrollIntoView({ block: 'center', behavior: 'smooth' });
  el.focus({ preventScroll: true });
  el.classList.add('plan-node-flash');
  setTimeout(() => el.classList.remove('plan-node-flash'), 1600);
}

/** Milestones that order reports (a PLAN_SUBMISSION orders a plan). */
const REPORTING_KINDS = new Set(['RESULT_REPORT', 'INTERIM_REVIEW', 'FINAL_REVIEW']);

type Dialog = { kind: 'phase'; phase?: Phase } | { kind: 'milestone'; milestone?: Milestone } | { kind: 'target' } | null;

/** Beside the document: what it is, what the checks found, its phases, reporting milestones and unattached targets. */
export function PlanSidePanel() {
  const translate = useTranslate();
  const { plan, editable } = usePlanContext();
  const [dialog, setDialog] = useState<Dialog>(null);
  const looseTargets = plan.targets.filter((t) => !t.nodeId || !plan.nodes.some((n) => n.id === t.nodeId));

  return (
    <aside className="plan-side" aria-label={translate('plans.side.label')}>
      <Card size="small" title={translate('plans.side.about')}>
        <Descriptions
          size="small"
          column={1}
          colon={false}
          labelStyle={{ width: 118 }}
          items={[
            { key: 'status', label: translate('plans.fields.status'), children: <PlanStatusTag status={plan.status} /> },
            { key: 'unit', label: translate('plans.fields.unit'), children: plan.unit.name },
            { key: 'number', label: translate('plans.fields.numberSymbol'), children: plan.numberSymbol ?? <Typography.Text type="secondary">{translate('plans.notIssuedYet')}</Typography.Text> },
            ...(plan.issuedDate ? [{ key: 'issued', label: translate('plans.fields.issuedDate'), children: formatDate(plan.issuedDate) }] : []),
            {
              key: 'parent',
              label: translate('plans.fields.parentPlan'),
              children: plan.parentPlan ? (
                <Link to={`/plans/${plan.parentPlan.id}`}>
                  {plan.parentPlan.numberSymbol ?? translate('plans.draftShort')} — {plan.parentPlan.unit.name}
                </Link>
              ) : (
                <Typography.Text type="secondary">{translate('plans.noParent')}</Typography.Text>
              ),
            },
            ...(plan.versionNo > 1
              ? [
                  {
                    key: 'version',
                    label: translate('plans.fields.versionNo'),
                    children: (
                      <>
                        {translate('plans.versionN', { n: plan.versionNo })}
                        {plan.amendsPlan && (
                          <>
                            {' '}
                            (<Link to={`/plans/${plan.amendsPlan.id}`}>{translate('plans.amends', { number: plan.amendsPlan.numberSymbol ?? '' })}</Link>)
                          </>
                        )}
                      </>
                    ),
                  },
                ]
              : []),
            ...(plan.periodStart || plan.periodEnd
              ? [{ key: 'period', label: translate('plans.fields.period'), children: `${formatDate(plan.periodStart)} – ${formatDate(plan.periodEnd)}` }]
              : []),
            ...(plan.submissionDeadline
              ? [{ key: 'deadline', label: translate('plans.fields.submissionDeadline'), children: formatDate(plan.submissionDeadline) }]
              : []),
            ...(plan.revokedReason ? [{ key: 'revoked', label: translate('plans.fields.revokedReason'), children: plan.revokedReason }] : []),
            { key: 'updated', label: translate('plans.fields.updatedAt'), children: formatDateTime(plan.updatedAt) },
          ]}
        />
      </Card>

      <ChecksCard findings={plan.checks} />

      <Card
        size="small"
        title={translate('plans.phases.title', { count: plan.phases.length })}
        extra={
          editable && (
            <Button size="small" type="link" icon={<PlusOutlined  aria-hidden />} onClick={() => setDialog({ kind: 'phase' })}>
              {translate('plans.phases.add')}
            </Button>
          )
        }
      >
        {plan.phases.length === 0 ? (
          <Typography.Text type="secondary">{translate('plans.phases.none')}</Typography.Text>
        ) : (
          <List
            size="small"
            split={false}
            dataSource={plan.phases}
            renderItem={(p) => (
              <List.Item className="plan-side-item" style={{ paddingInline: 0 }}>
                <div>
                  <PartLink nodeId={p.nodeId} editable={editable} onEdit={() => setDialog({ kind: 'phase', phase: p })}>
                    {p.name}
                  </PartLink>
                  <div className="plan-side-sub">
                    {formatDate(p.startDate) || '…'} – {formatDate(p.endDate) || '…'}
                  </div>
                </div>
              </List.Item>
            )}
          />
        )}
      </Card>

      <Card
        size="small"
        title={translate('plans.milestones.title', { count: plan.milestones.length })}
        extra={
          editable && (
            <Button size="small" type="link" icon={<PlusOutlined  aria-hidden />} onClick={() => setDialog({ kind: 'milestone' })}>
              {translate('plans.milestones.add')}
            </Button>
          )
        }
      >
        {plan.milestones.length === 0 ? (
          <Typography.Text type="secondary">{translate('plans.milestones.none')}</Typography.Text>
        ) : (
          <List
            size="small"
            split={false}
            dataSource={plan.milestones}
            renderItem={(m) => (
              <List.Item className="plan-side-item" style={{ paddingInline: 0 }}>
                <div>
                  <PartLink nodeId={m.nodeId} editable={editable} onEdit={() => setDialog({ kind: 'milestone', milestone: m })}>
                    {m.title}
                  </PartLink>
                  <div className="plan-side-sub">
                    {translate(`plans.milestoneKinds.${m.kind}`)}
                    {m.dueDate && <> · {translate('plans.milestones.dueShort', { date: formatDate(m.dueDate) })}</>}
                    {m.recurrence && <> · {describeRecurrence(m, translate)}</>}
                  </div>
                  {plan.status === 'ISSUED' && REPORTING_KINDS.has(m.kind) && (
                    // The reports this milestone orders (docs/REPORTS.md, "Superiors follow it").
                    <Link to={`/reports/milestones/${m.id}`} className="plan-side-sub" data-testid="milestone-follow">
                      {translate('reports.followLink')}
                    </Link>
                  )}
                </div>
              </List.Item>
            )}
          />
        )}
      </Card>

      {(looseTargets.length > 0 || editable) && (
        <Card
          size="small"
          title={translate('plans.targets.loose', { count: looseTargets.length })}
          extra={
            editable && (
              <Button size="small" type="link" icon={<PlusOutlined  aria-hidden />} onClick={() => setDialog({ kind: 'target' })}>
                {translate('plans.targets.add')}
              </Button>
            )
          }
        >
          {looseTargets.length === 0 ? (
            <Typography.Text type="secondary">{translate('plans.targets.looseNone')}</Typography.Text>
          ) : (
            looseTargets.map((t) => <TargetBlock key={t.id} target={t} />)
          )}
        </Card>
      )}

      {dialog?.kind === 'phase' && <PhaseEditorModal phase={dialog.phase} onClose={() => setDialog(null)} />}
      {dialog?.kind === 'milestone' && <MilestoneEditorModal milestone={dialog.milestone} onClose={() => setDialog(null)} />}
      {dialog?.kind === 'target' && <TargetEditorModal onClose={() => setDialog(null)} />}
    </aside>
  );
}

/** A phase or milestone: goes to the text that states it, or opens it for editing. */
function PartLink({ nodeId, editable, onEdit, children }: { nodeId: string | null; editable: boolean; onEdit: () => void; children: ReactNode }) {
  if (editable) {
    return (
      <Button type="link" size="small" className="plan-side-link" onClick={onEdit}>
        {children}
      </Button>
    );
  }
  if (nodeId) {
    return (
      <Button type="link" size="small" className="plan-side-link" onClick={() => revealNode(nodeId)}>
        {children}
      </Button>
    );
  }
  return <span>{children}</span>;
}

/** Places shown per rule before "more": a long list would push the rest of the panel away. */
const CHIPS_SHOWN = 16;

/** The checks' summary: counts by severity, then the findings grouped by rule, each leading to its node. */
export function ChecksCard({ findings }: { findings: CheckFinding[] }) {
  const translate = useTranslate();
  const { tree } = usePlanContext();
  const [expanded, setExpanded] = useState<Set<string>>(new Set());
  const errors = findings.filter((f) => f.severity === 'ERROR');
  const warnings = findings.filter((f) => f.severity !== 'ERROR');
  const groups = [...groupBy([...errors, ...warnings], (f) => f.rule).entries()];
  return (
    <Card size="small" title={translate('plans.checks.title')} data-testid="plan-checks">
      {findings.length === 0 ? (
        <Flex gap={8} align="center" className="plan-checks-ok">
          <CheckCircleFilled style={{ color: '#389e0d' }} aria-hidden />
          <span>{translate('plans.checks.none')}</span>
        </Flex>
      ) : (
        <>
          <Flex gap={12} style={{ marginBottom: 8 }} aria-live="polite">
            <span className="plan-checks-count plan-checks-errors">
              <ExclamationCircleFilled aria-hidden /> {translate('plans.checks.errors', { count: errors.length })}
            </span>
            <span className="plan-checks-count plan-checks-warnings">
              <WarningFilled aria-hidden /> {translate('plans.checks.warnings', { count: warnings.length })}
            </span>
          </Flex>
          {/* One line per rule with its count; the places open on demand (issue 14: a wall of identical chips). */}
          <ul className="plan-checks-list">
            {groups.map(([rule, list]) => {
              const error = list[0].severity === 'ERROR';
              const ruleText = translate(`plans.checks.rules.${rule}`, list[0].message);
              const shown = expanded.has(rule) ? list : list.slice(0, CHIPS_SHOWN);
              return (
                <li key={rule} className={error ? 'plan-finding-error' : 'plan-finding-warning'} data-rule={rule}>
                  <details open={groups.length === 1 && list.length <= 5}>
                    <summary className="plan-checks-rule">
                      {error ? <ExclamationCircleFilled aria-hidden /> : <WarningFilled aria-hidden />} <span>{ruleText}</span>{' '}
                      <span className="plan-checks-rule-count" aria-hidden>
                        {list.length}
                      </span>
                      <span className="sr-only">{translate('plans.checks.placesCount', { count: list.length })}</span>
                    </summary>
                    <div className="plan-checks-places">
                      {shown.map((f, i) => {
                        const detail = findingFigures(f);
                        const place = f.nodeId && tree.byId.has(f.nodeId) ? nodePath(tree, f.nodeId) : nodeName(f.nodeLabel, translate);
                        const text = detail ? `${place} (${detail})` : place;
                        return f.nodeId ? (
                          <button
                            key={`${f.nodeId}-${i}`}
                            type="button"
                            className="plan-checks-item"
                            onClick={() => revealNode(f.nodeId!)}
                            aria-label={`${ruleText}: ${text}`}
                          >
                            {text}
                          </button>
                        ) : (
                          <span key={`none-${i}`} className="plan-checks-item">
                            {detail ?? describeFinding(f, translate)}
                          </span>
                        );
                      })}
                      {list.length > CHIPS_SHOWN && (
                        <button
                          type="button"
                          className="plan-checks-more"
                          aria-expanded={expanded.has(rule)}
                          onClick={() =>
                            setExpanded((prev) => {
                              const next = new Set(prev);
                              if (next.has(rule)) next.delete(rule);
                              else next.add(rule);
                              return next;
                            })
                          }
                        >
                          {expanded.has(rule) ? translate('plans.checks.less') : translate('plans.checks.more', { count: list.length - CHIPS_SHOWN })}
                        </button>
                      )}
                    </div>
                  </details>
                </li>
              );
            })}
          </ul>
        </>
      )}
    </Card>
  );
}
