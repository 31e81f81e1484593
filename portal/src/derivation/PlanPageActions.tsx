import { Alert, Button } from 'antd';
import { DiffOutlined, ForkOutlined } from '@ant-design/icons';
import { useCan, useTranslate } from '@refinedev/core';
import { useNavigate } from 'react-router';
import type { PlanScope } from './access';
import { UPSTREAM_PENDING } from './derivation.graphql';
import { useGqlQuery } from '../common/use-gql';

/**
 * Pieces for the plan page (owned by the plans feature), linking into derivation by route:
 *
 *   <DeriveButton plan={plan} />            "Xây dựng kế hoạch thực hiện" on an issued plan from above
 *   <PlanDiffButton plan={plan} />          "So sánh với kế hoạch cấp trên" on a derived plan
 *   <UpstreamChangesNotice planId={id} />   "N thay đổi từ kế hoạch cấp trên" when the parent was amended
 *
 * Each renders nothing when it does not apply or the user may not use it.
 */

/** Starts the derivation wizard from this (issued, superior's) plan; editors of a unit below only. */
export function DeriveButton({ plan, type = 'primary' }: { plan: PlanScope & { id: string }; type?: 'primary' | 'default' }) {
  const translate = useTranslate();
  const navigate = useNavigate();
  const can = useCan({ resource: 'derivation', action: 'create', params: { parentPlan: plan } });
  if (!can.data?.can) return null;
  return (
    <Button type={type} icon={<ForkOutlined  aria-hidden />} onClick={() => navigate(`/derive/${plan.id}`)}>
      {translate('derivation.deriveLong')}
    </Button>
  );
}

/** Opens the diff against the parent plan; only for a plan derived from one. */
export function PlanDiffButton({ plan }: { plan: { id: string; parentPlan?: { id: string } | null } }) {
  const translate = useTranslate();
  const navigate = useNavigate();
  if (!plan.parentPlan) return null;
  return (
    <Button icon={<DiffOutlined  aria-hidden />} onClick={() => navigate(`/plans/${plan.id}/diff`)}>
      {translate('derivation.diff.open')}
    </Button>
  );
}

/** "3 thay đổi từ kế hoạch cấp trên" with a link to decide them; nothing when there are none. */
export function UpstreamChangesNotice({ planId }: { planId: string }) {
  const translate = useTranslate();
  const navigate = useNavigate();
  const q = useGqlQuery<{ plan: { id: string; status: string; upstreamChanges: { decision: string | null }[] } }>(UPSTREAM_PENDING, {
    id: planId,
  });
  const pending = (q.data?.plan.upstreamChanges ?? []).filter((c) => !c.decision).length;
  if (!pending) return null;
  return (
    <Alert
      type="warning"
      showIcon
      message={translate('derivation.upstream.pendingCount', { count: pending })}
      action={
        <Button size="small" onClick={() => navigate(`/plans/${planId}/upstream`)}>
          {translate('derivation.upstream.review')}
        </Button>
      }
    />
  );
}
