import { Button } from 'antd';
import { ClusterOutlined } from '@ant-design/icons';
import { useTranslate } from '@refinedev/core';
import { useNavigate } from 'react-router';

/**
 * For the plan page (owned by the plans feature): "Theo dõi cấp dưới" opens the cascade of an
 * issued plan. Nothing for drafts: subordinates derive only from issued plans.
 */
export function CascadeButton({ plan }: { plan: { id: string; status: string } }) {
  const translate = useTranslate();
  const navigate = useNavigate();
  if (plan.status !== 'ISSUED' && plan.status !== 'SUPERSEDED') return null;
  return (
    <Button icon={<ClusterOutlined  aria-hidden />} onClick={() => navigate(`/plans/${plan.id}/cascade`)}>
      {translate('cascade.plans.follow')}
    </Button>
  );
}
