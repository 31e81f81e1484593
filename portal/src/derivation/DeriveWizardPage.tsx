import { useEffect, useMemo, useRef, useState } from 'react';
import { Alert, Button, Card, Col, Flex, Result, Row, Skeleton, Space, Statistic, Steps, Switch, Table, Tag, Typography } from 'antd';
import { ArrowLeftOutlined, ArrowRightOutlined, CheckCircleOutlined, FileAddOutlined, WarningOutlined } from '@ant-design/icons';
import { useGetIdentity, useTranslate } from '@refinedev/core';
import { useNavigate, useParams } from 'react-router';
import { useSectors } from '../agencies/use-sectors';
import type { Identity } from '../auth/identity';
import { ErrorState } from '../common/ErrorState';
import { PageFrame } from '../common/PageFrame';
import { useNotify } from '../common/use-notify';
import { toHttpError } from '../providers/errors';
import { canDeriveFrom } from './access';
import { DERIVATION_PREVIEW, DERIVE_PLAN, PLAN_SUMMARY } from './derivation.graphql';
import { newIdempotencyKey, sortMapping } from './diff';
import { PlanHeadDescriptions } from './PlanHeadDescriptions';
import { PlanStatusTag } from '../common/PlanStatusTag';
import type { AgencyMapping, DerivationPreview, DerivedTargetPreview, PlanSummary } from './types';
import { useGqlMutation, useGqlQuery } from '../common/use-gql';
import './derivation.css';
import '../plans/plans.css';

/**
 * "Xây dựng kế hoạch từ kế hoạch cấp trên": 1. the parent plan; 2. what derivation will do (the
 * agency mapping, what the editor will have to resolve, the targets taken over, the size); 3.
 * create the draft — once, whatever the clicks and retries — and open it.
 */
