import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DEFAULT_SIGN_IN_THROTTLE } from '../../api/src/modules/auth/sign-in-throttle.js';
import { DEMO_PASSWORD } from '../../api/src/seed/demo.seed.js';
import { withDatabase } from '../support/global-setup.js';

/**
 * Three server processes on one database, as a deployment with replicas behind a load balancer
 * runs them (docs/SCALING.md): started at the same moment on an empty database, then requests
 * spread across them. Everything they share lives in PostgreSQL, so what one instance decides
 * holds on the others: one derived plan, distinct issue numbers, one effect per idempotency key,
 * one sign-in count, one run of each scheduled job.
 */

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const SECRET = crypto.randomBytes(32).toString('hex');
const dbName = `kh_multi_${crypto.randomBytes(5).toString('hex')}`;
const adminUrl = inject('pgAdminUrl');
const databaseUrl = withDatabase(adminUrl, dbName);
const dirs: string[] = [];
const children: ChildProcess[] = [];
let urls: string[] = [];
let outputs: (() => string)[] = [];
let db: pg.Client;

/** Starts main.ts as `npm start` does, on the shared database; resolves with its URL and output. */
function launch(i: number): Promise<{ url: string; output: () => string }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `kehoach-multi-${i}-`));
  dirs.push(dataDir);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: '0',
    KEHOACH_DATA_DIR: dataDir,
    DATABASE_URL: databaseUrl,
    DATABASE_APP_URL: withDatabase(inject('pgAppUrl'), dbName),
    KEHOACH_JWT_SECRET: SECRET, // one secret for all: a token from one instance is good on the others
    // Housekeeping every minute, each instance checking every second whether it is due: three
    // instances race for every occurrence (docs/SCALING.md, "Scheduled jobs").
    KEHOACH_JOBS: '1',
    KEHOACH_HOUSEKEEPING_CRON: '* * * * *',
    KEHOACH_JOBS_CRON_CHECK_SECONDS: '1',
  };
  for (const key of ['NODE_ENV', 'KEHOACH_LOG_ERRORS', 'KEHOACH_DEBUG_PG']) delete env[key];
  const child = spawn(process.execPath, ['--import', 'tsx', 'api/src/main.ts'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString('utf8')));
  child.stderr!.on('data', (c: Buffer) => (out += c.toString('utf8')));
  return new Promise((resolve, reject) => {
    const timer = setInterval(() => {
      const m = /GraphQL\s+(http:\/\/\S+)\/graphql/.exec(out);
      if (m) {
        clearInterval(timer);
        resolve({ url: m[1]!, output: () => out });
      }
    }, 50);
    child.once('exit', (code) => {
      clearInterval(timer);
      reject(new Error(`instance ${i} exited (${code}) before serving:\n${out}`));
    });
  });
}

interface Answer {
  status: number;
  data?: any;
  errors?: { message: string; extensions?: Record<string, any> }[];
}

async function gql(url: string, query: string, variables: Record<string, unknown> = {}, token?: string): Promise<Answer> {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
    signal: AbortSignal.timeout(60_000),
  });
  return { status: res.status, ...((await res.json()) as Omit<Answer, 'status'>) };
}

const SIGN_IN = `mutation($u: String!, $p: String!) { signIn(input: { username: $u, password: $p }) { token } }`;
async function signIn(url: string, username: string): Promise<string> {
  const r = await gql(url, SIGN_IN, { u: username, p: DEMO_PASSWORD });
  if (!r.data) throw new Error(`sign-in of ${username} failed: ${JSON.stringify(r.errors)}`);
  return r.data.signIn.token as string;
}
/** Instance i of the three, round robin: the test's load balancer. */
const at = (i: number) => urls[i % urls.length]!;

