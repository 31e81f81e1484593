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
