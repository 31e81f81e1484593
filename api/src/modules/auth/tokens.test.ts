import { afterEach, describe, expect, it, vi } from 'vitest';
import { createTokenSigner } from './tokens.js';

describe('createTokenSigner', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('a token verified once is still refused once it expires', async () => {
    const signer = createTokenSigner('s'.repeat(40), 60);
    const { token } = await signer.sign('user-1', 'stamp');
    expect(await signer.verify(token)).toMatchObject({ userId: 'user-1', credentials: 'stamp' });
    expect(await signer.verify(token)).toMatchObject({ userId: 'user-1', credentials: 'stamp' }); // kept
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 61_000);
    expect(await signer.verify(token)).toBeNull();
  });

  it('a token altered after a genuine one was verified is refused: only verified tokens are kept', async () => {
    const signer = createTokenSigner('s'.repeat(40), 60);
    const { token } = await signer.sign('user-1', 'stamp');
    expect(await signer.verify(token)).not.toBeNull();
    const [header, payload, signature] = token.split('.');
    const forgedPayload = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(payload!, 'base64url').toString()), sub: 'user-2' }),
    ).toString('base64url');
    expect(await signer.verify(`${header}.${forgedPayload}.${signature}`)).toBeNull();
    expect(await signer.verify(`${token}x`)).toBeNull();
    // Signed with another secret: refused, though its claims are a valid token's.
    const other = createTokenSigner('o'.repeat(40), 60);
    expect(await signer.verify((await other.sign('user-1', 'stamp')).token)).toBeNull();
  });
});
