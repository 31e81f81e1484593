import type { ReactNode } from 'react';
import type { ResourceProps } from '@refinedev/core';

/**
 * A feature of the portal: its Refine resource (menu entry, routes, access-control name) and the
 * routes it renders inside the signed-in layout. New features (plans, cascade, audit…) add a
 * folder with an `index.tsx` exporting one of these and are listed in `features.tsx`.
 */
export interface Feature {
  resource: ResourceProps;
  routes: { path: string; element: ReactNode }[];
}
