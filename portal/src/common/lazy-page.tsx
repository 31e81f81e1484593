import { lazy, Suspense, type ComponentType } from 'react';
import { loadPageMessages } from '../i18n/locale';

/**
 * A page loaded on first visit (route-level code splitting, issue 14): its code, and the antd
 * components only it uses, stay out of the first load.
 * The fallback is drawn in CSS: antd's Card and Skeleton would add to every first load.
 * `preload()` starts the loading before React asks for it: at boot for the address being opened
 * (App.tsx, `startFirstScreen`), so that a phone fetches the page's code beside the frame's.
 */
export function lazyPage<K extends string>(
  load: () => Promise<Record<K, ComponentType>>,
  name: K,
  /** A first page (sign-in, the plans list) says only what vi.json holds: it does not wait for vi.pages.json. */
  opts: { firstPage?: boolean } = {},
) {
  let loading: Promise<{ default: ComponentType }> | null = null;
  const start = () =>
    (loading ??= Promise.all([load(), opts.firstPage ? null : loadPageMessages()]).then(([m]) => ({ default: m[name] as ComponentType })));
  const Page = lazy<ComponentType>(start);
  function LazyPage() {
    return (
      <Suspense
        fallback={
          <div className="page-loading" aria-busy="true">
            <div className="page-loading-bar" />
            <div className="page-loading-bar" />
            <div className="page-loading-bar page-loading-bar-short" />
          </div>
        }
      >
        <Page />
      </Suspense>
    );
  }
  return Object.assign(LazyPage, {
    preload: () => {
      // A failed load is React's to report when the page renders, with its error screen.
      start().catch(() => undefined);
    },
  });
}

/** The `preload` of a route's element when it is a lazy page. */
export function preloadOf(element: unknown): (() => void) | undefined {
  const type = (element as { type?: { preload?: () => void } } | null)?.type;
  return typeof type?.preload === 'function' ? type.preload : undefined;
}
