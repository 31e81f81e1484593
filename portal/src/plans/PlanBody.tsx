import { useMemo, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { App, Button, Dropdown, Empty, Form, Input, Modal, Space, Tooltip, Typography } from 'antd';
import {
  AimOutlined,
  ArrowDownOutlined,
  ArrowUpOutlined,
  CalendarOutlined,
  DeleteOutlined,
  EditOutlined,
  ExclamationCircleFilled,
  FlagOutlined,
  MenuFoldOutlined,
  MenuUnfoldOutlined,
  MoreOutlined,
  OrderedListOutlined,
  PlusOutlined,
  PlusSquareOutlined,
  WarningFilled,
} from '@ant-design/icons';
import { useTranslate } from '@refinedev/core';
import { useNotify } from '../common/use-notify';
import { formatDate } from '../i18n/format';
import { AgencyTags } from './AgencyRefsSelect';
import { NodeEditor, type NodeEditorTarget } from './NodeEditor';
import { usePlanContext } from './plan-context';
import { childrenOf, comesFromParentPlan, defaultChildKind, documentOrder, moveTarget, nextLabel, renumberedLabels, subtreeIds, type MoveDirection } from './plan-tree';
import { DELETE_NODE, MOVE_NODE, UPDATE_NODE } from './plans.graphql';
import { MilestoneEditorModal, PhaseEditorModal } from './PhaseMilestoneModals';
import { nodeEmphasis } from './printed';
import { TargetBlock } from './TargetBlock';
import { TargetEditorModal } from './TargetEditorModal';
import { usePlanMutation, useSaved } from './use-plan-api';
import { describeFinding, describeTiming, nodeName } from './wording';
import type { CheckFinding, Milestone, NodeKind, Phase, PlanNode } from './types';

type Dialog =
  | { kind: 'target'; nodeId: string }
  | { kind: 'phase'; nodeId: string; phase?: Phase }
  | { kind: 'milestone'; nodeId: string; milestone?: Milestone }
  | { kind: 'delete'; node: PlanNode; needsReason: boolean }
  | null;

/** The numbered body, printed as it will be, with its facts, targets and checks; editable in place for a draft. */
export function PlanBody() {
  const translate = useTranslate();
  const { tree, editable } = usePlanContext();
  const [editor, setEditor] = useState<(NodeEditorTarget & { anchorId: string | null }) | null>(null);
  const [dialog, setDialog] = useState<Dialog>(null);
  const dirty = useRef(false);
  const { modal } = App.useApp();

  const order = useMemo(() => documentOrder(tree), [tree]);
  const subtreeEnd = useMemo(() => {
    const map = new Map<string, string>();
    for (const { node } of order) map.set(node.id, subtreeIds(tree, node.id).at(-1)!);
    return map;
  }, [order, tree]);

  /** Opens an editor, asking first when another one is open. */
  const open = (next: (NodeEditorTarget & { anchorId: string | null }) | null) => {
    const replace = () => {
      dirty.current = false;
      setEditor(next);
    };
    if (editor && next && dirty.current) {
      modal.confirm({
        title: translate('plans.node.discardTitle'),
        content: translate('plans.node.discardText'),
        okText: translate('plans.node.discard'),
        cancelText: translate('common.cancel'),
        onOk: replace,
      });
    } else {
      replace();
    }
  };
  const close = () => open(null);
  const markDirty = () => {
    dirty.current = true;
  };

  const addChild = (node: PlanNode, depth: number) => {
    const kids = childrenOf(tree, node.id);
    const last = kids.at(-1) ?? null;
    const kind = last?.kind ?? defaultChildKind(node.kind);
    open({ mode: 'add', parentId: node.id, afterNodeId: last?.id ?? null, kind, label: nextLabel(kind, last, node), depth: depth + 1, anchorId: node.id });
  };
  const addSibling = (node: PlanNode, depth: number) => {
    const parent = node.parentId ? (tree.byId.get(node.parentId) ?? null) : null;
    open({ mode: 'add', parentId: node.parentId, afterNodeId: node.id, kind: node.kind, label: nextLabel(node.kind, node, parent), depth, anchorId: node.id });
  };
  const addSection = () => {
    const top = childrenOf(tree, null);
    const last = top.at(-1) ?? null;
    open({ mode: 'add', parentId: null, afterNodeId: last?.id ?? null, kind: 'SECTION', label: nextLabel('SECTION', last, null), depth: 0, anchorId: null });
  };

  /** The label a node of `kind` takes where the editor places it. */
  const suggestFor = (target: NodeEditorTarget) => (kind: NodeKind) => {
    if (target.mode === 'edit') {
      const parent = target.node.parentId ? (tree.byId.get(target.node.parentId) ?? null) : null;
      const siblings = childrenOf(tree, target.node.parentId);
      const index = siblings.findIndex((s) => s.id === target.node.id);
      return nextLabel(kind, index > 0 ? siblings[index - 1] : null, parent);
    }
    const parent = target.parentId ? (tree.byId.get(target.parentId) ?? null) : null;
    const previous = target.afterNodeId ? (tree.byId.get(target.afterNodeId) ?? null) : null;
    return nextLabel(kind, previous, parent);
  };

  const editorFor = (anchorId: string | null) =>
    editor && editor.mode === 'add' && editor.anchorId === anchorId ? (
      <NodeEditor key={`add-${anchorId}`} target={editor} suggestLabel={suggestFor(editor)} onDone={close} onCancel={close} onDirty={markDirty} />
    ) : null;

  const actions: NodeActions = {
    edit: (node) => open({ mode: 'edit', node, anchorId: node.id }),
    addChild,
    addSibling,
    addTarget: (node) => setDialog({ kind: 'target', nodeId: node.id }),
    addPhase: (node) => setDialog({ kind: 'phase', nodeId: node.id }),
    addMilestone: (node) => setDialog({ kind: 'milestone', nodeId: node.id }),
    editPhase: (phase) => setDialog({ kind: 'phase', nodeId: phase.nodeId ?? '', phase }),
    editMilestone: (milestone) => setDialog({ kind: 'milestone', nodeId: milestone.nodeId ?? '', milestone }),
    remove: (node) => setDialog({ kind: 'delete', node, needsReason: comesFromParentPlan(tree, node.id) }),
  };

  return (
    <div className="plan-body" aria-label={translate('plans.document.body')}>
      {order.length === 0 && (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={translate(editable ? 'plans.document.emptyEditable' : 'plans.document.empty')} />
      )}
      {order.map(({ node, depth }) => {
        const editing = editor?.mode === 'edit' && editor.node.id === node.id;
        // A new node is written where it will stand: after the whole subtree of the node it follows.
        const anchoredHere = editor?.mode === 'add' && editor.anchorId !== null && subtreeEnd.get(editor.anchorId) === node.id;
        return (
          <div key={node.id}>
            {editing ? (
              <div style={{ marginInlineStart: depth * 24 }}>
                <NodeEditor key={`edit-${node.id}`} target={editor} suggestLabel={suggestFor(editor)} onDone={close} onCancel={close} onDirty={markDirty} />
              </div>
            ) : (
              <NodeBlock node={node} depth={depth} actions={actions} />
            )}
            {anchoredHere && editorFor(editor.anchorId)}
          </div>
        );
      })}
      {editorFor(null)}
      {editable && !(editor?.mode === 'add' && editor.anchorId === null) && (
        <Button type="dashed" icon={<PlusOutlined />} onClick={addSection} className="plan-add-section">
          {translate(order.length === 0 ? 'plans.node.addFirstSection' : 'plans.node.addSection')}
        </Button>
      )}
      {dialog?.kind === 'target' && <TargetEditorModal nodeId={dialog.nodeId} onClose={() => setDialog(null)} />}
      {dialog?.kind === 'phase' && <PhaseEditorModal phase={dialog.phase} nodeId={dialog.nodeId} onClose={() => setDialog(null)} />}
      {dialog?.kind === 'milestone' && <MilestoneEditorModal milestone={dialog.milestone} nodeId={dialog.nodeId} onClose={() => setDialog(null)} />}
      {dialog?.kind === 'delete' && <DeleteNodeModal node={dialog.node} needsReason={dialog.needsReason} onClose={() => setDialog(null)} />}
    </div>
  );
}

interface NodeActions {
  edit: (node: PlanNode) => void;
  addChild: (node: PlanNode, depth: number) => void;
  addSibling: (node: PlanNode, depth: number) => void;
  addTarget: (node: PlanNode) => void;
  addPhase: (node: PlanNode) => void;
  addMilestone: (node: PlanNode) => void;
  editPhase: (phase: Phase) => void;
  editMilestone: (milestone: Milestone) => void;
  remove: (node: PlanNode) => void;
}

const PROVENANCE_CLASS: Record<string, string> = {
  INHERITED: 'plan-node-inherited',
  ADAPTED: 'plan-node-adapted',
  LOCAL: 'plan-node-local',
};

/** One node as printed ("2.1. Chỉ tiêu …"), then what the plan says about it in the margin. */
function NodeBlock({ node, depth, actions }: { node: PlanNode; depth: number; actions: NodeActions }) {
  const translate = useTranslate();
  const { plan, editable, findingsByNode, targetsByNode, phasesByNode, milestonesByNode } = usePlanContext();
  const findings = findingsByNode.get(node.id) ?? [];
  const targets = targetsByNode.get(node.id) ?? [];
  const phases = phasesByNode.get(node.id) ?? [];
  const milestones = milestonesByNode.get(node.id) ?? [];
  const emphasis = nodeEmphasis(node);
  const derived = Boolean(plan.parentPlan);
  const [active, setActive] = useState(false);
  const commands = useNodeCommands(node);

  /** Keys on a focused node (the node itself, not a button in it): Enter edits, Alt+arrows move, Delete deletes. */
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (!editable || e.target !== e.currentTarget) return;
    const move = e.altKey
      ? ({ ArrowUp: 'up', ArrowDown: 'down', ArrowLeft: 'outdent', ArrowRight: 'indent' } as Record<string, MoveDirection>)[e.key]
      : undefined;
    if (move) {
      e.preventDefault();
      void commands.move(move);
    } else if (e.key === 'Enter' || e.key === 'F2') {
      e.preventDefault();
      actions.edit(node);
    } else if (e.key === 'Delete') {
      e.preventDefault();
      actions.remove(node);
    } else if (e.key === 'Insert') {
      e.preventDefault();
      actions.addSibling(node, depth);
    }
  };

  return (
    <div
      id={`node-${node.id}`}
      tabIndex={editable ? 0 : -1}
      onFocus={() => setActive(true)}
      onBlur={(e) => {
        if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setActive(false);
      }}
      onKeyDown={onKeyDown}
      aria-keyshortcuts={editable ? 'Enter Alt+ArrowUp Alt+ArrowDown Alt+ArrowLeft Alt+ArrowRight Insert Delete' : undefined}
      className={[
        'plan-node',
        `plan-node-${emphasis}`,
        findings.some((f) => f.severity === 'ERROR') ? 'plan-node-has-error' : '',
        derived ? (PROVENANCE_CLASS[node.provenance] ?? '') : '',
      ].join(' ')}
      style={{ paddingInlineStart: depth * 24 }}
      data-testid="plan-node"
      data-label={node.label ?? ''}
      title={derived ? translate(`plans.provenance.${node.provenance}`, '') || undefined : undefined}
    >
      <div className="plan-node-row">
        <p className="plan-node-text">
          {node.label && <span className="plan-node-label">{node.label}</span>}
          {node.label && ' '}
          {node.text}
        </p>
        {editable && <NodeToolbar node={node} depth={depth} actions={actions} active={active} commands={commands} />}
      </div>
      {(node.task || findings.length > 0 || targets.length > 0 || phases.length > 0 || milestones.length > 0) && (
        <div className="plan-annotations">
          {node.task && <TaskFacts node={node} />}
          {phases.map((p) => (
            <div key={p.id} className="plan-annotation plan-annotation-line">
              <CalendarOutlined aria-hidden className="plan-annotation-icon" />
              <span className="plan-annotation-key">{translate('plans.phases.phase')}</span>
              <span>
                {p.name} ({formatDate(p.startDate) || '…'} – {formatDate(p.endDate) || '…'})
              </span>
              {editable && (
                <Button type="text" size="small" icon={<EditOutlined />} aria-label={translate('plans.phases.editNamed', { name: p.name })} onClick={() => actions.editPhase(p)} />
              )}
            </div>
          ))}
          {milestones.map((m) => (
            <div key={m.id} className="plan-annotation plan-annotation-line">
              <FlagOutlined aria-hidden className="plan-annotation-icon" />
              <span className="plan-annotation-key">{translate(`plans.milestoneKinds.${m.kind}`)}</span>
              <span>
                {m.title}
                {m.dueDate && <> — {translate('plans.milestones.dueShort', { date: formatDate(m.dueDate) })}</>}
                {m.recipient && <> — {translate('plans.milestones.toShort', { recipient: m.recipient })}</>}
              </span>
              {editable && (
                <Button
                  type="text"
                  size="small"
                  icon={<EditOutlined />}
                  aria-label={translate('plans.milestones.editNamed', { name: m.title })}
                  onClick={() => actions.editMilestone(m)}
                />
              )}
            </div>
          ))}
          {targets.map((t) => (
            <TargetBlock key={t.id} target={t} />
          ))}
          {findings.map((f, i) => (
            <Finding key={`${f.rule}-${i}`} finding={f} />
          ))}
        </div>
      )}
    </div>
  );
}

