/**
 * A hand-written map of the demo hierarchy (api/src/seed/demo.seed.ts plus a few real units
 * around it), so that tests decide who should see what WITHOUT asking the code under test.
 * Codes and names are those of api/data/admin-units/*.csv.
 */
export interface TreeUnit {
  code: string;
  /** Start of validity: null before the 2025 reform, '2025-07-01' for the new units. */
  validFrom: string | null;
  /** Key of the parent in this map. */
  parent: string | null;
  name: string;
  /** A date on which the unit exists (for unitByCode). */
  on: string;
  /** Demo accounts `<key>.<role>` exist for this unit. */
  demo: boolean;
}

const OLD = '2024-05-01';
const NEW = '2025-08-01';

export const TREE = {
  quocgia: { code: 'VN', validFrom: null, parent: null, name: 'Việt Nam', on: OLD, demo: true },
  laocai: { code: '10', validFrom: null, parent: 'quocgia', name: 'Tỉnh Lào Cai', on: OLD, demo: true },
  tplaocai: { code: '080', validFrom: null, parent: 'laocai', name: 'Thành phố Lào Cai', on: OLD, demo: true },
  phuonglaocai: { code: '02641', validFrom: null, parent: 'tplaocai', name: 'Phường Lào Cai', on: OLD, demo: true },
  cocleu: { code: '02644', validFrom: null, parent: 'tplaocai', name: 'Phường Cốc Lếu', on: OLD, demo: false },
  batxat: { code: '082', validFrom: null, parent: 'laocai', name: 'Huyện Bát Xát', on: OLD, demo: true },
  amusung: { code: '02686', validFrom: null, parent: 'batxat', name: 'Xã A Mú Sung', on: OLD, demo: false },
  bacgiang: { code: '24', validFrom: null, parent: 'quocgia', name: 'Tỉnh Bắc Giang', on: OLD, demo: true },
  hungyen: { code: '33', validFrom: null, parent: 'quocgia', name: 'Tỉnh Hưng Yên', on: OLD, demo: true },
  myhao: { code: '328', validFrom: null, parent: 'hungyen', name: 'Thị xã Mỹ Hào', on: OLD, demo: true },
  duongquang: { code: '12112', validFrom: null, parent: 'myhao', name: 'Xã Dương Quang', on: OLD, demo: true },
  laocai2025: { code: '15', validFrom: '2025-07-01', parent: 'quocgia', name: 'Tỉnh Lào Cai', on: NEW, demo: false },
  gialai: { code: '52', validFrom: '2025-07-01', parent: 'quocgia', name: 'Tỉnh Gia Lai', on: NEW, demo: true },
  pleiku: { code: '23575', validFrom: '2025-07-01', parent: 'gialai', name: 'Phường Pleiku', on: NEW, demo: true },
} as const satisfies Record<string, TreeUnit>;

export type TreeKey = keyof typeof TREE;
export const TREE_KEYS = Object.keys(TREE) as TreeKey[];

/** The relative position of a target unit seen from an actor's unit. */
export type Position =
  | 'self'
  | 'parent'
  | 'grandparent'
  | 'child'
  | 'grandchild'
  | 'sibling'
  | 'uncle'
  | 'nephew'
  | 'cousin'
  | 'otherProvince';

export const parentOf = (key: TreeKey): TreeKey | null => TREE[key].parent as TreeKey | null;

/** Root first, the unit itself last. */
export function chainOf(key: TreeKey): TreeKey[] {
  const chain: TreeKey[] = [];
  for (let k: TreeKey | null = key; k; k = parentOf(k)) chain.unshift(k);
  return chain;
}

/** The province (level-1 unit) above or at a unit; null for the national root. */
function provinceOf(key: TreeKey): TreeKey | null {
  return chainOf(key)[1] ?? null;
}

/** Computed from the map only. */
export function positionOf(actor: TreeKey, target: TreeKey): Position {
  if (actor === target) return 'self';
  const a = chainOf(actor);
  const t = chainOf(target);
  if (a.includes(target)) {
    const up = a.length - t.length;
    if (up === 1) return 'parent';
    if (up === 2) return 'grandparent';
    throw new Error(`no name for an ancestor ${up} levels up`);
  }
  if (t.includes(actor)) {
    const down = t.length - a.length;
    if (down === 1) return 'child';
    if (down === 2) return 'grandchild';
    throw new Error(`no name for a descendant ${down} levels down`);
  }
  if (provinceOf(actor) !== provinceOf(target)) return 'otherProvince';
  const pa = parentOf(actor);
  const pt = parentOf(target);
  if (pa === pt) return 'sibling';
  if (pa && parentOf(pa) === pt) return 'uncle';
  if (pt && parentOf(pt) === pa) return 'nephew';
  if (pa && pt && parentOf(pa) === parentOf(pt)) return 'cousin';
  throw new Error(`no name for ${target} seen from ${actor}`);
}

/** Positions on the actor's chain: visible. Everything else is invisible (docs/DESIGN.md §6). */
export const ON_CHAIN: ReadonlySet<Position> = new Set(['self', 'parent', 'grandparent', 'child', 'grandchild']);
/** The actor's unit and below: what a unit ADMIN administers. */
export const OWN_OR_BELOW: ReadonlySet<Position> = new Set(['self', 'child', 'grandchild']);
