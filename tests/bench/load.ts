/**
 * A bounded closed-loop load generator: `concurrency` workers each send the next request as soon
 * as the previous one answered, until `maxRequests` have been sent or `maxSeconds` have passed.
 * Exact percentiles from every latency (no histogram buckets). Loopback only.
 */
import http from 'node:http';

export interface LoadStats {
  concurrency: number;
  requests: number;
  errors: number;
  seconds: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  mean: number;
  max: number;
  firstError?: string;
}

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

const r2 = (x: number) => Math.round(x * 100) / 100;

/**
 * Runs `fn(worker, i)` in a closed loop. Time spent in `after` (clean-up between requests, e.g.
 * deleting a derived plan) is neither timed nor counted in the request rate.
 */
export async function runLoad(
  fn: (worker: number, i: number) => Promise<unknown>,
  opts: { concurrency: number; maxRequests: number; maxSeconds: number; after?: (worker: number, result: unknown) => Promise<void> },
): Promise<LoadStats> {
  const latencies: number[] = [];
  let issued = 0;
  let errors = 0;
  let firstError: string | undefined;
  let busy = 0; // ms spent in requests, summed over workers
  const start = performance.now();
  const deadline = start + opts.maxSeconds * 1000;
  let untimed = 0;
  const worker = async (w: number) => {
    while (issued < opts.maxRequests && performance.now() < deadline) {
      const i = issued++;
      const t = performance.now();
      let result: unknown;
      try {
        result = await fn(w, i);
        const ms = performance.now() - t;
        latencies.push(ms);
        busy += ms;
      } catch (e) {
        errors++;
        firstError ??= String((e as Error).message ?? e).slice(0, 300);
      }
      if (opts.after) {
        const a = performance.now();
        await opts.after(w, result);
        untimed += performance.now() - a;
      }
    }
  };
  await Promise.all(Array.from({ length: opts.concurrency }, (_, w) => worker(w)));
  const seconds = (performance.now() - start - untimed / opts.concurrency) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    concurrency: opts.concurrency,
    requests: latencies.length,
    errors,
    seconds: r2(seconds),
    rps: r2(latencies.length / seconds),
    p50: r2(percentile(latencies, 50)),
    p95: r2(percentile(latencies, 95)),
    p99: r2(percentile(latencies, 99)),
    mean: r2(busy / Math.max(1, latencies.length)),
    max: r2(latencies.at(-1) ?? NaN),
    ...(firstError ? { firstError } : {}),
  };
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

export interface HttpResult {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** POST with a keep-alive agent (fetch costs more client CPU, which this 2-core machine shares with the server). */
export function post(url: string, body: string, headers: Record<string, string>): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

export function get(url: string, headers: Record<string, string>): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'GET', agent, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}
