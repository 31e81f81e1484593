/**
 * Imports over real HTTP: read off the event loop (the server keeps answering), in a bounded
 * pool (parallel imports queue, beyond the queue they are refused), within budgets (zip bombs,
 * time), limited in size — and a refused import writes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeImportPool, importPool } from '../../api/src/modules/documents/import/import-pool.js';
import { IMPORT_LIMITS } from '../../api/src/modules/documents/import/limits.js';
import { deflatedZeros, docxEntries, seedText, slowDocx, writeZip } from '../../api/src/modules/documents/import/test-fixtures.js';
import { codeOf, createTestEnv, type Caller, type GqlResult, type TestEnv } from '../support/env.js';

let env: TestEnv;
let editor: Caller;

beforeAll(async () => {
  env = await createTestEnv();
  editor = await env.login('laocai.editor');
});
afterAll(async () => {
  await env?.stop();
});

const IMPORT = `mutation($i: ImportPlanInput!) { importPlan(input: $i) { plan { id } report { warnings } } }`;
const importFile = (fileName: string, bytes: Buffer, as: Caller = editor) =>
  env.gql(IMPORT, { i: { fileName, contentBase64: bytes.toString('base64') } }, as);
const planCount = async () => (await env.db.query(`select count(*)::int n from plan`)).rows[0].n as number;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * A legitimate plan (a seed) whose .docx takes its worker about 1.5 s to read with 20,000 runs
 * (test-fixtures.ts, slowDocx); each is accepted and written as the seed's 36 nodes.
 */
const slowPlan = (runs: number) => slowDocx(seedText('duongQuang'), runs);

describe('the server keeps answering while files are read', { timeout: 300_000 }, () => {
  it('answers /healthz within a second, again and again, while a heavy import runs in a worker', async () => {
    await closeImportPool();
    const heavy = await slowPlan(20_000);
    let done = false;
    const importing = importFile('heavy.docx', heavy).finally(() => {
      done = true;
    });
    let answers = 0;
    let answeredWhileReading = 0;
    let longestGap = 0;
    let last = performance.now();
    while (!done) {
      const res = await fetch(`${env.url}/healthz`);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ status: 'ok' });
      const now = performance.now();
      longestGap = Math.max(longestGap, now - last);
      last = now;
      answers++;
      if (importPool().stats().running > 0) answeredWhileReading++;
      await sleep(20);
    }
    const r = await importing;
    expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
    // The worker read the file (seconds) while /healthz kept answering; before the fix the
    // event loop was busy for the whole parse and no answer came until it ended.
    expect(answeredWhileReading).toBeGreaterThanOrEqual(5);
    expect(longestGap).toBeLessThan(1_500);
    expect(answers).toBeGreaterThan(answeredWhileReading);
  });

  it('20 imports at once: 2 workers read them, 8 wait, the rest are refused with BUSY; only the read ones are written', async () => {
    await closeImportPool();
    const before = await planCount();
    const file = await slowPlan(8_000);
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => importFile(`p${i}.docx`, file)));
    const ok = results.filter((r) => !r.errors);
    const refused = results.filter((r) => r.errors);
    expect(ok.length).toBeGreaterThanOrEqual(10);
    for (const r of refused)
      expect(r.errors![0].extensions).toMatchObject({ code: 'BUSY', reason: 'IMPORT_QUEUE_FULL', workers: 2, queue: 8 });
    expect(importPool().peak.workers).toBe(2);
    // Waiting counts the imports admitted before their worker is ready too: 2 + 8 at most.
    expect(importPool().peak.waiting).toBeLessThanOrEqual(10);
    expect(await planCount()).toBe(before + ok.length);
  });

  it('refuses the eleventh import with BUSY while ten are read or waiting, writing nothing for it', async () => {
    await closeImportPool();
    const file = await slowPlan(8_000);
    const ten = Array.from({ length: 10 }, (_, i) => importFile(`q${i}.docx`, file));
    while (importPool().stats().running + importPool().stats().waiting < 10) await sleep(5);
    const before = await planCount();
    const eleventh = await importFile('q10.txt', Buffer.from(seedText('duongQuang')));
    expect(codeOf(eleventh)).toBe('BUSY');
    expect(eleventh.errors![0].extensions!.reason).toBe('IMPORT_QUEUE_FULL');
    expect((await Promise.all(ten)).every((r) => !r.errors)).toBe(true);
    expect(await planCount()).toBe(before + 10);
  });
});

