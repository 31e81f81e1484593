import { useEffect } from 'react';
import { App } from 'antd';
import { setNotificationSink } from './notification-provider';

/** Connects Refine's notification bridge to antd's notification API; rendered once inside <App>. */
export function NotificationSink() {
  const { notification } = App.useApp();
  useEffect(() => {
    setNotificationSink({
      open: ({ key, message, description, type }) => {
        if (type === 'progress') return;
        notification.open({ key, message: description ?? message, description: description ? message : undefined, type, placement: 'topRight' });
      },
      close: (key) => notification.destroy(key),
    });
    return () => setNotificationSink(null);
  }, [notification]);
  return null;
}
