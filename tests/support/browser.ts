import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { REPO_ROOT } from '../../api/src/config.js';
import { ensurePortalBuild } from '../../api/src/scripts/portal-build.js';
import { DEMO_PASSWORD } from '../../api/src/seed/demo.seed.js';
import { createTestEnv, type TestEnv } from './env.js';

export const SCREENS = path.join(REPO_ROOT, 'tests/artifacts/screens');
const CHROMIUM = '/usr/bin/chromium';

export interface Device {
  viewport: { width: number; height: number };
  isMobile?: boolean;
  hasTouch?: boolean;
  deviceScaleFactor?: number;
}
/** The office laptop. */
export const DESKTOP: Device = { viewport: { width: 1366, height: 768 } };
/** A commune official's phone (an iPhone 12–15 sized Android in Chromium): touch, no hover. */
export const PHONE: Device = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };

/**
 * The browser side of the portal tests: the real server (createTestEnv, which serves portal/dist),
 * Debian's Chromium driven by playwright-core — never a browser a test tool downloads — and pages
 * at the 1366×768 of an office laptop, in Vietnamese and Vietnam time.
 */
export class PortalSession {
  env!: TestEnv;
  private browser: Browser | null = null;
  private readonly contexts: BrowserContext[] = [];

  constructor(private readonly opts: { timeout: number; acceptDownloads?: boolean }) {}

  async start(): Promise<TestEnv> {
    if (!fs.existsSync(CHROMIUM))
      throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (never let a test tool download a browser)`);
    ensurePortalBuild({ quiet: true });
    this.env = await createTestEnv();
    this.browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    });
    return this.env;
  }

  /** A page in a fresh context: the office laptop by default, or PHONE (a 390×844 touch screen). */
  async newPage(device: Device = DESKTOP): Promise<Page> {
    const context = await this.browser!.newContext({
      ...device,
      locale: 'vi-VN',
      timezoneId: 'Asia/Ho_Chi_Minh',
      acceptDownloads: this.opts.acceptDownloads ?? false,
    });
    this.contexts.push(context);
    const page = await context.newPage();
    page.setDefaultTimeout(this.opts.timeout);
    return page;
  }

  async signIn(page: Page, username: string): Promise<void> {
    await page.goto(`${this.env.url}/login`);
    await page.getByLabel('Tên đăng nhập').fill(username);
    await page.getByLabel('Mật khẩu').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.getByTestId('header-unit').waitFor({ state: 'attached' });
  }

  /**
   * Waits until nothing on the page is loading and every animation and transition has finished
   * (antd's entrance motion, a drawer sliding in): a deterministic wait where a sleep would be too
   * short on a busy machine.
   */
  async settled(page: Page): Promise<void> {
    // A table or card that is (re)loading shows its old rows at half opacity under a spinner.
    await page.waitForFunction(() => !document.querySelector('.ant-spin-spinning, .ant-spin-blur'));
    await page.evaluate(async () => {
      for (let round = 0; round < 10; round++) {
        const running = document.getAnimations().filter((a) => a.playState !== 'finished' && a.effect?.getTiming().iterations !== Infinity);
        if (running.length === 0) return;
        await Promise.all(running.map((a) => a.finished.catch(() => undefined)));
      }
    });
  }

  /** A screenshot in tests/artifacts/screens, once antd (and charts) finished their motion. */
  async shot(page: Page, name: string, opts: { fullPage?: boolean; settleMs?: number } = {}): Promise<void> {
    fs.mkdirSync(SCREENS, { recursive: true });
    await page.waitForTimeout(opts.settleMs ?? 300);
    await page.screenshot({ path: path.join(SCREENS, `${name}.png`), fullPage: opts.fullPage ?? false });
  }

  async stop(): Promise<void> {
    for (const c of this.contexts) await c.close().catch(() => undefined);
    await this.browser?.close();
    await this.env?.stop();
  }
}