describe('hostile and oversized files are refused, quickly, writing nothing', { timeout: 120_000 }, () => {
  const refused = async (fileName: string, bytes: Buffer): Promise<{ r: GqlResult; ms: number; written: number }> => {
    const before = await planCount();
    const start = performance.now();
    const r = await importFile(fileName, bytes);
    return { r, ms: performance.now() - start, written: (await planCount()) - before };
  };
  const source = 'KẾ HOẠCH\nPhòng, chống ma túy\nI. MỤC ĐÍCH\n1. Tuyên truyền.';

  it('a 1 MB .docx whose footnotes declare and inflate to 1 GB: TOO_LARGE / PART_TOO_LARGE', async () => {
    const entries = (await docxEntries(source)).filter((e) => e.name !== 'word/footnotes.xml');
    const bomb = writeZip([...entries, { name: 'word/footnotes.xml', data: deflatedZeros(1024), declaredSize: 1024 ** 3 }]);
    const { r, ms, written } = await refused('bomb.docx', bomb);
    expect(r.errors![0].extensions).toMatchObject({ code: 'TOO_LARGE', reason: 'PART_TOO_LARGE', part: 'word/footnotes.xml' });
    expect(ms).toBeLessThan(10_000);
    expect(written).toBe(0);
  });

  it('the same with headers that claim 100 KB: TOO_LARGE / PART_LARGER_THAN_DECLARED, not INTERNAL_SERVER_ERROR', async () => {
    const entries = (await docxEntries(source)).filter((e) => e.name !== 'word/footnotes.xml');
    const bomb = writeZip([...entries, { name: 'word/footnotes.xml', data: deflatedZeros(1024), declaredSize: 100_000 }]);
    const rss = process.memoryUsage().rss;
    const { r, ms, written } = await refused('liar.docx', bomb);
    expect(r.errors![0].extensions).toMatchObject({ code: 'TOO_LARGE', reason: 'PART_LARGER_THAN_DECLARED', declared: 100_000 });
    expect(ms).toBeLessThan(10_000);
    expect((process.memoryUsage().rss - rss) / 2 ** 20).toBeLessThan(400);
    expect(written).toBe(0);
  });

  it('more nodes than the limit: BAD_USER_INPUT / TOO_MANY_NODES with the figures', async () => {
    const lines = ['KẾ HOẠCH', 'Thử', 'I. NHIỆM VỤ', ...Array.from({ length: IMPORT_LIMITS.maxNodes }, (_, i) => `- Việc ${i}.`)];
    const { r, written } = await refused('many.txt', Buffer.from(lines.join('\n')));
    expect(r.errors![0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'TOO_MANY_NODES',
      limit: IMPORT_LIMITS.maxNodes,
      count: IMPORT_LIMITS.maxNodes + 1,
    });
    expect(written).toBe(0);
  });

  it('an import over its time budget: TOO_LARGE / IMPORT_TIMEOUT, and the next import is read', async () => {
    await closeImportPool();
    process.env.KEHOACH_IMPORT_TIMEOUT_MS = '300';
    try {
      await importFile('warm.txt', Buffer.from(source)); // starts the worker: the budget counts reading only
      const { r, ms, written } = await refused('slow.docx', await slowPlan(20_000));
      expect(r.errors![0].extensions).toMatchObject({ code: 'TOO_LARGE', reason: 'IMPORT_TIMEOUT', limit: 300 });
      expect(ms).toBeLessThan(10_000);
      expect(written).toBe(0);
      expect((await importFile('after.txt', Buffer.from(source))).errors).toBeUndefined();
    } finally {
      delete process.env.KEHOACH_IMPORT_TIMEOUT_MS;
      await closeImportPool();
    }
  });
});
