// The pipeline's pure rules: stage model validation, money, scopes and periods, rollup arithmetic and deep links.
import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/core/errors';
import { productsTotal, toReporting } from '../../src/plugins/pipeline/money';
import { createPipelineLinks } from '../../src/plugins/pipeline/pipeline-links';
import type { AggregateShare } from '../../src/core/projection';
import type { OpportunityRow } from '../../src/plugins/pipeline/opportunity.store';
import { dealShares, figuresKey, monthKey, monthStateOf, scopeStateOf } from '../../src/plugins/pipeline/pipeline-rollups';
import { dwellFigures } from '../../src/plugins/pipeline/dwell-figures';
import { calendarDays, currentQuarter, monthsOf, quarterOf, scopeKeyOf, scopesOf } from '../../src/plugins/pipeline/pipeline-scope';
import { defaultStageModel } from '../../src/plugins/pipeline/stage-model.defaults';
import { assertValidStages, funnelOrder, replaceStages } from '../../src/plugins/pipeline/stage-model.rules';
import { reachedWith } from '../../src/plugins/pipeline/opportunity-writes';
import { makeDeal } from '../fixtures/pipeline';

const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return error instanceof AppError ? error.code : 'other';
  }
  return 'none';
};

describe('stage model rules', () => {
  const stages = defaultStageModel().stages;

  it('accepts the defaults: ten stages with their probabilities plus Lost', () => {
    expect(() => assertValidStages(stages)).not.toThrow();
    expect(stages.map((s) => s.probability)).toEqual([5, 15, 30, 40, 50, 60, 70, 80, 90, 100, 0]);
    expect(funnelOrder(defaultStageModel())).toHaveLength(10);
  });

  it('refuses duplicate ids and duplicate names in either language, ignoring case and spaces', () => {
    expect(codeOf(() => assertValidStages([...stages, { ...stages[0]!, name: { en: 'X', 'zh-CN': 'X' } }]))).toBe('DUPLICATE_STAGE');
    expect(
      codeOf(() => assertValidStages(stages.map((s, i) => (i === 1 ? { ...s, name: { ...s.name, en: ' initial  CONTACT ' } } : s)))),
    ).toBe('DUPLICATE_STAGE');
    expect(codeOf(() => assertValidStages(stages.map((s, i) => (i === 1 ? { ...s, name: { ...s.name, 'zh-CN': '演示' } } : s))))).toBe(
      'DUPLICATE_STAGE',
    );
  });

  it('needs an open stage and exactly one won and one lost stage', () => {
    expect(codeOf(() => assertValidStages(stages.filter((s) => s.kind !== 'lost')))).toBe('STAGE_MODEL_INVALID');
    expect(codeOf(() => assertValidStages(stages.filter((s) => s.kind !== 'open')))).toBe('STAGE_MODEL_INVALID');
    expect(codeOf(() => assertValidStages(stages.map((s) => (s.id === 'demo' ? { ...s, kind: 'won' as const } : s))))).toBe(
      'STAGE_MODEL_INVALID',
    );
  });

  it('keeps removed stages as retired and brings a listed retired stage back', () => {
    const without = replaceStages(
      stages,
      stages.filter((s) => s.id !== 'demo'),
    );
    expect(without.find((s) => s.id === 'demo')).toMatchObject({ retired: true });
    expect(without.filter((s) => !s.retired)).toHaveLength(10);
    const back = replaceStages(without, stages);
    expect(back.find((s) => s.id === 'demo')).toMatchObject({ retired: false });
  });

  it('counts a deal that skips stages as having reached every stage before its own', () => {
    const model = defaultStageModel();
    const demo = model.stages.find((s) => s.id === 'demo')!;
    expect(reachedWith(model, [], demo)).toEqual(funnelOrder(model).slice(0, 6));
    const lost = model.stages.find((s) => s.id === 'lost')!;
    expect(reachedWith(model, ['initial-contact'], lost)).toEqual(['initial-contact']);
  });
});

describe('money', () => {
  it('sums products and converts through the model rates', () => {
    expect(
      productsTotal([
        { name: 'A', quantity: 3, unitPrice: 0.1 },
        { name: 'B', quantity: 1, unitPrice: 0.2 },
      ]),
    ).toBe(0.5);
    const model = { reportingCurrency: 'CNY', rates: { USD: 7.12 } };
    expect(toReporting(model, 100, 'USD')).toBe(712);
    expect(toReporting(model, 100, 'CNY')).toBe(100);
    expect(codeOf(() => toReporting(model, 100, 'EUR'))).toBe('UNKNOWN_CURRENCY');
  });
});

describe('scopes and periods', () => {
  it('puts a deal in the tenant, owner, team, industry and region scopes, normalised', () => {
    expect(scopesOf({ ownerId: 'u1', team: ' East  Team', industry: 'Retail', region: 'ＳＨＡＮＧＨＡＩ' })).toEqual([
      'all',
      'owner:u1',
      'team:east team',
      'industry:retail',
      'region:shanghai',
    ]);
    expect(scopeKeyOf({ team: 'EAST team' })).toBe('team:east team');
    expect(scopeKeyOf({})).toBe('all');
    expect(codeOf(() => scopeKeyOf({ team: 'a', region: 'b' }))).toBe('ONE_SCOPE_FILTER');
  });

  it('knows quarters, month ranges and calendar days', () => {
    expect(currentQuarter(new Date('2026-11-23T10:00:00Z'))).toEqual({ from: '2026-10', to: '2026-12' });
    expect(quarterOf('2026-03')).toBe('2026-Q1');
    expect(monthsOf({ from: '2026-11', to: '2027-02' })).toEqual(['2026-11', '2026-12', '2027-01', '2027-02']);
    expect(codeOf(() => monthsOf({ from: '2020-01', to: '2026-01' }))).toBe('VALIDATION_FAILED');
    expect(calendarDays('2026-11-20T23:59:00Z', new Date('2026-11-21T00:01:00Z'))).toBe(1);
  });
});