beforeAll(async () => {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${dbName}`); // empty: every instance finds migrations to run
  await admin.end();
  const started = await Promise.all([0, 1, 2].map(launch));
  urls = started.map((s) => s.url);
  outputs = started.map((s) => s.output);
  db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
}, 240_000);

afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  await Promise.all(children.filter((c) => c.exitCode === null && c.signalCode === null).map((c) => new Promise((r) => c.once('exit', r))));
  await db?.end();
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`drop database if exists ${dbName} with (force)`);
  await admin.end();
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
}, 60_000);

describe('three instances on one database', { timeout: 180_000 }, () => {
  it('start together on an empty database: one prepares it, the others wait and find nothing to do', async () => {
    const migrations = await db.query(`select name, count(*)::int n from mikro_orm_migrations group by name`);
    expect(migrations.rows.length).toBeGreaterThan(0);
    expect(migrations.rows.every((r) => r.n === 1)).toBe(true);
    const added = outputs.map((o) => Number(/units added: (\d+)/.exec(o())?.[1] ?? -1));
    expect(added.filter((n) => n > 0)).toHaveLength(1);
    expect(added.filter((n) => n === 0)).toHaveLength(2);
    expect(outputs.filter((o) => /another instance is preparing the database/.test(o()))).toHaveLength(2);
    for (const url of urls) expect((await fetch(`${url}/readyz`)).status).toBe(200);
  });

  it('a token signed in on one instance is good on the others', async () => {
    const token = await signIn(at(0), 'laocai.viewer');
    for (let i = 0; i < 3; i++) expect((await gql(at(i), `{ me { username } }`, {}, token)).data.me.username).toBe('laocai.viewer');
  });

  it('30 parallel derives into one unit, spread over the instances: exactly one plan', async () => {
    const token = await signIn(at(1), 'batxat.editor');
    const parent = (
      await db.query(
        `select p.id from plan p join admin_unit u on u.id = p.unit_id where u.code = '10' and u.valid_from is null and p.status = 'ISSUED'`,
      )
    ).rows[0].id as string;
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        gql(at(i), `mutation($i: DerivePlanInput!) { derivePlan(input: $i) { plan { id } } }`, { i: { parentPlanId: parent } }, token),
      ),
    );
    const won = results.filter((r) => !r.errors);
    expect(won).toHaveLength(1);
    expect(results.filter((r) => r.errors).map((r) => r.errors![0].extensions?.code)).toEqual(Array(29).fill('INVALID_STATE'));
    const plans = await db.query(
      `select p.id from plan p join admin_unit u on u.id = p.unit_id where u.code = '082' and p.parent_plan_id = $1`,
      [parent],
    );
    expect(plans.rows.map((r) => r.id)).toEqual([won[0]!.data.derivePlan.plan.id]);
  });

  it('one idempotency key sent to each instance in turn: one plan, the same answer from all', async () => {
    const token = await signIn(at(2), 'laocai.editor');
    const before = (await db.query(`select count(*)::int n from plan`)).rows[0].n as number;
    const create = (i: number) =>
      gql(
        at(i),
        `mutation($i: CreatePlanInput!) { createPlan(input: $i) { plan { id } } }`,
        { i: { title: 'Kế hoạch gửi lại', idempotencyKey: 'multi-instance-retry-0001' } },
        token,
      );
    const first = await create(0);
    const retries = [await create(1), await create(2)];
    expect(first.errors).toBeUndefined();
    for (const r of retries) expect(r.data.createPlan.plan.id).toBe(first.data.createPlan.plan.id);
    expect((await db.query(`select count(*)::int n from plan`)).rows[0].n).toBe(before + 1);
  });

  it('an edit on one instance is what the next read on each other instance shows: nothing is cached per process', async () => {
    const token = await signIn(at(0), 'laocai.editor');
    const created = await gql(
      at(0),
      `mutation($i: CreatePlanInput!) { createPlan(input: $i) { plan { id version } } }`,
      { i: { title: 'Bản nháp lần 1' } },
      token,
    );
    const plan = created.data.createPlan.plan as { id: string; version: number };
    // Read on every instance first, so that a per-process cache, if there were one, would hold the old title.
    for (let i = 0; i < 3; i++)
      expect((await gql(at(i), `query($id: String!) { plan(id: $id) { title } }`, { id: plan.id }, token)).data.plan.title).toBe(
        'Bản nháp lần 1',
      );
    for (let round = 2; round <= 4; round++) {
      const writer = round % 3;
      const version = (await gql(at(writer), `query($id: String!) { plan(id: $id) { version } }`, { id: plan.id }, token)).data.plan
        .version;
      const r = await gql(
        at(writer),
        `mutation($i: UpdatePlanHeaderInput!) { updatePlanHeader(input: $i) { plan { title } } }`,
        { i: { planId: plan.id, version, title: `Bản nháp lần ${round}` } },
        token,
      );
      expect(r.errors).toBeUndefined();
      for (let i = 0; i < 3; i++) {
        const seen = await gql(at(i), `query($id: String!) { plan(id: $id) { title } }`, { id: plan.id }, token);
        expect(seen.data.plan.title, `instance ${i} after a write on ${writer}`).toBe(`Bản nháp lần ${round}`);
      }
    }
  });

  it('plans issued at the same moment on different instances get distinct numbers in sequence', async () => {
    const editor = await signIn(at(0), 'laocai.editor');
    const approver = await signIn(at(1), 'laocai.approver');
    const submitted: { planId: string; version: number }[] = [];
    for (let k = 0; k < 6; k++) {
      const created = await gql(
        at(k),
        `mutation($t: String!) { createPlan(input: { title: $t }) { plan { id version } } }`,
        {
          t: `Kế hoạch song song ${k}`,
        },
        editor,
      );
      const { id } = created.data.createPlan.plan;
      const added = await gql(
        at(k + 2),
        `mutation($i: AddNodeInput!) { addNode(input: $i) { plan { version } } }`,
        { i: { planId: id, kind: 'SECTION', label: 'I.', text: 'MỤC ĐÍCH, YÊU CẦU' } },
        editor,
      );
      expect(added.errors, JSON.stringify(added.errors)).toBeUndefined();
      const version = added.data.addNode.plan.version as number;
      const s = await gql(
        at(k + 1),
        `mutation($i: PlanTransitionInput!) { submitPlanForReview(input: $i) { plan { version } } }`,
        { i: { planId: id, version } },
        editor,
      );
      expect(s.errors, JSON.stringify(s.errors)).toBeUndefined();
      submitted.push({ planId: id, version: s.data.submitPlanForReview.plan.version });
    }
    const issued = await Promise.all(
      submitted.map((p, k) =>
        gql(
          at(k),
          `mutation($i: IssuePlanInput!) { issuePlan(input: $i) { plan { number status } } }`,
          { i: { ...p, issuedDate: '2025-03-05', signature: { signerName: 'Nguyễn Văn A' } } }, // Tỉnh Lào Cai existed until 30/06/2025
          approver,
        ),
      ),
    );
    for (const r of issued) expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
    const numbers = issued.map((r) => Number(r.data.issuePlan.plan.number));
    expect(new Set(numbers).size).toBe(6);
    const sorted = [...numbers].sort((a, b) => a - b);
    expect(sorted[5]! - sorted[0]!).toBe(5); // consecutive: no number lost or taken twice
  });

  it('failed sign-ins are counted once for all instances: the limit holds however they are spread', async () => {
    const wrong = (i: number) => gql(at(i), SIGN_IN, { u: 'laocai.viewer', p: 'not-the-password' });
    const answers: Answer[] = [];
    for (let i = 0; i < 12; i++) answers.push(await wrong(i));
    const refused = answers.findIndex((r) => r.errors?.[0]?.extensions?.code === 'TOO_MANY_ATTEMPTS');
    // Counted per instance, 12 attempts over 3 instances would be 4 each: under the limit of 5 everywhere.
    expect(refused).toBe(DEFAULT_SIGN_IN_THROTTLE.perPair);
    for (const r of answers.slice(refused)) expect(r.errors?.[0]?.extensions?.code).toBe('TOO_MANY_ATTEMPTS');
    // The right password is refused as well now, on every instance.
    for (let i = 0; i < 3; i++)
      expect((await gql(at(i), SIGN_IN, { u: 'laocai.viewer', p: DEMO_PASSWORD })).errors?.[0]?.extensions?.code).toBe('TOO_MANY_ATTEMPTS');
  });

  it('a job scheduled every minute runs once a minute, whichever instance takes it', async () => {
    // Up to two minutes and a half: the next two whole minutes each give one occurrence.
    const deadline = Date.now() + 150_000;
    let minutes: { minute: string; runs: number; instances: string[] }[] = [];
    while (Date.now() < deadline) {
      minutes = (
        await db.query(
          `select to_char(date_trunc('minute', started_at), 'HH24:MI') as minute, count(*)::int as runs, array_agg(distinct instance) as instances
             from job_run where job = 'housekeeping' group by 1 order by 1`,
        )
      ).rows;
      if (minutes.length >= 2) break;
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
    expect(minutes.length, outputs.map((o) => o()).join('\n')).toBeGreaterThanOrEqual(2);
    for (const m of minutes) expect(m, `minute ${m.minute}`).toMatchObject({ runs: 1 });
    // The three instances each scheduled it (the schedule is one row, however many declared it).
    const schedules = await db.query(`select count(*)::int as n from kehoach_jobs.schedule where name = 'housekeeping'`);
    expect(schedules.rows[0].n).toBe(1);
  }, 180_000);
});
