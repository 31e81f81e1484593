import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { AppError, ErrorCode, Reason } from '../../../core/errors.js';
import type { PlanDocument } from '../../plans/plan-document.js';
import { renderPlanDocx, type RenderOptions } from './plan-docx.js';

/**
 * A plan as PDF: the .docx of `renderPlanDocx` converted by LibreOffice headless, so the PDF is
 * the same layout. LibreOffice is a system package (Debian: `libreoffice-writer-nogui`, with
 * `fonts-liberation2` for a Times New Roman-compatible face covering Vietnamese); without it the
 * export fails with a stable reason instead of producing something else.
 */

export const PDF_UNAVAILABLE = Reason.PDF_UNAVAILABLE;
export const PDF_TIMEOUT_MS = 120_000;

const OFFICE_NAMES = ['soffice', 'libreoffice'];

/** The LibreOffice binary on PATH (read at each call, so a later install is seen), or null. */
export function findOfficeBinary(): string | null {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    for (const name of OFFICE_NAMES) {
      const candidate = path.join(dir, name);
      try {
        accessSync(candidate, constants.X_OK);
        return candidate;
      } catch {
        // not here
      }
    }
  }
  return null;
}

export function pdfUnavailable(): AppError {
  return new AppError(ErrorCode.INVALID_STATE, 'PDF export needs LibreOffice (soffice) on the server', { reason: PDF_UNAVAILABLE });
}

export async function renderPlanPdf(doc: PlanDocument, opts: RenderOptions = {}): Promise<Buffer> {
  const office = findOfficeBinary();
  if (!office) throw pdfUnavailable();
  return docxToPdf(office, await renderPlanDocx(doc, opts));
}

// One conversion at a time per process: each LibreOffice instance takes hundreds of MB, and
// instances sharing a profile would block each other. Requests queue behind this promise.
let queue: Promise<unknown> = Promise.resolve();

export function docxToPdf(office: string, docx: Buffer): Promise<Buffer> {
  const next = queue.then(() => convert(office, docx));
  queue = next.catch(() => undefined);
  return next;
}

async function convert(office: string, docx: Buffer): Promise<Buffer> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'kehoach-pdf-'));
  try {
    const input = path.join(dir, 'plan.docx');
    await writeFile(input, docx);
    await run(office, [
      // A profile of its own in the temp dir: no clash with a desktop LibreOffice of the same user,
      // no state left behind.
      `-env:UserInstallation=${pathToFileURL(path.join(dir, 'profile')).href}`,
      '--headless',
      '--norestore',
      '--nolockcheck',
      '--convert-to',
      'pdf',
      '--outdir',
      dir,
      input,
    ]);
    try {
      return await readFile(path.join(dir, 'plan.pdf'));
    } catch {
      throw new Error('LibreOffice produced no PDF');
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Runs the converter in its own process group, killing the whole group (soffice forks soffice.bin) on timeout. */
function run(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { detached: true, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      if (stderr.length < 4000) stderr += chunk.toString();
    });
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
      reject(new Error(`LibreOffice did not finish within ${PDF_TIMEOUT_MS} ms`));
    }, PDF_TIMEOUT_MS);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(new Error(`LibreOffice exited with ${code}: ${stderr.trim()}`));
    });
  });
}
