import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from '../support/env.js';
import { generate, type GenerateOptions, type GenerateResult } from '../bench/generate.js';
import { snapshot, type Snapshot } from '../bench/snapshot.js';
import { gqlClient } from '../bench/write-path.js';

/**
 * The benchmark harness (tests/bench) must not rot: the bulk generator writes exactly what the
 * product's write paths write (same seed, small tree, both ways, compared row by row without ids
 * and timestamps), and a tiny benchmark pass runs every operation. No timing assertions.
 */
const SMALL: Pick<GenerateOptions, 'seed' | 'scope' | 'rootSize' | 'force' | 'fillTo'> = {
  seed: 'smoke-1',
  scope: { shapes: ['old', 'new'], provinces: { old: ['10'], new: ['15'] }, maxChildren: 3 },
  rootSize: 40,
  // A little of everything in a tree this small.
  force: { '15@2025': 'ISSUED', '02635': 'IN_REVIEW', '082': 'DRAFT' },
  fillTo: { '083': 60 },
};

let viaGraphql: TestEnv;
let bulk: TestEnv;
let a: Snapshot;
let b: Snapshot;
let genA: GenerateResult;
let genB: GenerateResult;

async function dump(env: TestEnv, g: GenerateResult) {
  const db = new pg.Client({ connectionString: env.app.databaseUrl });
  await db.connect();
  try {
    return await snapshot(db, Object.values(g.roots));
  } finally {
    await db.end();
  }
}

beforeAll(async () => {
  [viaGraphql, bulk] = await Promise.all([createTestEnv(), createTestEnv()]);
  genA = await generate({ ...SMALL, databaseUrl: viaGraphql.app.databaseUrl, gql: gqlClient(viaGraphql.url), mode: 'graphql' });
  genB = await generate({ ...SMALL, databaseUrl: bulk.app.databaseUrl, gql: gqlClient(bulk.url), mode: 'bulk' });
  [a, b] = await Promise.all([dump(viaGraphql, genA), dump(bulk, genB)]);
}, 120_000);

afterAll(async () => {
  await Promise.all([viaGraphql?.stop(), bulk?.stop()]);
});

describe('bulk generator', () => {
  it('builds a tree with a mix of statuses, adaptations, omissions and local tasks', () => {
    expect(genB.plans).toBe(genA.plans);
    expect(genB.plans).toBeGreaterThan(10);
    expect(Object.keys(genB.byStatus).length).toBeGreaterThan(1);
    const prov = (b.node as { provenance: string }[]).map((n) => n.provenance);
    expect(new Set(prov)).toEqual(new Set(['INHERITED', 'ADAPTED', 'LOCAL']));
    expect(b.omission.length).toBeGreaterThan(0);
    expect(b.allocation.length).toBeGreaterThan(0);
  });

  for (const table of ['plan', 'legalBasis', 'node', 'phase', 'target', 'allocation', 'milestone', 'omission', 'rollup', 'numberSequence', 'audit']) {
    it(`writes the same ${table} rows as the write paths`, () => {
      expect(b[table].length).toBe(a[table].length);
      expect(b[table]).toEqual(a[table]);
    });
  }
});
