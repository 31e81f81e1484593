import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESKTOP, PHONE, PortalSession, type Device } from '../support/browser.js';
import { type TestEnv } from '../support/env.js';
import { describeViolations, horizontalOverflow, seriousAxeViolations, structure } from '../support/page-checks.js';

/**
 * Every screen of the portal on a commune official's phone (390×844, touch) and on the office
 * laptop (1366×768): no sideways scrolling, one <main>, one <h1>, a real title in the browser tab,
 * and no serious or critical accessibility violation by axe-core (issue 14). Screenshots of each
 * go to tests/artifacts/screens/every-page/.
 */

let env: TestEnv;
const portal = new PortalSession({ timeout: 30_000 });
const ids = { provincePlan: '', districtDraft: '', provinceMilestone: '', batXatReport: '', cityDraftReport: '' };

interface Screen {
  name: string;
  user: string | null;
  path: () => string;
  /** The page's <h1>, also the first part of the tab's title. */
  heading: string | RegExp;
  /** Waits until the page shows its data (not only its frame). */
  ready?: (page: Page) => Promise<void>;
}

const SCREENS: Screen[] = [
  { name: 'sign-in', user: null, path: () => '/login', heading: 'Đăng nhập' },
  { name: 'home-approver', user: 'tplaocai.approver', path: () => '/', heading: 'Việc của tôi', ready: (p) => p.getByTestId('home-due-reports').waitFor() },
  { name: 'home-editor', user: 'tplaocai.editor', path: () => '/', heading: 'Việc của tôi', ready: (p) => p.getByTestId('home-due-reports').locator('li').first().waitFor() },
  { name: 'home-viewer', user: 'tplaocai.viewer', path: () => '/', heading: 'Việc của tôi', ready: (p) => p.getByTestId('home-empty').waitFor() },
  { name: 'home-admin', user: 'laocai.admin', path: () => '/', heading: 'Việc của tôi', ready: (p) => p.getByTestId('home-admin').waitFor() },
  { name: 'notifications', user: 'pleiku.editor', path: () => '/notifications', heading: 'Thông báo' },
  {
    name: 'units',
    user: 'laocai.admin',
    path: () => '/units',
    heading: 'Đơn vị hành chính',
    ready: (p) => p.getByRole('region', { name: /Cây đơn vị hành chính/ }).getByText('Thành phố Lào Cai').first().waitFor(),
  },
  { name: 'plans-own', user: 'tplaocai.editor', path: () => '/plans', heading: 'Kế hoạch', ready: (p) => p.locator('.ant-table-row').first().waitFor() },
  {
    name: 'plans-from-above',
    user: 'tplaocai.editor',
    path: () => '/plans?scope=FROM_ABOVE',
    heading: 'Kế hoạch',
    ready: (p) => p.getByRole('cell', { name: '1/KH-UBND' }).waitFor(),
  },
  {
    name: 'plan-draft',
    user: 'tplaocai.editor',
    path: () => `/plans/${ids.districtDraft}`,
    heading: 'Dự thảo kế hoạch',
    ready: (p) => p.getByTestId('plan-node').first().waitFor(),
  },
  {
    name: 'plan-issued',
    user: 'laocai.viewer',
    path: () => `/plans/${ids.provincePlan}`,
    heading: 'Kế hoạch số 1/KH-UBND',
    ready: (p) => p.getByTestId('plan-node').first().waitFor(),
  },
  {
    name: 'plan-history',
    user: 'tplaocai.editor',
    path: () => `/plans/${ids.districtDraft}/history`,
    heading: 'Lịch sử thay đổi',
    ready: (p) => p.locator('.plan-history-action').first().waitFor(),
  },
  {
    name: 'plan-diff',
    user: 'tplaocai.editor',
    path: () => `/plans/${ids.districtDraft}/diff`,
    heading: /So sánh với kế hoạch cấp trên/,
    ready: (p) => p.locator('.plan-diff-entry').first().waitFor(),
  },
  { name: 'plan-upstream', user: 'tplaocai.editor', path: () => `/plans/${ids.districtDraft}/upstream`, heading: /Thay đổi từ kế hoạch cấp trên/ },
  {
    name: 'from-above',
    user: 'batxat.editor',
    path: () => '/derive',
    heading: 'Kế hoạch của cấp trên',
    ready: (p) => p.getByRole('cell', { name: '1/KH-UBND' }).first().waitFor(),
  },
  {
    name: 'derive-wizard',
    user: 'batxat.editor',
    path: () => `/derive/${ids.provincePlan}`,
    heading: /Xây dựng kế hoạch từ kế hoạch cấp trên/,
    ready: (p) => p.locator('.ant-steps').waitFor(),
  },
  {
    name: 'reports',
    user: 'tplaocai.editor',
    path: () => '/reports',
    heading: 'Báo cáo',
    ready: (p) => p.getByTestId('report-obligation').first().waitFor(),
  },
  {
    name: 'report-draft',
    user: 'tplaocai.editor',
    path: () => `/reports/${ids.cityDraftReport}`,
    heading: /^Báo cáo kết quả thực hiện Kế hoạch số/,
    ready: (p) => p.getByTestId('report-figure').first().getByLabel('Trong kỳ').waitFor(),
  },
  {
    name: 'report-submitted',
    user: 'laocai.approver',
    path: () => `/reports/${ids.batXatReport}`,
    heading: /^Báo cáo kết quả thực hiện Kế hoạch số/,
    ready: (p) => p.getByRole('button', { name: 'Tiếp nhận' }).waitFor(),
  },
  {
    name: 'report-follow',
    user: 'laocai.viewer',
    path: () => `/reports/milestones/${ids.provinceMilestone}`,
    heading: 'Theo dõi báo cáo',
    // The units and the hand-drawn trend chart with its table (docs/REPORTS.md).
    ready: async (p) => {
      await p.getByTestId('follow-row').first().waitFor();
      await p.getByTestId('trend-table').waitFor();
    },
  },
  { name: 'cascade-plans', user: 'laocai.admin', path: () => '/cascade', heading: /Theo dõi kế hoạch cấp dưới/, ready: (p) => p.locator('.ant-table-row').first().waitFor() },
  {
    name: 'cascade',
    user: 'laocai.admin',
    path: () => `/plans/${ids.provincePlan}/cascade`,
    heading: /Theo dõi kế hoạch cấp dưới/,
    // With the report column beside the plans' status.
    ready: async (p) => {
      await p.getByRole('cell', { name: /Huyện Bát Xát/ }).first().waitFor();
      await p.getByTestId('cascade-report').first().waitFor();
    },
  },
  {
    name: 'agencies',
    user: 'laocai.admin',
    path: () => '/agencies',
    heading: 'Cơ quan, đơn vị thực hiện',
    ready: (p) => p.getByRole('cell', { name: 'Công an tỉnh', exact: true }).waitFor(),
  },
  { name: 'users', user: 'laocai.admin', path: () => '/users', heading: 'Tài khoản người dùng', ready: (p) => p.locator('.ant-table-row').first().waitFor() },
  { name: 'api-keys', user: 'laocai.admin', path: () => '/api-keys', heading: 'Khóa API' },
  { name: 'not-found', user: 'laocai.admin', path: () => '/no-such-page', heading: 'Không tìm thấy trang' },
];

