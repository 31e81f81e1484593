/** The benchmark's markdown table and the issue's targets, evaluated. */
import type { LoadStats } from './load.js';
import type { BenchResult } from './bench.js';

export interface Report extends BenchResult {
  at: string;
  machine: { cpu: string; cores: number; memoryGB: number; os: string; node: string; postgres: string };
  dataset: {
    seed: string;
    generatorVersion: number;
    generatedSeconds: Record<string, number>;
    plans: number;
    nodes: number;
    byStatus: Record<string, number>;
    sizes: Record<string, number>;
    targets: Record<string, string>;
  };
  quick: boolean;
  loadAverage?: { before: number[]; after: number[] };
  breakdown?: Record<string, Record<string, number>>;
}

export interface Verdict {
  target: string;
  measured: string;
  met: boolean | null;
}

const at = (list: LoadStats[] | undefined, c: number) => list?.find((s) => s.concurrency === c);
const best = (list: LoadStats[] | undefined) => (list?.length ? Math.max(...list.map((s) => s.rps)) : NaN);
const f = (x: number | undefined, d = 1) => (x === undefined || Number.isNaN(x) ? '–' : x.toFixed(d));

export function evaluate(r: Report): Verdict[] {
  const op = (id: string) => r.ops.find((o) => o.id === id);
  const out: Verdict[] = [];
  const lat = (id: string, what: 'p50' | 'p99', limit: number) => {
    const s = at(op(id)?.gql, 1);
    if (!s) return;
    out.push({ target: `${id} ${what} ≤ ${limit} ms (c=1)`, measured: `${f(s[what], 2)} ms`, met: s[what] <= limit });
  };
  lat('O1', 'p50', 8);
  lat('O1', 'p99', 25);
  if (op('O1'))
    out.push({
      target: 'O1 ≥ 300 req/s',
      measured: `${f(best(op('O1')!.gql), 0)} req/s (best of c=1/8/32)`,
      met: best(op('O1')!.gql) >= 300,
    });
  lat('O2', 'p50', 12);
  const o2 = op('O2');
  if (o2?.pgl?.length) {
    const ratio = best(o2.gql) / best(o2.pgl);
    out.push({
      target: "O2 ≥ 3× PostGraphile's throughput",
      measured: `${f(ratio, 2)}× (${f(best(o2.gql), 0)} vs ${f(best(o2.pgl), 0)} req/s)`,
      met: ratio >= 3,
    });
  }
  lat('O3', 'p50', 5);
  lat('O5', 'p50', 40);
  out.push(
    r.o6.available && r.o6.runs?.length
      ? {
          target: 'O6 whole province ≤ 1.5 s',
          measured: `${f(Math.min(...r.o6.runs.map((x) => x.seconds)), 2)} s (${r.o6.note})`,
          met: Math.min(...r.o6.runs.map((x) => x.seconds)) <= 1.5,
        }
      : { target: 'O6 whole province ≤ 1.5 s', measured: r.o6.note, met: null },
  );
  lat('O8', 'p50', 150);
  for (const o of r.ops) {
    const g = at(o.gql, 1);
    const fl = at(o.floor, 1);
    if (!g || !fl) continue;
    const ratio = g.p50 / fl.p50;
    out.push({
      target: `${o.id} within 2× of its raw-SQL floor (p50, c=1)`,
      measured: `${f(ratio, 2)}× (${f(g.p50, 2)} vs ${f(fl.p50, 2)} ms)`,
      met: ratio <= 2,
    });
  }
  return out;
}

