import { useState } from 'react';
import { Button, Flex, Form, Input, Modal, Select, Tabs, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslate } from '@refinedev/core';
import { DateInput, DateRangeInput } from '../common/DateInput';
import dayjs, { type Dayjs } from 'dayjs';
import { FormErrorAlert } from '../common/form-errors';
import type { ApiError } from '../providers/errors';
import { ConflictNotice, MineKept } from './ConflictNotice';
import { replaceFormValues } from './form-values';
import { usePlanContext } from './plan-context';
import { SYMBOL_PATTERN } from './printed';
import { SET_LEGAL_BASES, UPDATE_PLAN_HEADER } from './plans.graphql';
import { usePlanMutation, useSaved } from './use-plan-api';
import { DOCUMENT_TYPES, type DocumentType, type PlanDocument } from './types';

const toDay = (v: string | null | undefined) => (v ? dayjs(v, 'YYYY-MM-DD') : null);
const toLocal = (d: Dayjs | null | undefined) => (d ? d.format('YYYY-MM-DD') : null);
const orNull = (s: string | undefined) => (s && s.trim() ? s.trim() : null);

interface HeaderValues {
  issuingBody: string;
  symbol: string;
  place: string;
  dateLine: string;
  documentKind: string;
  title: string;
  preamble: string;
  period?: [Dayjs | null, Dayjs | null];
  submissionDeadline: Dayjs | null;
  recipients: string;
  authority: string;
  signatureTitle: string;
  signerName: string;
}

const headerValues = (p: PlanDocument): HeaderValues => ({
  issuingBody: p.issuingBody ?? '',
  symbol: p.symbol,
  place: p.place ?? '',
  dateLine: p.dateLine ?? '',
  documentKind: p.documentKind,
  title: p.title,
  preamble: p.preamble,
  period: p.periodStart || p.periodEnd ? [toDay(p.periodStart), toDay(p.periodEnd)] : undefined,
  submissionDeadline: toDay(p.submissionDeadline),
  recipients: p.recipients.join('\n'),
  authority: p.signature.authority ?? '',
  signatureTitle: p.signature.title ?? '',
  signerName: p.signature.signerName ?? '',
});

