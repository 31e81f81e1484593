import { useMemo, useState } from 'react';
import { Alert, Button, Card, Col, Empty, Flex, Input, Row, Segmented, Skeleton, Space, Tag, Typography } from 'antd';
import { ArrowLeftOutlined, EditOutlined, PullRequestOutlined } from '@ant-design/icons';
import { useCan, useTranslate } from '@refinedev/core';
import { useNavigate, useParams } from 'react-router';
import { ErrorState } from '../common/ErrorState';
import { PageFrame } from '../common/PageFrame';
import { useNotify } from '../common/use-notify';
import { formatDate } from '../i18n/format';
import { describeTiming } from '../plans/wording';
import { toHttpError } from '../providers/errors';
import { PLAN_DIFF, SET_OMISSION_REASON } from './derivation.graphql';
import { entryDepth, filterEntries, PROVENANCES } from './diff';
import { PlanStatusTag } from '../common/PlanStatusTag';
import { ProvenanceTag } from './ProvenanceTag';
import type { AgencyRefLite, DiffNode, PlanDiff, PlanDiffEntry, PlanHead, Provenance } from './types';
import { useGqlMutation, useGqlQuery } from '../common/use-gql';
import { WordDiff } from './WordDiff';
import './derivation.css';
import '../plans/plans.css';

/** Entries drawn at first; "Xem thêm" adds as many again (a plan of a few hundred nodes never freezes). */
const CHUNK = 150;

type Filter = 'ALL' | 'CHANGED' | Provenance;

/**
 * "So sánh với kế hoạch cấp trên": the derived plan in document order, each node marked as
 * inherited, adapted (with the word diff), local or omitted (the parent's text greyed, with the
 * reason). Editors of the draft may reword an omission reason; superiors read.
 */
export function PlanDiffPage() {
  const translate = useTranslate();
  const navigate = useNavigate();
  const { id = '' } = useParams();
  const [filter, setFilter] = useState<Filter>('ALL');
  const [shown, setShown] = useState(CHUNK);
  const diffQ = useGqlQuery<{ planDiff: PlanDiff }>(PLAN_DIFF, { planId: id }, { enabled: Boolean(id) });
  const diff = diffQ.data?.planDiff;
  const canEdit = useCan({
    resource: 'derivation',
    action: 'setOmissionReason',
    params: { plan: diff?.plan },
    queryOptions: { enabled: Boolean(diff) },
  });

  const entries = useMemo(() => filterEntries(diff?.entries ?? [], filter), [diff, filter]);
  const title = translate('derivation.diff.title');

  if (diffQ.query.isError) {
    // A plan written from scratch (or imported without a parent) has nothing to compare with.
    const notDerived = toHttpError(diffQ.query.error).code === 'INVALID_STATE';
    return (
      <PageFrame
        title={title}
        extra={
          notDerived && (
            <Button icon={<ArrowLeftOutlined  aria-hidden />} onClick={() => navigate(`/plans/${id}`)}>
              {translate('derivation.diff.backToPlan')}
            </Button>
          )
        }
      >
        {notDerived ? (
          <Alert type="info" showIcon message={translate('derivation.diff.noParent')} />
        ) : (
          <ErrorState error={diffQ.query.error} onRetry={() => void diffQ.query.refetch()} />
        )}
      </PageFrame>
    );
  }
  if (!diff) {
    return (
      <PageFrame title={title}>
        <Card>
          <Skeleton active paragraph={{ rows: 10 }} />
        </Card>
      </PageFrame>
    );
  }

  const total = diff.entries.length;
  const counts: Record<Provenance, number> = {
    INHERITED: diff.counts.inherited,
    ADAPTED: diff.counts.adapted,
    LOCAL: diff.counts.local,
    OMITTED: diff.counts.omitted,
  };
  const changed = counts.ADAPTED + counts.LOCAL + counts.OMITTED;

  return (
    <PageFrame
      title={title}
      subtitle={diff.plan.title}
      extra={
        <>
          <Button icon={<ArrowLeftOutlined  aria-hidden />} onClick={() => navigate(`/plans/${diff.plan.id}`)}>
            {translate('derivation.diff.backToPlan')}
          </Button>
          {diff.parentPlan && (
            <Button icon={<PullRequestOutlined  aria-hidden />} onClick={() => navigate(`/plans/${diff.plan.id}/upstream`)}>
              {translate('derivation.upstream.open')}
            </Button>
          )}
        </>
      }
    >
      <Card size="small">
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <PlanCaption label={translate('derivation.diff.thisPlan')} plan={diff.plan} />
          </Col>
          <Col xs={24} md={12}>
            {diff.parentPlan ? (
              <PlanCaption label={translate('derivation.diff.parentPlan')} plan={diff.parentPlan} />
            ) : (
              <Typography.Text type="secondary">{translate('derivation.diff.noParent')}</Typography.Text>
            )}
          </Col>
        </Row>
      </Card>

      <Card>
        <Flex gap={12} wrap align="center" justify="space-between" style={{ marginBottom: 12 }}>
          <Segmented<Filter>
            value={filter}
            onChange={(v) => {
              setFilter(v);
              setShown(CHUNK);
            }}
            aria-label={translate('derivation.diff.filter')}
            options={[
              { value: 'ALL', label: translate('derivation.diff.all', { count: total }) },
              ...PROVENANCES.map((p) => ({ value: p, label: `${translate(`derivation.provenance.${p}`)} (${counts[p]})` })),
              { value: 'CHANGED', label: translate('derivation.diff.changedOnly', { count: changed }) },
            ]}
          />
          <Space size={16} className="diff-legend" aria-label={translate('derivation.diff.legend')}>
            <span>
              <ins className="word-diff-sample">{translate('derivation.diff.legendInserted')}</ins>
            </span>
            <span>
              <del className="word-diff-sample">{translate('derivation.diff.legendDeleted')}</del>
            </span>
          </Space>
        </Flex>
        {total === 0 || entries.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={translate(total ? 'derivation.diff.emptyFiltered' : 'derivation.diff.empty')} />
        ) : (
          <div className="plan-diff-list" role="list" aria-label={translate('derivation.diff.listLabel')}>
            {entries.slice(0, shown).map((e, i) => (
              <DiffEntry
                key={`${e.status}-${e.node?.id ?? e.parentNode?.id ?? i}`}
                entry={e}
                planId={diff.plan.id}
                editable={Boolean(canEdit.data?.can)}
                onSaved={() => void diffQ.query.refetch()}
              />
            ))}
          </div>
        )}
        {entries.length > shown && (
          <Flex justify="center" style={{ marginTop: 12 }}>
            <Button onClick={() => setShown((n) => n + CHUNK)}>
              {translate('derivation.diff.showMore', { shown, total: entries.length })}
            </Button>
          </Flex>
        )}
      </Card>
    </PageFrame>
  );
}

