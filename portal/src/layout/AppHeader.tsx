import { Avatar, Button, Dropdown, Flex, Layout, Tag, Tooltip, Typography } from 'antd';
import { BankOutlined, LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { useGetIdentity, useLogout, useTranslate } from '@refinedev/core';
import type { Identity } from '../auth/identity';
import { ROLE_COLORS } from '../users/RoleSelect';
import { LanguageSwitch } from './LanguageSwitch';

/** Who is working, in which role, for which unit — always visible — and the language switch. */
export function AppHeader() {
  const translate = useTranslate();
  const { data: identity } = useGetIdentity<Identity>();
  const { mutate: logout } = useLogout();

  return (
    <Layout.Header className="app-header">
      <Flex align="center" gap={16} className="app-header-unit" aria-label={translate('header.actingFor')}>
        {identity && (
          <>
            <BankOutlined aria-hidden style={{ fontSize: 18, color: '#a61d24' }} />
            <div style={{ lineHeight: 1.25, minWidth: 0 }}>
              <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block' }}>
                {translate('header.actingFor')}
              </Typography.Text>
              <strong className="app-header-unit-name" data-testid="header-unit" title={identity.unit.name}>
                {identity.unit.name}
              </strong>
            </div>
          </>
        )}
      </Flex>
      <Flex align="center" gap={16}>
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
                  icon: <UserOutlined />,
                },
                { type: 'divider' },
                { key: 'logout', label: translate('auth.signOut'), icon: <LogoutOutlined />, onClick: () => logout() },
              ],
            }}
          >
            <Button type="text" className="app-header-user" aria-label={`${translate('header.account')}: ${identity.displayName}`}>
              <Avatar size="small" icon={<UserOutlined />} style={{ backgroundColor: '#1f4e8c' }} />
              <span className="app-header-user-name" data-testid="header-user">
                {identity.displayName}
              </span>
              <Tooltip title={translate(`roleHints.${identity.role}`)}>
                <Tag color={ROLE_COLORS[identity.role]} style={{ marginInlineEnd: 0 }} data-testid="header-role">
                  {translate(`roles.${identity.role}`)}
                </Tag>
              </Tooltip>
            </Button>
          </Dropdown>
        )}
      </Flex>
    </Layout.Header>
  );
}