export function markdown(r: Report, verdicts: Verdict[]): string {
  const d = r.dataset;
  const lines: string[] = [];
  lines.push(`# National-scale benchmark`);
  lines.push('');
  lines.push(
    `Run ${r.at.slice(0, 16).replace('T', ' ')} UTC on ${r.machine.cpu}, ${r.machine.cores} cores, ${r.machine.memoryGB} GB; ${r.machine.os}; ` +
      `Node ${r.machine.node}; PostgreSQL ${r.machine.postgres} (embedded, fsync on). Server, PostgreSQL, PostGraphile and the load generator share the 2 cores.` +
      (r.loadAverage
        ? ` Load average (1/5/15 min) ${r.loadAverage.before.join('/')} before, ${r.loadAverage.after.join('/')} after the run: other work on the machine competes for the same cores.`
        : '') +
      (r.quick ? ' **Quick run (fewer requests): indicative only.**' : ''),
  );
  lines.push('');
  lines.push(
    `Data set (seed \`${d.seed}\`, generator v${d.generatorVersion}, built in ${d.generatedSeconds.total} s): ${d.plans.toLocaleString('en')} plans, ` +
      `${d.nodes.toLocaleString('en')} plan nodes, ${(d.sizes.plan_target ?? 0).toLocaleString('en')} targets, ` +
      `${(d.sizes.plan_target_allocation ?? 0).toLocaleString('en')} allocations, ${(d.sizes.audit_event ?? 0).toLocaleString('en')} audit events, ` +
      `${(d.sizes.admin_unit ?? 0).toLocaleString('en')} units; database ${d.sizes.databaseMB} MB. Statuses: ` +
      Object.entries(d.byStatus)
        .map(([k, v]) => `${k} ${v.toLocaleString('en')}`)
        .join(', ') +
      `. Largest province (pre-2025): ${d.targets.province}; 300-node plan: ${d.targets.district}.`,
  );
  lines.push('');
  lines.push(
    '| Op | What | SQL stmts | c | GraphQL p50 / p95 / p99 ms | GraphQL req/s | Floor p50 / p99 ms | Floor req/s | × floor (p50) | PostGraphile p50 / p99 ms | PostGraphile req/s |',
  );
  lines.push('|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const o of r.ops) {
    for (const g of o.gql) {
      const fl = at(o.floor, g.concurrency);
      const pg = at(o.pgl, g.concurrency);
      const first = g === o.gql[0];
      lines.push(
        `| ${first ? o.id : ''} | ${first ? o.name : ''} | ${first ? o.sql : ''} | ${g.concurrency} | ${f(g.p50, 2)} / ${f(g.p95, 2)} / ${f(g.p99, 2)}${g.errors ? ` (${g.errors} err)` : ''} | ${f(g.rps, 0)} | ` +
          `${f(fl?.p50, 2)} / ${f(fl?.p99, 2)} | ${f(fl?.rps, 0)} | ${fl ? f(g.p50 / fl.p50, 2) : '–'} | ${pg ? `${f(pg.p50, 2)} / ${f(pg.p99, 2)}` : '–'} | ${pg ? f(pg.rps, 0) : '–'} |`,
      );
    }
  }
  lines.push(
    `| O6 | streaming export of all issued plans under the province | | | ${r.o6.available ? r.o6.runs!.map((x) => `${x.seconds} s`).join(', ') : r.o6.note} | | | | | | |`,
  );
  lines.push('');
  if (r.rss) {
    lines.push(
      `Server RSS: ${r.rss.beforeMB} MB before and ${r.rss.afterMB} MB after ${r.rss.requests.toLocaleString('en')} mixed read requests (O1–O5, c=8)` +
        (r.rss.pglBeforeMB !== undefined ? `; PostGraphile ${r.rss.pglBeforeMB} → ${r.rss.pglAfterMB} MB over the run.` : '.'),
    );
    lines.push('');
  }
  lines.push('| Target | Measured | Met |');
  lines.push('|---|---|:-:|');
  for (const v of verdicts) lines.push(`| ${v.target} | ${v.measured} | ${v.met === null ? 'n/a' : v.met ? 'yes' : '**no**'} |`);
  if (r.breakdown) {
    lines.push('');
    lines.push(
      'Where the time goes (one request at a time, in-process, median ms): SQL = statements as run through MikroORM (driver and row parsing included); execution = resolvers and GraphQL execution outside SQL; serialisation = JSON.stringify of the result; HTTP & Apollo = the rest of the same request’s median over HTTP, measured interleaved (Apollo pipeline, parse/validate/limits, Express, HTTP, client).',
    );
    lines.push('');
    lines.push('| Op | over HTTP | SQL | execution | serialisation | HTTP & Apollo | floor p50 (load run) |');
    lines.push('|---|---:|---:|---:|---:|---:|---:|');
    for (const [id, b] of Object.entries(r.breakdown)) {
      lines.push(
        `| ${id} | ${f(b.http, 2)} | ${f(b.sql, 2)} | ${f(b.execution, 2)} | ${f(b.serialisation, 2)} | ${f(b.rest, 2)} | ${f(b.floor, 2)} |`,
      );
    }
  }
  return lines.join('\n');
}
