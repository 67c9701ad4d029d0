// The pipeline tab end to end: the real server on real Azurite, deals created over REST, and Debian's Chromium driving
// the built page with real mouse and keyboard input.
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server';
import { builtTabPage, launchChromium } from '../fixtures/browser';
import { closeDate, eventually, pipelineTab, type Deal } from '../fixtures/pipeline-tab';
import { startTestServer } from '../fixtures/server';

builtTabPage('pipeline');

let server: RunningServer;
let browser: Browser;
const { api, ok, seedTenant, openTab, done } = pipelineTab(() => ({ server, browser }));

interface StageChange {
  fromStageId?: string;
  toStageId: string;
  byUserId: string;
  reason?: string;
}

const storedDeal = (tenant: string, id: string) => ok(api<Deal>(tenant, `/pipeline/opportunities/${id}`));
const storedHistory = async (tenant: string, id: string) =>
  (await ok(api<{ items: StageChange[] }>(tenant, `/pipeline/opportunities/${id}/history`))).items;
const shownDate = (isoDate: string) =>
  new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(`${isoDate}T00:00:00Z`));

const text = (locator: Locator) => () => locator.textContent();
const column = (page: Page, stageId: string) => page.locator(`.stage-column[data-stage-id="${stageId}"]`);
const card = (page: Page, id: string) => page.locator(`.deal-card[data-deal-id="${id}"]`);
const stageOfCard = (page: Page, id: string) => () => card(page, id).getAttribute('data-stage-id');
const titlesIn = (page: Page, stageId: string) => () => column(page, stageId).locator('.deal-title').allTextContents();

/** Drags a card onto a column with real mouse input: press, move past the drag threshold in steps, move over, release. */
async function drag(page: Page, id: string, stageId: string): Promise<void> {
  const handle = card(page, id).locator('.deal-account');
  await handle.scrollIntoViewIfNeeded();
  const from = await handle.boundingBox();
  const target = column(page, stageId);
  const to = await target.boundingBox();
  if (!from || !to) throw new Error('card or column not on screen');
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(from.x + from.width / 2 + 15, from.y + from.height / 2 + 10, { steps: 5 });
  await page.mouse.move(to.x + to.width / 2, to.y + Math.min(60, to.height / 2), { steps: 15 });
  await eventually(() => target.getAttribute('class')).toContain('drop-target');
  await page.mouse.up();
}

