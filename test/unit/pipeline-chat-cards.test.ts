// Every pipeline chat card parses at Adaptive Cards 1.5 without warnings and stays under 28 KB, even at its largest, in both languages.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { I18n, locales, type Locale } from '../../src/core/i18n';
import { accountListCard, createOfferCard } from '../../src/plugins/accounts';
import { dealCard, dealPickCard, formatMoney, pipelineVerbs, type DealView } from '../../src/plugins/pipeline/chat/deal.cards';
import { leadCard, leadPickCard } from '../../src/plugins/pipeline/chat/lead.cards';
import { leadChatMessages } from '../../src/plugins/pipeline/chat/lead-chat.messages';
import { pipelineChatMessages } from '../../src/plugins/pipeline/chat/pipeline-chat.messages';
import { summaryCard } from '../../src/plugins/pipeline/chat/summary.card';
import type { Lead, Stage } from '../../src/plugins/pipeline/pipeline.schema';
import type { PipelineSummary } from '../../src/plugins/pipeline/pipeline.service';
import { defaultStages } from '../../src/plugins/pipeline/stage-model.defaults';
import { expectValidCard } from '../fixtures/cards';

const now = new Date('2026-11-24T02:00:00Z');
const stages: Stage[] = defaultStages.map((stage) => ({ ...stage }));
const links = {
  opportunity: (id: string) => `https://crm.example.com/tabs/pipeline/?opportunity=${id}`,
  board: () => 'https://crm.example.com/tabs/pipeline/',
};
const long = (text: string, length: number) => text.repeat(Math.ceil(length / text.length)).slice(0, length);

function translator(locale: Locale) {
  const i18n = new I18n();
  i18n.add('pipeline', {
    en: { ...pipelineChatMessages.en, ...leadChatMessages.en },
    'zh-CN': { ...pipelineChatMessages['zh-CN'], ...leadChatMessages['zh-CN'] },
  });
  return i18n.translator(locale);
}

function deal(overrides: Partial<DealView> = {}): DealView {
  return {
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
    etag: 'W/"datetime\'2026-11-24T02%3A00%3A00.000Z\'"',
    ...overrides,
  };
}

function lead(overrides: Partial<Lead> = {}): Lead {
  return {
    id: randomUUID(),
    name: 'Fabrikam',
    source: 'referral',
    status: 'new',
    ownerId: 'user-1',
    ownerName: 'Ana Silva',
    createdAt: '2026-11-01T00:00:00Z',
    updatedAt: '2026-11-01T00:00:00Z',
    ...overrides,
  };
}

