import { Outlet } from 'react-router';
import { AppLayout } from './AppLayout';

/** The frame of every signed-in page (its own chunk: the sign-in page never loads it). */
export function SignedInFrame() {
  return (
    <AppLayout>
      <Outlet />
    </AppLayout>
  );
}
