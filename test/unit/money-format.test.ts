// Amounts read as each language writes them (万 and 亿, K and M, a plain ¥0), the same in chat cards as in the tabs, and
// a closed deal's card names its outcome once.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { I18n, type Locale } from '../../src/core/i18n';
import { plain } from '../../src/cards/adaptive-card';
import { formatMoney } from '../../src/core/money-format';
import { dealCard, dealPickCard, type DealView } from '../../src/plugins/pipeline/chat/deal.cards';
import { pipelineChatMessages } from '../../src/plugins/pipeline/chat/pipeline-chat.messages';
import { defaultStages } from '../../src/plugins/pipeline/stage-model.defaults';
import { expectValidCard } from '../fixtures/cards';

describe('formatMoney', () => {
  it.each([
    [0, '¥0'],
    [950, '¥950'],
    [120_000, '¥12万'],
    [123_456, '¥12.3万'],
    [120_000_000, '¥1.2亿'],
  ])('writes %d yuan in Chinese figures as %s', (amount, shown) => {
    expect(formatMoney(amount, 'CNY', 'zh-CN', 'compact')).toBe(shown);
  });

  it.each([
    [0, 'CNY', '¥0'],
    [120_000, 'CNY', '¥120K'],
    [1_200_000, 'USD', '$1.2M'],
    [12_000, 'USD', '$12K'],
  ])('writes %d %s in English figures as %s', (amount, currency, shown) => {
    expect(formatMoney(amount, currency, 'en', 'compact')).toBe(shown);
  });

  it('keeps currencies other than the yuan apart in Chinese', () => {
    expect(formatMoney(1_200_000, 'USD', 'zh-CN', 'compact')).toBe('US$120万');
  });

  it('writes a deal’s own amount in full, with cents only when it has some', () => {
    expect(formatMoney(120_000, 'CNY', 'en')).toBe('¥120,000');
    expect(formatMoney(1234.5, 'USD', 'en')).toBe('$1,234.50');
    expect(formatMoney(0, 'CNY', 'zh-CN')).toBe('¥0');
  });
});

describe('deal cards in chat', () => {
  const stages = defaultStages.map((stage) => ({ ...stage }));
  const links = {
    opportunity: (id: string) => `https://crm.example.com/tabs/pipeline/?opportunity=${id}`,
    board: () => 'https://crm.example.com/tabs/pipeline/',
  };
  const contextIn = (locale: Locale) => {
    const i18n = new I18n();
    i18n.add('pipeline', pipelineChatMessages);
    return { t: i18n.translator(locale), locale, stages, links, now: new Date('2026-11-24T02:00:00Z'), reportingCurrency: 'CNY' };
  };
  const deal = (overrides: Partial<DealView> = {}): DealView => ({
    id: randomUUID(),
    title: 'ERP rollout',
    accountId: randomUUID(),
    accountName: 'Contoso',
    amount: 120_000,
    currency: 'CNY',
    reportingAmount: 120_000,
    probability: 60,
    stageId: 'demo',
    expectedCloseDate: '2027-09-30',
    ownerId: 'user-1',
    ownerName: 'Ana Silva',
    stageEnteredAt: '2026-11-01T00:00:00Z',
    status: 'open',
    etag: '"1"',
    ...overrides,
  });
  /** The value of the card's fact titled `title`, as Markdown. */
  const fact = (card: unknown, title: string): string | undefined => {
    if (!card || typeof card !== 'object') return undefined;
    const { title: named, value } = card as { title?: unknown; value?: unknown };
    if (named === title && typeof value === 'string') return value;
    return Object.values(card)
      .map((child) => fact(child, title))
      .find((found) => found !== undefined);
  };

  it.each([
    ['en', 'Stage', 'Lost', 'Contract signed (won)'],
    ['zh-CN', '阶段', '丢单', '签订合同'],
  ] as const)('in %s a closed deal’s stage says its outcome once', (locale, stageTitle, lost, won) => {
    const context = contextIn(locale);
    const lostCard = dealCard(deal({ status: 'lost', stageId: 'lost', probability: 0, outcomeReason: 'price' }), context);
    expectValidCard(lostCard);
    expect(fact(lostCard, stageTitle)).toBe(lost);
    expect(fact(dealCard(deal({ status: 'won', stageId: 'won', probability: 100 }), context), stageTitle)).toBe(plain(won));
    expect(fact(dealCard(deal(), context), stageTitle)).toBe(locale === 'en' ? 'Demo · 60%' : '演示 · 60%');
  });

  it('shows amounts as the tabs do: in full on the deal, in figures on a pick-list row', () => {
    const zh = contextIn('zh-CN');
    expect(fact(dealCard(deal({ amount: 0 }), zh), '金额')).toBe('¥0');
    expect(fact(dealCard(deal(), contextIn('en')), 'Amount')).toBe('¥120,000');
    const row = JSON.stringify(dealPickCard('选择', [deal({ amount: 120_000 })], zh, { stageId: 'demo', button: '移动' }));
    expect(row).toContain('¥12万');
  });
});
