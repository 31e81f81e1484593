import fs from 'node:fs';
import path from 'node:path';
import type { EntityManager } from '@mikro-orm/postgresql';
import { REPO_ROOT } from '../config.js';
import { rows } from '../core/sql.js';
import { adjustObligationsForUnits } from '../modules/reports/store/index.js';

const DATA = path.join(REPO_ROOT, 'api', 'data', 'admin-units');
export const REFORM_DAY = '2025-07-01';
export const LAST_PRE_REFORM_DAY = '2025-06-30';

/** New provinces (post-2025 codes) loaded by default: those of the four seed plans. */
export const DEFAULT_NEW_PROVINCES = ['15', '24', '33', '52'];

function readCsv(file: string): Record<string, string>[] {
  const [header, ...lines] = fs.readFileSync(path.join(DATA, file), 'utf8').replace(/\r/g, '').split('\n').filter(Boolean);
  const cols = header.split(',');
  return lines.map((line) => {
    const values = line.split(',');
    return Object.fromEntries(cols.map((c, i) => [c, (values[i] ?? '').normalize('NFC')]));
  });
}

const KIND_BY_TYPE: Record<string, string> = {
  Tỉnh: 'tỉnh',
  'Thành phố Trung ương': 'thành phố',
  'Thành phố': 'thành phố',
  Huyện: 'huyện',
  Quận: 'quận',
  'Thị xã': 'thị xã',
  Xã: 'xã',
  Phường: 'phường',
  'Thị trấn': 'thị trấn',
};
const LEVELS = ['CENTRAL', 'PROVINCE', 'DISTRICT', 'COMMUNE'] as const;

interface UnitSeed {
  id: number;
  code: string;
  name: string;
  kind: string;
  level: (typeof LEVELS)[number];
  parent_id: number | null;
  province_id: number | null;
  path: string;
  valid_from: string | null;
  valid_to: string | null;
}

/**
 * Loads the national root, the pre-2025 three-level tree and the post-2025 two-level tree with
 * validity dates and succession links. Idempotent: units already present (same code and
 * validity start) are kept, so a later `--all-units` run only adds what is missing.
 */
