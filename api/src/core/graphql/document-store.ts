import type { DocumentNode } from 'graphql';
import { BoundedCache } from '../bounded-cache.js';
import type { Limits } from './limits.js';

/**
 * Apollo's cache of parsed and validated documents (its `documentStore`), keyed by the hash of the
 * query text: a document the portal sends again skips parsing and validation (docs/ARCHITECTURE.md,
 * "What every request costs"). A document depends only on its text and the schema, so every
 * instance may keep its own (docs/SCALING.md). Held to a number of documents and a total length
 * of their texts — a parsed document takes about 40–100 bytes of memory per character of its
 * text — so a caller sending endless distinct documents costs bounded memory (Apollo's default
 * weighs each document by serialising it to JSON, work a hostile caller could make us do).
 */
export function documentStore(limits: Pick<Limits, 'documentCacheEntries' | 'documentCacheChars'>) {
  const cache = new BoundedCache<string, DocumentNode>(
    { maxEntries: limits.documentCacheEntries, maxWeight: limits.documentCacheChars },
    // Apollo parses with locations: the end of the document's location is the length of its text.
    (document) => document.loc?.end ?? 1,
  );
  return {
    get: async (key: string) => cache.get(key),
    set: async (key: string, document: DocumentNode) => {
      cache.set(key, document);
    },
    delete: async (key: string) => cache.delete(key),
    get stats() {
      return cache.stats;
    },
  };
}
