// The alerts tab end to end: the real server on real Azurite, a sales team set up over REST, and Debian's Chromium
// driving the built rule builder. As the team's manager, in English and in Chinese: a rule from the catalogue with its
// threshold, scope, recipients and cadence, today's matches, the save, the list, switching it off and its history; and
// whole-day quiet hours and an out-of-range threshold refused in the viewer's language with nothing saved. Then a rep
// who only reads the rules, a save that lost a race, a deletion, and the dialog the chat opens in a channel.
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RuleBody } from '../../src/plugins/alerts/alerts.api-types';
import { settingsOf } from '../../tabs/alerts/rule-draft';
import type { RunningServer } from '../../src/server';
import { postActivity } from '../fixtures/activities';
import { alertsTab, eventually } from '../fixtures/alerts-tab';
import { builtTabPage, launchChromium } from '../fixtures/browser';
import { teamInstall } from '../fixtures/conversations';
import { startTestServer } from '../fixtures/server';

builtTabPage('alerts');

let server: RunningServer;
let browser: Browser;
const { salesTeam, storedRules, createRule, openTab, done } = alertsTab(() => ({ server, browser }));

/** What the tab and the server say, per language. */
const words = {
  en: {
    newRule: 'New rule',
    condition: 'Close date passed',
    name: 'Name',
    grace: 'Days after the expected close date',
    teams: 'Teams',
    owners: 'Owners',
    minAmount: 'Deals of at least',
    manager: 'The owner’s manager',
    people: 'Specific people',
    digest: 'In a daily digest',
    digestAt: 'Digest at',
    quiet: 'Quiet hours (no alerts are sent during them)',
    from: 'From',
    to: 'To',
    cap: 'At most, per person and day',
    preview: 'Preview matches today',
    oneMatch: '1 record matches today.',
    owner: 'Owner: Li Lei 李雷',
    save: 'Save rule',
    saved: (name: string) => `The rule ${name} is saved.`,
    cadence: 'Daily digest at 09:15',
    recipients: 'Owner, Owner’s manager, Chen Jing 陈静',
    switch: (name: string) => `Rule on: ${name}`,
    switchedOff: (name: string) => `The rule ${name} is off.`,
    history: 'History',
    created: 'Wang Fang 王芳 created the rule',
    changed: 'Wang Fang 王芳 changed the rule',
    switchedDifference: 'OnOn → Off',
    notSaved: 'Not saved',
    wholeDay: 'Quiet hours from 08:00 to 08:00 would cover (almost) the whole day',
    outOfRange: '"Days past the stage’s dwell limit" must be from 0 to 365.',
    stuckGrace: 'Days past the stage’s dwell limit',
  },
  'zh-CN': {
    newRule: '新建规则',
    condition: '已过预计成交日期',
    name: '名称',
    grace: '超过预计成交日期的天数',
    teams: '团队',
    owners: '负责人',
    minAmount: '商机金额至少',
    manager: '负责人的经理',
    people: '指定人员',
    digest: '汇总到每日摘要',
    digestAt: '摘要发送时间',
    quiet: '免打扰时段（期间不发送提醒）',
    from: '开始',
    to: '结束',
    cap: '每人每天最多',
    preview: '预览今天的匹配结果',
    oneMatch: '今天有 1 条记录匹配。',
    owner: '负责人：Li Lei 李雷',
    save: '保存规则',
    saved: (name: string) => `规则“${name}”已保存。`,
    cadence: '每日摘要，09:15 发送',
    recipients: '负责人、负责人的经理、Chen Jing 陈静',
    switch: (name: string) => `启用规则：${name}`,
    switchedOff: (name: string) => `规则“${name}”已停用。`,
    history: '变更记录',
    created: 'Wang Fang 王芳创建了此规则',
    changed: 'Wang Fang 王芳修改了此规则',
    switchedDifference: '启用启用 → 停用',
    notSaved: '未保存',
    wholeDay: '免打扰时段 08:00 至 08:00 几乎覆盖了全天',
    outOfRange: '必须在 0 到 365 之间',
    stuckGrace: '超出阶段滞留上限的天数',
  },
} as const;

/** Where Teams would reach the bot's conversations; nothing is sent there in these tests. */
const serviceUrl = 'https://smba.trafficmanager.net/emea/';
const text = (locator: Locator) => () => locator.textContent();
/** The rule's name: a required field, whose label ends in a star. */
const nameField = (form: Locator, label: string) => form.getByRole('textbox', { name: new RegExp(`^${label}\\s*\\*?$`) });

