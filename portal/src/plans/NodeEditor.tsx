import { useEffect, useRef, useState, type CSSProperties } from 'react';
import { Button, Checkbox, Flex, Form, Input, Select, Space, Typography } from 'antd';
import { useTranslate } from '@refinedev/core';
import { DateInput, DateRangeInput } from '../common/DateInput';
import dayjs, { type Dayjs } from 'dayjs';
import { applyFieldError, FormErrorAlert } from '../common/form-errors';
import type { ApiError } from '../providers/errors';
import { useIdempotencyKey } from '../providers/idempotency';
import { AgencyRefsSelect } from './AgencyRefsSelect';
import { ConflictNotice, MineKept } from './ConflictNotice';
import { replaceFormValues } from './form-values';
import { usePlanContext } from './plan-context';
import { ADD_NODE, UPDATE_NODE } from './plans.graphql';
import { usePlanMutation, useSaved } from './use-plan-api';
import { describeTiming } from './wording';
import { NODE_KINDS, TIMING_KINDS, type AgencyRef, type NodeKind, type PlanNode, type TimingKind } from './types';

const toDay = (v: string | null | undefined) => (v ? dayjs(v, 'YYYY-MM-DD') : null);
const toLocal = (d: Dayjs | null | undefined) => (d ? d.format('YYYY-MM-DD') : null);

interface Values {
  label: string;
  kind: NodeKind;
  text: string;
  isTask: boolean;
  lead: AgencyRef[];
  cooperating: AgencyRef[];
  timingKind: TimingKind | 'NONE';
  dueDate: Dayjs | null;
  period?: [Dayjs | null, Dayjs | null];
  phaseId: string | null;
  recurring: boolean;
  timingText: string;
}

function valuesOf(node: Pick<PlanNode, 'label' | 'kind' | 'text' | 'task'>): Values {
  const timing = node.task?.timing ?? null;
  return {
    label: node.label ?? '',
    kind: node.kind,
    text: node.text,
    isTask: Boolean(node.task),
    lead: node.task?.lead ?? [],
    cooperating: node.task?.cooperating ?? [],
    timingKind: timing?.kind ?? 'NONE',
    dueDate: toDay(timing?.dueDate),
    period: timing?.periodStart || timing?.periodEnd ? [toDay(timing.periodStart), toDay(timing.periodEnd)] : undefined,
    phaseId: timing?.phaseId ?? null,
    recurring: Boolean(timing?.recurring && timing.kind !== 'RECURRING'),
    timingText: timing?.text ?? '',
  };
}

const refInput = (r: AgencyRef) => ({
  agencyId: r.agencyId,
  name: r.name,
  sector: r.sector,
  subordinateCommittees: r.subordinateCommittees,
  unmatched: r.unmatched,
});

function taskInput(v: Values) {
  const timing =
    v.timingKind === 'NONE'
      ? null
      : {
          kind: v.timingKind,
          dueDate: v.timingKind === 'BY_DATE' ? toLocal(v.dueDate) : null,
          periodStart: v.timingKind === 'WITHIN_PERIOD' ? toLocal(v.period?.[0]) : null,
          periodEnd: v.timingKind === 'WITHIN_PERIOD' ? toLocal(v.period?.[1]) : null,
          phaseId: v.timingKind === 'DURING_PHASE' ? v.phaseId : null,
          recurring: v.timingKind === 'RECURRING' || v.recurring,
          text: v.timingText.trim() || null,
        };
  return { lead: v.lead.map(refInput), cooperating: v.cooperating.map(refInput), timing };
}

export type NodeEditorTarget =
  | { mode: 'edit'; node: PlanNode }
  | { mode: 'add'; parentId: string | null; afterNodeId: string | null; kind: NodeKind; label: string | null; depth: number };

/**
 * Writing one node of the body in place: its label as printed, kind, text, and, for a task, the
 * lead and cooperating agencies and the timing ("4 rõ"). Ctrl+Enter saves, Escape cancels.
 */
