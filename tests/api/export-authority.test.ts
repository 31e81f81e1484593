import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { readDocx } from '../../api/src/modules/documents/export/docx-xml.test-helpers.js';
import { findOfficeBinary, pdfPool } from '../../api/src/modules/documents/export/plan-pdf.js';
import { createTestEnv, type Caller, type TestEnv } from '../support/env.js';

/**
 * The printed form of the demo's plans (issue 12): the issuing authority from the unit when the
 * plan states none (the imported seeds), a derived draft's place and date line, and the PDF
 * conversion as a bounded pool with issued plans' PDFs cached in the data folder.
 */

let env: TestEnv;
let viewer: Caller;
let seedId: string;
let draftId: string;
let dataDir: string;

beforeAll(async () => {
  env = await createTestEnv();
  viewer = await env.login('tplaocai.viewer');
  seedId = (
    await env.db.query(`select id from plan where unit_id = $1 and status = 'ISSUED' and title like 'Mở đợt cao điểm%'`, [
      await env.unitId('10'),
    ])
  ).rows[0].id;
  draftId = (await env.db.query(`select id from plan where unit_id = $1 and status = 'DRAFT'`, [await env.unitId('080')])).rows[0].id;
  // The server's data folder (tests/support/env.ts names it after the database).
  dataDir = path.join(os.tmpdir(), `kehoach-${(env.db as unknown as { database: string }).database}`);
});
afterAll(async () => {
  await env?.stop();
});
afterEach(() => {
  vi.unstubAllEnvs();
});

const download = (id: string, format: 'docx' | 'pdf', as: Caller = viewer) =>
  fetch(`${env.url}/api/plans/${id}/export.${format}`, { headers: { authorization: `Bearer ${as.token}` } });

async function header(id: string) {
  const res = await download(id, 'docx');
  expect(res.status).toBe(200);
  const { paragraphs } = await readDocx(Buffer.from(await res.arrayBuffer()));
  const cell = (row: number, col: number) =>
    paragraphs.filter((p) => p.table?.[0] === 0 && p.table[1] === row && p.table[2] === col && p.text.trim() !== '').map((p) => p.text);
  return { issuingBody: cell(0, 0), dateLine: cell(1, 1) };
}

describe('the issuing authority and the place come from the unit when the plan does not state them', () => {
  it('the imported Lào Cai seed plan prints its committee top left (the cell was empty)', async () => {
    expect((await env.db.query(`select issuing_body from plan where id = $1`, [seedId])).rows[0].issuing_body).toBeNull();
    expect((await header(seedId)).issuingBody).toEqual(['ỦY BAN NHÂN DÂN TỈNH LÀO CAI']);
  });

  it('the derived draft of Thành phố Lào Cai prints its committee, and its place and a date line to fill in', async () => {
    const { issuingBody, dateLine } = await header(draftId);
    expect(issuingBody).toEqual(['ỦY BAN NHÂN DÂN THÀNH PHỐ LÀO CAI']);
    expect(dateLine).toHaveLength(1);
    expect(dateLine[0]).toMatch(/^Lào Cai, ngày\s{4,}tháng\s{4,}năm 20\d\d$/u);
  });
});

const officeAvailable = findOfficeBinary() !== null;
const SKIPPED = ' — SKIPPED: soffice is not on PATH (apt-get install libreoffice-writer-nogui)';

describe('PDF: a bounded pool of conversions, issued plans converted once', () => {
  it.skipIf(!officeAvailable)(
    `three parallel PDF exports run at most ${pdfPool().options.size} conversions at once and all succeed${officeAvailable ? '' : SKIPPED}`,
    async () => {
      // Three drafts (never cached): each one is a conversion.
      const editor = await env.login('laocai.editor');
      const ids: string[] = [];
      for (const title of ['Dự thảo một', 'Dự thảo hai', 'Dự thảo ba']) {
        const r = await env.gql(`mutation($i: CreatePlanInput!) { createPlan(input: $i) { plan { id } } }`, { i: { title } }, editor);
        ids.push(r.data!.createPlan.plan.id);
      }
      const laocai = await env.login('laocai.viewer');
      const started = Date.now();
      const responses = await Promise.all(ids.map((id) => download(id, 'pdf', laocai)));
      expect(responses.map((r) => r.status)).toEqual([200, 200, 200]);
      for (const r of responses)
        expect(
          Buffer.from(await r.arrayBuffer())
            .subarray(0, 5)
            .toString('latin1'),
        ).toBe('%PDF-');
      expect(pdfPool().peak.running).toBeLessThanOrEqual(pdfPool().options.size);
      expect(pdfPool().peak.running).toBeGreaterThanOrEqual(Math.min(2, pdfPool().options.size));
      // Generous: 3 conversions two at a time on a shared machine.
      expect(Date.now() - started).toBeLessThan(150_000);
    },
    240_000,
  );

  it.skipIf(!officeAvailable)(
    `converts an issued plan once: the next download is served from the cache, even without LibreOffice${officeAvailable ? '' : SKIPPED}`,
    async () => {
      const first = await download(seedId, 'pdf');
      expect(first.status).toBe(200);
      const pdf = Buffer.from(await first.arrayBuffer());
      expect(readdirSync(path.join(dataDir, 'pdf-cache', seedId))).toHaveLength(1);
      // No LibreOffice any more (the server runs in this process and looks it up per request).
      vi.stubEnv('PATH', mkdtempSync(path.join(os.tmpdir(), 'no-office-')));
      const again = await download(seedId, 'pdf');
      expect(again.status).toBe(200);
      expect(Buffer.from(await again.arrayBuffer()).equals(pdf)).toBe(true);
      // The access rule still comes first: a sibling province gets 404, not the cached file.
      const bacgiang = await env.login('bacgiang.viewer');
      expect((await download(seedId, 'pdf', bacgiang)).status).toBe(404);
      // A draft is never cached: it changes.
      const draft = await download(draftId, 'pdf');
      expect(draft.status).toBe(503);
      expect(existsSync(path.join(dataDir, 'pdf-cache', draftId))).toBe(false);
    },
    180_000,
  );
});
