/** The API's roles (enum Role). API keys carry VIEWER or EDITOR. */
export const ROLES = ['ADMIN', 'EDITOR', 'APPROVER', 'VIEWER'] as const;
export type Role = (typeof ROLES)[number];

export type UnitLevel = 'CENTRAL' | 'PROVINCE' | 'DISTRICT' | 'COMMUNE';

/** The signed-in caller, as `me` / `signIn.viewer` return it. */
export interface Identity {
  id: string;
  kind: 'USER' | 'API_KEY';
  displayName: string;
  username: string | null;
  role: Role;
  /** The agency of the unit the official works for (docs/REPORTS.md, "Agencies"); null for the unit's own staff. */
  agencyId?: string | null;
  unit: {
    id: string;
    name: string;
    kind: string;
    code: string;
    level: UnitLevel;
    validTo: string | null;
    ancestors: { id: string; name: string }[];
  };
}
