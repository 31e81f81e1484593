import { searchKey } from '../../core/text.js';

/**
 * The shared sector catalogue (docs/DESIGN.md §2). The sector maps an agency to its counterpart one level
 * down (Công an tỉnh → Công an xã). `keywords` are accent-free name fragments used to guess the
 * sector of an agency named in a document; the first catalogue entry whose keyword matches wins.
 */
export interface SectorDef {
  code: string;
  vi: string;
  en: string;
  keywords: string[];
}

export const SECTORS: SectorDef[] = [
  { code: 'PEOPLES_COMMITTEE', vi: 'Ủy ban nhân dân', en: "People's Committee", keywords: ['uy ban nhan dan', 'ubnd'] },
  { code: 'POLICE', vi: 'Công an', en: 'Police', keywords: ['cong an', 'canh sat'] },
  { code: 'MILITARY', vi: 'Quân sự', en: 'Military command', keywords: ['chi huy quan su', 'bchqs', 'quan su'] },
  { code: 'BORDER_GUARD', vi: 'Bộ đội Biên phòng', en: 'Border guard', keywords: ['bien phong'] },
  { code: 'CUSTOMS', vi: 'Hải quan', en: 'Customs', keywords: ['hai quan'] },
  { code: 'HEALTH', vi: 'Y tế', en: 'Health', keywords: ['y te'] },
  { code: 'EDUCATION', vi: 'Giáo dục và Đào tạo', en: 'Education', keywords: ['giao duc', 'truong hoc'] },
  { code: 'CULTURE', vi: 'Văn hóa, Thể thao và Du lịch', en: 'Culture, sports and tourism', keywords: ['van hoa'] },
  {
    code: 'INFORMATION',
    vi: 'Thông tin và Truyền thông',
    en: 'Information and communications',
    keywords: ['thong tin va truyen thong', 'truyen thong'],
  },
  { code: 'LABOUR_SOCIAL', vi: 'Lao động, Thương binh và Xã hội', en: 'Labour, invalids and social affairs', keywords: ['lao dong'] },
  { code: 'JUSTICE', vi: 'Tư pháp', en: 'Justice', keywords: ['tu phap'] },
  { code: 'PROCURACY', vi: 'Viện Kiểm sát nhân dân', en: "People's Procuracy", keywords: ['kiem sat'] },
  { code: 'COURT', vi: 'Tòa án nhân dân', en: "People's Court", keywords: ['toa an'] },
  { code: 'FINANCE', vi: 'Tài chính', en: 'Finance', keywords: ['tai chinh'] },
  { code: 'HOME_AFFAIRS', vi: 'Nội vụ', en: 'Home affairs', keywords: ['noi vu'] },
  { code: 'INDUSTRY_TRADE', vi: 'Công Thương', en: 'Industry and trade', keywords: ['cong thuong'] },
  { code: 'AGRICULTURE', vi: 'Nông nghiệp và Môi trường', en: 'Agriculture and environment', keywords: ['nong nghiep'] },
  { code: 'MARKET_SURVEILLANCE', vi: 'Quản lý thị trường', en: 'Market surveillance', keywords: ['quan ly thi truong'] },
  { code: 'FATHERLAND_FRONT', vi: 'Ủy ban Mặt trận Tổ quốc Việt Nam', en: 'Fatherland Front', keywords: ['mat tran', 'mttq'] },
  { code: 'YOUTH_UNION', vi: 'Đoàn Thanh niên', en: 'Youth Union', keywords: ['doan thanh nien', 'tinh doan', 'doan tncs'] },
  { code: 'WOMEN_UNION', vi: 'Hội Liên hiệp Phụ nữ', en: "Women's Union", keywords: ['phu nu'] },
  { code: 'VETERANS', vi: 'Hội Cựu chiến binh', en: 'Veterans Association', keywords: ['cuu chien binh'] },
  { code: 'FARMERS', vi: 'Hội Nông dân', en: "Farmers' Association", keywords: ['hoi nong dan'] },
  { code: 'ELDERLY', vi: 'Hội Người cao tuổi', en: 'Elderly Association', keywords: ['nguoi cao tuoi'] },
  { code: 'MEDIA', vi: 'Báo, Đài Phát thanh - Truyền hình', en: 'Press and broadcasting', keywords: ['phat thanh', 'truyen hinh', 'bao '] },
  {
    code: 'ECONOMY_INFRA',
    vi: 'Kinh tế, Hạ tầng và Đô thị',
    en: 'Economy, infrastructure and urban affairs',
    keywords: ['kinh te', 'ha tang'],
  },
  {
    code: 'CULTURE_SOCIAL',
    vi: 'Văn hóa - Xã hội',
    en: 'Culture and social affairs (commune)',
    keywords: ['van hoa - xa hoi', 'van hoa xa hoi'],
  },
  { code: 'OFFICE', vi: 'Văn phòng', en: 'Office', keywords: ['van phong'] },
  { code: 'OTHER', vi: 'Khác', en: 'Other', keywords: [] },
];

export const SECTOR_CODES = SECTORS.map((s) => s.code);
export const isSector = (code: string) => SECTOR_CODES.includes(code);

// Longest keyword first, whole words only; a keyword written with a trailing space ("bao ") is a
// head word: it only matches the name's first word ("Báo Lào Cai", never "bảo vệ").
const KEYWORDS = SECTORS.flatMap((s) => s.keywords.map((k) => ({ code: s.code, key: k.trim(), headOnly: k.endsWith(' ') }))).sort(
  (a, b) => b.key.length - a.key.length,
);

/** Guesses the sector of an agency from its name ("Văn phòng UBND tỉnh" is OFFICE, "Sở Y tế" HEALTH). */
export function guessSector(name: string): string | null {
  const key = ` ${searchKey(name)
    .replace(/[^a-z0-9 -]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()} `;
  for (const { code, key: kw, headOnly } of KEYWORDS) {
    if (headOnly ? key.startsWith(` ${kw} `) : key.includes(` ${kw} `)) return code;
  }
  return null;
}
