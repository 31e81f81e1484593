import { useState } from 'react';
import { Flex, Form, Input, Modal, Typography } from 'antd';
import { useTranslate } from '@refinedev/core';
import { useNavigate } from 'react-router';
import type { Identity } from '../auth/identity';
import { applyFieldError, FormErrorAlert } from '../common/form-errors';
import { useNotify } from '../common/use-notify';
import type { ApiError } from '../providers/errors';
import { CREATE_PLAN } from './plans.graphql';
import { SYMBOL_PATTERN, placeOf } from './printed';
import { newIdempotencyKey, useInvalidatePlanLists, usePlanMutation } from './use-plan-api';

interface Values {
  title: string;
  symbol: string;
  place: string;
  preamble: string;
}

/** A new, empty draft of the user's unit; it opens at once for writing. */
export function CreatePlanModal({ identity, onClose }: { identity: Identity; onClose: () => void }) {
  const translate = useTranslate();
  const notify = useNotify();
  const navigate = useNavigate();
  const invalidateLists = useInvalidatePlanLists();
  const { run, isPending } = usePlanMutation();
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<ApiError | null>(null);
  const [key] = useState(newIdempotencyKey);

  const submit = async (v: Values) => {
    setError(null);
    try {
      const data = await run<{ createPlan: { plan: { id: string } } }>(CREATE_PLAN, {
        idempotencyKey: key,
        title: v.title.trim(),
        symbol: v.symbol.trim().toUpperCase(),
        place: v.place.trim() || null,
        preamble: v.preamble.trim(),
      });
      void invalidateLists();
      notify.success(translate('plans.create.done'));
      onClose();
      void navigate(`/plans/${data.createPlan.plan.id}`);
    } catch (e) {
      const apiError = e as ApiError;
      if (!applyFieldError(form, apiError, ['title', 'symbol', 'place', 'preamble'], translate)) setError(apiError);
    }
  };

  return (
    <Modal
      open
      width={680}
      title={translate('plans.create.title', { unit: identity.unit.name })}
      okText={translate('plans.create.submit')}
      cancelText={translate('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={isPending}
      destroyOnHidden
      maskClosable={false}
    >
      {error && <FormErrorAlert error={error} />}
      <Typography.Paragraph type="secondary">{translate('plans.create.hint')}</Typography.Paragraph>
      <Form<Values>
        form={form}
        layout="vertical"
        name="create-plan"
       
        initialValues={{ title: '', symbol: 'KH-UBND', place: placeOf(identity.unit.name), preamble: '' }}
        onFinish={(v) => void submit(v)}
      >
        <Form.Item
          name="title"
          label={translate('plans.fields.title')}
          extra={translate('plans.create.titleHint')}
          rules={[{ required: true, whitespace: true, message: translate('plans.create.titleRequired') }]}
        >
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 4 }} maxLength={1000} autoFocus />
        </Form.Item>
        <Flex gap={12} wrap>
          <Form.Item
            name="symbol"
            label={translate('plans.header.symbol')}
            style={{ width: 180, maxWidth: '100%' }}
            rules={[
              { required: true, message: translate('plans.header.symbolRequired') },
              { pattern: SYMBOL_PATTERN, message: translate('plans.header.symbolInvalid') },
            ]}
          >
            <Input maxLength={40} />
          </Form.Item>
          <Form.Item name="place" label={translate('plans.header.place')} style={{ flex: 1 }}>
            <Input maxLength={100} />
          </Form.Item>
        </Flex>
        <Form.Item name="preamble" label={translate('plans.header.preamble')} extra={translate('plans.create.preambleHint')}>
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} maxLength={20000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
