import { useEffect, useState } from 'react';
import { Alert, Form, Input, Modal } from 'antd';
import { useCreate, useGetIdentity, useOne, useTranslate, useUpdate } from '@refinedev/core';
import type { Identity } from '../auth/identity';
import type { Role } from '../auth/identity';
import { ConflictAlert } from '../common/ConflictAlert';
import { applyFieldError, FormErrorAlert } from '../common/form-errors';
import { useNotify } from '../common/use-notify';
import { toHttpError, type ApiError } from '../providers/errors';
import { useIdempotencyKey } from '../providers/idempotency';
import type { UnitSummary } from '../units/types';
import { UnitPicker } from '../units/UnitPicker';
import { UNIT_SUMMARY } from '../units/units.graphql';
import { AgencySelect } from './AgencySelect';
import { RoleSelect } from './RoleSelect';
import { CREATE_USER, UPDATE_USER } from './users.graphql';
import { MIN_PASSWORD_LENGTH, USERNAME_PATTERN, type User } from './types';

interface Values {
  username: string;
  displayName: string;
  email: string;
  role: Role;
  agencyId: string | null;
  password: string;
  confirmPassword: string;
}

export interface UserFormModalProps {
  /** The unit chosen in the list: the new account's unit until the administrator picks another in the form. */
  unit: UnitSummary;
  /** The account to edit; absent to create one. */
  user?: User;
  /** The signed-in administrator's own account cannot be demoted. */
  isSelf: boolean;
  onClose: () => void;
}

