import type { EntityManager } from '@mikro-orm/postgresql';
import type { Loaders } from './loaders.js';

export type PrincipalRole = 'ADMIN' | 'EDITOR' | 'APPROVER' | 'VIEWER';

/** Who is acting: a signed-in user or an API key, always attached to one unit. */
export interface Principal {
  kind: 'USER' | 'API_KEY';
  id: string;
  /** Display name or key name, for audit trails. */
  label: string;
  role: PrincipalRole;
  unitId: number;
  /** ltree path of the acting unit: the root of everything it may see below. */
  unitPath: string;
  provinceId: number | null;
  /**
   * A user of one of the unit's agencies (Công an tỉnh, Sở Y tế…): it writes that agency's reports
   * and no sibling agency's (docs/REPORTS.md, "Agencies"). Null or absent: the unit's own staff.
   */
  agencyId?: string | null;
}

/** Per-request context handed explicitly to every service call. */
export interface Ctx {
  em: EntityManager;
  principal: Principal | null;
  loaders: Loaders;
  requestId: string;
  /** The client's address as Express resolved it (req.ip); what sign-in throttling counts against. */
  clientAddress?: string;
}

export interface AuthedCtx extends Ctx {
  principal: Principal;
}
