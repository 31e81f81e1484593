import { Flex, Typography } from 'antd';
import { useTranslate } from '@refinedev/core';
import { COVERAGE_KIND_COLOR, COVERAGE_KINDS, coverageSegments, sharePercent } from './labels';
import type { Coverage } from './types';
import './cascade.css';

/** Stacked bar of a plan's nodes (inherited / adapted / local / omitted) and the share of parent tasks kept. */
export function CoverageBar({ coverage }: { coverage: Coverage }) {
  const translate = useTranslate();
  const segments = coverageSegments(coverage);
  const share = sharePercent(coverage);
  const description = COVERAGE_KINDS.map((k) => `${translate(`cascade.coverage.${k}`)}: ${coverage[k]}`).join(', ');
  return (
    <Flex vertical gap={4} style={{ minWidth: 140 }}>
      <div className="coverage-bar" role="img" aria-label={description} title={description}>
        {segments.map((s) => (
          <span key={s.kind} style={{ width: `${s.percent}%`, background: COVERAGE_KIND_COLOR[s.kind] }} />
        ))}
      </div>
      <Typography.Text style={{ fontSize: 12 }}>
        {share === null
          ? translate('cascade.coverage.noTasks')
          : translate('cascade.coverage.share', { covered: coverage.parentTasksCovered, total: coverage.parentTasks, percent: share })}
      </Typography.Text>
    </Flex>
  );
}

export function CoverageLegend() {
  const translate = useTranslate();
  return (
    <div className="coverage-legend">
      {COVERAGE_KINDS.map((k) => (
        <span key={k}>
          <i style={{ background: COVERAGE_KIND_COLOR[k] }} aria-hidden />
          {translate(`cascade.coverage.${k}`)}
        </span>
      ))}
    </div>
  );
}
