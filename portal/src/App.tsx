import { useMemo } from 'react';
import { ConfigProvider } from 'antd';
// The ES builds of antd's locales: 'antd/locale/*' is CommonJS, and its default export arrived
// wrapped, so antd fell back to English ("Close", "No data") on Vietnamese screens.
import enUS from 'antd/es/locale/en_US';
import viVN from 'antd/es/locale/vi_VN';
import { Authenticated, Refine, type I18nProvider } from '@refinedev/core';
import routerProvider, { CatchAllNavigate } from '@refinedev/react-router';
import { BrowserRouter, Navigate, Outlet, Route, Routes } from 'react-router';
import { createAccessControlProvider } from './access/access-control-provider';
import { createAuthProvider, SIGN_IN_PATH } from './auth/auth-provider';
import { tokenStore } from './auth/token-store';
import { lazyPage } from './common/lazy-page';
import { notificationProvider } from './common/notification-provider';
import { FEATURES } from './features';
import { lazyApolloClient } from './graphql/lazy-client';
import { localeStore, t, useLocale } from './i18n/locale';
import { createDataProvider } from './providers/data-provider';
import { queryClient } from './query-client';
import { theme } from './theme';

const apollo = lazyApolloClient({ getToken: () => tokenStore.token() });
const dataProvider = createDataProvider(apollo);
const authProvider = createAuthProvider(apollo, { onSessionChange: () => queryClient.clear() });
const accessControlProvider = createAccessControlProvider(authProvider.identity);

// The sign-in page and the signed-in frame are loaded apart: a newcomer's first load carries
// neither the navigation nor any feature page (issue 14: first-load weight).
const SignInPage = lazyPage(() => import('./auth/SignInPage'), 'SignInPage', { firstPage: true });
const SignedIn = lazyPage(() => import('./layout/SignedInFrame'), 'SignedInFrame', { firstPage: true });
const NotFoundPage = lazyPage(() => import('./common/NotFoundPage'), 'NotFoundPage');

export function App() {
  const locale = useLocale();
  // A new provider object per language, so that Refine re-renders menus and titles.
  const i18nProvider = useMemo<I18nProvider>(
    () => ({
      translate: (key, options, defaultMessage) => t(key, options, defaultMessage),
      changeLocale: (next) => localeStore.set(next as never),
      getLocale: () => locale,
    }),
    [locale],
  );

  return (
    <BrowserRouter>
      <ConfigProvider
        locale={locale === 'vi' ? viVN : enUS}
        theme={theme}
        // rc-dialog names its close button "Close" whatever the language: name it in the user's.
        modal={{ closable: { 'aria-label': t('common.close') } }}
        drawer={{ closable: { 'aria-label': t('common.close') } }}
      >
        <Refine
          dataProvider={dataProvider}
          authProvider={authProvider}
          accessControlProvider={accessControlProvider}
          routerProvider={routerProvider}
          i18nProvider={i18nProvider}
          notificationProvider={notificationProvider}
          resources={FEATURES.map((f) => f.resource)}
          options={{
            syncWithLocation: false,
            warnWhenUnsavedChanges: false,
            disableTelemetry: true,
            mutationMode: 'pessimistic',
            reactQuery: { clientConfig: queryClient },
          }}
        >
          <Routes>
            <Route
              element={
                <Authenticated key="signed-in" fallback={<CatchAllNavigate to={SIGN_IN_PATH} />}>
                  <SignedIn />
                </Authenticated>
              }
            >
              {FEATURES.flatMap((f) => f.routes).map((r) => (
                <Route key={r.path} path={r.path} element={r.element} />
              ))}
              <Route path="*" element={<NotFoundPage />} />
            </Route>
            <Route
              element={
                <Authenticated key="signed-out" fallback={<Outlet />}>
                  <Navigate to="/" replace />
                </Authenticated>
              }
            >
              <Route path={SIGN_IN_PATH} element={<SignInPage />} />
            </Route>
          </Routes>
        </Refine>
      </ConfigProvider>
    </BrowserRouter>
  );
}
