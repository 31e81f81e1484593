import fs from 'node:fs';
import path from 'node:path';

/**
 * The processes of an embedded PostgreSQL data folder, seen from outside: what `postmaster.pid`
 * says, whether that process is still ours to worry about, and how to stop one left behind by an
 * earlier run. Linux /proc is used where it exists; elsewhere only the pid file is trusted.
 *
 * Why it exists: after `kill -9` of the node process the postmaster keeps running (reparented) and
 * holds the folder, and the next start died with a bare `undefined` (docs/ARCHITECTURE.md, "Process").
 */

export interface PidFile {
  pid: number;
  /** The data directory the postmaster wrote (second line). */
  dataDir: string;
  port: number | null;
}

/** Reads `postmaster.pid` (PostgreSQL's lock file: pid, data dir, start time, port, …). */
export function readPidFile(dataDir: string): PidFile | null {
  let text: string;
  try {
    text = fs.readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8');
  } catch {
    return null;
  }
  const lines = text.split('\n');
  const pid = Number(lines[0]);
  if (!Number.isInteger(pid) || pid <= 0) return null;
  const port = Number(lines[3]);
  return { pid, dataDir: lines[1] ?? '', port: Number.isInteger(port) && port > 0 ? port : null };
}

const HAS_PROC = fs.existsSync('/proc/self/stat');

/** 'running', 'zombie' (dead, not yet reaped: our init reaps nothing) or 'gone'. */
export function processState(pid: number): 'running' | 'zombie' | 'gone' {
  if (HAS_PROC) {
    let stat: string;
    try {
      stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    } catch {
      return 'gone';
    }
    // "pid (comm) S ppid …": the command may contain spaces and parentheses; the state follows the last ')'.
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state === 'Z' || state === 'X' ? 'zombie' : 'running';
  }
  try {
    process.kill(pid, 0);
    return 'running';
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM' ? 'running' : 'gone';
  }
}

function parentOf(pid: number): number | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return null;
  }
}

function argv(pid: number): string[] | null {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
  } catch {
    return null;
  }
}

/**
 * Who holds the data folder according to its pid file:
 * - none: no pid file, or one naming a process that is gone, a zombie or not a postmaster of this
 *   folder (a reused pid) — PostgreSQL would refuse to start on a zombie's pid, so it is stale;
 * - orphan: a postmaster of this folder whose node parent is gone (killed), reparented to init or
 *   a subreaper;
 * - owned: a postmaster of this folder under a live node process — another server uses the folder.
 */
export function holderOf(
  dataDir: string,
): { kind: 'none'; stalePidFile: boolean } | { kind: 'orphan' | 'owned'; pid: number; parent: number | null } {
  const file = readPidFile(dataDir);
  if (!file) return { kind: 'none', stalePidFile: false };
  if (processState(file.pid) !== 'running') return { kind: 'none', stalePidFile: true };
  if (!HAS_PROC) {
    // Without /proc there is no telling an orphan from a live server: leave it to PostgreSQL.
    return { kind: 'owned', pid: file.pid, parent: null };
  }
  const args = argv(file.pid);
  const d = args?.indexOf('-D') ?? -1;
  const isOurs =
    !!args && path.basename(args[0] ?? '') === 'postgres' && d >= 0 && path.resolve(args[d + 1] ?? '') === path.resolve(dataDir);
  if (!isOurs) return { kind: 'none', stalePidFile: true };
  const parent = parentOf(file.pid);
  const parentArgs = parent && parent > 1 ? argv(parent) : null;
  const parentIsNode = !!parentArgs && /^node\d*(\.exe)?$/.test(path.basename(parentArgs[0] ?? ''));
  return { kind: parentIsNode ? 'owned' : 'orphan', pid: file.pid, parent };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitGone(pid: number, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (processState(pid) !== 'running') return true;
    await sleep(100);
  }
  return processState(pid) !== 'running';
}

/** PostgreSQL processes working in the data folder: a postmaster and its children chdir there. */
function postgresProcessesIn(dataDir: string): number[] {
  if (!HAS_PROC) return [];
  const target = path.resolve(dataDir);
  const found: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (fs.readlinkSync(`/proc/${entry}/cwd`) !== target) continue;
    } catch {
      continue; // not ours to read, or gone
    }
    // A backend's command line reads "postgres: user db …"; the postmaster's starts with its binary.
    const first = argv(Number(entry))?.[0] ?? '';
    if (first.startsWith('postgres:') || path.basename(first) === 'postgres') found.push(Number(entry));
  }
  return found;
}

/**
 * Makes the data folder startable: stops a postmaster orphaned by an earlier run (fast shutdown,
 * the same signal `pg_ctl stop -m fast` sends; SIGKILL only as a last resort), removes a stale pid
 * file, and refuses when a live server holds the folder.
 */
export async function releaseDataFolder(
  dataDir: string,
  log: (message: string) => void,
  opts: { stopTimeoutMs?: number } = {},
): Promise<void> {
  const holder = holderOf(dataDir);
  if (holder.kind === 'owned') {
    throw new Error(
      `the data folder ${dataDir} is in use by a running PostgreSQL (pid ${holder.pid}${holder.parent ? `, started by process ${holder.parent}` : ''}); stop that server first`,
    );
  }
  if (holder.kind === 'orphan') {
    log(`a PostgreSQL left running by an earlier run holds ${dataDir} (pid ${holder.pid}); stopping it (fast shutdown)`);
    process.kill(holder.pid, 'SIGINT');
    if (!(await waitGone(holder.pid, opts.stopTimeoutMs ?? 20_000))) {
      log(`PostgreSQL pid ${holder.pid} did not stop; killing it`);
      process.kill(holder.pid, 'SIGKILL');
      await waitGone(holder.pid, 5_000);
    }
    // Its children (backends, checkpointer…) notice the postmaster's death on their own; a new
    // postmaster refuses to start while they still hold the old shared memory.
    const until = Date.now() + 10_000;
    while (postgresProcessesIn(dataDir).some((pid) => processState(pid) === 'running') && Date.now() < until) await sleep(100);
    log(`stopped PostgreSQL pid ${holder.pid}`);
  }
  const after = holderOf(dataDir);
  if (after.kind === 'none' && after.stalePidFile) fs.rmSync(path.join(dataDir, 'postmaster.pid'), { force: true });
}

/** The last lines PostgreSQL wrote (its stderr), for the cause of a failed start. */
export class LogTail {
  private lines: string[] = [];
  constructor(private readonly max = 50) {}
  push(chunk: string): void {
    for (const line of chunk.split('\n')) {
      if (!line.trim()) continue;
      this.lines.push(line.trimEnd());
      if (this.lines.length > this.max) this.lines.shift();
    }
  }
  last(n: number): string[] {
    return this.lines.slice(-n);
  }
  clear(): void {
    this.lines = [];
  }
}
