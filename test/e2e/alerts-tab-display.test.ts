// The alerts tab as a manager sees it in Debian's Chromium, at 1280 and 360 px, light and dark (the dark one in Chinese):
// the list, a rule's form with today's matches, and its history fit the screen without widening the page; at 360 px
// the rules are cards and the form takes the list's place. Screenshots go to /tmp/alerts-shots for a person to look at.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server';
import { alertsTab, eventually } from '../fixtures/alerts-tab';
import { builtTabPage, launchChromium } from '../fixtures/browser';
import { startTestServer } from '../fixtures/server';

builtTabPage('alerts');

let server: RunningServer;
let browser: Browser;
const { salesTeam, createRule, openTab, done } = alertsTab(() => ({ server, browser }));
const shots = '/tmp/alerts-shots';

const pageWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth);

describe('alerts tab display', () => {
  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    server = await startTestServer();
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  for (const width of [1280, 360]) {
    for (const [theme, query] of [
      ['light', 'locale=en'],
      ['dark', 'locale=zh-CN&theme=dark'],
    ] as const) {
      it(`fits ${width} px in the ${theme} theme: the rules, a rule with today's matches, and its history`, async () => {
        const team = await salesTeam();
        const rule = await createRule(team.manager, {
          condition: 'close-date-passed',
          thresholds: { graceDays: 1 },
          name: 'Late closes on key accounts of the eastern region 华东重点客户逾期成交',
          scope: { teamIds: [team.teamId], ownerIds: ['rep-1'], tier: 'any', minAmount: 10_000 },
          recipients: { owner: true, manager: true, channels: [], users: ['rep-2'] },
          cadence: { mode: 'digest', digestAt: '09:15' },
          quietHours: { from: '21:00', to: '07:00' },
        });
        const page = await openTab(team.people.manager, query, { width, height: 900, allowFailed: /\/api\/v1\/alerts\/rules\// });
        const name = (part: string) => path.join(shots, `alerts-${width}-${theme}-${part}.png`);

        const row = page.locator(`.rule-row[data-rule-id="${rule.id}"]`);
        await row.waitFor();
        const header = await page.locator('.rule-head').evaluate((element) => getComputedStyle(element).display);
        expect(header).toBe(width < 760 ? 'none' : 'grid');
        expect(await pageWidth(page), 'list').toBeLessThanOrEqual(width);
        await page.screenshot({ path: name('list'), fullPage: true });

        await row.locator('.rule-name').click();
        const form = page.locator('.rule-form');
        await form.locator('.rule-preview, .form-buttons').first().waitFor();
        expect(await page.locator('.list-side').isVisible()).toBe(width >= 760);
        await form.locator('.form-buttons button').nth(1).click();
        await eventually(() => form.locator('.preview-item').count()).toBe(1);
        expect(await pageWidth(page), 'rule').toBeLessThanOrEqual(width);
        await page.screenshot({ path: name('rule'), fullPage: true });

        // A long refusal wraps inside the pane; the form keeps its width.
        const quiet = form.locator('input[type="time"]');
        await quiet.nth(1).fill('07:00');
        await quiet.nth(2).fill('07:00');
        await form.locator('.form-buttons button[type="submit"]').click();
        await form.locator('.form-refusal').waitFor();
        expect(await pageWidth(page), 'refusal').toBeLessThanOrEqual(width);
        await page.screenshot({ path: name('refusal'), fullPage: true });
        await quiet.nth(2).fill('21:00');

        await page.locator('.pane-views [role="tab"]').nth(1).click();
        await eventually(() => page.locator('.rule-history .change').count()).toBe(1);
        expect(await pageWidth(page), 'history').toBeLessThanOrEqual(width);
        await page.screenshot({ path: name('history'), fullPage: true });
        await done(page);
      });
    }
  }
});