function TaskFacts({ node }: { node: PlanNode }) {
  const translate = useTranslate();
  const { plan } = usePlanContext();
  const task = node.task!;
  return (
    <div className="plan-annotation plan-task" data-testid="plan-task">
      <span className="plan-task-part">
        <span className="plan-annotation-key">{translate('plans.task.lead')}</span>
        {task.lead.length ? <AgencyTags refs={task.lead} /> : <span className="plan-missing">{translate('plans.task.none')}</span>}
      </span>
      {task.cooperating.length > 0 && (
        <span className="plan-task-part">
          <span className="plan-annotation-key">{translate('plans.task.cooperating')}</span>
          <AgencyTags refs={task.cooperating} />
        </span>
      )}
      <span className="plan-task-part">
        <span className="plan-annotation-key">{translate('plans.task.timing')}</span>
        {task.timing ? (
          <Tooltip title={task.timing.text ? translate('plans.task.asWritten', { text: task.timing.text }) : undefined}>
            <span className="plan-timing">{describeTiming(task.timing, plan.phases, translate)}</span>
          </Tooltip>
        ) : (
          <span className="plan-missing">{translate('plans.task.noTiming')}</span>
        )}
      </span>
    </div>
  );
}

export function Finding({ finding }: { finding: CheckFinding }) {
  const translate = useTranslate();
  const error = finding.severity === 'ERROR';
  return (
    <div className={`plan-finding ${error ? 'plan-finding-error' : 'plan-finding-warning'}`} data-testid="node-finding" data-rule={finding.rule} role="note">
      {error ? <ExclamationCircleFilled aria-hidden /> : <WarningFilled aria-hidden />} {describeFinding(finding, translate)}
    </div>
  );
}

