import { Form, Input, Modal, Typography } from 'antd';
import { useTranslate } from '@refinedev/core';
import { useNotify } from '../common/use-notify';
import { usePlanContext } from './plan-context';
import { subtreeIds } from './plan-tree';
import { DELETE_NODE } from './plans.graphql';
import { usePlanMutation, useSaved } from './use-plan-api';
import { nodeName } from './wording';
import type { PlanNode } from './types';

/** Deleting a node and its subtree; content taken from the parent plan needs the reason for omitting it. */
export function DeleteNodeModal({ node, needsReason, onClose }: { node: PlanNode; needsReason: boolean; onClose: () => void }) {
  const translate = useTranslate();
  const notify = useNotify();
  const saved = useSaved();
  const { tree, reload } = usePlanContext();
  const { run, isPending } = usePlanMutation();
  const [form] = Form.useForm<{ reason: string }>();
  const count = subtreeIds(tree, node.id).length;

  const submit = async ({ reason }: { reason?: string }) => {
    try {
      await run(DELETE_NODE, { nodeId: node.id, version: node.version, ...(needsReason ? { omissionReason: reason?.trim() } : {}) });
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
      okButtonProps={{ danger: true }}
      cancelText={translate('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={isPending}
      destroyOnHidden
    >
      <Typography.Paragraph className="plan-quote">
        {node.label && <strong>{node.label} </strong>}
        {node.text.length > 300 ? `${node.text.slice(0, 300)}…` : node.text}
      </Typography.Paragraph>
      {count > 1 && <Typography.Paragraph type="warning">{translate('plans.node.deleteSubtree', { count: count - 1 })}</Typography.Paragraph>}
      <Form form={form} layout="vertical" onFinish={(v) => void submit(v)} name="delete-node">
        {needsReason && (
          <>
            <Typography.Paragraph>{translate('plans.node.omissionExplain')}</Typography.Paragraph>
            <Form.Item
              name="reason"
              label={translate('plans.node.omissionReason')}
              rules={[{ required: true, whitespace: true, message: translate('plans.node.omissionRequired') }]}
            >
              <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} maxLength={2000} autoFocus />
            </Form.Item>
          </>
        )}
      </Form>
    </Modal>
  );
}