/** The sum of deals' shares, as the projector keeps it: counts by aggregate key, labels as the last deal set them. */
function sumOf(deals: readonly OpportunityRow[]): Map<string, { counts: Record<string, number>; labels: Record<string, string> }> {
  const sums = new Map<string, { counts: Record<string, number>; labels: Record<string, string> }>();
  for (const deal of deals)
    for (const [key, share] of Object.entries(dealShares(deal)) as [string, AggregateShare][]) {
      const sum = sums.get(key) ?? { counts: {}, labels: {} };
      for (const [name, n] of Object.entries(share.counts)) sum.counts[name] = (sum.counts[name] ?? 0) + n;
      Object.assign(sum.labels, share.labels);
      sums.set(key, sum);
    }
  return sums;
}
const rowOf = (overrides: Partial<OpportunityRow> = {}): OpportunityRow => ({
  ...makeDeal(),
  reached: ['demo'],
  version: 1,
  moves: [],
  ...overrides,
});

describe('rollup arithmetic', () => {
  it('counts open deals per stage with exact amounts, and every stage a deal reached', () => {
    const deals = Array.from({ length: 40 }, (_, i) =>
      rowOf({ reportingAmount: 1000.01, expectedCloseDate: `2026-12-${String((i % 28) + 1).padStart(2, '0')}` }),
    );
    const won = rowOf({ stageId: 'won', status: 'won', probability: 100, closedAt: '2026-11-20T00:00:00.000Z', reached: ['demo', 'won'] });
    const sums = sumOf([...deals, won]);
    const all = scopeStateOf(sums.get(figuresKey('all'))!.counts, sums.get(figuresKey('all'))!.labels);

    expect(sums.get(figuresKey('all'))!.counts['amount|demo']).toBe(4_000_040);
    expect(all.stages.demo).toMatchObject({ count: 40, amount: 40_000.4, weighted: 24_000.24 });
    expect(all.stages.demo!.months['2026-12']).toEqual({ count: 40, amount: 40_000.4, weighted: 24_000.24 });
    expect(all.stages.won).toBeUndefined();
    expect(all.reached).toEqual({ demo: 41, won: 1 });
    expect(all.owners.u1).toEqual({ name: 'Ana', count: 40, amount: 40_000.4 });
  });

  it('counts new, won and lost per owner and month, with reasons and dwell samples', () => {
    const lost = rowOf({
      createdAt: '2026-11-02T00:00:00.000Z',
      stageId: 'lost',
      status: 'lost',
      probability: 0,
      closedAt: '2026-11-10T00:00:00.000Z',
      outcomeReason: 'Price ',
      moves: [
        { version: 1, toStageId: 'demo', at: '2026-11-02T00:00:00.000Z', byUserId: 'u1', byName: 'Ana' },
        {
          version: 2,
          fromStageId: 'demo',
          toStageId: 'lost',
          at: '2026-11-10T00:00:00.000Z',
          byUserId: 'u1',
          byName: 'Ana',
          dwellDays: 8.5,
        },
      ],
    });
    const sum = sumOf([lost]).get(monthKey('all', '2026-11'))!;
    const month = monthStateOf(sum.counts, sum.labels);

    expect(month.owners.u1).toMatchObject({ newCount: 1, lostCount: 1, lostAmount: 1000, wonCount: 0 });
    expect(Object.values(month.reasons)).toEqual([{ outcome: 'lost', reason: 'Price', count: 1, amount: 1000 }]);
    expect(month.dwell.demo).toEqual({ n: 1, sum: 8.5, hist: { 8: 1 } });
  });

  it('reads average and 90th percentile dwell from a histogram', () => {
    expect(dwellFigures({ n: 10, sum: 55, hist: { 1: 5, 5: 4, 30: 1 } })).toEqual({ averageDays: 5.5, p90Days: 5 });
    expect(dwellFigures({ n: 0, sum: 0, hist: {} })).toEqual({ averageDays: 0, p90Days: 0 });
  });
});

describe('deep links into the pipeline tab', () => {
  it('opens the tab page on the public URL without a Teams app id', () => {
    const links = createPipelineLinks({ publicUrl: 'https://crm.example.com' });
    expect(links.opportunity('abc')).toBe('https://crm.example.com/tabs/pipeline/?opportunity=abc');
    expect(links.board({ ownerId: 'u1', team: 'East' })).toBe('https://crm.example.com/tabs/pipeline/?owner=u1&team=East');
  });

  it('uses a Teams entity deep link with the sub-entity when the app id is known', () => {
    const links = createPipelineLinks({ publicUrl: 'https://crm.example.com', teamsAppId: 'app-1' });
    const url = new URL(links.opportunity('abc'));
    expect(`${url.origin}${url.pathname}`).toBe('https://teams.microsoft.com/l/entity/app-1/pipeline');
    expect(JSON.parse(url.searchParams.get('context')!)).toEqual({ subEntityId: 'opportunity:abc' });
    expect(links.board()).toBe('https://teams.microsoft.com/l/entity/app-1/pipeline');
  });
});
