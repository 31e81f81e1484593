import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { AppError, ErrorCode, Reason } from '../../../core/errors.js';
import type { ImportJobInput, ImportWorkerMessage } from './import-worker.js';
import { tooLarge } from './limits.js';
import type { ParsedPlan } from './parse-plan-text.js';

/**
 * Uploaded plan files are read (unzipped, converted, parsed) in a small pool of worker threads,
 * never on the event loop: a file that takes long or needs much memory costs its worker, not the
 * server's answers to everyone else (/healthz included), and SIGTERM is heard. Each import has a
 * time budget and its worker a heap budget (`resourceLimits`); a worker over either is
 * terminated and the import refused with TOO_LARGE (reason IMPORT_TIMEOUT or IMPORT_MEMORY).
 * Imports beyond the workers wait in a bounded queue; beyond the queue they are refused with BUSY.
 * The `importPlan` mutation and `npm run import` both read files through `importPool()`.
 */

export interface ImportPoolOptions {
  /** Worker threads at most. */
  size: number;
  /** Imports waiting for a worker at most; one more is refused with BUSY. */
  queue: number;
  /** Time one import may take in its worker, ms. */
  timeoutMs: number;
  /** Heap of one worker (V8 old generation), MB. */
  memoryMb: number;
  /** An idle worker ends after this long, ms (starting one costs about half a second). */
  idleMs: number;
}

export const DEFAULT_IMPORT_POOL: ImportPoolOptions = { size: 2, queue: 8, timeoutMs: 30_000, memoryMb: 256, idleMs: 60_000 };

/** Options from KEHOACH_IMPORT_WORKERS, _QUEUE, _TIMEOUT_MS and _MEMORY_MB (README, "Environment"). */
export function importPoolOptions(env: NodeJS.ProcessEnv = process.env): ImportPoolOptions {
  const num = (name: string, fallback: number, min: number) => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min) throw new Error(`${name} must be an integer ≥ ${min}, not "${raw}"`);
    return value;
  };
  return {
    size: num('KEHOACH_IMPORT_WORKERS', DEFAULT_IMPORT_POOL.size, 1),
    queue: num('KEHOACH_IMPORT_QUEUE', DEFAULT_IMPORT_POOL.queue, 0),
    timeoutMs: num('KEHOACH_IMPORT_TIMEOUT_MS', DEFAULT_IMPORT_POOL.timeoutMs, 1),
    memoryMb: num('KEHOACH_IMPORT_MEMORY_MB', DEFAULT_IMPORT_POOL.memoryMb, 16),
    idleMs: DEFAULT_IMPORT_POOL.idleMs,
  };
}

interface Job {
  input: ImportJobInput;
  resolve: (parsed: ParsedPlan) => void;
  reject: (error: Error) => void;
}

interface Slot {
  worker: Worker;
  ready: boolean;
  job: Job | null;
  timer?: NodeJS.Timeout;
}

// The product runs TypeScript through tsx (npm start, the Dockerfile, the tests): the worker
// loads its module the same way.
const WORKER_URL = new URL('./import-worker.ts', import.meta.url);
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

export class ImportPool {
  private readonly slots = new Set<Slot>();
  private readonly waiting: Job[] = [];
  private readonly idleTimers = new Map<Slot, NodeJS.Timeout>();
  /** The most workers alive and the most imports waiting at any one time since the pool started. */
  readonly peak = { workers: 0, waiting: 0 };

  constructor(readonly options: ImportPoolOptions) {}

  /** Reads an uploaded file in a worker: the parsed plan, or the refusal the file earned. */
  read(bytes: Uint8Array, fileName: string): Promise<ParsedPlan> {
    const running = [...this.slots].filter((s) => s.job).length;
    if (running + this.waiting.length >= this.options.size + this.options.queue) {
      return Promise.reject(
        new AppError(ErrorCode.BUSY, 'Too many imports are running; try again shortly', {
          reason: Reason.IMPORT_QUEUE_FULL,
          workers: this.options.size,
          queue: this.options.queue,
        }),
      );
    }
    return new Promise((resolve, reject) => {
      this.waiting.push({ input: { bytes, fileName }, resolve, reject });
      this.peak.waiting = Math.max(this.peak.waiting, this.waiting.length);
      this.pump();
    });
  }

  /** Workers alive, imports running and imports waiting now. */
  stats(): { workers: number; running: number; waiting: number } {
    return { workers: this.slots.size, running: [...this.slots].filter((s) => s.job).length, waiting: this.waiting.length };
  }

