import { Button, Dropdown, Layout } from 'antd';
import { BankOutlined, LogoutOutlined, MenuOutlined, UserOutlined } from '@ant-design/icons';
import { useGetIdentity, useLogout, useTranslate } from '@refinedev/core';
import type { Identity } from '../auth/identity';
import { RoleTag } from '../common/RoleTag';
import { LanguageSwitch } from './LanguageSwitch';
import { NotificationBell } from '../notifications/NotificationBell';

/**
 * Who is working, in which role, for which unit — always visible — and the language switch. On a
 * phone the unit's name keeps one line (ellipsis) and the account shrinks to its avatar and role.
 */
export function AppHeader({ onOpenMenu, menuOpen }: { onOpenMenu: () => void; menuOpen: boolean }) {
  const translate = useTranslate();
  const { data: identity } = useGetIdentity<Identity>();
  const { mutate: logout } = useLogout();

  return (
    <Layout.Header className="app-header">
      <Button
        type="text"
        className="app-menu-button"
        icon={<MenuOutlined aria-hidden />}
        aria-label={translate('layout.openMenu')}
        aria-expanded={menuOpen}
        aria-controls="app-drawer"
        onClick={onOpenMenu}
      />
      <div className="app-header-unit">
        {identity && (
          <>
            <BankOutlined aria-hidden className="app-header-unit-icon" />
            <div className="app-header-unit-text">
              <span className="text-secondary app-header-unit-caption">{translate('header.actingFor')}</span>
              <strong className="app-header-unit-name" data-testid="header-unit" title={identity.unit.name}>
                {identity.unit.name}
              </strong>
            </div>
          </>
        )}
      </div>
      <div className="app-header-end">
        {identity?.username && <NotificationBell />}
        <LanguageSwitch />
        {identity && (
          <Dropdown
            trigger={['click']}
            menu={{
              items: [
                {
                  key: 'who',
                  disabled: true,
                  label: <span style={{ color: 'inherit' }}>{identity.username ?? translate('header.apiKey')}</span>,
                  icon: <UserOutlined aria-hidden />,
                },
                { type: 'divider' },
                { key: 'logout', label: translate('auth.signOut'), icon: <LogoutOutlined aria-hidden />, onClick: () => logout() },
              ],
            }}
          >
            <Button
              type="text"
              className="app-header-user"
              title={translate(`roleHints.${identity.role}`)}
            >
              <span className="sr-only">{translate('header.account')}: </span>
              <span className="app-avatar" aria-hidden>
                <UserOutlined aria-hidden />
              </span>
              <span className="app-header-user-name" data-testid="header-user">
                {identity.displayName}
              </span>
              <RoleTag role={identity.role} className="app-header-role" testId="header-role" />
            </Button>
          </Dropdown>
        )}
      </div>
    </Layout.Header>
  );
}