export function DeriveWizardPage() {
  const translate = useTranslate();
  const notify = useNotify();
  const navigate = useNavigate();
  const { parentPlanId = '' } = useParams();
  const { data: identity } = useGetIdentity<Identity>();
  const [step, setStep] = useState(0);
  const [onlyUnmatched, setOnlyUnmatched] = useState(false);
  const [createError, setCreateError] = useState<unknown>(null);
  const idempotencyKey = useRef(newIdempotencyKey('derive'));
  const stepHeading = useRef<HTMLHeadingElement>(null);
  const sectors = useSectors();

  const parentQ = useGqlQuery<{ plan: PlanSummary }>(PLAN_SUMMARY, { id: parentPlanId }, { enabled: Boolean(parentPlanId) });
  const parent = parentQ.data?.plan;
  const permission = identity && parent ? canDeriveFrom(identity, parent) : null;
  const previewQ = useGqlQuery<{ derivationPreview: DerivationPreview }>(
    DERIVATION_PREVIEW,
    { parentPlanId },
    // Fetched from the first step: a draft the unit already has is said there, not one step later (issue 14).
    { enabled: Boolean(permission?.can) },
  );
  const preview = previewQ.data?.derivationPreview;
  const derive = useGqlMutation<{ derivePlan: { plan: { id: string; title: string } } }>(DERIVE_PLAN);

  useEffect(() => {
    stepHeading.current?.focus();
  }, [step]);

  const mapping = useMemo(() => {
    const sorted = sortMapping(preview?.agencyMapping ?? []);
    return onlyUnmatched ? sorted.filter((m) => !m.to) : sorted;
  }, [preview, onlyUnmatched]);
  const matched = preview ? preview.agencyMapping.filter((m) => m.to).length : 0;

  const create = async () => {
    setCreateError(null);
    try {
      const data = await derive.run({ input: { parentPlanId, idempotencyKey: idempotencyKey.current } });
      notify.success(translate('derivation.wizard.created'));
      void navigate(`/plans/${data.derivePlan.plan.id}`);
    } catch (e) {
      setCreateError(e);
      // Another editor of the unit may have derived it meanwhile: the preview then shows their plan.
      if (toHttpError(e).code === 'INVALID_STATE') void previewQ.query.refetch();
    }
  };

  const title = translate('derivation.wizard.title');
  if (parentQ.query.isError) {
    return (
      <PageFrame title={title}>
        <ErrorState error={parentQ.query.error} onRetry={() => void parentQ.query.refetch()} />
      </PageFrame>
    );
  }
  if (!parent || !identity) {
    return (
      <PageFrame title={title}>
        <Card>
          <Skeleton active />
        </Card>
      </PageFrame>
    );
  }

  const steps = [
    { title: translate('derivation.wizard.step1'), description: translate('derivation.wizard.step1Hint') },
    { title: translate('derivation.wizard.step2'), description: translate('derivation.wizard.step2Hint') },
    { title: translate('derivation.wizard.step3'), description: translate('derivation.wizard.step3Hint') },
  ];
  const existing = preview?.existingPlan ?? null;

  return (
    <PageFrame
      title={title}
      subtitle={translate('derivation.wizard.subtitle', { unit: identity.unit.name })}
      extra={
        <Button icon={<ArrowLeftOutlined  aria-hidden />} onClick={() => navigate('/derive')}>
          {translate('derivation.wizard.backToList')}
        </Button>
      }
    >
      <Card>
        <Steps current={step} items={steps} className="derive-steps" size="small" />
      </Card>

      {step === 0 && (
        <Card
          title={
            <h2 ref={stepHeading} tabIndex={-1} className="ant-typography" style={{ fontSize: 16, margin: 0 }}>
              {translate('derivation.wizard.parentHeading')}
            </h2>
          }
        >
          <PlanHeadDescriptions plan={parent} />
          {existing && (
            <div style={{ marginTop: 16 }}>
              <ExistingPlanAlert plan={existing} />
            </div>
          )}
          {!permission?.can && (
            <Alert
              type="warning"
              showIcon
              style={{ marginTop: 16 }}
              message={translate('derivation.wizard.cannotDerive')}
              description={translate(`derivation.wizard.denied.${permission?.reason ?? 'EDITOR_ONLY'}`)}
            />
          )}
          <NextButton
            blocked={!permission?.can ? 'denied' : existing ? 'existing' : !preview && !previewQ.query.isError ? 'loading' : null}
            onNext={() => setStep(1)}
          />
        </Card>
      )}

      {step === 1 && (
        <Card
          title={
            <h2 ref={stepHeading} tabIndex={-1} className="ant-typography" style={{ fontSize: 16, margin: 0 }}>
              {translate('derivation.wizard.previewHeading', { unit: identity.unit.name })}
            </h2>
          }
        >
          {previewQ.query.isError ? (
            <ErrorState error={previewQ.query.error} onRetry={() => void previewQ.query.refetch()} />
          ) : !preview ? (
            <Skeleton active paragraph={{ rows: 8 }} />
          ) : (
            <Space direction="vertical" size={16} style={{ width: '100%' }}>
              {existing && <ExistingPlanAlert plan={existing} />}
              <Row gutter={16}>
                <Col xs={12} md={6}>
                  <Statistic title={translate('derivation.preview.nodes')} value={preview.nodeCount} />
                </Col>
                <Col xs={12} md={6}>
                  <Statistic title={translate('derivation.preview.tasks')} value={preview.taskCount} />
                </Col>
                <Col xs={12} md={6}>
                  <Statistic
                    title={translate('derivation.preview.agenciesMatched')}
                    value={matched}
                    suffix={`/ ${preview.agencyMapping.length}`}
                  />
                </Col>
                <Col xs={12} md={6}>
                  <Statistic title={translate('derivation.preview.targets')} value={preview.targets.length} />
                </Col>
              </Row>
              <div>
                <Typography.Text type="secondary">{translate('derivation.preview.newTitle')}</Typography.Text>
                <Typography.Paragraph strong style={{ fontSize: 15, marginBottom: 4 }}>
                  {preview.title}
                </Typography.Paragraph>
                <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }} ellipsis={{ rows: 2, expandable: true, symbol: translate('derivation.preview.more') }}>
                  {preview.preamble}
                </Typography.Paragraph>
              </div>
              {preview.unmatchedAgencies.length > 0 ? (
                <Alert
                  type="warning"
                  showIcon
                  icon={<WarningOutlined  aria-hidden />}
                  message={translate('derivation.preview.unmatchedTitle', { count: preview.unmatchedAgencies.length })}
                  description={translate('derivation.preview.unmatchedHint', { unit: preview.unit.name })}
                />
              ) : (
                <Alert type="success" showIcon message={translate('derivation.preview.allMatched')} />
              )}
              <section aria-labelledby="derive-mapping-heading">
                <Flex justify="space-between" align="center" style={{ marginBottom: 8 }}>
                  <Typography.Title level={5} id="derive-mapping-heading" style={{ margin: 0 }}>
                    {translate('derivation.preview.mappingHeading')}
                  </Typography.Title>
                  <Space>
                    <Switch id="derive-only-unmatched" size="small" checked={onlyUnmatched} onChange={setOnlyUnmatched} />
                    <label htmlFor="derive-only-unmatched">{translate('derivation.preview.onlyUnmatched')}</label>
                  </Space>
                </Flex>
                <Table<AgencyMapping>
                  size="small"
                  rowKey={(m) => `${m.fromName}|${m.fromSector ?? ''}`}
                  dataSource={mapping}
                  pagination={mapping.length > 10 ? { pageSize: 10, showSizeChanger: false, size: 'small' } : false}
                  rowClassName={(m) => (m.to ? '' : 'mapping-unmatched')}
                  columns={[
                    { title: translate('derivation.preview.fromAgency'), dataIndex: 'fromName' },
                    {
                      title: translate('derivation.preview.sector'),
                      dataIndex: 'fromSector',
                      width: 200,
                      render: (s: string | null) =>
                        s ? sectors.nameOf(s) : <Typography.Text type="secondary">{translate('derivation.preview.noSector')}</Typography.Text>,
                    },
                    {
                      title: translate('derivation.preview.toAgency', { unit: preview.unit.name }),
                      dataIndex: 'to',
                      render: (to: AgencyMapping['to']) =>
                        to ? (
                          <span>
                            <CheckCircleOutlined style={{ color: '#389e0d', marginRight: 6 }} aria-hidden />
                            {to.name}
                          </span>
                        ) : (
                          <Flex vertical gap={2}>
                            <Tag color="red" style={{ width: 'fit-content' }}>
                              {translate('derivation.preview.unmatched')}
                            </Tag>
                            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                              {translate('derivation.preview.unmatchedAction')}
                            </Typography.Text>
                          </Flex>
                        ),
                    },
                    { title: translate('derivation.preview.uses'), dataIndex: 'uses', width: 110, align: 'right' },
                  ]}
                />
              </section>
              <section aria-labelledby="derive-targets-heading">
                <Typography.Title level={5} id="derive-targets-heading" style={{ marginTop: 0 }}>
                  {translate('derivation.preview.targetsHeading')}
                </Typography.Title>
                <Table<DerivedTargetPreview>
                  size="small"
                  rowKey="parentTargetId"
                  dataSource={preview.targets}
                  pagination={preview.targets.length > 10 ? { pageSize: 10, showSizeChanger: false, size: 'small' } : false}
                  locale={{ emptyText: translate('derivation.preview.noTargets') }}
                  columns={[
                    { title: translate('derivation.preview.metric'), dataIndex: 'metric' },
                    {
                      title: translate('derivation.preview.value'),
                      key: 'value',
                      width: 160,
                      align: 'right',
                      render: (_: unknown, t) => (
                        <Typography.Text strong>
                          {t.value ?? '—'} {t.unitOfMeasure}
                        </Typography.Text>
                      ),
                    },
                    {
                      title: translate('derivation.preview.source'),
                      dataIndex: 'allocated',
                      width: 220,
                      render: (allocated: boolean) =>
                        allocated ? (
                          <Tag color="blue">{translate('derivation.preview.allocated')}</Tag>
                        ) : (
                          <Tag>{translate('derivation.preview.common')}</Tag>
                        ),
                    },
                  ]}
                />
              </section>
            </Space>
          )}
          <Flex justify="space-between" style={{ marginTop: 16 }}>
            <Button onClick={() => setStep(0)} icon={<ArrowLeftOutlined  aria-hidden />}>
              {translate('derivation.wizard.back')}
            </Button>
            <NextButton blocked={existing ? 'existing' : !preview ? 'loading' : null} onNext={() => setStep(2)} inline />
          </Flex>
        </Card>
      )}

      {step === 2 && preview && (
        <Card
          title={
            <h2 ref={stepHeading} tabIndex={-1} className="ant-typography" style={{ fontSize: 16, margin: 0 }}>
              {translate('derivation.wizard.createHeading')}
            </h2>
          }
        >
          {existing ? (
            <ExistingPlanAlert plan={existing} />
          ) : (
            <Result
              icon={<FileAddOutlined style={{ color: '#1f4e8c' }} aria-hidden />}
              title={preview.title}
              subTitle={translate('derivation.wizard.createSummary', {
                nodes: preview.nodeCount,
                tasks: preview.taskCount,
                targets: preview.targets.length,
                unmatched: preview.unmatchedAgencies.length,
              })}
              extra={
                <Space direction="vertical" size={12} style={{ width: '100%', alignItems: 'center' }}>
                  {createError != null && <ErrorState error={createError} />}
                  <Button type="primary" size="large" icon={<FileAddOutlined  aria-hidden />} loading={derive.isPending} onClick={() => void create()}>
                    {translate('derivation.wizard.create')}
                  </Button>
                  <Typography.Text type="secondary">{translate('derivation.wizard.createHint')}</Typography.Text>
                </Space>
              }
            />
          )}
          <Flex justify="flex-start" style={{ marginTop: 16 }}>
            <Button onClick={() => setStep(1)} icon={<ArrowLeftOutlined  aria-hidden />} disabled={derive.isPending}>
              {translate('derivation.wizard.back')}
            </Button>
          </Flex>
        </Card>
      )}
    </PageFrame>
  );
}

