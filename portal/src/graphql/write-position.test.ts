import { describe, expect, it } from 'vitest';
import { fetchWithWritePosition, LSN_HEADER } from './write-position';

describe('the write position', () => {
  it('is sent back on every request after a response carried one, and replaced by a newer one', async () => {
    const sent: (string | null)[] = [];
    const answers = [null, '0/16B3748', null, '0/16B9000'];
    const fetcher = fetchWithWritePosition(async (_input, init) => {
      sent.push(new Headers(init?.headers).get(LSN_HEADER));
      const lsn = answers[sent.length - 1];
      return new Response('{}', { headers: lsn ? { [LSN_HEADER]: lsn } : {} });
    });
    for (let i = 0; i < 5; i++) await fetcher('/graphql', { method: 'POST', headers: { authorization: 'Bearer t' } });
    expect(sent).toEqual([null, null, '0/16B3748', '0/16B3748', '0/16B9000']);
  });

  it('keeps the other headers', async () => {
    let seen: Headers | null = null;
    const fetcher = fetchWithWritePosition(async (_input, init) => {
      seen = new Headers(init?.headers);
      return new Response('{}');
    });
    await fetcher('/graphql', { headers: { authorization: 'Bearer t', 'apollo-require-preflight': 'true' } });
    expect(seen!.get('authorization')).toBe('Bearer t');
    expect(seen!.get('apollo-require-preflight')).toBe('true');
  });
});
