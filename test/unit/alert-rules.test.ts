// The alerts' pure rules: quiet hours and digest times in a recipient's zone, the churn signal from recency and
// frequency, a rule's scope, and the checks that refuse a rule nobody can mean.
import { describe, expect, it } from 'vitest';
import { isAppError } from '../../src/core/errors';
import { churnFacts } from '../../src/plugins/alerts/conditions/account-conditions';
import { inScope, scopeTeamsOf, type Finding } from '../../src/plugins/alerts/finding';
import { inQuietHours, nextDigest, quietEnd } from '../../src/plugins/alerts/local-times';
import { weekOf, type Pulse } from '../../src/plugins/alerts/pulse.store';
import { validateRule, type TenantFacts } from '../../src/plugins/alerts/rule-validation';
import { defaultStageModel } from '../../src/plugins/pipeline/stage-model.defaults';

const overnight = { from: '20:00', to: '08:00' };

describe('quiet hours and digest times', () => {
  it('hold over midnight in the recipient zone and end at their local end', () => {
    expect(inQuietHours(new Date('2026-12-07T13:00:00Z'), 'Asia/Shanghai', overnight)).toBe(true); // 21:00 local
    expect(inQuietHours(new Date('2026-12-07T23:30:00Z'), 'Asia/Shanghai', overnight)).toBe(true); // 07:30 local
    expect(inQuietHours(new Date('2026-12-08T01:00:00Z'), 'Asia/Shanghai', overnight)).toBe(false); // 09:00 local
    expect(inQuietHours(new Date('2026-12-07T13:00:00Z'), 'Asia/Shanghai', undefined)).toBe(false);
    expect(quietEnd(new Date('2026-12-07T13:00:00Z'), 'Asia/Shanghai', overnight).toISOString()).toBe('2026-12-08T00:00:00.000Z');
  });

  it('send the digest at its local time, or when quiet hours end if they hold then', () => {
    expect(nextDigest(new Date('2026-12-07T02:00:00Z'), 'Asia/Shanghai', '18:00', undefined).toISOString()).toBe(
      '2026-12-07T10:00:00.000Z',
    );
    expect(nextDigest(new Date('2026-12-07T02:00:00Z'), 'Asia/Shanghai', '21:00', overnight).toISOString()).toBe(
      '2026-12-08T00:00:00.000Z',
    );
    expect(nextDigest(new Date('2026-12-07T11:00:00Z'), 'UTC', '08:30', undefined).toISOString()).toBe('2026-12-08T08:30:00.000Z');
  });
});

describe('the churn signal', () => {
  const now = new Date('2026-12-07T00:00:00Z');
  const week = weekOf(now);
  const pulse = (weeks: Record<number, number>, lastContactAt: string): Pulse => ({
    accountId: 'a',
    name: 'Contoso',
    ownerId: 'u',
    ownerName: 'Ana',
    keyAccount: false,
    lastContactAt,
    weeks: Object.fromEntries(Object.entries(weeks).map(([w, n]) => [String(week - Number(w)), n])),
    seen: [],
  });
  const thresholds = { quietDays: 21, windowDays: 28, dropPercent: 50, minPrevious: 3 };

  it('fires when contacts fell by half or more and the account has been quiet', () => {
    const facts = churnFacts(pulse({ 5: 3, 6: 2, 7: 1 }, '2026-11-01T00:00:00Z'), thresholds, now);
    expect(facts).toMatchObject({ recent: 0, previous: 6, dropPercent: 100, windowDays: 28 });
  });

  it('stays quiet for a recent contact, a small drop, or too few contacts before', () => {
    expect(churnFacts(pulse({ 5: 3, 6: 2 }, '2026-12-01T00:00:00Z'), thresholds, now)).toBeUndefined();
    expect(churnFacts(pulse({ 1: 3, 5: 4 }, '2026-11-01T00:00:00Z'), thresholds, now)).toBeUndefined();
    expect(churnFacts(pulse({ 5: 2 }, '2026-11-01T00:00:00Z'), thresholds, now)).toBeUndefined();
  });
});

