import type { UnitLevel } from '../auth/identity';

export interface UnitCore {
  id: string;
  code: string;
  name: string;
  kind: string;
  level: UnitLevel;
  validFrom: string | null;
  validTo: string | null;
  childCount: number;
}

export interface UnitRef {
  id: string;
  name: string;
}

export interface UnitSuccession {
  kind: 'FULL' | 'PARTIAL' | string;
  unit: { id: string; name: string; code: string; validFrom?: string | null; validTo?: string | null };
}

export interface UnitDetails extends UnitCore {
  parent: UnitRef | null;
  ancestors: UnitRef[];
  successors: UnitSuccession[];
  predecessors: UnitSuccession[];
}

export interface UnitSearchHit extends UnitCore {
  parent: UnitRef | null;
  ancestors: { id: string }[];
}

export interface UnitSummary {
  id: string;
  name: string;
  code: string;
  kind: string;
  level: UnitLevel;
  validTo: string | null;
  parent: { name: string } | null;
  ancestors: UnitRef[];
}
