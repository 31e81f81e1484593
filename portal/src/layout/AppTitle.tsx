import { useTranslate } from '@refinedev/core';
import { Link } from 'react-router';

export function AppLogo({ size = 28 }: { size?: number }) {
  return <img src="/favicon.svg" width={size} height={size} alt="" aria-hidden style={{ display: 'block', flex: 'none' }} />;
}

/** The name in the side bar: the mark alone when the bar is collapsed. */
export function AppTitle({ collapsed }: { collapsed: boolean }) {
  const translate = useTranslate();
  return (
    // Collapsed, the mark alone needs a name; open, the visible words are the name.
    <Link to="/" className="app-title" aria-label={collapsed ? translate('app.fullName') : undefined} title={translate('app.fullName')}>
      <AppLogo />
      {!collapsed && (
        <span className="app-title-text">
          <span className="app-title-name">{translate('app.name')}</span>
          <span className="app-title-domain">{translate('app.domain')}</span>
        </span>
      )}
    </Link>
  );
}
