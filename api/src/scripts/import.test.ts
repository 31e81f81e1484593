/**
 * `npm run import` reads a file exactly as the importPlan mutation does: through the import
 * pool's worker, with the same limits and budgets and the same refusals.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../config.js';
import { deflatedZeros, docxEntries, writeZip } from '../modules/documents/import/test-fixtures.js';

function runImport(file: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', path.join(REPO_ROOT, 'api/src/scripts/import.ts'), file],
      { cwd: REPO_ROOT, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('npm run import', { timeout: 120_000 }, () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kehoach-import-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('prints what it read from a plan', async () => {
    const r = await runImport(path.join(REPO_ROOT, 'api/data/seeds/commune-duong-quang-2024-drug-free.txt'));
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^KẾ HOẠCH: /);
    expect(r.stdout).toContain('Nội dung (');
  });

  it('refuses a .docx bomb with TOO_LARGE, quickly, as the mutation does', async () => {
    const entries = (await docxEntries('KẾ HOẠCH\nThử')).filter((e) => e.name !== 'word/footnotes.xml');
    const file = path.join(dir, 'bomb.docx');
    fs.writeFileSync(file, writeZip([...entries, { name: 'word/footnotes.xml', data: deflatedZeros(1024), declaredSize: 100_000 }]));
    const r = await runImport(file);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('TOO_LARGE PART_LARGER_THAN_DECLARED');
  });

  it('refuses a Word 97 .doc with exit code 1 and the fix named, never printing its binary as a plan (issue 12)', async () => {
    const file = path.join(dir, 'ke-hoach.doc');
    // An OLE2 compound file, as Word 97–2003 writes it.
    fs.writeFileSync(
      file,
      Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(504), Buffer.from('KẾ HOẠCH')]),
    );
    const r = await runImport(file);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('BAD_USER_INPUT WORD_97');
    expect(r.stderr).toMatch(/save it as \.docx/);
    expect(r.stdout).toBe('');
  });

  it('refuses a plan over the limits with BAD_USER_INPUT', async () => {
    const file = path.join(dir, 'many.txt');
    fs.writeFileSync(file, ['KẾ HOẠCH', 'Thử', 'I. A', ...Array.from({ length: 20_000 }, (_, i) => `- Việc ${i}.`)].join('\n'));
    const r = await runImport(file);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('BAD_USER_INPUT TOO_MANY_NODES');
  });
});
