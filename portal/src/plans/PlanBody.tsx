import { createContext, memo, startTransition, useContext, useEffect, useMemo, useRef, useState, type CSSProperties, type KeyboardEvent, type ReactNode } from 'react';
import { App, Button, Dropdown, Empty, Space, Tooltip } from 'antd';
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
  RollbackOutlined,
  StopOutlined,
  WarningFilled,
} from '@ant-design/icons';
import { useTranslate } from '@refinedev/core';
import { useNotify } from '../common/use-notify';
import { formatDate } from '../i18n/format';
import { AgencyTags } from './AgencyRefsSelect';
import { DeleteNodeModal, MilestoneEditorModal, NodeEditor, OmitNodeModal, PhaseEditorModal, TargetEditorModal } from './editors';
import type { NodeEditorTarget } from './NodeEditor';
import { usePlanContext } from './plan-context';
import { childrenOf, defaultChildKind, documentOrder, moveTarget, nextLabel, renumberedLabels, subtreeIds, type MoveDirection } from './plan-tree';
import { MOVE_NODE, RESTORE_NODE, UPDATE_NODE } from './plans.graphql';
import { nodeEmphasis, tableRows } from './printed';
import { TargetBlock } from './TargetBlock';
import { usePlanMutation, useSaved } from './use-plan-api';
import { describeFinding, describeRecurrence, describeTiming, nodeName } from './wording';
import type { CheckFinding, Milestone, NodeKind, Phase, PlanNode } from './types';

/**
 * A long plan is drawn in steps: the first screenful at once (the editor is usable at once), the
 * rest in the following frames, at low priority (issue 14: a 300-item plan opens for editing in
 * well under two seconds). The whole document is then in the page, for find-in-page and printing.
 */
const FIRST_NODES = 40;
const NODES_PER_STEP = 80;
/** Asks the body to draw every node now (a check or a link is about to reveal one further down). */
export const RENDER_ALL_EVENT = 'kehoach:plan-render-all';

type Dialog =
  | { kind: 'target'; nodeId: string }
  | { kind: 'phase'; nodeId: string; phase?: Phase }
  | { kind: 'milestone'; nodeId: string; milestone?: Milestone }
  | { kind: 'delete'; node: PlanNode }
  | { kind: 'omit'; node: PlanNode }
  | null;

