import { useMemo } from 'react';
import type { DocumentNode } from 'graphql';
import { ConfigProvider } from 'antd';
// The ES builds of antd's locales: 'antd/locale/*' is CommonJS, and its default export arrived
// wrapped, so antd fell back to English ("Close", "No data") on Vietnamese screens.
import enUS from 'antd/es/locale/en_US';
import viVN from 'antd/es/locale/vi_VN';
import { Authenticated, Refine, type I18nProvider } from '@refinedev/core';
import routerProvider, { CatchAllNavigate } from '@refinedev/react-router';
import { BrowserRouter, matchRoutes, Navigate, Outlet, Route, Routes } from 'react-router';
import { createAccessControlProvider } from './access/access-control-provider';
import { ME } from './auth/auth.graphql';
import { createAuthProvider, SIGN_IN_PATH } from './auth/auth-provider';
import { tokenStore } from './auth/token-store';
import { lazyPage, preloadOf } from './common/lazy-page';
import { notificationProvider } from './common/notification-provider';
import { FEATURES } from './features';
import { lazyApolloClient } from './graphql/lazy-client';
import { localeStore, t, useLocale } from './i18n/locale';
import { UNREAD_NOTIFICATIONS } from './notifications/notifications.graphql';
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

/**
 * Starts, at boot and all at once, what the address being opened needs (issue 14: a phone over
 * 4G, where every round trip costs 150 ms): the code of the signed-in frame and of the page, and
 * the first requests of both — who is signed in, the unread count, the page's data (each route's
 * `firstRequests`). Without it they followed one another: React, then the frame's code, then the
 * page's, then Apollo's, then the requests. The page takes the answers through its usual calls
 * (graphql/lazy-client.ts, `prefetch`). Signed out, every address leads to the sign-in page.
 */
export function startFirstScreen(pathname: string, search: string): void {
  if (!tokenStore.get()) {
    SignInPage.preload();
    return;
  }
  if (pathname === SIGN_IN_PATH) return;
  SignedIn.preload();
  apollo.prefetch?.(ME);
  const prefetch = (requests: Promise<{ document: DocumentNode; variables?: Record<string, unknown> }[]>) =>
    requests.then((list) => list.forEach((r) => apollo.prefetch?.(r.document, r.variables))).catch(() => undefined);
  // The bell's count (notifications/NotificationBell.tsx sends it with no variables).
  apollo.prefetch?.(UNREAD_NOTIFICATIONS, {});
  const routes = FEATURES.flatMap((f) => f.routes);
  const match = matchRoutes(
    routes.map((r) => ({ path: r.path })),
    pathname,
  )?.at(-1);
  const route = match && routes.find((r) => r.path === match.route.path);
  if (!route) return;
  preloadOf(route.element)?.();
  if (route.firstRequests) void prefetch(route.firstRequests({ params: match.params, search: new URLSearchParams(search) }));
}

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
