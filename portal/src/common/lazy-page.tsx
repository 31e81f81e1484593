import { lazy, Suspense, type ComponentType } from 'react';
import { loadPageMessages } from '../i18n/locale';

/**
 * A page loaded on first visit (route-level code splitting, issue 14): its code, and the antd
 * components only it uses, stay out of the first load.
 * The fallback is drawn in CSS: antd's Card and Skeleton would add to every first load.
 */
export function lazyPage<K extends string>(
  load: () => Promise<Record<K, ComponentType>>,
  name: K,
  /** A first page (sign-in, the plans list) says only what vi.json holds: it does not wait for vi.pages.json. */
  opts: { firstPage?: boolean } = {},
) {
  const Page = lazy<ComponentType>(() =>
    Promise.all([load(), opts.firstPage ? null : loadPageMessages()]).then(([m]) => ({ default: m[name] as ComponentType })),
  );
  return function LazyPage() {
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
  };
}
