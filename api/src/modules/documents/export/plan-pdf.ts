import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import { accessSync, constants } from 'node:fs';
import { mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
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

export function renderPlanPdf(doc: PlanDocument, opts: RenderOptions = {}): Promise<Buffer> {
  return pdfOf(() => renderPlanDocx(doc, opts));
}

/** Any printed document as PDF: PDF_UNAVAILABLE before rendering anything when there is no LibreOffice. */
export async function pdfOf(renderDocx: () => Promise<Buffer>): Promise<Buffer> {
  const office = findOfficeBinary();
  if (!office) throw pdfUnavailable();
  return docxToPdf(office, await renderDocx());
}

export interface PdfPoolOptions {
  /** LibreOffice conversions at once. */
  size: number;
  /** Conversions waiting for a turn at most; one more is refused with BUSY (reason PDF_QUEUE_FULL). */
  queue: number;
}

export const DEFAULT_PDF_POOL: PdfPoolOptions = { size: 2, queue: 8 };

/** Options from KEHOACH_PDF_WORKERS and KEHOACH_PDF_QUEUE (README, "Environment"). */
export function pdfPoolOptions(env: NodeJS.ProcessEnv = process.env): PdfPoolOptions {
  const num = (name: string, fallback: number, min: number) => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min) throw new Error(`${name} must be an integer ≥ ${min}, not "${raw}"`);
    return value;
  };
  return { size: num('KEHOACH_PDF_WORKERS', DEFAULT_PDF_POOL.size, 1), queue: num('KEHOACH_PDF_QUEUE', DEFAULT_PDF_POOL.queue, 0) };
}

/**
 * A bounded pool of conversions: each LibreOffice instance takes hundreds of MB and a core, so
 * at most `size` run at once (each with a profile of its own, so they never block each other);
 * up to `queue` wait; beyond that the export is refused with BUSY at once instead of waiting
 * minutes behind the others.
 */
export class PdfPool {
  private running = 0;
  private readonly waiting: (() => void)[] = [];
  /** The most conversions running and waiting at any one time. */
  readonly peak = { running: 0, waiting: 0 };

  constructor(readonly options: PdfPoolOptions) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running >= this.options.size) {
      if (this.waiting.length >= this.options.queue) {
        throw new AppError(ErrorCode.BUSY, 'Too many PDF exports are running; try again shortly', {
          reason: 'PDF_QUEUE_FULL',
          workers: this.options.size,
          queue: this.options.queue,
        });
      }
      await new Promise<void>((resolve) => {
        this.waiting.push(resolve);
        this.peak.waiting = Math.max(this.peak.waiting, this.waiting.length);
      });
    } else {
      this.running++;
    }
    this.peak.running = Math.max(this.peak.running, this.running);
    try {
      return await task();
    } finally {
      // The turn passes to the next waiting conversion, or the slot is freed.
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }
}

let shared: PdfPool | null = null;

/** The process's conversion pool, created on first use with the options of the environment. */
export function pdfPool(): PdfPool {
  shared ??= new PdfPool(pdfPoolOptions());
  return shared;
}

export function docxToPdf(office: string, docx: Buffer): Promise<Buffer> {
  return pdfPool().run(() => convert(office, docx));
}

/**
 * Bumped whenever the printed form changes (plan-docx.ts, the conversion): cached PDFs of an
 * older form are then never served.
 */
export const PDF_FORM_VERSION = 3; // 3: a Party document is headed "ĐẢNG CỘNG SẢN VIỆT NAM"

/**
 * PDFs of issued plans kept on disk under the data folder. An issued plan is immutable, so its
 * PDF is made once: the key is the plan's id and version plus a digest of everything printed
 * (the document, the render options, the form version). A key names exactly one content, so any
 * number of server instances sharing the folder (or each with its own) can never serve a wrong
 * PDF; files are written under a temporary name and renamed, so a reader sees a whole file or none.
 */
export class PdfCache {
  constructor(private readonly dir: string) {}

  key(plan: { id: string; version: number }, doc: PlanDocument, opts: RenderOptions): string {
    const digest = crypto
      .createHash('sha256')
      .update(JSON.stringify({ form: PDF_FORM_VERSION, doc, opts }))
      .digest('hex');
    if (!/^[0-9a-f-]{36}$/.test(plan.id) || !Number.isInteger(plan.version)) throw new Error('bad cache key');
    return path.join(plan.id, `${plan.version}-${digest.slice(0, 32)}.pdf`);
  }

  async get(key: string): Promise<Buffer | null> {
    try {
      return await readFile(path.join(this.dir, key));
    } catch {
      return null;
    }
  }

  async put(key: string, pdf: Buffer): Promise<void> {
    const file = path.join(this.dir, key);
    await mkdir(path.dirname(file), { recursive: true });
    const temp = `${file}.${process.pid}.${crypto.randomUUID()}.tmp`;
    await writeFile(temp, pdf);
    await rename(temp, file);
  }
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
