import type { AgencyRef } from '../../plans/plan-document.js';
import { guessSector } from '../../agencies/sectors.js';
import { searchKey } from '../../../core/text.js';
import { endOfWords, trimTrailing } from './text-normalise.js';

/**
 * Agencies as plans name them: "Công an tỉnh", "Sở Lao động, Thương binh và Xã hội",
 * "UBND các huyện, thị xã, thành phố", "các sở, ban, ngành, đoàn thể". Names are not looked up
 * in a registry here (the plan's unit does that later, through `agencyId`); this module finds
 * where a name starts and ends in running text, splits lists of names and guesses the sector.
 */

// Words that begin the name of a specific agency (case matters: "Ban Chỉ huy" is an agency,
// "ban, ngành" inside a generic group is not).
const PROPER_HEAD = [
  'Sở|Phòng|Ban|Bộ|Cục|Chi cục|Công an|Viện|Tòa án|Toà án|Trạm|Trung tâm',
  'Đài|Báo(?!\\s+cáo)|Hội|Tỉnh đoàn|Tỉnh Đoàn|Huyện đoàn|Thành đoàn|Đoàn|Ủy ban|Uỷ ban|UBND|UB',
  'Văn phòng|Mặt trận|Lực lượng|Biên phòng|Hải quan|Cơ quan|Thủ trưởng|Chủ tịch|Trang thông tin|Đảng ủy|Đảng uỷ|Kho bạc',
  'Thanh tra|Liên đoàn|Bảo hiểm xã hội|Ngân hàng|Cảnh sát|Đội|Tổng cục|Chính phủ|Thủ tướng',
].join('|');
// Nouns that make "các …" a group of agencies or units ("các sở, ban, ngành", "các huyện").
const GROUP_NOUN = [
  'sở|ban|ngành|phòng|cơ quan|đơn vị|tổ chức|đoàn thể|hội|lực lượng|địa phương|huyện',
  'xã|phường|tổ dân phố|thôn|cơ sở|trường|doanh nghiệp|bộ|Sở|Phòng|Ban',
].join('|');
// Alternatives separated by "|"; an entry may carry a lookahead ('Báo(?!\\s+cáo)': the
// newspaper, not a report).
const alt = (words: string) => words.replace(/ /g, '\\s+');
const NOT_LETTER = '(?![\\p{L}\\d])';
/** Does the text begin with an agency name (or a group of agencies)? */
export const AGENCY_START = new RegExp(
  `^(?:(?:${alt(PROPER_HEAD)})${NOT_LETTER}|[Cc]ác\\s+(?:${alt(GROUP_NOUN)})${NOT_LETTER}|lực\\s+lượng\\s|hội\\s+đoàn\\s+thể)`,
  'u',
);

/** Verbs that end the subject of a clause: "Công an tỉnh | chủ trì, phối hợp …" ("tổ chức" below). */
const VERBS = [
  'chủ trì|phối hợp|chủ động|chỉ đạo|thực hiện|tham mưu|triển khai|tập trung|có trách nhiệm|chịu trách nhiệm|hướng dẫn',
  'theo dõi|phải|căn cứ|nêu cao|quan tâm|tăng cường|xây dựng|đẩy mạnh|phát huy|kiểm tra|đôn đốc|giúp',
  'rà soát|bố trí|huy động|đề xuất|duy trì|lập|ban hành|tiếp tục|khẩn trương|đảm bảo|bảo đảm|nghiên cứu',
  'thường xuyên|hằng năm|hàng năm|định kỳ|để|nhằm|đa dạng hóa|đa dạng hoá|đẩy nhanh|xử lý|phát hiện|trao đổi',
  'hỗ trợ|cung cấp|vận động|thẩm định',
].join('|');
// A verb only ends the subject when it is not part of a name ("các tổ chức chính trị",
// "Ban Chỉ đạo", "Ban Tổ chức"); "tổ chức" after a comma is an item of a list ("các đoàn thể,
// tổ chức chính trị - xã hội").
const VERB = new RegExp(`(?<![\\p{L}])(?<!(?:các|những|và|ban)\\s)(?:(?<!,\\s)tổ\\s+chức|${alt(VERBS)})${NOT_LETTER}`, 'iu');

/** Unit words that end the name of a local agency ("Công an phường", "UBND tỉnh"). */
const LEVEL_WORD = '(?:tỉnh|huyện|xã|phường|thị trấn|thị xã|thành phố)';
// Where a list of agencies splits: a comma, a semicolon or "và" before a new agency name, or a
// missing comma after a complete local name ("Công an phường các đơn vị có liên quan").
const SEPARATOR = new RegExp(`\\s*[,;]\\s+|(?<!HĐND)\\s+và\\s+(?:đề nghị\\s+)?|(?<=${LEVEL_WORD})\\s+(?=các\\s)`, 'gu');

/** Splits "Sở A, Đài B và các đơn vị liên quan" into names; commas inside a name stay. */
export function splitAgencies(list: string): string[] {
  const names: string[] = [];
  let start = 0;
  for (const m of list.matchAll(SEPARATOR)) {
    const after = list.slice(m.index + m[0].length);
    if (!AGENCY_START.test(after)) continue;
    names.push(list.slice(start, m.index));
    start = m.index + m[0].length;
  }
  names.push(list.slice(start));
  // "Phòng nghiệp vụ, Đoàn, Trạm thuộc Bộ chỉ huy Bộ đội Biên phòng tỉnh": units of one agency
  // named together (none of them is a complete local name on its own).
  const complete = new RegExp(`(?:thuộc|${LEVEL_WORD})[\\s,;]*$`, 'u');
  if (names.length > 1 && / thuộc /u.test(names.at(-1)!) && !names.slice(0, -1).some((n) => complete.test(n))) {
    return [cleanName(list)];
  }
  return names.map(cleanName).filter((n) => n !== '');
}