function PlanCaption({ label, plan }: { label: string; plan: PlanHead }) {
  const translate = useTranslate();
  return (
    <Flex vertical gap={2}>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {label}
      </Typography.Text>
      <Typography.Text strong>
        {plan.numberSymbol ? `${plan.numberSymbol} — ` : ''}
        {plan.unit.name}
      </Typography.Text>
      <Typography.Text ellipsis={{ tooltip: plan.title }}>{plan.title}</Typography.Text>
      <Space size={8}>
        <PlanStatusTag status={plan.status} />
        {plan.issuedDate && (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {translate('derivation.diff.issuedOn', { date: formatDate(plan.issuedDate) })}
          </Typography.Text>
        )}
      </Space>
    </Flex>
  );
}

const names = (list: AgencyRefLite[] | undefined) => (list ?? []).map((a) => a.name).join(', ');

function TaskLine({ node, prefix }: { node: DiffNode; prefix?: string }) {
  const translate = useTranslate();
  if (!node.task) return null;
  const unmatched = [...node.task.lead, ...node.task.cooperating].filter((a) => a.unmatched);
  return (
    <div className="plan-diff-meta">
      <Typography.Text type="secondary">
        {prefix && <strong>{prefix} </strong>}
        {node.task.lead.length > 0 && <>{translate('derivation.diff.lead', { names: names(node.task.lead) })}</>}
        {node.task.cooperating.length > 0 && <> · {translate('derivation.diff.cooperating', { names: names(node.task.cooperating) })}</>}
        {/* The timing from its facts (the current date, period or phase), not the words it was first written with. */}
        {node.task.timing && <> · {translate('derivation.diff.timing', { text: describeTiming(node.task.timing, [], translate) })}</>}
      </Typography.Text>
      {unmatched.length > 0 && (
        <Tag color="red" style={{ marginLeft: 8 }}>
          {translate('derivation.diff.unmatchedAgencies', { names: names(unmatched) })}
        </Tag>
      )}
    </div>
  );
}

