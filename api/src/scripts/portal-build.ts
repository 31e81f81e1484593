import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../config.js';

const PORTAL = path.join(REPO_ROOT, 'portal');

function newestMtime(entry: string): number {
  const stat = fs.statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...fs.readdirSync(entry).map((name) => newestMtime(path.join(entry, name))));
}

/**
 * Builds the portal when its build is missing or older than its sources, so a fresh clone needs
 * only `npm install` and `npm start`, and neither the server nor the browser tests use a stale UI.
 * Returns whether it built.
 */
export function ensurePortalBuild(opts: { quiet?: boolean } = {}): boolean {
  const built = path.join(PORTAL, 'dist', 'index.html');
  const sources = ['src', 'public', 'index.html', 'vite.config.ts', 'package.json']
    .map((p) => path.join(PORTAL, p))
    .filter((p) => fs.existsSync(p));
  if (fs.existsSync(built) && fs.statSync(built).mtimeMs >= Math.max(...sources.map(newestMtime))) return false;
  execFileSync(process.execPath, [path.join(REPO_ROOT, 'node_modules/vite/bin/vite.js'), 'build'], {
    cwd: PORTAL,
    // Always a production build: under vitest NODE_ENV is "test", and Vite would then bundle
    // React's and antd's development builds (bigger and slower) into portal/dist.
    env: { ...process.env, NODE_ENV: 'production' },
    stdio: opts.quiet ? 'pipe' : 'inherit',
  });
  return true;
}
