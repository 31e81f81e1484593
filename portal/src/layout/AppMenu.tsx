import { LogoutOutlined } from '@ant-design/icons';
import { useGetIdentity, useLogout, useTranslate } from '@refinedev/core';
import { Link, matchPath, useLocation } from 'react-router';
import { decide } from '../access/policy';
import type { Identity } from '../auth/identity';
import { FEATURES } from '../features';

/**
 * The feature that owns the current page: the one whose route matches ("/plans/1/cascade" belongs
 * to the cascade, "/plans/1/history" to the plans), else the longest list path it lies under.
 */
function selectedKey(pathname: string): string | undefined {
  const owner = FEATURES.find((f) => f.routes.some((r) => matchPath({ path: r.path, end: true }, pathname)));
  if (owner) return owner.resource.name;
  let best: { name: string; length: number } | undefined;
  for (const f of FEATURES) {
    const list = typeof f.resource.list === 'string' ? f.resource.list : undefined;
    if (!list || list === '/') continue;
    if (pathname.startsWith(`${list}/`) && list.length > (best?.length ?? -1)) best = { name: f.resource.name, length: list.length };
  }
  return best?.name;
}

/**
 * The side navigation: one link per feature the user may list (access/policy.ts), then sign-out.
 * Icons are decoration: the text is the name (screen readers must not read "apartment"); when the
 * bar is collapsed the name stays for them and shows as the link's tooltip. Plain links rather than
 * antd's Menu: it is on every page, and its code weighed 18 KB of every first load on a phone.
 */
export function AppMenu({ collapsed = false, onNavigate }: { collapsed?: boolean; onNavigate?: () => void }) {
  const translate = useTranslate();
  const { pathname } = useLocation();
  const { data: identity } = useGetIdentity<Identity>();
  const { mutate: logout } = useLogout();
  const visible = FEATURES.filter((f) => f.resource.list && identity && decide(identity, { resource: f.resource.name, action: 'list' }).can);
  const key = selectedKey(pathname);
  const labelClass = collapsed ? 'sr-only' : 'app-nav-label';

  return (
    <nav aria-label={translate('layout.navigation')} className={collapsed ? 'app-menu app-menu-collapsed' : 'app-menu'}>
      <ul className="app-nav">
        {visible.map((f) => {
          const label = translate(`${f.resource.name}.${f.resource.name}`);
          const selected = f.resource.name === key;
          return (
            <li key={f.resource.name}>
              <Link
                to={String(f.resource.list)}
                onClick={onNavigate}
                className={selected ? 'app-nav-item app-nav-item-selected' : 'app-nav-item'}
                aria-current={selected ? 'page' : undefined}
                title={collapsed ? label : undefined}
              >
                <span className="app-nav-icon" aria-hidden>
                  {f.resource.meta?.icon}
                </span>
                <span className={labelClass}>{label}</span>
              </Link>
            </li>
          );
        })}
      </ul>
      <hr className="app-nav-divider" />
      <button type="button" className="app-nav-item" onClick={() => logout()} title={collapsed ? translate('auth.signOut') : undefined}>
        <span className="app-nav-icon" aria-hidden>
          <LogoutOutlined />
        </span>
        <span className={labelClass}>{translate('auth.signOut')}</span>
      </button>
    </nav>
  );
}
