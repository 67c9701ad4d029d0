// The home tab end to end: the real server on real Azurite, and Debian's Chromium driving the built page.
import { randomUUID } from 'node:crypto';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadConfig } from '../../src/config';
import { startServer, type RunningServer } from '../../src/server';
import { makeActivity } from '../fixtures/activities-data';
import { builtTabPage, launchChromium } from '../fixtures/browser';

builtTabPage('home');
const tenantId = `e2e-${randomUUID()}`;

let server: RunningServer;
let browser: Browser;

interface AccountBody {
  id: string;
  name: string;
  industry?: string;
  region?: string;
  ownerName: string;
}

/** Calls the tab API as the page's dev identity (or another tenant, to keep a test's data apart). */
async function api<T>(path: string, init: { method?: string; body?: unknown; tenant?: string } = {}): Promise<{ status: number; body: T }> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (init.body !== undefined) headers['Content-Type'] = 'application/json';
  if (init.tenant) headers['x-dev-tenant-id'] = init.tenant;
  const response = await fetch(`${server.url}/api/v1${path}`, {
    method: init.method ?? 'GET',
    headers,
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  return { status: response.status, body: (await response.json()) as T };
}

async function createAccount(body: Record<string, string>, tenant?: string): Promise<AccountBody> {
  const created = await api<AccountBody>('/accounts', { method: 'POST', body, tenant });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return created.body;
}

/** The server's own localised refusal of a duplicate name, which the tab must show as it is. */
async function serverMessage(name: string, locale: string): Promise<string> {
  const response = await fetch(`${server.url}/api/v1/accounts`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'Accept-Language': locale },
    body: JSON.stringify({ name }),
  });
  const body = (await response.json()) as { error: { code: string; message: string } };
  expect(response.status).toBe(409);
  expect(body.error.code).toBe('ALREADY_EXISTS');
  return body.error.message;
}

const pageErrors = new WeakMap<Page, string[]>();

/** Opens the tab and waits until its first page of accounts has arrived. */
async function openTab(query = '', options: { width?: number; tenant?: string } = {}): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: options.width ?? 1024, height: 900 } });
  const errors: string[] = [];
  pageErrors.set(page, errors);
  page.on('pageerror', (error) => errors.push(error.message));
  page.setDefaultTimeout(5000);
  if (options.tenant) await page.setExtraHTTPHeaders({ 'x-dev-tenant-id': options.tenant });
  await page.goto(`${server.url}/tabs/home/${query}`);
  await page.locator('#account-list[aria-busy="false"]').waitFor();
  return page;
}

/** Closes a page opened by `openTab`, failing if its script threw. */
async function done(page: Page): Promise<void> {
  await page.close();
  expect(pageErrors.get(page), 'uncaught errors in the tab').toEqual([]);
}

/** Retries until the page has caught up (debounced search, a request in flight). */
const eventually = <T>(read: () => Promise<T>) => expect.poll(read, { timeout: 5000, interval: 50 });
const text = (locator: Locator) => () => locator.textContent();
const attribute = (locator: Locator, name: string) => () => locator.getAttribute(name);
const count = (locator: Locator) => () => locator.count();
const focused = (locator: Locator) => () => locator.evaluate((element) => element === document.activeElement);

const accountRow = (page: Page, name: string) =>
  page.locator('#account-list > li').filter({ has: page.locator('.account-name', { hasText: name }) });

