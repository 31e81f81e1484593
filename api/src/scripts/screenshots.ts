import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { boot } from '../boot.js';
import { loadConfig, REPO_ROOT } from '../config.js';
import { DEMO_PASSWORD } from '../seed/demo.seed.js';
import { ensurePortalBuild } from './portal-build.js';

/**
 * The README's screenshots (docs/screenshots/), taken from the real product: the plan page and
 * the cascade, on the office laptop (1366×768) and on a phone (390×844).
 *
 *   npm run screenshots                                   # boots the demo in .data/screenshots
 *   KEHOACH_SCREENSHOTS_URL=http://127.0.0.1:4000 npm run screenshots   # or shoots a running one
 *
 * Debian's Chromium (/usr/bin/chromium), never a downloaded browser.
 */
const OUT = path.join(REPO_ROOT, 'docs', 'screenshots');
const DEVICES = {
  desktop: { viewport: { width: 1366, height: 768 } },
  phone: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 },
} as const;

async function signedIn(browser: Browser, url: string, device: keyof typeof DEVICES, username: string): Promise<Page> {
  const context = await browser.newContext({ ...DEVICES[device], locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
  const page = await context.newPage();
  page.setDefaultTimeout(60_000);
  await page.goto(`${url}/login`);
  await page.getByLabel('Tên đăng nhập').fill(username);
  await page.getByLabel('Mật khẩu').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.getByTestId('header-unit').waitFor({ state: 'attached' });
  return page;
}

async function planIds(url: string): Promise<{ draft: string; province: string }> {
  const gql = async (query: string, token?: string) => {
    const res = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query }),
    });
    return ((await res.json()) as { data: any }).data;
  };
  const signIn = await gql(`mutation { signIn(input: { username: "tplaocai.editor", password: "${DEMO_PASSWORD}" }) { token } }`);
  const own = await gql(`{ plans(filter: { scope: OWN }) { nodes { id status parentPlan { id } } } }`, signIn.signIn.token);
  const draft = own.plans.nodes.find((p: { status: string; parentPlan: unknown }) => p.status === 'DRAFT' && p.parentPlan);
  return { draft: draft.id, province: draft.parentPlan.id };
}

async function shoot(page: Page, name: string) {
  await page.waitForTimeout(800); // antd's motion, the charts' first paint
  const file = path.join(OUT, `${name}.png`);
  await page.screenshot({ path: file });
  console.log(`screenshots: ${path.relative(REPO_ROOT, file)}`);
}

async function main() {
  let url = process.env.KEHOACH_SCREENSHOTS_URL;
  let stop: (() => Promise<void>) | null = null;
  if (!url) {
    ensurePortalBuild();
    const app = await boot(loadConfig({ ...process.env, PORT: '0', KEHOACH_DATA_DIR: path.join(REPO_ROOT, '.data', 'screenshots') }));
    url = app.server.url;
    stop = app.stop;
  }
  fs.mkdirSync(OUT, { recursive: true });
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  });
  try {
    const ids = await planIds(url);
    for (const device of ['desktop', 'phone'] as const) {
      const editor = await signedIn(browser, url, device, 'tplaocai.editor');
      await editor.goto(`${url}/plans/${ids.draft}`);
      await editor.getByTestId('plan-node').first().waitFor();
      await shoot(editor, `plan-${device}`);

      const province = await signedIn(browser, url, device, 'laocai.viewer');
      await province.goto(`${url}/plans/${ids.province}/cascade`);
      await province.locator('[data-compliance="LATE"]').first().waitFor();
      await shoot(province, `cascade-${device}`);
      await editor.context().close();
      await province.context().close();
    }
  } finally {
    await browser.close();
    await stop?.();
  }
}

await main();
