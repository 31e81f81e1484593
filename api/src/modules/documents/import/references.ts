import type { DocumentReference, DocumentType } from '../../plans/plan-document.js';
import { DATE_PATTERN, isoDate } from './dates.js';
import { clauses } from './phases.js';
import { trimTrailing } from './text-normalise.js';

/**
 * Legal bases cited by a preamble: "Thực hiện Chỉ thị số 36-CT/TW ngày 16/8/2019 của Bộ Chính
 * trị về …; Quyết định số 1425/QĐ-TTg ngày 31/8/2021 của Thủ tướng Chính phủ về …". Only the
 * documents the plan itself implements are bases: a citation inside the subject of another
 * ("Kế hoạch số 45/KH-UBND … về triển khai thực hiện Nghị quyết số 93/NQ-CP …") is part of that
 * basis's title, not a basis of its own.
 */

const TYPES: [RegExp, DocumentType][] = [
  [/^Chỉ thị/iu, 'DIRECTIVE'],
  [/^Nghị quyết/iu, 'RESOLUTION'],
  [/^Kết luận/iu, 'CONCLUSION'],
  [/^Quyết định/iu, 'DECISION'],
  [/^Kế hoạch/iu, 'PLAN'],
  [/^(?:Công văn|Văn bản)/iu, 'OFFICIAL_LETTER'],
  [/^Công điện/iu, 'URGENT_DISPATCH'],
  [/^Phương án/iu, 'OPERATIONAL_PLAN'],
  [/^Nghị định/iu, 'DECREE'],
  [/^(?:Bộ luật|Luật)/iu, 'LAW'],
  [/^Thông tư/iu, 'CIRCULAR'],
  [/^Đề án/iu, 'PROJECT'],
  [/^Chương trình/iu, 'PROGRAM'],
];
const TYPE_WORDS =
  'Chỉ thị|Nghị quyết|Kết luận|Quyết định|Kế hoạch|Công văn|Văn bản|Công điện|Phương án|Nghị định|Bộ luật|Luật|Thông tư|Đề án|Chương trình|Hướng dẫn|Thông báo|Quy chế|Quy định';
/**
 * State form "45/KH-UBND", "03/2019/NĐ-CP", Party form "36-CT/TW", or a bare "36". Each separator
 * can be read one way only: with "-" allowed both to open a part and inside one, a failing
 * "số 1-a-a-a…-a!" was retried in every split (exponential: 22 parts took 1.3 s).
 */
const NUMBER = String.raw`\d+(?:[/-][\p{L}\d]+(?:[/&-][\p{L}\d]+)*)?`;
/**
 * Lead phrases of a preamble clause ("Thực hiện", "Căn cứ", "Nhằm triển khai", "Trên cơ sở",
 * "Để triển khai", "Triển khai" …), with up to 8 lower-case words before the cited type
 * ("Nhằm triển khai thực hiện có hiệu quả Chỉ thị số …"). The words are tried fewest first, so
 * the first type word of the clause is the citation.
 */
const LEAD = String.raw`((?:Thực hiện|Căn cứ|Theo|Triển khai|Thi hành|Quán triệt|Tiếp tục|Nhằm|Để|Trên cơ sở)(?:\s+[\p{Ll}]+){0,8}?\s+)?`;
/** "16/8/2019", "16-8-2019" or the long form "27 tháng 6 năm 2011" (day and month with or without a leading zero). */
const CITED_DATE = String.raw`${DATE_PATTERN}|(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})`;
// "[lead] <Type> [up to 3 qualifier words] số <number> [,] [ngày <date>] [của <issuer>] [<title>]"
const CITATION = new RegExp(
  `^${LEAD}((?:${TYPE_WORDS})(?:\\s+[\\p{L}]+){0,3}?)\\s+số\\s+(${NUMBER})` +
    `(?:\\s*,?\\s*ngày\\s+(${CITED_DATE}))?(?:\\s+của\\s+(.+?))?(?=\\s*$|\\s+(?:về|ban hành|phê duyệt|hướng dẫn|quy định|triển khai)(?![\\p{L}])|\\s*[“"(])`,
  'iu',
);
/** A law cited by name and date, without a number: "Căn cứ Luật Phòng, chống ma túy ngày 30 tháng 3 năm 2021". */
const LAW = new RegExp(`^${LEAD}((?:Bộ luật|Luật)\\s+([^;]{1,200}?))\\s*,?\\s+ngày\\s+(${CITED_DATE})\\s*$`, 'iu');
// A second citation joined by "và" or "," in the same clause.
const JOINED = new RegExp(`(?:\\s+và\\s+|,\\s+)(?=(?:${TYPE_WORDS})(?:\\s+[\\p{L}]+){0,3}?\\s+số\\s+\\d)`, 'u');

export function documentType(typeWords: string): DocumentType {
  for (const [re, type] of TYPES) if (re.test(typeWords)) return type;
  return 'OTHER';
}

/** Reads one citation at the start of `text`; null when the text does not start with one. */
export function readCitation(text: string): DocumentReference | null {
  const body = text.trim();
  const m = CITATION.exec(body);
  if (!m) return readLaw(body);
  const [, lead, typeWords, number, , d, mo, y, d2, mo2, y2, issuer] = m;
  const afterIssuer = body.slice(m[0].length).trim();
  return {
    type: documentType(typeWords),
    number,
    date: citedDate(d ?? d2, mo ?? mo2, y ?? y2),
    issuer: issuer ? trimTrailing(issuer, /[\s,]/).trim() : null,
    title: readTitle(afterIssuer),
    text: trimTrailing(body.slice((lead ?? '').length), /[\s.;]/),
  };
}

function readLaw(body: string): DocumentReference | null {
  const m = LAW.exec(trimTrailing(body, /[\s.;]/));
  if (!m) return null;
  const [, lead, , name, , d, mo, y, d2, mo2, y2] = m;
  return {
    type: 'LAW',
    number: null,
    date: citedDate(d ?? d2, mo ?? mo2, y ?? y2),
    issuer: null,
    title: name.trim(),
    text: trimTrailing(body.slice((lead ?? '').length), /[\s.;]/),
  };
}

const citedDate = (d?: string, mo?: string, y?: string) => (d && mo && y ? isoDate(Number(d), Number(mo), Number(y)) : null);

/**
 * A cited number as it identifies a document: its number without leading zeros ("01/KH-UBND" and
 * "1/KH-UBND" are one plan) and its symbol in upper case ("125-KH/TU": number 125, symbol KH/TU).
 */
export function citedNumber(cited: string): { number: string; symbol: string } | null {
  const m = /^(\d+)[/-](.+)$/u.exec(cited.trim());
  if (!m) return null;
  return { number: m[1].replace(/^0+(?=\d)/, ''), symbol: m[2].toLocaleUpperCase('vi') };
}

/** The subject as written; quotes are dropped only when they enclose all of it. */
function readTitle(text: string): string | null {
  let title = trimTrailing(text, /[\s.;:]/);
  if (/^[“"][^“”"]*[”"]$/u.test(title)) title = title.slice(1, -1);
  return title === '' ? null : title;
}

/** Every basis the preamble cites, in order. */
export function legalBases(preamble: string): DocumentReference[] {
  const out: DocumentReference[] = [];
  for (const clause of clauses(preamble)) {
    for (const part of clause.split(JOINED)) {
      const ref = readCitation(part);
      if (ref) out.push(ref);
    }
  }
  return out;
}
