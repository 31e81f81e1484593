/**
 * Read-your-writes with read replicas (docs/SCALING.md, "Read replicas"): the API answers a
 * mutation with the primary's position after it (X-Kehoach-Lsn); sent back on the next requests,
 * it makes the API read them from the primary until a replica has caught up. So an official who
 * saves a change never sees the page reload without it. Without replicas the API sends no
 * position and this does nothing.
 */
export const LSN_HEADER = 'x-kehoach-lsn';

/** A fetch for Apollo's HttpLink that remembers the last position and sends it back. */
export function fetchWithWritePosition(base: typeof fetch = (...args) => fetch(...args)): typeof fetch {
  let position: string | null = null;
  return async (input, init) => {
    const headers = new Headers(init?.headers);
    if (position) headers.set(LSN_HEADER, position);
    const res = await base(input, { ...init, headers });
    const next = res.headers.get(LSN_HEADER);
    if (next) position = next;
    return res;
  };
}