beforeAll(async () => {
  env = await portal.start();
  const plans = await env.gql<{ plans: { nodes: { id: string; numberSymbol: string | null; status: string }[] } }>(
    `{ plans(first: 20, filter: { scope: OWN }) { nodes { id numberSymbol status } } }`,
    {},
    await env.login('tplaocai.editor'),
  );
  ids.districtDraft = plans.data!.plans.nodes.find((p) => p.status === 'DRAFT')!.id;
  const above = await env.gql<{ plans: { nodes: { id: string; numberSymbol: string | null }[] } }>(
    `{ plans(first: 20, filter: { scope: FROM_ABOVE }) { nodes { id numberSymbol } } }`,
    {},
    await env.login('tplaocai.editor'),
  );
  ids.provincePlan = above.data!.plans.nodes.find((p) => p.numberSymbol === '1/KH-UBND')!.id;
  // Reports (docs/REPORTS.md): the province's first-month milestone, Bát Xát's submitted report,
  // and a draft of the city's to see the editing form.
  const first = async (sql: string, params: unknown[] = []) => Object.values((await env.db.query(sql, params)).rows[0])[0] as string;
  ids.provinceMilestone = await first(`select id from plan_milestone where plan_id = $1 and kind = 'RESULT_REPORT' order by position limit 1`, [ids.provincePlan]);
  ids.batXatReport = await first(
    `select r.id from report r join report_obligation o on o.id = r.obligation_id join admin_unit u on u.id = o.unit_id
     where u.code = '082' and o.milestone_id = $1 and r.status = 'SUBMITTED'`,
    [ids.provinceMilestone],
  );
  const cityObligation = await first(
    `select o.id from report_obligation o join admin_unit u on u.id = o.unit_id where u.code = '080' and o.milestone_id = $1`,
    [ids.provinceMilestone],
  );
  const created = await env.gql<{ createReport: { report: { id: string } } }>(
    `mutation($i: CreateReportInput!) { createReport(input: $i) { report { id } } }`,
    { i: { obligationId: cityObligation } },
    await env.login('tplaocai.editor'),
  );
  ids.cityDraftReport = created.data!.createReport.report.id;
});

