import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { expect, it } from 'vitest';

/**
 * CI trusts the exit code of `npm test`. The embedded database's exit hooks once turned failing runs
 * into exit code 0; this runs a suite that must fail, with the same global setup, and checks the code.
 */
it('a failing run exits non-zero', () => {
  const root = path.resolve(import.meta.dirname, '..', '..');
  const run = spawnSync(path.join(root, 'node_modules', '.bin', 'vitest'), ['run', '--config', 'tests/fixtures/failing.vitest.config.ts'], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, FORCE_COLOR: '0' },
    timeout: 180_000,
  });
  expect(run.stdout + run.stderr).toMatch(/1 failed/);
  expect(run.status).toBe(1);
}, 200_000);
