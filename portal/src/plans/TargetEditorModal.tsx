import { useState } from 'react';
import { AutoComplete, Button, Flex, Form, Input, InputNumber, Modal, Select, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined, TeamOutlined } from '@ant-design/icons';
import { useTranslate } from '@refinedev/core';
import { DateRangeInput } from '../common/DateInput';
import dayjs, { type Dayjs } from 'dayjs';
import { FormErrorAlert } from '../common/form-errors';
import { useLocale } from '../i18n/locale';
import type { ApiError } from '../providers/errors';
import { useIdempotencyKey } from '../providers/idempotency';
import { AgencyRefsSelect, searchKey } from './AgencyRefsSelect';
import { ConflictNotice, MineKept } from './ConflictNotice';
import { replaceFormValues } from './form-values';
import { usePlanContext } from './plan-context';
import { SAVE_TARGET } from './plans.graphql';
import { sumCheck } from './printed';
import { SumCheckBadge, targetSentence } from './target-parts';
import { usePlanMutation, useSaved } from './use-plan-api';
import { COMPARATORS, type AgencyRef, type Comparator, type Target } from './types';

const toDay = (v: string | null | undefined) => (v ? dayjs(v, 'YYYY-MM-DD') : null);
const toLocal = (d: Dayjs | null | undefined) => (d ? d.format('YYYY-MM-DD') : null);

/** Usual units of measure in the seed plans. */
const UNITS_OF_MEASURE = ['vụ', 'buổi', 'đối tượng', 'người', '%', 'lượt', 'lần', 'xã', 'điểm'];

interface AllocationRow {
  assignee: string;
  value: number | null;
  unitId: string | null;
  agencyId: string | null;
}

interface Values {
  metric: string;
  comparator: Comparator;
  value: number | null;
  unitOfMeasure: string;
  period?: [Dayjs | null, Dayjs | null];
  phaseId: string | null;
  year: number | null;
  responsible: AgencyRef[];
  nodeId: string | null;
  allocations: AllocationRow[];
}

function valuesOf(t: Partial<Target>): Values {
  return {
    metric: t.metric ?? '',
    comparator: t.comparator ?? 'AT_LEAST',
    value: t.value ?? null,
    unitOfMeasure: t.unitOfMeasure ?? '',
    period: t.periodStart || t.periodEnd ? [toDay(t.periodStart), toDay(t.periodEnd)] : undefined,
    phaseId: t.phaseId ?? null,
    year: t.year ?? null,
    responsible: t.responsible ? [t.responsible] : [],
    nodeId: t.nodeId ?? null,
    allocations: (t.allocations ?? []).map((a) => ({ assignee: a.assignee, value: a.value, unitId: a.unitId ?? null, agencyId: a.agencyId ?? null })),
  };
}

/**
 * A target (chỉ tiêu) with its allocations to child units or agencies; the sum of the
 * allocations is checked against the total as the user types.
 */
