import os from 'node:os';
import path from 'node:path';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { boot, type App } from '../../api/src/boot.js';
import { loadConfig } from '../../api/src/config.js';
import { addDays, todayInVietnam } from '../../api/src/core/text.js';
import { TEST_JWT_SECRET, createTestEnv, type Caller, type TestEnv } from '../support/env.js';

/**
 * Notices (docs/NOTIFICATIONS.md), through the real server and a real SMTP server in this process:
 * issuing a plan tells the units below that are to implement it, an amendment tells the units
 * whose plans derive from it; each user reads for themselves; nobody reads another unit's notices;
 * the e-mail job mails each notice once to the unit's users with an address. Reports: the daily
 * reminder tells a unit N days before a due date and the day after it, once whatever the instances
 * and runs; a return tells the reporting unit and a submission the superior's approvers, in the
 * transaction of the act.
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
let smtpUrl = '';
/** Days before a due date the reminder comes: not the default (3), so the setting is seen to count. */
const REMINDER_DAYS = 2;

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
  smtpUrl = `smtp://127.0.0.1:${port}`;
  env = await createTestEnv({
    jobs: true,
    env: {
      KEHOACH_REMINDER_DAYS: String(REMINDER_DAYS),
      SMTP_URL: smtpUrl,
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
  return (await runJobOn([env.app], name))[0]!;
}

/** Sends the job once through each instance's queue, at once; resolves with the runs' results. */
async function runJobOn(apps: App[], name: string): Promise<Record<string, unknown>[]> {
  const before = Number((await env.db.query(`select coalesce(max(id), 0) m from job_run`)).rows[0].m);
  await Promise.all(apps.map((a) => a.jobs!.send(name)));
  const deadline = Date.now() + 45_000;
  for (;;) {
    const r = await env.db.query(`select result from job_run where job = $1 and id > $2 order by id`, [name, before]);
    if (r.rows.length >= apps.length) return r.rows.map((x) => x.result);
    if (Date.now() > deadline) throw new Error(`no ${name} run`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Runs the e-mail job until the outbox is empty. */
async function mailAll(): Promise<void> {
  for (let i = 0; i < 10; i++) {
    await runJob('notification-emails');
    const left = Number((await env.db.query(`select count(*) n from notification where emailed_at is null`)).rows[0].n);
    if (left === 0) return;
  }
  throw new Error('the outbox is not empty after 10 runs');
}

async function setEmail(username: string, email: string) {
  await env.db.query(`update app_user set email = $2 where username = $1`, [username, email]);
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

  it('reminds a unit N days before a due date and the day after it, once, whatever the instances and runs, and mails it', async () => {
    const today = todayInVietnam();
    await setEmail('pleiku.editor', 'pleiku.editor@example.vn');
    await mailAll();
    const sentBefore = mails.length;
    // A plan of the province with three reporting milestones: due in N days, in N+1 days, yesterday.
    const editor = await env.login('gialai.editor');
    const planId = (
      await ok(
        `mutation($i: CreatePlanInput!) { createPlan(input: $i) { plan { id } } }`,
        { i: { title: 'Kế hoạch tổng kiểm tra cơ sở kinh doanh có điều kiện năm 2027' } },
        editor,
      )
    ).createPlan.plan.id as string;
    await ok(
      `mutation($i: AddNodeInput!) { addNode(input: $i) { node { id } } }`,
      { i: { planId, kind: 'SECTION', text: 'MỤC ĐÍCH, YÊU CẦU' } },
      editor,
    );
    const milestones = [
      { title: 'Báo cáo kết quả kiểm tra đợt 1', dueDate: addDays(today, REMINDER_DAYS) },
      { title: 'Báo cáo kết quả kiểm tra đợt 2', dueDate: addDays(today, REMINDER_DAYS + 1) },
      { title: 'Báo cáo nhanh đầu đợt', dueDate: addDays(today, -1) },
    ];
    for (const m of milestones) {
      await ok(
        `mutation($i: SaveMilestoneInput!) { saveMilestone(input: $i) { milestone { id } } }`,
        { i: { planId, kind: 'RESULT_REPORT', ...m } },
        editor,
      );
    }
    const version = async () => Number((await env.db.query(`select version from plan where id = $1`, [planId])).rows[0].version);
    await ok(
      `mutation($i: PlanTransitionInput!) { submitPlanForReview(input: $i) { plan { id } } }`,
      { i: { planId, version: await version() } },
      editor,
    );
    await ok(
      `mutation($i: IssuePlanInput!) { issuePlan(input: $i) { plan { id } } }`,
      { i: { planId, version: await version(), signature: { signerName: 'Người Ký' } } },
      await env.login('gialai.approver'),
    );
    const owed = async (title: string) =>
      (await env.db.query(`select id, unit_id from report_obligation where plan_id = $1 and title = $2`, [planId, title])).rows;
    const [soon, later, overdue] = [await owed(milestones[0]!.title), await owed(milestones[1]!.title), await owed(milestones[2]!.title)];
    expect(soon.length).toBeGreaterThan(10);
    // A unit that already submitted its report is not reminded.
    const wardUnit = Number((await env.db.query(`select unit_id from app_user where username = 'pleiku.editor'`)).rows[0].unit_id);
    const submitted = soon.find((o) => Number(o.unit_id) !== wardUnit)!;
    await env.db.query(
      `insert into report (id, obligation_id, unit_id, unit_path, province_id, status, first_submitted_on)
       select gen_random_uuid(), o.id, o.unit_id, o.unit_path, o.province_id, 'SUBMITTED', current_date from report_obligation o where o.id = $1`,
      [submitted.id],
    );

    // Two instances on the database, each sending the daily job at once, then a third run.
    const dataDir = path.join(os.tmpdir(), `kehoach-second-${process.pid}-${Date.now()}`);
    const second = await boot(
      loadConfig({
        ...process.env,
        DATABASE_URL: env.app.databaseUrl,
        DATABASE_APP_URL: env.app.appDatabaseUrl,
        PORT: '0',
        KEHOACH_DATA_DIR: dataDir,
        KEHOACH_JWT_SECRET: TEST_JWT_SECRET,
        NODE_ENV: 'test',
        KEHOACH_REMINDER_DAYS: String(REMINDER_DAYS),
        SMTP_URL: smtpUrl,
        KEHOACH_MAIL_FROM: 'Kế hoạch <kehoach@example.vn>',
        KEHOACH_PUBLIC_URL: 'https://kehoach.example.vn',
      }),
      { seed: false, jobs: true },
    );
    let runs: Record<string, unknown>[];
    try {
      runs = await runJobOn([env.app, second], 'report-reminders');
    } finally {
      await second.stop();
    }
    const rerun = await runJob('report-reminders');
    expect(rerun).toMatchObject({ today, dueSoon: 0, overdue: 0 });

    const notices = async (ids: string[], kind: string) =>
      (
        await env.db.query(`select obligation_id from notification where obligation_id = any($1::uuid[]) and kind = $2`, [ids, kind])
      ).rows.map((r) => r.obligation_id as string);
    const open = soon.filter((o) => o.id !== submitted.id).map((o) => o.id as string);
    // Once for each open obligation due in N days, whatever ran it; none for N+1 days, none once submitted.
    expect((await notices(open, 'REPORT_DUE_SOON')).sort()).toEqual([...open].sort());
    expect(await notices([submitted.id], 'REPORT_DUE_SOON')).toEqual([]);
    expect(
      await notices(
        later.map((o) => o.id),
        'REPORT_DUE_SOON',
      ),
    ).toEqual([]);
    const late = overdue.map((o) => o.id as string);
    expect((await notices(late, 'REPORT_OVERDUE')).sort()).toEqual([...late].sort());
    expect(await notices(late, 'REPORT_DUE_SOON')).toEqual([]);
    const made = runs.reduce((n, r) => n + Number(r.dueSoon), 0);
    expect(made).toBeGreaterThanOrEqual(open.length);
    expect(runs.reduce((n, r) => n + Number(r.overdue), 0)).toBeGreaterThanOrEqual(late.length);

    // The ward's officials read it, with the report owed and its due date.
    const seen = (
      await ok(
        `{ notifications(first: 50) { nodes { kind fromUnit { name } plan { id } obligation { id title dueDate status } report { id } } } }`,
        {},
        await env.login('pleiku.viewer'),
      )
    ).notifications.nodes.filter((n: any) => n.plan?.id === planId);
    expect(seen.map((n: any) => n.kind).sort()).toEqual(['PLAN_ISSUED_ABOVE', 'REPORT_DUE_SOON', 'REPORT_OVERDUE']);
    expect(seen.find((n: any) => n.kind === 'REPORT_DUE_SOON')).toMatchObject({
      fromUnit: { name: 'Tỉnh Gia Lai' },
      obligation: { title: milestones[0]!.title, dueDate: milestones[0]!.dueDate, status: 'NONE' },
      report: null,
    });

    // Mailed once each, in Vietnamese, with the due date as officials write it and a link.
    await mailAll();
    const toWard = mails
      .slice(sentBefore)
      .filter((m) => m.to.includes('pleiku.editor@example.vn'))
      .map(read);
    const [y, m, d] = milestones[0]!.dueDate.split('-');
    const dueSoonMail = toWard.filter((x) => x.subject.startsWith('Báo cáo sắp đến hạn'));
    expect(dueSoonMail).toHaveLength(1);
    expect(dueSoonMail[0]!.subject).toBe(`Báo cáo sắp đến hạn ngày ${d}/${m}/${y}: ${milestones[0]!.title}`);
    expect(dueSoonMail[0]!.text).toContain(`Phường Pleiku cần gửi Tỉnh Gia Lai báo cáo "${milestones[0]!.title}" theo Kế hoạch số`);
    expect(dueSoonMail[0]!.text).toContain(`hạn ngày ${d}/${m}/${y}.`);
    expect(dueSoonMail[0]!.text).toContain('Xem báo cáo: https://kehoach.example.vn/reports');
    expect(toWard.filter((x) => x.subject === `Báo cáo quá hạn: ${milestones[2]!.title}`)).toHaveLength(1);
  });

  it('a return tells the reporting unit, a submission the superior’s approvers, in the transaction of the act', async () => {
    const laocai = await env.login('laocai.approver');
    const batxatUnit = Number((await env.db.query(`select unit_id from app_user where username = 'batxat.editor'`)).rows[0].unit_id);
    const report = (
      await env.db.query(`select id, version, obligation_id from report where unit_id = $1 and status = 'SUBMITTED'`, [batxatUnit])
    ).rows[0];
    await setEmail('batxat.editor', 'batxat.editor@example.vn');
    await setEmail('laocai.approver', 'laocai.approver@example.vn');
    await setEmail('laocai.editor', 'laocai.editor@example.vn');
    await mailAll();
    const sentBefore = mails.length;
    const count = async (kind: string) =>
      Number((await env.db.query(`select count(*) n from notification where kind = $1 and report_id = $2`, [kind, report.id])).rows[0].n);
    const RETURN = `mutation($i: ReportTransitionInput!) { returnReport(input: $i) { report { status version } } }`;
    const reason = 'Số liệu cai nghiện chưa khớp với báo cáo của Công an huyện.';

    // A refused return tells nobody: the notice is written with the return or not at all.
    const stale = await env.gql(RETURN, { i: { reportId: report.id, version: report.version - 1, reason } }, laocai);
    expect(stale.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect(await count('REPORT_RETURNED')).toBe(0);
    const returned = await ok(RETURN, { i: { reportId: report.id, version: report.version, reason } }, laocai);
    expect(returned.returnReport.report.status).toBe('RETURNED');
    expect(await count('REPORT_RETURNED')).toBe(1);

    const NOTICES_R = `{ notifications(first: 100) { nodes { id kind note fromUnit { name } obligation { id title } report { id status returnedReason } } } }`;
    const district = (await ok(NOTICES_R, {}, await env.login('batxat.viewer'))).notifications.nodes.filter(
      (n: any) => n.report?.id === report.id,
    );
    expect(district).toHaveLength(1);
    expect(district[0]).toMatchObject({
      kind: 'REPORT_RETURNED',
      note: reason,
      fromUnit: { name: 'Tỉnh Lào Cai' },
      obligation: { id: report.obligation_id, title: 'Báo cáo kết quả 01 tháng thực hiện' },
      report: { status: 'RETURNED', returnedReason: reason },
    });
    // Not the province itself, not the sibling district.
    for (const other of ['laocai.editor', 'tplaocai.editor']) {
      const list = (await ok(NOTICES_R, {}, await env.login(other))).notifications.nodes;
      expect(
        list.filter((n: any) => n.kind === 'REPORT_RETURNED' && n.report?.id === report.id),
        other,
      ).toEqual([]);
    }

    // Submitted again: the province's approvers are told (as they were of the demo's first
    // submission); its editors and the district are not.
    const submittedBefore = await count('REPORT_SUBMITTED');
    expect(submittedBefore).toBe(1);
    const version = Number((await env.db.query(`select version from report where id = $1`, [report.id])).rows[0].version);
    await ok(
      `mutation($i: ReportTransitionInput!) { submitReport(input: $i) { report { status } } }`,
      { i: { reportId: report.id, version } },
      await env.login('batxat.approver'),
    );
    expect(await count('REPORT_SUBMITTED')).toBe(submittedBefore + 1);
    const toApprover = (await ok(NOTICES_R, {}, laocai)).notifications.nodes.filter(
      (n: any) => n.kind === 'REPORT_SUBMITTED' && n.report?.id === report.id,
    );
    expect(toApprover).toHaveLength(submittedBefore + 1);
    expect(toApprover[0]).toMatchObject({ fromUnit: { name: 'Huyện Bát Xát' }, report: { status: 'SUBMITTED' } });
    for (const other of ['laocai.editor', 'laocai.viewer', 'batxat.approver']) {
      const list = (await ok(NOTICES_R, {}, await env.login(other))).notifications.nodes;
      expect(
        list.filter((n: any) => n.kind === 'REPORT_SUBMITTED' && n.report?.id === report.id),
        other,
      ).toEqual([]);
    }
    // The province editor's unread count leaves out the approvers' notices.
    const editorUnread = (await ok(`{ unreadNotificationCount }`, {}, await env.login('laocai.editor'))).unreadNotificationCount;
    const editorList = (await ok(`{ notifications(first: 100) { totalCount } }`, {}, await env.login('laocai.editor'))).notifications
      .totalCount;
    expect(editorUnread).toBeLessThanOrEqual(editorList);
    expect(editorList).toBe(
      Number(
        (
          await env.db.query(
            `select count(*) n from notification n join app_user u on u.unit_id = n.unit_id where u.username = 'laocai.editor' and n.for_role is null`,
          )
        ).rows[0].n,
      ),
    );

    // Mailed: the return with its reason to the district, the submission to the approver only.
    await mailAll();
    const sent = mails.slice(sentBefore);
    const toDistrict = sent.filter((m) => m.to.includes('batxat.editor@example.vn')).map(read);
    expect(toDistrict.map((x) => x.subject)).toEqual(['Tỉnh Lào Cai trả lại báo cáo: Báo cáo kết quả 01 tháng thực hiện']);
    expect(toDistrict[0]!.text).toContain(`Lý do: ${reason}`);
    expect(toDistrict[0]!.text).toContain(`Xem báo cáo: https://kehoach.example.vn/reports/${report.id}`);
    const toProvince = sent.filter((m) => m.to.includes('laocai.approver@example.vn')).map(read);
    expect(toProvince.map((x) => x.subject)).toEqual(['Huyện Bát Xát đã gửi báo cáo: Báo cáo kết quả 01 tháng thực hiện']);
    expect(sent.filter((m) => m.to.includes('laocai.editor@example.vn'))).toEqual([]);
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
