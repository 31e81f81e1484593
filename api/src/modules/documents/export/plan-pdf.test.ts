import { mkdtempSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parsePlanText } from '../import/parse-plan-text.js';
import { seedText } from '../import/test-fixtures.js';
import { PdfCache, PdfPool, pdfPoolOptions } from './plan-pdf.js';

/** The conversion pool and the cache of issued plans' PDFs, without LibreOffice (the API tests convert for real). */

const tick = () => new Promise((r) => setTimeout(r, 5));

describe('PDF conversion is a bounded pool', () => {
  it('runs at most `size` conversions at once, queues `queue` more and refuses the next with BUSY', async () => {
    const pool = new PdfPool({ size: 2, queue: 2 });
    const release: (() => void)[] = [];
    let running = 0;
    let most = 0;
    const task = () =>
      pool.run(async () => {
        running++;
        most = Math.max(most, running);
        await new Promise<void>((r) => release.push(r));
        running--;
        return 'pdf';
      });
    const accepted = [task(), task(), task(), task()];
    await tick();
    expect(running).toBe(2);
    await expect(task()).rejects.toMatchObject({ extensions: { code: 'BUSY', reason: 'PDF_QUEUE_FULL', workers: 2, queue: 2 } });
    // Finishing one starts a waiting one; all accepted finish.
    while (release.length) {
      release.shift()!();
      await tick();
    }
    await tick();
    while (release.length) {
      release.shift()!();
      await tick();
    }
    expect(await Promise.all(accepted)).toEqual(['pdf', 'pdf', 'pdf', 'pdf']);
    expect(most).toBe(2);
    expect(pool.peak).toEqual({ running: 2, waiting: 2 });
  });

  it('a failed conversion frees its slot', async () => {
    const pool = new PdfPool({ size: 1, queue: 1 });
    await expect(pool.run(() => Promise.reject(new Error('LibreOffice exited with 1')))).rejects.toThrow('exited');
    expect(await pool.run(async () => 'ok')).toBe('ok');
  });

  it('reads KEHOACH_PDF_WORKERS and KEHOACH_PDF_QUEUE', () => {
    expect(pdfPoolOptions({})).toEqual({ size: 2, queue: 8 });
    expect(pdfPoolOptions({ KEHOACH_PDF_WORKERS: '3', KEHOACH_PDF_QUEUE: '0' })).toEqual({ size: 3, queue: 0 });
    expect(() => pdfPoolOptions({ KEHOACH_PDF_WORKERS: '0' })).toThrow(/KEHOACH_PDF_WORKERS/);
  });
});

describe('the PDF cache of issued plans', () => {
  const doc = parsePlanText(seedText('laoCai')).document;
  const plan = { id: '3f1c2a4e-5b6d-4e7f-8a9b-0c1d2e3f4a5b', version: 3 };

  it('keys a PDF by plan id, version and everything printed; a different input is a different key', () => {
    const cache = new PdfCache(mkdtempSync(path.join(os.tmpdir(), 'pdf-cache-')));
    const key = cache.key(plan, doc, { unit: { name: 'Tỉnh Lào Cai' } });
    expect(key.startsWith(`${plan.id}${path.sep}3-`)).toBe(true);
    expect(cache.key(plan, doc, { unit: { name: 'Tỉnh Lào Cai' } })).toBe(key);
    expect(cache.key({ ...plan, version: 4 }, doc, { unit: { name: 'Tỉnh Lào Cai' } })).not.toBe(key);
    expect(cache.key(plan, doc, { unit: { name: 'Tỉnh Bắc Giang' } })).not.toBe(key);
    expect(cache.key(plan, { ...doc, preamble: `${doc.preamble}.` }, { unit: { name: 'Tỉnh Lào Cai' } })).not.toBe(key);
    expect(() => cache.key({ id: '../../etc', version: 1 }, doc, {})).toThrow();
  });

  it('gives back what was put, and writes whole files only (no temporary file left)', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'pdf-cache-'));
    const one = new PdfCache(dir);
    const other = new PdfCache(dir); // a second server instance on the same folder
    const key = one.key(plan, doc, {});
    expect(await other.get(key)).toBeNull();
    const pdf = Buffer.from('%PDF-1.7 test');
    await Promise.all([one.put(key, pdf), other.put(key, pdf)]);
    expect(await other.get(key)).toEqual(pdf);
    expect(readdirSync(path.join(dir, plan.id))).toEqual([path.basename(key)]);
  });
});
