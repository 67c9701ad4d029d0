// The pipeline chat commands read amounts, close dates, stages, deals and MAN answers as reps type them, in English and Chinese.
import { describe, expect, it } from 'vitest';
import { CommandRegistry } from '../../src/core/command-registry';
import { builtInTriggers } from '../../src/core/command-registry';
import type { Locale } from '../../src/core/i18n';
import { parseAmount } from '../../src/plugins/pipeline/chat/amount.parser';
import { parseCloseDate } from '../../src/plugins/pipeline/chat/close-date.parser';
import { parseMoveArgs, splitReason } from '../../src/plugins/pipeline/chat/deal-command.parser';
import { nameDeals } from '../../src/plugins/pipeline/chat/deal-name.match';
import { parseConvert, parseNewLead } from '../../src/plugins/pipeline/chat/lead-command.parser';
import { parseQualify } from '../../src/plugins/pipeline/chat/man.parser';
import { titleFor } from '../../src/plugins/pipeline/chat/new-deal.flow';
import { accountTitleSplits, parseNewOpportunity } from '../../src/plugins/pipeline/chat/new-opportunity.parser';
import { pipelineTriggers } from '../../src/plugins/pipeline/chat/pipeline-chat.words';
import { closingStage, matchStage, nextStage } from '../../src/plugins/pipeline/chat/stage-match';
import type { Stage } from '../../src/plugins/pipeline/pipeline.schema';
import { defaultStages } from '../../src/plugins/pipeline/stage-model.defaults';

// Tuesday 2026-11-24, 10:00 in Shanghai.
const now = new Date('2026-11-24T02:00:00Z');
const context = (locale: Locale = 'en', timeZone = 'Asia/Shanghai') => ({ now, timeZone, locale });

describe('amounts', () => {
  it.each([
    ['120k', 120_000, undefined],
    ['120K', 120_000, undefined],
    ['1.2m', 1_200_000, undefined],
    ['2.5bn', 2_500_000_000, undefined],
    ['12万', 120_000, undefined],
    ['12w', 120_000, undefined],
    ['3亿', 300_000_000, undefined],
    ['1,200,000', 1_200_000, undefined],
    ['５０００', 5000, undefined],
    ['¥80,000', 80_000, 'CNY'],
    ['￥80000', 80_000, 'CNY'],
    ['$5000', 5000, 'USD'],
    ['US$1.5m', 1_500_000, 'USD'],
    ['€20k', 20_000, 'EUR'],
    ['USD 5000', 5000, 'USD'],
    ['usd 5000', 5000, 'USD'],
    ['5000 EUR', 5000, 'EUR'],
    ['RMB 50万', 500_000, 'CNY'],
    ['12万元', 120_000, 'CNY'],
    ['50万美元', 500_000, 'USD'],
    ['0', 0, undefined],
  ])('reads %s', (typed, amount, currency) => {
    expect(parseAmount(typed)).toEqual({ ok: true, amount, ...(currency && { currency }) });
  });

  it.each([
    ['-5k', 'negativeAmount'],
    ['−12万', 'negativeAmount'],
    ['abc', 'badAmount'],
    ['12 apples', 'badAmount'],
    ['$5000 EUR', 'badAmount'],
    ['2e5', 'badAmount'],
    ['9999亿亿', 'badAmount'],
    ['20000000亿', 'amountTooLarge'],
  ])('refuses %s (%s)', (typed, reason) => {
    expect(parseAmount(typed)).toMatchObject({ ok: false, reason });
  });
});

