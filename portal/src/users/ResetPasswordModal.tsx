import { useState } from 'react';
import { Alert, Form, Modal } from 'antd';
import { useTranslate, useUpdate } from '@refinedev/core';
import { ConflictAlert } from '../common/ConflictAlert';
import { applyFieldError, FormErrorAlert } from '../common/form-errors';
import { useNotify } from '../common/use-notify';
import { toHttpError, type ApiError } from '../providers/errors';
import { UPDATE_USER } from './users.graphql';
import { PasswordFields } from './UserFormModal';
import type { User } from './types';

/** An administrator sets a new password for an account (e.g. a forgotten one). */
export function ResetPasswordModal({ user, onClose }: { user: User; onClose: () => void }) {
  const translate = useTranslate();
  const notify = useNotify();
  const [form] = Form.useForm<{ password: string; confirmPassword: string }>();
  const [error, setError] = useState<ApiError | null>(null);
  const [version, setVersion] = useState(user.version);
  const update = useUpdate<User>();

  const submit = async ({ password }: { password: string }) => {
    setError(null);
    try {
      await update.mutateAsync({
        resource: 'users',
        id: user.id,
        values: { version, password },
        meta: { gqlMutation: UPDATE_USER },
        mutationMode: 'pessimistic',
        successNotification: false,
        errorNotification: false,
      });
      notify.success(translate('users.passwordReset', { username: user.username }));
      onClose();
    } catch (e) {
      const apiError = toHttpError(e);
      if (!applyFieldError(form, apiError, ['password'], translate)) setError(apiError);
    }
  };

  return (
    <Modal
      open
      title={translate('users.resetPasswordTitle', { username: user.username })}
      okText={translate('users.resetPassword')}
      cancelText={translate('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={update.mutation.isPending}
      destroyOnHidden
      width={520}
    >
      {error?.code === 'CONFLICT' ? (
        <ConflictAlert
          error={error}
          onReload={(current) => {
            setVersion(current.version as number);
            setError(null);
          }}
        />
      ) : (
        error && <FormErrorAlert error={error} />
      )}
      <Alert type="info" showIcon style={{ marginBottom: 16 }} message={translate('users.resetPasswordHint')} />
      <Form form={form} layout="vertical" onFinish={(v) => void submit(v)} name="reset-password" autoComplete="off">
        <PasswordFields label={translate('users.fields.newPassword')} />
      </Form>
    </Modal>
  );
}
