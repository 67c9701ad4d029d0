// The cases tab end to end: the real server on real Azurite, a service desk set up over REST, and Debian's Chromium
// driving the built page as the rep and as the team's manager: a complaint through its eight steps, SLA pausing, a
// stale edit, the account view's links and the channel tab's configuration.
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseDetailBody, CaseListBody } from '../../src/plugins/cases';
import type { RunningServer } from '../../src/server';
import { builtTabPage, launchChromium } from '../fixtures/browser';
import { casesTab, eventually } from '../fixtures/cases-tab';
import { startTestServer } from '../fixtures/server';

builtTabPage('cases');
builtTabPage('home');

let server: RunningServer;
let browser: Browser;
const { serviceDesk, openCase, storedCase, openTab, done } = casesTab(() => ({ server, browser }));

const stepNames: Record<number, string> = {
  2: 'Valid or not',
  3: 'Department assigned',
  4: 'Cause analysed',
  5: 'Resolution proposed',
  6: 'Manager approval',
  7: 'Carried out, customer notified',
  8: 'Reviewed',
};

const text = (locator: Locator) => () => locator.textContent();
const pane = (page: Page) => page.locator('.case-detail');
const actionButton = (page: Page, name: string) => pane(page).locator('.action-buttons').getByRole('button', { name, exact: true });
const refresh = (page: Page) => page.locator('.app-header').getByRole('button', { name: 'Refresh' }).click();
const stepsShown = (page: Page) => () => pane(page).locator('.timeline .entry-step .entry-head').allTextContents();

/** Takes a complaint step in the page: its button, its form filled by `fill`, Save, and the form gone. */
async function takeStep(page: Page, step: number, fill: (form: Locator) => Promise<void>): Promise<void> {
  await actionButton(page, `Step ${step}: ${stepNames[step]}`).click();
  const form = pane(page).locator(`.action-form[data-action="step-${step}"]`);
  await fill(form);
  await form.getByRole('button', { name: 'Save' }).click();
  await form.waitFor({ state: 'detached' });
}

/** Does a plain action of the pane: its button, then, when it opens a form, `fill` and the form's submit button. */
async function act(page: Page, name: string, fill?: (form: Locator) => Promise<void>, submit = 'Save'): Promise<void> {
  await actionButton(page, name).click();
  if (!fill) return;
  const form = pane(page).locator('.action-form');
  await fill(form);
  await form.getByRole('button', { name: submit }).click();
}

