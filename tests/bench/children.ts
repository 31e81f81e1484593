/** Child processes of the benchmark (the product's server, PostGraphile): started, awaited, asked for their RSS. */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { REPO_ROOT } from '../../api/src/config.js';

export function child(
  file: string,
  env: Record<string, string>,
  root = REPO_ROOT,
): Promise<{ proc: ChildProcess; url: string; appDatabaseUrl?: string; rss: () => Promise<number>; cpu: () => Promise<number> }> {
  const proc = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'tests', 'bench', file)], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let err = '';
  proc.stderr!.on('data', (d) => (err += String(d)));
  const ask = (what: 'rss' | 'cpu') =>
    new Promise<number>((resolve) => {
      const onMsg = (m: any) => {
        if (m && typeof m[what] === 'number') {
          proc.off('message', onMsg);
          resolve(m[what]);
        }
      };
      proc.on('message', onMsg);
      proc.send(what);
    });
  const rss = () => ask('rss');
  const cpu = () => ask('cpu');
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`${file} did not start: ${err.slice(-2000)}`)), 120_000);
    proc.stdout!.on('data', (d) => {
      out += String(d);
      const m = /LISTENING (\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        // A child that dies during the run says why (its stderr), instead of a bare "socket hang up".
        proc.on('exit', (code, signal) => {
          if (code !== 0 && code !== 143 && signal !== 'SIGTERM') console.error(`${file} exited (${code ?? signal}): ${err.slice(-3000)}`);
        });
        resolve({ proc, url: m[1], appDatabaseUrl: /APP_DATABASE_URL (\S+)/.exec(out)?.[1], rss, cpu });
      }
    });
    proc.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${file} exited with ${code}: ${err.slice(-2000)}`));
    });
  });
}