describe('a rule scope', () => {
  const finding: Finding = {
    subject: { kind: 'deal', id: 'd' },
    period: 'p',
    title: 'ERP',
    ownerId: 'ana',
    teamName: 'East',
    amount: 50_000,
    facts: {},
  };
  const teams = scopeTeamsOf([{ id: 't1', name: 'West', managerId: 'mei', memberIds: ['ana'] }]);
  const scope = { teamIds: [], ownerIds: [], tier: 'any' as const };

  it('keeps what its teams, owners, tier and amount allow', () => {
    expect(inScope(finding, scope, undefined)).toBe(true);
    expect(inScope(finding, { ...scope, teamIds: ['t1'] }, teams)).toBe(true);
    expect(inScope({ ...finding, ownerId: 'bo' }, { ...scope, teamIds: ['t1'] }, teams)).toBe(false);
    expect(inScope(finding, { ...scope, ownerIds: ['bo'] }, undefined)).toBe(false);
    expect(inScope(finding, { ...scope, tier: 'key' }, undefined)).toBe(false);
    expect(inScope({ ...finding, keyAccount: true }, { ...scope, tier: 'key' }, undefined)).toBe(true);
    expect(inScope(finding, { ...scope, minAmount: 100_000 }, undefined)).toBe(false);
  });
});

describe('a rule nobody can mean', () => {
  const facts: TenantFacts = {
    model: defaultStageModel(),
    teams: [{ id: '11111111-1111-4111-8111-111111111111', name: 'East' }],
    people: new Map([['ana', 'Ana']]),
  };
  const conditions = new Map([
    ['deal-stuck', { id: 'deal-stuck', fields: [{ name: 'graceDays', kind: 'days', min: 0, max: 365 }] }],
  ]) as never;
  const codeOf = (input: unknown) => {
    try {
      validateRule(input, conditions, facts, 'en');
      return 'saved';
    } catch (error) {
      return isAppError(error) ? error.code : String(error);
    }
  };
  const base = { name: 'Stuck', condition: 'deal-stuck', thresholds: { graceDays: 2 } };

  it('is refused with its own code', () => {
    expect(codeOf(base)).toBe('saved');
    expect(codeOf({ ...base, thresholds: { graceDays: -1 } })).toBe('THRESHOLD_OUT_OF_RANGE');
    expect(codeOf({ ...base, thresholds: { graceDays: 10_000 } })).toBe('THRESHOLD_OUT_OF_RANGE');
    expect(codeOf({ ...base, thresholds: { graceDays: 1.5 } })).toBe('THRESHOLD_NOT_WHOLE');
    expect(codeOf({ ...base, thresholds: { graceDays: 'abc' } })).toBe('THRESHOLD_NOT_WHOLE');
    expect(codeOf({ ...base, quietHours: { from: '22:00', to: '22:00' } })).toBe('QUIET_HOURS_WHOLE_DAY');
    expect(codeOf({ ...base, quietHours: { from: '00:00', to: '23:59' } })).toBe('QUIET_HOURS_WHOLE_DAY');
    expect(codeOf({ ...base, quietHours: { from: '22:00', to: '21:30' } })).toBe('QUIET_HOURS_WHOLE_DAY');
    expect(codeOf({ ...base, quietHours: { from: '22:00', to: '21:00' } })).toBe('saved');
    expect(codeOf({ ...base, recipients: { owner: false, users: ['nobody'] } })).toBe('UNKNOWN_RECIPIENT');
    expect(codeOf({ ...base, scope: { teamIds: ['22222222-2222-4222-8222-222222222222'] } })).toBe('UNKNOWN_TEAM');
    expect(codeOf({ ...base, recipients: { owner: false } })).toBe('VALIDATION_FAILED');
    expect(codeOf({ name: 'Soon', condition: 'close-soon-early-stage', thresholds: { withinDays: 7, beforeStageId: 'won' } })).toBe(
      'RULE_STAGE_UNKNOWN',
    );
  });
});
