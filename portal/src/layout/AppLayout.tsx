import { lazy, Suspense, useState, type ReactNode } from 'react';
import { Button, Layout } from 'antd';
import { MenuFoldOutlined, MenuUnfoldOutlined } from '@ant-design/icons';
import { useTranslate } from '@refinedev/core';
import { AppHeader } from './AppHeader';
import { AppMenu } from './AppMenu';
import { AppTitle } from './AppTitle';

const COLLAPSED_KEY = 'kehoach.layout.collapsed';
const MobileMenu = lazy(() => import('./MobileMenu').then((m) => ({ default: m.MobileMenu })));

/**
 * The signed-in frame: a side navigation on wide screens, a drawer behind a labelled menu button
 * on phones and tablets (below 992 px, CSS decides which shows — no flash while measuring), the
 * header, and the page in the one <main> landmark.
 */
export function AppLayout({ children }: { children: ReactNode }) {
  const translate = useTranslate();
  const [drawer, setDrawer] = useState(false);
  // The drawer's code loads the first time the phone menu opens, and then stays mounted.
  const [drawerUsed, setDrawerUsed] = useState(false);
  const [collapsed, setCollapsed] = useState(() => {
    try {
      return localStorage.getItem(COLLAPSED_KEY) === '1';
    } catch {
      return false;
    }
  });
  const toggle = () => {
    setCollapsed((c) => {
      try {
        localStorage.setItem(COLLAPSED_KEY, c ? '0' : '1');
      } catch {
        // private mode: remembered for this page only
      }
      return !c;
    });
  };

  return (
    <Layout className="app-shell">
      <a className="skip-link" href="#main-content">
        {translate('layout.skipToContent')}
      </a>
      <Layout.Sider className="app-sider" theme="light" width={236} collapsedWidth={64} collapsed={collapsed} trigger={null}>
        <div className="app-sider-title">
          <AppTitle collapsed={collapsed} />
        </div>
        <AppMenu collapsed={collapsed} />
        <Button
          type="text"
          className="app-sider-toggle"
          icon={collapsed ? <MenuUnfoldOutlined aria-hidden /> : <MenuFoldOutlined aria-hidden />}
          aria-label={translate(collapsed ? 'layout.expand' : 'layout.collapse')}
          aria-expanded={!collapsed}
          onClick={toggle}
        />
      </Layout.Sider>
      <Layout className="app-column">
        <AppHeader
          onOpenMenu={() => {
            setDrawerUsed(true);
            setDrawer(true);
          }}
          menuOpen={drawer}
        />
        <Layout.Content id="main-content" className="app-content" tabIndex={-1}>
          {children}
        </Layout.Content>
      </Layout>
      {drawerUsed && (
        <Suspense fallback={null}>
          <MobileMenu open={drawer} onClose={() => setDrawer(false)} />
        </Suspense>
      )}
    </Layout>
  );
}
