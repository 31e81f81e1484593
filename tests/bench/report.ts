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
  /** `--replica`: O1 and O2 through a server reading from a streaming replica (floor on the replica). */
  replica?: { readySeconds: number; servedBy: string; lagSeconds: number; ops: BenchResult['ops'] };
  /** Operations measured later in a subset run (`--only`), shown in this full run's table. */
  merged?: { at: string; ids: string[]; file: string; dataset: Report['dataset']; loadAverage?: { before: number[]; after: number[] } };
}

/**
 * A full run with the operations of a later subset run (`--only`) put in (replaced or added):
 * the README's table keeps every operation, each row saying which run measured it.
 */
export function mergeRun(full: Report, partial: Report, file: string): Report {
  const ids = partial.ops.map((o) => o.id);
  return {
    ...full,
    ops: [...full.ops.filter((o) => !ids.includes(o.id)), ...partial.ops],
    breakdown: full.breakdown || partial.breakdown ? { ...full.breakdown, ...partial.breakdown } : undefined,
    merged: { at: partial.at, ids, file, dataset: partial.dataset, loadAverage: partial.loadAverage },
  };
}

export interface Verdict {
  target: string;
  measured: string;
  met: boolean | null;
}

const at = (list: LoadStats[] | undefined, c: number) => list?.find((s) => s.concurrency === c);
const best = (list: LoadStats[] | undefined) => (list?.length ? Math.max(...list.map((s) => s.rps)) : NaN);
const f = (x: number | undefined, d = 1) => (x === undefined || Number.isNaN(x) ? '–' : x.toFixed(d));

/**
 * The targets of issue 13 (docs/SCALING.md, "Capacity"), evaluated on one run: latency budgets,
 * every operation against its own raw-SQL floor measured in the same minutes (p50 at c=1, and
 * throughput at c=8), the fixed cost of a small query, and PostGraphile on every operation it serves.
 */
export function evaluate(r: Report): Verdict[] {
  const op = (id: string) => r.ops.find((o) => o.id === id);
  const out: Verdict[] = [];
  const lat = (id: string, what: 'p50' | 'p99', limit: number) => {
    const s = at(op(id)?.gql, 1);
    if (!s) return;
    out.push({ target: `${id} ${what} ≤ ${limit} ms (c=1)`, measured: `${f(s[what], 2)} ms`, met: s[what] <= limit });
  };
  lat('O1', 'p50', 6);
  lat('O1', 'p99', 25);
  lat('O3', 'p50', 4);
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
  lat('O9', 'p50', 10);
  for (const id of ['O4a', 'O4b']) {
    const g = at(op(id)?.gql, 1);
    const fl = at(op(id)?.floor, 1);
    if (!g || !fl) continue;
    out.push({
      target: `${id} fixed cost ≤ 0.7 ms above its SQL (p50, c=1)`,
      measured: `${f(g.p50 - fl.p50, 2)} ms (${f(g.p50, 2)} vs ${f(fl.p50, 2)} ms)`,
      met: g.p50 - fl.p50 <= 0.7,
    });
  }
  for (const o of r.ops) {
    const g = at(o.gql, 1);
    const fl = at(o.floor, 1);
    if (g && fl) {
      const ratio = g.p50 / fl.p50;
      out.push({
        target: `${o.id} within 1.5× of its raw-SQL floor (p50, c=1)`,
        measured: `${f(ratio, 2)}× (${f(g.p50, 2)} vs ${f(fl.p50, 2)} ms)`,
        met: ratio <= 1.5,
      });
    }
    const g8 = at(o.gql, 8);
    const fl8 = at(o.floor, 8);
    if (g8 && fl8) {
      const share = g8.rps / fl8.rps;
      out.push({
        target: `${o.id} at c=8 ≥ 70% of its floor's throughput`,
        measured: `${f(share * 100, 0)}% (${f(g8.rps, 0)} vs ${f(fl8.rps, 0)} req/s)`,
        met: share >= 0.7,
      });
    }
    if (o.pgl?.length) {
      const behind = o.gql.filter((s) => {
        const p = at(o.pgl, s.concurrency);
        return p && (s.p50 > p.p50 || s.rps < p.rps);
      });
      out.push({
        target: `${o.id} ahead of PostGraphile at every concurrency (p50 and req/s)`,
        measured: o.gql.map((s) => `c=${s.concurrency}: ${f(s.rps, 0)} vs ${f(at(o.pgl, s.concurrency)?.rps, 0)} req/s`).join('; '),
        met: behind.length === 0,
      });
    }
  }
  return out;
}

