/**
 * The import pool with real worker threads: bounded workers, a bounded queue, a time budget and
 * a heap budget per import, refusals carried back with their codes.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_IMPORT_POOL, ImportPool, importPoolOptions, type ImportPoolOptions } from './import-pool.js';
import { deflatedEntry, docxEntries, seedText, slowDocx, writeZip } from './test-fixtures.js';

const pools: ImportPool[] = [];
const poolOf = (options: Partial<ImportPoolOptions>) => {
  const pool = new ImportPool({ ...DEFAULT_IMPORT_POOL, ...options });
  pools.push(pool);
  return pool;
};
afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.close()));
});

const seed = Buffer.from(seedText('duongQuang'));
const tiny = Buffer.from('KẾ HOẠCH\nThử\nI. MỤC ĐÍCH');
/** A real plan whose .docx takes its worker about 1.5 s to read (test-fixtures.ts, slowDocx). */
const heavy = await slowDocx(seedText('duongQuang'), 20_000);
const codeOf = async (p: Promise<unknown>) => {
  try {
    await p;
    return null;
  } catch (e) {
    return (e as { extensions?: Record<string, unknown> }).extensions ?? { error: String(e) };
  }
};

describe('the import pool', { timeout: 180_000 }, () => {
  it('reads 20 files at once with 2 workers: the others wait, none is lost', async () => {
    const pool = poolOf({ size: 2, queue: 18 });
    const results = await Promise.all(Array.from({ length: 20 }, () => pool.read(seed, 'duongquang.txt')));
    expect(results.every((r) => r.document.nodes.length > 10)).toBe(true);
    expect(pool.peak.workers).toBe(2);
    expect(pool.peak.waiting).toBeGreaterThanOrEqual(18);
  });

  it('refuses an import beyond the queue with BUSY, at once', async () => {
    const pool = poolOf({ size: 1, queue: 1 });
    const running = pool.read(seed, 'a.txt');
    const waiting = pool.read(seed, 'b.txt');
    // Admission is decided when the import is asked for: one runs (or starts), one waits.
    expect(await codeOf(pool.read(seed, 'c.txt'))).toMatchObject({ code: 'BUSY', reason: 'IMPORT_QUEUE_FULL', workers: 1, queue: 1 });
    await expect(running).resolves.toBeTruthy();
    await expect(waiting).resolves.toBeTruthy();
    expect(pool.peak.workers).toBe(1);
  });

  it('ends a worker over the time budget: TOO_LARGE / IMPORT_TIMEOUT; the next import gets a new worker', async () => {
    const pool = poolOf({ size: 1, timeoutMs: 300 });
    await pool.read(tiny, 'warm.txt'); // the worker is started: the budget counts reading only
    const started = performance.now();
    expect(await codeOf(pool.read(heavy, 'heavy.docx'))).toMatchObject({ code: 'TOO_LARGE', reason: 'IMPORT_TIMEOUT', limit: 300 });
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(pool.stats()).toEqual({ workers: 0, running: 0, waiting: 0 });
    expect((await pool.read(tiny, 'after.txt')).document.nodes).toHaveLength(1);
  });

  it('ends a worker over the heap budget: TOO_LARGE / IMPORT_MEMORY', async () => {
    const pool = poolOf({ size: 1, memoryMb: 32, timeoutMs: 120_000 });
    // 49 KB of .docx, 11 MB of XML: mammoth's document tree needs far more than 32 MB.
    const para = `<w:p><w:r><w:t>${'Công an xã tổ chức tuyên truyền phòng, chống ma túy. '.repeat(300)}</w:t></w:r></w:p>`;
    const xml = `<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${para.repeat(600)}</w:body></w:document>`;
    const entries = (await docxEntries('KẾ HOẠCH\nThử')).filter((e) => e.name !== 'word/document.xml');
    const docx = writeZip([...entries, deflatedEntry('word/document.xml', xml)]);
    expect(await codeOf(pool.read(docx, 'big.docx'))).toMatchObject({ code: 'TOO_LARGE', reason: 'IMPORT_MEMORY', limit: 32 });
    expect(pool.stats().workers).toBe(0);
    expect((await pool.read(tiny, 'after.txt')).document.nodes).toHaveLength(1);
  });

  it("carries a file's refusal back with its code, reason and figures", async () => {
    const pool = poolOf({ size: 1 });
    expect(await codeOf(pool.read(Buffer.from('\u0000\u0001'), 'a.txt'))).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'NOT_TEXT' });
    expect(await codeOf(pool.read(Buffer.from('PK\u0003\u0004 no zip'), 'a.docx'))).toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'NOT_DOCX',
    });
    expect(await codeOf(pool.read(Buffer.from('KẾ HOẠCH\n' + '\n'.repeat(200_001)), 'a.txt'))).toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'TOO_MANY_LINES',
      limit: 200_000,
    });
  });

  it('closing fails what runs and waits, and ends the workers', async () => {
    const pool = poolOf({ size: 1 });
    const running = codeOf(pool.read(heavy, 'a.docx'));
    const waiting = codeOf(pool.read(seed, 'b.txt'));
    await pool.close();
    expect(await running).toMatchObject({ error: expect.stringContaining('closing') });
    expect(await waiting).toMatchObject({ error: expect.stringContaining('closing') });
    expect(pool.stats().workers).toBe(0);
  });

  it('takes its options from the environment, and refuses nonsense there', () => {
    expect(importPoolOptions({})).toEqual(DEFAULT_IMPORT_POOL);
    expect(
      importPoolOptions({
        KEHOACH_IMPORT_WORKERS: '3',
        KEHOACH_IMPORT_QUEUE: '0',
        KEHOACH_IMPORT_TIMEOUT_MS: '500',
        KEHOACH_IMPORT_MEMORY_MB: '64',
      }),
    ).toMatchObject({ size: 3, queue: 0, timeoutMs: 500, memoryMb: 64 });
    expect(() => importPoolOptions({ KEHOACH_IMPORT_WORKERS: '0' })).toThrow(/KEHOACH_IMPORT_WORKERS/);
    expect(() => importPoolOptions({ KEHOACH_IMPORT_MEMORY_MB: 'lots' })).toThrow(/KEHOACH_IMPORT_MEMORY_MB/);
  });
});
