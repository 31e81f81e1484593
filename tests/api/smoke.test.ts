import http from 'node:http';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeOf, createTestEnv, type TestEnv } from '../support/env.js';

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(async () => {
  await env?.stop();
});

describe('smoke', () => {
  it('signs in and reads me', async () => {
    const as = await env.login('laocai.admin');
    const r = await env.gql(`{ me { username role unit { name code level } } }`, {}, as);
    expect(r.errors).toBeUndefined();
    expect(r.data!.me).toEqual({ username: 'laocai.admin', role: 'ADMIN', unit: { name: 'Tỉnh Lào Cai', code: '10', level: 'PROVINCE' } });
  });
  it('rejects anonymous reads', async () => {
    const r = await env.gql(`{ me { username } }`);
    expect(codeOf(r)).toBe('UNAUTHENTICATED');
  });
});

/** A raw POST to /graphql (no client that decompresses on its own): status, headers and the body's bytes. */
function rawPost(url: string, body: string, headers: Record<string, string>) {
  return new Promise<{ headers: http.IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
    const req = http.request(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('answers compressed for clients that accept it (issue 14: phones on slow networks)', () => {
  it('a large answer goes in brotli or gzip as asked, a small one as it is, with its statement count either way', async () => {
    const as = await env.login('laocai.viewer');
    const auth = { authorization: `Bearer ${as.token}` };
    // The plans list of the province with its units: several kilobytes of JSON.
    const big = JSON.stringify({ query: `{ units(first: 100) { nodes { id code name level } } }` });
    const plain = await rawPost(env.url, big, auth);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.length).toBeGreaterThan(2048);
    const br = await rawPost(env.url, big, { ...auth, 'accept-encoding': 'br' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['x-sql-count']).toBe(plain.headers['x-sql-count']);
    expect(br.body.length).toBeLessThan(plain.body.length / 3);
    expect(JSON.parse(zlib.brotliDecompressSync(br.body).toString())).toEqual(JSON.parse(plain.body.toString()));
    const gz = await rawPost(env.url, big, { ...auth, 'accept-encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(JSON.parse(zlib.gunzipSync(gz.body).toString())).toEqual(JSON.parse(plain.body.toString()));
    // A small answer is not worth the work.
    const small = await rawPost(env.url, JSON.stringify({ query: '{ me { username } }' }), { ...auth, 'accept-encoding': 'br, gzip' });
    expect(small.headers['content-encoding']).toBeUndefined();
    expect(JSON.parse(small.body.toString()).data.me.username).toBe('laocai.viewer');
  });
});
