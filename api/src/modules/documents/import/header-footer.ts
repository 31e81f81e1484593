import type { PlanHeader, Signature } from '../../plans/plan-document.js';
import { isoDate } from './dates.js';
import type { SourceLine } from './paragraphs.js';

/**
 * The header (issuing body, "Số: …", place and date, kind line) and the footer ("Nơi nhận:",
 * recipients, signature block) of a plan, laid out per Decree 30/2020/NĐ-CP. Every line of
 * these zones lands in a field: nothing in them is dropped except the national motto.
 */

/** Document kinds that head a plan-like document. */
const KIND_LINE = /^(KẾ HOẠCH|CHƯƠNG TRÌNH|PHƯƠNG ÁN|ĐỀ ÁN|KẾ HOẠCH LIÊN TỊCH)$/u;
/** Quốc hiệu and Tiêu ngữ: fixed text every document prints; the exporter adds them again. */
const NATIONAL_MOTTO = [/^CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM$/iu, /^Độc lập\s*[-–]\s*Tự do\s*[-–]\s*Hạnh phúc$/iu];
const NUMBER_LINE = /^Số\s*:\s*(\d*)\/(\S+)(?:\s+(.*))?$/u;
const DATE_LINE = /^([^,]+),\s*ngày\b.*\bnăm\s+(\d{4})\s*$/u;
const FULL_DATE = /ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})/u;

/** Index of the kind line ("KẾ HOẠCH") among the first lines, or -1. */
export function findKindLine(lines: SourceLine[]): number {
  let seen = 0;
  for (let i = 0; i < lines.length && seen < 12; i++) {
    if (lines[i].text === '') continue;
    seen++;
    if (KIND_LINE.test(lines[i].text)) return i;
  }
  return -1;
}

function isNationalMotto(line: string): boolean {
  return NATIONAL_MOTTO.some((re) => re.test(line));
}

export interface HeaderParts {
  header: Omit<PlanHeader, 'documentKind' | 'title'>;
  warnings: string[];
}

/** Reads the lines above the kind line. Unrecognised lines are taken as the issuing body. */
export function parseHeaderLines(lines: string[]): HeaderParts {
  const warnings: string[] = [];
  const body: string[] = [];
  const header: HeaderParts['header'] = {
    issuingBody: null,
    number: null,
    symbol: null,
    place: null,
    dateLine: null,
    issuedDate: null,
  };
  for (const line of lines) {
    if (line === '' || isNationalMotto(line)) continue;
    const number = NUMBER_LINE.exec(line);
    if (number && header.symbol === null) {
      header.number = number[1] === '' ? null : number[1];
      header.symbol = number[2];
      // A table flattened to text puts "Số: …" and the date line on one line.
      if (number[3] && readDateLine(number[3], header)) continue;
      if (number[3]) body.push(number[3]);
      continue;
    }
    if (header.dateLine === null && readDateLine(line, header)) continue;
    body.push(line);
  }
  if (body.length > 0) header.issuingBody = body.join('\n');
  if (body.some((l) => l !== l.toUpperCase())) {
    warnings.push(`Header lines taken as the issuing body are not upper case: ${body.join(' / ')}`);
  }
  return { header, warnings };
}

function readDateLine(line: string, header: HeaderParts['header']): boolean {
  const m = DATE_LINE.exec(line);
  if (!m) return false;
  header.place = m[1].trim();
  header.dateLine = line;
  const full = FULL_DATE.exec(line);
  header.issuedDate = full ? isoDate(Number(full[1]), Number(full[2]), Number(full[3])) : null;
  return true;
}

/** The header lines as they print, for the text-preservation check. */
export function headerLines(h: PlanHeader): string[] {
  const out: string[] = [];
  if (h.issuingBody) out.push(...h.issuingBody.split('\n'));
  if (h.symbol !== null) out.push(`Số: ${h.number ?? ''}/${h.symbol}`);
  if (h.dateLine) out.push(h.dateLine);
  if (h.documentKind) out.push(h.documentKind);
  if (h.title) out.push(h.title);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Footer

const RECIPIENTS_LINE = /^Nơi nhận\s*:?$/iu;
/** TM. (on behalf of), KT. (signing for), Q. (acting), TL. / TUQ. (by order / by delegation). */
const AUTHORITY_LINE = /^(TM|KT|Q|TL|TUQ)\.\s+\S/u;
const RECIPIENT_MARKER = /^[-–+•]\s*/u;

/** Does the footer (recipients or signature block) start at this line? */
export function startsFooter(line: string): boolean {
  return RECIPIENTS_LINE.test(line) || AUTHORITY_LINE.test(line);
}

export interface FooterParts {
  recipients: string[];
  signature: Signature;
  hasRecipientsLine: boolean;
  warnings: string[];
}

const isUpper = (s: string) => /\p{Lu}/u.test(s) && s === s.toUpperCase();

/**
 * Recipients are the "- " lines after "Nơi nhận:" (a line without a marker continues the one
 * above); the signature block is the authority line (TM./KT.), upper-case title lines and the
 * signer's name. Either block may come first.
 */
export function parseFooterLines(lines: string[]): FooterParts {
  const recipients: string[] = [];
  const signature: Signature = { authority: null, title: null, signerName: null };
  const warnings: string[] = [];
  const names: string[] = [];
  let mode: 'recipients' | 'signature' = 'signature';
  let hasRecipientsLine = false;
  for (const line of lines) {
    if (line === '') continue;
    if (RECIPIENTS_LINE.test(line)) {
      mode = 'recipients';
      hasRecipientsLine = true;
      continue;
    }
    if (mode === 'recipients') {
      const marker = RECIPIENT_MARKER.exec(line);
      if (marker) {
        // "- " is the standard marker and is implied; any other marker is kept as written.
        recipients.push(marker[0].startsWith('-') ? line.slice(marker[0].length) : line);
        continue;
      }
      if (!AUTHORITY_LINE.test(line) && !isUpper(line) && recipients.length > 0) {
        recipients[recipients.length - 1] += ` ${line}`;
        continue;
      }
      mode = 'signature';
    }
    if (AUTHORITY_LINE.test(line) && signature.authority === null && names.length === 0) {
      signature.authority = line;
    } else if (isUpper(line) && names.length === 0) {
      signature.title = signature.title === null ? line : `${signature.title} ${line}`;
    } else {
      names.push(line);
    }
  }
  if (names.length > 0) signature.signerName = names.join(' ');
  // The model has no place after the signature: text there stays with the name, and is reported.
  if (names.length > 1) warnings.push(`Text after the signer's name is kept with it: "${names.slice(1).join(' ')}"`);
  else if (signature.signerName && /\d/.test(signature.signerName)) warnings.push(`Signer name looks unusual: "${signature.signerName}"`);
  return { recipients, signature, hasRecipientsLine, warnings };
}

/** The footer lines as they print, for the text-preservation check. */
export function footerLines(recipients: string[], signature: Signature): string[] {
  const out: string[] = [];
  if (recipients.length > 0) {
    out.push('Nơi nhận:');
    for (const r of recipients) out.push(RECIPIENT_MARKER.test(r) ? r : `- ${r}`);
  }
  for (const part of [signature.authority, signature.title, signature.signerName]) if (part) out.push(part);
  return out;
}
