import { useMemo, useState } from 'react';
import { Alert, Button, Card, Flex, Input, Skeleton, Space, Tag, Typography } from 'antd';
import { ArrowLeftOutlined, CheckOutlined, CloseOutlined, DiffOutlined } from '@ant-design/icons';
import { useCan, useTranslate } from '@refinedev/core';
import { useNavigate, useParams } from 'react-router';
import { ErrorState } from '../common/ErrorState';
import { PageFrame } from '../common/PageFrame';
import { useNotify } from '../common/use-notify';
import { DECLINE_UPSTREAM_CHANGE, TAKE_UPSTREAM_CHANGE, UPSTREAM_CHANGES } from './derivation.graphql';
import { splitByDecision, upstreamParts } from './diff';
import { ProvenanceTag } from './ProvenanceTag';
import type { MergeConflict, Provenance, UpstreamChange, UpstreamPlan } from './types';
import { useGqlMutation, useGqlQuery } from '../common/use-gql';
import { WordDiff } from './WordDiff';
import './derivation.css';
import '../plans/plans.css';

const KIND_COLOR: Record<UpstreamChange['kind'], string> = { MODIFIED: 'gold', ADDED: 'green', REMOVED: 'red' };

/**
 * "Thay đổi từ kế hoạch cấp trên": after the superior amends its plan, every changed node of the
 * parent, with the unit's nodes concerned; the editor takes each one (a three-way merge that
 * reports conflicts and changes nothing then) or declines it with a reason. Decisions stay listed.
 */
export function UpstreamPage() {
  const translate = useTranslate();
  const navigate = useNavigate();
  const { id = '' } = useParams();
  const planQ = useGqlQuery<{ plan: UpstreamPlan }>(UPSTREAM_CHANGES, { id }, { enabled: Boolean(id) });
  const plan = planQ.data?.plan;
  const canDecide = useCan({
    resource: 'derivation',
    action: 'takeUpstream',
    params: { plan },
    queryOptions: { enabled: Boolean(plan) },
  });
  const { pending, decided } = useMemo(() => splitByDecision(plan?.upstreamChanges ?? []), [plan]);
  const nodesById = useMemo(() => new Map((plan?.nodes ?? []).map((n) => [n.id, n])), [plan]);
  const title = translate('derivation.upstream.title');

  if (planQ.query.isError) {
    return (
      <PageFrame title={title}>
        <ErrorState error={planQ.query.error} onRetry={() => void planQ.query.refetch()} />
      </PageFrame>
    );
  }
  if (!plan) {
    return (
      <PageFrame title={title}>
        <Card>
          <Skeleton active paragraph={{ rows: 8 }} />
        </Card>
      </PageFrame>
    );
  }

  const editable = Boolean(canDecide.data?.can);
  const refresh = () => void planQ.query.refetch();

  return (
    <PageFrame
      title={title}
      subtitle={plan.title}
      extra={
        <>
          <Button icon={<ArrowLeftOutlined  aria-hidden />} onClick={() => navigate(`/plans/${plan.id}`)}>
            {translate('derivation.diff.backToPlan')}
          </Button>
          {plan.parentPlan && (
            <Button icon={<DiffOutlined  aria-hidden />} onClick={() => navigate(`/plans/${plan.id}/diff`)}>
              {translate('derivation.diff.open')}
            </Button>
          )}
        </>
      }
    >
      {!plan.parentPlan ? (
        <Alert type="info" showIcon message={translate('derivation.diff.noParent')} />
      ) : pending.length > 0 ? (
        <Alert
          type="warning"
          showIcon
          message={<strong>{translate('derivation.upstream.pendingCount', { count: pending.length })}</strong>}
          description={
            <>
              <div>
                {translate('derivation.upstream.basedOn', {
                  number: plan.parentPlan.numberSymbol ?? plan.parentPlan.title,
                  unit: plan.parentPlan.unit.name,
                  version: plan.parentPlan.versionNo,
                })}
              </div>
              {!editable && (
                <div>
                  {translate(plan.status === 'DRAFT' ? 'derivation.upstream.readOnly' : 'derivation.upstream.notDraft')}
                </div>
              )}
            </>
          }
        />
      ) : (
        <Alert
          type="success"
          showIcon
          message={translate('derivation.upstream.upToDate', {
            number: plan.parentPlan.numberSymbol ?? plan.parentPlan.title,
            version: plan.parentPlan.versionNo,
          })}
        />
      )}

      {pending.length > 0 && (
        <section aria-labelledby="upstream-pending-heading">
          <Typography.Title level={4} id="upstream-pending-heading" style={{ marginTop: 0 }}>
            {translate('derivation.upstream.pendingHeading')}
          </Typography.Title>
          <Flex vertical gap={12}>
            {pending.map((c) => (
              <ChangeCard key={c.upstreamNodeId} planId={plan.id} change={c} nodesById={nodesById} editable={editable} onDecided={refresh} />
            ))}
          </Flex>
        </section>
      )}

      {decided.length > 0 && (
        <section aria-labelledby="upstream-decided-heading">
          <Typography.Title level={4} id="upstream-decided-heading">
            {translate('derivation.upstream.decidedHeading', { count: decided.length })}
          </Typography.Title>
          <Flex vertical gap={12}>
            {decided.map((c) => (
              <ChangeCard key={c.upstreamNodeId} planId={plan.id} change={c} nodesById={nodesById} editable={false} onDecided={refresh} />
            ))}
          </Flex>
        </section>
      )}

    </PageFrame>
  );
}

