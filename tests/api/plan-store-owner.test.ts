import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/*
 * Issue 15: one owner for the plan tables. The plan store (api/src/modules/plans/store/) is the
 * only code with SQL on them, and the layers point one way. These scans keep it so in CI
 * (docs/ARCHITECTURE.md, "How a write happens").
 */

const ROOT = path.resolve(__dirname, '..', '..');
const SRC = path.join(ROOT, 'api', 'src');
const STORE = path.join(SRC, 'modules', 'plans', 'store');
const MIGRATIONS = path.join(SRC, 'core', 'db', 'migrations');

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [p] : [];
  });
}

const PLAN_TABLE =
  /\bplan_(node|legal_basis|phase|target|target_allocation|milestone|omission|upstream_decision|rollup|number_sequence)\b|\b(from|join|into|update)\s+plan\b(?!_)/i;
const SQL = /\b(select|insert|update|delete|from|join|returning)\b/i;

/** SQL text in a file: template literals and quoted strings that read like SQL on a plan table. */
function planSql(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  const literals = text.match(/`(?:[^`\\]|\\.)*`|'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"/g) ?? [];
  return literals.filter((l) => SQL.test(l) && PLAN_TABLE.test(l)).map((l) => `${path.relative(ROOT, file)}: ${l.slice(0, 120)}`);
}

describe('the plan store owns the plan tables', () => {
  it('finds no SQL on plan tables outside api/src/modules/plans/store (migrations aside)', () => {
    const outside = sources(SRC).filter((f) => !f.startsWith(STORE + path.sep) && !f.startsWith(MIGRATIONS + path.sep));
    expect(outside.length).toBeGreaterThan(50);
    expect(outside.flatMap(planSql)).toEqual([]);
    // The scan does find the store's own SQL: it is not a test that cannot fail.
    expect(sources(STORE).flatMap(planSql).length).toBeGreaterThan(20);
  });

  it("writes the lock of a plan row in one place: the store's write path", () => {
    const locks = sources(SRC).filter((f) => /from plan p where p\.id = \? for update/.test(fs.readFileSync(f, 'utf8')));
    expect(locks.map((f) => path.relative(ROOT, f))).toEqual(['api/src/modules/plans/store/write.ts']);
  });

  it('keeps the layers one way: plans/ imports nothing of derivation/', () => {
    const plans = sources(path.join(SRC, 'modules', 'plans'));
    const offending = plans.filter((f) => /from '[^']*derivation\//.test(fs.readFileSync(f, 'utf8')));
    expect(offending.map((f) => path.relative(ROOT, f))).toEqual([]);
  });
});