function DiffEntry({ entry, planId, editable, onSaved }: { entry: PlanDiffEntry; planId: string; editable: boolean; onSaved: () => void }) {
  const translate = useTranslate();
  const node = entry.status === 'OMITTED' ? entry.parentNode : entry.node;
  const depth = entryDepth(entry);
  return (
    <div
      role="listitem"
      className={`plan-diff-entry plan-diff-entry-${entry.status}${node?.kind === 'SECTION' ? ' plan-diff-section' : ''}`}
      data-status={entry.status}
    >
      <Flex vertical gap={4} align="flex-start">
        <ProvenanceTag status={entry.status} />
        {entry.taskChanged && (
          <Tag color="orange" style={{ marginInlineEnd: 0 }}>
            {translate('derivation.diff.taskChanged')}
          </Tag>
        )}
      </Flex>
      <div style={{ paddingLeft: depth * 20 }}>
        <div className="plan-diff-text">
          {entry.status === 'ADAPTED' && entry.textDiff ? (
            // The API's word diff covers the printed label too ("- Công an…").
            <WordDiff parts={entry.textDiff} />
          ) : (
            <>
              {node?.label && <span className="plan-diff-label">{node.label}</span>}
              <span>{node?.text}</span>
            </>
          )}
        </div>
        {entry.status === 'ADAPTED' && entry.taskChanged && entry.parentNode?.task && (
          <TaskLine node={entry.parentNode} prefix={translate('derivation.diff.parentTask')} />
        )}
        {entry.status !== 'OMITTED' && entry.node && (
          <TaskLine node={entry.node} prefix={entry.taskChanged ? translate('derivation.diff.ownTask') : undefined} />
        )}
        {entry.status === 'OMITTED' && entry.parentNode && (
          <OmissionReason planId={planId} sourceNodeId={entry.parentNode.id} reason={entry.omissionReason} editable={editable} onSaved={onSaved} />
        )}
      </div>
    </div>
  );
}

function OmissionReason({
  planId,
  sourceNodeId,
  reason,
  editable,
  onSaved,
}: {
  planId: string;
  sourceNodeId: string;
  reason: string | null;
  editable: boolean;
  onSaved: () => void;
}) {
  const translate = useTranslate();
  const notify = useNotify();
  const [editing, setEditing] = useState(false);
  const [value, setValue] = useState(reason ?? '');
  const [error, setError] = useState<string | null>(null);
  const save = useGqlMutation(SET_OMISSION_REASON);

  const submit = async () => {
    if (!value.trim()) {
      setError(translate('derivation.diff.reasonRequired'));
      return;
    }
    try {
      await save.run({ input: { planId, sourceNodeId, reason: value.trim() } });
      notify.success(translate('derivation.diff.reasonSaved'));
      setEditing(false);
      onSaved();
    } catch (e) {
      notify.error(e);
    }
  };

  if (editing) {
    const inputId = `omission-${sourceNodeId}`;
    return (
      <div className="plan-diff-reason">
        <label htmlFor={inputId} style={{ display: 'block', marginBottom: 4 }}>
          {translate('derivation.diff.reason')}
        </label>
        <Input.TextArea
          id={inputId}
          autoFocus
          value={value}
          maxLength={2000}
          autoSize={{ minRows: 2, maxRows: 6 }}
          status={error ? 'error' : undefined}
          onChange={(e) => {
            setValue(e.target.value);
            setError(null);
          }}
        />
        {error && (
          <Typography.Text type="danger" role="alert">
            {error}
          </Typography.Text>
        )}
        <Space style={{ marginTop: 8 }}>
          <Button type="primary" size="small" loading={save.isPending} onClick={() => void submit()}>
            {translate('derivation.diff.saveReason')}
          </Button>
          <Button
            size="small"
            onClick={() => {
              setEditing(false);
              setValue(reason ?? '');
              setError(null);
            }}
          >
            {translate('common.cancel')}
          </Button>
        </Space>
      </div>
    );
  }
  return (
    <div className="plan-diff-reason">
      <Flex justify="space-between" align="flex-start" gap={8}>
        <span>
          <Typography.Text strong>{translate('derivation.diff.reason')}: </Typography.Text>
          {reason ? (
            <span className="omission-reason-text">{reason}</span>
          ) : (
            <Typography.Text type="warning">{translate('derivation.diff.noReason')}</Typography.Text>
          )}
        </span>
        {editable && (
          <Button size="small" type="link" icon={<EditOutlined  aria-hidden />} onClick={() => setEditing(true)}>
            {translate('derivation.diff.editReason')}
          </Button>
        )}
      </Flex>
    </div>
  );
}
