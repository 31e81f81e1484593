import { lazy, Suspense, type ComponentType } from 'react';

/**
 * A page loaded on first visit (route-level code splitting, issue 14): its code, and the antd
 * components only it uses, stay out of the first load.
 * The fallback is drawn in CSS: antd's Card and Skeleton would add to every first load.
 */
export function lazyPage<K extends string>(load: () => Promise<Record<K, ComponentType>>, name: K) {
  const Page = lazy<ComponentType>(() => load().then((m) => ({ default: m[name] as ComponentType })));
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