export function TargetEditorModal({ target, nodeId, onClose }: { target?: Target; nodeId?: string | null; onClose: () => void }) {
  const translate = useTranslate();
  const locale = useLocale();
  const saved = useSaved();
  const { plan, agencies, childUnits, reload, tree } = usePlanContext();
  const { run, isPending } = usePlanMutation();
  const [idempotencyKey, renewKey] = useIdempotencyKey('target');
  const [form] = Form.useForm<Values>();
  const [version, setVersion] = useState(target?.version);
  const [error, setError] = useState<ApiError | null>(null);
  const [mine, setMine] = useState<Values | null>(null);
  const total = Form.useWatch('value', form);
  const rows = Form.useWatch('allocations', form) as AllocationRow[] | undefined;
  const unitOfMeasure = Form.useWatch('unitOfMeasure', form);
  const check = sumCheck(total, (rows ?? []).map((r) => r?.value));

  const assigneeOptions = [
    ...childUnits.map((u) => ({ value: u.name, label: u.name })),
    ...agencies.map((a) => ({ value: a.name, label: a.name })),
  ];
  const resolve = (name: string): Pick<AllocationRow, 'unitId' | 'agencyId'> => {
    const key = searchKey(name.trim());
    const unit = childUnits.find((u) => searchKey(u.name) === key);
    if (unit) return { unitId: unit.id, agencyId: null };
    const agency = agencies.find((a) => searchKey(a.name) === key);
    return { unitId: null, agencyId: agency?.id ?? null };
  };

  const submit = async (v: Values) => {
    setError(null);
    const responsible = v.responsible[0];
    try {
      await run(SAVE_TARGET, {
        planId: plan.id,
        // A new target carries the key of this action; an edit carries the version it was based on.
        ...(target ? { targetId: target.id, version } : { idempotencyKey }),
        nodeId: v.nodeId,
        metric: v.metric.trim(),
        comparator: v.comparator,
        value: v.value,
        unitOfMeasure: v.unitOfMeasure.trim(),
        periodStart: toLocal(v.period?.[0]),
        periodEnd: toLocal(v.period?.[1]),
        phaseId: v.phaseId,
        year: v.year,
        responsible: responsible
          ? {
              agencyId: responsible.agencyId,
              name: responsible.name,
              sector: responsible.sector,
              subordinateCommittees: responsible.subordinateCommittees,
              unmatched: responsible.unmatched,
            }
          : null,
        allocations: (v.allocations ?? [])
          .filter((a) => a.assignee?.trim())
          .map((a) => ({ assignee: a.assignee.trim(), value: a.value ?? 0, unitId: a.unitId, agencyId: a.agencyId })),
      });
      renewKey();
      await reload();
      saved(translate(target ? 'plans.targets.saved' : 'plans.targets.added'));
      onClose();
    } catch (e) {
      setError(e as ApiError);
    }
  };

  const current = error?.code === 'CONFLICT' ? (error.current as Partial<Target> | undefined) : undefined;
  const nodeOptions = tree.byId.size
    ? [...tree.byId.values()]
        .filter((n) => n.kind !== 'SECTION')
        .map((n) => ({ value: n.id, label: `${n.label ?? '¶'} ${n.text.slice(0, 90)}` }))
    : [];

  return (
    <Modal
      open
      width={820}
      title={translate(target ? 'plans.targets.editTitle' : 'plans.targets.addTitle')}
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
          current={targetSentence({ ...current, comparator: current.comparator ?? 'AT_LEAST' } as Target, translate, locale)}
          onLoadCurrent={(c) => {
            setMine(form.getFieldsValue());
            replaceFormValues(form, valuesOf(c as Partial<Target>));
            setVersion(Number(c.version));
            setError(null);
          }}
          onKeepMine={(c) => {
            setVersion(Number(c.version));
            setError(null);
          }}
        />
      )}
      {mine && <MineKept text={`${mine.metric} — ${mine.value ?? ''} ${mine.unitOfMeasure}`} onRestore={() => {
            replaceFormValues(form, mine);
            setMine(null);
          }} />}
      {error && error.code !== 'CONFLICT' && <FormErrorAlert error={error} />}
      <Form<Values>
        form={form}
        layout="vertical"
        name="target"
        initialValues={valuesOf(target ?? { nodeId: nodeId ?? null })}
        onFinish={(v) => void submit(v)}
       
        size="middle"
      >
        <Form.Item
          name="metric"
          label={translate('plans.targets.metric')}
          rules={[{ required: true, whitespace: true, message: translate('plans.targets.metricRequired') }]}
          style={{ marginBottom: 12 }}
        >
          <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} maxLength={1000} placeholder={translate('plans.targets.metricPlaceholder')} />
        </Form.Item>
        <Flex gap={12} wrap>
          <Form.Item name="comparator" label={translate('plans.targets.comparator')} style={{ width: 150, marginBottom: 12 }}>
            <Select options={COMPARATORS.map((c) => ({ value: c, label: translate(`plans.comparators.${c}`) }))} />
          </Form.Item>
          <Form.Item name="value" label={translate('plans.targets.value')} style={{ width: 140, marginBottom: 12 }}>
            <InputNumber min={0} style={{ width: '100%' }} decimalSeparator={locale === 'vi' ? ',' : '.'} />
          </Form.Item>
          <Form.Item
            name="unitOfMeasure"
            label={translate('plans.targets.unitOfMeasure')}
            rules={[{ required: true, whitespace: true, message: translate('plans.targets.unitRequired') }]}
            style={{ width: 150, marginBottom: 12 }}
          >
            <AutoComplete options={UNITS_OF_MEASURE.map((u) => ({ value: u }))} maxLength={50} />
          </Form.Item>
          <Form.Item name="period" label={translate('plans.targets.period')} style={{ marginBottom: 12 }}>
            <DateRangeInput allowEmpty={[true, true]} />
          </Form.Item>
        </Flex>
        <Flex gap={12} wrap>
          <Form.Item name="responsible" label={translate('plans.targets.responsible')} style={{ flex: 1, minWidth: 240, marginBottom: 12 }}>
            <AgencyRefsSelect agencies={agencies} max={1} placeholder={translate('plans.task.agencyPlaceholder')} />
          </Form.Item>
          <Form.Item name="phaseId" label={translate('plans.targets.phase')} style={{ width: 200, marginBottom: 12 }}>
            <Select allowClear options={plan.phases.map((p) => ({ value: p.id, label: p.name }))} notFoundContent={translate('plans.phases.none')} />
          </Form.Item>
          <Form.Item name="year" label={translate('plans.targets.year')} style={{ width: 110, marginBottom: 12 }}>
            <InputNumber min={1945} max={2100} style={{ width: '100%' }} />
          </Form.Item>
        </Flex>
        <Form.Item name="nodeId" label={translate('plans.targets.node')} style={{ marginBottom: 12 }}>
          <Select allowClear showSearch optionFilterProp="label" options={nodeOptions} />
        </Form.Item>

        <Flex justify="space-between" align="center" style={{ marginBottom: 8 }}>
          <Typography.Text strong>{translate('plans.targets.allocations')}</Typography.Text>
          {childUnits.length > 0 && (
            <Button
              size="small"
              icon={<TeamOutlined  aria-hidden />}
              onClick={() => {
                const existing = new Set((form.getFieldValue('allocations') as AllocationRow[]).map((r) => r.unitId));
                const added = childUnits
                  .filter((u) => !existing.has(u.id))
                  .map((u) => ({ assignee: u.name, value: null, unitId: u.id, agencyId: null }));
                form.setFieldValue('allocations', [...(form.getFieldValue('allocations') as AllocationRow[]), ...added]);
              }}
            >
              {translate('plans.targets.addAllChildren')}
            </Button>
          )}
        </Flex>
        <Form.List name="allocations">
          {(fields, { add, remove }) => (
            <div className="plan-allocation-rows">
              {fields.map((field, index) => (
                <Flex key={field.key} gap={8} align="flex-start">
                  <Form.Item
                    name={[field.name, 'assignee']}
                    rules={[{ required: true, whitespace: true, message: translate('plans.targets.assigneeRequired') }]}
                    style={{ flex: 1, marginBottom: 6 }}
                  >
                    <AutoComplete
                      aria-label={translate('plans.targets.assigneeN', { n: index + 1 })}
                      options={assigneeOptions}
                      filterOption={(input, option) => searchKey(String(option?.value ?? '')).includes(searchKey(input))}
                      onChange={(text: string) => {
                        const ids = resolve(text ?? '');
                        form.setFieldValue(['allocations', field.name, 'unitId'], ids.unitId);
                        form.setFieldValue(['allocations', field.name, 'agencyId'], ids.agencyId);
                      }}
                      placeholder={translate('plans.targets.assigneePlaceholder')}
                    />
                  </Form.Item>
                  <Form.Item name={[field.name, 'value']} style={{ width: 120, marginBottom: 6 }}>
                    <InputNumber
                      min={0}
                      style={{ width: '100%' }}
                      aria-label={translate('plans.targets.allocationValueN', { n: index + 1 })}
                      decimalSeparator={locale === 'vi' ? ',' : '.'}
                    />
                  </Form.Item>
                  <Form.Item name={[field.name, 'unitId']} hidden>
                    <Input />
                  </Form.Item>
                  <Form.Item name={[field.name, 'agencyId']} hidden>
                    <Input />
                  </Form.Item>
                  <Button
                    icon={<DeleteOutlined  aria-hidden />}
                    aria-label={translate('plans.targets.removeAllocationN', { n: index + 1 })}
                    onClick={() => remove(field.name)}
                  />
                </Flex>
              ))}
              <Button
                type="dashed"
                icon={<PlusOutlined  aria-hidden />}
                onClick={() => add({ assignee: '', value: null, unitId: null, agencyId: null })}
                style={{ marginTop: 4 }}
              >
                {translate('plans.targets.addAllocation')}
              </Button>
            </div>
          )}
        </Form.List>
        <div style={{ marginTop: 12 }} aria-live="polite">
          <SumCheckBadge check={check} unitOfMeasure={unitOfMeasure ?? ''} />
        </div>
      </Form>
    </Modal>
  );
}
