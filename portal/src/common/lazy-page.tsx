import { lazy, Suspense, type ComponentType } from 'react';
import { Skeleton } from 'antd';

/**
 * A page loaded on first visit (route-level code splitting, issue 14): its code, and the antd
 * components only it uses, stay out of the first load.
 * The fallback is a bare skeleton: antd's Card would bring its tabs and menus into the first load.
 */
export function lazyPage<K extends string>(load: () => Promise<Record<K, ComponentType>>, name: K) {
  const Page = lazy<ComponentType>(() => load().then((m) => ({ default: m[name] as ComponentType })));
  return function LazyPage() {
    return (
      <Suspense
        fallback={
          <div className="page-loading" aria-busy="true">
            <Skeleton active />
          </div>
        }
      >
        <Page />
      </Suspense>
    );
  };
}
