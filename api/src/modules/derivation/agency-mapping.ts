import type { EntityManager } from '@mikro-orm/postgresql';
import { rows } from '../../core/sql.js';
import { searchKey } from '../../core/text.js';
import { guessSector } from '../agencies/sectors.js';
import type { AgencyRef } from '../plans/plan-document.js';

/**
 * Maps the agencies named in a parent plan to the deriving unit's own agencies by sector
 * (Công an tỉnh → Công an phường, Sở Y tế → Trạm Y tế). "The subordinate People's Committees"
 * become the unit's own committee. An agency with no counterpart keeps its name and is flagged
 * `unmatched` for the editor — never silently dropped.
 */
export interface MappingEntry {
  from: { name: string; sector: string | null };
  to: { agencyId: string; name: string } | null;
  /** Nodes and targets of the parent plan that name it. */
  uses: number;
}

export interface AgencyMapper {
  map(ref: AgencyRef): AgencyRef;
  entries(): MappingEntry[];
  /** Replaces mapped agency names inside a text ("Công an tỉnh chủ trì" → "Công an phường … chủ trì"). */
  rewriteText(text: string): string;
}

// Level words differ between counterparts and must not decide the match.
const LEVEL_WORDS = new Set([
  'tinh',
  'huyen',
  'xa',
  'phuong',
  'thi',
  'tran',
  'thanh',
  'pho',
  'quan',
  'so',
  'phong',
  'tram',
  'cuc',
  'chi',
  'ban',
  'bo',
  'dac',
  'khu',
]);
const tokens = (name: string) =>
  new Set(
    searchKey(name)
      .split(/[^a-z0-9]+/)
      .filter((w) => w && !LEVEL_WORDS.has(w)),
  );

/** "Thành phố Lào Cai" → "thành phố Lào Cai", as a unit is named inside a sentence. */
export function inlineUnitName(name: string): string {
  return name.replace(/^(Tỉnh|Thành phố|Huyện|Quận|Thị xã|Xã|Phường|Thị trấn|Đặc khu)/u, (m) => m.toLowerCase());
}

export async function createAgencyMapper(
  em: EntityManager,
  parentUnitId: number,
  child: { id: number; name: string },
): Promise<AgencyMapper> {
  const [parentAgencies, childAgencies] = await Promise.all([
    rows<{ id: string; name: string; sector: string }>(em, `select id, name, sector from agency where unit_id = ?`, [parentUnitId]),
    rows<{ id: string; name: string; sector: string }>(
      em,
      `select id, name, sector from agency where unit_id = ? and disabled_at is null order by name`,
      [child.id],
    ),
  ]);
  const parentById = new Map(parentAgencies.map((a) => [a.id, a]));
  const ownCommittee: AgencyRef = {
    name: `Ủy ban nhân dân ${inlineUnitName(child.name)}`,
    sector: 'PEOPLES_COMMITTEE',
    agencyId: null,
    subordinateCommittees: false,
  };
  const entries = new Map<string, MappingEntry>();

  const counterpart = (name: string, sector: string | null) => {
    if (!sector) return null;
    const candidates = childAgencies.filter((a) => a.sector === sector);
    if (candidates.length <= 1) return candidates[0] ?? null;
    // Several agencies of the sector (Phòng Y tế, Trung tâm Y tế): the closest name wins.
    const want = tokens(name);
    const score = (a: { name: string }) => [...tokens(a.name)].filter((w) => want.has(w)).length;
    return [...candidates].sort((a, b) => score(b) - score(a))[0];
  };

  return {
    map(ref) {
      if (ref.subordinateCommittees) return { ...ownCommittee };
      const sector = ref.sector ?? (ref.agencyId ? parentById.get(ref.agencyId)?.sector : null) ?? guessSector(ref.name);
      if (sector === 'PEOPLES_COMMITTEE') return { ...ownCommittee };
      const key = `${searchKey(ref.name)}|${sector ?? ''}`;
      let entry = entries.get(key);
      if (!entry) {
        const to = counterpart(ref.name, sector);
        entry = { from: { name: ref.name, sector }, to: to ? { agencyId: to.id, name: to.name } : null, uses: 0 };
        entries.set(key, entry);
      }
      entry.uses++;
      return entry.to
        ? { name: entry.to.name, sector, agencyId: entry.to.agencyId, subordinateCommittees: false }
        : { name: ref.name, sector, agencyId: null, subordinateCommittees: false, unmatched: true };
    },
    entries: () => [...entries.values()],
    rewriteText(text) {
      let out = text;
      // Longest names first so "Công an tỉnh Lào Cai" is replaced before "Công an tỉnh".
      for (const e of [...entries.values()].filter((x) => x.to).sort((a, b) => b.from.name.length - a.from.name.length)) {
        if (e.from.name !== e.to!.name) out = out.split(e.from.name).join(e.to!.name);
      }
      return out;
    },
  };
}
