import { useState, type ReactNode } from 'react';
import { Button, Drawer, Layout } from 'antd';
import { MenuFoldOutlined, MenuUnfoldOutlined } from '@ant-design/icons';
import { useTranslate } from '@refinedev/core';
import { AppHeader } from './AppHeader';
import { AppMenu } from './AppMenu';
import { AppTitle } from './AppTitle';

const COLLAPSED_KEY = 'kehoach.layout.collapsed';

/**
 * The signed-in frame: a side navigation on wide screens, a drawer behind a labelled menu button
 * on phones and tablets (below 992 px, CSS decides which shows — no flash while measuring), the
 * header, and the page in the one <main> landmark.
 */
export function AppLayout({ children }: { children: ReactNode }) {
  const translate = useTranslate();
  const [drawer, setDrawer] = useState(false);
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
        <AppHeader onOpenMenu={() => setDrawer(true)} menuOpen={drawer} />
        <Layout.Content id="main-content" className="app-content" tabIndex={-1}>
          {children}
        </Layout.Content>
      </Layout>
      <Drawer
        open={drawer}
        placement="left"
        width={280}
        onClose={() => setDrawer(false)}
        title={<AppTitle collapsed={false} />}
        closeIcon={<span aria-label={translate('layout.closeMenu')}>✕</span>}
        className="app-drawer"
        styles={{ body: { padding: 0 } }}
        id="app-drawer"
      >
        <AppMenu onNavigate={() => setDrawer(false)} />
      </Drawer>
    </Layout>
  );
}
