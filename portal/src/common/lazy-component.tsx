import { lazy, Suspense, type ComponentProps, type ComponentType, type ReactNode } from 'react';

/**
 * A component whose code loads the first time it is shown — dialogs and editors, which a reader
 * of the page never opens (issue 14: a plan page's first load carried every editing form).
 */
export function lazyComponent<M extends Record<K, ComponentType<any>>, K extends keyof M & string>(
  load: () => Promise<M>,
  name: K,
  fallback: ReactNode = null,
): ComponentType<ComponentProps<M[K]>> & { preload: () => void } {
  const Inner = lazy(() => load().then((m) => ({ default: m[name] as ComponentType<ComponentProps<M[K]>> })));
  const Wrapped = (props: ComponentProps<M[K]>) => (
    <Suspense fallback={fallback}>
      <Inner {...props} />
    </Suspense>
  );
  return Object.assign(Wrapped, { preload: () => void load() });
}
