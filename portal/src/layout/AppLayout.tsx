import type { ReactNode } from 'react';
import { ThemedLayout, ThemedSider } from '@refinedev/antd';
import { AppHeader } from './AppHeader';
import { AppTitle } from './AppTitle';

/** Side navigation (from the resources, filtered by access control), header, content. */
export function AppLayout({ children }: { children: ReactNode }) {
  return (
    <ThemedLayout Header={AppHeader} Title={AppTitle} Sider={(props) => <ThemedSider {...props} Title={AppTitle} fixed />}>
      <main className="app-content">{children}</main>
    </ThemedLayout>
  );
}
