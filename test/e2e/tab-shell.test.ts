// What every tab gets from the shared shell, end to end in Debian's Chromium against the real server: a friendly error
// page with a working retry when the page cannot go on, and one retry with a fresh Teams SSO token when the server
// refuses the one it was sent.
import { randomUUID } from 'node:crypto';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server';
import { builtTabPage, launchChromium } from '../fixtures/browser';
import { makeSsoToken, ssoApplicationIdUri, ssoClientId, startJwksServer, type JwksServer } from '../fixtures/sso';
import { startTestServer } from '../fixtures/server';
import { teamsHostPage } from '../fixtures/teams-host';

builtTabPage('home');
builtTabPage('pipeline');

let browser: Browser;

const eventually = <T>(read: () => Promise<T>) => expect.poll(read, { timeout: 8000, interval: 50 });
const text = (locator: Locator) => () => locator.textContent();
const focused = (locator: Locator) => () => locator.evaluate((element) => element === document.activeElement);

/** What a proxy in front of the server might answer instead of the API: a page of its own, with 200. */
const proxyPage = {
  status: 200,
  contentType: 'text/html',
  body: '<!doctype html><title>Sign in to the network</title><p>Sign in to continue.</p>',
};

/** Answers the first API call to `pathname` with the proxy's page, and lets every later one through to the server. */
async function failFirstCall(page: Page, pathname: string): Promise<{ calls: () => number }> {
  let calls = 0;
  await page.route(
    (url) => url.pathname === pathname,
    async (route) => {
      calls += 1;
      if (calls === 1) await route.fulfill(proxyPage);
      else await route.continue();
    },
  );
  return { calls: () => calls };
}

