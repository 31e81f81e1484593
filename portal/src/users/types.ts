import type { Role } from '../auth/identity';

export interface User {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  disabled: boolean;
  version: number;
  createdAt: string;
  email: string | null;
  /** The agency of its unit the account works for (docs/REPORTS.md, "Agencies"). */
  agencyId: string | null;
  agency: { id: string; name: string } | null;
  unit: { id: string; name: string; code: string };
}

/** The API's minimum password length (api/src/modules/auth/passwords.ts). */
export const MIN_PASSWORD_LENGTH = 10;

/** The API's username rule: 3–64 of lowercase letters, digits, ".", "_", "-". */
export const USERNAME_PATTERN = /^[a-z0-9][a-z0-9._-]{2,63}$/;