function ChangeCard({
  planId,
  change,
  nodesById,
  editable,
  onDecided,
}: {
  planId: string;
  change: UpstreamChange;
  nodesById: Map<string, UpstreamPlan['nodes'][number]>;
  editable: boolean;
  onDecided: () => void;
}) {
  const translate = useTranslate();
  const notify = useNotify();
  const take = useGqlMutation<{ takeUpstreamChange: { applied: boolean; conflicts: MergeConflict[] } }>(TAKE_UPSTREAM_CHANGE);
  const decline = useGqlMutation(DECLINE_UPSTREAM_CHANGE);
  const [conflicts, setConflicts] = useState<MergeConflict[] | null>(null);
  const [declining, setDeclining] = useState(false);
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string | null>(null);
  // A bullet's "-" says nothing about where the change is: only numbered labels ("2.1.", "a)") are shown.
  const printed = change.newLabel ?? change.baseLabel;
  const label = printed && /[\p{L}\p{N}]/u.test(printed) ? printed : null;
  const children = change.childNodeIds.map((id) => nodesById.get(id)).filter((n) => n !== undefined);

  const apply = async () => {
    try {
      const r = await take.run({ input: { planId, upstreamNodeId: change.upstreamNodeId } });
      if (r.takeUpstreamChange.applied) {
        setConflicts(null);
        notify.success(translate('derivation.upstream.applied'));
        onDecided();
      } else {
        setConflicts(r.takeUpstreamChange.conflicts);
      }
    } catch (e) {
      notify.error(e);
    }
  };

  const submitDecline = async () => {
    if (!reason.trim()) {
      setReasonError(translate('derivation.upstream.reasonRequired'));
      return;
    }
    try {
      await decline.run({ input: { planId, upstreamNodeId: change.upstreamNodeId, reason: reason.trim() } });
      notify.success(translate('derivation.upstream.declined'));
      setDeclining(false);
      onDecided();
    } catch (e) {
      notify.error(e);
    }
  };

  const reasonId = `decline-${change.upstreamNodeId}`;
  return (
    <Card
      size="small"
      className="upstream-card"
      data-kind={change.kind}
      title={
        <Space size={8} wrap>
          <Tag color={KIND_COLOR[change.kind]}>{translate(`derivation.upstream.kind.${change.kind}`)}</Tag>
          {label && <Typography.Text strong>{label}</Typography.Text>}
          {change.decision && (
            <Tag color={change.decision === 'TAKEN' ? 'green' : 'default'}>{translate(`derivation.upstream.decision.${change.decision}`)}</Tag>
          )}
        </Space>
      }
    >
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {translate('derivation.upstream.parentText')}
      </Typography.Text>
      <div style={{ marginBottom: 8 }}>
        <WordDiff parts={upstreamParts(change)} />
      </div>

      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {translate('derivation.upstream.childNodes')}
      </Typography.Text>
      {change.kind === 'ADDED' && children.length === 0 ? (
        <div className="upstream-child">
          <Typography.Text type="secondary">
            {translate(
              change.decision === 'TAKEN'
                ? 'derivation.upstream.wasAdded'
                : change.decision === 'DECLINED'
                  ? 'derivation.upstream.notAdded'
                  : 'derivation.upstream.willBeAdded',
            )}
          </Typography.Text>
        </div>
      ) : children.length === 0 ? (
        <div className="upstream-child">
          <Typography.Text type="secondary">{translate('derivation.upstream.noChildNodes')}</Typography.Text>
        </div>
      ) : (
        children.map((n) => (
          <div key={n.id} className="upstream-child">
            <Space size={8} align="start">
              <ProvenanceTag status={n.provenance as Provenance} />
              <span>
                {n.label && <strong style={{ marginRight: 6 }}>{n.label}</strong>}
                {n.text}
              </span>
            </Space>
          </div>
        ))
      )}

      {change.decision === 'DECLINED' && change.reason && (
        <div className="plan-diff-reason">
          <Typography.Text strong>{translate('derivation.upstream.reason')}: </Typography.Text>
          {change.reason}
        </div>
      )}

      {conflicts && (
        <Alert
          type="error"
          showIcon
          role="alert"
          style={{ marginTop: 12 }}
          message={translate('derivation.upstream.conflictTitle')}
          description={
            <Flex vertical gap={8}>
              <span>{translate('derivation.upstream.conflictHint')}</span>
              {conflicts.map((c, i) => (
                <div key={i} className="upstream-conflict">
                  <div>
                    <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
                      {translate('derivation.upstream.base')}
                    </Typography.Text>
                    {c.base}
                  </div>
                  <div>
                    <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
                      {translate('derivation.upstream.ours')}
                    </Typography.Text>
                    {c.ours}
                  </div>
                  <div>
                    <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
                      {translate('derivation.upstream.theirs')}
                    </Typography.Text>
                    {c.theirs}
                  </div>
                </div>
              ))}
            </Flex>
          }
        />
      )}

      {editable && !change.decision && (
        <div style={{ marginTop: 12 }}>
          {declining ? (
            <div>
              <label htmlFor={reasonId} style={{ display: 'block', marginBottom: 4 }}>
                {translate('derivation.upstream.reason')}
              </label>
              <Input.TextArea
                id={reasonId}
                autoFocus
                value={reason}
                maxLength={2000}
                autoSize={{ minRows: 2, maxRows: 5 }}
                status={reasonError ? 'error' : undefined}
                onChange={(e) => {
                  setReason(e.target.value);
                  setReasonError(null);
                }}
              />
              {reasonError && (
                <Typography.Text type="danger" role="alert">
                  {reasonError}
                </Typography.Text>
              )}
              <Space style={{ marginTop: 8 }}>
                <Button danger loading={decline.isPending} onClick={() => void submitDecline()}>
                  {translate('derivation.upstream.confirmDecline')}
                </Button>
                <Button onClick={() => setDeclining(false)}>{translate('common.cancel')}</Button>
              </Space>
            </div>
          ) : (
            <Space>
              <Button type="primary" icon={<CheckOutlined  aria-hidden />} loading={take.isPending} onClick={() => void apply()}>
                {translate('derivation.upstream.take')}
              </Button>
              <Button icon={<CloseOutlined  aria-hidden />} onClick={() => setDeclining(true)}>
                {translate('derivation.upstream.decline')}
              </Button>
            </Space>
          )}
        </div>
      )}
    </Card>
  );
}
