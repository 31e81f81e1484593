import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../api/src/config.js';
import { ensurePortalBuild } from '../../api/src/scripts/portal-build.js';
import { createTestEnv, type TestEnv } from '../support/env.js';

/**
 * The portal's files as the server sends them (issue 14, api/src/core/static-files.ts): the
 * brotli or gzip copy the build wrote, by Accept-Encoding; hashed assets cached a year and
 * immutable, the page revalidated; a missing asset a 404, never the page; nothing outside
 * portal/dist, and the API's own paths left to the API.
 */

let env: TestEnv;
const DIST = path.join(REPO_ROOT, 'portal', 'dist');
let script = '';

const get = (p: string, encoding?: string) =>
  fetch(`${env.url}${p}`, { headers: encoding === undefined ? {} : { 'accept-encoding': encoding } });

beforeAll(async () => {
  ensurePortalBuild({ quiet: true });
  env = await createTestEnv();
  script = /src="(\/assets\/[^"]+\.js)"/.exec(fs.readFileSync(path.join(DIST, 'index.html'), 'utf8'))![1];
}, 180_000);

afterAll(async () => {
  await env?.stop();
});

describe('the portal files', () => {
  it('sends the precompressed copy the browser accepts, with the right type and Vary', async () => {
    const raw = fs.readFileSync(path.join(DIST, script));
    // fetch() decodes what it receives: compare the bodies, and the sizes on the wire.
    const br = await get(script, 'gzip, deflate, br');
    expect(br.headers.get('content-encoding')).toBe('br');
    expect(br.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(br.headers.get('vary')).toBe('Accept-Encoding');
    expect(Number(br.headers.get('content-length'))).toBe(fs.statSync(path.join(DIST, `${script}.br`)).size);
    expect(Buffer.from(await br.arrayBuffer()).equals(raw)).toBe(true);
    expect(fs.statSync(path.join(DIST, `${script}.br`)).size).toBeLessThan(raw.length / 2);

    const gz = await get(script, 'gzip');
    expect(gz.headers.get('content-encoding')).toBe('gzip');
    expect(Buffer.from(await gz.arrayBuffer()).equals(raw)).toBe(true);

    const plain = await get(script, 'identity');
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(Number(plain.headers.get('content-length'))).toBe(raw.length);
    // "br;q=0" refuses brotli.
    expect((await get(script, 'br;q=0, gzip')).headers.get('content-encoding')).toBe('gzip');
    // The copies are the file itself.
    expect(zlib.brotliDecompressSync(fs.readFileSync(path.join(DIST, `${script}.br`))).equals(raw)).toBe(true);
  });

  it('caches hashed assets for a year and revalidates the page on every load', async () => {
    expect((await get(script, 'br')).headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    for (const page of ['/', '/plans', '/plans/3b4bb7b9-61bd-4f26-9291-8add0bab79b0/cascade']) {
      const r = await get(page, 'br');
      expect(r.status, page).toBe(200);
      expect(r.headers.get('content-type'), page).toBe('text/html; charset=utf-8');
      expect(r.headers.get('cache-control'), page).toBe('no-cache');
      expect(await r.text(), page).toContain('<div id="root">');
    }
  });

  it('answers a missing asset with 404 (not the page), keeps to portal/dist, and leaves the API its paths', async () => {
    const missing = await get('/assets/index-doesnotexist.js');
    expect(missing.status).toBe(404);
    expect(await missing.text()).not.toContain('<div id="root">');
    expect((await get('/..%2f..%2fpackage.json')).status).toBe(404);
    expect((await get('/assets/..%2f..%2f..%2fpackage.json')).status).toBe(404);
    expect((await get('/%E0%A4%A')).status).toBe(400);
    const api = await get('/api/no-such-route');
    expect(api.status).toBe(404);
    expect(await api.text()).not.toContain('<div id="root">');
    expect((await get('/healthz')).headers.get('content-type')).toMatch(/^application\/json/);
  });
});
