import type { FormInstance } from 'antd';

/**
 * Puts every value into the form, clearing fields whose new value is empty: antd's
 * setFieldsValue leaves a field unchanged when given undefined, so loading the server's version
 * (after a conflict) would otherwise keep stale dates.
 */
export function replaceFormValues<T extends object>(form: FormInstance<T>, values: T): void {
  form.setFieldsValue(values as Parameters<FormInstance<T>['setFieldsValue']>[0]);
  const empty = Object.entries(values).filter(([, value]) => value === undefined);
  if (empty.length) form.setFields(empty.map(([key]) => ({ name: key as never, value: null })));
}
