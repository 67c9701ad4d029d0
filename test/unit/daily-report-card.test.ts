// The daily work report card 日工作报表: a busy day shows its latest activities, and says how many earlier ones it leaves out.
import { describe, expect, it } from 'vitest';
import { I18n } from '../../src/core/i18n';
import { activitiesChatMessages } from '../../src/plugins/activities/activities-chat.messages';
import { activitiesMessages } from '../../src/plugins/activities/activities.messages';
import type { DailyReport } from '../../src/plugins/activities/activities.service';
import { dailyReportCard } from '../../src/plugins/activities/daily-report.card';
import { expectValidCard } from '../fixtures/cards';

const i18n = new I18n();
i18n.add('activities', {
  en: { ...activitiesMessages.en, ...activitiesChatMessages.en },
  'zh-CN': { ...activitiesMessages['zh-CN'], ...activitiesChatMessages['zh-CN'] },
});

/** A day with `count` calls, one an hour from 08:00 UTC, subjects "Call 1" (earliest) to "Call <count>". */
function busyDay(count: number): DailyReport {
  const activities = Array.from({ length: count }, (_, i) => ({
    id: `a-${i + 1}`,
    accountId: 'acc-1',
    accountName: 'Contoso',
    type: 'callOutbound' as const,
    subject: `Call ${i + 1}`,
    occurredAt: new Date(Date.UTC(2026, 10, 24, 8 + i)).toISOString(),
  }));
  return { date: '2026-11-24', timeZone: 'UTC', countsByType: { callOutbound: count }, activities, followUpsDue: [], followUpsOverdue: [] };
}

describe('dailyReportCard', () => {
  it('lists the latest activities first and counts the earlier ones it leaves out', () => {
    const card = dailyReportCard(i18n.translator('en'), 'en', busyDay(14), true);
    const text = JSON.stringify(card);

    expectValidCard(card);
    expect(text).toContain('Call 14');
    expect(text.indexOf('Call 14')).toBeLessThan(text.indexOf('Call 13'));
    expect(text).not.toContain('Call 4"');
    expect(text).toContain('and 4 earlier');
  });

  it('says the same in Chinese', () => {
    expect(JSON.stringify(dailyReportCard(i18n.translator('zh-CN'), 'zh-CN', busyDay(12), true))).toContain('另有 2 条更早的活动');
  });
});
