import { searchKey } from '../../core/text.js';

/*
 * Unit names as plans write them ("thành phố Lào Cai", "UBND huyện Văn Bàn"): matching an
 * allocation's assignee to a unit, for derivation, import and the cascade.
 */

const KIND_PREFIX = /^(tỉnh|thành phố|huyện|quận|thị xã|xã|phường|thị trấn|đặc khu)\s+/iu;
/** Does an allocation's assignee ("thành phố Lào Cai", "Văn Bàn") name this unit? */
export function assigneeNamesUnit(assignee: string, unit: { name: string; kind: string }): boolean {
  const a = searchKey(assignee);
  const u = searchKey(unit.name);
  if (a === u) return true;
  const aCore = searchKey(assignee.replace(KIND_PREFIX, ''));
  const uCore = searchKey(unit.name.replace(KIND_PREFIX, ''));
  const aKind = KIND_PREFIX.exec(assignee)?.[1];
  return aCore === uCore && (!aKind || searchKey(aKind) === searchKey(unit.kind));
}

/**
 * `(assignee) => units.find((u) => assigneeNamesUnit(assignee, u))` with the units' keys computed
 * once, for the many allocations of an imported plan.
 */
export function unitNamedBy<U extends { name: string; kind: string }>(units: U[]): (assignee: string) => U | undefined {
  const keyed = units.map((u) => ({ full: searchKey(u.name), core: searchKey(u.name.replace(KIND_PREFIX, '')), kind: searchKey(u.kind) }));
  const byFull = new Map<string, number>();
  const byCore = new Map<string, number[]>();
  keyed.forEach((k, i) => {
    if (!byFull.has(k.full)) byFull.set(k.full, i);
    if (!byCore.has(k.core)) byCore.set(k.core, []);
    byCore.get(k.core)!.push(i);
  });
  return (assignee) => {
    const aKind = KIND_PREFIX.exec(assignee)?.[1];
    const kind = aKind ? searchKey(aKind) : null;
    const full = byFull.get(searchKey(assignee)) ?? Infinity;
    const core = byCore.get(searchKey(assignee.replace(KIND_PREFIX, '')))?.find((i) => kind === null || keyed[i].kind === kind) ?? Infinity;
    const first = Math.min(full, core);
    return first === Infinity ? undefined : units[first];
  };
}

/**
 * Every unit an assignee may name, keys computed once: those of its full name, else those whose
 * name without the kind word is the assignee's (of the kind it says, if it says one) — so a
 * caller can refuse "Mường Khương" between Huyện Mường Khương and Thị trấn Mường Khương rather
 * than take the first.
 */
export function unitsNamedBy<U extends { name: string; kind: string }>(units: U[]): (assignee: string) => U[] {
  const keyed = units.map((u) => ({
    u,
    full: searchKey(u.name),
    core: searchKey(u.name.replace(KIND_PREFIX, '')),
    kind: searchKey(u.kind),
  }));
  return (assignee) => {
    const full = searchKey(assignee);
    const byFull = keyed.filter((k) => k.full === full);
    if (byFull.length) return byFull.map((k) => k.u);
    const aKind = KIND_PREFIX.exec(assignee)?.[1];
    const kind = aKind ? searchKey(aKind) : null;
    const core = searchKey(assignee.replace(KIND_PREFIX, ''));
    return keyed.filter((k) => k.core === core && (kind === null || k.kind === kind)).map((k) => k.u);
  };
}
