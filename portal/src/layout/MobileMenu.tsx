import { Drawer } from 'antd';
import { useTranslate } from '@refinedev/core';
import { AppMenu } from './AppMenu';
import { AppTitle } from './AppTitle';

/** The navigation in a drawer, for screens below 992 px (loaded the first time it opens). */
export function MobileMenu({ open, onClose }: { open: boolean; onClose: () => void }) {
  const translate = useTranslate();
  return (
    <Drawer
      open={open}
      placement="left"
      width={280}
      onClose={onClose}
      title={<AppTitle collapsed={false} />}
      closable={{ 'aria-label': translate('layout.closeMenu') }}
      className="app-drawer"
      styles={{ body: { padding: 0 } }}
      id="app-drawer"
    >
      <AppMenu onNavigate={onClose} />
    </Drawer>
  );
}
