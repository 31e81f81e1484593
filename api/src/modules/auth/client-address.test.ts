import { describe, expect, it } from 'vitest';
import { throttleAddress } from './client-address.js';

describe('throttleAddress', () => {
  it.each([
    ['127.0.0.1', '127.0.0.1'],
    [' 203.0.113.7 ', '203.0.113.7'],
    ['::ffff:203.0.113.7', '203.0.113.7'],
    ['::FFFF:10.0.0.1', '10.0.0.1'],
  ])('IPv4 %j → %j', (raw, expected) => {
    expect(throttleAddress(raw)).toBe(expected);
  });

  it('IPv6 addresses of one /64 count as one client, whatever their spelling', () => {
    const a = throttleAddress('2001:db8:0:1::1');
    expect(a).toBe('2001:db8:0:1::/64');
    for (const same of ['2001:db8:0:1:ffff:ffff:ffff:ffff', '2001:0DB8:0000:0001:0:0:0:2', '2001:db8:0:1::abcd%eth0']) {
      expect(throttleAddress(same)).toBe(a);
    }
    expect(throttleAddress('2001:db8:0:2::1')).not.toBe(a);
  });

  it.each([
    ['::1', '0:0:0:0::/64'],
    ['::', '0:0:0:0::/64'],
    ['fe80::1', 'fe80:0:0:0::/64'],
    ['64:ff9b::192.0.2.1', '64:ff9b:0:0::/64'],
    ['1:2:3:4:5:6:7:8', '1:2:3:4::/64'],
  ])('IPv6 %j → %j', (raw, expected) => {
    expect(throttleAddress(raw)).toBe(expected);
  });

  it.each([undefined, '', 'not-an-address', '999.1.1.1'])('%j → one shared "unknown" bucket', (raw) => {
    expect(throttleAddress(raw)).toBe('unknown');
  });
});
