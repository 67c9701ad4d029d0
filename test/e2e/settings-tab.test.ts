// The settings tab as an admin sees it in Debian's Chromium, at 1280 and 360 px, in English and Chinese: roles ticked
// per person, teams made and staffed, the reps' access setting; a rep is told why it is not theirs. Screenshots go to
// /tmp/shots-settings/ for a person to look at.
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SettingsBody } from '../../src/plugins/cases';
import type { Person, Team } from '../../src/plugins/people';
import type { RunningServer } from '../../src/server';
import { builtTabPage, launchChromium } from '../fixtures/browser';
import { apiAs, personHeaders, personIn, type TestPerson } from '../fixtures/people';
import { newTenantId, startTestServer } from '../fixtures/server';

builtTabPage('settings');

const shots = '/tmp/shots-settings';
// teams-js looks up Teams' origins on a CDN this machine cannot reach; refused calls the test makes on purpose log too.
const expectedConsole = [/^https:\/\/res\.cdn\.office\.net\/teams-js\//u];

let server: RunningServer;
let browser: Browser;
const problems = new Map<Page, string[]>();

beforeAll(async () => {
  mkdirSync(shots, { recursive: true });
  server = await startTestServer();
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** Wang Lei (the admin, first), Ana Silva and Ben Carter; Ana is in the East team. */
async function seedTenant() {
  const tenantId = newTenantId();
  const admin = personIn(tenantId, 'wang', 'Wang Lei');
  const ana = personIn(tenantId, 'ana', 'Ana Silva');
  const ben = personIn(tenantId, 'ben', 'Ben Carter');
  const api = apiAs(server.url, admin);
  await api.get('/people/me');
  await apiAs(server.url, ana).get('/people/me');
  await apiAs(server.url, ben).get('/people/me');
  const east = (await api.post<Team>('/people/teams', { name: 'East' })).body;
  await api.call('PUT', `/people/teams/${east.id}/members/ana`);
  return { admin, ana, ben, api };
}

async function openTab(person: TestPerson, options: { width?: number; locale?: string; refusals?: boolean } = {}): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: options.width ?? 1280, height: 900 } });
  const found: string[] = [];
  problems.set(page, found);
  page.on('pageerror', (error) => found.push(`uncaught: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const url = message.location().url;
    if (expectedConsole.some((pattern) => pattern.test(url))) return;
    // The browser logs every 4xx answer; a test that provokes a refusal allows those.
    if (options.refusals && /status of 40[039]/u.test(message.text())) return;
    found.push(`console: ${message.text()} (${url})`);
  });
  page.setDefaultTimeout(8000);
  await page.setExtraHTTPHeaders(personHeaders(person));
  await page.goto(`${server.url}/tabs/settings/${options.locale ? `?locale=${options.locale}` : ''}`);
  return page;
}

async function done(page: Page): Promise<void> {
  await page.close();
  expect(problems.get(page), 'errors in the tab').toEqual([]);
}

const rolesOf = async (api: ReturnType<typeof apiAs>, userId: string) =>
  (await api.get<{ items: Person[] }>('/people')).body.items.find((person) => person.userId === userId)?.roles;
const eventually = <T>(read: () => Promise<T>) => expect.poll(read, { timeout: 8000, interval: 50 });

describe('settings tab', () => {
  it('lets an admin tick roles, make a team, staff it, and let reps see their team (1280 px)', async () => {
    const { admin, api } = await seedTenant();
    const page = await openTab(admin);
    const ben = page.getByRole('group', { name: 'Roles of Ben Carter' });
    await ben.waitFor();
    expect(await page.getByRole('group', { name: 'Roles of Wang Lei' }).getByRole('checkbox', { name: 'Admin' }).isChecked()).toBe(true);
    expect(await ben.getByRole('checkbox', { name: 'Rep' }).isDisabled()).toBe(true);

    await ben.getByRole('checkbox', { name: 'Manager' }).check();
    await page.getByText('Ben Carter: Rep, Manager.').waitFor();
    await eventually(() => rolesOf(api, 'ben')).toEqual(['rep', 'manager']);

    const form = page.getByRole('form', { name: 'New team' });
    await form.getByLabel('Team name').fill('North');
    await form.getByLabel('Kind').selectOption({ label: 'Service team' });
    await form.getByRole('button', { name: 'Create team' }).click();
    const north = page.locator('.team-card', { has: page.getByRole('heading', { name: /North/u }) });
    await north.waitFor();
    await north.getByLabel('Add a member').selectOption({ label: 'Ben Carter' });
    await north.getByRole('button', { name: 'Add' }).click();
    await page.getByText('Ben Carter joined North.').waitFor();
    await north.getByLabel('Manager').selectOption({ label: 'Ana Silva' });
    await page.getByText('Ana Silva now manages North.').waitFor();
    await page.getByRole('switch', { name: /Reps see the records of their team/u }).check();
    await page.getByText('Reps now see the records of their team.').waitFor();
    await page.screenshot({ path: `${shots}/settings-1280-en.png`, fullPage: true });

    const teams = (await api.get<{ items: Team[] }>('/people/teams')).body.items;
    expect(teams.find((team) => team.name === 'North')).toMatchObject({ kind: 'service', managerId: 'ana', memberIds: ['ben'] });
    expect(await rolesOf(api, 'ana')).toEqual(['rep', 'manager']);
    expect((await api.get('/people/settings')).body).toEqual({ repsSeeTeam: true });

    const east = page.locator('.team-card', { has: page.getByRole('heading', { name: /East/u }) });
    await east.getByRole('button', { name: 'Remove Ana Silva from East' }).click();
    await page.getByText('Ana Silva left East.').waitFor();
    expect((await api.get<{ items: Team[] }>('/people/teams')).body.items.find((team) => team.name === 'East')?.memberIds).toEqual([]);
    await done(page);
  });

  it("edits service levels: a bad time zone and overlapping hours are refused in the user's language, a valid change is saved", async () => {
    const { admin, api } = await seedTenant();
    const page = await openTab(admin, { width: 360, locale: 'zh-CN', refusals: true });
    const levels = page.locator('.service-levels');
    const calendar = levels.getByRole('group', { name: /Weekdays/u });
    await calendar.waitFor();
    const save = levels.getByRole('button', { name: '保存服务级别' });

    await calendar.getByLabel('时区').fill('Mars/Olympus');
    await save.click();
    await page.getByText('“Mars/Olympus”不是有效的时区', { exact: false }).waitFor();
    await calendar.getByLabel('时区').fill('Asia/Shanghai');

    await calendar.getByRole('button', { name: '添加班次' }).click();
    await calendar.getByLabel('开始').last().fill('17:00');
    await calendar.getByLabel('结束').last().fill('20:00');
    await save.click();
    await page.getByText('工作时间 Mon 09:00–18:00 与 Mon 17:00–20:00 重叠', { exact: false }).waitFor();
    await calendar.getByRole('button', { name: '删除此班次' }).last().click();

    await levels.getByLabel('Urgent: 预警（%）').fill('80');
    await calendar.getByLabel('调休上班日（每行一个日期）').fill('2026-01-04\n2026-02-14\n2027-02-07');
    await save.click();
    await page.getByText('服务级别已保存。').waitFor();
    const stored = (await api.get<SettingsBody>('/cases/settings')).body;
    expect(stored.policies.find((policy) => policy.id === 'urgent')?.warnPercent).toBe(80);
    expect(stored.calendars[0]!.workdays).toContain('2027-02-07');
    expect(stored.calendars[0]!.shifts).toHaveLength(5);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await levels.screenshot({ path: `${shots}/service-levels-360-zh.png` });
    await done(page);
  });

  it('keeps the only admin an admin and says why', async () => {
    const { admin, api } = await seedTenant();
    const page = await openTab(admin, { refusals: true });
    const own = page.getByRole('group', { name: 'Roles of Wang Lei' }).getByRole('checkbox', { name: 'Admin' });
    await own.click();
    await page.getByText('Wang Lei is the only admin.', { exact: false }).waitFor();
    await eventually(() => own.isChecked()).toBe(true);
    expect(await rolesOf(api, 'wang')).toEqual(['rep', 'admin']);
    await done(page);
  });

  it('fits a phone in Chinese, every control in reach (360 px)', async () => {
    const { admin } = await seedTenant();
    const page = await openTab(admin, { width: 360, locale: 'zh-CN' });
    await page.getByRole('group', { name: 'Ben Carter的角色' }).waitFor();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('设置');
    expect(await page.getByRole('heading', { name: '人员和角色' }).isVisible()).toBe(true);
    expect(await page.getByRole('group', { name: 'Ben Carter的角色' }).getByRole('checkbox', { name: '销售经理' }).isVisible()).toBe(true);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    for (const box of await page.locator('.person-row, .team-card, .new-team').all()) {
      const bounds = await box.boundingBox();
      expect(bounds && bounds.x + bounds.width).toBeLessThanOrEqual(360);
    }
    await page.screenshot({ path: `${shots}/settings-360-zh.png`, fullPage: true });
    await done(page);
  });

  it('tells a rep that only an admin can change these settings (360 px, English)', async () => {
    const { ana } = await seedTenant();
    const page = await openTab(ana, { width: 360, refusals: true });
    await page.getByText('Only an admin of Guanxi CRM can change roles, teams and settings.').waitFor();
    expect(await page.locator('.person-row').count()).toBe(0);
    await page.screenshot({ path: `${shots}/settings-360-en-rep.png`, fullPage: true });
    await done(page);
  });
});
