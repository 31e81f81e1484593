/**
 * The import pool's worker thread (import-pool.ts): reads one uploaded file at a time and answers
 * with the parsed plan, or with the refusal (code and extensions) the file earned.
 */
import { parentPort } from 'node:worker_threads';
import { AppError } from '../../../core/errors.js';
import { readPlanFile } from './read-plan-file.js';

export interface ImportJobInput {
  bytes: Uint8Array;
  fileName: string;
}

export type ImportWorkerMessage =
  | { kind: 'ready' }
  | { kind: 'done'; parsed: Awaited<ReturnType<typeof readPlanFile>> }
  | { kind: 'refused'; message: string; extensions: Record<string, unknown> }
  | { kind: 'failed'; error: string };

const port = parentPort!;

port.on('message', async (job: ImportJobInput) => {
  let answer: ImportWorkerMessage;
  try {
    answer = { kind: 'done', parsed: await readPlanFile(job.bytes, job.fileName) };
  } catch (e) {
    answer =
      e instanceof AppError
        ? { kind: 'refused', message: e.message, extensions: { ...e.extensions } }
        : { kind: 'failed', error: e instanceof Error ? (e.stack ?? e.message) : String(e) };
  }
  port.postMessage(answer);
});

port.postMessage({ kind: 'ready' } satisfies ImportWorkerMessage);
