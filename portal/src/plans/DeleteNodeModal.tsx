import { Modal, Typography } from 'antd';
import { useTranslate } from '@refinedev/core';
import { useNotify } from '../common/use-notify';
import { usePlanContext } from './plan-context';
import { comesFromParentPlan, subtreeIds } from './plan-tree';
import { DELETE_NODE } from './plans.graphql';
import { usePlanMutation, useSaved } from './use-plan-api';
import { nodeName } from './wording';
import type { PlanNode } from './types';

/**
 * Deleting one of the unit's own nodes and its subtree. Content taken from the parent plan is
 * omitted with a reason instead (OmitNodeModal): a subtree holding some cannot be deleted.
 */
export function DeleteNodeModal({ node, onClose }: { node: PlanNode; onClose: () => void }) {
  const translate = useTranslate();
  const notify = useNotify();
  const saved = useSaved();
  const { tree, reload } = usePlanContext();
  const { run, isPending } = usePlanMutation();
  const count = subtreeIds(tree, node.id).length;
  const holdsInherited = comesFromParentPlan(tree, node.id);

  const submit = async () => {
    try {
      await run(DELETE_NODE, { nodeId: node.id, version: node.version });
      await reload();
      saved(translate('plans.node.deleted'));
      onClose();
    } catch (e) {
      notify.error(e);
      void reload();
    }
  };

  return (
    <Modal
      open
      title={translate('plans.node.deleteTitle', { name: nodeName(node.label, translate) })}
      okText={translate('buttons.delete')}
      okButtonProps={{ danger: true, disabled: holdsInherited }}
      cancelText={translate('common.cancel')}
      onOk={() => void submit()}
      onCancel={onClose}
      confirmLoading={isPending}
      destroyOnHidden
    >
      <Typography.Paragraph className="plan-quote">
        {node.label && <strong>{node.label} </strong>}
        {node.text.length > 300 ? `${node.text.slice(0, 300)}…` : node.text}
      </Typography.Paragraph>
      {count > 1 && <Typography.Paragraph type="warning">{translate('plans.node.deleteSubtree', { count: count - 1 })}</Typography.Paragraph>}
      {holdsInherited && <Typography.Paragraph type="danger">{translate('plans.node.deleteHoldsInherited')}</Typography.Paragraph>}
    </Modal>
  );
}
