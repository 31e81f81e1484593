/**
 * The header corpus (tests/fixtures/headers): plan heads written for these tests, one for each
 * way real plans lay out their header, preamble and citations — a two-column table flattened with
 * "|" or a cell per line in any order, headers over 12 lines, rule lines, "CỘNG HOÀ", long-form
 * dates and dates without leading zeros, lead phrases beyond "Thực hiện / Căn cứ", a plan issued
 * by a decision, plans of a Ban Chỉ đạo and of Party committees, number forms and a plan citing
 * its own number. expected.json holds what each header says; where the importer cannot be sure,
 * the expected report names the warning code.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { PlanDocument } from '../../plans/plan-document.js';
import { documentText } from './document-text.js';
import { parsePlanText } from './parse-plan-text.js';

const DIR = new URL('../../../../../tests/fixtures/headers/', import.meta.url);

interface Expected {
  issuingBody: string | null;
  number: string | null;
  symbol: string | null;
  place: string | null;
  issuedDate: string | null;
  title: string;
  legalBases: { type: string; number: string | null; date: string | null; issuer: string | null }[];
  /** The citation that makes the parent plan: the first cited plan with a number and a date. */
  parent?: string;
  warnings: string[];
  /** Issued by a decision: the plan's kind line and title come before the decision's text. */
  decision?: boolean;
  /** Header lines that are no part of a header move to the preamble: words kept, not in order. */
  stray?: boolean;
}

const expected = JSON.parse(readFileSync(new URL('expected.json', DIR), 'utf8')) as Record<string, Expected>;
const files = readdirSync(DIR)
  .filter((f) => f.endsWith('.txt'))
  .sort();

/** Every fixture is a plan's head; this body and footer make it a whole plan. */
const BODY = [
  'I. MỤC ĐÍCH, YÊU CẦU',
  '1. Nâng cao hiệu quả công tác phòng, chống ma túy trên địa bàn.',
  'II. NHIỆM VỤ',
  '1. Công an tỉnh chủ trì, phối hợp với các sở, ngành triển khai thực hiện Kế hoạch này.',
  'Nơi nhận:',
  '- Như trên;',
  '- Lưu: VT.',
  'TM. ỦY BAN NHÂN DÂN',
  'CHỦ TỊCH',
  'Nguyễn Văn An',
].join('\n');

/** National name, motto and rules are layout the exporter prints again; they are no words of the plan. */
const RULE = /^[-_=*|\s]*$/u;
const MOTTO = /CỘNG H(?:ÒA|OÀ) XÃ HỘI CHỦ NGHĨA VIỆT NAM|ĐẢNG CỘNG SẢN VIỆT NAM|Độc lập\s*[-–—]\s*Tự do\s*[-–—]\s*Hạnh phúc/giu;

/** The words (letters and digits) of a text, in order, NFC. */
function words(text: string): string[] {
  return text.normalize('NFC').match(/[\p{L}\p{M}\d]+/gu) ?? [];
}

/** The source's words without the layout (a motto may be broken over two lines), as the document must hold them. */
function sourceWords(source: string): string[] {
  return words(
    source
      .split('\n')
      .filter((l) => !RULE.test(l))
      .join(' ')
      .replace(/\s+/g, ' ')
      .replace(MOTTO, ' '),
  );
}

const parentCitation = (doc: PlanDocument) => doc.legalBases.find((b) => b.type === 'PLAN' && b.number && b.date)?.number ?? null;

describe('header corpus', () => {
  it('has at least 30 variants, each with its expected header', () => {
    expect(files.length).toBeGreaterThanOrEqual(30);
    expect(Object.keys(expected).sort()).toEqual(files);
  });

  for (const file of files) {
    const source = `${readFileSync(new URL(file, DIR), 'utf8')}${BODY}\n`;
    const want = expected[file];

    describe(file, () => {
      const { document: doc, report } = parsePlanText(source);

      it('reads the header fields', () => {
        const { issuingBody, number, symbol, place, issuedDate, title } = doc.header;
        expect({ issuingBody, number, symbol, place, issuedDate, title }).toEqual({
          issuingBody: want.issuingBody,
          number: want.number,
          symbol: want.symbol,
          place: want.place,
          issuedDate: want.issuedDate,
          title: want.title,
        });
        expect(doc.header.documentKind).toBe('KẾ HOẠCH');
      });

      it('reads the legal bases and the cited parent', () => {
        expect(doc.legalBases.map(({ type, number, date, issuer }) => ({ type, number, date, issuer }))).toEqual(want.legalBases);
        expect(parentCitation(doc)).toBe(want.parent ?? null);
      });

      it('says where it is not sure, with a code; says nothing else', () => {
        expect(report.warnings.map((w) => w.code).sort()).toEqual([...want.warnings].sort());
      });

      it('never puts the motto, a date, a number or "|" in the issuing body', () => {
        for (const line of (doc.header.issuingBody ?? '').split('\n')) {
          expect(line).not.toMatch(/\||CỘNG H|Độc lập|ngày|Số|^[-_*]+$/iu);
          expect(line).toBe(line.toLocaleUpperCase('vi'));
        }
      });

      it('keeps every word of the source; from the kind line on, in order', () => {
        const got = words(documentText(doc));
        const source_ = sourceWords(source);
        // The header prints its fields in one order (issuing body, number, date) whatever the
        // source's; a line that is no part of a header moves to the preamble.
        expect([...got].sort()).toEqual([...source_].sort());
        if (want.stray) return;
        const head = words(`KẾ HOẠCH ${want.title}`);
        const kindAt = source_.findIndex((_, i) => head.every((w, j) => source_[i + j] === w));
        let tail = source_.slice(kindAt);
        if (want.decision) {
          // The plan's kind line and title lead; the decision's text opens the preamble.
          const decisionAt = source_.indexOf('QUYẾT');
          tail = [...head, ...source_.slice(decisionAt, kindAt), ...source_.slice(kindAt + head.length)];
        }
        expect(got.slice(got.indexOf('KẾ'))).toEqual(tail);
      });
    });
  }
});
