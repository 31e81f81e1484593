import net from 'node:net';

/**
 * The address a sign-in throttle counts against (docs/ACCESS.md, "Sign-in throttling").
 *
 * The raw address comes from Express's `req.ip`: the socket's peer, or — only when
 * KEHOACH_TRUST_PROXY names the proxies in front of the server — the last untrusted hop of
 * X-Forwarded-For. Here it is reduced to what one client controls: an IPv4 address as is
 * (IPv4-mapped IPv6 "::ffff:a.b.c.d" included), an IPv6 address to its /64 prefix, since one
 * subscriber usually holds a whole /64 and could otherwise rotate through 2^64 addresses.
 */
export function throttleAddress(raw: string | undefined): string {
  if (!raw) return 'unknown';
  const address = raw.trim().replace(/%.*$/, ''); // an IPv6 zone ("fe80::1%eth0") is local detail
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped && net.isIPv4(mapped[1])) return mapped[1];
  if (net.isIPv4(address)) return address;
  if (net.isIPv6(address)) return `${expandIpv6(address).slice(0, 4).join(':')}::/64`;
  return 'unknown';
}

/** The eight 16-bit groups of a valid IPv6 address, as lower-case hex without leading zeros. */
function expandIpv6(address: string): string[] {
  let text = address.toLowerCase();
  // A dotted IPv4 tail ("64:ff9b::192.0.2.1") is two groups.
  const tail = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (tail) {
    const [a, b, c, d] = tail.slice(1).map(Number);
    text = `${text.slice(0, tail.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, rest] = text.split('::');
  const left = head ? head.split(':') : [];
  const right = rest !== undefined && rest !== '' ? rest.split(':') : [];
  const zeros = rest === undefined ? [] : Array<string>(8 - left.length - right.length).fill('0');
  return [...left, ...zeros, ...right].map((group) => parseInt(group, 16).toString(16));
}

/**
 * KEHOACH_TRUST_PROXY, as Express's "trust proxy" setting: unset (or 0/false) — X-Forwarded-For
 * is ignored and the socket's peer is the client; a number n — the n proxies nearest the server
 * are trusted; otherwise a comma-separated list of the proxies' addresses or subnets
 * ("10.0.0.0/8", "loopback", …), checked by Express when the server starts. "true" (trust every
 * hop) is refused: any client could then choose its own address by sending the header.
 */
export type TrustProxy = false | number | string[];

export function trustProxyFromEnv(raw: string | undefined): TrustProxy {
  const value = (raw ?? '').trim();
  if (value === '' || value === '0' || value.toLowerCase() === 'false') return false;
  if (/^\d+$/.test(value)) return Number(value);
  if (value.toLowerCase() === 'true' || value === '*') {
    throw new Error('KEHOACH_TRUST_PROXY=true would let any client choose its address: give the number of proxies or their addresses');
  }
  return value
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
}
