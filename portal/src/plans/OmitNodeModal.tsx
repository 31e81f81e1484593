import { Form, Input, Modal, Typography } from 'antd';
import { useTranslate } from '@refinedev/core';
import { useIdempotencyKey } from '../providers/idempotency';
import { NodeQuote, useNodeAction } from './node-action';
import { usePlanContext } from './plan-context';
import { subtreeIds } from './plan-tree';
import { OMIT_NODE } from './plans.graphql';
import { nodeName } from './wording';
import type { PlanNode } from './types';

/**
 * Omitting a node taken from the parent plan (docs/DESIGN.md §4): the reason is required; the node
 * and its subtree stay in the draft, greyed, out of print, until restored.
 */
export function OmitNodeModal({ node, onClose }: { node: PlanNode; onClose: () => void }) {
  const translate = useTranslate();
  const { tree } = usePlanContext();
  const { act, isPending } = useNodeAction(onClose);
  const [form] = Form.useForm<{ reason: string }>();
  const count = subtreeIds(tree, node.id).length;
  // One key per opening of the dialog: a retry after a lost answer omits once.
  const [idempotencyKey] = useIdempotencyKey('omit');

  const submit = ({ reason }: { reason: string }) =>
    act(OMIT_NODE, { nodeId: node.id, version: node.version, reason: reason.trim(), idempotencyKey }, 'plans.node.omitted');

  return (
    <Modal
      open
      title={translate('plans.node.omitTitle', { name: nodeName(node.label, translate) })}
      okText={translate('plans.node.omit')}
      cancelText={translate('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={isPending}
      destroyOnHidden
    >
      <NodeQuote node={node} />
      <Typography.Paragraph>{translate('plans.node.omitExplain')}</Typography.Paragraph>
      {count > 1 && <Typography.Paragraph type="warning">{translate('plans.node.omitSubtree', { count: count - 1 })}</Typography.Paragraph>}
      <Form form={form} layout="vertical" onFinish={(v) => void submit(v)} name="omit-node">
        <Form.Item
          name="reason"
          label={translate('plans.node.omitReason')}
          rules={[{ required: true, whitespace: true, message: translate('plans.node.omitRequired') }]}
        >
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} maxLength={2000} autoFocus />
        </Form.Item>
      </Form>
    </Modal>
  );
}