/**
 * What each operation spends and what would close the gap, with this run's numbers filled in
 * ({http} {sql} {exec} {ser} {rest} {floor} {stmts}). Written from the stage breakdown and the
 * per-statement traces (tests/bench/trace.ts); shown for operations that miss a target.
 */
const NOTES: Record<string, string> = {
  O1:
    "SQL is {sql} of {http} ms, in {stmts} statements: the caller; the plan with the right to read it; and the cascade's pass — " +
    "the ~590 units of the lineage walked once, grouped by status and compliance with their coverage sums, the summary's target " +
    'sums and the page of 50 with its units and plans, in ONE statement (docs/ARCHITECTURE.md, "Derivation and the cascade"). ' +
    "The pass is the floor's work under row-level security, planned at every call: prepared, PostgreSQL's generic plan (made " +
    'without the plan\'s and the caller\'s values) ran 3× slower, so it is not (docs/ARCHITECTURE.md, "Prepared statements"). ' +
    'The floor, {floor} ms, is the same answer in one statement by the superuser, prepared, without row-level security; even the ' +
    'floor tops out at {floorBest} req/s, PostgreSQL sharing the 2 cores with the server and the load generator. What would close ' +
    'it: the cascade aggregates per (plan, depth) kept on write next to plan_rollup, so the groups and the summary become one ' +
    'indexed row instead of a walk of the lineage (docs/DESIGN.md §10: "about 2 ms"); and a pass whose generic plan is good, so ' +
    'that it can be prepared.',
  O2:
    "The API answers O2 in {p50} ms against the floor's {floor} ms at c=1: {sql} ms of SQL in {stmts} statements (each a " +
    'round trip with its own planning), the rest the fixed cost of a request (see O4a). PostGraphile compiles the query to one ' +
    "SQL statement and sits closer to the floor, and both are bounded by the 2 cores that PostgreSQL, both servers and the load generator share (the floor's own best: " +
    '{floorBest} req/s, PostGraphile {pglBest} req/s).',
  O3:
    "SQL is {sql} ms ({stmts} statements: the caller, the plan row with the right to read it, the parent plan for the nodes' links; " +
    'an issued plan\'s body comes from a bounded in-memory cache keyed by plan id and version, docs/ARCHITECTURE.md "Read paths"); ' +
    'execution of 300 nodes × ~25 fields with their task objects is {exec} ms, serialisation {ser} ms, Apollo and HTTP {rest} ms. ' +
    'Queries run compiled by graphql-jit (docs/ARCHITECTURE.md, "Compiled execution"): the server\'s CPU per request for O3 went ' +
    '12.05 → 8.77 ms in-process (tests/bench/profile.ts, 300 requests). What is left is the answer itself — about 7,500 values ' +
    'built and turned into JSON — and Apollo and HTTP: a body served pre-shaped (the cache holding the serialised nodes, not ' +
    'objects) would close most of it.',
  O4a:
    'A small query: SQL {sql} ms in {stmts} statements, it was 4 (tests/api/units.test.ts asserts it): the caller, which also sets ' +
    "it for row-level security and carries the transaction's BEGIN; the unit; the page of children with the count of all of them " +
    "and each child's count in one statement (the loader of child counts then has nothing to ask). Apollo's pipeline and HTTP " +
    '{rest} ms. Issue 13 cut what every signed-in request pays whatever it asks (docs/ARCHITECTURE.md, "What every request ' +
    'costs"): the caller and its settings in one statement, BEGIN sent with it, a query\'s COMMIT not waited for (a signed-in ' +
    'query waits for its statements and no other round trip: 3 fewer), parsed documents and their costs kept (bounded), the token ' +
    'checked once. Interleaved with the code before it on the same data set (npm run bench:ab, 600 rounds at c=1): p50 6.41 → ' +
    "5.56 ms against a 1.10 ms floor (5.8× → 5.1×), then with the children's counts folded in 6.13 → 5.70 ms against 1.13 ms " +
    '(5.4× → 5.0×). What is left is per statement — each a round trip through MikroORM, Kysely and pg, together about a third ' +
    "of the server's CPU for this page — and Apollo and Express: the unit folded into the children's statement (the unit query " +
    'would have to look ahead at its selection), then compiled execution.',
  O4b:
    'As O4a: SQL {sql} ms in {stmts} statements; Apollo and HTTP {rest} ms of fixed cost per request. Interleaved with the code ' +
    'before issue 13 (as O4a): p50 4.41 → 3.66 ms against a 1.31 ms floor (3.4× → 2.8×); CPU per request 2.82 → 2.28 ms in the ' +
    'server, 1.57 → 1.40 ms in PostgreSQL.',
  O5:
    "SQL {sql} of {http} ms in {stmts} statements: the caller; the plan; the page of units from the lineage (the walk of O1's " +
    "pass); the plan's task nodes; the ids their earlier versions had; the nodes of the page's plans derived from those tasks " +
    '(one statement for all of them); their omissions. Then the ~2,000 cells are matched in the resolver: execution {exec} ms, ' +
    'serialisation {ser} ms. The floor computes the cells in one statement in {floor} ms. What would close it: the cells in the ' +
    "page's statement, as the floor does, and O1's walk kept on write (see O1).",
  O7:
    'The edit is 8 statements, it was 17 (tests/api/plan-store.test.ts asserts it): the caller; the savepoint; the plan locked ' +
    'through the node; the node locked and checked against its version; the node written with its provenance computed from the ' +
    "values written, returning the node and its depth; the plan's updated_at, its limits and the audit event in one statement; " +
    'the roll-up in one statement (the upstream state read only for a plan whose parent has a later published version); the ' +
    "savepoint released. Then O1's 3. SQL {sql} of {http} ms. Quick runs alternating the code before and after " +
    '(tests/bench/results/2026-12-04-20-03-quick-only-O4a-O7-o7edit.md): 2.95–3.84× before, 2.71–2.96× after. What is left of ' +
    "the edit: kh_refresh_rollup recounts the plan's and its parent's nodes on every edit (2.3–2.7 ms a call: five passes over " +
    "300 nodes) — counts moved by the edit would be a change of the function; the limits' counts; the savepoint's two round " +
    'trips. Then what closes O1.',
  O9:
    'Two statements whatever the number of units: the caller; the page in ONE statement, prepared — the ~500 obligations of the tree ' +
    "walked one index-only lookup a step with their unit's code and level held on each (migration 0025: no unit looked up), " +
    'then for its 50 rows their unit, agency, the report the viewer sees with its compliance, the roll-up cells (one pass, ' +
    "joined by obligation) and the targets each unit reports on with its allocation (the plan store's fragment), with the " +
    "count of all rows. SQL {sql} ms against the floor's {floor} ms; the floor walks the same columns. The page statement " +
    'alone as the serving role, prepared, each variant run 60 times interleaved (2026-12-04 21:50 → 23:00): 8.2 ms before ' +
    "these changes; 7.4 ms with the cells joined by obligation instead of looked up in a JSON map; 6.3 ms with a unit's own " +
    'plan looked for only for a target it has no allocation of (half of the lookups were for targets already allocated); ' +
    '5.5 ms with cells and shares sent as arrays; then the walk without a unit lookup per obligation (PostgreSQL CPU per ' +
    "request 6.77 → 5.90 ms, npm run bench:ab); then 5.49 → 4.73 ms with a target's and an allocation's row-level " +
    'security answered from the row for plans at or below the viewer (migration 0026: ~700 lookups of a plan gone). What is ' +
    'left in it: the targets and allocations (~1.6 ms), the cells (~1 ms). GraphQL execution of 50 rows × ~55 fields {exec} ms ' +
    '(no loader, no promise per row); serialisation {ser} ms; the rest, {rest} ms, is what every signed-in request costs ' +
    "whatever it asks (see O4a) — with the caller's statement, about 4 ms the floor does not pay, so the ratio to a 4.3 ms " +
    'floor stays near 2×. Full runs on this machine: 12.4 ms (20:45), 9.72 (22:06), 9.10 and 8.77 (22:32, 22:44), this run.',
  O10:
    'Two statements whatever the number of units: the caller, and ONE prepared statement with the obligations of the units directly ' +
    "below in sight by compliance, the targets each reports on with its allocation (the plan store's fragment) and their roll-up " +
    "totals (kept on write in report_rollup, read in one lookup of the obligations' ids): SQL {sql} ms against {floor} ms for the " +
    'floor; the rest, {rest} ms, is the fixed cost of a request (see O4a). Before this change: 4 statements, 12.0 ms against a 2.7 ms ' +
    'floor planned at every call (run of 2026-12-04 18:10). The gap left is in the statement — row-level security and the ' +
    "API's fuller answer, not measured apart — and the fixed cost.",
  O8:
    'SQL is {sql} of {http} ms in {stmts} statements: the source plan read part by part (nodes, legal bases, phases, targets, ' +
    'milestones, agencies), then the new plan written once per table — 300 nodes in one INSERT with their provenance and snapshot, ' +
    'their generated search key and trigram index entries — then the roll-up and the audit event, and the new plan read back ' +
    'for the answer. What would close it: the source parts in one statement (JSON aggregation) and the answer built from what ' +
    'was written instead of read back.',
};

