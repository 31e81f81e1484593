import { App } from 'antd';
import { Outlet } from 'react-router';
import { NotificationSink } from '../common/NotificationSink';
import { AppLayout } from './AppLayout';

/**
 * The frame of every signed-in page, in its own chunk (the sign-in page never loads it), with
 * antd's App context for the pages' messages, notifications and confirmations.
 */
export function SignedInFrame() {
  return (
    <App>
      <NotificationSink />
      <AppLayout>
        <Outlet />
      </AppLayout>
    </App>
  );
}