describe('close dates, in the user’s zone', () => {
  it.each([
    ['Q3', '2027-09-30'],
    ['Q4', '2026-12-31'],
    ['q1 2027', '2027-03-31'],
    ['2028Q2', '2028-06-30'],
    ['三季度', '2027-09-30'],
    ['第四季度', '2026-12-31'],
    ['明年第一季度', '2027-03-31'],
    ['this quarter', '2026-12-31'],
    ['next quarter', '2027-03-31'],
    ['本季度末', '2026-12-31'],
    ['下季度', '2027-03-31'],
    ['March', '2027-03-31'],
    ['end of March', '2027-03-31'],
    ['Sept 2027', '2027-09-30'],
    ['3月', '2027-03-31'],
    ['十二月', '2026-12-31'],
    ['12月底', '2026-12-31'],
    ['end of month', '2026-11-30'],
    ['月底', '2026-11-30'],
    ['next month', '2026-12-31'],
    ['下个月', '2026-12-31'],
    ['年底', '2026-12-31'],
    ['end of year', '2026-12-31'],
    ['12/15', '2026-12-15'],
    ['Dec 15', '2026-12-15'],
    ['2027-02-28', '2027-02-28'],
    ['2026年12月31日', '2026-12-31'],
    ['12月15日', '2026-12-15'],
    ['in 3 months', '2027-02-24'],
    ['3个月后', '2027-02-24'],
    ['today', '2026-11-24'],
    ['by Q1', '2027-03-31'],
    ['Q3 成交', '2027-09-30'],
  ])('reads %s as %s', (typed, date) => {
    expect(parseCloseDate(typed, context(/[\u3400-\u9fff]/u.test(typed) ? 'zh-CN' : 'en'))).toEqual({ ok: true, date });
  });

  it.each([
    ['2027-02', '2027-02-28'],
    ['2027/2', '2027-02-28'],
    ['2027.02', '2027-02-28'],
    ['02/2027', '2027-02-28'],
    ['Feb 2027', '2027-02-28'],
    ['February 2027', '2027-02-28'],
    ['February of 2027', '2027-02-28'],
    ['end of February 2027', '2027-02-28'],
    ['2027 February', '2027-02-28'],
    ['2027年2月', '2027-02-28'],
    ['2027年02月份', '2027-02-28'],
    ['2028-02', '2028-02-29'],
    ['2026-11', '2026-11-30'],
  ])('reads the month %s as its last day (%s)', (typed, date) => {
    expect(parseCloseDate(typed, context(/[\u3400-\u9fff]/u.test(typed) ? 'zh-CN' : 'en'))).toEqual({ ok: true, date });
  });

  it.each([
    ['2026-10', 'pastCloseDate'],
    ['2027-13', 'badCloseDate'],
    ['2027-00', 'badCloseDate'],
    ['13/2027', 'badCloseDate'],
  ])('refuses the month %s (%s)', (typed, reason) => {
    expect(parseCloseDate(typed, context())).toMatchObject({ ok: false, reason });
  });

  it('counts today in the user’s own zone', () => {
    // 2026-11-24T02:00Z is still the 23rd in Los Angeles: "today" there is the 23rd.
    expect(parseCloseDate('today', context('en', 'America/Los_Angeles'))).toEqual({ ok: true, date: '2026-11-23' });
    expect(parseCloseDate('end of month', context('en', 'Pacific/Kiritimati'))).toEqual({ ok: true, date: '2026-11-30' });
  });

  it.each([
    ['2026-02-30', 'badCloseDate'],
    ['2027-13-01', 'badCloseDate'],
    ['banana', 'badCloseDate'],
    ['Q5', 'badCloseDate'],
    ['13月', 'badCloseDate'],
    ['yesterday', 'pastCloseDate'],
    ['2026-11-01', 'pastCloseDate'],
    ['', 'badCloseDate'],
  ])('refuses %s (%s)', (typed, reason) => {
    expect(parseCloseDate(typed, context())).toMatchObject({ ok: false, reason });
  });
});