function cleanName(name: string): string {
  return trimTrailing(name.replace(/^(?:Đề nghị|đề nghị)\s+/u, ''), /[\s.…:;,]/u).trim();
}

export interface Subject {
  /** The agencies of the subject. */
  names: string[];
  /** What follows the subject: "chủ trì", "phối hợp", ":" or another verb; null at text end. */
  verb: string | null;
  /** Text after the verb. */
  rest: string;
}

/**
 * The agencies a clause begins with, up to its verb or colon: "Công an tỉnh chủ trì, …",
 * "Sở Văn hóa và Thể thao: Triển khai …", "Đề nghị Tỉnh đoàn, Hội Nông dân tỉnh…: …",
 * "Giao Công an xã có trách nhiệm …". With `whole`, the text must be nothing but agencies
 * (a heading like "1. Công an tỉnh").
 */
export function readSubject(text: string, opts: { whole?: boolean; maxWords?: number } = {}): Subject | null {
  const body = text.replace(/^(?:Đề nghị|Giao|Yêu cầu)\s+/u, '');
  if (!AGENCY_START.test(body)) return null;
  const maxWords = opts.maxWords ?? (opts.whole ? 40 : 25);
  // The subject is at most maxWords words: its end is looked for in that many words (and a few
  // more, so that a verb of several words on the edge is still seen), not in the whole text —
  // callers ask at many places of one paragraph. No end there means a subject too long.
  const head = body.slice(0, endOfWords(body, 0, maxWords + 5));
  const colon = head.indexOf(':');
  const verb = VERB.exec(head);
  // A number ends a name too ("Các huyện, thị xã, thành phố 160 vụ, cụ thể: …").
  const digit = head.search(/\s\d/u);
  if (colon < 0 && !verb && digit < 0 && head.length < body.length) return null;
  let end = body.length;
  let verbText: string | null = null;
  if (colon >= 0 && (!verb || colon < verb.index) && (digit < 0 || colon < digit)) {
    end = colon;
    verbText = ':';
  } else if (verb && (digit < 0 || verb.index < digit)) {
    end = verb.index;
    verbText = verb[0].toLowerCase();
  } else if (digit >= 0) {
    end = digit;
    verbText = 'number';
  }
  const subject = body.slice(0, end).trim();
  if (opts.whole && verbText !== null && !(verbText === ':' && body.slice(end + 1).trim() === '')) return null;
  if (subject.split(/\s+/).length > maxWords) return null;
  const names = splitAgencies(subject);
  if (names.length === 0) return null;
  return { names, verb: verbText, rest: body.slice(end + (verbText?.length ?? 0)).trim() };
}

/** Reads a list of agencies up to the next verb ("… phối hợp với A và B | tham mưu …"). */
export function readAgencyList(text: string): string[] {
  const colon = text.search(/[:(]/);
  const verb = VERB.exec(text);
  const ends = [colon, verb?.index ?? -1, text.length].filter((i) => i >= 0);
  const list = text.slice(0, Math.min(...ends)).trim();
  if (!AGENCY_START.test(list) || list.split(/\s+/).length > 60) return [];
  return splitAgencies(list);
}

export { guessSector };

const SUBORDINATE =
  /^(?:(?:chu tich |thu truong )?(?:ubnd|uy ban nhan dan) )?(cac |cap )?(huyen|xa|phuong|thi xa|thanh pho|thi tran|quan)(?![a-z])(.*)$/;
const UNIT_LIST = /^\s*(?:,|va)\s*(?:cac |cap )?(?:huyen|xa|phuong|thi xa|thanh pho|thi tran|quan)(?![a-z])/;

/**
 * "UBND các huyện, thị xã, thành phố", "UBND cấp xã", "UBND huyện, thành phố, thị xã",
 * "Các huyện, thị xã, thành phố": every child unit's committee. "UBND xã" alone is the
 * plan's own committee, and "UBND huyện Bảo Thắng" is one named unit.
 */
export function namesSubordinateCommittees(name: string): boolean {
  const m = SUBORDINATE.exec(searchKey(name));
  if (!m) return false;
  if (m[1]) return true;
  return UNIT_LIST.test(m[3]);
}

/** A generic group ("các sở, ban, ngành", "Thủ trưởng các đơn vị", "hội đoàn thể phường") names no single agency. */
export function isGenericGroup(name: string): boolean {
  return /^(?:các|những|thủ trưởng|lực lượng|hội đoàn thể)\s/u.test(name.toLowerCase());
}

// A plan names the same few agencies thousands of times: their sector is guessed once.
const REFS = new Map<string, AgencyRef>();

export function agencyRef(name: string): AgencyRef {
  let ref = REFS.get(name);
  if (!ref) {
    ref = { name, sector: guessSector(name) };
    if (namesSubordinateCommittees(name)) {
      ref.subordinateCommittees = true;
      ref.sector = 'PEOPLES_COMMITTEE';
    }
    if (REFS.size >= 10_000) REFS.clear();
    REFS.set(name, ref);
  }
  return { ...ref };
}
