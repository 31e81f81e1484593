import { lazy, Suspense, type ComponentProps, type ComponentType, type ReactNode } from 'react';
import { loadPageMessages } from '../i18n/locale';

/**
 * A component whose code loads the first time it is shown — dialogs and editors, which a reader
 * of the page never opens (issue 14: a plan page's first load carried every editing form).
 */
export function lazyComponent<M extends Record<K, ComponentType<any>>, K extends keyof M & string>(
  load: () => Promise<M>,
  name: K,
  fallback: ReactNode = null,
): ComponentType<ComponentProps<M[K]>> & { preload: () => void } {
  // Its words may be in vi.pages.json (i18n/locale.ts): it waits for them with its code.
  const Inner = lazy(() =>
    Promise.all([load(), loadPageMessages()]).then(([m]) => ({ default: m[name] as ComponentType<ComponentProps<M[K]>> })),
  );
  const Wrapped = (props: ComponentProps<M[K]>) => (
    <Suspense fallback={fallback}>
      <Inner {...props} />
    </Suspense>
  );
  return Object.assign(Wrapped, { preload: () => void load() });
}