describe('new opportunity lines', () => {
  it.each([
    ['Contoso ERP 120k close Q3', 'Contoso ERP', { amount: 120_000 }, '2027-09-30'],
    ['Contoso ERP 12万 预计 Q3 成交', 'Contoso ERP', { amount: 120_000 }, '2027-09-30'],
    ['Contoso ERP 12万 预计 2027-02 成交', 'Contoso ERP', { amount: 120_000 }, '2027-02-28'],
    ['Contoso ERP 12万 预计 2027年2月 成交', 'Contoso ERP', { amount: 120_000 }, '2027-02-28'],
    ['Contoso ERP 120k close Feb 2027', 'Contoso ERP', { amount: 120_000 }, '2027-02-28'],
    ['Contoso ERP 120k close 2027-02', 'Contoso ERP', { amount: 120_000 }, '2027-02-28'],
    ['Contoso ERP 预计金额 12万 预计成交 3月', 'Contoso ERP', { amount: 120_000 }, '2027-03-31'],
    ['Contoso ERP close Q3 $50k', 'Contoso ERP', { amount: 50_000, currency: 'USD' }, '2027-09-30'],
    ['Contoso ERP USD 5000 closing next quarter', 'Contoso ERP', { amount: 5000, currency: 'USD' }, '2027-03-31'],
    ['Contoso ERP amount 3亿 close 2027-06-30', 'Contoso ERP', { amount: 300_000_000 }, '2027-06-30'],
    ['华为 云平台 ¥3亿 预计 年底 成交', '华为 云平台', { amount: 300_000_000, currency: 'CNY' }, '2026-12-31'],
    ['Contoso: ERP upgrade 1.2m expected close: end of March', 'Contoso: ERP upgrade', { amount: 1_200_000 }, '2027-03-31'],
  ])('reads %s', (line, head, amount, expectedCloseDate) => {
    expect(parseNewOpportunity(line, context(/[\u3400-\u9fff]/u.test(line) ? 'zh-CN' : 'en'))).toEqual({
      ok: true,
      head,
      amount,
      expectedCloseDate,
    });
  });

  it('leaves the amount out when none is typed, and does not take a year or a phase number for money', () => {
    expect(parseNewOpportunity('Contoso ERP close Q3', context())).toEqual({
      ok: true,
      head: 'Contoso ERP',
      expectedCloseDate: '2027-09-30',
    });
    expect(parseNewOpportunity('Contoso ERP 2026 close Q3', context())).toMatchObject({ head: 'Contoso ERP 2026' });
    expect(parseNewOpportunity('Contoso Phase 2 close Q3', context())).toMatchObject({ head: 'Contoso Phase 2' });
    expect(parseNewOpportunity('Contoso ERP 5000 close Q3', context())).toMatchObject({ head: 'Contoso ERP', amount: { amount: 5000 } });
  });

  it.each([
    ['', 'emptyArgs'],
    ['Contoso ERP 120k', 'missingClose'],
    ['Contoso ERP -5k close Q3', 'negativeAmount'],
    ['Contoso ERP 金额 -12万 预计 Q3 成交', 'negativeAmount'],
    ['Contoso ERP amount abc close Q3', 'badAmount'],
    ['Contoso ERP close 2026-02-30', 'badCloseDate'],
    ['Contoso ERP close someday', 'badCloseDate'],
    ['Contoso ERP close yesterday', 'pastCloseDate'],
    ['120k close Q3', 'missingTitle'],
  ])('refuses %j (%s)', (line, reason) => {
    expect(parseNewOpportunity(line, context())).toMatchObject({ ok: false, reason });
  });

  it('splits account and title with the longest account name first, or at a colon', () => {
    expect(accountTitleSplits('Contoso Pharma ERP')).toEqual([
      { accountName: 'Contoso Pharma', title: 'ERP' },
      { accountName: 'Contoso', title: 'Pharma ERP' },
    ]);
    expect(accountTitleSplits('Contoso Pharma: ERP upgrade')).toEqual([{ accountName: 'Contoso Pharma', title: 'ERP upgrade' }]);
    expect(accountTitleSplits('Contoso')).toEqual([]);
  });

  it('takes the title after the words that begin a picked account’s name', () => {
    expect(titleFor('Contoso Pharma ERP rollout', 'Contoso Pharma Ltd')).toBe('ERP rollout');
    expect(titleFor('Contoso ERP', 'Contoso Ltd')).toBe('ERP');
    expect(titleFor('zhongguo 云平台', '中国移动')).toBe('云平台');
  });
});

