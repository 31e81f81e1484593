import fs from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const require = createRequire(import.meta.url);
/** axe-core's own build, injected into the page (never fetched from the network). */
const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface Overflow {
  /** The document's scroll width against the viewport's width. */
  scrollWidth: number;
  clientWidth: number;
  /** The innermost elements that stick out of the viewport without a scrolling box around them. */
  culprits: string[];
}

/**
 * Horizontal overflow of the page: a page wider than the screen makes a phone user scroll sideways
 * to read every line. Boxes that scroll on their own (a wide table in its card) are allowed.
 */
export async function horizontalOverflow(page: Page): Promise<Overflow> {
  return page.evaluate(() => {
    const cw = document.documentElement.clientWidth;
    const culprits: string[] = [];
    for (const el of Array.from(document.querySelectorAll('body *'))) {
      const r = el.getBoundingClientRect();
      if (r.right <= cw + 1 || r.width === 0) continue;
      let clipped = false;
      for (let a = el.parentElement; a; a = a.parentElement) {
        const o = getComputedStyle(a).overflowX;
        if (o !== 'visible' && a.getBoundingClientRect().right <= cw + 1) {
          clipped = true;
          break;
        }
      }
      if (clipped || Array.from(el.children).some((c) => c.getBoundingClientRect().right > cw + 1)) continue;
      const cls = (el.getAttribute('class') ?? '').split(/\s+/).filter(Boolean).slice(0, 3).join('.');
      culprits.push(`${el.tagName.toLowerCase()}${cls ? `.${cls}` : ''} (right ${Math.round(r.right)} px)`);
    }
    return { scrollWidth: document.documentElement.scrollWidth, clientWidth: cw, culprits: culprits.slice(0, 8) };
  });
}

/** Landmarks and headings every screen must have exactly once. */
export async function structure(page: Page): Promise<{ main: number; h1: number; h1Text: string; title: string }> {
  return page.evaluate(() => ({
    main: document.querySelectorAll('main, [role="main"]').length,
    h1: document.querySelectorAll('h1, [role="heading"][aria-level="1"]').length,
    h1Text: document.querySelector('h1')?.textContent?.trim() ?? '',
    title: document.title,
  }));
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

/**
 * axe-core on the page as it stands (WCAG 2.1 A and AA rules plus axe's best practices);
 * returns the serious and critical violations, each with a few of its elements.
 */
export async function seriousAxeViolations(page: Page): Promise<AxeViolation[]> {
  const loaded = await page.evaluate(() => typeof (window as unknown as { axe?: unknown }).axe !== 'undefined');
  if (!loaded) await page.addScriptTag({ content: AXE_SOURCE });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: any[] }> } }).axe;
    const result = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
      resultTypes: ['violations'],
    });
    return result.violations.map((v) => ({
      id: v.id as string,
      impact: (v.impact ?? null) as string | null,
      help: v.help as string,
      nodes: (v.nodes as { target: string[]; html: string }[]).slice(0, 4).map((n) => `${n.target.join(' ')} — ${n.html.slice(0, 160)}`),
    }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** A readable list of violations for a failing assertion's message. */
export function describeViolations(violations: AxeViolation[]): string {
  return violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.join('\n    ')}`).join('\n');
}