/** Console errors the tab logs, leaving out the browser's own notes of failed fetches and teams-js' origin list. */
function consoleErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`uncaught: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) errors.push(message.text());
  });
  return errors;
}

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

describe('the error page of every tab', () => {
  let server: RunningServer;

  beforeAll(async () => {
    server = await startTestServer();
  });

  afterAll(async () => {
    await server?.stop();
  });

  async function openPage(tenant: string): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.setDefaultTimeout(8000);
    await page.setExtraHTTPHeaders({ 'x-dev-tenant-id': tenant });
    return page;
  }

  async function createAccount(tenant: string, name: string): Promise<string> {
    const response = await fetch(`${server.url}/api/v1/accounts`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'x-dev-tenant-id': tenant },
      body: JSON.stringify({ name }),
    });
    expect(response.status).toBe(201);
    return ((await response.json()) as { id: string }).id;
  }

  it('home: an answer the tab cannot read shows a friendly error instead of a blank page, and its retry starts the tab afresh', async () => {
    const tenant = `e2e-shell-${randomUUID()}`;
    await createAccount(tenant, 'Fabrikam 法布');
    const page = await openPage(tenant);
    const errors = consoleErrors(page);
    const accounts = await failFirstCall(page, '/api/v1/accounts');
    await page.goto(`${server.url}/tabs/home/`);

    const failure = page.getByRole('alert');
    await eventually(text(failure.getByRole('heading'))).toBe('Something went wrong');
    await eventually(text(failure)).toContain('This page of Guanxi CRM stopped working. Try again; if it keeps happening, reload the tab.');
    const retry = page.getByRole('button', { name: 'Try again' });
    await eventually(focused(retry)).toBe(true);
    expect(await page.locator('#account-list').count(), 'the list is gone with the failed page').toBe(0);
    expect(
      errors.some((error) => error.includes('The tab failed and shows its error page') && error.includes('not JSON')),
      errors.join('\n'),
    ).toBe(true);

    await retry.click();
    await page.locator('#account-list[aria-busy="false"]').waitFor();
    await eventually(text(page.locator('#account-list'))).toContain('Fabrikam 法布');
    await eventually(() => failure.count()).toBe(0);
    expect(accounts.calls()).toBe(2);
    await page.close();
  });

  it('home: the error page speaks Chinese with ?locale=zh-CN', async () => {
    const page = await openPage(`e2e-shell-${randomUUID()}`);
    await failFirstCall(page, '/api/v1/accounts');
    await page.goto(`${server.url}/tabs/home/?locale=zh-CN`);

    await eventually(text(page.getByRole('alert').getByRole('heading'))).toBe('出现问题');
    await eventually(text(page.getByRole('alert'))).toContain('关系 CRM 的此页面无法继续工作。');
    await page.getByRole('button', { name: '重试' }).click();
    await page.locator('#account-list[aria-busy="false"]').waitFor();
    await eventually(text(page.locator('#list-status'))).toBe('还没有客户。请用上面的表单创建第一个客户。');
    await page.close();
  });

  it('pipeline: an answer the tab cannot read shows the same error page, and its retry brings the board', async () => {
    const tenant = `e2e-shell-${randomUUID()}`;
    const page = await openPage(tenant);
    const errors = consoleErrors(page);
    const stages = await failFirstCall(page, '/api/v1/pipeline/stages');
    await page.goto(`${server.url}/tabs/pipeline/?theme=dark`);

    await eventually(text(page.getByRole('alert').getByRole('heading'))).toBe('Something went wrong');
    expect(await page.locator('.stage-column').count()).toBe(0);
    const background = await page.locator('.tab-failure').evaluate((element) => getComputedStyle(element).backgroundColor);
    expect(background, 'the error page follows the dark theme').not.toBe('rgb(255, 255, 255)');
    expect(errors.some((error) => error.includes('The tab failed and shows its error page'))).toBe(true);

    await page.getByRole('button', { name: 'Try again' }).click();
    await page.locator('.stage-column').first().waitFor();
    expect(stages.calls()).toBe(2);
    await page.close();
  });
});

describe('a Teams SSO token the server refuses', () => {
  let server: RunningServer;
  let jwks: JwksServer;

  beforeAll(async () => {
    jwks = await startJwksServer();
    server = await startTestServer({ AAD_APP_CLIENT_ID: ssoClientId, AAD_APP_ID_URI: ssoApplicationIdUri, ENTRA_JWKS_URL: jwks.url });
  });

  afterAll(async () => {
    await server?.stop();
    await jwks?.stop();
  });

  /** Tokens of a tenant of its own, so each test sees only its data. */
  async function tokensOfNewTenant() {
    const tid = randomUUID();
    const now = Math.floor(Date.now() / 1000);
    const expired = await makeSsoToken({ claims: { tid, iat: now - 7200, nbf: now - 7200, exp: now - 3600 } });
    const fresh = await makeSsoToken({ claims: { tid } });
    return { expired, fresh };
  }

  async function createAccount(token: string, name: string): Promise<void> {
    const response = await fetch(`${server.url}/api/v1/accounts`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
      body: JSON.stringify({ name }),
    });
    expect(response.status).toBe(201);
  }

  /** Every call of the tab to `/api/v1/accounts`, with the token it sent and the status it got. */
  function accountCalls(page: Page): { token: string | undefined; status: number }[] {
    const calls: { token: string | undefined; status: number }[] = [];
    // On the answer's headers: the tab drops the body of a 401 before it asks again.
    page.on('response', (response) => {
      if (new URL(response.url()).pathname !== '/api/v1/accounts') return;
      calls.push({
        token: response
          .request()
          .headers()
          .authorization?.replace(/^Bearer /, ''),
        status: response.status(),
      });
    });
    return calls;
  }

  async function openInTeams(tokens: string[]): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1024, height: 900 } });
    page.setDefaultTimeout(8000);
    await page.route(`${server.url}/teams-host`, (route) =>
      route.fulfill({ contentType: 'text/html', body: teamsHostPage({ tab: '/tabs/home/?inTeams=true', tokens }) }),
    );
    return page;
  }

  const tokenRequests = (page: Page) =>
    page.evaluate(() => (window as unknown as { calls: string[] }).calls.filter((call) => call === 'authentication.getAuthToken').length);

  it('an expired token is answered 401, and the tab asks Teams for a fresh one and repeats the call once', async () => {
    const { expired, fresh } = await tokensOfNewTenant();
    await createAccount(fresh, 'Wingtip 翼尖');
    const page = await openInTeams([expired, fresh]);
    const calls = accountCalls(page);
    await page.goto(`${server.url}/teams-host`);
    const tab = page.frameLocator('iframe');

    await tab.locator('#account-list[aria-busy="false"]').waitFor();
    await eventually(text(tab.locator('#account-list'))).toContain('Wingtip 翼尖');
    await eventually(() => Promise.resolve(calls.length)).toBe(2);
    expect(calls).toEqual([
      { token: expired, status: 401 },
      { token: fresh, status: 200 },
    ]);
    expect(await tokenRequests(page)).toBe(2);
    expect(await tab.locator('#alert').textContent()).toBe('');
    await page.close();
  });

  it('a token refused again after the retry is final: two calls, then the server’s own message', async () => {
    const { expired } = await tokensOfNewTenant();
    const page = await openInTeams([expired]);
    const calls = accountCalls(page);
    await page.goto(`${server.url}/teams-host`);
    const tab = page.frameLocator('iframe');

    await tab.locator('#account-list[aria-busy="false"]').waitFor();
    const refusal = await fetch(`${server.url}/api/v1/accounts`, { headers: { Authorization: `Bearer ${expired}` } });
    expect(refusal.status).toBe(401);
    const { error } = (await refusal.json()) as { error: { code: string; message: string } };
    expect(error.code).toBe('UNAUTHENTICATED');
    await eventually(text(tab.locator('#alert'))).toBe(error.message);
    // Long enough for a further retry to have shown up, were there one.
    await page.waitForTimeout(500);
    expect(calls).toEqual([
      { token: expired, status: 401 },
      { token: expired, status: 401 },
    ]);
    await page.close();
  });

  it('without Teams there is no token to renew: a 401 is final at once', async () => {
    const page = await browser.newPage({ viewport: { width: 1024, height: 900 } });
    page.setDefaultTimeout(8000);
    const calls = accountCalls(page);
    await page.goto(`${server.url}/tabs/home/?inTeams=false`);

    await page.locator('#account-list[aria-busy="false"]').waitFor();
    await eventually(text(page.locator('#alert'))).toContain('Sign in to use Guanxi CRM');
    await page.waitForTimeout(500);
    expect(calls).toEqual([{ token: undefined, status: 401 }]);
    await page.close();
  });
});
