// The activities section of the account card: valid at schema 1.5, localised, compact.
import { describe, expect, it } from 'vitest';
import { adaptiveCard } from '../../src/cards/adaptive-card';
import { I18n, locales } from '../../src/core/i18n';
import { activitiesSection } from '../../src/plugins/activities/activities.cards';
import { activitiesMessages, activityTypeLabel } from '../../src/plugins/activities/activities.messages';
import { activityTypes } from '../../src/plugins/activities/activity.schema';
import type { AccountDigest } from '../../src/plugins/activities/activity-reads';
import { expectValidCard } from '../fixtures/cards';

const i18n = new I18n();
i18n.add('activities', activitiesMessages);
const accountId = '3f1c0c7e-3b9a-4a43-9a55-2d8f3c1b8e11';

const digest: AccountDigest = {
  recent: activityTypes.slice(0, 5).map((type, i) => ({
    id: `0000000${i}-3b9a-4a43-9a55-2d8f3c1b8e11`,
    accountId,
    accountName: 'Contoso',
    type,
    subject: `*Renewal* [${i}] 续约`,
    occurredAt: `2026-11-2${i}T09:00:00.000Z`,
  })),
  openFollowUps: [1, 2, 3, 4].map((i) => ({
    activityId: `1000000${i}-3b9a-4a43-9a55-2d8f3c1b8e11`,
    accountId,
    accountName: 'Contoso',
    subject: `Send quote ${i}`,
    nextStep: 'Call Li Wei',
    followUpOn: `2026-11-2${i}`,
  })),
  activityCount: 12,
  openFollowUpCount: 6,
  lastActivityAt: '2026-11-24T09:00:00.000Z',
};

describe.each(locales)('the activities section in %s', (locale) => {
  const t = i18n.translator(locale);

  it('is valid with recent activities and follow-ups', () => {
    expectValidCard(adaptiveCard(activitiesSection(digest, t)));
  });

  it('is valid for an account without activities', () => {
    expectValidCard(adaptiveCard(activitiesSection({ recent: [], openFollowUps: [], activityCount: 0, openFollowUpCount: 0 }, t)));
  });
});

describe('the activities section', () => {
  const zh = i18n.translator('zh-CN');

  it('shows type names, subjects and follow-ups in Chinese', () => {
    const text = JSON.stringify(activitiesSection(digest, zh));
    expect(text).toContain('最近活动');
    expect(text).toContain('呼入');
    expect(text).toContain('待跟进（6）');
    expect(text).toContain('另有 3 条');
  });

  it('escapes Markdown in subjects', () => {
    expect(JSON.stringify(activitiesSection(digest, zh))).toContain('\\\\*Renewal\\\\*');
  });

  it('names all fourteen activity types in both languages', () => {
    const en = i18n.translator('en');
    expect(activityTypes.map((type) => activityTypeLabel(zh, type))).toEqual([
      '呼入',
      '呼出',
      '会议',
      '拜访',
      '邮件',
      '信函',
      '传真',
      '约会',
      '演示',
      '里程碑',
      '事件',
      '调研',
      '备注',
      '任务',
    ]);
    expect(new Set(activityTypes.map((type) => activityTypeLabel(en, type))).size).toBe(14);
  });
});