/** The header (issuing body, symbol, place, title, preamble, period) and footer (Nơi nhận, signature) of a draft. */
export function HeaderEditorModal({ focus, onClose }: { focus: 'header' | 'footer'; onClose: () => void }) {
  const translate = useTranslate();
  const saved = useSaved();
  const { plan, reload } = usePlanContext();
  const { run, isPending } = usePlanMutation();
  const [form] = Form.useForm<HeaderValues>();
  const [version, setVersion] = useState(plan.version);
  const [error, setError] = useState<ApiError | null>(null);
  const [mine, setMine] = useState<HeaderValues | null>(null);
  const [latest, setLatest] = useState<PlanDocument | null>(null);

  const submit = async (v: HeaderValues) => {
    setError(null);
    try {
      await run(UPDATE_PLAN_HEADER, {
        planId: plan.id,
        version,
        issuingBody: orNull(v.issuingBody),
        symbol: v.symbol.trim(),
        place: orNull(v.place),
        dateLine: orNull(v.dateLine),
        documentKind: v.documentKind.trim() || 'KẾ HOẠCH',
        title: v.title.trim(),
        preamble: v.preamble.trim(),
        periodStart: toLocal(v.period?.[0]),
        periodEnd: toLocal(v.period?.[1]),
        submissionDeadline: toLocal(v.submissionDeadline),
        recipients: v.recipients
          .split('\n')
          .map((r) => r.trim())
          .filter(Boolean),
        signature: { authority: orNull(v.authority), title: orNull(v.signatureTitle), signerName: orNull(v.signerName) },
      });
      await reload();
      saved(translate('plans.header.saved'));
      onClose();
    } catch (e) {
      const apiError = e as ApiError;
      setError(apiError);
      // The API's CONFLICT carries only the version: read the plan as it is now to show it.
      if (apiError.code === 'CONFLICT') setLatest((await reload()) ?? null);
    }
  };

  return (
    <Modal
      open
      width={760}
      title={translate('plans.header.editTitle')}
      okText={translate('common.save')}
      cancelText={translate('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={isPending}
      destroyOnHidden
      maskClosable={false}
    >
      {error?.code === 'CONFLICT' && (
        <ConflictNotice
          error={error}
          current={latest ? `${latest.title}` : translate('common.loading')}
          onLoadCurrent={(c) => {
            setMine(form.getFieldsValue(true));
            if (latest) replaceFormValues(form, headerValues(latest));
            setVersion(Number(latest?.version ?? c.version));
            setError(null);
          }}
          onKeepMine={(c) => {
            setVersion(Number(latest?.version ?? c.version));
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
      <Form<HeaderValues> form={form} layout="vertical" name="plan-header" initialValues={headerValues(plan)} onFinish={(v) => void submit(v)}>
        <Tabs
          defaultActiveKey={focus}
          items={[
            {
              key: 'header',
              label: translate('plans.header.headerTab'),
              forceRender: true,
              children: (
                <>
                  <Flex gap={12} wrap>
                    <Form.Item name="issuingBody" label={translate('plans.header.issuingBody')} style={{ flex: 1 }}>
                      <Input.TextArea autoSize={{ minRows: 1, maxRows: 3 }} maxLength={300} />
                    </Form.Item>
                    <Form.Item
                      name="symbol"
                      label={translate('plans.header.symbol')}
                      style={{ width: 160 }}
                      rules={[
                        { required: true, message: translate('plans.header.symbolRequired') },
                        { pattern: SYMBOL_PATTERN, message: translate('plans.header.symbolInvalid') },
                      ]}
                    >
                      <Input maxLength={40} placeholder="KH-UBND" />
                    </Form.Item>
                  </Flex>
                  <Flex gap={12} wrap>
                    <Form.Item name="place" label={translate('plans.header.place')} style={{ width: 200 }}>
                      <Input maxLength={100} />
                    </Form.Item>
                    <Form.Item name="dateLine" label={translate('plans.header.dateLine')} extra={translate('plans.header.dateLineHint')} style={{ flex: 1 }}>
                      <Input maxLength={200} />
                    </Form.Item>
                  </Flex>
                  <Flex gap={12} wrap>
                    <Form.Item name="documentKind" label={translate('plans.header.documentKind')} style={{ width: 200 }}>
                      <Input maxLength={100} />
                    </Form.Item>
                    <Form.Item
                      name="title"
                      label={translate('plans.fields.title')}
                      rules={[{ required: true, whitespace: true, message: translate('plans.create.titleRequired') }]}
                      style={{ flex: 1 }}
                    >
                      <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} maxLength={1000} />
                    </Form.Item>
                  </Flex>
                  <Form.Item name="preamble" label={translate('plans.header.preamble')}>
                    <Input.TextArea autoSize={{ minRows: 3, maxRows: 10 }} maxLength={20000} />
                  </Form.Item>
                  <Flex gap={12} wrap>
                    <Form.Item name="period" label={translate('plans.header.period')}>
                      <DateRangeInput allowEmpty={[true, true]} />
                    </Form.Item>
                    <Form.Item name="submissionDeadline" label={translate('plans.header.submissionDeadline')}>
                      <DateInput />
                    </Form.Item>
                  </Flex>
                </>
              ),
            },
            {
              key: 'footer',
              label: translate('plans.header.footerTab'),
              forceRender: true,
              children: (
                <>
                  <Form.Item name="recipients" label={translate('plans.header.recipients')} extra={translate('plans.header.recipientsHint')}>
                    <Input.TextArea autoSize={{ minRows: 4, maxRows: 14 }} />
                  </Form.Item>
                  <Flex gap={12} wrap>
                    <Form.Item name="authority" label={translate('plans.signature.authority')} style={{ flex: 1 }}>
                      <Input maxLength={100} placeholder="TM. ỦY BAN NHÂN DÂN" />
                    </Form.Item>
                    <Form.Item name="signatureTitle" label={translate('plans.signature.title')} style={{ flex: 1 }}>
                      <Input maxLength={100} placeholder="CHỦ TỊCH" />
                    </Form.Item>
                  </Flex>
                  <Form.Item name="signerName" label={translate('plans.signature.signerName')}>
                    <Input maxLength={100} />
                  </Form.Item>
                </>
              ),
            },
          ]}
        />
      </Form>
    </Modal>
  );
}

interface BasisRow {
  type: DocumentType;
  number: string;
  date: Dayjs | null;
  issuer: string;
  title: string;
  text: string;
  refPlanId: string | null;
}

const basesValues = (p: PlanDocument): { bases: BasisRow[] } => ({
  bases: p.legalBases.map((b) => ({
    type: b.type,
    number: b.number ?? '',
    date: toDay(b.date),
    issuer: b.issuer ?? '',
    title: b.title ?? '',
    text: b.text,
    refPlanId: b.refPlanId,
  })),
});

/** The documents the plan implements (Thực hiện …, Căn cứ …), edited as one short list. */
export function LegalBasesModal({ onClose }: { onClose: () => void }) {
  const translate = useTranslate();
  const saved = useSaved();
  const { plan, reload } = usePlanContext();
  const { run, isPending } = usePlanMutation();
  const [form] = Form.useForm<{ bases: BasisRow[] }>();
  const [version, setVersion] = useState(plan.version);
  const [error, setError] = useState<ApiError | null>(null);
  const [latest, setLatest] = useState<PlanDocument | null>(null);

  const submit = async ({ bases }: { bases: BasisRow[] }) => {
    setError(null);
    try {
      await run(SET_LEGAL_BASES, {
        planId: plan.id,
        version,
        legalBases: (bases ?? []).map((b) => ({
          type: b.type,
          number: orNull(b.number),
          date: toLocal(b.date),
          issuer: orNull(b.issuer),
          title: orNull(b.title),
          text: orNull(b.text),
          refPlanId: b.refPlanId,
        })),
      });
      await reload();
      saved(translate('plans.bases.saved'));
      onClose();
    } catch (e) {
      const apiError = e as ApiError;
      setError(apiError);
      if (apiError.code === 'CONFLICT') setLatest((await reload()) ?? null);
    }
  };

  return (
    <Modal
      open
      width={860}
      title={translate('plans.bases.editTitle')}
      okText={translate('common.save')}
      cancelText={translate('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={isPending}
      destroyOnHidden
      maskClosable={false}
    >
      {error?.code === 'CONFLICT' && (
        <ConflictNotice
          error={error}
          current={latest ? latest.legalBases.map((b) => b.text).join('; ') || translate('plans.bases.none') : translate('common.loading')}
          onLoadCurrent={(c) => {
            if (latest) replaceFormValues(form, basesValues(latest));
            setVersion(Number(latest?.version ?? c.version));
            setError(null);
          }}
          onKeepMine={(c) => {
            setVersion(Number(latest?.version ?? c.version));
            setError(null);
          }}
        />
      )}
      {error && error.code !== 'CONFLICT' && <FormErrorAlert error={error} />}
      <Typography.Paragraph type="secondary">{translate('plans.bases.hint')}</Typography.Paragraph>
      <Form form={form} layout="vertical" name="legal-bases" initialValues={basesValues(plan)} onFinish={(v) => void submit(v)} size="small">
        <Form.List name="bases">
          {(fields, { add, remove }) => (
            <>
              {fields.map((field, index) => (
                <div key={field.key} className="plan-basis-row" role="group" aria-label={translate('plans.bases.rowN', { n: index + 1 })}>
                  <Flex gap={8} wrap align="flex-start">
                    <Form.Item name={[field.name, 'type']} label={translate('plans.bases.type')} style={{ width: 150, marginBottom: 6 }}>
                      <Select options={DOCUMENT_TYPES.map((t) => ({ value: t, label: translate(`plans.documentTypes.${t}`) }))} />
                    </Form.Item>
                    <Form.Item name={[field.name, 'number']} label={translate('plans.bases.number')} style={{ width: 150, marginBottom: 6 }}>
                      <Input maxLength={60} placeholder="36-CT/TW" />
                    </Form.Item>
                    <Form.Item name={[field.name, 'date']} label={translate('plans.bases.date')} style={{ marginBottom: 6 }}>
                      <DateInput />
                    </Form.Item>
                    <Form.Item name={[field.name, 'issuer']} label={translate('plans.bases.issuer')} style={{ flex: 1, minWidth: 160, marginBottom: 6 }}>
                      <Input maxLength={300} placeholder="Bộ Chính trị" />
                    </Form.Item>
                    <Button
                      danger
                      type="text"
                      icon={<DeleteOutlined  aria-hidden />}
                      aria-label={translate('plans.bases.removeN', { n: index + 1 })}
                      onClick={() => remove(field.name)}
                      style={{ marginTop: 26 }}
                    />
                  </Flex>
                  <Form.Item name={[field.name, 'title']} label={translate('plans.bases.subject')} style={{ marginBottom: 6 }}>
                    <Input maxLength={2000} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'text']} label={translate('plans.bases.text')} extra={translate('plans.bases.textHint')} style={{ marginBottom: 6 }}>
                    <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} maxLength={3000} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'refPlanId']} hidden>
                    <Input />
                  </Form.Item>
                </div>
              ))}
              <Button
                type="dashed"
                icon={<PlusOutlined  aria-hidden />}
                onClick={() => add({ type: 'DIRECTIVE', number: '', date: null, issuer: '', title: '', text: '', refPlanId: null })}
              >
                {translate('plans.bases.add')}
              </Button>
            </>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}