describe('cases tab', () => {
  beforeAll(async () => {
    server = await startTestServer();
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('works a complaint through its eight steps: the rep in steps 2–5, 7 and 8, the manager sends back once and approves', async () => {
    const desk = await serviceDesk();
    const complaint = await openCase(desk.rep, desk, {
      title: 'Invoice charged twice 重复扣款',
      description: 'The customer was billed twice for November.',
      type: 'complaint',
      priority: 'high',
    });
    const number = complaint.case.number;

    // The rep finds it among the cases they opened, in the list, and opens it.
    const rep = await openTab(desk.people.rep, 'view=mine');
    await rep.getByRole('button', { name: 'Cases I opened' }).click();
    const row = rep.locator(`.case-row[data-case="${number}"]`);
    await eventually(text(row.locator('.case-title'))).toBe('Invoice charged twice 重复扣款');
    await eventually(text(row.locator('.case-account'))).toBe(desk.accountName);
    await eventually(text(row.locator('.case-priority'))).toBe('High');
    await eventually(text(row.locator('.case-sla'))).toMatch(/On track|At risk|Breached/);
    await row.getByRole('button', { name: `Open C-${number}: Invoice charged twice 重复扣款` }).click();
    await eventually(text(rep.locator('#case-heading'))).toBe(`C-${number} · Invoice charged twice 重复扣款`);
    await eventually(() => rep.evaluate(() => new URL(location.href).searchParams.get('case'))).toBe(String(number));

    await takeStep(rep, 2, async (form) => {
      await form.getByRole('radio', { name: 'Valid', exact: true }).check();
      await form.getByLabel('Why').fill('Two charges on the statement');
    });
    await takeStep(rep, 3, (form) => form.getByLabel('Responsible department').fill('Billing 财务部'));
    await takeStep(rep, 4, async (form) => {
      await form.getByLabel('Cause').selectOption('billing');
      await form.getByLabel('Analysis').fill('The batch job ran twice');
    });
    await takeStep(rep, 5, (form) => form.getByLabel('Proposed resolution').fill('Refund the second charge'));
    await eventually(stepsShown(rep)).toEqual([2, 3, 4, 5].map((step) => `Step ${step}: ${stepNames[step]}`));
    await eventually(text(pane(rep).locator('.timeline'))).toContain('Cause: Billing');
    // Step 6 is the manager's: the rep is not offered it.
    await eventually(() => pane(rep).locator('.action-buttons button', { hasText: 'Step 6' }).count()).toBe(0);

    // The manager, in the team's queue, sends the proposal back with a note.
    const manager = await openTab(desk.people.manager, `view=team&teamId=${desk.teamId}&case=${number}`);
    await eventually(text(manager.locator('.scope-tag'))).toBe('Queue: Service East 华东服务');
    await takeStep(manager, 6, async (form) => {
      await form.getByRole('radio', { name: 'Send back to step 5' }).check();
      await form.getByLabel('What to change').fill('Add a goodwill credit 加送积分');
    });
    await eventually(text(pane(manager).locator('.sent-back'))).toContain('Add a goodwill credit 加送积分');

    // Back with the rep: the case is at step 5 again, with the manager's note shown.
    await refresh(rep);
    await eventually(text(pane(rep).locator('.sent-back'))).toContain('Add a goodwill credit 加送积分');
    await eventually(text(pane(rep).locator('.case-facts'))).toContain('4 of 8: Cause analysed');
    await eventually(text(pane(rep).locator('.entry-sent-back'))).toContain('Sent back to step 5');
    await takeStep(rep, 5, (form) => form.getByLabel('Proposed resolution').fill('Refund plus a 5% credit'));
    await eventually(() => pane(rep).locator('.sent-back').count()).toBe(0);

    await refresh(manager);
    await takeStep(manager, 6, (form) => form.getByRole('radio', { name: 'Approve' }).check());

    await refresh(rep);
    await takeStep(rep, 7, async (form) => {
      await form.getByLabel('What was done').fill('Refunded; customer told by phone');
      await form.getByLabel('Customer feedback').fill('Happy 满意');
      await form.getByLabel('Customer rating').selectOption('4');
    });
    await eventually(text(pane(rep).locator('.case-badges'))).toContain('Resolved');
    await takeStep(rep, 8, (form) => form.getByLabel('Review').fill('Billing job now idempotent'));
    await eventually(text(pane(rep).locator('.case-badges'))).toContain('Closed');
    await eventually(stepsShown(rep)).toEqual([2, 3, 4, 5, 6, 5, 6, 7, 8].map((step) => `Step ${step}: ${stepNames[step]}`));
    await eventually(() => pane(rep).locator('.action-buttons button', { hasText: 'Step' }).count()).toBe(0);

    // The stored history: every step, who took it, in order.
    const stored = await storedCase(desk.admin, number);
    const steps = stored.entries.filter((entry) => entry.kind === 'step' || entry.kind === 'opened');
    expect(steps.map((entry) => [entry.step ?? entry.detail.step, entry.byUserId, entry.byName])).toEqual([
      [1, 'rep-1', 'Li Lei 李雷'],
      [2, 'rep-1', 'Li Lei 李雷'],
      [3, 'rep-1', 'Li Lei 李雷'],
      [4, 'rep-1', 'Li Lei 李雷'],
      [5, 'rep-1', 'Li Lei 李雷'],
      [6, 'mgr-1', 'Wang Fang 王芳'],
      [5, 'rep-1', 'Li Lei 李雷'],
      [6, 'mgr-1', 'Wang Fang 王芳'],
      [7, 'rep-1', 'Li Lei 李雷'],
      [8, 'rep-1', 'Li Lei 李雷'],
    ]);
    expect(steps.find((entry) => entry.detail.approved === false)).toMatchObject({ text: 'Add a goodwill credit 加送积分' });
    expect(stored.case).toMatchObject({
      status: 'closed',
      complaint: { step: 8, valid: true, department: 'Billing 财务部', cause: 'billing' },
      satisfaction: { rating: 4 },
    });
    await done(manager);
    await done(rep);
  });

  it('opens a case from the form, pauses its SLA while waiting on the customer, and runs it again on resume', async () => {
    const desk = await serviceDesk();
    const rep = await openTab(desk.people.rep, 'view=mine');
    await rep.getByRole('button', { name: 'New case' }).click();
    const form = rep.locator('.new-case-form');
    await form.getByLabel('Title').fill('Printer jams 卡纸');
    await form.getByRole('combobox', { name: 'Account' }).fill('contoso');
    await rep.getByRole('option', { name: desk.accountName }).click();
    await form.getByLabel('Type').selectOption('after-sales');
    await form.getByLabel('Priority').selectOption('high');
    expect(await form.getByLabel('Service team').inputValue()).toBe(desk.teamId);
    await form.getByLabel('Description').fill('Jams on every second page.');
    await form.getByRole('button', { name: 'Open case' }).click();

    await eventually(text(rep.locator('#case-heading'))).toBe('C-1001 · Printer jams 卡纸');
    const opened = await storedCase(desk.rep, 1001);
    expect(opened.case).toMatchObject({ type: 'after-sales', priority: 'high', teamId: desk.teamId, accountId: desk.accountId });

    // Both clocks run: a countdown that ticks.
    const resolution = pane(rep).locator('.clock[data-clock="resolution"]');
    const countdown = resolution.locator('.clock-countdown');
    const first = await countdown.textContent();
    await eventually(text(countdown)).not.toBe(first);
    expect(await resolution.getAttribute('data-state')).toMatch(/on-track|at-risk/);

    await act(rep, 'Waiting on customer', (form) => form.getByLabel('What you are waiting for').fill('The serial number'));
    await eventually(() => resolution.getAttribute('data-state')).toBe('paused');
    await eventually(text(resolution.locator('.sla-badge'))).toBe('Paused');
    await eventually(text(resolution.locator('.clock-line'))).toMatch(/^Paused/);
    expect(await pane(rep).locator('.clock-countdown').count(), 'no countdown while paused').toBe(0);
    await eventually(text(pane(rep).locator('.case-badges'))).toContain('Waiting on customer');
    const waiting = await storedCase(desk.rep, 1001);
    expect(waiting.case.status).toBe('waiting');
    expect(waiting.case.pauses).toHaveLength(1);
    expect(waiting.case.pauses.at(-1)?.to, 'the pause is open').toBeUndefined();

    await act(rep, 'Resume');
    await eventually(() => resolution.getAttribute('data-state')).toMatch(/on-track|at-risk/);
    await countdown.waitFor();
    const resumed = await storedCase(desk.rep, 1001);
    expect(resumed.case.status).toBe('in-progress');
    expect(resumed.case.pauses).toHaveLength(1);
    expect(resumed.case.pauses[0]?.to, 'the pause is closed').toBeDefined();

    // The list of cases I opened has it, with its due time in the viewer's time zone (the browser's, which is this process's).
    const queued = await desk.rep.get<CaseListBody>('/cases?view=opened');
    const dueKey = queued.body.items[0]!.dueKey;
    const sameDay = new Date(dueKey).toDateString() === new Date().toDateString();
    const due = new Intl.DateTimeFormat('en', {
      ...(sameDay ? {} : { month: 'short', day: 'numeric' }),
      hour: 'numeric',
      minute: '2-digit',
    }).format(new Date(dueKey));
    await rep.getByRole('button', { name: 'Cases I opened' }).click();
    await eventually(text(rep.locator('.case-row[data-case="1001"] .sla-when'))).toBe(`due ${due}`);
    await done(rep);
  });

  it("on a phone, the browser's back returns from a case to the list, and forward opens it again", async () => {
    const desk = await serviceDesk();
    await openCase(desk.rep, desk, { title: 'Scanner offline' });
    const rep = await openTab(desk.people.rep, 'view=opened', { width: 360 });
    await rep.locator('.case-open').first().click();
    await eventually(text(rep.locator('#case-heading'))).toBe('C-1001 · Scanner offline');
    expect(new URL(rep.url()).searchParams.get('case')).toBe('1001');
    await rep.goBack();
    await rep.locator('.queue').waitFor();
    expect(await rep.locator('#case-heading').count()).toBe(0);
    expect(new URL(rep.url()).searchParams.get('case')).toBeNull();
    await rep.goForward();
    await eventually(text(rep.locator('#case-heading'))).toBe('C-1001 · Scanner offline');
    await pane(rep)
      .getByRole('button', { name: /Back to the list/u })
      .click();
    await rep.locator('.queue').waitFor();
    expect(new URL(rep.url()).searchParams.get('case')).toBeNull();
    await done(rep);
  });

  it('on a stale edit shows the conflict and the case as stored, applies nothing, and the next try goes through', async () => {
    const desk = await serviceDesk();
    const opened = await openCase(desk.rep, desk, { title: 'Training request', type: 'after-sales' });
    const rep = await openTab(desk.people.rep, `view=mine&case=${opened.case.number}`, { allowFailed: /\/actions$/ });
    await eventually(text(pane(rep).locator('.case-badges'))).toContain('Normal');

    // Someone else changes the case after the page loaded it.
    const changed = await desk.manager.post<CaseDetailBody>(
      `/cases/${opened.case.number}/actions`,
      { action: 'note', text: 'Called the customer 已致电' },
      { 'if-match': opened.etag },
    );
    expect(changed.status).toBe(200);
    const raised = await desk.manager.post<CaseDetailBody>(
      `/cases/${opened.case.number}/actions`,
      { action: 'priority', priority: 'urgent' },
      { 'if-match': changed.body.etag },
    );
    expect(raised.status).toBe(200);

    await act(rep, 'Internal note', (form) => form.getByLabel('Note').fill('Sent the training dates'), 'Send');
    const notice = rep.locator('.notice');
    await eventually(text(notice)).toContain('This case changed before your action');
    await eventually(text(notice)).toContain(`Someone else changed C-${opened.case.number} first`);
    await eventually(text(pane(rep).locator('.timeline'))).toContain('Called the customer 已致电');
    await eventually(text(pane(rep).locator('.case-badges'))).toContain('Urgent');
    await eventually(text(pane(rep).locator('.timeline'))).toContain('Priority Normal → Urgent');
    const stored = await storedCase(desk.rep, opened.case.number);
    expect(stored.entries.map((entry) => entry.text)).not.toContain('Sent the training dates');

    // The page holds the fresh version now: the same note goes through.
    await pane(rep).locator('.action-form').getByRole('button', { name: 'Send' }).click();
    await eventually(async () => (await storedCase(desk.rep, opened.case.number)).entries.map((entry) => entry.text)).toContain(
      'Sent the training dates',
    );
    await eventually(() => pane(rep).locator('.entry-note').count()).toBe(2);
    await done(rep);
  });

  it('shows replies and internal notes apart, and the server’s localised refusal', async () => {
    const desk = await serviceDesk();
    const opened = await openCase(desk.rep, desk, { title: 'Return a scanner', type: 'after-sales' });
    const rep = await openTab(desk.people.rep, `view=mine&case=${opened.case.number}&locale=zh-CN`, { allowFailed: /\/actions$/ });
    await act(rep, '回复客户', (form) => form.getByLabel('回复').fill('我们正在处理'), '发送');
    await eventually(text(pane(rep).locator('.entry-reply'))).toContain('我们正在处理');
    await act(rep, '内部备注', (form) => form.getByLabel('备注').fill('检查固件'), '发送');
    await eventually(text(pane(rep).locator('.entry-note'))).toContain('检查固件');
    const [reply, note] = await Promise.all(
      ['.entry-reply', '.entry-note'].map((selector) =>
        pane(rep)
          .locator(selector)
          .evaluate((element) => getComputedStyle(element).backgroundColor),
      ),
    );
    expect(reply).not.toBe(note);
    expect(await pane(rep).locator('.entry-reply .entry-head').textContent()).toBe('回复客户');
    expect(await pane(rep).locator('.entry-note .entry-head').textContent()).toBe('内部备注');
    // The first reply stopped the response clock.
    await eventually(() => pane(rep).locator('.clock[data-clock="response"]').getAttribute('data-state')).toMatch(/met|breached/);

    // Assigning picks from the team by name; one who left the team meanwhile is refused with the server's message,
    // in the page's language, in the form that sent it.
    await actionButton(rep, '分配').click();
    const form = pane(rep).locator('.action-form');
    const picker = form.getByLabel('指派给');
    await eventually(() => picker.locator('option').allTextContents()).toEqual(['选择人员', 'Li Lei 李雷', 'Wang Fang 王芳']);
    await picker.selectOption({ label: 'Wang Fang 王芳' });
    expect((await desk.admin.call('PUT', `/people/teams/${desk.teamId}/manager`, { userId: null })).status).toBe(200);
    await form.getByRole('button', { name: '保存' }).click();
    const refusal = pane(rep).locator('.action-form .action-refusal');
    await eventually(text(refusal)).toContain('只能指派给该团队的成员或经理');
    expect((await storedCase(desk.rep, opened.case.number)).case.ownerId).toBeUndefined();
    await done(rep);
  });

  it('lists an account’s open cases in the home tab’s account view, each linking to the case in this tab', async () => {
    const desk = await serviceDesk();
    const opened = await openCase(desk.rep, desk, { title: 'Printer jams', type: 'after-sales', priority: 'urgent' });
    const home = await openTab(desk.people.rep, `account=${desk.accountId}`, { path: '/tabs/home/' });
    const body = home.locator('#account-view-body');
    await eventually(text(body)).toContain('Open service cases (1)');
    const link = body.getByRole('link', { name: `C-${opened.case.number} · Printer jams` });
    await eventually(text(link.locator('xpath=..'))).toContain('Urgent');
    await link.click();
    await eventually(text(home.locator('#case-heading'))).toBe(`C-${opened.case.number} · Printer jams`);
    await done(home);
  });

  it('the configuration page offers a team’s case queue, whose tab shows that queue', async () => {
    const desk = await serviceDesk();
    await openCase(desk.rep, desk, { title: 'Queue case', type: 'pre-sales' });
    const page = await openTab(desk.people.rep, '', { path: '/tabs/pipeline/config.html', width: 320 });
    await page.getByRole('radio', { name: 'A service case queue' }).check();
    await page.getByRole('combobox', { name: 'Service team' }).selectOption(desk.teamId);
    const preview = page.getByRole('link', { name: 'Open this view' });
    await eventually(() => preview.getAttribute('href')).toBe(`${server.url}/tabs/cases/index.html?view=team&teamId=${desk.teamId}`);
    await page.getByLabel('Only this priority').selectOption('normal');
    await eventually(() => preview.getAttribute('href')).toBe(
      `${server.url}/tabs/cases/index.html?view=team&teamId=${desk.teamId}&priority=normal`,
    );
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    await preview.click();
    await page.locator('.queue').waitFor();
    await eventually(text(page.locator('.scope-tag'))).toBe('Queue: Service East 华东服务');
    await eventually(() => page.locator('.case-row .case-title').allTextContents()).toEqual(['Queue case']);
    expect(await page.getByLabel('Priority').inputValue()).toBe('normal');
    await done(page);
  });
});
