import type { ReactNode } from 'react';
import type { ResourceProps } from '@refinedev/core';
import type { DocumentNode } from 'graphql';

/** A request a page sends first, to start at boot (App.tsx, `startFirstScreen`). */
export interface FirstRequest {
  document: DocumentNode;
  variables?: Record<string, unknown>;
}

export interface FeatureRoute {
  path: string;
  element: ReactNode;
  /**
   * The page's first requests, exactly as the page will send them (same operation, same
   * variables), so that opening the address cold sends them beside the page's code (issue 14:
   * a phone over 4G). The documents are usually imported here lazily, to keep them out of boot.
   */
  firstRequests?: (route: { params: Record<string, string | undefined>; search: URLSearchParams }) => Promise<FirstRequest[]>;
}

/**
 * A feature of the portal: its Refine resource (menu entry, routes, access-control name) and the
 * routes it renders inside the signed-in layout. New features (plans, cascade, audit…) add a
 * folder with an `index.tsx` exporting one of these and are listed in `features.tsx`.
 */
export interface Feature {
  resource: ResourceProps;
  routes: FeatureRoute[];
}
