import { Card, Col, Flex, Progress, Row, Skeleton, Tag, Typography } from 'antd';
import { useTranslate } from '@refinedev/core';
import { ErrorState } from '../common/ErrorState';
import { CoverageBar } from './CoverageBar';
import { CASCADE_STATUSES, COMPLIANCE_COLOR, COMPLIANCES, countOf, STATUS_COLOR } from './labels';
import type { CascadeSummary, Compliance } from './types';
import './cascade.css';

// Text colours with a 4.5:1 contrast on white (WCAG AA).
const TAG_HEX: Record<string, string> = { green: '#237804', orange: '#ad4e00', red: '#cf1322', blue: '#1f4e8c' };

/**
 * The cascade in five cards: units and plans, plans by status, compliance with the deadline
 * (each count a toggle that filters the table), coverage of the parent's tasks, upstream decisions.
 */
export function SummaryCards({
  summary,
  error,
  onRetry,
  compliance,
  onToggleCompliance,
}: {
  summary: CascadeSummary | undefined;
  error: unknown;
  onRetry: () => void;
  compliance: Compliance[];
  onToggleCompliance: (c: Compliance) => void;
}) {
  const translate = useTranslate();
  if (error) return <ErrorState error={error} onRetry={onRetry} />;
  if (!summary) {
    return (
      <Card>
        <Skeleton active paragraph={{ rows: 2 }} />
      </Card>
    );
  }
  const withPlanPercent = summary.units ? Math.round((summary.withPlan / summary.units) * 100) : 0;
  return (
    <Row gutter={[12, 12]} className="cascade-cards" data-testid="cascade-summary">
      <Col flex="1 1 170px">
        <Card size="small" style={{ height: '100%' }}>
          <div className="cascade-card-title">{translate('cascade.summary.units')}</div>
          <div className="cascade-big" data-testid="summary-units">
            {summary.units}
          </div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {translate('cascade.summary.withPlan', { count: summary.withPlan })}
          </Typography.Text>
          <Progress percent={withPlanPercent} size="small" showInfo={false} aria-label={translate('cascade.summary.withPlan', { count: summary.withPlan })} />
        </Card>
      </Col>
      <Col flex="1 1 200px">
        <Card size="small" style={{ height: '100%' }}>
          <div className="cascade-card-title">{translate('cascade.summary.byStatus')}</div>
          <Flex vertical gap={2} style={{ marginTop: 4 }}>
            {CASCADE_STATUSES.filter((s) => s !== 'SUPERSEDED' || countOf(summary.byStatus, 'status', s) > 0).map((s) => (
              <Flex key={s} justify="space-between" align="center">
                <Tag color={STATUS_COLOR[s]} bordered={false}>
                  {translate(`cascade.status.${s}`)}
                </Tag>
                <strong>{countOf(summary.byStatus, 'status', s)}</strong>
              </Flex>
            ))}
          </Flex>
        </Card>
      </Col>
      <Col flex="1 1 230px">
        <Card size="small" style={{ height: '100%' }}>
          <div className="cascade-card-title">{translate('cascade.summary.compliance')}</div>
          <div
            className="cascade-compliance"
            role="group"
            aria-label={translate('cascade.summary.complianceFilter')}
            title={translate('cascade.summary.complianceHint')}
            style={{ marginTop: 4 }}
          >
            {COMPLIANCES.map((c) => (
              <button
                key={c}
                type="button"
                aria-pressed={compliance.includes(c)}
                onClick={() => onToggleCompliance(c)}
                title={translate('cascade.summary.filterBy', { what: translate(`cascade.compliance.${c}`) })}
                data-testid={`summary-compliance-${c}`}
              >
                <span style={{ color: TAG_HEX[COMPLIANCE_COLOR[c]] }}>{translate(`cascade.compliance.${c}`)}</span>
                <strong>{countOf(summary.byCompliance, 'compliance', c)}</strong>
              </button>
            ))}
          </div>
        </Card>
      </Col>
      <Col flex="1 1 220px">
        <Card size="small" style={{ height: '100%' }}>
          <div className="cascade-card-title">{translate('cascade.summary.coverage')}</div>
          <div className="cascade-big">
            {summary.coverage.share === null ? '—' : `${Math.round(summary.coverage.share * 100)}%`}
          </div>
          <CoverageBar coverage={summary.coverage} />
        </Card>
      </Col>
      <Col flex="1 1 170px">
        <Card size="small" style={{ height: '100%' }}>
          <div className="cascade-card-title">{translate('cascade.summary.upstream')}</div>
          <Flex vertical gap={2} style={{ marginTop: 4 }}>
            <Flex justify="space-between">
              <span>{translate('cascade.summary.upstreamPending')}</span>
              <strong style={{ color: summary.upstreamPending ? '#ad4e00' : undefined }}>{summary.upstreamPending}</strong>
            </Flex>
            <Flex justify="space-between">
              <span>{translate('cascade.summary.upstreamDeclined')}</span>
              <strong>{summary.upstreamDeclined}</strong>
            </Flex>
          </Flex>
        </Card>
      </Col>
    </Row>
  );
}