/** Relative luminance (0 black … 1 white) of a computed `rgb(r, g, b)` colour. */
function luminance(rgb: string): number {
  const [r = 255, g = 255, b = 255] = (rgb.match(/\d+(\.\d+)?/g) ?? []).map(Number);
  const channel = (value: number) => {
    const c = value / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
}

describe('pipeline tab', () => {
  beforeAll(async () => {
    server = await startTestServer();
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('shows every open stage in order with its deals and figures, rendering titles literally', async () => {
    const { tenant, deals } = await seedTenant();
    const page = await openTab(tenant);

    const headings = await page.locator('.stage-column h3').allTextContents();
    expect(headings).toEqual([
      'Initial contact',
      'Shows interest',
      'Meets decision maker',
      'Needs identified',
      'Solution proposed',
      'Demo',
      'Evaluate & revise',
      'Verbal commitment',
      'Contract negotiation',
    ]);
    await eventually(titlesIn(page, 'initial-contact')).toEqual(['Contoso ERP', 'Contoso CRM <b>', 'Contoso POS 收银']);
    await eventually(titlesIn(page, 'demo')).toEqual(['Contoso WMS']);
    expect(await page.locator('.deal-card b').count()).toBe(0);
    await eventually(text(column(page, 'initial-contact').locator('.stage-count'))).toBe('Deals: 3');
    await eventually(text(column(page, 'initial-contact').locator('.stage-amount'))).toBe('Amount ¥200K');
    // 200,000 × 5% = 10,000
    await eventually(text(column(page, 'initial-contact').locator('.stage-weighted'))).toBe('Weighted ¥10K');
    const erp = card(page, deals.erp.id);
    await eventually(text(erp)).toContain('¥120K');
    await eventually(text(erp)).toContain(`Closes ${shownDate(deals.erp.expectedCloseDate)}`);
    await eventually(text(erp)).toContain('Contoso 康索');
    await eventually(text(column(page, 'shows-interest'))).toContain('No deals in this stage.');
    await done(page);
  });

  it('moves a deal dragged with the mouse, and stores the stage and its history', async () => {
    const { tenant, deals } = await seedTenant();
    const page = await openTab(tenant);
    await drag(page, deals.erp.id, 'shows-interest');

    await eventually(stageOfCard(page, deals.erp.id)).toBe('shows-interest');
    await eventually(text(column(page, 'shows-interest').locator('.stage-count'))).toBe('Deals: 1');
    await eventually(text(column(page, 'initial-contact').locator('.stage-count'))).toBe('Deals: 2');
    await eventually(async () => (await storedDeal(tenant, deals.erp.id)).stageId).toBe('shows-interest');
    const history = await storedHistory(tenant, deals.erp.id);
    expect(history.at(-1)).toMatchObject({ fromStageId: 'initial-contact', toStageId: 'shows-interest' });
    expect(history.at(-1)?.byUserId).toBeTruthy();
    // Shows interest is 15%: the board now shows the server's figures for the column.
    await eventually(text(column(page, 'shows-interest').locator('.stage-weighted'))).toBe('Weighted ¥18K');
    expect(await page.locator('.notice').count()).toBe(0);

    // The same board after a reload comes from storage, not from the page's memory.
    await page.reload();
    await eventually(titlesIn(page, 'shows-interest')).toEqual(['Contoso ERP']);
    await done(page);
  });

  it('on a conflicting change shows a message and the stored state, and never overwrites it', async () => {
    const { tenant, deals } = await seedTenant();
    const page = await openTab(tenant, '', { allowFailed: /\/move$/ });
    await eventually(stageOfCard(page, deals.crm.id)).toBe('initial-contact');

    // Someone else moves the deal and renames it while the board still shows the old version.
    const moved = await ok(
      api<Deal>(tenant, `/pipeline/opportunities/${deals.crm.id}/move`, {
        method: 'POST',
        body: { stageId: 'needs-identified' },
        headers: { 'If-Match': deals.crm.etag },
      }),
    );
    await ok(
      api<Deal>(tenant, `/pipeline/opportunities/${deals.crm.id}`, {
        method: 'PATCH',
        body: { title: 'Contoso CRM renewal' },
        headers: { 'If-Match': moved.etag },
      }),
    );

    await drag(page, deals.crm.id, 'shows-interest');
    const notice = page.locator('.notice');
    await eventually(text(notice)).toContain('This deal changed before your move');
    await eventually(text(notice)).toContain('“Contoso CRM renewal”');
    await eventually(text(notice)).toContain('It is in Needs identified now');
    await eventually(stageOfCard(page, deals.crm.id)).toBe('needs-identified');
    await eventually(titlesIn(page, 'needs-identified')).toEqual(['Contoso CRM renewal']);
    await eventually(titlesIn(page, 'shows-interest')).toEqual([]);
    await eventually(text(column(page, 'initial-contact').locator('.stage-count'))).toBe('Deals: 2');

    const stored = await storedDeal(tenant, deals.crm.id);
    expect(stored).toMatchObject({ stageId: 'needs-identified', title: 'Contoso CRM renewal' });
    const history = await storedHistory(tenant, deals.crm.id);
    expect(history.map((change) => change.toStageId)).toEqual(['initial-contact', 'needs-identified']);

    // The board now holds the fresh version, so the next move goes through.
    await drag(page, deals.crm.id, 'solution-proposed');
    await eventually(async () => (await storedDeal(tenant, deals.crm.id)).stageId).toBe('solution-proposed');
    await done(page);
  });

  it('moves a deal with the keyboard alone through its "Move to…" menu, and keeps the focus on it', async () => {
    const { tenant, deals } = await seedTenant();
    const page = await openTab(tenant);
    await page.getByRole('button', { name: 'Contoso POS 收银', exact: true }).focus();
    await page.keyboard.press('Tab');
    const trigger = page.getByRole('button', { name: 'Move “Contoso POS 收银” to another stage' });
    await eventually(() => trigger.evaluate((element) => element === document.activeElement)).toBe(true);
    await page.keyboard.press('Enter');
    const menu = page.getByRole('menu');
    await menu.waitFor();
    // The menu lists every other stage that takes deals, Won and Lost included, in the model's order.
    expect(await menu.getByRole('menuitem').allTextContents()).toEqual([
      'Shows interest',
      'Meets decision maker',
      'Needs identified',
      'Solution proposed',
      'Demo',
      'Evaluate & revise',
      'Verbal commitment',
      'Contract negotiation',
      'Contract signed (won)',
      'Lost',
    ]);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');

    await eventually(stageOfCard(page, deals.pos.id)).toBe('meets-decision-maker');
    await eventually(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Contoso POS 收银');
    await eventually(async () => (await storedDeal(tenant, deals.pos.id)).stageId).toBe('meets-decision-maker');
    await eventually(text(page.getByRole('status').filter({ hasText: 'Moved' }))).toBe('Moved “Contoso POS 收银” to Meets decision maker.');
    await done(page);
  });

  it('closes a deal as lost from the menu with a reason, which leaves the board', async () => {
    const { tenant, deals } = await seedTenant();
    const page = await openTab(tenant);
    await page.getByRole('button', { name: 'Move “Contoso WMS” to another stage' }).click();
    await page.getByRole('menuitem', { name: 'Lost' }).click();
    const dialog = page.getByRole('dialog', { name: 'Why was “Contoso WMS” lost?' });
    await dialog.getByRole('textbox', { name: 'Reason' }).fill('Price 价格');
    await dialog.getByRole('button', { name: 'Move' }).click();

    await eventually(() => card(page, deals.wms.id).count()).toBe(0);
    await eventually(text(column(page, 'demo').locator('.stage-count'))).toBe('Deals: 0');
    await eventually(async () => storedDeal(tenant, deals.wms.id)).toMatchObject({
      stageId: 'lost',
      status: 'lost',
      outcomeReason: 'Price 价格',
    });
    await done(page);
  });

  it('loads a long column page by page', async () => {
    const { tenant, deals } = await seedTenant();
    for (let start = 0; start < 24; start += 8) {
      const batch = Array.from({ length: 8 }, (_, index) =>
        ok(
          api<Deal>(tenant, '/pipeline/opportunities', {
            method: 'POST',
            body: {
              title: `Paged ${String(start + index).padStart(2, '0')}`,
              accountId: deals.erp.accountId,
              amount: 1000,
              expectedCloseDate: closeDate(5),
            },
          }),
          201,
        ),
      );
      await Promise.all(batch);
    }
    const page = await openTab(tenant);
    const first = column(page, 'initial-contact');
    await eventually(text(first.locator('.stage-count'))).toBe('Deals: 27');
    await eventually(() => first.locator('.deal-card').count()).toBe(25);
    await first.getByRole('button', { name: 'Load more' }).click();
    await eventually(() => first.locator('.deal-card').count()).toBe(27);
    await first.getByRole('button', { name: 'Load more' }).waitFor({ state: 'detached' });
    const titles = await first.locator('.deal-title').allTextContents();
    expect(new Set(titles).size).toBe(27);
    await done(page);
  });

  it('opens the deal of a deep link with its stage history', async () => {
    const { tenant, deals } = await seedTenant();
    await ok(
      api<Deal>(tenant, `/pipeline/opportunities/${deals.erp.id}/move`, {
        method: 'POST',
        body: { stageId: 'demo' },
        headers: { 'If-Match': deals.erp.etag },
      }),
    );
    const page = await openTab(tenant, `?opportunity=${deals.erp.id}`);
    const panel = page.getByRole('dialog', { name: 'Contoso ERP' });
    await panel.waitFor();
    await eventually(text(panel.locator('.deal-facts'))).toContain('Demo');
    await eventually(text(panel.locator('.deal-facts'))).toContain('¥120,000');
    await eventually(() => panel.locator('.history-step').allTextContents()).toEqual([
      'Created in Initial contact',
      'Initial contact → Demo',
    ]);
    await panel.getByRole('button', { name: 'Close' }).click();
    await panel.waitFor({ state: 'hidden' });

    // A card's title opens the same panel.
    await page.getByRole('button', { name: 'Contoso POS 收银', exact: true }).click();
    await eventually(() => page.locator('.deal-detail').getAttribute('data-deal-id')).toBe(deals.pos.id);
    await done(page);
  });

  it('shows the funnel, forecast, stuck deals and rep table from the server’s figures', async () => {
    const { tenant } = await seedTenant();
    const funnel = await ok(api<{ stages: { stageId: string; count: number }[] }>(tenant, '/pipeline/funnel'));
    const page = await openTab(tenant);

    await page.getByRole('tab', { name: 'Funnel' }).click();
    const firstStage = page.locator('.funnel .bar-row[data-stage-id="initial-contact"]');
    await eventually(text(firstStage)).toContain(`Deals: ${funnel.stages.find((stage) => stage.stageId === 'initial-contact')?.count}`);
    await eventually(text(firstStage)).toContain('Amount: ¥200K');

    const forecastRequest = page.waitForRequest((request) => request.url().includes('/pipeline/forecast?'));
    await page.getByRole('tab', { name: 'Forecast' }).click();
    const forecastQuery = new URL((await forecastRequest).url()).search;
    const forecast = await ok(
      api<{ months: { period: string; count: number; amount: number }[]; quarters: { period: string; count: number }[] }>(
        tenant,
        `/pipeline/forecast${forecastQuery}`,
      ),
    );
    expect(
      forecast.months.reduce((sum, month) => sum + month.count, 0),
      'the forecast covers every seeded deal',
    ).toBe(4);
    const months = page.locator('.forecast .bar-row');
    await eventually(() => months.evaluateAll((rows) => rows.map((row) => (row as HTMLElement).dataset.period))).toEqual(
      forecast.months.map((month) => month.period),
    );
    // A month with no amount draws no bar at all; the others draw theirs.
    expect(await months.evaluateAll((rows) => rows.map((row) => row.querySelectorAll('.bar:not(.inner)').length))).toEqual(
      forecast.months.map((month) => (month.amount > 0 ? 1 : 0)),
    );
    await page.getByRole('tab', { name: 'By quarter' }).click();
    await eventually(() => months.evaluateAll((rows) => rows.map((row) => (row as HTMLElement).dataset.period))).toEqual(
      forecast.quarters.map((quarter) => quarter.period),
    );

    await page.getByRole('tab', { name: 'Stuck deals' }).click();
    await eventually(text(page.locator('.stuck'))).toContain('No deal is over its stage’s time limit.');

    await page.getByRole('tab', { name: 'Reps' }).click();
    const rep = page.locator('.reps-table tbody tr').first();
    await eventually(() => rep.locator('td').nth(1).textContent()).toBe('4');
    await done(page);
  });

  it('follows ?theme=dark and ?locale=zh-CN: Chinese stage names on a dark background', async () => {
    const { tenant, deals } = await seedTenant();
    const page = await openTab(tenant, '?theme=dark&locale=zh-CN');
    await eventually(() => page.locator('html').getAttribute('lang')).toBe('zh-CN');
    await eventually(() => page.locator('html').getAttribute('data-theme')).toBe('dark');
    await eventually(text(page.locator('h1'))).toBe('销售管线');
    const headings = await page.locator('.stage-column h3').allTextContents();
    expect(headings.slice(0, 3)).toEqual(['初次接触', '表示兴趣', '会见项目决策者']);
    expect(headings).toContain('合同谈判');
    await eventually(text(column(page, 'initial-contact').locator('.stage-count'))).toBe('商机：3');
    await eventually(text(column(page, 'initial-contact').locator('.stage-amount'))).toBe('金额 ¥20万');
    await eventually(text(card(page, deals.erp.id))).toContain('移动到…');
    await page.getByRole('tab', { name: '销售漏斗' }).waitFor();

    for (const selector of ['body', '.pipeline-app', '.deal-card']) {
      const background = await page
        .locator(selector)
        .first()
        .evaluate((element) => getComputedStyle(element).backgroundColor);
      expect(luminance(background), `${selector} ${background}`).toBeLessThan(0.1);
    }
    const textColour = await page.locator('h1').evaluate((element) => getComputedStyle(element).color);
    expect(luminance(textColour)).toBeGreaterThan(0.5);
    await page.screenshot({ path: '/tmp/pipeline-tab-zh-dark.png', fullPage: true });
    await done(page);
  });

  it('fits 320 px without widening the page, in every view, and in high contrast', async () => {
    const { tenant } = await seedTenant();
    const widths = async (page: Page) => page.evaluate(() => document.documentElement.scrollWidth);
    for (const query of ['', '?locale=zh-CN&theme=contrast']) {
      const page = await openTab(tenant, query, { width: 320 });
      expect(await widths(page)).toBeLessThanOrEqual(320);
      for (const tab of await page.getByRole('tab').all()) {
        await tab.click();
        await page.locator('.view > :not([role="progressbar"])').first().waitFor();
        await page.waitForLoadState('networkidle');
        expect(await widths(page), `${query} ${await tab.textContent()}`).toBeLessThanOrEqual(320);
      }
      await page.screenshot({ path: `/tmp/pipeline-tab-320${query ? '-zh-contrast' : ''}.png`, fullPage: true });
      await done(page);
    }
  });

  it('configuration page outside Teams: the chosen scope opens a board of just those deals', async () => {
    const { tenant, deals } = await seedTenant();
    const east = await ok(
      api<Deal>(tenant, '/pipeline/opportunities', {
        method: 'POST',
        body: {
          title: 'East region rollout',
          accountId: deals.erp.accountId,
          amount: 10_000,
          team: 'East sales',
          expectedCloseDate: closeDate(1),
        },
      }),
      201,
    );
    const page = await browser.newPage({ viewport: { width: 320, height: 900 } });
    page.setDefaultTimeout(8000);
    await page.setExtraHTTPHeaders({ 'x-dev-tenant-id': tenant });
    await page.goto(`${server.url}/tabs/pipeline/config.html?locale=zh-CN`);
    await page.getByRole('heading', { name: '选择此标签页显示的内容' }).waitFor();
    const preview = page.getByRole('link', { name: '打开此视图' });
    await eventually(() => preview.getAttribute('href')).toBe(`${server.url}/tabs/pipeline/index.html`);
    await page.getByRole('radio', { name: '查看标签页的人自己的商机' }).check();
    await eventually(() => preview.getAttribute('href')).toBe(`${server.url}/tabs/pipeline/index.html?owner=me`);
    // A team needs its name before the view can open.
    await page.getByRole('radio', { name: '某个销售团队' }).check();
    await eventually(() => preview.count()).toBe(0);
    await page.getByRole('textbox', { name: '销售团队' }).fill('East sales');
    await eventually(() => preview.getAttribute('href')).toBe(`${server.url}/tabs/pipeline/index.html?team=East+sales`);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);

    await preview.click();
    await page.locator('.stage-column').first().waitFor();
    await eventually(() => page.locator('.scope-tag').allTextContents()).toEqual(['Team: East sales']);
    await eventually(() =>
      page.locator('.deal-card').evaluateAll((cards) => cards.map((card) => (card as HTMLElement).dataset.dealId)),
    ).toEqual([east.id]);
    await page.close();
  });

  it('configuration page inside Teams: saving sets the tab’s content URL with the scope', async () => {
    const page = await browser.newPage({ viewport: { width: 800, height: 900 } });
    page.setDefaultTimeout(8000);
    await page.route(`${server.url}/teams-host`, (route) => route.fulfill({ contentType: 'text/html', body: fakeTeamsConfigHost }));
    await page.goto(`${server.url}/teams-host`);
    const frame = page.frameLocator('iframe');
    const calls = () => page.evaluate(() => (window as unknown as { calls: string[] }).calls);
    await eventually(calls).toContain('registerHandler');
    await frame.getByRole('radio', { name: 'One region' }).check();
    // Without a region named the tab cannot be saved yet.
    await eventually(() => page.evaluate(() => (window as unknown as { validity: boolean[] }).validity.at(-1))).toBe(false);
    await frame.getByRole('textbox', { name: 'Region' }).fill('华东');
    await eventually(() => page.evaluate(() => (window as unknown as { validity: boolean[] }).validity.at(-1))).toBe(true);
    await frame.getByLabel('Tab name').fill('East region');

    await page.evaluate(() => (window as unknown as { save(): void }).save());
    await eventually(calls).toContain('settings.save.success');
    const saved = await page.evaluate(() => (window as unknown as { saved: unknown[] }).saved);
    const url = `${server.url}/tabs/pipeline/index.html?region=${encodeURIComponent('华东')}`;
    expect(saved).toEqual([
      { entityId: 'pipeline', contentUrl: `${url}&inTeams=true`, websiteUrl: url, suggestedDisplayName: 'East region' },
    ]);
    await page.close();
  });

  it('inside a Teams host, takes locale, theme and the deep link’s sub-page from it and sends its SSO token', async () => {
    const { tenant, deals } = await seedTenant();
    const page = await browser.newPage({ viewport: { width: 1024, height: 900 } });
    page.setDefaultTimeout(8000);
    await page.setExtraHTTPHeaders({ 'x-dev-tenant-id': tenant });
    const apiCalls: Record<string, string>[] = [];
    page.on('request', (request) => {
      if (request.url().includes('/api/v1/')) apiCalls.push(request.headers());
    });
    await page.route(`${server.url}/teams-host`, (route) => route.fulfill({ contentType: 'text/html', body: fakeTeamsHost(deals.wms.id) }));
    await page.goto(`${server.url}/teams-host`);
    const tab = page.frameLocator('iframe');
    await tab.locator('.stage-column').first().waitFor();

    await eventually(() => tab.locator('html').getAttribute('data-theme')).toBe('contrast');
    await eventually(() => tab.locator('html').getAttribute('lang')).toBe('zh-CN');
    await eventually(() => tab.locator('.deal-detail').getAttribute('data-deal-id')).toBe(deals.wms.id);
    await eventually(text(tab.locator('.deal-facts'))).toContain('演示');
    for (const headers of apiCalls) expect(headers).toMatchObject({ authorization: 'Bearer fake-sso-token', 'accept-language': 'zh-CN' });
    await eventually(() => page.evaluate(() => (window as unknown as { calls: string[] }).calls)).toContain('appInitialization.success');
    await page.close();
  });
});

/** Just enough of a Teams host for the tab: answers initialize, getContext (with a deep link's sub-entity) and getAuthToken. */
function fakeTeamsHost(opportunityId: string): string {
  return `<!doctype html>
<html><body style="margin:0">
<iframe src="/tabs/pipeline/index.html?inTeams=true" style="border:0;width:100%;height:100vh"></iframe>
<script>
  const frame = document.querySelector('iframe');
  const runtime = JSON.stringify({ apiVersion: 4, supports: { app: {}, appInitialization: {}, authentication: {}, pages: {} } });
  const answers = {
    initialize: () => ['content', 'web', runtime, '2.0.0'],
    getContext: () => [{ locale: 'zh-cn', theme: 'contrast', entityId: 'pipeline', subEntityId: 'opportunity:${opportunityId}', hostName: 'Teams', hostClientType: 'web' }],
    'authentication.getAuthToken': () => [true, 'fake-sso-token'],
  };
  window.calls = [];
  window.addEventListener('message', (event) => {
    if (event.source !== frame.contentWindow || typeof event.data?.func !== 'string') return;
    const { id, uuidAsString, func } = event.data;
    window.calls.push(func);
    const answer = answers[func];
    if (answer) frame.contentWindow.postMessage({ id, uuidAsString, args: answer() }, '*');
  });
</script>
</body></html>`;
}

/** A Teams host showing the configuration page: answers initialize in the settings frame and setSettings, and can press Save. */
const fakeTeamsConfigHost = `<!doctype html>
<html><body style="margin:0">
<iframe src="/tabs/pipeline/config.html?inTeams=true" style="border:0;width:100%;height:100vh"></iframe>
<script>
  const frame = document.querySelector('iframe');
  const runtime = JSON.stringify({ apiVersion: 4, supports: { app: {}, appInitialization: {}, authentication: {}, pages: { config: {} } } });
  window.calls = [];
  window.saved = [];
  window.validity = [];
  const answers = {
    initialize: () => ['settings', 'web', runtime, '2.0.0'],
    getContext: () => [{ locale: 'en-us', theme: 'default', hostName: 'Teams', hostClientType: 'web', frameContext: 'settings' }],
    'settings.setSettings': (args) => { window.saved.push(args[0]); return [true]; },
  };
  window.save = () => frame.contentWindow.postMessage({ func: 'settings.save', args: [{}] }, location.origin);
  window.addEventListener('message', (event) => {
    if (event.source !== frame.contentWindow || typeof event.data?.func !== 'string') return;
    const { id, uuidAsString, func, args } = event.data;
    window.calls.push(func);
    if (func === 'settings.setValidityState') window.validity.push(args[0]);
    const answer = answers[func];
    if (answer) frame.contentWindow.postMessage({ id, uuidAsString, args: answer(args) }, '*');
  });
</script>
</body></html>`;
