import crypto from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { one, rows } from '../core/sql.js';
import { hashPassword } from '../modules/auth/passwords.js';
import { REFORM_DAY } from './admin-units.seed.js';

/** The one password of every demo account (printed by `npm start`, listed in the README). */
export const DEMO_PASSWORD = 'KeHoach@2026';

/** Units that carry demo accounts and agencies: the chains of the four seed plans. */
export const DEMO_UNITS = [
  { key: 'quocgia', code: 'VN', validFrom: null },
  { key: 'laocai', code: '10', validFrom: null }, // Tỉnh Lào Cai (before 2025): Lào Cai seed plan
  { key: 'tplaocai', code: '080', validFrom: null }, // Thành phố Lào Cai
  { key: 'phuonglaocai', code: '02641', validFrom: null }, // Phường Lào Cai
  { key: 'batxat', code: '082', validFrom: null }, // Huyện Bát Xát: a sibling district
  { key: 'bacgiang', code: '24', validFrom: null }, // Tỉnh Bắc Giang: Bắc Giang seed plan
  { key: 'hungyen', code: '33', validFrom: null }, // Tỉnh Hưng Yên (before 2025)
  { key: 'myhao', code: '328', validFrom: null }, // Thị xã Mỹ Hào
  { key: 'duongquang', code: '12112', validFrom: null }, // Xã Dương Quang: commune seed plan
  { key: 'gialai', code: '52', validFrom: REFORM_DAY }, // Tỉnh Gia Lai (from 2025)
  { key: 'pleiku', code: '23575', validFrom: REFORM_DAY }, // Phường Pleiku: ward seed plan
] as const;
export type DemoUnitKey = (typeof DEMO_UNITS)[number]['key'];

const ROLES = ['admin', 'editor', 'approver', 'viewer'] as const;

/** Agencies by level, with {x} standing for the unit's short name. Taken from the seed plans. */
export const AGENCY_TEMPLATES: Record<string, [string, string][]> = {
  CENTRAL: [
    ['Bộ Công an', 'POLICE'],
    ['Bộ Y tế', 'HEALTH'],
    ['Bộ Giáo dục và Đào tạo', 'EDUCATION'],
    ['Văn phòng Chính phủ', 'OFFICE'],
  ],
  PROVINCE: [
    ['Công an tỉnh', 'POLICE'],
    ['Bộ Chỉ huy Quân sự tỉnh', 'MILITARY'],
    ['Bộ Chỉ huy Bộ đội Biên phòng tỉnh', 'BORDER_GUARD'],
    ['Cục Hải quan tỉnh', 'CUSTOMS'],
    ['Sở Y tế', 'HEALTH'],
    ['Sở Giáo dục và Đào tạo', 'EDUCATION'],
    ['Sở Văn hóa và Thể thao', 'CULTURE'],
    ['Sở Thông tin và Truyền thông', 'INFORMATION'],
    ['Sở Lao động, Thương binh và Xã hội', 'LABOUR_SOCIAL'],
    ['Sở Tư pháp', 'JUSTICE'],
    ['Sở Tài chính', 'FINANCE'],
    ['Sở Nội vụ', 'HOME_AFFAIRS'],
    ['Sở Công Thương', 'INDUSTRY_TRADE'],
    ['Sở Nông nghiệp và Phát triển nông thôn', 'AGRICULTURE'],
    ['Cục Quản lý thị trường tỉnh', 'MARKET_SURVEILLANCE'],
    ['Viện Kiểm sát nhân dân tỉnh', 'PROCURACY'],
    ['Tòa án nhân dân tỉnh', 'COURT'],
    ['Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh', 'FATHERLAND_FRONT'],
    ['Tỉnh đoàn', 'YOUTH_UNION'],
    ['Hội Liên hiệp Phụ nữ tỉnh', 'WOMEN_UNION'],
    ['Hội Cựu chiến binh tỉnh', 'VETERANS'],
    ['Hội Nông dân tỉnh', 'FARMERS'],
    ['Đài Phát thanh và Truyền hình tỉnh', 'MEDIA'],
    ['Văn phòng Ủy ban nhân dân tỉnh', 'OFFICE'],
  ],
  DISTRICT: [
    ['Công an {x}', 'POLICE'],
    ['Ban Chỉ huy Quân sự {x}', 'MILITARY'],
    ['Phòng Y tế', 'HEALTH'],
    ['Trung tâm Y tế {x}', 'HEALTH'],
    ['Phòng Giáo dục và Đào tạo', 'EDUCATION'],
    ['Phòng Văn hóa và Thông tin', 'CULTURE'],
    ['Phòng Lao động - Thương binh và Xã hội', 'LABOUR_SOCIAL'],
    ['Phòng Tư pháp', 'JUSTICE'],
    ['Phòng Tài chính - Kế hoạch', 'FINANCE'],
    ['Phòng Nội vụ', 'HOME_AFFAIRS'],
    ['Viện Kiểm sát nhân dân {x}', 'PROCURACY'],
    ['Tòa án nhân dân {x}', 'COURT'],
    ['Ủy ban Mặt trận Tổ quốc Việt Nam {x}', 'FATHERLAND_FRONT'],
    ['Đoàn Thanh niên {x}', 'YOUTH_UNION'],
    ['Hội Liên hiệp Phụ nữ {x}', 'WOMEN_UNION'],
    ['Văn phòng HĐND và UBND {x}', 'OFFICE'],
  ],
  COMMUNE: [
    ['Công an {x}', 'POLICE'],
    ['Ban Chỉ huy Quân sự {x}', 'MILITARY'],
    ['Trạm Y tế {x}', 'HEALTH'],
    ['Ủy ban Mặt trận Tổ quốc Việt Nam {x}', 'FATHERLAND_FRONT'],
    ['Đoàn Thanh niên {x}', 'YOUTH_UNION'],
    ['Hội Liên hiệp Phụ nữ {x}', 'WOMEN_UNION'],
    ['Hội Cựu chiến binh {x}', 'VETERANS'],
    ['Hội Nông dân {x}', 'FARMERS'],
    ['Công chức Văn hóa - Xã hội', 'CULTURE_SOCIAL'],
    ['Văn phòng HĐND và UBND {x}', 'OFFICE'],
  ],
  COMMUNE_2025: [
    ['Công an {x}', 'POLICE'],
    ['Ban Chỉ huy Quân sự {x}', 'MILITARY'],
    ['Trạm Y tế {x}', 'HEALTH'],
    ['Phòng Văn hóa - Xã hội', 'CULTURE_SOCIAL'],
    ['Phòng Kinh tế, Hạ tầng và Đô thị', 'ECONOMY_INFRA'],
    ['Ủy ban Mặt trận Tổ quốc Việt Nam {x}', 'FATHERLAND_FRONT'],
    ['Đoàn Thanh niên {x}', 'YOUTH_UNION'],
    ['Hội Liên hiệp Phụ nữ {x}', 'WOMEN_UNION'],
    ['Hội Cựu chiến binh {x}', 'VETERANS'],
    ['Văn phòng HĐND và UBND {x}', 'OFFICE'],
  ],
};

