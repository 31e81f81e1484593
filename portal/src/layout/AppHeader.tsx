import { useEffect, useId, useRef, useState } from 'react';
import { Button, Layout } from 'antd';
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
        {identity && <AccountMenu identity={identity} onSignOut={() => logout()} />}
      </div>
    </Layout.Header>
  );
}

/**
 * Who is signed in, and sign-out: a disclosure (a button and the panel it opens), closed by Escape,
 * a click elsewhere or moving focus away. Plain markup rather than antd's Dropdown and Menu, which
 * weighed 18 KB of every page's first load.
 */
function AccountMenu({ identity, onSignOut }: { identity: Identity; onSignOut: () => void }) {
  const translate = useTranslate();
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const root = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const close = (e: Event) => {
      if (e instanceof KeyboardEvent ? e.key === 'Escape' : !root.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('keydown', close);
    document.addEventListener('pointerdown', close);
    document.addEventListener('focusin', close);
    return () => {
      document.removeEventListener('keydown', close);
      document.removeEventListener('pointerdown', close);
      document.removeEventListener('focusin', close);
    };
  }, [open]);
  return (
    <div className="app-account" ref={root}>
      <Button
        type="text"
        className="app-header-user"
        title={translate(`roleHints.${identity.role}`)}
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((o) => !o)}
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
      {open && (
        <div className="app-account-panel" id={panelId}>
          <div className="app-account-who">
            <UserOutlined aria-hidden /> {identity.username ?? translate('header.apiKey')}
          </div>
          <button type="button" className="app-nav-item" onClick={onSignOut}>
            <span className="app-nav-icon" aria-hidden>
              <LogoutOutlined />
            </span>
            <span className="app-nav-label">{translate('auth.signOut')}</span>
          </button>
        </div>
      )}
    </div>
  );
}