export async function seedAdminUnits(em: EntityManager, opts: { all: boolean }): Promise<{ inserted: number }> {
  const newProvinces = readCsv('provinces-2025.csv');
  const newCommunes = readCsv('communes-2025.csv');
  const oldUnits = readCsv('units-pre-2025.csv');

  const chosenNew = new Set(opts.all ? newProvinces.map((p) => p.code) : DEFAULT_NEW_PROVINCES);
  const chosenOld = new Set(newProvinces.filter((p) => chosenNew.has(p.code)).flatMap((p) => p.merged_from_codes.split(';')));

  const existing = await rows<{ id: number; code: string; validFrom: string | null; path: string; provinceId: number | null }>(
    em,
    `select id, code, valid_from as "validFrom", path::text as path, province_id as "provinceId" from admin_unit`,
  );
  const keyOf = (code: string, validFrom: string | null) => `${code}@${validFrom ?? ''}`;
  const byKey = new Map(existing.map((u) => [keyOf(u.code, u.validFrom), u]));
  let nextId = existing.reduce((m, u) => Math.max(m, u.id), 0) + 1;
  const toInsert: UnitSeed[] = [];

  const ensure = (
    u: Omit<UnitSeed, 'id' | 'path' | 'province_id'>,
    parent: { id: number; path: string; provinceId: number | null } | null,
  ) => {
    const found = byKey.get(keyOf(u.code, u.valid_from));
    if (found) return found;
    const id = nextId++;
    const unitPath = parent ? `${parent.path}.${id}` : String(id);
    const provinceId = u.level === 'PROVINCE' ? id : (parent?.provinceId ?? null);
    toInsert.push({ ...u, id, path: unitPath, province_id: provinceId });
    const ref = { id, code: u.code, validFrom: u.valid_from, path: unitPath, provinceId };
    byKey.set(keyOf(u.code, u.valid_from), ref);
    return ref;
  };

  const root = ensure(
    { code: 'VN', name: 'Việt Nam', kind: 'quốc gia', level: 'CENTRAL', parent_id: null, valid_from: null, valid_to: null },
    null,
  );

  // Pre-2025: province → district → commune, ending the day before the reform.
  const oldByCode = new Map<string, { id: number; path: string; provinceId: number | null }>();
  const provinceOf = (row: Record<string, string>): string => {
    if (row.level === '1') return row.code;
    const parent = oldIndex.get(row.parent_code)!;
    return provinceOf(parent);
  };
  const oldIndex = new Map(oldUnits.map((r) => [r.code, r]));
  for (const row of oldUnits) {
    if (!chosenOld.has(provinceOf(row))) continue;
    const level = LEVELS[Number(row.level)];
    const parent = row.level === '1' ? root : oldByCode.get(row.parent_code)!;
    const ref = ensure(
      {
        code: row.code,
        name: row.name,
        kind: KIND_BY_TYPE[row.kind] ?? row.kind.toLowerCase(),
        level,
        parent_id: parent.id,
        valid_from: null,
        valid_to: LAST_PRE_REFORM_DAY,
      },
      parent,
    );
    oldByCode.set(row.code, ref);
  }

  // Post-2025: province → commune from the reform day on.
  const newByCode = new Map<string, { id: number; path: string; provinceId: number | null }>();
  for (const row of newProvinces) {
    if (!chosenNew.has(row.code)) continue;
    newByCode.set(
      row.code,
      ensure(
        { code: row.code, name: row.name, kind: row.kind, level: 'PROVINCE', parent_id: root.id, valid_from: REFORM_DAY, valid_to: null },
        root,
      ),
    );
  }
  const newCommuneByCode = new Map<string, { id: number }>();
  for (const row of newCommunes) {
    const parent = newByCode.get(row.province_code);
    if (!parent) continue;
    newCommuneByCode.set(
      row.code,
      ensure(
        { code: row.code, name: row.name, kind: row.kind, level: 'COMMUNE', parent_id: parent.id, valid_from: REFORM_DAY, valid_to: null },
        parent,
      ),
    );
  }

  if (toInsert.length) {
    // One statement per chunk: the rows travel as JSON, not as thousands of parameters.
    for (let i = 0; i < toInsert.length; i += 5000) {
      await rows(
        em,
        `insert into admin_unit (id, code, name, kind, level, parent_id, province_id, path, valid_from, valid_to)
         select id, code, name, kind, level, parent_id, province_id, path::ltree, valid_from, valid_to
         from jsonb_to_recordset(?::jsonb) as x(id int, code text, name text, kind text, level text, parent_id int, province_id int, path text, valid_from date, valid_to date)
         order by path`,
        [JSON.stringify(toInsert.slice(i, i + 5000))],
      );
    }
    await rows(em, `select setval(pg_get_serial_sequence('admin_unit', 'id'), (select max(id) from admin_unit))`);
  }

  // Succession: old province → new province, old district → the new province that took over its
  // province, old commune → new communes (FULL or PARTIAL).
  const links: { p: number; s: number; k: 'FULL' | 'PARTIAL' }[] = [];
  for (const row of newProvinces) {
    const succ = newByCode.get(row.code);
    if (!succ) continue;
    for (const old of row.merged_from_codes.split(';')) {
      const pred = oldByCode.get(old);
      if (pred) links.push({ p: pred.id, s: succ.id, k: 'FULL' });
    }
  }
  const newProvinceOfOld = new Map(newProvinces.flatMap((p) => p.merged_from_codes.split(';').map((o) => [o, p.code] as const)));
  for (const row of oldUnits) {
    if (row.level !== '2') continue;
    const pred = oldByCode.get(row.code);
    const succ = newByCode.get(newProvinceOfOld.get(row.parent_code) ?? '');
    if (pred && succ) links.push({ p: pred.id, s: succ.id, k: 'FULL' });
  }
  for (const row of newCommunes) {
    const succ = newCommuneByCode.get(row.code);
    if (!succ) continue;
    for (const [codes, k] of [
      [row.merged_from_codes, 'FULL'],
      [row.partial_from_codes, 'PARTIAL'],
    ] as const) {
      for (const old of codes.split(';').filter(Boolean)) {
        const pred = oldByCode.get(old);
        if (pred) links.push({ p: pred.id, s: succ.id, k });
      }
    }
  }
  if (links.length) {
    const added = await rows<{ p: number; s: number }>(
      em,
      `insert into admin_unit_succession (predecessor_id, successor_id, kind)
       select p, s, k from jsonb_to_recordset(?::jsonb) as x(p int, s int, k text)
       on conflict do nothing
       returning predecessor_id as p, successor_id as s`,
      [JSON.stringify(links)],
    );
    // Successions recorded now, after plans were issued: what those units owe follows (docs/REPORTS.md, "Dissolution").
    if (added.length) await adjustObligationsForUnits(em, [...new Set(added.flatMap((l) => [l.p, l.s]))]);
  }
  return { inserted: toInsert.length };
}