export function NodeEditor({
  target,
  suggestLabel,
  onDone,
  onCancel,
  onDirty,
}: {
  target: NodeEditorTarget;
  /** The label a node of this kind would take here. */
  suggestLabel: (kind: NodeKind) => string | null;
  onDone: () => void;
  onCancel: () => void;
  /** Called on the first change, so that opening another editor asks before discarding it. */
  onDirty?: () => void;
}) {
  const translate = useTranslate();
  const saved = useSaved();
  const { plan, agencies, reload } = usePlanContext();
  const { run, isPending } = usePlanMutation();
  // One key per node added: a retry after a lost answer returns the node instead of adding it twice.
  const [idempotencyKey, renewKey] = useIdempotencyKey('node');
  const [form] = Form.useForm<Values>();
  const [version, setVersion] = useState(target.mode === 'edit' ? target.node.version : 0);
  const [error, setError] = useState<ApiError | null>(null);
  const [mine, setMine] = useState<Values | null>(null);
  const labelTouched = useRef(target.mode === 'edit');
  const textRef = useRef<HTMLTextAreaElement | null>(null);

  const initial: Values =
    target.mode === 'edit'
      ? valuesOf(target.node)
      : valuesOf({ label: target.label, kind: target.kind, text: '', task: null });

  useEffect(() => {
    textRef.current?.focus();
  }, []);

  const isTask = Form.useWatch('isTask', form);
  const timingKind = Form.useWatch('timingKind', form);

  const submit = async (v: Values) => {
    setError(null);
    const fields = { kind: v.kind, label: v.label.trim() || null, text: v.text.trim() };
    try {
      if (target.mode === 'edit') {
        await run(UPDATE_NODE, {
          nodeId: target.node.id,
          version,
          ...fields,
          ...(v.isTask ? { task: taskInput(v) } : target.node.task ? { clearTask: true } : {}),
        });
      } else {
        await run(ADD_NODE, {
          planId: plan.id,
          parentId: target.parentId,
          afterNodeId: target.afterNodeId,
          ...fields,
          ...(v.isTask ? { task: taskInput(v) } : {}),
          idempotencyKey,
        });
        renewKey();
      }
      await reload();
      saved(translate(target.mode === 'edit' ? 'plans.node.saved' : 'plans.node.added'));
      onDone();
    } catch (e) {
      const apiError = e as ApiError;
      const fieldMap: Record<string, string> = { text: 'text', label: 'label', kind: 'kind', 'task.timing.dueDate': 'dueDate' };
      if (apiError.field && fieldMap[apiError.field]) {
        if (applyFieldError(form, { ...apiError, field: fieldMap[apiError.field] }, Object.values(fieldMap), translate)) return;
      }
      setError(apiError);
    }
  };

  const current = error?.code === 'CONFLICT' ? (error.current as Partial<PlanNode> | undefined) : undefined;

  return (
    <div
      className="plan-node-editor"
      style={{ '--editor-depth': target.mode === 'add' ? target.depth : 0 } as CSSProperties}
      role="group"
      aria-label={translate(target.mode === 'edit' ? 'plans.node.editTitle' : 'plans.node.addTitle')}
      onKeyDown={(e) => {
        if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
          e.preventDefault();
          form.submit();
        } else if (e.key === 'Escape' && !(e.target as HTMLElement).closest('.ant-select, .ant-picker')) {
          e.preventDefault();
          onCancel();
        }
      }}
    >
      <Typography.Text strong className="plan-node-editor-title">
        {translate(target.mode === 'edit' ? 'plans.node.editTitle' : 'plans.node.addTitle')}
      </Typography.Text>
      {current && (
        <ConflictNotice
          error={error!}
          current={
            <>
              {current.label ? <strong>{current.label} </strong> : null}
              {current.text}
              {current.task?.timing && (
                <div className="plan-conflict-facts">{describeTiming(current.task.timing, plan.phases, translate)}</div>
              )}
            </>
          }
          onLoadCurrent={(c) => {
            setMine(form.getFieldsValue());
            replaceFormValues(form, valuesOf(c as unknown as PlanNode));
            setVersion(Number(c.version));
            setError(null);
          }}
          onKeepMine={(c) => {
            setVersion(Number(c.version));
            setError(null);
            saved(translate('plans.conflict.keptMine'));
          }}
        />
      )}
      {error && error.code !== 'CONFLICT' && <FormErrorAlert error={error} />}
      {mine && (
        <MineKept
          text={
            <>
              {mine.label ? <strong>{mine.label} </strong> : null}
              {mine.text}
            </>
          }
          onRestore={() => {
            replaceFormValues(form, mine);
            setMine(null);
          }}
        />
      )}
      <Form<Values>
        form={form}
        layout="vertical"
        name={target.mode === 'edit' ? `node-${target.node.id}` : 'node-new'}
        initialValues={initial}
        onFinish={(v) => void submit(v)}
        onValuesChange={(changed: Partial<Values>) => {
          onDirty?.();
          if ('label' in changed) labelTouched.current = true;
          if (changed.kind && !labelTouched.current) form.setFieldValue('label', suggestLabel(changed.kind) ?? '');
        }}
        requiredMark={false}
        size="small"
      >
        <Flex gap={8} wrap align="flex-start">
          <Form.Item name="label" label={translate('plans.node.label')} style={{ width: 96, marginBottom: 8 }}>
            <Input maxLength={20} placeholder="1." />
          </Form.Item>
          <Form.Item name="kind" label={translate('plans.node.kind')} style={{ width: 190, marginBottom: 8 }}>
            <Select options={NODE_KINDS.map((k) => ({ value: k, label: translate(`plans.nodeKinds.${k}`) }))} />
          </Form.Item>
          <Form.Item name="isTask" valuePropName="checked" label=" " style={{ marginBottom: 8 }}>
            <Checkbox>{translate('plans.node.isTask')}</Checkbox>
          </Form.Item>
        </Flex>
        <Form.Item
          name="text"
          label={translate('plans.node.text')}
          rules={[{ required: true, whitespace: true, message: translate('plans.node.textRequired') }]}
          style={{ marginBottom: 8 }}
        >
          <Input.TextArea
            ref={(el) => {
              textRef.current = el?.resizableTextArea?.textArea ?? null;
            }}
            autoSize={{ minRows: 2, maxRows: 14 }}
            maxLength={20000}
            className="plan-node-editor-text"
          />
        </Form.Item>
        {isTask && (
          <div className="plan-node-editor-task">
            <Form.Item name="lead" label={translate('plans.task.lead')} style={{ marginBottom: 8 }}>
              <AgencyRefsSelect agencies={agencies} placeholder={translate('plans.task.agencyPlaceholder')} />
            </Form.Item>
            <Form.Item name="cooperating" label={translate('plans.task.cooperating')} style={{ marginBottom: 8 }}>
              <AgencyRefsSelect agencies={agencies} placeholder={translate('plans.task.agencyPlaceholder')} />
            </Form.Item>
            <Flex gap={8} wrap align="flex-start">
              <Form.Item name="timingKind" label={translate('plans.task.timing')} style={{ width: 230, marginBottom: 8 }}>
                <Select
                  options={[
                    { value: 'NONE', label: translate('plans.timingKinds.NONE') },
                    ...TIMING_KINDS.map((k) => ({ value: k, label: translate(`plans.timingKinds.${k}`) })),
                  ]}
                />
              </Form.Item>
              {timingKind === 'BY_DATE' && (
                <Form.Item
                  name="dueDate"
                  label={translate('plans.task.dueDate')}
                  rules={[{ required: true, message: translate('plans.task.dueDateRequired') }]}
                  style={{ marginBottom: 8 }}
                >
                  <DateInput />
                </Form.Item>
              )}
              {timingKind === 'WITHIN_PERIOD' && (
                <Form.Item
                  name="period"
                  label={translate('plans.task.period')}
                  rules={[{ required: true, message: translate('plans.task.periodRequired') }]}
                  style={{ marginBottom: 8 }}
                >
                  <DateRangeInput />
                </Form.Item>
              )}
              {timingKind === 'DURING_PHASE' && (
                <Form.Item
                  name="phaseId"
                  label={translate('plans.task.phase')}
                  rules={[{ required: true, message: translate('plans.task.phaseRequired') }]}
                  style={{ width: 260, marginBottom: 8 }}
                >
                  <Select
                    options={plan.phases.map((p) => ({ value: p.id, label: p.name }))}
                    notFoundContent={translate('plans.phases.none')}
                  />
                </Form.Item>
              )}
              {timingKind !== 'NONE' && timingKind !== 'RECURRING' && (
                <Form.Item name="recurring" valuePropName="checked" label=" " style={{ marginBottom: 8 }}>
                  <Checkbox>{translate('plans.task.alsoRecurring')}</Checkbox>
                </Form.Item>
              )}
            </Flex>
            {timingKind !== 'NONE' && (
              <Form.Item name="timingText" label={translate('plans.task.timingText')} style={{ marginBottom: 8 }}>
                <Input maxLength={500} placeholder={translate('plans.task.timingTextPlaceholder')} />
              </Form.Item>
            )}
          </div>
        )}
        <Space>
          <Button type="primary" htmlType="submit" loading={isPending}>
            {translate(target.mode === 'edit' ? 'common.save' : 'plans.node.add')}
          </Button>
          <Button onClick={onCancel}>{translate('common.cancel')}</Button>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {translate('plans.node.keys')}
          </Typography.Text>
        </Space>
      </Form>
    </div>
  );
}
