import { useState } from 'react';
import { Button, Popconfirm, Space, Tooltip } from 'antd';
import { AimOutlined, DeleteOutlined, EditOutlined } from '@ant-design/icons';
import { useTranslate } from '@refinedev/core';
import { useNotify } from '../common/use-notify';
import { formatDate } from '../i18n/format';
import { useLocale } from '../i18n/locale';
import { AgencyTags } from './AgencyRefsSelect';
import { usePlanContext } from './plan-context';
import { DELETE_TARGET } from './plans.graphql';
import { formatNumber, sumCheck } from './printed';
import { SumCheckBadge, targetAmount, targetSentence } from './target-parts';
import { TargetEditorModal } from './editors';
import { usePlanMutation, useSaved } from './use-plan-api';
import type { Target } from './types';

/** A target under the node that states it: the total, who answers for it, its allocations and their sum. */
export function TargetBlock({ target }: { target: Target }) {
  const translate = useTranslate();
  const locale = useLocale();
  const notify = useNotify();
  const saved = useSaved();
  const { editable, reload, plan } = usePlanContext();
  const { run, isPending } = usePlanMutation();
  const [editing, setEditing] = useState(false);
  const check = sumCheck(target.value, target.allocations.map((a) => a.value));
  const amount = targetAmount(target, translate, locale);
  const phase = target.phaseId ? plan.phases.find((p) => p.id === target.phaseId) : null;

  const remove = async () => {
    try {
      await run(DELETE_TARGET, { id: target.id, version: target.version });
      await reload();
      saved(translate('plans.targets.deleted'));
    } catch (e) {
      notify.error(e);
      void reload();
    }
  };

  return (
    <div className="plan-annotation plan-target" data-testid="plan-target">
      <div className="plan-annotation-line">
        <AimOutlined aria-hidden className="plan-annotation-icon" />
        <span className="plan-annotation-key">{translate('plans.targets.target')}</span>
        <span className="plan-target-sentence">
          {amount ? (
            <>
              <strong>{amount}</strong> — {target.metric}
            </>
          ) : (
            targetSentence(target, translate, locale)
          )}
        </span>
        {target.responsible && (
          <span className="plan-target-extra">
            · {translate('plans.targets.responsibleShort')} <AgencyTags refs={[target.responsible]} />
          </span>
        )}
        {(target.periodStart || target.periodEnd) && (
          <span className="plan-target-extra">
            · {formatDate(target.periodStart)}–{formatDate(target.periodEnd)}
          </span>
        )}
        {phase && <span className="plan-target-extra">· {phase.name}</span>}
        {target.year && <span className="plan-target-extra">· {translate('plans.targets.yearShort', { year: target.year })}</span>}
        {editable && (
          <Space size={0} className="plan-inline-actions">
            <Tooltip title={translate('plans.targets.edit')}>
              <Button type="text" size="small" icon={<EditOutlined  aria-hidden />} aria-label={translate('plans.targets.edit')} onClick={() => setEditing(true)} />
            </Tooltip>
            <Popconfirm
              title={translate('plans.targets.deleteConfirm')}
              okText={translate('buttons.delete')}
              cancelText={translate('common.cancel')}
              okButtonProps={{ danger: true, loading: isPending }}
              onConfirm={() => remove()}
            >
              <Tooltip title={translate('plans.targets.delete')}>
                <Button type="text" size="small" danger icon={<DeleteOutlined  aria-hidden />} aria-label={translate('plans.targets.delete')} />
              </Tooltip>
            </Popconfirm>
          </Space>
        )}
      </div>
      {target.allocations.length > 0 && (
        <div className="plan-allocations">
          <span className="plan-annotation-key">{translate('plans.targets.allocations')}</span>
          {target.allocations.map((a, i) => (
            <span key={a.id ?? i} className={a.unitId ? 'plan-allocation plan-allocation-unit' : 'plan-allocation'}>
              {a.assignee}: <strong>{formatNumber(a.value, locale)}</strong>
            </span>
          ))}
        </div>
      )}
      {(target.allocations.length > 0 || check.matches !== null) && (
        <div className="plan-annotation-line">
          <SumCheckBadge check={check} unitOfMeasure={target.unitOfMeasure} />
        </div>
      )}
      {editing && <TargetEditorModal target={target} onClose={() => setEditing(false)} />}
    </div>
  );
}
