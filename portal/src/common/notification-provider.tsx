import { App } from 'antd';
import type { NotificationProvider } from '@refinedev/core';

/** Refine's toasts through antd's App context (the portal never uses undoable mutations). */
export function useNotificationProvider(): NotificationProvider {
  const { notification } = App.useApp();
  return {
    open: ({ key, message, description, type }) => {
      if (type === 'progress') return;
      notification.open({ key, message: description ?? message, description: description ? message : undefined, type, placement: 'topRight' });
    },
    close: (key) => notification.destroy(key),
  };
}
