import type { DocumentNode } from '@apollo/client';
import { Typography } from 'antd';
import { useTranslate } from '@refinedev/core';
import { useNotify } from '../common/use-notify';
import { usePlanContext } from './plan-context';
import { usePlanMutation, useSaved } from './use-plan-api';
import type { PlanNode } from './types';

/** The node a dialog acts on, quoted at its top: its label and the first 300 characters. */
export function NodeQuote({ node }: { node: PlanNode }) {
  return (
    <Typography.Paragraph className="plan-quote">
      {node.label && <strong>{node.label} </strong>}
      {node.text.length > 300 ? `${node.text.slice(0, 300)}…` : node.text}
    </Typography.Paragraph>
  );
}

/**
 * One action on a node from a dialog (delete, omit): the mutation, then the plan reloaded, "saved"
 * said and the dialog closed; a refusal is shown and the plan reloaded, since it is what changed.
 */
export function useNodeAction(onClose: () => void) {
  const translate = useTranslate();
  const notify = useNotify();
  const saved = useSaved();
  const { reload } = usePlanContext();
  const { run, isPending } = usePlanMutation();
  const act = async (document: DocumentNode, input: Record<string, unknown>, savedKey: string) => {
    try {
      await run(document, input);
      await reload();
      saved(translate(savedKey));
      onClose();
    } catch (e) {
      notify.error(e);
      void reload();
    }
  };
  return { act, isPending };
}
