import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../config.js';

/**
 * Before `npm start`: builds the portal when its build is missing or older than its sources, so a
 * fresh clone needs only `npm install` and `npm start`, and a started server never serves a stale UI.
 */
const portal = path.join(REPO_ROOT, 'portal');
const built = path.join(portal, 'dist', 'index.html');

function newest(dir: string): number {
  let latest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(full) : fs.statSync(full).mtimeMs);
  }
  return latest;
}

const sources = Math.max(newest(path.join(portal, 'src')), fs.statSync(path.join(portal, 'index.html')).mtimeMs);
if (!fs.existsSync(built) || fs.statSync(built).mtimeMs < sources) {
  console.log('kehoach: building the portal…');
  execFileSync('npm', ['run', 'build', '-w', 'portal'], { cwd: REPO_ROOT, stdio: 'inherit' });
} else {
  console.log('kehoach: portal build is up to date');
}