/** "Thành phố Lào Cai" → "thành phố Lào Cai", as the unit is named inside an agency name. */
function inlineName(name: string): string {
  return name.replace(/^(Huyện|Quận|Thị xã|Thành phố|Xã|Phường|Thị trấn|Đặc khu)/, (m) => m.toLowerCase());
}

/** The demo accounts' names, as officials name the roles (issue 14: they were English). */
const ROLE_NAMES: Record<(typeof ROLES)[number], string> = {
  admin: 'Quản trị viên',
  editor: 'Cán bộ soạn thảo',
  approver: 'Lãnh đạo phê duyệt',
  viewer: 'Người xem',
};

export interface DemoAccount {
  username: string;
  role: string;
  unitName: string;
}

/** Demo agencies and accounts for the seed chains. Idempotent. */
export async function seedDemo(em: EntityManager): Promise<{ accounts: DemoAccount[]; createdAccounts: number }> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const accounts: DemoAccount[] = [];
  let createdAccounts = 0;
  for (const d of DEMO_UNITS) {
    const unit = await one<{ id: number; name: string; level: string; provinceId: number | null; validFrom: string | null }>(
      em,
      `select id, name, level, province_id as "provinceId", valid_from as "validFrom" from admin_unit
       where code = ? and coalesce(valid_from, '-infinity'::date) = coalesce(?::date, '-infinity'::date)`,
      [d.code, d.validFrom],
    );
    if (!unit) continue; // a unit list without this province
    const template = unit.level === 'COMMUNE' && unit.validFrom ? 'COMMUNE_2025' : unit.level;
    const x = inlineName(unit.name);
    const agencies = AGENCY_TEMPLATES[template].map(([name, sector]) => ({
      id: crypto.randomUUID(),
      name: name.replace('{x}', x),
      sector,
    }));
    await rows(
      em,
      `insert into agency (id, unit_id, province_id, name, sector)
       select id::uuid, ?, ?, name, sector from jsonb_to_recordset(?::jsonb) as x(id text, name text, sector text)
       on conflict do nothing`,
      [unit.id, unit.provinceId, JSON.stringify(agencies)],
    );
    for (const role of ROLES) {
      const username = `${d.key}.${role}`;
      const inserted = await rows(
        em,
        `insert into app_user (id, unit_id, province_id, username, display_name, password_hash, role)
         values (?, ?, ?, ?, ?, ?, ?) on conflict do nothing returning id`,
        [crypto.randomUUID(), unit.id, unit.provinceId, username, `${ROLE_NAMES[role]} — ${unit.name}`, passwordHash, role.toUpperCase()],
      );
      createdAccounts += inserted.length;
      // Databases seeded before the names were Vietnamese: the untouched English default is renamed.
      await rows(em, `update app_user set display_name = ? where username = ? and display_name = ?`, [
        `${ROLE_NAMES[role]} — ${unit.name}`,
        username,
        `${role[0].toUpperCase()}${role.slice(1)} — ${unit.name}`,
      ]);
      accounts.push({ username, role: role.toUpperCase(), unitName: unit.name });
    }
  }
  return { accounts, createdAccounts };
}
