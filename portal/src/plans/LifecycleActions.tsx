import { useState } from 'react';
import { Button } from 'antd';
import { CheckCircleOutlined, DiffOutlined, RollbackOutlined, SendOutlined, StopOutlined, UndoOutlined } from '@ant-design/icons';
import { useTranslate } from '@refinedev/core';
import { IssueModal, TransitionModal } from './editors';
import { usePlanContext } from './plan-context';

export type LifecycleDialog = 'submit' | 'withdraw' | 'return' | 'issue' | 'revoke' | 'amend';
type Dialog = LifecycleDialog | null;

/**
 * Review and issue: editors submit a draft ("Trình duyệt"), withdraw it, or start an amendment of
 * the issued plan; approvers return it with a reason, issue it (number, date, signer) or revoke it.
 * Only the buttons the user's role and the plan's status allow are shown.
 */
export function LifecycleActions() {
  const translate = useTranslate();
  const { permissions } = usePlanContext();
  const [dialog, setDialog] = useState<Dialog>(null);
  const can = permissions.can;

  return (
    <>
      {can('submit') && (
        <Button type="primary" icon={<SendOutlined  aria-hidden />} onClick={() => setDialog('submit')}>
          {translate('plans.lifecycle.submit')}
        </Button>
      )}
      {can('withdraw') && (
        <Button icon={<UndoOutlined  aria-hidden />} onClick={() => setDialog('withdraw')}>
          {translate('plans.lifecycle.withdraw')}
        </Button>
      )}
      {can('return') && (
        <Button icon={<RollbackOutlined  aria-hidden />} onClick={() => setDialog('return')}>
          {translate('plans.lifecycle.return')}
        </Button>
      )}
      {can('issue') && (
        <Button type="primary" icon={<CheckCircleOutlined  aria-hidden />} onClick={() => setDialog('issue')}>
          {translate('plans.lifecycle.issue')}
        </Button>
      )}
      {can('amend') && (
        <Button icon={<DiffOutlined  aria-hidden />} onClick={() => setDialog('amend')}>
          {translate('plans.lifecycle.amend')}
        </Button>
      )}
      {can('revoke') && (
        <Button danger icon={<StopOutlined  aria-hidden />} onClick={() => setDialog('revoke')}>
          {translate('plans.lifecycle.revoke')}
        </Button>
      )}
      {dialog === 'issue' && <IssueModal onClose={() => setDialog(null)} />}
      {dialog && dialog !== 'issue' && <TransitionModal kind={dialog} onClose={() => setDialog(null)} />}
    </>
  );
}
