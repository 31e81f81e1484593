import { useState } from 'react';
import { Button, Flex, Form, Input, InputNumber, Modal, Popconfirm, Select } from 'antd';
import { useTranslate } from '@refinedev/core';
import { DateInput, DateRangeInput } from '../common/DateInput';
import dayjs, { type Dayjs } from 'dayjs';
import { FormErrorAlert } from '../common/form-errors';
import { formatDate } from '../i18n/format';
import type { ApiError } from '../providers/errors';
import { useIdempotencyKey } from '../providers/idempotency';
import { ConflictNotice, MineKept } from './ConflictNotice';
import { replaceFormValues } from './form-values';
import { usePlanContext } from './plan-context';
import { DELETE_MILESTONE, DELETE_PHASE, SAVE_MILESTONE, SAVE_PHASE } from './plans.graphql';
import { usePlanMutation, useSaved } from './use-plan-api';
import { MILESTONE_KINDS, RECURRENCES, type Milestone, type MilestoneKind, type Phase, type Recurrence } from './types';

const toDay = (v: string | null | undefined) => (v ? dayjs(v, 'YYYY-MM-DD') : null);
const toLocal = (d: Dayjs | null | undefined) => (d ? d.format('YYYY-MM-DD') : null);

/** The nodes of the body as choices ("1. Giai đoạn chuẩn bị …"), for linking a part to the text that states it. */
function useNodeOptions() {
  const { plan } = usePlanContext();
  return plan.nodes.filter((n) => n.kind !== 'SECTION').map((n) => ({ value: n.id, label: `${n.label ?? '¶'} ${n.text.slice(0, 90)}` }));
}

/** "Xóa" on the left of a modal's footer, confirmed first; sends the version read. */
function DeletePart({ label, confirm, onDelete }: { label: string; confirm: string; onDelete: () => Promise<void> }) {
  const translate = useTranslate();
  return (
    <Popconfirm title={confirm} okText={translate('buttons.delete')} okButtonProps={{ danger: true }} cancelText={translate('common.cancel')} onConfirm={onDelete}>
      <Button danger style={{ float: 'left' }}>
        {label}
      </Button>
    </Popconfirm>
  );
}

interface PhaseValues {
  name: string;
  dates?: [Dayjs | null, Dayjs | null];
  goal: string;
  nodeId: string | null;
}

const phaseValues = (p: Partial<Phase>): PhaseValues => ({
  name: p.name ?? '',
  dates: p.startDate || p.endDate ? [toDay(p.startDate), toDay(p.endDate)] : undefined,
  goal: p.goal ?? '',
  nodeId: p.nodeId ?? null,
});