/** The numbered body, printed as it will be, with its facts, targets and checks; editable in place for a draft. */
export function PlanBody() {
  const translate = useTranslate();
  const notify = useNotify();
  const saved = useSaved();
  const { tree, editable, reload } = usePlanContext();
  const [editor, setEditor] = useState<(NodeEditorTarget & { anchorId: string | null }) | null>(null);
  const [dialog, setDialog] = useState<Dialog>(null);
  const dirty = useRef(false);
  const { modal } = App.useApp();

  const order = useMemo(() => documentOrder(tree), [tree]);
  const [drawn, setDrawn] = useState(FIRST_NODES);
  useEffect(() => {
    if (drawn >= order.length) return;
    const timer = setTimeout(() => startTransition(() => setDrawn((n) => n + NODES_PER_STEP)), 0);
    return () => clearTimeout(timer);
  }, [drawn, order.length]);
  useEffect(() => {
    const all = () => setDrawn(Number.MAX_SAFE_INTEGER);
    window.addEventListener(RENDER_ALL_EVENT, all);
    return () => window.removeEventListener(RENDER_ALL_EVENT, all);
  }, []);
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
  /** Closing an editor gives the focus back to the node it was about (keyboard users keep their place). */
  const close = () => {
    const back = editor ? (editor.mode === 'edit' ? editor.node.id : editor.anchorId) : null;
    open(null);
    if (back) requestAnimationFrame(() => document.getElementById(`node-${back}`)?.focus({ preventScroll: true }));
  };
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

  // One mutation hook for the whole body, not one per node (issue 14: a node must be light).
  const { run, isPending } = usePlanMutation();
  const move = async (node: PlanNode, direction: MoveDirection) => {
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
  const restore = async (node: PlanNode) => {
    if (isPending) return;
    try {
      await run(RESTORE_NODE, { nodeId: node.id, version: node.version });
      await reload();
      saved(translate('plans.node.restored'));
      document.getElementById(`node-${node.id}`)?.focus();
    } catch (e) {
      notify.error(e);
      void reload();
    }
  };
  const renumber = async (node: PlanNode) => {
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

  const latest: NodeActions = {
    edit: (node) => open({ mode: 'edit', node, anchorId: node.id }),
    addChild,
    addSibling,
    addTarget: (node) => setDialog({ kind: 'target', nodeId: node.id }),
    addPhase: (node) => setDialog({ kind: 'phase', nodeId: node.id }),
    addMilestone: (node) => setDialog({ kind: 'milestone', nodeId: node.id }),
    editPhase: (phase) => setDialog({ kind: 'phase', nodeId: phase.nodeId ?? '', phase }),
    editMilestone: (milestone) => setDialog({ kind: 'milestone', nodeId: milestone.nodeId ?? '', milestone }),
    // Content from the parent plan is omitted with a reason, the unit's own is deleted (docs/DESIGN.md §4).
    remove: (node) => {
      if (node.provenance === 'OMITTED') return;
      setDialog({ kind: node.derivedFromNodeId ? 'omit' : 'delete', node });
    },
    restore: (node) => void restore(node),
    move: (node, direction) => void move(node, direction),
    renumber: (node) => void renumber(node),
  };
  // The nodes get one object that never changes (so that they skip re-rendering while the body
  // changes around them); it calls the latest handlers.
  const current = useRef(latest);
  current.current = latest;
  const actions = useMemo<NodeActions>(
    () => ({
      edit: (n) => current.current.edit(n),
      addChild: (n, d) => current.current.addChild(n, d),
      addSibling: (n, d) => current.current.addSibling(n, d),
      addTarget: (n) => current.current.addTarget(n),
      addPhase: (n) => current.current.addPhase(n),
      addMilestone: (n) => current.current.addMilestone(n),
      editPhase: (p) => current.current.editPhase(p),
      editMilestone: (m) => current.current.editMilestone(m),
      remove: (n) => current.current.remove(n),
      restore: (n) => current.current.restore(n),
      move: (n, d) => current.current.move(n, d),
      renumber: (n) => current.current.renumber(n),
    }),
    [],
  );

  return (
    <BusyContext.Provider value={isPending}>
      <div className="plan-body" role="region" aria-label={translate('plans.document.body')}>
        {order.length === 0 && (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={translate(editable ? 'plans.document.emptyEditable' : 'plans.document.empty')} />
        )}
        {order.slice(0, drawn).map(({ node, depth }) => {
          const editing = editor?.mode === 'edit' && editor.node.id === node.id;
          // A new node is written where it will stand: after the whole subtree of the node it follows.
          const anchoredHere = editor?.mode === 'add' && editor.anchorId !== null && subtreeEnd.get(editor.anchorId) === node.id;
          return (
            <div key={node.id} className="plan-node-slot">
              {editing ? (
                <div className="plan-node-editing" style={{ '--depth': depth } as CSSProperties}>
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
          <Button type="dashed" icon={<PlusOutlined aria-hidden />} onClick={addSection} className="plan-add-section">
            {translate(order.length === 0 ? 'plans.node.addFirstSection' : 'plans.node.addSection')}
          </Button>
        )}
        {dialog?.kind === 'target' && <TargetEditorModal nodeId={dialog.nodeId} onClose={() => setDialog(null)} />}
        {dialog?.kind === 'phase' && <PhaseEditorModal phase={dialog.phase} nodeId={dialog.nodeId} onClose={() => setDialog(null)} />}
        {dialog?.kind === 'milestone' && <MilestoneEditorModal milestone={dialog.milestone} nodeId={dialog.nodeId} onClose={() => setDialog(null)} />}
        {dialog?.kind === 'delete' && <DeleteNodeModal node={dialog.node} onClose={() => setDialog(null)} />}
        {dialog?.kind === 'omit' && <OmitNodeModal node={dialog.node} onClose={() => setDialog(null)} />}
      </div>
    </BusyContext.Provider>
  );
}

/** A move or renumbering is running: the active node's toolbar waits (read only by that toolbar). */
const BusyContext = createContext(false);

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
  restore: (node: PlanNode) => void;
  move: (node: PlanNode, direction: MoveDirection) => void;
  renumber: (node: PlanNode) => void;
}

const PROVENANCE_CLASS: Record<string, string> = {
  INHERITED: 'plan-node-inherited',
  ADAPTED: 'plan-node-adapted',
  LOCAL: 'plan-node-local',
  OMITTED: 'plan-node-omitted',
};

/**
 * One node as printed ("2.1. Chỉ tiêu …"), then what the plan says about it in the margin.
 * Light by design (a plan runs to hundreds of nodes): plain elements, no tooltip or mutation hook
 * per node, and the editing toolbar only on the node under the pointer or the keyboard focus.
 * On a phone the task facts fold under the text behind one line that opens them.
 */
const NodeBlock = memo(function NodeBlock({ node, depth, actions }: { node: PlanNode; depth: number; actions: NodeActions }) {
  const translate = useTranslate();
  const { plan, tree, editable, findingsByNode, targetsByNode, phasesByNode, milestonesByNode } = usePlanContext();
  const findings = findingsByNode.get(node.id) ?? [];
  const targets = targetsByNode.get(node.id) ?? [];
  const phases = phasesByNode.get(node.id) ?? [];
  const milestones = milestonesByNode.get(node.id) ?? [];
  const emphasis = nodeEmphasis(node);
  const derived = Boolean(plan.parentPlan);
  const [hovered, setHovered] = useState(false);
  const [focused, setFocused] = useState(false);
  const [unfolded, setUnfolded] = useState(false);
  const facts = Boolean(node.task || targets.length > 0 || phases.length > 0 || milestones.length > 0);
  const omitted = node.provenance === 'OMITTED';
  // A node omitted with its section comes back with the section.
  const restorable = omitted && editable && (!node.parentId || tree.byId.get(node.parentId)?.provenance !== 'OMITTED');

  /** Keys on a focused node (the node itself, not a button in it): Enter edits, Alt+arrows move, Delete deletes. */
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (!editable || omitted || e.target !== e.currentTarget) return;
    const move = e.altKey
      ? ({ ArrowUp: 'up', ArrowDown: 'down', ArrowLeft: 'outdent', ArrowRight: 'indent' } as Record<string, MoveDirection>)[e.key]
      : undefined;
    if (move) {
      e.preventDefault();
      actions.move(node, move);
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
      onFocus={() => setFocused(true)}
      onBlur={(e) => {
        if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setFocused(false);
      }}
      onMouseEnter={editable ? () => setHovered(true) : undefined}
      onMouseMove={editable && !hovered ? () => setHovered(true) : undefined}
      onMouseLeave={editable ? () => setHovered(false) : undefined}
      onKeyDown={onKeyDown}
      aria-keyshortcuts={editable ? 'Enter Alt+ArrowUp Alt+ArrowDown Alt+ArrowLeft Alt+ArrowRight Insert Delete' : undefined}
      className={[
        'plan-node',
        `plan-node-${emphasis}`,
        findings.some((f) => f.severity === 'ERROR') ? 'plan-node-has-error' : '',
        derived ? (PROVENANCE_CLASS[node.provenance] ?? '') : '',
      ].join(' ')}
      style={{ '--depth': depth } as CSSProperties}
      data-testid="plan-node"
      data-label={node.label ?? ''}
      title={derived ? translate(`plans.provenance.${node.provenance}`, '') || undefined : undefined}
      data-provenance={node.provenance}
    >
      <div className="plan-node-row">
        {node.kind === 'TABLE' ? (
          <PlanTable text={node.text} />
        ) : (
          <p className="plan-node-text">
            {node.label && <span className="plan-node-label">{node.label}</span>}
            {node.label && ' '}
            {omitted ? <s>{node.text}</s> : node.text}
          </p>
        )}
      </div>
      {omitted && (
        <div className="plan-omission" data-testid="plan-omission" role="note">
          <StopOutlined aria-hidden />{' '}
          {node.omission ? translate('plans.node.omittedBecause', { reason: node.omission.reason }) : translate('plans.node.omittedWithSection')}
          {restorable && (
            <Button type="link" size="small" icon={<RollbackOutlined aria-hidden />} onClick={() => actions.restore(node)}>
              {translate('plans.node.restore')}
            </Button>
          )}
        </div>
      )}
      {facts && (
        <button type="button" className="plan-facts-toggle" aria-expanded={unfolded} onClick={() => setUnfolded((u) => !u)}>
          <span className="plan-facts-chevron" aria-hidden /> {factsDigest(node, targets.length, phases.length + milestones.length, translate)}
        </button>
      )}
      {(facts || findings.length > 0) && (
        <div className={unfolded ? 'plan-annotations plan-annotations-open' : 'plan-annotations'}>
          {facts && (
            <div className="plan-facts">
              {node.task && <TaskFacts node={node} />}
              {phases.map((p) => (
                <div key={p.id} className="plan-annotation plan-annotation-line">
                  <CalendarOutlined aria-hidden className="plan-annotation-icon" />
                  <span className="plan-annotation-key">{translate('plans.phases.phase')}</span>
                  <span>
                    {p.name} ({formatDate(p.startDate) || '…'} – {formatDate(p.endDate) || '…'})
                  </span>
                  {editable && (
                    <Button
                      type="text"
                      size="small"
                      icon={<EditOutlined aria-hidden />}
                      aria-label={translate('plans.phases.editNamed', { name: p.name })}
                      onClick={() => actions.editPhase(p)}
                    />
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
                    {m.recurrence && <> — {describeRecurrence(m, translate)}</>}
                    {m.recipient && <> — {translate('plans.milestones.toShort', { recipient: m.recipient })}</>}
                  </span>
                  {editable && (
                    <Button
                      type="text"
                      size="small"
                      icon={<EditOutlined aria-hidden />}
                      aria-label={translate('plans.milestones.editNamed', { name: m.title })}
                      onClick={() => actions.editMilestone(m)}
                    />
                  )}
                </div>
              ))}
              {targets.map((t) => (
                <TargetBlock key={t.id} target={t} />
              ))}
            </div>
          )}
          {findings.map((f, i) => (
            <Finding key={`${f.rule}-${i}`} finding={f} />
          ))}
        </div>
      )}
      {/* Last in the node: on a touch screen it appears below the node's content, never shifting what was tapped. */}
      {editable && !omitted && (hovered || focused) && <NodeToolbar node={node} depth={depth} actions={actions} keyboard={focused} />}
    </div>
  );
});

/** The folded facts in one line: "Chủ trì: Công an tỉnh · trước 26/06/2026 · 1 chỉ tiêu". */
function factsDigest(node: PlanNode, targets: number, dated: number, translate: ReturnType<typeof useTranslate>): string {
  const parts: string[] = [];
  if (node.task) {
    parts.push(`${translate('plans.task.lead')}: ${node.task.lead.map((a) => a.name).join(', ') || translate('plans.task.none')}`);
    parts.push(node.task.timing ? (node.task.timing.text ?? translate(`plans.timingKinds.${node.task.timing.kind}`)) : translate('plans.task.noTimingShort'));
  }
  if (targets > 0) parts.push(translate('plans.targets.count', { count: targets }));
  if (dated > 0) parts.push(translate('plans.node.datedCount', { count: dated }));
  return parts.join(' · ');
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
          <span className="plan-timing" title={task.timing.text ? translate('plans.task.asWritten', { text: task.timing.text }) : undefined}>
            {describeTiming(task.timing, plan.phases, translate)}
          </span>
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

/**
 * Edit, add, move and delete, on the node under the pointer or the keyboard focus; its buttons
 * are tab stops only while the node has the focus.
 */
function NodeToolbar({ node, depth, actions, keyboard }: { node: PlanNode; depth: number; actions: NodeActions; keyboard: boolean }) {
  const translate = useTranslate();
  const { tree } = usePlanContext();
  const busy = useContext(BusyContext);
  const name = nodeName(node.label, translate);
  const tabIndex = keyboard ? 0 : -1;

  const button = (key: string, icon: ReactNode, onClick: () => void, disabled = false) => (
    <Tooltip title={translate(`plans.node.actions.${key}`)} mouseEnterDelay={0.4}>
      <Button
        type="text"
        size="small"
        icon={icon}
        disabled={disabled || busy}
        tabIndex={tabIndex}
        aria-label={`${translate(`plans.node.actions.${key}`)}: ${name}`}
        onClick={onClick}
      />
    </Tooltip>
  );

  return (
    <Space size={0} className="plan-node-toolbar" role="toolbar" aria-label={translate('plans.node.toolbar', { name })}>
      {button('edit', <EditOutlined aria-hidden />, () => actions.edit(node))}
      {button('addChild', <PlusSquareOutlined aria-hidden />, () => actions.addChild(node, depth))}
      {button('addSibling', <PlusOutlined aria-hidden />, () => actions.addSibling(node, depth))}
      {button('up', <ArrowUpOutlined aria-hidden />, () => actions.move(node, 'up'), !moveTarget(tree, node.id, 'up'))}
      {button('down', <ArrowDownOutlined aria-hidden />, () => actions.move(node, 'down'), !moveTarget(tree, node.id, 'down'))}
      {button('outdent', <MenuFoldOutlined aria-hidden />, () => actions.move(node, 'outdent'), !moveTarget(tree, node.id, 'outdent'))}
      {button('indent', <MenuUnfoldOutlined aria-hidden />, () => actions.move(node, 'indent'), !moveTarget(tree, node.id, 'indent'))}
      <Dropdown
        trigger={['click']}
        menu={{
          items: [
            { key: 'target', icon: <AimOutlined aria-hidden />, label: translate('plans.node.actions.addTarget'), onClick: () => actions.addTarget(node) },
            { key: 'phase', icon: <CalendarOutlined aria-hidden />, label: translate('plans.node.actions.addPhase'), onClick: () => actions.addPhase(node) },
            { key: 'milestone', icon: <FlagOutlined aria-hidden />, label: translate('plans.node.actions.addMilestone'), onClick: () => actions.addMilestone(node) },
            {
              key: 'renumber',
              icon: <OrderedListOutlined aria-hidden />,
              label: translate('plans.node.actions.renumber'),
              disabled: renumberedLabels(tree, node.parentId).length === 0,
              onClick: () => actions.renumber(node),
            },
          ],
        }}
      >
        <Button type="text" size="small" icon={<MoreOutlined aria-hidden />} tabIndex={tabIndex} aria-label={`${translate('plans.node.actions.more')}: ${name}`} />
      </Dropdown>
      {node.derivedFromNodeId
        ? button('omit', <StopOutlined aria-hidden />, () => actions.remove(node))
        : button('delete', <DeleteOutlined aria-hidden />, () => actions.remove(node))}
    </Space>
  );
}

/**
 * A table of the plan (a TABLE node, rows "| a | b |") as a real table: the first row is its
 * header, as the export prints it bold and repeats it on each page. On a narrow screen the
 * table scrolls sideways in its own box (focusable, so the keyboard scrolls it too), the page does not.
 */
function PlanTable({ text }: { text: string }) {
  const translate = useTranslate();
  const [head, ...body] = tableRows(text);
  const columns = Math.max(0, ...[head ?? [], ...body].map((r) => r.length));
  const cells = (row: string[]) => Array.from({ length: columns }, (_, i) => row[i] ?? '');
  return (
    <div className="plan-table-scroll" role="region" aria-label={translate('plans.document.table')} tabIndex={0} data-testid="plan-table">
      <table className="plan-table">
        {head && (
          <thead>
            <tr>
              {cells(head).map((c, i) => (
                <th key={i} scope="col">
                  {c}
                </th>
              ))}
            </tr>
          </thead>
        )}
        <tbody>
          {body.map((row, r) => (
            <tr key={r}>
              {cells(row).map((c, i) => (
                <td key={i}>{c}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
