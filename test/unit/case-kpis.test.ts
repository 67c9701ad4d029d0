// The service KPIs from the cases' rollup shares: averages, 24-hour share, SLA compliance, ratings, causes, and the backlog by age however old it is.
import { describe, expect, it } from 'vitest';
import type { AggregateShare } from '../../src/core/projection';
import { kpiShares, kpisOf } from '../../src/plugins/cases/case-kpis';
import type { CaseRow } from '../../src/plugins/cases/case.schema';
import type { AggregateState } from '../../src/storage/projection-rows';

const now = new Date('2026-12-03T12:00:00.000Z');

function row(overrides: Partial<CaseRow>): CaseRow {
  return {
    number: 1001,
    title: 'Printer jams',
    description: '',
    type: 'after-sales',
    channel: 'phone',
    priority: 'normal',
    status: 'new',
    accountId: '5b0f4a1e-4d7c-4f55-9d0a-2f0f7e3c9a11',
    accountName: 'Contoso',
    keyAccount: false,
    contactIds: [],
    openedBy: 'rep-1',
    openedByName: 'Li Lei',
    openedAt: '2026-12-03T08:00:00.000Z',
    updatedAt: '2026-12-03T08:00:00.000Z',
    sla: { policyId: 'normal', calendarId: 'default', responseMinutes: 240, resolutionMinutes: 1620, warnPercent: 75 },
    pauses: [],
    marks: {},
    due: {},
    activityIds: [],
    version: 1,
    entries: 1,
    ...overrides,
  };
}

/** The aggregate rows the projector would hold for these cases: their shares summed per key. */
function rollup(rows: readonly CaseRow[]): Map<string, AggregateState> {
  const states = new Map<string, AggregateState>();
  for (const one of rows)
    for (const [key, share] of Object.entries(kpiShares(one)) as [string, AggregateShare][]) {
      const state = states.get(key) ?? { counts: {}, labels: {} };
      for (const [name, count] of Object.entries(share.counts)) state.counts[name] = (state.counts[name] ?? 0) + count;
      Object.assign(state.labels, share.labels ?? {});
      states.set(key, state);
    }
  return states;
}

const startingWith = (states: Map<string, AggregateState>, prefix: string) =>
  [...states.entries()].filter(([key]) => key.startsWith(prefix)).map(([, state]) => state);

describe('service KPIs', () => {
  it('averages reply and resolution times, counts 24-hour resolutions, SLA compliance, ratings and causes', () => {
    const states = rollup([
      row({
        number: 1,
        openedAt: '2026-12-01T00:00:00.000Z',
        firstResponseAt: '2026-12-01T01:00:00.000Z',
        resolvedAt: '2026-12-01T10:00:00.000Z',
        satisfaction: { rating: 5, at: '2026-12-01T10:00:00.000Z', byUserId: 'rep-1' },
      }),
      row({
        number: 2,
        type: 'complaint',
        openedAt: '2026-11-20T00:00:00.000Z',
        firstResponseAt: '2026-11-20T03:00:00.000Z',
        resolvedAt: '2026-11-23T00:00:00.000Z',
        complaint: { step: 7, cause: 'billing' },
        marks: { resolutionBreachedAt: '2026-11-21T00:00:00.000Z' },
        satisfaction: { rating: 2, at: '2026-11-23T00:00:00.000Z', byUserId: 'rep-1' },
      }),
    ]);
    const kpis = kpisOf({
      months: ['2026-11', '2026-12'],
      responded: startingWith(states, 'responded|all|'),
      resolved: startingWith(states, 'resolved|all|'),
      openDays: startingWith(states, 'openDay|all|'),
      openMonths: startingWith(states, 'openMonth|all|'),
      now,
    });
    expect(kpis).toMatchObject({
      averageResponseMinutes: 120,
      averageResolutionMinutes: (600 + 3 * 24 * 60) / 2,
      resolvedWithin24h: 0.5,
      slaCompliance: 3 / 4,
      satisfactionAverage: 3.5,
      complaintsByCause: { billing: 1, product: 0 },
    });
    expect(kpis.trend).toEqual([
      { month: '2026-11', resolved: 1, slaCompliance: 0, averageResolutionMinutes: 4320 },
      { month: '2026-12', resolved: 1, slaCompliance: 1, averageResolutionMinutes: 600 },
    ]);
  });

  it('puts open cases in age bands, the old ones counted from their months', () => {
    const opened = [
      '2026-12-03T06:00:00.000Z',
      '2026-12-01T06:00:00.000Z',
      '2026-11-28T06:00:00.000Z',
      '2026-11-10T06:00:00.000Z',
      '2026-09-01T00:00:00.000Z',
      '2025-01-05T00:00:00.000Z',
    ];
    const states = rollup(opened.map((openedAt, i) => row({ number: i + 1, openedAt })));
    const since = '2026-11-02';
    const kpis = kpisOf({
      months: ['2026-12'],
      responded: [],
      resolved: [],
      openDays: [...states.entries()]
        .filter(([key]) => key.startsWith('openDay|all|') && key.slice(-10) >= since)
        .map(([, state]) => state),
      openMonths: startingWith(states, 'openMonth|all|'),
      now,
    });
    expect(kpis.backlog).toEqual({ lt1d: 1, '1to3d': 1, '3to7d': 1, '7to30d': 1, ge30d: 2 });
    expect(kpis.averageResolutionMinutes).toBeUndefined();
  });
});
