import { App } from 'antd';
import { useTranslate } from '@refinedev/core';
import { describeError } from './describe-error';

/** Success and error toasts worded for officials (errors by API code, with the detail below). */
export function useNotify() {
  const { notification } = App.useApp();
  const translate = useTranslate();
  return {
    success(message: string) {
      notification.success({ message, placement: 'topRight', duration: 3 });
    },
    error(error: unknown) {
      const text = describeError(error, translate);
      notification.error({
        message: text.title,
        description: `${text.description} ${translate('errors.detail', { message: text.detail })}`,
        placement: 'topRight',
        duration: 8,
      });
    },
  };
}