describe('stages, in either language', () => {
  const stages: Stage[] = defaultStages.map((stage) => ({ ...stage }));
  const id = (typed: string) => {
    const match = matchStage(typed, stages);
    return match.kind === 'one' ? match.stage.id : match.kind;
  };

  it.each([
    ['demo', 'demo'],
    ['Demo', 'demo'],
    ['ＤＥＭＯ', 'demo'],
    ['演示', 'demo'],
    ['contract negotiation', 'contract-negotiation'],
    ['Contract-Negotiation', 'contract-negotiation'],
    ['合同谈判', 'contract-negotiation'],
    ['evaluate & revise', 'evaluate-revise'],
    ['评价修改方案', 'evaluate-revise'],
    ['solution', 'solution-proposed'],
    ['提交', 'solution-proposed'],
    ['verbal', 'verbal-commitment'],
    ['stage 6', 'demo'],
    ['6', 'demo'],
    ['第6阶段', 'demo'],
    ['won', 'won'],
    ['赢单', 'won'],
    ['签订合同', 'won'],
    ['lost', 'lost'],
    ['丢单', 'lost'],
  ])('%s → %s', (typed, stageId) => {
    expect(id(typed)).toBe(stageId);
  });

  it('asks when a prefix fits several stages and knows no stage it cannot find', () => {
    expect(matchStage('con', stages)).toMatchObject({ kind: 'several', stages: [{ id: 'contract-negotiation' }, { id: 'won' }] });
    expect(id('banana')).toBe('none');
    expect(id('')).toBe('none');
    expect(id('42')).toBe('none');
  });

  it('never matches a retired stage, and the next stage skips retired and lost ones', () => {
    const model = stages.map((stage) => (stage.id === 'demo' ? { ...stage, retired: true } : stage));
    expect(matchStage('demo', model)).toEqual({ kind: 'none' });
    expect(nextStage(model, 'solution-proposed')?.id).toBe('evaluate-revise');
    expect(nextStage(model, 'contract-negotiation')?.id).toBe('won');
    expect(nextStage(model, 'won')).toBeUndefined();
    expect(closingStage(model, 'lost')?.id).toBe('lost');
  });
});

describe('deal and reason', () => {
  it.each([
    ['Contoso ERP to demo', 'Contoso ERP', 'demo'],
    ['Contoso ERP 到 演示', 'Contoso ERP', '演示'],
    ['Contoso ERP到演示', 'Contoso ERP', '演示'],
    ['Move to cloud to demo', 'Move to cloud', 'demo'],
    ['Contoso ERP → 合同谈判', 'Contoso ERP', '合同谈判'],
  ])('move %s', (args, deal, stage) => {
    expect(parseMoveArgs(args)).toEqual({ ok: true, deal, stage });
  });

  it('says what is missing from a move', () => {
    expect(parseMoveArgs('')).toEqual({ ok: false, reason: 'emptyArgs' });
    expect(parseMoveArgs('Contoso ERP')).toEqual({ ok: false, reason: 'missingStage' });
    expect(parseMoveArgs('Contoso ERP to')).toEqual({ ok: false, reason: 'missingStage' });
    expect(parseMoveArgs('to demo')).toEqual({ ok: false, reason: 'missingDeal' });
  });

  it('splits the reason at a separator', () => {
    expect(splitReason('Contoso ERP: price')).toEqual({ deal: 'Contoso ERP', reason: 'price' });
    expect(splitReason('Contoso ERP，价格太高')).toEqual({ deal: 'Contoso ERP', reason: '价格太高' });
    expect(splitReason('Contoso ERP because of price')).toEqual({ deal: 'Contoso ERP', reason: 'price' });
    expect(splitReason('Contoso ERP 原因 价格')).toEqual({ deal: 'Contoso ERP', reason: '价格' });
    expect(splitReason('Contoso ERP price')).toEqual({ deal: 'Contoso ERP price' });
  });
});