/** Picks `name` in the tag picker labelled `label`, after typing `typed`. */
async function pick(page: Page, label: string, typed: string, name: string): Promise<void> {
  const input = page.locator('.rule-form').getByRole('combobox', { name: label, exact: true });
  await input.click();
  await input.fill(typed);
  await page.getByRole('option', { name, exact: true }).click();
  await input.press('Escape');
  await eventually(text(page.locator('.rule-form').getByRole('listbox', { name: label, exact: true }))).toContain(name);
}

describe('alerts tab', () => {
  beforeAll(async () => {
    server = await startTestServer();
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  for (const locale of ['en', 'zh-CN'] as const) {
    const w = words[locale];

    describe(`in ${locale}`, () => {
      it('builds a rule from the catalogue, previews today’s match, saves it, switches it off and shows who changed what', async () => {
        const team = await salesTeam();
        const ruleName = `Late closes East 逾期 ${locale}`;
        const page = await openTab(team.people.manager, `locale=${locale}`);

        await page.getByRole('button', { name: w.newRule }).click();
        const form = page.locator('.rule-form');
        await form.locator('.condition-picker').click();
        await page.getByRole('option', { name: new RegExp(`^${w.condition}`) }).click();
        // The name follows the condition until someone types one.
        await eventually(() => nameField(form, w.name).inputValue()).toBe(w.condition);
        await nameField(form, w.name).fill(ruleName);
        await form.getByLabel(w.grace).fill('3');
        await pick(page, w.teams, 'Sales', team.teamName);
        await pick(page, w.owners, 'Li', 'Li Lei 李雷');
        await form.getByLabel(w.minAmount).fill('50000');
        await form.getByRole('checkbox', { name: w.manager }).check();
        await pick(page, w.people, 'Chen', 'Chen Jing 陈静');
        await form.getByRole('radio', { name: w.digest }).check();
        await form.getByLabel(w.digestAt).fill('09:15');
        await form.getByRole('checkbox', { name: w.quiet }).check();
        await form.getByLabel(w.from, { exact: true }).fill('21:00');
        await form.getByLabel(w.to, { exact: true }).fill('07:00');
        await form.getByLabel(w.cap).fill('5');

        // Today's match: the rep's deal, ten days past its close date, with its account, owner, reason and link.
        await form.getByRole('button', { name: w.preview }).click();
        const preview = form.locator('.rule-preview');
        await eventually(text(preview.locator('.preview-total'))).toBe(w.oneMatch);
        const match = preview.locator('.preview-item');
        await eventually(text(match.locator('.preview-title'))).toBe(team.dealTitle);
        expect(await match.locator('.preview-facts').textContent()).toBe(`${team.accountName} · ${w.owner}`);
        expect((await match.locator('.preview-why').textContent())?.trim()).not.toBe('');
        expect(await match.locator('.preview-title').getAttribute('href')).toBeTruthy();
        expect(await storedRules(team.manager).then((rules) => rules.some((rule) => rule.name === ruleName))).toBe(false);

        await form.getByRole('button', { name: w.save }).click();
        await eventually(text(page.locator('.notice'))).toContain(w.saved(ruleName));
        const stored = (await storedRules(team.manager)).find((rule) => rule.name === ruleName);
        expect(stored).toMatchObject({
          condition: 'close-date-passed',
          thresholds: { graceDays: 3 },
          enabled: true,
          scope: { teamIds: [team.teamId], ownerIds: ['rep-1'], tier: 'any', minAmount: 50_000 },
          recipients: { owner: true, manager: true, users: ['rep-2'], channels: [] },
          cadence: { mode: 'digest', digestAt: '09:15' },
          quietHours: { from: '21:00', to: '07:00' },
          capPerDay: 5,
        } satisfies Partial<RuleBody>);

        // In the list, then switched off from it.
        const row = page.locator(`.rule-row[data-rule-id="${stored!.id}"]`);
        await eventually(text(row.locator('.rule-condition'))).toBe(w.condition);
        expect(await row.locator('.rule-cadence').textContent()).toBe(w.cadence);
        expect(await row.locator('.rule-recipients').textContent()).toBe(w.recipients);
        await row.getByRole('switch', { name: w.switch(ruleName) }).click();
        await eventually(text(page.locator('.notice'))).toContain(w.switchedOff(ruleName));
        await eventually(async () => (await storedRules(team.manager)).find((rule) => rule.id === stored!.id)?.enabled).toBe(false);

        // The history: the switch, then the creation with every setting.
        await row.locator('.rule-name').click();
        await page.getByRole('tab', { name: w.history }).click();
        const changes = page.locator('.rule-history .change');
        await eventually(() => changes.count()).toBe(2);
        await eventually(text(changes.nth(0).locator('.change-who'))).toBe(w.changed);
        expect(await changes.nth(0).locator('.difference').allTextContents()).toEqual([w.switchedDifference]);
        expect(await changes.nth(1).locator('.change-who').textContent()).toBe(w.created);
        expect(await changes.nth(1).locator('.difference[data-aspect="name"] dd').textContent()).toBe(ruleName);
        expect(await changes.nth(1).locator('.difference[data-aspect="cadence"] dd').textContent()).toBe(w.cadence);
        await done(page);
      });

      it('refuses quiet hours that cover the whole day and a threshold out of range in the viewer’s language, keeps the form, saves nothing until corrected', async () => {
        const team = await salesTeam();
        const before = await storedRules(team.manager);
        // The refused saves are answers of 400 the browser logs.
        const page = await openTab(team.people.manager, `locale=${locale}`, { allowFailed: /\/api\/v1\/alerts\/rules$/ });

        await page.getByRole('button', { name: w.newRule }).click();
        const form = page.locator('.rule-form');
        await nameField(form, w.name).fill('Never 永不');
        await form.getByRole('checkbox', { name: w.quiet }).check();
        await form.getByLabel(w.from, { exact: true }).fill('08:00');
        await form.getByLabel(w.to, { exact: true }).fill('08:00');
        await form.getByRole('button', { name: w.save }).click();

        const refusal = form.locator('.form-refusal');
        await eventually(text(refusal)).toContain(w.wholeDay);
        expect(await refusal.textContent()).toContain(w.notSaved);
        expect(await nameField(form, w.name).inputValue()).toBe('Never 永不');
        expect(await form.getByLabel(w.from, { exact: true }).inputValue()).toBe('08:00');
        expect(await form.getByLabel(w.to, { exact: true }).inputValue()).toBe('08:00');
        expect((await storedRules(team.manager)).map((rule) => rule.id)).toEqual(before.map((rule) => rule.id));

        // A threshold past its bound is refused too; corrected, the rule saves.
        await form.getByLabel(w.to, { exact: true }).fill('07:00');
        await form.getByLabel(w.stuckGrace).fill('999');
        await form.getByRole('button', { name: w.save }).click();
        await eventually(text(refusal)).toContain(w.outOfRange);
        expect(await form.getByLabel(w.stuckGrace).getAttribute('aria-invalid')).toBe('true');
        expect((await storedRules(team.manager)).map((rule) => rule.id)).toEqual(before.map((rule) => rule.id));
        await form.getByLabel(w.stuckGrace).fill('2');
        await form.getByRole('button', { name: w.save }).click();
        await eventually(text(page.locator('.notice'))).toContain(w.saved('Never 永不'));
        expect((await storedRules(team.manager)).find((rule) => rule.name === 'Never 永不')).toMatchObject({
          condition: 'deal-stuck',
          thresholds: { graceDays: 2 },
          quietHours: { from: '08:00', to: '07:00' },
        });
        await done(page);
      });
    });
  }
  it('shows a rep the rules in words, read only, and the server refuses the rep’s writes', async () => {
    const team = await salesTeam();
    const rule = await createRule(team.manager, { name: 'Stuck deals 滞留' });
    const page = await openTab(team.people.rep, 'locale=en');

    await eventually(text(page.locator('.read-only'))).toContain('Only managers and admins change alert rules.');
    expect(await page.getByRole('button', { name: 'New rule' }).count()).toBe(0);
    const row = page.locator(`.rule-row[data-rule-id="${rule.id}"]`);
    expect(await row.getByRole('switch').isDisabled()).toBe(true);
    await row.locator('.rule-name').click();
    const summary = page.locator('.rule-summary');
    await eventually(text(summary.locator('[data-aspect="name"] dd'))).toBe('Stuck deals 滞留');
    expect(await summary.locator('[data-aspect="condition"] dd').textContent()).toBe('Deal stuck in a stage');
    expect(await page.locator('.rule-form').count()).toBe(0);

    const refused = await team.rep.call(
      'PUT',
      `/alerts/rules/${rule.id}`,
      { ...settingsOf(rule), enabled: false },
      { 'if-match': rule.etag },
    );
    expect(refused.status).toBe(403);
    await done(page);
  });

  it('after a save that lost a race, shows the rule as stored and puts the manager’s changes back on request', async () => {
    const team = await salesTeam();
    const rule = await createRule(team.manager, { name: 'Stuck deals' });
    // The stale save is an answer of 409 the browser logs.
    const page = await openTab(team.people.manager, `locale=en&rule=${rule.id}`, { allowFailed: /\/api\/v1\/alerts\/rules\// });
    const form = page.locator('.rule-form');
    await nameField(form, 'Name').fill('Stuck deals East');
    await form.getByLabel('Days past the stage’s dwell limit').fill('5');

    // Meanwhile an admin renames the rule.
    const renamed = await team.admin.call(
      'PUT',
      `/alerts/rules/${rule.id}`,
      { ...settingsOf(rule), name: 'Stuck deals, all teams' },
      { 'if-match': rule.etag },
    );
    expect(renamed.status, JSON.stringify(renamed.body)).toBe(200);

    await form.getByRole('button', { name: 'Save rule' }).click();
    const refusal = form.locator('.form-refusal');
    await eventually(text(refusal)).toContain('Someone else changed this rule since you opened it.');
    expect(await nameField(form, 'Name').inputValue()).toBe('Stuck deals, all teams');
    await refusal.getByRole('button', { name: 'Put my changes back' }).click();
    expect(await nameField(form, 'Name').inputValue()).toBe('Stuck deals East');
    expect(await form.getByLabel('Days past the stage’s dwell limit').inputValue()).toBe('5');

    await form.getByRole('button', { name: 'Save rule' }).click();
    await eventually(text(page.locator('.notice'))).toContain('The rule Stuck deals East is saved.');
    const stored = (await storedRules(team.manager)).find((each) => each.id === rule.id);
    expect(stored).toMatchObject({ name: 'Stuck deals East', thresholds: { graceDays: 5 }, version: 3 });
    await done(page);
  });

  it('deletes a rule once the manager confirms it', async () => {
    const team = await salesTeam();
    const rule = await createRule(team.manager, { name: 'Stuck deals' });
    const page = await openTab(team.people.manager, `locale=en&rule=${rule.id}`);

    await page.locator('.rule-form').getByRole('button', { name: 'Delete rule' }).click();
    const confirm = page.getByRole('alertdialog', { name: 'Delete Stuck deals?' });
    await confirm.getByRole('button', { name: 'Delete', exact: true }).click();
    await eventually(text(page.locator('.notice'))).toContain('The rule Stuck deals is deleted.');
    expect(await page.locator(`.rule-row[data-rule-id="${rule.id}"]`).count()).toBe(0);
    expect((await storedRules(team.manager)).some((each) => each.id === rule.id)).toBe(false);
    await done(page);
  });

  it('in a dialog opened from a channel, keeps to one column and sends a new rule to that channel', async () => {
    const team = await salesTeam();
    // The app is installed in the Teams team, so its channels can receive alerts; the bot passes the channel it was asked in.
    const teamsTeam = { tenantId: team.people.manager.tenantId, teamId: '19:team-sales@thread.tacv2', serviceUrl };
    expect((await postActivity(server.url, teamInstall(teamsTeam))).status).toBe(200);
    const channel = new URLSearchParams({ teamId: teamsTeam.teamId, channelId: '19:channel-deals@thread.tacv2', channelName: '销售群' });
    const page = await openTab(team.people.manager, `locale=zh-CN&dialog=1&${channel}`, { width: 1000 });

    expect(await page.locator('.alerts-app.compact').count()).toBe(1);
    expect(await page.locator('.intro').count()).toBe(0);
    await page.getByRole('button', { name: '新建规则' }).click();
    expect(await page.locator('.list-side').isHidden()).toBe(true);
    const form = page.locator('.rule-form');
    expect(await form.getByRole('checkbox', { name: '本频道：销售群' }).isChecked()).toBe(true);
    await nameField(form, '名称').fill('Stuck deals to the channel 滞留提醒到频道');
    // Outside Teams there is no dialog to close: the save is told in the page, and the rule sends to the channel.
    await form.getByRole('button', { name: '保存规则' }).click();
    await eventually(text(page.locator('.notice'))).toContain('规则“Stuck deals to the channel 滞留提醒到频道”已保存。');
    const stored = (await storedRules(team.manager)).find((rule) => rule.name === 'Stuck deals to the channel 滞留提醒到频道');
    expect(stored?.recipients.channels).toEqual([{ teamId: teamsTeam.teamId, channelId: '19:channel-deals@thread.tacv2', name: '销售群' }]);
    await page.getByRole('button', { name: '返回规则列表' }).click();
    await page.locator('.list-side').waitFor();
    await eventually(text(page.locator(`.rule-row[data-rule-id="${stored!.id}"] .rule-recipients`))).toBe('负责人、#销售群');
    await done(page);
  });
});