/** Create an account (username, name, role, first password) or edit name and role. */
export function UserFormModal({ unit, user, isSelf, onClose }: UserFormModalProps) {
  const translate = useTranslate();
  const notify = useNotify();
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<ApiError | null>(null);
  const [version, setVersion] = useState(user?.version);
  const create = useCreate<User>();
  // A retried create returns the account instead of "username is already taken".
  const [idempotencyKey, renewKey] = useIdempotencyKey('user');
  const update = useUpdate<User>();
  const saving = create.mutation.isPending || update.mutation.isPending;
  // A new account's unit is chosen in the form itself (issue 14: it silently came from the list's filter).
  const { data: identity } = useGetIdentity<Identity>();
  const [targetId, setTargetId] = useState(unit.id);
  const target = useOne<UnitSummary>({
    resource: 'units',
    id: targetId,
    meta: { gqlQuery: UNIT_SUMMARY },
    queryOptions: { enabled: !user && targetId !== unit.id },
    errorNotification: false,
  });
  const targetUnit = targetId === unit.id ? unit : target.result;

  useEffect(() => {
    form.setFieldsValue(
      user ? { displayName: user.displayName, email: user.email ?? '', role: user.role, agencyId: user.agencyId } : { role: 'VIEWER', agencyId: null },
    );
  }, [user, form]);

  const submit = async (values: Values) => {
    setError(null);
    try {
      if (user) {
        await update.mutateAsync({
          resource: 'users',
          id: user.id,
          values: {
            version,
            displayName: values.displayName.trim(),
            email: (values.email ?? '').trim(),
            agencyId: values.agencyId ?? null,
            ...(isSelf ? {} : { role: values.role }),
          },
          meta: { gqlMutation: UPDATE_USER },
          mutationMode: 'pessimistic',
          successNotification: false,
          errorNotification: false,
        });
        notify.success(translate('users.updated', { username: user.username }));
      } else {
        await create.mutateAsync({
          resource: 'users',
          values: {
            unitId: targetId,
            username: values.username.trim(),
            displayName: values.displayName.trim(),
            email: (values.email ?? '').trim() || null,
            role: values.role,
            agencyId: values.agencyId ?? null,
            password: values.password,
            idempotencyKey,
          },
          meta: { gqlMutation: CREATE_USER },
          successNotification: false,
          errorNotification: false,
        });
        renewKey();
        notify.success(translate('users.created', { username: values.username.trim() }));
      }
      onClose();
    } catch (e) {
      const apiError = toHttpError(e);
      if (!applyFieldError(form, apiError, ['username', 'displayName', 'email', 'role', 'agencyId', 'password'], translate)) setError(apiError);
    }
  };

  const reloadCurrent = (current: Record<string, unknown>) => {
    setVersion(current.version as number);
    form.setFieldsValue({
      displayName: String(current.displayName ?? ''),
      email: String(current.email ?? ''),
      role: current.role as Role,
      agencyId: (current.agencyId as string | null) ?? null,
    });
    setError(null);
    notify.success(translate('errors.conflictReloaded'));
  };

  return (
    <Modal
      open
      title={user ? translate('users.editTitle', { username: user.username }) : translate('users.createTitle', { unit: targetUnit?.name ?? unit.name })}
      okText={user ? translate('common.save') : translate('users.create')}
      cancelText={translate('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={saving}
      destroyOnHidden
      width={560}
    >
      {error?.code === 'CONFLICT' ? <ConflictAlert error={error} onReload={reloadCurrent} /> : error && <FormErrorAlert error={error} />}
      {user && isSelf && <Alert type="info" showIcon style={{ marginBottom: 16 }} message={translate('users.selfNotice')} />}
      <Form form={form} layout="vertical" onFinish={(v) => void submit(v)} name="user" autoComplete="off">
        {!user && identity && (
          <div className="user-form-unit">
            <UnitPicker id="user-form-unit" scope="subtree" rootId={identity.unit.id} value={targetUnit} onChange={setTargetId} />
          </div>
        )}
        {!user && (
          <Form.Item
            name="username"
            label={translate('users.fields.username')}
            // The API takes only names that begin with the unit's key (docs/ACCESS.md, "Usernames").
            extra={translate('users.usernameHint', { prefix: `${(targetUnit?.code ?? unit.code).toLowerCase()}.` })}
            normalize={(v: string) => v?.toLowerCase()}
            rules={[
              { required: true, message: translate('users.usernameRequired') },
              { pattern: USERNAME_PATTERN, message: translate('users.usernameInvalid') },
            ]}
          >
            <Input autoFocus maxLength={64} autoComplete="off" spellCheck={false} />
          </Form.Item>
        )}
        <Form.Item
          name="displayName"
          label={translate('users.fields.displayName')}
          rules={[{ required: true, whitespace: true, message: translate('users.displayNameRequired') }, { max: 200 }]}
        >
          <Input maxLength={200} autoFocus={Boolean(user)} />
        </Form.Item>
        <Form.Item
          name="email"
          label={translate('users.fields.email')}
          extra={translate('users.emailHint')}
          rules={[{ type: 'email', message: translate('users.emailInvalid') }, { max: 254 }]}
        >
          <Input maxLength={254} type="email" autoComplete="off" inputMode="email" />
        </Form.Item>
        <Form.Item
          name="role"
          label={translate('users.fields.role')}
          rules={[{ required: true, message: translate('users.roleRequired') }]}
        >
          <RoleSelect disabled={Boolean(user && isSelf)} />
        </Form.Item>
        <Form.Item name="agencyId" label={translate('users.fields.agency')} extra={translate('users.agencyHint')}>
          {/* An agency of the account's own unit: the API refuses any other. */}
          <AgencySelect id="user-form-agency" unitId={user ? user.unit.id : targetId} />
        </Form.Item>
        {!user && <PasswordFields />}
      </Form>
    </Modal>
  );
}

/** New password twice, with the API's length rule checked before sending. */
export function PasswordFields({ name = 'password', label }: { name?: string; label?: string }) {
  const translate = useTranslate();
  return (
    <>
      <Form.Item
        name={name}
        label={label ?? translate('users.fields.password')}
        extra={translate('users.passwordHint', { min: MIN_PASSWORD_LENGTH })}
        rules={[
          { required: true, message: translate('users.passwordRequired') },
          { min: MIN_PASSWORD_LENGTH, message: translate('users.passwordTooShort', { min: MIN_PASSWORD_LENGTH }) },
          { max: 200 },
        ]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      <Form.Item
        name="confirmPassword"
        label={translate('users.fields.confirmPassword')}
        dependencies={[name]}
        rules={[
          { required: true, message: translate('users.passwordRequired') },
          ({ getFieldValue }) => ({
            validator: (_, value) =>
              !value || getFieldValue(name) === value ? Promise.resolve() : Promise.reject(new Error(translate('users.passwordMismatch'))),
          }),
        ]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
    </>
  );
}