function noteFor(id: string, r: Report): string | null {
  const t = NOTES[id];
  const b = r.breakdown?.[id];
  const o = r.ops.find((x) => x.id === id);
  if (!t || !b || !o) return null;
  const v: Record<string, string> = {
    http: f(b.http, 1),
    sql: f(b.sql, 1),
    exec: f(b.execution, 1),
    ser: f(b.serialisation, 1),
    rest: f(b.rest, 1),
    floor: f(at(o.floor, 1)?.p50, 1),
    stmts: String(o.sql),
    p50: f(at(o.gql, 1)?.p50, 1),
    floorBest: f(best(o.floor), 0),
    pglBest: f(best(o.pgl), 0),
  };
  return t.replace(/\{(\w+)\}/g, (_, k: string) => v[k] ?? k);
}

export function markdown(r: Report, verdicts: Verdict[]): string {
  const d = r.dataset;
  const lines: string[] = [];
  lines.push(`# National-scale benchmark`);
  lines.push('');
  lines.push(
    '`npm run bench` generates the data set on first use (the whole country in both shapes from the real unit lists, a national plan ' +
      'per shape derived down every branch, the report obligations of every issued plan and the first monthly report of most units; ' +
      'the national plans through GraphQL, the derived plans and the reports in bulk COPY that writes exactly what ' +
      'the write paths write — tests/api/bench-smoke.test.ts checks that row by row; kept in `.data/bench/` and reused while the ' +
      'generator version and seed match), then runs the product server (NODE_ENV=production, in its own process) and PostGraphile v5 ' +
      '(amber preset, own process, own pool) over that database and measures every operation at concurrency 1, 8 and 32 with a bounded ' +
      'closed loop (5 s or 4,000 requests per cell, 127.0.0.1 only), beside the same result computed by raw SQL through `pg` (the floor: one statement, named so that `pg` prepares it once per connection, as the product prepares its heavy reads — floors before 2026-12-04 20:20 were planned at every call). ' +
      '`--quick` for a short run, `--only O1,O3` for a subset. JSON in `tests/bench/results/`, this table in `tests/bench/results/latest.md`.',
  );
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
  if (r.merged) {
    const m = r.merged;
    const rep = m.dataset.sizes;
    lines.push('');
    lines.push(
      `${m.ids.join(', ')}: measured later, on ${m.at.slice(0, 16).replace('T', ' ')} UTC, in a run of their own (\`npm run bench -- --only ${m.ids.join(',')}\`, ` +
        `\`tests/bench/results/${m.file}\`) on the data set of generator v${m.dataset.generatorVersion}, which adds the reports: ` +
        `${(rep.report_obligation ?? 0).toLocaleString('en')} report obligations, ${(rep.report ?? 0).toLocaleString('en')} reports ` +
        `(the first monthly report of every plan below the national ones: most units on time, some late, missing, drafts, returned), ` +
        `${(rep.report_figure ?? 0).toLocaleString('en')} figures, ${(rep.report_task ?? 0).toLocaleString('en')} report tasks, ` +
        `${(rep.report_rollup ?? 0).toLocaleString('en')} roll-up rows; database ${rep.databaseMB} MB.` +
        (m.loadAverage
          ? ` Load average ${m.loadAverage.before.join('/')} before, ${m.loadAverage.after.join('/')} after that run` +
            (Math.max(...m.loadAverage.before, ...m.loadAverage.after) > Math.max(...(r.loadAverage?.after ?? [0]))
              ? ': a busier machine than during the run above, so compare its rows with their floor, measured in the same minutes, rather than with the rows above.'
              : '.')
          : ''),
    );
  }
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
  if (r.replica) {
    lines.push(
      `With a read replica (\`--replica\`): a streaming replica of the data set made by base backup while the primary runs (ready in ${r.replica.readySeconds} s), ` +
        `a second server given it in \`DATABASE_REPLICA_URLS\` (reads answered by: ${r.replica.servedBy}; replay lag at the start ${r.replica.lagSeconds} s), ` +
        'the same requests, the floor run on the replica. Primary, replica, servers and load share the same 2 cores here: this shows what a read ' +
        'costs on a replica, not the capacity a replica on its own machine adds (docs/SCALING.md).',
    );
    lines.push('');
    lines.push('| Op | c | primary p50 ms | primary req/s | replica p50 ms | replica req/s | floor on the replica p50 ms |');
    lines.push('|---|---:|---:|---:|---:|---:|---:|');
    for (const o of r.replica.ops) {
      const onPrimary = r.ops.find((x) => x.id === o.id);
      for (const g of o.gql) {
        const p = at(onPrimary?.gql, g.concurrency);
        lines.push(
          `| ${g === o.gql[0] ? o.id : ''} | ${g.concurrency} | ${f(p?.p50, 2)} | ${f(p?.rps, 0)} | ${f(g.p50, 2)}${g.errors ? ` (${g.errors} err)` : ''} | ${f(g.rps, 0)} | ${f(at(o.floor, g.concurrency)?.p50, 2)} |`,
        );
      }
    }
    lines.push('');
  }
  lines.push('| Target | Measured | Met |');
  lines.push('|---|---|:-:|');
  for (const v of verdicts) lines.push(`| ${v.target} | ${v.measured} | ${v.met === null ? 'n/a' : v.met ? 'yes' : '**no**'} |`);
  const missed = [...new Set(verdicts.filter((v) => v.met === false).map((v) => v.target.split(' ')[0]))];
  const notes = missed.map((id) => [id, noteFor(id, r)] as const).filter(([, n]) => n);
  if (notes.length) {
    lines.push('');
    lines.push('Where a target is missed:');
    lines.push('');
    for (const [id, n] of notes) lines.push(`- **${id}**: ${n}`);
  }
  if (r.breakdown) {
    lines.push('');
    lines.push(
      'Where the time goes (one request at a time, in-process, median ms): SQL = statements as run through MikroORM (driver and row parsing included) by the serving role under row-level security, the caller’s statement included; execution = resolvers and GraphQL execution outside SQL; serialisation = JSON.stringify of the result; HTTP & Apollo = the rest of the same request’s median over HTTP, measured interleaved (Apollo pipeline, parse/validate/limits, Express, HTTP, client).',
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
