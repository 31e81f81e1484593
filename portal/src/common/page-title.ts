import { useEffect } from 'react';
import { useTranslate } from '@refinedev/core';

/**
 * The browser tab's title for the current screen: "<page> — Kế hoạch". Every route sets its own
 * (issue 14: the tab read "undefined.undefined" on routes that were not a resource's list).
 */
export function usePageTitle(page: string | null | undefined) {
  const translate = useTranslate();
  useEffect(() => {
    if (page) document.title = translate('app.documentTitle', { page });
  }, [page, translate]);
}
