import fs from 'node:fs';
import path from 'node:path';
import express from 'express';

/**
 * Serving the portal's build (portal/dist) — issue 14, officials on phones over 4G:
 *
 * - The build writes a brotli (.br) and a gzip (.gz) copy of every text file (portal/vite.config.ts);
 *   each request gets the best one its Accept-Encoding allows, as is: no compression per request.
 * - Files under /assets/ carry a content hash in their name, so they never change: cached for a
 *   year, `immutable`. index.html (and the SPA fallback) is revalidated on every load (`no-cache`),
 *   so a new build reaches every browser at once.
 * - A missing /assets/ file is a 404, never index.html (which a browser would run as a script).
 */

/** The server's own routes: never answered with the portal. */
const API_PATHS = /^\/(graphql|graphiql|healthz|readyz|api)(\/|$)/;
const YEAR_SECONDS = 365 * 24 * 3600;
const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};
const ENCODINGS = [
  { name: 'br', ext: '.br' },
  { name: 'gzip', ext: '.gz' },
] as const;

/** The encodings the client accepts (q > 0), from an Accept-Encoding header. */
export function acceptedEncodings(header: string | undefined): Set<string> {
  const accepted = new Set<string>();
  for (const part of (header ?? '').split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    if (name && !(q && Number(q.slice(2)) === 0)) accepted.add(name);
  }
  return accepted;
}

function isFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

export function portalFiles(dist: string): express.Router {
  const root = path.resolve(dist);
  const router = express.Router();

  const send = (req: express.Request, res: express.Response, next: express.NextFunction, file: string, cacheControl: string) => {
    const accepted = acceptedEncodings(req.headers['accept-encoding']);
    const encoding = ENCODINGS.find((e) => accepted.has(e.name) && isFile(file + e.ext));
    res.setHeader('Vary', 'Accept-Encoding');
    res.setHeader('Cache-Control', cacheControl);
    res.setHeader('Content-Type', TYPES[path.extname(file)] ?? 'application/octet-stream');
    if (encoding) res.setHeader('Content-Encoding', encoding.name);
    res.sendFile(encoding ? file + encoding.ext : file, { cacheControl: false, acceptRanges: !encoding, dotfiles: 'deny' }, (err) => {
      if (err && !res.headersSent) next(err);
    });
  };

  router.use((req, res, next) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || API_PATHS.test(req.path)) return next();
    let relative: string;
    try {
      relative = decodeURIComponent(req.path);
    } catch {
      return res.status(400).end();
    }
    const file = path.join(root, path.normalize(relative));
    if (!file.startsWith(root + path.sep)) return res.status(404).end();
    const isAsset = relative.startsWith('/assets/');
    if (relative !== '/' && relative !== '/index.html' && isFile(file)) {
      return send(req, res, next, file, isAsset ? `public, max-age=${YEAR_SECONDS}, immutable` : 'public, max-age=3600');
    }
    if (isAsset || path.extname(relative)) return res.status(404).type('text/plain').send('Not found');
    // The SPA: every other address is a route of the portal.
    return send(req, res, next, path.join(root, 'index.html'), 'no-cache');
  });
  return router;
}
