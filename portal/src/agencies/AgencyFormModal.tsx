import { useEffect, useState } from 'react';
import { Form, Input, Modal, Select } from 'antd';
import { useCreate, useTranslate, useUpdate } from '@refinedev/core';
import { ConflictAlert } from '../common/ConflictAlert';
import { applyFieldError, FormErrorAlert } from '../common/form-errors';
import { useNotify } from '../common/use-notify';
import { toHttpError, type ApiError } from '../providers/errors';
import { useIdempotencyKey } from '../providers/idempotency';
import type { UnitSummary } from '../units/types';
import { CREATE_AGENCY, UPDATE_AGENCY } from './agencies.graphql';
import type { Agency } from './types';
import { useSectors } from './use-sectors';

interface Values {
  name: string;
  sector: string;
}

export interface AgencyFormModalProps {
  open: boolean;
  unit: UnitSummary;
  /** The agency to edit; absent to add one. */
  agency?: Agency;
  onClose: () => void;
}

/** Add an agency to a unit, or rename it / change its sector. */
export function AgencyFormModal({ open, unit, agency, onClose }: AgencyFormModalProps) {
  const translate = useTranslate();
  const notify = useNotify();
  const sectors = useSectors();
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<ApiError | null>(null);
  const [version, setVersion] = useState<number | undefined>(agency?.version);
  const create = useCreate<Agency>();
  // One key per opening of the form: a retried create returns the agency instead of a duplicate-name error.
  const [idempotencyKey, renewKey] = useIdempotencyKey('agency');
  const update = useUpdate<Agency>();
  const saving = create.mutation.isPending || update.mutation.isPending;

  useEffect(() => {
    if (!open) return;
    renewKey();
    setError(null);
    setVersion(agency?.version);
    form.resetFields();
    form.setFieldsValue(agency ? { name: agency.name, sector: agency.sector } : { name: '', sector: undefined });
  }, [open, agency, form, renewKey]);

  const submit = async (values: Values) => {
    setError(null);
    try {
      if (agency) {
        await update.mutateAsync({
          resource: 'agencies',
          id: agency.id,
          values: { version, name: values.name.trim(), sector: values.sector },
          meta: { gqlMutation: UPDATE_AGENCY },
          mutationMode: 'pessimistic',
          successNotification: false,
          errorNotification: false,
        });
        notify.success(translate('agencies.updated', { name: values.name.trim() }));
      } else {
        await create.mutateAsync({
          resource: 'agencies',
          values: { unitId: unit.id, name: values.name.trim(), sector: values.sector, idempotencyKey },
          meta: { gqlMutation: CREATE_AGENCY },
          successNotification: false,
          errorNotification: false,
        });
        notify.success(translate('agencies.created', { name: values.name.trim() }));
      }
      onClose();
    } catch (e) {
      const apiError = toHttpError(e);
      if (!applyFieldError(form, apiError, ['name', 'sector'], translate)) setError(apiError);
    }
  };

  const reloadCurrent = (current: Record<string, unknown>) => {
    setVersion(current.version as number);
    form.setFieldsValue({ name: String(current.name ?? ''), sector: String(current.sector ?? '') });
    setError(null);
    notify.success(translate('errors.conflictReloaded'));
  };

  return (
    <Modal
      open={open}
      title={agency ? translate('agencies.editTitle') : translate('agencies.createTitle', { unit: unit.name })}
      okText={agency ? translate('common.save') : translate('agencies.create')}
      cancelText={translate('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={saving}
      destroyOnHidden
      width={560}
    >
      {error?.code === 'CONFLICT' ? <ConflictAlert error={error} onReload={reloadCurrent} /> : error && <FormErrorAlert error={error} />}
      <Form form={form} layout="vertical" onFinish={(v) => void submit(v)} name="agency">
        <Form.Item
          name="name"
          label={translate('agencies.fields.name')}
          rules={[{ required: true, whitespace: true, message: translate('agencies.nameRequired') }, { max: 300 }]}
        >
          <Input autoFocus maxLength={300} placeholder="Công an xã …" />
        </Form.Item>
        <Form.Item
          name="sector"
          label={translate('agencies.fields.sector')}
          extra={translate('agencies.sectorHint')}
          rules={[{ required: true, message: translate('agencies.sectorRequired') }]}
        >
          <Select showSearch optionFilterProp="label" options={sectors.options} loading={sectors.query.isLoading} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