  /** Ends every worker; imports running or waiting fail. */
  async close(): Promise<void> {
    const closing = new Error('The import pool is closing');
    for (const job of this.waiting.splice(0)) job.reject(closing);
    await Promise.all(
      [...this.slots].map((slot) => {
        slot.job?.reject(closing);
        return this.remove(slot);
      }),
    );
  }

  private pump(): void {
    for (const slot of this.slots) {
      if (this.waiting.length === 0) return;
      if (slot.ready && !slot.job) this.dispatch(slot, this.waiting.shift()!);
    }
    let starting = [...this.slots].filter((s) => !s.ready).length;
    while (this.waiting.length > starting && this.slots.size < this.options.size) {
      this.spawn();
      starting++;
    }
  }

  private spawn(): void {
    const worker = new Worker(WORKER_URL, {
      execArgv: ['--import', TSX],
      resourceLimits: {
        maxOldGenerationSizeMb: this.options.memoryMb,
        maxYoungGenerationSizeMb: Math.min(32, Math.max(4, Math.floor(this.options.memoryMb / 8))),
        stackSizeMb: 4,
      },
    });
    const slot: Slot = { worker, ready: false, job: null };
    this.slots.add(slot);
    this.peak.workers = Math.max(this.peak.workers, this.slots.size);

    worker.on('message', (m: ImportWorkerMessage) => {
      if (!this.slots.has(slot)) return; // timed out: the answer comes too late
      if (m.kind === 'ready') {
        slot.ready = true;
        this.rest(slot);
        this.pump();
        return;
      }
      const job = slot.job;
      this.rest(slot);
      if (job) {
        if (m.kind === 'done') job.resolve(m.parsed);
        else if (m.kind === 'refused') job.reject(refusal(m.message, m.extensions));
        else job.reject(new Error(`Import worker failed: ${m.error}`));
      }
      this.pump();
    });
    worker.on('error', (err: Error & { code?: string }) => {
      const job = slot.job;
      void this.remove(slot);
      if (err.code === 'ERR_WORKER_OUT_OF_MEMORY') {
        job?.reject(
          tooLarge('IMPORT_MEMORY', `Reading the file needs more than the ${this.options.memoryMb} MB an import may use`, {
            limit: this.options.memoryMb,
          }),
        );
      } else {
        job?.reject(err);
        // A worker that cannot even start would fail every waiting import the same way.
        if (!slot.ready) for (const waiting of this.waiting.splice(0)) waiting.reject(err);
      }
      this.pump();
    });
    worker.on('exit', () => {
      if (!this.slots.has(slot)) return;
      const job = slot.job;
      void this.remove(slot);
      job?.reject(new Error('Import worker exited'));
      this.pump();
    });
  }

  private dispatch(slot: Slot, job: Job): void {
    clearTimeout(this.idleTimers.get(slot));
    this.idleTimers.delete(slot);
    slot.job = job;
    slot.worker.ref();
    slot.timer = setTimeout(() => {
      void this.remove(slot);
      job.reject(
        tooLarge('IMPORT_TIMEOUT', `Reading the file takes longer than the ${this.options.timeoutMs} ms an import may take`, {
          limit: this.options.timeoutMs,
        }),
      );
      this.pump();
    }, this.options.timeoutMs);
    slot.worker.postMessage(job.input);
  }

  /** The slot's job is over: the worker waits for the next one without keeping the process alive, and ends when idle too long. */
  private rest(slot: Slot): void {
    clearTimeout(slot.timer);
    slot.job = null;
    slot.worker.unref();
    const idle = setTimeout(() => void this.remove(slot), this.options.idleMs);
    idle.unref();
    this.idleTimers.set(slot, idle);
  }

  private async remove(slot: Slot): Promise<void> {
    if (!this.slots.delete(slot)) return;
    clearTimeout(slot.timer);
    clearTimeout(this.idleTimers.get(slot));
    this.idleTimers.delete(slot);
    await slot.worker.terminate();
  }
}

function refusal(message: string, extensions: Record<string, unknown>): AppError {
  const { code, ...details } = extensions;
  return new AppError(String(code) as ErrorCode, message, details);
}

let shared: ImportPool | null = null;

/** The process's import pool, created on first use with the options of the environment. */
export function importPool(): ImportPool {
  shared ??= new ImportPool(importPoolOptions());
  return shared;
}

/** Ends the process's import pool (server shutdown); the next `importPool()` starts a new one. */
export async function closeImportPool(): Promise<void> {
  const pool = shared;
  shared = null;
  await pool?.close();
}