// The tests run in order and build on each other's accounts, all in this file's own tenant.
describe('home tab', () => {
  beforeAll(async () => {
    server = await startServer(
      loadConfig({
        PORT: '0',
        HOST: '127.0.0.1',
        AZURE_TABLES_CONNECTION_STRING: inject('azuriteConnectionString'),
        LOG_LEVEL: 'silent',
        DEV_TENANT_ID: tenantId,
      }),
    );
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('lists the accounts created through the API, rendering names literally', async () => {
    const tricky = await createAccount({ name: 'Tailspin <b>& Toys 🚀', industry: 'Retail', region: 'East' });
    const chinese = await createAccount({ name: '北京星辰科技有限公司', industry: '制造业', region: '华北' });

    const page = await openTab();
    await eventually(text(page.locator('h1'))).toBe('Guanxi CRM');
    await eventually(attribute(page.locator('html'), 'lang')).toBe('en');

    const row = accountRow(page, 'Tailspin');
    await eventually(text(row.locator('.account-name'))).toBe(tricky.name);
    await eventually(text(row)).toContain('Retail');
    await eventually(text(row)).toContain('East');
    await eventually(text(row)).toContain(tricky.ownerName);
    await eventually(count(page.locator('#account-list b'))).toBe(0);
    await eventually(text(accountRow(page, chinese.name))).toContain('华北');
    await eventually(text(page.locator('#list-status'))).toBe('Accounts shown: 2');
    await done(page);
  });

  it('searches account names by prefix', async () => {
    const page = await openTab();
    await page.getByLabel('Search by the start of a name').fill('tail');
    await eventually(count(page.locator('#account-list > li'))).toBe(1);
    await eventually(text(page.locator('#account-list .account-name'))).toBe('Tailspin <b>& Toys 🚀');

    await page.getByLabel('Search by the start of a name').fill('nothing like it');
    await eventually(text(page.locator('#list-status'))).toBe('No account name starts with “nothing like it”.');
    await eventually(count(page.locator('#account-list > li'))).toBe(0);

    await page.getByLabel('Search by the start of a name').fill('');
    await eventually(count(page.locator('#account-list > li'))).toBe(2);
    await done(page);
  });

  it('creates an account through the form, shows it on top and stores it', async () => {
    const page = await openTab();
    await page.getByLabel('Name', { exact: true }).fill('Contoso & Söhne 🦄');
    await page.getByLabel('Industry').fill('Logistics');
    await page.getByLabel('Region').fill('West');
    await page.getByRole('button', { name: 'Create account' }).click();

    const first = page.locator('#account-list > li').first();
    await eventually(text(first.locator('.account-name'))).toBe('Contoso & Söhne 🦄');
    await eventually(text(first)).toContain('Logistics');
    await eventually(text(page.locator('#list-status'))).toBe('Created the account “Contoso & Söhne 🦄”.');
    await eventually(() => page.getByLabel('Name', { exact: true }).inputValue()).toBe('');
    await eventually(text(page.locator('#alert'))).toBe('');

    const id = await first.getAttribute('data-account-id');
    const stored = await api<AccountBody>(`/accounts/${id}`);
    expect(stored.status).toBe(200);
    expect(stored.body).toMatchObject({ name: 'Contoso & Söhne 🦄', industry: 'Logistics', region: 'West' });
    await done(page);
  });

  it('shows the server’s localised error for a duplicate name, in English and in Chinese', async () => {
    const duplicate = 'tailspin <B>& toys 🚀';
    const english = await openTab();
    await english.getByLabel('Name', { exact: true }).fill(duplicate);
    await english.getByRole('button', { name: 'Create account' }).click();
    await eventually(text(english.getByRole('alert'))).toBe(await serverMessage(duplicate, 'en'));
    await eventually(text(english.getByRole('alert'))).toContain(duplicate);
    await eventually(attribute(english.getByLabel('Name', { exact: true }), 'aria-invalid')).toBe('true');
    await done(english);

    const chinese = await openTab('?locale=zh-CN');
    await eventually(attribute(chinese.locator('html'), 'lang')).toBe('zh-CN');
    await eventually(text(chinese.locator('h1'))).toBe('关系 CRM');
    await chinese.getByRole('heading', { name: '新建客户' }).waitFor({ state: 'visible' });
    await chinese.getByLabel('行业').waitFor({ state: 'visible' });
    await eventually(text(chinese.getByRole('button', { name: '创建客户' }))).toBe('创建客户');
    await chinese.getByLabel('名称', { exact: true }).fill('北京星辰科技有限公司');
    await chinese.getByRole('button', { name: '创建客户' }).click();
    const message = await serverMessage('北京星辰科技有限公司', 'zh-CN');
    expect(message).toMatch(/[\u4e00-\u9fff]/u);
    await eventually(text(chinese.getByRole('alert'))).toBe(message);
    await done(chinese);
  });

  it('asks for a name before sending an empty form', async () => {
    const page = await openTab();
    await page.getByRole('button', { name: 'Create account' }).click();
    await eventually(text(page.getByRole('alert'))).toBe('Enter a name for the account.');
    await eventually(focused(page.getByLabel('Name', { exact: true }))).toBe(true);
    await done(page);
  });

  it('loads further pages with the continuation token', async () => {
    const tenant = `e2e-${randomUUID()}`;
    for (let start = 0; start < 53; start += 10) {
      const batch = Array.from({ length: Math.min(10, 53 - start) }, (_, index) =>
        createAccount({ name: `Paged ${String(start + index).padStart(2, '0')}` }, tenant),
      );
      await Promise.all(batch);
    }
    const page = await openTab('', { tenant });
    await eventually(count(page.locator('#account-list > li'))).toBe(50);
    const loadMore = page.getByRole('button', { name: 'Load more' });
    await loadMore.focus();
    await page.keyboard.press('Enter');
    await eventually(count(page.locator('#account-list > li'))).toBe(53);
    await loadMore.waitFor({ state: 'hidden' });
    await eventually(focused(page.locator('#account-list .account-name').nth(50))).toBe(true);
    await done(page);
  });

  it('inside a Teams host, takes locale and theme from it, sends its SSO token and follows theme changes', async () => {
    const page = await browser.newPage({ viewport: { width: 800, height: 900 } });
    page.setDefaultTimeout(5000);
    const apiCalls: Record<string, string>[] = [];
    page.on('request', (request) => {
      if (request.url().includes('/api/v1/')) apiCalls.push(request.headers());
    });
    // The host page is served from the tab's own origin, which teams-js accepts as a host.
    await page.route(`${server.url}/teams-host`, (route) => route.fulfill({ contentType: 'text/html', body: fakeTeamsHost }));
    const started = Date.now();
    await page.goto(`${server.url}/teams-host`);
    const tab = page.frameLocator('iframe');
    await tab.locator('#account-list[aria-busy="false"]').waitFor();

    expect(Date.now() - started, 'a Teams host is recognised without waiting for the deadline').toBeLessThan(1500);
    await eventually(attribute(tab.locator('html'), 'lang')).toBe('zh-CN');
    await eventually(attribute(tab.locator('html'), 'data-theme')).toBe('dark');
    await eventually(text(tab.locator('h1'))).toBe('关系 CRM');
    await eventually(count(tab.locator('#account-list > li'))).toBe(3);
    expect(apiCalls.length).toBeGreaterThan(0);
    for (const headers of apiCalls) expect(headers).toMatchObject({ authorization: 'Bearer fake-sso-token', 'accept-language': 'zh-CN' });
    await eventually(() => page.evaluate(() => (window as unknown as { calls: string[] }).calls)).toContain('appInitialization.success');

    await page.evaluate(() => (window as unknown as { sendTheme(theme: string): void }).sendTheme('contrast'));
    await eventually(attribute(tab.locator('html'), 'data-theme')).toBe('contrast');
    await page.close();
  });

  it('follows ?theme=dark and stays readable at 320px, and leaves screenshots for people', async () => {
    const light = await openTab();
    await light.screenshot({ path: '/tmp/home-tab.png', fullPage: true });
    await done(light);

    const dark = await openTab('?theme=dark');
    await eventually(attribute(dark.locator('html'), 'data-theme')).toBe('dark');
    const background = await dark.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(luminance(background), background).toBeLessThan(0.1);
    await done(dark);

    const narrow = await openTab('?locale=zh-CN&theme=dark', { width: 320 });
    expect(await narrow.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    await narrow.screenshot({ path: '/tmp/home-tab-zh-dark.png', fullPage: true });
    await done(narrow);

    const contrast = await openTab('?theme=contrast', { width: 320 });
    await eventually(attribute(contrast.locator('html'), 'data-theme')).toBe('contrast');
    await contrast.screenshot({ path: '/tmp/home-tab-contrast.png', fullPage: true });
    await done(contrast);
  });
  describe('an account opened by its link', () => {
    let account: AccountBody;

    beforeAll(async () => {
      account = await createAccount({ name: '上海星辰贸易', industry: 'Retail', region: 'Shanghai', size: 'medium' });
      expect(
        (await api(`/accounts/${account.id}/contacts`, { method: 'POST', body: { name: 'Ana Silva', title: 'CFO', cuteRole: 'economic' } }))
          .status,
      ).toBe(201);
      expect(
        (
          await api('/activities', {
            method: 'POST',
            body: makeActivity({ accountId: account.id, type: 'visit', subject: 'Renewal visit', followUpOn: '2099-01-15' }),
          })
        ).status,
      ).toBe(201);
      const deal = await api<{ id: string }>('/pipeline/opportunities', {
        method: 'POST',
        body: { title: 'Store ERP', amount: 120_000, expectedCloseDate: '2099-03-31', accountId: account.id },
      });
      expect(deal.status, JSON.stringify(deal.body)).toBe(201);
    });

    /** Opens `?account=<id>` (or another query) and waits until the account view shows. */
    async function openAccount(query: string, options: { width?: number } = {}): Promise<Page> {
      const page = await browser.newPage({ viewport: { width: options.width ?? 1024, height: 900 } });
      const errors: string[] = [];
      pageErrors.set(page, errors);
      page.on('pageerror', (error) => errors.push(error.message));
      page.setDefaultTimeout(5000);
      await page.goto(`${server.url}/tabs/home/${query}`);
      await page.locator('#account-view:not([hidden])').waitFor();
      return page;
    }

    it('shows its facts, contacts with their CUTE role, recent activities and open deals, not the list', async () => {
      const page = await openAccount(`?account=${account.id}`);

      await eventually(text(page.locator('#account-view-heading'))).toBe('上海星辰贸易');
      const body = page.locator('#account-view-body');
      await eventually(text(body)).toContain('Shanghai');
      await eventually(text(body)).toContain('SizeMedium');
      await eventually(text(body)).toContain('Ana Silva');
      await eventually(text(body)).toContain('CFO · Economic buyer');
      await eventually(text(body)).toContain('Renewal visit');
      await eventually(text(body)).toContain('Visit ·');
      await eventually(text(body)).toContain('Open deals (1)');
      await eventually(attribute(body.getByRole('link', { name: 'Store ERP' }), 'href')).toMatch(
        /^\.\.\/pipeline\/\?opportunity=[0-9a-f-]{36}$/,
      );
      expect(await page.locator('#account-home').isVisible()).toBe(false);
      await done(page);
    });

    it('speaks Chinese with ?locale=zh-CN', async () => {
      const page = await openAccount(`?account=${account.id}&locale=zh-CN`);

      const body = page.locator('#account-view-body');
      await eventually(text(body)).toContain('经济决策者');
      await eventually(text(body)).toContain('规模中型');
      await eventually(text(body)).toContain('进行中的商机（1）');
      await eventually(text(body)).toContain('拜访');
      await eventually(text(page.locator('#account-back'))).toBe('全部客户');
      await done(page);
    });

    it('says so for an account that does not exist, and goes back to the list', async () => {
      const page = await openAccount('?account=00000000-0000-4000-8000-000000000000');

      await eventually(text(page.locator('#account-view-status'))).toBe(
        'This account does not exist, or it is not in your organisation’s CRM.',
      );
      await page.getByRole('button', { name: 'All accounts' }).click();
      await page.locator('#account-list[aria-busy="false"]').waitFor();
      await eventually(count(accountRow(page, '上海星辰贸易'))).toBe(1);
      await done(page);
    });

    it("opens from a click on a row of the list, and the browser's back returns to the list", async () => {
      const page = await openTab();

      await accountRow(page, '上海星辰贸易').getByRole('link').click();
      await eventually(text(page.locator('#account-view-heading'))).toBe('上海星辰贸易');
      await eventually(focused(page.locator('#account-view-heading'))).toBe(true);
      expect(new URL(page.url()).searchParams.get('account')).toBe(account.id);
      await page.goBack();
      await eventually(() => page.locator('#account-home').isVisible()).toBe(true);
      await done(page);
    });

    it('fits a phone at 360px in the dark theme, and leaves screenshots for people', async () => {
      const page = await openAccount(`?account=${account.id}&theme=dark`, { width: 360 });

      await eventually(text(page.locator('#account-view-body'))).toContain('Store ERP');
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow).toBe(0);
      await page.screenshot({ path: '/tmp/home-account-360-dark.png', fullPage: true });
      await page.setViewportSize({ width: 1280, height: 900 });
      await page.goto(`${server.url}/tabs/home/?account=${account.id}`);
      await eventually(text(page.locator('#account-view-body'))).toContain('Store ERP');
      await page.screenshot({ path: '/tmp/home-account-1280.png', fullPage: true });
      await done(page);
    });
  });
});

/**
 * Just enough of a Teams host for the tab: answers teams-js' initialize, getContext and getAuthToken
 * messages, records what it was sent, and can push a theme change.
 */
const fakeTeamsHost = `<!doctype html>
<html><body style="margin:0">
<iframe src="/tabs/home/" style="border:0;width:100%;height:100vh"></iframe>
<script>
  const frame = document.querySelector('iframe');
  const runtime = JSON.stringify({ apiVersion: 4, supports: { app: {}, appInitialization: {}, authentication: {}, pages: {} } });
  const answers = {
    initialize: () => ['content', 'web', runtime, '2.0.0'],
    getContext: () => [{ locale: 'zh-cn', theme: 'dark', entityId: 'home', hostName: 'Teams', hostClientType: 'web' }],
    'authentication.getAuthToken': () => [true, 'fake-sso-token'],
  };
  window.calls = [];
  window.sendTheme = (theme) => frame.contentWindow.postMessage({ func: 'themeChange', args: [theme] }, location.origin);
  window.addEventListener('message', (event) => {
    if (event.source !== frame.contentWindow || typeof event.data?.func !== 'string') return;
    const { id, uuidAsString, func } = event.data;
    window.calls.push(func);
    const answer = answers[func];
    if (answer) frame.contentWindow.postMessage({ id, uuidAsString, args: answer() }, '*');
  });
</script>
</body></html>`;

/** Relative luminance (0 black … 1 white) of a computed `rgb(r, g, b)` colour. */
function luminance(rgb: string): number {
  const [r = 255, g = 255, b = 255] = (rgb.match(/\d+(\.\d+)?/g) ?? []).map(Number);
  const channel = (value: number) => {
    const c = value / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
}
