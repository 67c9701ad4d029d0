// The pipeline tab as a person sees it in Debian's Chromium: the board stays in sight behind menus, dialogs and the deal
// panel; the rep table fits a phone; amounts read as in each language; a lost deal asks for its reason per the tenant.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server';
import { builtTabPage, launchChromium } from '../fixtures/browser';
import { closeDate, eventually, pipelineTab, type Deal } from '../fixtures/pipeline-tab';
import { decodePng } from '../fixtures/png';
import { startTestServer } from '../fixtures/server';

builtTabPage('pipeline');

let server: RunningServer;
let browser: Browser;
const { api, ok, seedTenant, openTab, done } = pipelineTab(() => ({ server, browser }));

type Box = { x: number; y: number; width: number; height: number };

/** Where a board column is on the screen, its top 300 px: header figures and the first cards. */
async function columnBox(page: Page, stageId: string): Promise<Box> {
  const box = await page.locator(`.stage-column[data-stage-id="${stageId}"]`).boundingBox();
  if (!box) throw new Error(`column ${stageId} is not on screen`);
  return { x: box.x, y: box.y, width: box.width, height: Math.min(box.height, 300) };
}

/** How much the pixels of `box` vary (standard deviation of their luminance, 0–255): a board varies, a blank cover does not. */
async function detail(page: Page, box: Box): Promise<number> {
  const image = decodePng(await page.screenshot({ clip: box }));
  const values: number[] = [];
  for (let offset = 0; offset < image.rgba.length; offset += 4) {
    values.push(0.2126 * image.rgba[offset]! + 0.7152 * image.rgba[offset + 1]! + 0.0722 * image.rgba[offset + 2]!);
  }
  const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
  return Math.sqrt(values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / values.length);
}

/** Whether the element drawn at the middle of `box` belongs to the board. */
const boardOnTop = (page: Page, box: Box) =>
  page.evaluate(({ x, y }) => Boolean(document.elementFromPoint(x, y)?.closest('.board')), {
    x: box.x + box.width / 2,
    y: box.y + box.height / 2,
  });

const moveMenuOf = (page: Page, title: string) => page.getByRole('button', { name: `Move “${title}” to another stage` });