describe('deals named in a line', () => {
  const core = { id: 'core', title: 'Core banking', accountName: 'Woodgrove Bank' };
  const payments = { id: 'payments', title: 'Payments', accountName: 'Woodgrove Bank' };
  const insurance = { id: 'insurance', title: 'Core banking', accountName: 'Woodgrove Insurance' };
  const erp = { id: 'erp', title: 'ERP', accountName: 'Contoso' };
  const addOn = { id: 'add-on', title: 'ERP add-on', accountName: 'Contoso' };
  const cloud = { id: 'cloud', title: '云平台', accountName: '华为技术' };
  const ids = (naming: ReturnType<typeof nameDeals<{ id: string; title: string; accountName: string }>>) =>
    naming && { ids: naming.deals.map((deal) => deal.id), named: naming.named, rest: naming.rest };

  it.each([
    ['Woodgrove Core banking price too high', { ids: ['core'], named: 'Woodgrove Core banking', rest: 'price too high' }],
    ['Woodgrove Bank Core banking price too high', { ids: ['core'], named: 'Woodgrove Bank Core banking', rest: 'price too high' }],
    ['Core banking price too high', { ids: ['core'], named: 'Core banking', rest: 'price too high' }],
    ['Woodgrove Payments 价格太高', { ids: ['payments'], named: 'Woodgrove Payments', rest: '价格太高' }],
    ['Woodgrove Core price', { ids: ['core'], named: 'Woodgrove Core', rest: 'price' }],
    ['Woodgrove price too high', { ids: ['core', 'payments'], named: 'Woodgrove', rest: 'price too high' }],
    ['Contoso ERP price', { ids: ['erp'], named: 'Contoso ERP', rest: 'price' }],
    ['Contoso ERP add-on price, too high', { ids: ['add-on'], named: 'Contoso ERP add-on', rest: 'price, too high' }],
    ['华为 云平台 价格太高', { ids: ['cloud'], named: '华为 云平台', rest: '价格太高' }],
    ['ｗｏｏｄｇｒｏｖｅ CORE BANKING late', { ids: ['core'], named: 'ｗｏｏｄｇｒｏｖｅ CORE BANKING', rest: 'late' }],
  ])('reads %s, the deal first and then the reason', (text, expected) => {
    expect(ids(nameDeals(text, [core, payments, erp, addOn, cloud], 'leading'))).toEqual(expected);
  });

  it('names every deal that fits equally well, for the user to choose', () => {
    expect(ids(nameDeals('Woodgrove Core banking price too high', [core, insurance, payments], 'leading'))).toEqual({
      ids: ['core', 'insurance'],
      named: 'Woodgrove Core banking',
      rest: 'price too high',
    });
  });

  it.each([
    ['Woodgrove Core banking', ['core']],
    ['Woodgrove', ['core', 'payments']],
    ['Contoso ERP', ['erp']],
    ['Contoso', ['erp', 'add-on']],
    ['Cont', ['erp', 'add-on']],
    ['Contoso ERP ad', ['add-on']],
    ['ERP', ['erp']],
  ])('reads %s as a whole name', (text, expected) => {
    expect(nameDeals(text, [core, payments, erp, addOn], 'whole')?.deals.map((deal) => deal.id)).toEqual(expected);
  });

  it('names nothing when the words fit no deal', () => {
    expect(nameDeals('Tailspin price', [core, erp], 'leading')).toBeUndefined();
    expect(nameDeals('Woodgrove Core banking extra', [core], 'whole')).toBeUndefined();
    expect(nameDeals('Woodgro price', [core], 'leading')).toBeUndefined();
  });
});

describe('leads', () => {
  it.each([
    ['Acme Corp; source referral', { name: 'Acme Corp', source: 'referral' }],
    ['Acme Corp；来源 推荐', { name: 'Acme Corp', source: 'referral' }],
    [
      '某某科技；来源：服务请求；公司 某某集团；联系人 王芳',
      { name: '某某科技', source: 'service-request', company: '某某集团', contactName: '王芳' },
    ],
    [
      'Fabrikam; source Service Request; email ana@fabrikam.com; referred by Li Lei',
      { name: 'Fabrikam', source: 'service-request', email: 'ana@fabrikam.com', referredBy: 'Li Lei' },
    ],
    ['Tailspin; source marketing, contact Ana Silva', { name: 'Tailspin', source: 'marketing', contactName: 'Ana Silva' }],
    ['Contoso, Ltd; source web', { name: 'Contoso, Ltd', source: 'web' }],
  ])('reads the new lead %s', (args, lead) => {
    expect(parseNewLead(args)).toEqual({ ok: true, lead });
  });

  it.each([
    ['', 'emptyArgs'],
    ['; source web', 'missingName'],
    ['Acme Corp', 'missingSource'],
    ['Acme Corp; source billboard', 'badSource'],
    ['Acme Corp; source web; colour red', 'unknownField'],
    ['Acme Corp; source web; email nope', 'badValue'],
  ])('refuses the new lead %s (%s)', (args, reason) => {
    expect(parseNewLead(args)).toMatchObject({ ok: false, reason });
  });

  it('reads a conversion: the lead, then the deal’s title, amount and close, with the end of next quarter by default', () => {
    expect(parseConvert('Acme Corp', context())).toEqual({ ok: true, name: 'Acme Corp', draft: { expectedCloseDate: '2027-03-31' } });
    expect(parseConvert('Acme Corp; title ERP; amount USD 5000; close Feb 2027', context())).toEqual({
      ok: true,
      name: 'Acme Corp',
      draft: { title: 'ERP', amount: 5000, currency: 'USD', expectedCloseDate: '2027-02-28' },
    });
    expect(parseConvert('某某科技；金额 12万；预计成交 2027年2月', context('zh-CN'))).toEqual({
      ok: true,
      name: '某某科技',
      draft: { amount: 120_000, expectedCloseDate: '2027-02-28' },
    });
    expect(parseConvert('Acme; amount lots', context())).toMatchObject({ ok: false, reason: 'badAmount', detail: 'lots' });
    expect(parseConvert('Acme; close yesterday', context())).toMatchObject({ ok: false, reason: 'pastCloseDate' });
    expect(parseConvert('', context())).toMatchObject({ ok: false, reason: 'emptyArgs' });
  });
});

