import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type Caller, type TestEnv } from '../support/env.js';

/**
 * Notices (docs/NOTIFICATIONS.md), through the real server and a real SMTP server in this process:
 * issuing a plan tells the units below that are to implement it, an amendment tells the units
 * whose plans derive from it; each user reads for themselves; nobody reads another unit's notices;
 * the e-mail job mails each notice once to the unit's users with an address.
 */

interface Mail {
  to: string[];
  body: string;
}

/** Quoted-printable (RFC 2045), as nodemailer writes Vietnamese text, back to a string. */
function unquote(text: string): string {
  const bytes: number[] = [];
  const s = text.replace(/=\r?\n/g, '');
  for (let i = 0; i < s.length; i++) {
    const hex = s.slice(i + 1, i + 3);
    if (s[i] === '=' && /^[0-9A-F]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else bytes.push(s.charCodeAt(i));
  }
  return Buffer.from(bytes).toString('utf8');
}

/** The subject and the text of a message. */
function read(mail: Mail): { subject: string; text: string } {
  const split = mail.body.search(/\r?\n\r?\n/);
  const head = mail.body.slice(0, split).replace(/\r?\n[ \t]+/g, ' ');
  const subjectLine = /^Subject: (.*)$/m.exec(head)![1]!;
  const subject = subjectLine.replace(/=\?UTF-8\?Q\?(.*?)\?=\s*/gi, (_m, q: string) => unquote(q.replace(/_/g, ' ')));
  return { subject, text: unquote(mail.body.slice(split).trim()) };
}
const mails: Mail[] = [];
let smtp: SMTPServer;
let env: TestEnv;

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, session, done) {
      let body = '';
      stream.on('data', (c: Buffer) => (body += c.toString('utf8')));
      stream.on('end', () => {
        mails.push({ to: session.envelope.rcptTo.map((r) => r.address), body });
        done();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  const port = (smtp.server.address() as { port: number }).port;
  env = await createTestEnv({
    jobs: true,
    env: {
      SMTP_URL: `smtp://127.0.0.1:${port}`,
      KEHOACH_MAIL_FROM: 'Kế hoạch <kehoach@example.vn>',
      KEHOACH_PUBLIC_URL: 'https://kehoach.example.vn',
    },
  });
});

afterAll(async () => {
  await env?.stop();
  await new Promise<void>((resolve) => smtp?.close(() => resolve()));
});

async function ok<T = any>(query: string, variables: Record<string, unknown>, as: Caller): Promise<T> {
  const r = await env.gql<T>(query, variables, as);
  expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
  return r.data!;
}

async function issueNewPlan(unit: string, title: string, issuedDate?: string): Promise<string> {
  const editor = await env.login(`${unit}.editor`);
  const created = await ok(`mutation($i: CreatePlanInput!) { createPlan(input: $i) { plan { id version } } }`, { i: { title } }, editor);
  let plan = created.createPlan.plan;
  const added = await ok(
    `mutation($i: AddNodeInput!) { addNode(input: $i) { node { id } plan { version } } }`,
    { i: { planId: plan.id, kind: 'SECTION', text: 'MỤC ĐÍCH, YÊU CẦU' } },
    editor,
  );
  plan = { ...plan, version: added.addNode.plan.version };
  const submitted = await ok(
    `mutation($i: PlanTransitionInput!) { submitPlanForReview(input: $i) { plan { version } } }`,
    { i: { planId: plan.id, version: plan.version } },
    editor,
  );
  await ok(
    `mutation($i: IssuePlanInput!) { issuePlan(input: $i) { plan { id status } } }`,
    { i: { planId: plan.id, version: submitted.submitPlanForReview.plan.version, issuedDate, signature: { signerName: 'Người Ký' } } },
    await env.login(`${unit}.approver`),
  );
  return plan.id;
}

const NOTICES = `query($unread: Boolean) { notifications(first: 50, unreadOnly: $unread) {
  totalCount nodes { id kind read plan { id title } fromUnit { name } } } }`;

async function runJob(name: string): Promise<Record<string, unknown>> {
  const before = Number((await env.db.query(`select coalesce(max(id), 0) m from job_run`)).rows[0].m);
  await env.app.jobs!.send(name);
  const deadline = Date.now() + 45_000;
  for (;;) {
    const r = await env.db.query(`select result from job_run where job = $1 and id > $2 order by id limit 1`, [name, before]);
    if (r.rows[0]) return r.rows[0].result;
    if (Date.now() > deadline) throw new Error(`no ${name} run`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('notices', () => {
  let provincePlan = '';

  it('a plan issued by Gia Lai tells its wards and communes, each user reads for themselves, and no other unit sees it', async () => {
    const pleikuUnit = Number((await env.db.query(`select unit_id from app_user where username = 'pleiku.editor'`)).rows[0].unit_id);
    const gialaiUnit = Number((await env.db.query(`select unit_id from app_user where username = 'gialai.editor'`)).rows[0].unit_id);
    const children = Number(
      (
        await env.db.query(`select count(*) n from admin_unit where parent_id = $1 and (valid_to is null or valid_to >= current_date)`, [
          gialaiUnit,
        ])
      ).rows[0].n,
    );
    provincePlan = await issueNewPlan('gialai', 'Kế hoạch thực hiện Tháng hành động phòng, chống ma túy năm 2026');

    // One notice per unit below that exists today, none elsewhere.
    const made = await env.db.query(`select unit_id, kind from notification where plan_id = $1`, [provincePlan]);
    expect(made.rows.length).toBe(children);
    expect(made.rows.every((r) => r.kind === 'PLAN_ISSUED_ABOVE')).toBe(true);
    expect(made.rows.map((r) => Number(r.unit_id))).toContain(pleikuUnit);

    const ward = await env.login('pleiku.editor');
    const seen = await ok(NOTICES, {}, ward);
    const notice = seen.notifications.nodes.find((n: any) => n.plan?.id === provincePlan);
    expect(notice).toMatchObject({ kind: 'PLAN_ISSUED_ABOVE', read: false, fromUnit: { name: 'Tỉnh Gia Lai' } });
    expect((await ok(`{ unreadNotificationCount }`, {}, ward)).unreadNotificationCount).toBeGreaterThanOrEqual(1);

    const marked = await ok(
      `mutation($i: MarkNotificationsReadInput!) { markNotificationsRead(input: $i) { marked unread } }`,
      { i: { ids: [notice.id] } },
      ward,
    );
    expect(marked.markNotificationsRead.marked).toBe(1);
    const again = await ok(
      `mutation($i: MarkNotificationsReadInput!) { markNotificationsRead(input: $i) { marked } }`,
      { i: { ids: [notice.id] } },
      ward,
    );
    expect(again.markNotificationsRead.marked).toBe(0);
    expect((await ok(NOTICES, { unread: true }, ward)).notifications.nodes.map((n: any) => n.id)).not.toContain(notice.id);
    // A colleague of the same ward still has it unread.
    const colleague = (await ok(NOTICES, { unread: true }, await env.login('pleiku.viewer'))).notifications.nodes;
    expect(colleague.map((n: any) => n.id)).toContain(notice.id);

    // The province itself, a unit elsewhere and an API key see nothing of it.
    for (const other of ['gialai.editor', 'laocai.editor', 'tplaocai.viewer']) {
      const list = (await ok(NOTICES, {}, await env.login(other))).notifications.nodes;
      expect(
        list.map((n: any) => n.id),
        other,
      ).not.toContain(notice.id);
    }
    // Marking another unit's notice marks nothing.
    const stranger = await ok(
      `mutation($i: MarkNotificationsReadInput!) { markNotificationsRead(input: $i) { marked } }`,
      { i: { ids: [notice.id] } },
      await env.login('laocai.editor'),
    );
    expect(stranger.markNotificationsRead.marked).toBe(0);
  });

  it('an amendment tells the units whose plans derive from the plan, not the others', async () => {
    // Lào Cai's seed plan has derived plans in its districts (the city's draft, seven issued).
    const series = (
      await env.db.query(
        `select p.id, p.series_id, p.version from plan p join admin_unit u on u.id = p.unit_id where u.code = '10' and u.valid_from is null and p.status = 'ISSUED'`,
      )
    ).rows[0];
    const derivedUnits = (
      await env.db.query(`select distinct unit_id from plan where parent_series_id = $1 and status <> 'REVOKED'`, [series.series_id])
    ).rows.map((r) => Number(r.unit_id));
    expect(derivedUnits.length).toBeGreaterThan(3);
    const editor = await env.login('laocai.editor');
    const amended = await ok(
      `mutation($i: AmendPlanInput!) { amendPlan(input: $i) { plan { id version } } }`,
      { i: { planId: series.id } },
      editor,
    );
    const amendment = amended.amendPlan.plan;
    const submitted = await ok(
      `mutation($i: PlanTransitionInput!) { submitPlanForReview(input: $i) { plan { version } } }`,
      { i: { planId: amendment.id, version: amendment.version } },
      editor,
    );
    await ok(
      `mutation($i: IssuePlanInput!) { issuePlan(input: $i) { plan { status } } }`,
      {
        i: {
          planId: amendment.id,
          version: submitted.submitPlanForReview.plan.version,
          issuedDate: '2025-06-30',
          signature: { signerName: 'Người Ký' },
        },
      },
      await env.login('laocai.approver'),
    );
    const made = await env.db.query(`select unit_id, kind from notification where plan_id = $1`, [amendment.id]);
    expect(made.rows.map((r) => Number(r.unit_id)).sort()).toEqual([...derivedUnits].sort());
    expect(made.rows.every((r) => r.kind === 'PLAN_AMENDED_ABOVE')).toBe(true);
    const city = (await ok(NOTICES, {}, await env.login('tplaocai.editor'))).notifications.nodes;
    expect(city.find((n: any) => n.plan?.id === amendment.id)).toMatchObject({
      kind: 'PLAN_AMENDED_ABOVE',
      fromUnit: { name: 'Tỉnh Lào Cai' },
    });
  });

  it('mails each notice once to the users of its unit with an address, in Vietnamese, with a link', async () => {
    const admin = await env.login('gialai.admin');
    const user = (
      await ok(
        `query($u: ID!) { users(unitId: $u, first: 50) { nodes { id username version email } } }`,
        {
          u: String((await env.db.query(`select unit_id from app_user where username = 'pleiku.editor'`)).rows[0].unit_id),
        },
        admin,
      )
    ).users.nodes.find((u: any) => u.username === 'pleiku.editor');
    const bad = await env.gql(
      `mutation($i: UpdateUserInput!) { updateUser(input: $i) { user { email } } }`,
      { i: { id: user.id, version: user.version, email: 'not an address' } },
      admin,
    );
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'email' });
    const set = await ok(
      `mutation($i: UpdateUserInput!) { updateUser(input: $i) { user { email } } }`,
      { i: { id: user.id, version: user.version, email: 'Pleiku.Editor@Example.VN' } },
      admin,
    );
    expect(set.updateUser.user.email).toBe('pleiku.editor@example.vn');

    // A run mails at most 200 notices (Gia Lai has more units than that): run until none is left.
    const runs: Record<string, unknown>[] = [];
    for (let i = 0; i < 5; i++) {
      runs.push(await runJob('notification-emails'));
      const left = Number((await env.db.query(`select count(*) n from notification where emailed_at is null`)).rows[0].n);
      if (left === 0) break;
    }
    expect(runs[0]).toMatchObject({ mailed: 200 });
    expect(runs.reduce((n, r) => n + Number(r.messages), 0)).toBeGreaterThanOrEqual(1);
    const toWard = mails.filter((m) => m.to.includes('pleiku.editor@example.vn'));
    expect(toWard).toHaveLength(1);
    const { subject, text } = read(toWard[0]!);
    expect(subject).toBe('Tỉnh Gia Lai ban hành Kế hoạch số 1/KH-UBND');
    expect(text).toContain(
      'Tỉnh Gia Lai đã ban hành Kế hoạch số 1/KH-UBND "Kế hoạch thực hiện Tháng hành động phòng, chống ma túy năm 2026"',
    );
    expect(text).toContain('Đơn vị cần xây dựng kế hoạch thực hiện trên cơ sở kế hoạch này.');
    expect(text).toContain(`Xem kế hoạch: https://kehoach.example.vn/plans/${provincePlan}`);
    // Every notice is marked: the next run mails nothing again.
    const second = await runJob('notification-emails');
    expect(second).toMatchObject({ mailed: 0, messages: 0 });
    expect(mails.filter((m) => m.to.includes('pleiku.editor@example.vn'))).toHaveLength(1);
  });

  it('refuses bad input with the field named', async () => {
    const ward = await env.login('pleiku.editor');
    const many = await env.gql(
      `mutation($i: MarkNotificationsReadInput!) { markNotificationsRead(input: $i) { marked } }`,
      { i: { ids: Array.from({ length: 101 }, () => '00000000-0000-4000-8000-000000000000') } },
      ward,
    );
    expect(many.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'ids' });
    const junk = await env.gql(
      `mutation($i: MarkNotificationsReadInput!) { markNotificationsRead(input: $i) { marked } }`,
      { i: { ids: ['junk'] } },
      ward,
    );
    expect(junk.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'ids' });
  });

  it('a page of notices costs the same statements for 1 notice as for 30', async () => {
    const ward = await env.login('pleiku.viewer');
    const wardUnit = Number((await env.db.query(`select unit_id from app_user where username = 'pleiku.viewer'`)).rows[0].unit_id);
    await env.db.query(`delete from notification where unit_id = $1`, [wardUnit]);
    const plans = (await env.db.query(`select id from plan where status = 'ISSUED' limit 30`)).rows.map((r) => r.id as string);
    const insert = (ids: string[]) =>
      env.db.query(
        `insert into notification (unit_id, unit_path, kind, plan_id, from_unit_id)
         select u.id, u.path, 'PLAN_ISSUED_ABOVE', p, u.parent_id from admin_unit u, unnest($2::uuid[]) p where u.id = $1`,
        [wardUnit, ids],
      );
    await insert(plans.slice(0, 1));
    const one = await env.gql(NOTICES, {}, ward);
    await insert(plans.slice(1));
    const many = await env.gql(NOTICES, {}, ward);
    expect(many.data!.notifications.totalCount).toBe(plans.length);
    expect(many.sqlCount).toBe(one.sqlCount);
  });
});
