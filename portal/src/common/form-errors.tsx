import type { FormInstance } from 'antd';
import { Alert } from 'antd';
import { useTranslate } from '@refinedev/core';
import type { ApiError } from '../providers/errors';
import { describeError, fieldMessage } from './describe-error';

type Translate = ReturnType<typeof useTranslate>;

/** Puts a BAD_USER_INPUT on a known field beside that field; returns whether it did. */
export function applyFieldError(form: FormInstance, error: ApiError, fields: string[], translate: Translate): boolean {
  if (error.code !== 'BAD_USER_INPUT' || !error.field || !fields.includes(error.field)) return false;
  form.setFields([{ name: error.field, errors: [fieldMessage(error, translate)] }]);
  return true;
}

/** Any other failure of a form submission, inside the form. */
export function FormErrorAlert({ error }: { error: ApiError }) {
  const translate = useTranslate();
  const text = describeError(error, translate);
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      style={{ marginBottom: 16 }}
      message={text.title}
      description={
        <>
          <div>{text.description}</div>
          <span className="text-secondary text-small">
            {translate('errors.detail', { message: text.detail })}
          </span>
        </>
      }
    />
  );
}