afterAll(async () => {
  await portal.stop();
});

async function checkEveryScreen(device: Device, label: string) {
  const pages = new Map<string | null, Page>();
  const problems: string[] = [];
  for (const screen of SCREENS) {
    let page = pages.get(screen.user);
    if (!page) {
      page = await portal.newPage(device);
      if (screen.user) await portal.signIn(page, screen.user);
      pages.set(screen.user, page);
    }
    await page.goto(`${env.url}${screen.path()}`);
    await page.getByRole('heading', { level: 1, name: screen.heading }).waitFor();
    await screen.ready?.(page);
    await portal.settled(page); // antd's entrance motion, so that axe reads the final colours
    await portal.shot(page, `every-page/${label}-${screen.name}`, { settleMs: 0 });

    const overflow = await horizontalOverflow(page);
    if (overflow.scrollWidth > overflow.clientWidth) {
      problems.push(`${screen.name}: ${overflow.scrollWidth} px wide on a ${overflow.clientWidth} px screen — ${overflow.culprits.join(', ')}`);
    }
    const s = await structure(page);
    if (s.main !== 1) problems.push(`${screen.name}: ${s.main} <main> landmarks`);
    if (s.h1 !== 1) problems.push(`${screen.name}: ${s.h1} <h1> headings`);
    const heading = typeof screen.heading === 'string' ? screen.heading : s.h1Text;
    if (s.title !== `${heading} — Kế hoạch`) problems.push(`${screen.name}: the tab reads "${s.title}"`);
    const violations = await seriousAxeViolations(page);
    if (violations.length > 0) problems.push(`${screen.name}: axe\n  ${describeViolations(violations)}`);
  }
  expect(problems, problems.join('\n')).toEqual([]);
}

describe('every page', () => {
  it('on a phone (390×844): fits the screen, one main and one h1, a real tab title, no serious axe violation', async () => {
    await checkEveryScreen(PHONE, 'phone');
  }, 600_000);

  it('on a desktop (1366×768): the same', async () => {
    await checkEveryScreen(DESKTOP, 'desktop');
  }, 600_000);
});
