import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/postgresql';
import { pgArray, rows } from '../../core/sql.js';
import { AGENCY_COLUMNS } from './agency.service.js';
import type { AgencyNode } from './agency.types.js';

/** The agency loaders of a request (core/loaders.ts): a unit's agencies, batched over units. */
export function createAgencyLoaders(em: EntityManager) {
  return {
    /** Agencies by id (an agency's obligations and accounts name theirs); row-level security keeps them on the caller's chain. */
    agencyById: new DataLoader<string, AgencyNode | undefined>(async (ids) => {
      const found = await rows<AgencyNode>(em, `select ${AGENCY_COLUMNS} from agency g where g.id = any(?::uuid[])`, [pgArray([...ids])]);
      return ids.map((id) => found.find((g) => g.id === id));
    }),
    /** First pages of agencies for many units at once ("unitId|limit|includeDisabled 0/1"), by name. */
    agencyPages: new DataLoader<string, (AgencyNode & { searchKey: string })[]>(async (keys) => {
      const groups = new Map<string, number[]>();
      for (const k of keys) {
        const [unitId, limit, disabled] = k.split('|');
        groups.set(`${limit}|${disabled}`, [...(groups.get(`${limit}|${disabled}`) ?? []), Number(unitId)]);
      }
      const found = new Map<string, (AgencyNode & { searchKey: string })[]>();
      for (const [group, units] of groups) {
        const [limit, disabled] = group.split('|');
        const page = await rows<AgencyNode & { searchKey: string; rn: number }>(
          em,
          `select * from (select ${AGENCY_COLUMNS}, g.search_key as "searchKey",
             row_number() over (partition by g.unit_id order by g.search_key, g.id::text) as rn
             from agency g where g.unit_id = any(?::int[])${disabled === '1' ? '' : ' and g.disabled_at is null'}) x
           where x.rn <= ? order by x."unitId", x.rn`,
          [pgArray(units), Number(limit)],
        );
        for (const { rn: _rn, ...g } of page) found.set(`${g.unitId}|${group}`, [...(found.get(`${g.unitId}|${group}`) ?? []), g]);
      }
      return keys.map((k) => found.get(k) ?? []);
    }),
    agencyTotals: new DataLoader<string, number>(async (keys) => {
      const out = new Map<string, number>();
      for (const disabled of ['0', '1']) {
        const units = keys.filter((k) => k.endsWith(`|${disabled}`)).map((k) => Number(k.split('|')[0]));
        if (!units.length) continue;
        const counts = await rows<{ unitId: number; n: number }>(
          em,
          `select g.unit_id as "unitId", count(*)::int n from agency g where g.unit_id = any(?::int[])${disabled === '1' ? '' : ' and g.disabled_at is null'} group by g.unit_id`,
          [pgArray(units)],
        );
        for (const c of counts) out.set(`${c.unitId}|${disabled}`, c.n);
      }
      return keys.map((k) => out.get(k) ?? 0);
    }),
  };
}

declare module '../../core/loaders.js' {
  interface Loaders extends ReturnType<typeof createAgencyLoaders> {}
}
