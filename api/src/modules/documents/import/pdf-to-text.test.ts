import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../core/errors.js';
import type { PlanDocument } from '../../plans/plan-document.js';
import { renderPlanDocx } from '../export/plan-docx.js';
import { docxToPdf, findOfficeBinary } from '../export/plan-pdf.js';
import { documentText } from './document-text.js';
import { ImportPool } from './import-pool.js';
import { IMPORT_LIMITS } from './limits.js';
import { parsePlanText } from './parse-plan-text.js';
import { readPlanFile } from './read-plan-file.js';
import { docxWithTables, seedText } from './test-fixtures.js';

/**
 * PDFs with a text layer (issue 12): generated here from .docx files by LibreOffice, as the
 * document system makes them, and read back through the import pool's workers with their budgets.
 * Without soffice the conversion tests are skipped, and say so.
 */

const office = findOfficeBinary();
const SKIPPED = office ? '' : ' — SKIPPED: soffice is not on PATH (apt-get install libreoffice-writer-nogui)';
const words = (t: string) => t.normalize('NFC').match(/[\p{L}\p{M}\d]+/gu) ?? [];

/** The Lào Cai seed as issued, printed (.docx) and converted to PDF. */
function laoCaiIssued(): PlanDocument {
  const d = parsePlanText(seedText('laoCai')).document;
  return {
    ...d,
    header: {
      ...d.header,
      issuingBody: 'ỦY BAN NHÂN DÂN\nTỈNH LÀO CAI',
      number: '45',
      dateLine: 'Lào Cai, ngày 20 tháng 8 năm 2024',
      issuedDate: '2024-08-20',
    },
  };
}

let laoCaiPdf: Buffer;
let clerkPdf: Buffer;
let pool: ImportPool;

beforeAll(async () => {
  pool = new ImportPool({ size: 1, queue: 2, timeoutMs: 60_000, memoryMb: 256, idleMs: 1_000 });
  if (!office) return;
  laoCaiPdf = await docxToPdf(office, await renderPlanDocx(laoCaiIssued()));
  clerkPdf = await docxToPdf(
    office,
    await docxWithTables(
      [
        'KẾ HOẠCH',
        'Phòng, chống ma túy trên địa bàn huyện năm 2025',
        'Nhằm triển khai thực hiện có hiệu quả Kế hoạch số 125/KH-UBND ngày 20/8/2024 của Ủy ban nhân dân tỉnh Lào Cai về phòng, chống ma túy; Ủy ban nhân dân huyện ban hành Kế hoạch như sau:',
        'I. MỤC ĐÍCH, YÊU CẦU',
        '1. Nâng cao hiệu quả công tác phòng, chống ma túy trên địa bàn huyện.',
        'II. NHIỆM VỤ',
        '1. Công an huyện chủ trì, phối hợp với các xã triển khai thực hiện.',
        'Nơi nhận:',
        '- Như trên;',
        '- Lưu: VT.',
        'TM. ỦY BAN NHÂN DÂN',
        'CHỦ TỊCH',
        'Nguyễn Văn An',
      ],
      [
        ['ỦY BAN NHÂN DÂN', 'HUYỆN BÁT XÁT', 'Số: 40/KH-UBND'],
        ['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc', 'Bát Xát, ngày 2 tháng 12 năm 2024'],
      ],
    ),
  );
}, 240_000);
afterAll(async () => {
  await pool.close();
});

describe('PDF import', () => {
  it.skipIf(!office)(
    `reads a plan printed to PDF back to the same document: header, tree, tasks, targets, footer${SKIPPED}`,
    async () => {
      const want = laoCaiIssued();
      const { document: got, report } = await pool.read(laoCaiPdf, 'ke-hoach.pdf');
      expect(got.header).toEqual({ ...want.header, issuingBody: 'ỦY BAN NHÂN DÂN\nTỈNH LÀO CAI' });
      expect(got.nodes).toEqual(want.nodes);
      expect(got.targets).toEqual(want.targets);
      expect(got.legalBases).toEqual(want.legalBases);
      expect(got.recipients).toEqual(want.recipients);
      expect(got.signature).toEqual(want.signature);
      expect(words(documentText(got))).toEqual(words(documentText(want)));
      expect(report.warnings).toEqual([]);
    },
    120_000,
  );

  it.skipIf(!office)(`reads the two-column header table of a clerk's .docx made PDF like the .docx${SKIPPED}`, async () => {
    const { document: doc } = await readPlanFile(clerkPdf, 'plan.pdf');
    expect(doc.header).toMatchObject({
      issuingBody: 'ỦY BAN NHÂN DÂN\nHUYỆN BÁT XÁT',
      number: '40',
      symbol: 'KH-UBND',
      place: 'Bát Xát',
      issuedDate: '2024-12-02',
      title: 'Phòng, chống ma túy trên địa bàn huyện năm 2025',
    });
    expect(doc.legalBases.map((b) => b.number)).toEqual(['125/KH-UBND']);
    expect(doc.nodes.map((n) => n.label)).toEqual(['I.', '1.', 'II.', '1.']);
    expect(doc.signature).toEqual({ authority: 'TM. ỦY BAN NHÂN DÂN', title: 'CHỦ TỊCH', signerName: 'Nguyễn Văn An' });
  });

  it.skipIf(!office)(
    `reads PDFs in the import pool's workers, within their time budget${SKIPPED}`,
    async () => {
      const tight = new ImportPool({ size: 1, queue: 0, timeoutMs: 1, memoryMb: 256, idleMs: 1_000 });
      try {
        await expect(tight.read(laoCaiPdf, 'ke-hoach.pdf')).rejects.toMatchObject({
          extensions: { code: 'TOO_LARGE', reason: 'IMPORT_TIMEOUT' },
        });
      } finally {
        await tight.close();
      }
    },
    60_000,
  );

  it('says clearly that a scanned PDF has no text (BAD_USER_INPUT, PDF_NO_TEXT)', async () => {
    const refusal = await pool.read(scannedPdf(), 'scan.pdf').catch((e: AppError) => e);
    expect(refusal).toBeInstanceOf(AppError);
    expect((refusal as AppError).extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'PDF_NO_TEXT' });
    expect((refusal as AppError).message).toMatch(/no text layer/);
  }, 60_000);

  it('refuses more pages than maxPdfPages before reading any page', async () => {
    const refusal = await readPlanFile(scannedPdf(), 'scan.pdf', { ...IMPORT_LIMITS, maxPdfPages: 0 }).catch((e: AppError) => e);
    expect((refusal as AppError).extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'TOO_MANY_PAGES', limit: 0, count: 1 });
    expect(IMPORT_LIMITS.maxPdfPages).toBe(500);
  });

  it('refuses bytes that only claim to be a PDF (BAD_USER_INPUT, NOT_PDF)', async () => {
    const refusal = await readPlanFile(Buffer.from('%PDF-1.7 not really'), 'plan.pdf').catch((e: AppError) => e);
    expect((refusal as AppError).extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'NOT_PDF' });
  });
});

/** A one-page PDF whose page holds only a drawn rectangle, as a scanner's image would: no text. */
function scannedPdf(): Buffer {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << >> >>',
  ];
  const stream = '0.5 g 50 50 495 742 re f';
  objects.push(`<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`);
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(Buffer.byteLength(body, 'latin1'));
    body += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = Buffer.byteLength(body, 'latin1');
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}
