import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { Response } from 'express';
import type { Principal } from './context.js';
import { inTransactionAs } from './db/transaction.js';

/** One batch of a streamed export: its lines, the cursor of its last row, and whether more may follow. */
export interface NdjsonBatch {
  text: string;
  last: string;
  full: boolean;
}

/**
 * Streams an NDJSON export batch by batch (the plans' and the reports' exports for integrators,
 * docs/DESIGN.md §10): each batch is read in one short transaction as `principal`, so a slow
 * client holds no connection between batches; a batch is written only once the client has taken
 * the one before (backpressure), so memory stays flat whatever the number of rows; a client that
 * goes away stops the export at the next batch. `read` returns null when nothing is left.
 */
export async function streamNdjson(
  res: Response,
  orm: MikroORM,
  principal: Principal,
  read: (em: EntityManager, after: string | null) => Promise<NdjsonBatch | null>,
): Promise<void> {
  // The response's 'close' comes when the client goes away (or once it is ended; the request's
  // own 'close' comes as soon as its body is read, so it says nothing here); a client gone while
  // the caller was being authenticated has left the socket destroyed already.
  let aborted = !res.socket || res.socket.destroyed;
  res.on('close', () => {
    aborted = true;
  });
  res.status(200);
  res.setHeader('Content-Type', 'application/x-ndjson; charset=utf-8');
  res.setHeader('Cache-Control', 'private, no-store');
  let after: string | null = null;
  for (;;) {
    if (aborted) break;
    const chunk = await inTransactionAs(orm, principal, (em) => read(em, after));
    if (!chunk || aborted) break;
    if (!res.write(chunk.text)) {
      await new Promise<void>((resolve) => {
        const done = () => {
          res.off('drain', done);
          res.off('close', done);
          resolve();
        };
        res.once('drain', done);
        res.once('close', done);
      });
    }
    after = chunk.last;
    if (!chunk.full) break;
  }
  res.end();
}