describe('pipeline tab display', () => {
  beforeAll(async () => {
    server = await startTestServer();
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('keeps the board in sight while a menu, the Lost dialog and the deal panel are open', async () => {
    const { tenant } = await seedTenant();
    const page = await openTab(tenant);
    await page.locator('.deal-card').nth(3).waitFor();
    // The menu opens over the first column; the fourth is clear of it. Dialog and panel sit right of the first column.
    const far = await columnBox(page, 'needs-identified');
    const first = await columnBox(page, 'initial-contact');
    const [farAlone, firstAlone] = [await detail(page, far), await detail(page, first)];
    expect(farAlone).toBeGreaterThan(3);
    expect(firstAlone).toBeGreaterThan(3);

    await moveMenuOf(page, 'Contoso ERP').click();
    await page.getByRole('menu').waitFor();
    expect(await boardOnTop(page, far), 'the board under an open menu').toBe(true);
    expect(await detail(page, far)).toBeGreaterThan(farAlone * 0.9);

    await page.getByRole('menuitem', { name: 'Lost' }).click();
    const dialog = page.getByRole('dialog', { name: 'Why was “Contoso ERP” lost?' });
    await dialog.waitFor();
    // A modal dims the page behind it; the board must still show through.
    expect(await detail(page, first), 'the board behind the Lost dialog').toBeGreaterThan(firstAlone * 0.3);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'hidden' });

    await page.getByRole('button', { name: 'Contoso ERP', exact: true }).click();
    const panel = page.getByRole('dialog', { name: 'Contoso ERP' });
    await panel.locator('.deal-facts').waitFor();
    expect(await detail(page, first), 'the board behind the deal panel').toBeGreaterThan(firstAlone * 0.3);
    await done(page);
  });

  it('at 360 px the rep table keeps each figure on one line and scrolls inside itself beside the rep’s name, in both languages and themes', async () => {
    const { tenant, deals } = await seedTenant();
    const big = await ok(
      api<Deal>(tenant, '/pipeline/opportunities', {
        method: 'POST',
        body: { title: 'Contoso 全国', accountId: deals.erp.accountId, amount: 123_456_789, expectedCloseDate: closeDate(1) },
      }),
      201,
    );
    await ok(
      api<Deal>(tenant, `/pipeline/opportunities/${big.id}/move`, {
        method: 'POST',
        body: { stageId: 'won', reason: 'Best fit' },
        headers: { 'If-Match': big.etag },
      }),
    );
    for (const query of ['', '?locale=zh-CN&theme=dark']) {
      const page = await openTab(tenant, query, { width: 360 });
      await page.getByRole('tab').nth(4).click();
      const region = page.locator('.table-scroll');
      await page.locator('.reps-table tbody tr').first().waitFor();

      const lines = await page.locator('.reps-table td').evaluateAll((cells) =>
        cells.slice(1).map((cell) => {
          const range = document.createRange();
          range.selectNodeContents(cell);
          return { text: cell.textContent, lines: new Set([...range.getClientRects()].map((rect) => Math.round(rect.top))).size };
        }),
      );
      expect(lines.length).toBeGreaterThan(5);
      for (const cell of lines) expect(cell.lines, `${query} “${cell.text}” on one line`).toBe(1);

      expect(await page.evaluate(() => document.documentElement.scrollWidth), query).toBeLessThanOrEqual(360);
      const frame = await region.boundingBox();
      expect(frame && frame.x + frame.width).toBeLessThanOrEqual(360);
      // Whatever does not fit is reached by scrolling the table's own region, never cut off.
      await region.evaluate((element) => element.scrollTo({ left: element.scrollWidth }));
      const last = await page.locator('.reps-table th').last().boundingBox();
      const scrolled = await region.boundingBox();
      expect(last && scrolled && last.x + last.width).toBeLessThanOrEqual((scrolled?.x ?? 0) + (scrolled?.width ?? 0) + 1);
      // …while the rep's name stays in sight beside the figures scrolled to.
      const name = page.locator('.reps-table tbody td').first();
      const named = await name.boundingBox();
      expect(named && scrolled && named.x).toBeGreaterThanOrEqual((scrolled?.x ?? 0) - 1);
      expect(
        await name.evaluate((cell) => {
          const box = cell.getBoundingClientRect();
          return cell.contains(document.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2));
        }),
        `${query} the rep's name on top`,
      ).toBe(true);
      await page.screenshot({ path: `/tmp/pipeline-tab-reps-360${query ? '-zh-dark' : ''}.png` });
      await done(page);
    }
  });

  it('writes amounts as each language does, a zero as ¥0, and a lost deal’s outcome once', async () => {
    const { tenant, deals } = await seedTenant();
    const free = await ok(
      api<Deal>(tenant, '/pipeline/opportunities', {
        method: 'POST',
        body: {
          title: 'Contoso pilot',
          accountId: deals.erp.accountId,
          amount: 0,
          stageId: 'shows-interest',
          expectedCloseDate: closeDate(1),
        },
      }),
      201,
    );
    await ok(
      api<Deal>(tenant, `/pipeline/opportunities/${deals.wms.id}/move`, {
        method: 'POST',
        body: { stageId: 'lost', reason: 'Price 价格' },
        headers: { 'If-Match': deals.wms.etag },
      }),
    );
    const figures = (page: Page, stageId: string) => page.locator(`.stage-column[data-stage-id="${stageId}"] .stage-figures`).textContent();
    const facts = (page: Page) =>
      page
        .locator('.deal-facts')
        .evaluate((list) =>
          [...list.querySelectorAll('.deal-fact')].map((fact) => [
            fact.querySelector('dt')?.textContent,
            fact.querySelector('dd')?.textContent,
          ]),
        );

    const english = await openTab(tenant, `?opportunity=${deals.wms.id}`);
    await eventually(() => facts(english)).toContainEqual(['Lost because', 'Price 价格']);
    const shown = await facts(english);
    expect(shown).toContainEqual(['Stage', 'Lost']);
    expect(shown).toContainEqual(['Amount', '¥80,000']);
    expect(shown.map(([label]) => label)).not.toContain('Status');
    await english.getByRole('button', { name: 'Close' }).click();
    expect(await figures(english, 'shows-interest')).toBe('Deals: 1Amount ¥0Weighted ¥0');
    expect(await english.locator(`.deal-card[data-deal-id="${free.id}"] .deal-amount`).textContent()).toBe('¥0');
    expect(await figures(english, 'initial-contact')).toBe('Deals: 3Amount ¥200KWeighted ¥10K');
    await done(english);

    const chinese = await openTab(tenant, `?locale=zh-CN&opportunity=${deals.wms.id}`);
    await eventually(() => facts(chinese)).toContainEqual(['丢单原因', 'Price 价格']);
    expect(await facts(chinese)).toContainEqual(['阶段', '丢单']);
    await chinese.getByRole('button', { name: '关闭' }).click();
    expect(await figures(chinese, 'shows-interest')).toBe('商机：1金额 ¥0加权 ¥0');
    expect(await figures(chinese, 'initial-contact')).toBe('商机：3金额 ¥20万加权 ¥1万');
    await chinese.getByRole('tab', { name: '销售漏斗' }).click();
    await eventually(() => chinese.locator('.funnel .bar-row[data-stage-id="initial-contact"] .bar-figures').textContent()).toBe(
      '金额：¥20万加权金额：¥1万',
    );
    await done(chinese);
  });

  it('the Lost dialog follows the tenant: Move waits for a reason where one is required, and not where it is optional', async () => {
    const { tenant, deals } = await seedTenant();
    const page = await openTab(tenant);
    await moveMenuOf(page, 'Contoso WMS').click();
    await page.getByRole('menuitem', { name: 'Lost' }).click();
    const dialog = page.getByRole('dialog', { name: 'Why was “Contoso WMS” lost?' });
    const confirm = dialog.getByRole('button', { name: 'Move' });
    const reason = dialog.getByRole('textbox', { name: 'Reason' });
    const hint = 'Your team keeps the reason of every lost deal: type it to move the deal.';
    await eventually(() => confirm.isDisabled()).toBe(true);
    expect(await dialog.textContent()).toContain(hint);
    expect(await reason.evaluate((element) => (element as HTMLTextAreaElement).required)).toBe(true);
    await reason.fill('   ');
    expect(await confirm.isDisabled()).toBe(true);
    await reason.fill('Price');
    await eventually(() => confirm.isDisabled()).toBe(false);
    expect(await dialog.textContent()).not.toContain(hint);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'hidden' });

    // Won asks for no reason.
    await moveMenuOf(page, 'Contoso WMS').click();
    await page.getByRole('menuitem', { name: 'Contract signed (won)' }).click();
    const won = page.getByRole('dialog', { name: 'Why was “Contoso WMS” won?' });
    expect(await won.getByRole('button', { name: 'Move' }).isDisabled()).toBe(false);
    await won.getByRole('button', { name: 'Cancel' }).click();
    await done(page);

    const model = await ok(api<{ etag: string; stages: { retired?: boolean }[]; reportingCurrency: string }>(tenant, '/pipeline/stages'));
    const stages = model.stages.map(({ retired: _retired, ...stage }) => stage);
    await ok(
      api(tenant, '/pipeline/stages', {
        method: 'PUT',
        body: { stages, reportingCurrency: model.reportingCurrency, lostReasonRequired: false },
        headers: { 'If-Match': model.etag, 'x-dev-roles': 'admin' },
      }),
    );
    const optional = await openTab(tenant);
    await moveMenuOf(optional, 'Contoso WMS').click();
    await optional.getByRole('menuitem', { name: 'Lost' }).click();
    const lost = optional.getByRole('dialog', { name: 'Why was “Contoso WMS” lost?' });
    await lost.getByRole('textbox', { name: 'Reason (optional)' }).waitFor();
    await lost.getByRole('button', { name: 'Move' }).click();
    await eventually(() => optional.locator(`.deal-card[data-deal-id="${deals.wms.id}"]`).count()).toBe(0);
    await eventually(async () => (await ok(api<Deal>(tenant, `/pipeline/opportunities/${deals.wms.id}`))).status).toBe('lost');
    await done(optional);
  });
});