/** Moving a node and renumbering its siblings, each followed by a reload (labels, checks). */
function useNodeCommands(node: PlanNode) {
  const translate = useTranslate();
  const notify = useNotify();
  const saved = useSaved();
  const { tree, reload } = usePlanContext();
  const { run, isPending } = usePlanMutation();

  const move = async (direction: MoveDirection) => {
    const to = moveTarget(tree, node.id, direction);
    if (!to || isPending) return;
    try {
      await run(MOVE_NODE, { nodeId: node.id, version: node.version, ...to });
      await reload();
      document.getElementById(`node-${node.id}`)?.focus();
    } catch (e) {
      notify.error(e);
      void reload();
    }
  };

  const renumber = async () => {
    const changes = renumberedLabels(tree, node.parentId);
    try {
      for (const change of changes) {
        const sibling = tree.byId.get(change.id)!;
        await run(UPDATE_NODE, { nodeId: sibling.id, version: sibling.version, label: change.label });
      }
      await reload();
      saved(translate('plans.node.renumbered', { count: changes.length }));
    } catch (e) {
      notify.error(e);
      void reload();
    }
  };

  return { move, renumber, isPending };
}
type NodeCommands = ReturnType<typeof useNodeCommands>;

/** Edit, add, move and delete, shown on hover and on keyboard focus; its buttons are tab stops only while the node has the focus. */
function NodeToolbar({
  node,
  depth,
  actions,
  active,
  commands,
}: {
  node: PlanNode;
  depth: number;
  actions: NodeActions;
  active: boolean;
  commands: NodeCommands;
}) {
  const translate = useTranslate();
  const { tree } = usePlanContext();
  const { move, renumber, isPending } = commands;
  const name = nodeName(node.label, translate);
  const tabIndex = active ? 0 : -1;

  const button = (key: string, icon: ReactNode, onClick: () => void, disabled = false) => (
    <Tooltip title={translate(`plans.node.actions.${key}`)} mouseEnterDelay={0.4}>
      <Button
        type="text"
        size="small"
        icon={icon}
        disabled={disabled || isPending}
        tabIndex={tabIndex}
        aria-label={`${translate(`plans.node.actions.${key}`)}: ${name}`}
        onClick={onClick}
      />
    </Tooltip>
  );

  return (
    <Space size={0} className="plan-node-toolbar" role="toolbar" aria-label={translate('plans.node.toolbar', { name })}>
      {button('edit', <EditOutlined />, () => actions.edit(node))}
      {button('addChild', <PlusSquareOutlined />, () => actions.addChild(node, depth))}
      {button('addSibling', <PlusOutlined />, () => actions.addSibling(node, depth))}
      {button('up', <ArrowUpOutlined />, () => void move('up'), !moveTarget(tree, node.id, 'up'))}
      {button('down', <ArrowDownOutlined />, () => void move('down'), !moveTarget(tree, node.id, 'down'))}
      {button('outdent', <MenuFoldOutlined />, () => void move('outdent'), !moveTarget(tree, node.id, 'outdent'))}
      {button('indent', <MenuUnfoldOutlined />, () => void move('indent'), !moveTarget(tree, node.id, 'indent'))}
      <Dropdown
        trigger={['click']}
        menu={{
          items: [
            { key: 'target', icon: <AimOutlined />, label: translate('plans.node.actions.addTarget'), onClick: () => actions.addTarget(node) },
            { key: 'phase', icon: <CalendarOutlined />, label: translate('plans.node.actions.addPhase'), onClick: () => actions.addPhase(node) },
            { key: 'milestone', icon: <FlagOutlined />, label: translate('plans.node.actions.addMilestone'), onClick: () => actions.addMilestone(node) },
            {
              key: 'renumber',
              icon: <OrderedListOutlined />,
              label: translate('plans.node.actions.renumber'),
              disabled: renumberedLabels(tree, node.parentId).length === 0,
              onClick: () => void renumber(),
            },
          ],
        }}
      >
        <Button type="text" size="small" icon={<MoreOutlined />} tabIndex={tabIndex} aria-label={`${translate('plans.node.actions.more')}: ${name}`} />
      </Dropdown>
      {button('delete', <DeleteOutlined />, () => actions.remove(node))}
    </Space>
  );
}

/** Deleting a node and its subtree; content taken from the parent plan needs the reason for omitting it. */
function DeleteNodeModal({ node, needsReason, onClose }: { node: PlanNode; needsReason: boolean; onClose: () => void }) {
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
