import { Alert, Button, Tag } from 'antd';
import { useTranslate } from '@refinedev/core';
import { Link, useNavigate } from 'react-router';
import type { AncestorPlanRef, PlanStatus } from '../plans/types';
import { superiorChange } from './superior-change';

/** On the plan page: the superior's plan has changed since — which one, and what to do about it. */
export function SuperiorChangeNotice({
  plan,
}: {
  plan: { id: string; status: PlanStatus; parentPlan?: AncestorPlanRef | null };
}) {
  const translate = useTranslate();
  const navigate = useNavigate();
  const change = superiorChange(plan);
  if (!change || plan.status === 'SUPERSEDED' || plan.status === 'REVOKED') return null;
  const number = change.changed.numberSymbol ?? translate('plans.draftShort');
  if (change.depth === 1) {
    return (
      <Alert
        className="plan-notice"
        type="warning"
        showIcon
        data-testid="superior-changed"
        message={translate('derivation.superior.parent', { number, unit: change.changed.unit.name })}
        description={translate(plan.status === 'ISSUED' ? 'derivation.superior.parentIssued' : 'derivation.superior.parentDraft')}
        action={
          plan.status === 'DRAFT' ? (
            <Button size="small" onClick={() => navigate(`/plans/${plan.id}/upstream`)}>
              {translate('derivation.superior.review')}
            </Button>
          ) : (
            <Link to={`/plans/${change.changed.id}`}>{translate('derivation.superior.openChanged')}</Link>
          )
        }
      />
    );
  }
  const via = change.via!;
  return (
    <Alert
      className="plan-notice"
      type="warning"
      showIcon
      data-testid="superior-changed"
      message={translate('derivation.superior.above', {
        number,
        unit: change.changed.unit.name,
        via: via.numberSymbol ?? translate('plans.draftShort'),
        viaUnit: via.unit.name,
      })}
      description={translate('derivation.superior.aboveHint', { viaUnit: via.unit.name })}
      action={<Link to={`/plans/${change.changed.id}`}>{translate('derivation.superior.openChanged')}</Link>}
    />
  );
}

/** In a list: a tag beside the superior plan when it (or one further up) has changed since. */
export function SuperiorChangedTag({ plan }: { plan: { parentPlan?: AncestorPlanRef | null } }) {
  const translate = useTranslate();
  const change = superiorChange(plan);
  if (!change) return null;
  return (
    <Tag color="orange" className="superior-changed-tag" title={translate('derivation.superior.tagHint', { number: change.changed.numberSymbol ?? '', unit: change.changed.unit.name })}>
      {translate('derivation.superior.tag')}
    </Tag>
  );
}
