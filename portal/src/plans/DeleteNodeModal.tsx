import { Modal, Typography } from 'antd';
import { useTranslate } from '@refinedev/core';
import { NodeQuote, useNodeAction } from './node-action';
import { usePlanContext } from './plan-context';
import { comesFromParentPlan, subtreeIds } from './plan-tree';
import { DELETE_NODE } from './plans.graphql';
import { nodeName } from './wording';
import type { PlanNode } from './types';

/**
 * Deleting one of the unit's own nodes and its subtree. Content taken from the parent plan is
 * omitted with a reason instead (OmitNodeModal): a subtree holding some cannot be deleted.
 */
export function DeleteNodeModal({ node, onClose }: { node: PlanNode; onClose: () => void }) {
  const translate = useTranslate();
  const { tree } = usePlanContext();
  const { act, isPending } = useNodeAction(onClose);
  const count = subtreeIds(tree, node.id).length;
  const holdsInherited = comesFromParentPlan(tree, node.id);

  const submit = () => act(DELETE_NODE, { nodeId: node.id, version: node.version }, 'plans.node.deleted');

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
      <NodeQuote node={node} />
      {count > 1 && <Typography.Paragraph type="warning">{translate('plans.node.deleteSubtree', { count: count - 1 })}</Typography.Paragraph>}
      {holdsInherited && <Typography.Paragraph type="danger">{translate('plans.node.deleteHoldsInherited')}</Typography.Paragraph>}
    </Modal>
  );
}