/** A phase (giai đoạn): name, dates, goal, and the node of the text that states it. */
export function PhaseEditorModal({ phase, nodeId, onClose }: { phase?: Phase; nodeId?: string | null; onClose: () => void }) {
  const translate = useTranslate();
  const saved = useSaved();
  const { plan, reload } = usePlanContext();
  const { run, isPending } = usePlanMutation();
  const nodeOptions = useNodeOptions();
  const [form] = Form.useForm<PhaseValues>();
  const [version, setVersion] = useState(phase?.version);
  const [idempotencyKey, renewKey] = useIdempotencyKey('phase');
  const [error, setError] = useState<ApiError | null>(null);
  const [mine, setMine] = useState<PhaseValues | null>(null);

  const submit = async (v: PhaseValues) => {
    setError(null);
    try {
      await run(SAVE_PHASE, {
        planId: plan.id,
        ...(phase ? { phaseId: phase.id, version } : { idempotencyKey }),
        name: v.name.trim(),
        startDate: toLocal(v.dates?.[0]),
        endDate: toLocal(v.dates?.[1]),
        goal: v.goal.trim() || null,
        nodeId: v.nodeId,
      });
      renewKey();
      await reload();
      saved(translate('plans.phases.saved'));
      onClose();
    } catch (e) {
      setError(e as ApiError);
    }
  };
  const remove = async () => {
    setError(null);
    try {
      await run(DELETE_PHASE, { id: phase!.id, version });
      await reload();
      saved(translate('plans.phases.deleted'));
      onClose();
    } catch (e) {
      setError(e as ApiError);
    }
  };
  const current = error?.code === 'CONFLICT' ? (error.current as Partial<Phase> | undefined) : undefined;

  return (
    <Modal
      open
      width={640}
      title={translate(phase ? 'plans.phases.editTitle' : 'plans.phases.addTitle')}
      footer={(_, { OkBtn, CancelBtn }) => (
        <>
          {phase && <DeletePart label={translate('buttons.delete')} confirm={translate('plans.phases.deleteConfirm')} onDelete={remove} />}
          <CancelBtn />
          <OkBtn />
        </>
      )}
      okText={translate('common.save')}
      cancelText={translate('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={isPending}
      destroyOnHidden
      maskClosable={false}
    >
      {current && (
        <ConflictNotice
          error={error!}
          current={`${current.name ?? ''} (${formatDate(current.startDate)}–${formatDate(current.endDate)})`}
          onLoadCurrent={(c) => {
            setMine(form.getFieldsValue());
            replaceFormValues(form, phaseValues(c as Partial<Phase>));
            setVersion(Number(c.version));
            setError(null);
          }}
          onKeepMine={(c) => {
            setVersion(Number(c.version));
            setError(null);
          }}
        />
      )}
      {mine && (
        <MineKept
          text={mine.name}
          onRestore={() => {
            replaceFormValues(form, mine);
            setMine(null);
          }}
        />
      )}
      {error && error.code !== 'CONFLICT' && <FormErrorAlert error={error} />}
      <Form<PhaseValues> form={form} layout="vertical" name="phase" initialValues={phaseValues(phase ?? { nodeId })} onFinish={(v) => void submit(v)}>
        <Form.Item name="name" label={translate('plans.phases.name')} rules={[{ required: true, whitespace: true, message: translate('plans.phases.nameRequired') }]}>
          <Input maxLength={300} placeholder={translate('plans.phases.namePlaceholder')} />
        </Form.Item>
        <Form.Item name="dates" label={translate('plans.phases.dates')}>
          <DateRangeInput allowEmpty={[true, true]} />
        </Form.Item>
        <Form.Item name="goal" label={translate('plans.phases.goal')}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={5000} />
        </Form.Item>
        <Form.Item name="nodeId" label={translate('plans.phases.node')}>
          <Select allowClear showSearch optionFilterProp="label" options={nodeOptions} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

interface MilestoneValues {
  kind: MilestoneKind;
  title: string;
  dueDate: Dayjs | null;
  recipient: string;
  nodeId: string | null;
  recurrence: Recurrence | null;
  dueDay: number | null;
}

const milestoneValues = (m: Partial<Milestone>): MilestoneValues => ({
  kind: m.kind ?? 'RESULT_REPORT',
  title: m.title ?? '',
  dueDate: toDay(m.dueDate),
  recipient: m.recipient ?? '',
  nodeId: m.nodeId ?? null,
  recurrence: m.recurrence ?? null,
  dueDay: m.dueDay ?? null,
});


/** A reporting milestone (báo cáo kết quả, sơ kết, tổng kết) or the deadline for subordinates' plans. */
export function MilestoneEditorModal({ milestone, nodeId, onClose }: { milestone?: Milestone; nodeId?: string | null; onClose: () => void }) {
  const translate = useTranslate();
  const saved = useSaved();
  const { plan, reload } = usePlanContext();
  const { run, isPending } = usePlanMutation();
  const nodeOptions = useNodeOptions();
  const [form] = Form.useForm<MilestoneValues>();
  const [version, setVersion] = useState(milestone?.version);
  const [idempotencyKey, renewKey] = useIdempotencyKey('milestone');
  const [error, setError] = useState<ApiError | null>(null);
  const [mine, setMine] = useState<MilestoneValues | null>(null);

  const submit = async (v: MilestoneValues) => {
    setError(null);
    try {
      await run(SAVE_MILESTONE, {
        planId: plan.id,
        ...(milestone ? { milestoneId: milestone.id, version } : { idempotencyKey }),
        kind: v.kind,
        title: v.title.trim(),
        dueDate: toLocal(v.dueDate),
        recipient: v.recipient.trim() || null,
        nodeId: v.nodeId,
        // Only a report recurs; its due day goes with its recurrence (the API refuses either alone).
        recurrence: v.kind === 'PLAN_SUBMISSION' ? null : (v.recurrence ?? null),
        dueDay: v.kind === 'PLAN_SUBMISSION' || !v.recurrence ? null : (v.dueDay ?? null),
      });
      renewKey();
      await reload();
      saved(translate('plans.milestones.saved'));
      onClose();
    } catch (e) {
      setError(e as ApiError);
    }
  };
  const remove = async () => {
    setError(null);
    try {
      await run(DELETE_MILESTONE, { id: milestone!.id, version });
      await reload();
      saved(translate('plans.milestones.deleted'));
      onClose();
    } catch (e) {
      setError(e as ApiError);
    }
  };
  const current = error?.code === 'CONFLICT' ? (error.current as Partial<Milestone> | undefined) : undefined;

  return (
    <Modal
      open
      width={640}
      title={translate(milestone ? 'plans.milestones.editTitle' : 'plans.milestones.addTitle')}
      footer={(_, { OkBtn, CancelBtn }) => (
        <>
          {milestone && (
            <DeletePart label={translate('buttons.delete')} confirm={translate('plans.milestones.deleteConfirm')} onDelete={remove} />
          )}
          <CancelBtn />
          <OkBtn />
        </>
      )}
      okText={translate('common.save')}
      cancelText={translate('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={isPending}
      destroyOnHidden
      maskClosable={false}
    >
      {current && (
        <ConflictNotice
          error={error!}
          current={`${current.title ?? ''} (${formatDate(current.dueDate)})`}
          onLoadCurrent={(c) => {
            setMine(form.getFieldsValue());
            replaceFormValues(form, milestoneValues(c as Partial<Milestone>));
            setVersion(Number(c.version));
            setError(null);
          }}
          onKeepMine={(c) => {
            setVersion(Number(c.version));
            setError(null);
          }}
        />
      )}
      {mine && (
        <MineKept
          text={mine.title}
          onRestore={() => {
            replaceFormValues(form, mine);
            setMine(null);
          }}
        />
      )}
      {error && error.code !== 'CONFLICT' && <FormErrorAlert error={error} />}
      <Form<MilestoneValues>
        form={form}
        layout="vertical"
        name="milestone"
        initialValues={milestoneValues(milestone ?? { nodeId })}
        onFinish={(v) => void submit(v)}
       
      >
        <Flex gap={12} wrap>
          <Form.Item name="kind" label={translate('plans.milestones.kind')} style={{ width: 260 }}>
            <Select options={MILESTONE_KINDS.map((k) => ({ value: k, label: translate(`plans.milestoneKinds.${k}`) }))} />
          </Form.Item>
          <Form.Item name="dueDate" label={translate('plans.milestones.dueDate')}>
            <DateInput />
          </Form.Item>
        </Flex>
        <Form.Item noStyle shouldUpdate={(a, b) => a.kind !== b.kind || a.recurrence !== b.recurrence}>
          {({ getFieldValue }) =>
            getFieldValue('kind') === 'PLAN_SUBMISSION' ? null : (
              <Flex gap={12} wrap>
                <Form.Item
                  name="recurrence"
                  label={translate('plans.milestones.recurrence')}
                  extra={translate('plans.milestones.recurrenceHint')}
                  style={{ width: 260 }}
                >
                  <Select
                    allowClear
                    placeholder={translate('plans.milestones.oneOff')}
                    options={RECURRENCES.map((r) => ({ value: r, label: translate(`plans.recurrences.${r}`) }))}
                  />
                </Form.Item>
                {getFieldValue('recurrence') && (
                  <Form.Item name="dueDay" label={translate('plans.milestones.dueDay')} extra={translate('plans.milestones.dueDayHint')}>
                    <InputNumber min={1} max={31} precision={0} style={{ width: 120 }} />
                  </Form.Item>
                )}
              </Flex>
            )
          }
        </Form.Item>
        <Form.Item name="title" label={translate('plans.milestones.name')} rules={[{ required: true, whitespace: true, message: translate('plans.milestones.titleRequired') }]}>
          <Input maxLength={1000} placeholder={translate('plans.milestones.titlePlaceholder')} />
        </Form.Item>
        <Form.Item name="recipient" label={translate('plans.milestones.recipient')}>
          <Input maxLength={500} placeholder={translate('plans.milestones.recipientPlaceholder')} />
        </Form.Item>
        <Form.Item name="nodeId" label={translate('plans.milestones.node')}>
          <Select allowClear showSearch optionFilterProp="label" options={nodeOptions} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