function ExistingPlanAlert({ plan }: { plan: NonNullable<DerivationPreview['existingPlan']> }) {
  const translate = useTranslate();
  const navigate = useNavigate();
  return (
    <Alert
      type="info"
      showIcon
      message={translate('derivation.preview.existingTitle')}
      description={
        <Space direction="vertical" size={8}>
          <span>
            {plan.numberSymbol ? `${plan.numberSymbol} — ` : ''}
            {plan.title} <PlanStatusTag status={plan.status} />
          </span>
          <Space wrap>
            <Button type="primary" onClick={() => navigate(`/plans/${plan.id}`)}>
              {translate('derivation.preview.openExisting')}
            </Button>
            <Button onClick={() => navigate(`/plans/${plan.id}/diff`)}>{translate('derivation.diff.open')}</Button>
          </Space>
        </Space>
      }
    />
  );
}

/** "Tiếp tục", and when it cannot be used, why — in words beside it, tied to it for screen readers. */
function NextButton({ blocked, onNext, inline = false }: { blocked: 'denied' | 'existing' | 'loading' | null; onNext: () => void; inline?: boolean }) {
  const translate = useTranslate();
  const reason = blocked === 'existing' ? 'derivation.wizard.nextBlockedExisting' : blocked === 'loading' ? 'derivation.wizard.nextBlockedLoading' : null;
  const button = (
    <Button
      type="primary"
      disabled={blocked !== null}
      onClick={onNext}
      icon={<ArrowRightOutlined aria-hidden />}
      iconPosition="end"
      aria-describedby={reason ? 'derive-next-reason' : undefined}
    >
      {translate('derivation.wizard.next')}
    </Button>
  );
  const why = reason && (
    <span id="derive-next-reason" className="text-secondary derive-next-reason" role="status">
      {translate(reason)}
    </span>
  );
  if (inline) {
    return (
      <Flex gap={8} align="center" wrap justify="flex-end">
        {why}
        {button}
      </Flex>
    );
  }
  return (
    <Flex gap={8} align="center" wrap justify="flex-end" style={{ marginTop: 16 }}>
      {why}
      {button}
    </Flex>
  );
}
