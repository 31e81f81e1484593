import { useState } from 'react';
import { Form, Input, Modal, Radio, Space, Typography } from 'antd';
import { useCreate, useTranslate } from '@refinedev/core';
import { applyFieldError, FormErrorAlert } from '../common/form-errors';
import { toHttpError, type ApiError } from '../providers/errors';
import { useIdempotencyKey } from '../providers/idempotency';
import type { UnitSummary } from '../units/types';
import { CREATE_API_KEY } from './api-keys.graphql';
import type { ApiKeyRole, CreatedApiKey } from './types';

/** Name a new key and choose read-only (default) or read-write; hands the one-time secret on. */
export function CreateApiKeyModal({
  unit,
  onClose,
  onCreated,
}: {
  unit: UnitSummary;
  onClose: () => void;
  onCreated: (created: CreatedApiKey) => void;
}) {
  const translate = useTranslate();
  const [form] = Form.useForm<{ name: string; role: ApiKeyRole }>();
  const [error, setError] = useState<ApiError | null>(null);
  const create = useCreate<CreatedApiKey & { id?: string }>();
  // A retry never makes a second key: if the first request made it, the API answers CONFLICT
  // (its secret was only in the lost answer) and the list shows the key to revoke.
  const [idempotencyKey, renewKey] = useIdempotencyKey('apikey');

  const submit = async (values: { name: string; role: ApiKeyRole }) => {
    setError(null);
    try {
      const { data } = await create.mutateAsync({
        resource: 'apiKeys',
        values: { unitId: unit.id, name: values.name.trim(), role: values.role, idempotencyKey },
        meta: { gqlMutation: CREATE_API_KEY },
        successNotification: false,
        errorNotification: false,
      });
      renewKey();
      onCreated(data);
    } catch (e) {
      const apiError = toHttpError(e);
      if (!applyFieldError(form, apiError, ['name', 'role'], translate)) setError(apiError);
    }
  };

  return (
    <Modal
      open
      title={translate('apiKeys.createTitle', { unit: unit.name })}
      okText={translate('apiKeys.create')}
      cancelText={translate('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={create.mutation.isPending}
      destroyOnHidden
      width={560}
    >
      {error && <FormErrorAlert error={error} />}
      <Form
        form={form}
        layout="vertical"
        initialValues={{ role: 'VIEWER' }}
        onFinish={(v) => void submit(v)}
        name="api-key"
      >
        <Form.Item
          name="name"
          label={translate('apiKeys.fields.name')}
          extra={translate('apiKeys.nameHint')}
          rules={[{ required: true, whitespace: true, message: translate('apiKeys.nameRequired') }, { max: 200 }]}
        >
          <Input autoFocus maxLength={200} />
        </Form.Item>
        <Form.Item name="role" label={translate('apiKeys.fields.role')} extra={translate('apiKeys.roleHint')}>
          <Radio.Group>
            <Space direction="vertical">
              <Radio value="VIEWER">{translate('apiKeyRoles.VIEWER')}</Radio>
              <Radio value="EDITOR">
                {translate('apiKeyRoles.EDITOR')} <Typography.Text type="secondary">(EDITOR)</Typography.Text>
              </Radio>
            </Space>
          </Radio.Group>
        </Form.Item>
      </Form>
    </Modal>
  );
}
