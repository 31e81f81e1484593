import type { AccessControlProvider } from '@refinedev/core';
import type { Identity } from '../auth/identity';
import { t } from '../i18n/locale';
import { decide } from './policy';

/** Refine's `can`, answered from the signed-in identity by the rules in policy.ts. */
export function createAccessControlProvider(identity: () => Promise<Identity | null>): AccessControlProvider {
  return {
    async can(params) {
      const result = decide(await identity().catch(() => null), params);
      return result.can ? result : { can: false, reason: t('common.notAllowed') };
    },
    options: {
      buttons: { enableAccessControl: true, hideIfUnauthorized: true },
      queryOptions: { staleTime: 5 * 60_000 },
    },
  };
}
