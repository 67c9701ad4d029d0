// The cases tab as a person sees it in Debian's Chromium, at 1280 and 360 px, light and dark (the dark one in Chinese):
// the queue, a case's pane, the new case form and the KPIs fit the screen without widening the page; at 360 px the
// queue is cards and the pane takes the list's place. Screenshots go to a temporary folder for a person to look at.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseDetailBody } from '../../src/plugins/cases';
import type { RunningServer } from '../../src/server';
import { builtTabPage, launchChromium } from '../fixtures/browser';
import { casesTab, eventually, type Desk, type DeskApi } from '../fixtures/cases-tab';
import { startTestServer } from '../fixtures/server';

builtTabPage('cases');

let server: RunningServer;
let browser: Browser;
const { serviceDesk, openCase, openTab, done } = casesTab(() => ({ server, browser }));
const shots = mkdtempSync(path.join(tmpdir(), 'cases-tab-'));

async function actOk(api: DeskApi, detail: CaseDetailBody, body: Record<string, unknown>): Promise<CaseDetailBody> {
  const done = await api.post<CaseDetailBody>(`/cases/${detail.case.number}/actions`, body, { 'if-match': detail.etag });
  expect(done.status, JSON.stringify(done.body)).toBe(200);
  return done.body;
}

/** A queue with a bit of everything: a complaint half way, an urgent case waiting on the customer, a resolved one, a long title. */
async function seed(desk: Desk): Promise<number> {
  let complaint = await openCase(desk.rep, desk, {
    title: 'Invoice charged twice for the November delivery of 2,000 units 十一月份交付的两千件货物重复扣款',
    description: 'The customer was billed twice.\nThey want a refund and an apology.',
    type: 'complaint',
    priority: 'high',
  });
  complaint = await actOk(desk.rep, complaint, { action: 'take' });
  complaint = await actOk(desk.rep, complaint, { action: 'step', step: 2, valid: true, notes: 'Two charges on the statement' });
  complaint = await actOk(desk.rep, complaint, { action: 'step', step: 3, department: 'Billing 财务部' });
  complaint = await actOk(desk.rep, complaint, { action: 'reply', text: 'We are looking into it. 我们正在处理。' });
  await actOk(desk.rep, complaint, { action: 'note', text: 'The batch job may have run twice.' });
  let waiting = await openCase(desk.rep, desk, { title: 'Printer jams 打印机卡纸', type: 'after-sales', priority: 'urgent' });
  waiting = await actOk(desk.rep, waiting, { action: 'take' });
  await actOk(desk.rep, waiting, { action: 'wait', text: 'Serial number' });
  let resolved = await openCase(desk.rep, desk, { title: 'Training dates', type: 'pre-sales', priority: 'low' });
  resolved = await actOk(desk.rep, resolved, { action: 'take' });
  await actOk(desk.rep, resolved, { action: 'resolve', resolution: 'Sent the dates', rating: 5 });
  await openCase(desk.rep, desk, { title: 'Delivery question', type: 'in-sales' });
  return complaint.case.number;
}

const pageWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth);

describe('cases tab display', () => {
  beforeAll(async () => {
    server = await startTestServer();
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    console.info(`cases tab screenshots: ${shots}`);
  });

  for (const width of [1280, 360]) {
    for (const [theme, query] of [
      ['light', ''],
      ['dark', '&theme=dark&locale=zh-CN'],
    ] as const) {
      it(`fits ${width} px in the ${theme} theme: queue, case pane, new case form and KPIs`, async () => {
        const desk = await serviceDesk();
        const complaint = await seed(desk);
        const page = await openTab(desk.people.manager, `view=team&teamId=${desk.teamId}${query}`, { width, height: 900 });
        const name = (part: string) => path.join(shots, `cases-${width}-${theme}-${part}.png`);
        await eventually(() => page.locator('.case-row').count()).toBe(4);
        // Cards on a phone, a table on a wide screen.
        const header = await page.locator('.case-table thead').evaluate((element) => getComputedStyle(element).display);
        expect(header).toBe(width < 600 ? 'none' : 'table-header-group');
        expect(await pageWidth(page), 'queue').toBeLessThanOrEqual(width);
        await page.screenshot({ path: name('queue'), fullPage: true });

        await page.locator(`.case-row[data-case="${complaint}"] .case-open`).click();
        await page.locator('.case-detail .timeline').waitFor();
        expect(await page.locator('.queue-side').isVisible(), 'the list beside the pane, or replaced by it').toBe(width >= 760);
        await page.locator('.action-buttons button').first().waitFor();
        await page.locator('.action-buttons [data-action="step-4"]').click();
        await page.locator('.action-form').waitFor();
        expect(await pageWidth(page), 'case pane').toBeLessThanOrEqual(width);
        await page.screenshot({ path: name('case'), fullPage: true });

        await page.locator('.app-header .new-case-button').click();
        await page.locator('.new-case-form').waitFor();
        expect(await pageWidth(page), 'new case form').toBeLessThanOrEqual(width);
        await page.screenshot({ path: name('new-case'), fullPage: true });

        await page.getByRole('tab').nth(1).click();
        await page.locator('.kpi-figures').waitFor();
        await eventually(() => page.locator('.kpi-bar').count()).toBeGreaterThan(10);
        expect(await pageWidth(page), 'KPIs').toBeLessThanOrEqual(width);
        await page.screenshot({ path: name('kpis'), fullPage: true });
        await done(page);
      });
    }
  }
});