describe('MAN answers', () => {
  const man = (money: boolean, authority: boolean, need: boolean) => ({
    money: { met: money },
    authority: { met: authority },
    need: { met: need },
  });

  it.each([
    ['Acme M yes A no N yes', 'Acme', man(true, false, true)],
    ['Acme Corp M: yes, A: no, N: yes', 'Acme Corp', man(true, false, true)],
    ['Acme M+ A- N+', 'Acme', man(true, false, true)],
    ['Acme A Corp money yes authority yes need no', 'Acme A Corp', man(true, true, false)],
    ['Acme m y a y n n', 'Acme', man(true, true, false)],
    ['某某公司 购买力 有 决策权 无 需求 有', '某某公司', man(true, false, true)],
    ['某某公司 购买力有决策权无需求有', '某某公司', man(true, false, true)],
    ['某某公司 预算 没有 决策人 是 需求 否', '某某公司', man(false, true, false)],
  ])('%s', (args, name, expected) => {
    expect(parseQualify(args)).toEqual({ ok: true, name, man: expected });
  });

  it('says which answers are missing', () => {
    expect(parseQualify('Acme M yes')).toEqual({ ok: false, reason: 'missingCriteria', missing: ['authority', 'need'] });
    expect(parseQualify('M yes A yes N yes')).toEqual({ ok: false, reason: 'missingName' });
    expect(parseQualify('')).toEqual({ ok: false, reason: 'emptyArgs' });
  });
});

describe('triggers', () => {
  it('every trigger reaches its command in either language, and none is the bot’s own', () => {
    const registry = new CommandRegistry();
    for (const [name, words] of Object.entries(pipelineTriggers)) {
      registry.add('pipeline', {
        name,
        triggers: { en: [...words.en], 'zh-CN': [...words['zh-CN']] },
        usage: '',
        example: '',
        run: async () => ({}),
      });
    }
    expect(registry.match('管线')?.command.name).toBe('summary');
    expect(registry.match('新建商机 Contoso ERP 12万 预计 Q3 成交')).toMatchObject({
      command: { name: 'newOpportunity' },
      args: 'Contoso ERP 12万 预计 Q3 成交',
      locale: 'zh-CN',
    });
    expect(registry.match('move Contoso ERP to demo')).toMatchObject({
      command: { name: 'move' },
      args: 'Contoso ERP to demo',
      locale: 'en',
    });
    expect(registry.match('推进 Contoso ERP 到 演示')?.command.name).toBe('move');
    expect(registry.match('lost Contoso ERP price')?.command.name).toBe('lost');
    expect(registry.match('丢单 Contoso ERP 价格')?.command.name).toBe('lost');
    expect(registry.match('赢单 Contoso ERP')?.command.name).toBe('won');
    expect(registry.match('qualify lead Acme M yes A no N yes')).toMatchObject({
      command: { name: 'qualify' },
      args: 'Acme M yes A no N yes',
    });
    expect(registry.match('评估线索 某某 购买力 有 决策权 无 需求 有')?.command.name).toBe('qualify');
    expect(registry.match('movers and shakers')).toBeUndefined();
    const builtIn = Object.values(builtInTriggers).flat();
    expect(
      Object.values(pipelineTriggers)
        .flatMap((words) => [...words.en, ...words['zh-CN']])
        .filter((word) => builtIn.includes(word)),
    ).toEqual([]);
  });
});