describe.each(locales)('pipeline chat cards in %s', (locale) => {
  const t = translator(locale);
  const context = { t, locale, stages, links, now, reportingCurrency: 'CNY' };

  it('the deal card: figures, a next-stage button carrying the ETag, a link into the tab', () => {
    const open = deal();
    const card = dealCard(open, context, { text: t('pipeline.chat.deal.created') });
    expectValidCard(card);
    const actions = card.actions as { type: string; verb?: string; data?: unknown; url?: string; title: string }[];
    expect(actions[0]).toMatchObject({
      type: 'Action.Execute',
      verb: pipelineVerbs.move,
      data: { opportunityId: open.id, stageId: 'evaluate-revise', etag: open.etag },
    });
    expect(actions[1]).toMatchObject({ type: 'Action.OpenUrl', url: links.opportunity(open.id) });
    expect(JSON.stringify(card)).toContain(t('pipeline.chat.deal.days', { days: 23 }));
  });

  it('a closed deal shows its outcome and reason and no move button', () => {
    const card = dealCard(deal({ status: 'lost', stageId: 'lost', outcomeReason: long('price ', 1000) }), context);
    expectValidCard(card);
    expect((card.actions as { type: string }[]).map((action) => action.type)).toEqual(['Action.OpenUrl']);
    expect(JSON.stringify(card)).toContain(t('pipeline.chat.deal.status.lost'));
  });

  it('a deal in another currency shows its own amount and what it counts for in the reporting currency', () => {
    const card = dealCard(deal({ amount: 5000, currency: 'USD', reportingAmount: 35_714.3 }), context);
    expectValidCard(card);
    const json = JSON.stringify(card);
    expect(json).toContain(
      t('pipeline.chat.deal.amountConverted', {
        amount: formatMoney(5000, 'USD', locale),
        reporting: formatMoney(35_714.3, 'CNY', locale),
      }),
    );
    expect(JSON.stringify(dealCard(deal(), context))).not.toContain(locale === 'en' ? '≈' : '计入合计');
  });

  it('the largest deal card fits', () => {
    expectValidCard(
      dealCard(deal({ title: long('标题*_', 200), accountName: long('客户[]', 200), ownerName: long('名', 256), amount: 1e15 }), context, {
        text: long('x', 500),
      }),
    );
  });

  it('the largest deal pick-list fits: eight deals with the longest titles and a reason on every button', () => {
    const deals = Array.from({ length: 8 }, () => deal({ title: long('商机标题', 200), accountName: long('客户名称', 200) }));
    // The command asks in words past 12 KB of reasons on buttons (see deal-moves.ts), so this is the largest it draws.
    const card = dealPickCard(t('pipeline.chat.move.pick.title', { name: long('x', 200) }), deals, context, {
      stageId: 'lost',
      button: t('pipeline.chat.move.pick.lost'),
      reason: long('原因', 512),
    });
    expectValidCard(card);
  });

  it('the largest account pick-list and create offer for a new deal fit', () => {
    const draft = { title: long('标题', 200), amount: 1e15, currency: 'USD', expectedCloseDate: '2027-09-30' };
    const hits = Array.from({ length: 8 }, () => ({
      accountId: randomUUID(),
      name: long('客户', 200),
      industry: long('行业', 100),
      region: long('地区', 100),
      ownerName: long('名', 100),
    }));
    expectValidCard(
      accountListCard(t('pipeline.chat.new.pick.title', { name: long('x', 200) }), hits, {
        verb: pipelineVerbs.createPicked,
        button: t('pipeline.chat.new.pick.button'),
        data: (hit) => ({ accountId: hit.accountId, draft }),
      }),
    );
    expectValidCard(
      createOfferCard(
        t('pipeline.chat.new.unknown.title', { name: long('x', 200) }),
        t('pipeline.chat.new.unknown.create', { name: long('x', 200) }),
        pipelineVerbs.createAccount,
        { name: long('x', 200), draft },
      ),
    );
  });

  it('the lead card says qualified, or what is missing', () => {
    const qualified = leadCard(
      t,
      lead({ status: 'qualified', man: { money: { met: true }, authority: { met: true }, need: { met: true } } }),
    );
    expectValidCard(qualified);
    expect(JSON.stringify(qualified)).toContain(t('pipeline.chat.qualify.qualified', { name: 'Fabrikam' }));
    const missing = leadCard(
      t,
      lead({ status: 'disqualified', man: { money: { met: true }, authority: { met: false }, need: { met: false } } }),
    );
    expectValidCard(missing);
    const expected = t('pipeline.chat.qualify.disqualified', {
      missing: [t('pipeline.chat.qualify.criterion.authority'), t('pipeline.chat.qualify.criterion.need')].join(', '),
    });
    expect(JSON.stringify(missing)).toContain(expected);
  });

  it('the largest lead pick-list fits', () => {
    const man = { money: { met: true }, authority: { met: false }, need: { met: true } };
    const leads = Array.from({ length: 8 }, () =>
      lead({ name: long('线索', 200), company: long('公司', 200), contactName: long('人', 200), ownerName: long('名', 256) }),
    );
    const qualify = {
      title: t('pipeline.chat.qualify.pick.button'),
      verb: pipelineVerbs.qualify,
      data: (one: Lead) => ({ leadId: one.id, man }),
    };
    expectValidCard(leadPickCard(t('pipeline.chat.qualify.pick.title', { name: long('x', 200) }), leads, qualify));
    expectValidCard(leadPickCard(t('pipeline.chat.qualify.pick.title', { name: 'Fabrikam' }), [lead(), lead({ ownerName: '' })], qualify));
    const draft = { title: long('标题', 200), amount: 1e15, currency: 'USD', expectedCloseDate: '2027-09-30' };
    const convert = {
      title: t('pipeline.chat.convert.pick.button'),
      verb: pipelineVerbs.convert,
      data: (one: Lead) => ({ leadId: one.id, draft }),
    };
    expectValidCard(leadPickCard(t('pipeline.chat.convert.pick.title', { name: long('x', 200) }), leads, convert));
  });

  it('a new lead shows who it is, its source and the next step; the largest fits', () => {
    const created = leadCard(t, lead({ company: 'Fabrikam Ltd', contactName: 'Ana Silva', referredBy: 'Wang Fang' }), {
      text: t('pipeline.chat.lead.created'),
      tone: 'good',
    });
    expectValidCard(created);
    const json = JSON.stringify(created);
    for (const text of [
      t('pipeline.chat.lead.created'),
      t('pipeline.chat.lead.sourceName.referral'),
      'Fabrikam Ltd',
      'Ana Silva',
      'Wang Fang',
    ])
      expect(json).toContain(text);
    expect(json).toContain(t('pipeline.chat.lead.next', { name: 'Fabrikam' }));
    expectValidCard(
      leadCard(
        t,
        lead({
          name: long('线索*', 200),
          company: long('公司', 200),
          contactName: long('人', 200),
          referredBy: long('荐', 200),
          ownerName: long('名', 256),
          man: { money: { met: true }, authority: { met: true }, need: { met: true } },
        }),
        { text: long('x', 500) },
      ),
    );
  });

  const summary = (overrides: Partial<PipelineSummary> = {}): PipelineSummary => ({
    reportingCurrency: 'CNY',
    stages: stages.map((stage, index) => ({
      stageId: stage.id,
      count: index * 3,
      amount: index * 1_234_567,
      weighted: (index * 1_234_567 * stage.probability) / 100,
    })),
    quarter: { period: '2026-Q4', count: 12, amount: 5_000_000, weighted: 2_100_000 },
    stuck: Array.from({ length: 5 }, (_, index) => ({
      deal: deal({ title: long('滞留商机', 200), accountName: long('客户', 200), ownerName: long('名', 256) }),
      daysInStage: 40 + index,
      limitDays: 21,
    })),
    stuckCount: 17,
    ...overrides,
  });

  it('the summary card: funnel per open stage, the quarter, stuck deals linked into the tab, the board link', () => {
    const figures = summary();
    const card = summaryCard(figures, {
      t,
      locale,
      stages,
      links,
      scope: { ownerId: 'user-1' },
      scopeLabel: t('pipeline.chat.summary.scope.mine'),
    });
    expectValidCard(card);
    const json = JSON.stringify(card);
    for (const stage of stages.filter((s) => s.kind === 'open')) expect(json).toContain(stage.name[locale]);
    expect(json).not.toContain(stages.find((s) => s.kind === 'lost')!.name[locale]);
    expect(json).toContain(t('pipeline.chat.summary.quarter', { period: '2026-Q4' }));
    expect(json).toContain(t('pipeline.chat.summary.currency', { currency: figures.reportingCurrency }));
    expect(json).toContain(links.opportunity(figures.stuck[0]!.deal.id));
    expect(json).toContain(t('pipeline.chat.summary.moreStuck', { count: 12 }));
    expect(card.actions).toEqual([expect.objectContaining({ type: 'Action.OpenUrl', url: links.board() })]);
  });

  it('an empty pipeline says how to start', () => {
    const card = summaryCard(
      summary({ stages: [], stuck: [], stuckCount: 0, quarter: { period: '2026-Q4', count: 0, amount: 0, weighted: 0 } }),
      { t, locale, stages, links, scope: {}, scopeLabel: t('pipeline.chat.summary.scope.all') },
    );
    expectValidCard(card);
    expect(JSON.stringify(card)).toContain(t('pipeline.chat.summary.noStuck'));
  });

  it('a model of thirty stages with long names still fits', () => {
    const many: Stage[] = Array.from({ length: 30 }, (_, index) => ({
      id: `s${index}`,
      name: { en: long('Stage name ', 60), 'zh-CN': long('阶段名称', 60) },
      probability: index,
      kind: 'open',
      retired: false,
      dwellLimitDays: 10,
    }));
    const figures = summary({ stages: many.map((stage) => ({ stageId: stage.id, count: 99_999, amount: 1e14, weighted: 1e13 })) });
    expectValidCard(
      summaryCard(figures, {
        t,
        locale,
        stages: many,
        links,
        scope: { team: long('团队', 100) },
        scopeLabel: t('pipeline.chat.summary.scope.team', { team: long('团队', 100) }),
      }),
    );
  });
});

describe('help and strings', () => {
  it('has every string in both languages', () => {
    expect(Object.keys(pipelineChatMessages['zh-CN']).sort()).toEqual(Object.keys(pipelineChatMessages.en).sort());
    for (const locale of locales) for (const value of Object.values(pipelineChatMessages[locale])) expect(value.trim()).not.toBe('');
  });
});
