// A rep's one-line log command, in English or Chinese, becomes a valid activity or a reason it could not.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CommandRegistry } from '../../src/core/command-registry';
import type { Locale } from '../../src/core/i18n';
import { accountSchema } from '../../src/plugins/accounts/account.schema';
import { activityTypes, newActivitySchema, type ActivityType } from '../../src/plugins/activities/activity.schema';
import { activityTypeWords, logTriggers, logTriggersByCommand } from '../../src/plugins/activities/chat/activity-type.words';
import {
  logFailureHint,
  parseLogCommand,
  withWordsAfterName,
  type LogCommandInput,
  type LogParseFailureReason,
  type LogParseResult,
  type ParsedLogCommand,
} from '../../src/plugins/activities/chat/log-command.parser';

// Tuesday 2026-11-24, 10:00 in Shanghai.
const now = new Date('2026-11-24T02:00:00Z');

function log(
  args: string,
  locale: Locale = 'en',
  command: LogCommandInput['command'] = 'log',
  options: { now?: Date; timeZone?: string } = {},
): LogParseResult {
  return parseLogCommand({ command, args, locale, now: options.now ?? now, timeZone: options.timeZone ?? 'Asia/Shanghai' });
}

/** The line parsed, and what it yields is a valid new activity with valid target names. */
function parsed(result: LogParseResult): ParsedLogCommand {
  if (!result.ok) throw new Error(`expected the line to parse, got ${JSON.stringify(result)}`);
  const { ok: _ok, target, zoneFallback: _fallback, ...fields } = result;
  expect(newActivitySchema.safeParse({ accountId: randomUUID(), ...fields }).error?.issues).toBeUndefined();
  for (const name of [target.accountName, target.contactName].filter((n) => n !== undefined)) {
    expect(accountSchema.shape.name.safeParse(name).success).toBe(true);
  }
  return result;
}

describe('parseLogCommand: the documented lines', () => {
  it.each<[string, Locale, object]>([
    [
      'call with Contoso: discussed renewal, follow up Friday',
      'en',
      {
        type: 'callOutbound',
        target: { accountName: 'Contoso' },
        occurredAt: '2026-11-24T10:00:00+08:00',
        subject: 'discussed renewal',
        notes: 'discussed renewal',
        followUpOn: '2026-11-27',
      },
    ],
    [
      'meeting with Ana Silva at Contoso yesterday 3pm 45m: demo went well',
      'en',
      {
        type: 'meeting',
        target: { contactName: 'Ana Silva', accountName: 'Contoso' },
        occurredAt: '2026-11-23T15:00:00+08:00',
        durationMinutes: 45,
        subject: 'demo went well',
        notes: 'demo went well',
      },
    ],
    [
      'visit Contoso: met the CFO; next step: send quote; follow up next Monday',
      'en',
      {
        type: 'visit',
        target: { accountName: 'Contoso' },
        occurredAt: '2026-11-24T10:00:00+08:00',
        subject: 'met the CFO',
        notes: 'met the CFO',
        nextStep: 'send quote',
        followUpOn: '2026-11-30',
      },
    ],
    [
      '电话 Contoso：讨论续约，周五跟进',
      'zh-CN',
      {
        type: 'callOutbound',
        target: { accountName: 'Contoso' },
        occurredAt: '2026-11-24T10:00:00+08:00',
        subject: '讨论续约',
        notes: '讨论续约',
        followUpOn: '2026-11-27',
      },
    ],
    [
      '会议 Ana Silva @ Contoso 昨天下午3点 45分钟：演示很顺利',
      'zh-CN',
      {
        type: 'meeting',
        target: { contactName: 'Ana Silva', accountName: 'Contoso' },
        occurredAt: '2026-11-23T15:00:00+08:00',
        durationMinutes: 45,
        subject: '演示很顺利',
        notes: '演示很顺利',
      },
    ],
    [
      '拜访 中国移动 明天上午10点：拜访采购部',
      'zh-CN',
      {
        type: 'visit',
        target: { accountName: '中国移动' },
        occurredAt: '2026-11-25T10:00:00+08:00',
        subject: '拜访采购部',
        notes: '拜访采购部',
      },
    ],
  ])('reads "%s"', (args, locale, expected) => {
    expect(parsed(log(args, locale))).toEqual({ ok: true, timeZone: 'Asia/Shanghai', zoneFallback: false, ...expected });
  });
});

describe('parseLogCommand: activity types', () => {
  it.each<[string, ActivityType]>([
    ['call', 'callOutbound'],
    ['inbound call', 'callInbound'],
    ['呼入', 'callInbound'],
    ['呼入电话', 'callInbound'],
    ['来电', 'callInbound'],
    ['电话', 'callOutbound'],
    ['呼出', 'callOutbound'],
    ['meeting', 'meeting'],
    ['会议', 'meeting'],
    ['visit', 'visit'],
    ['拜访', 'visit'],
    ['email', 'email'],
    ['邮件', 'email'],
    ['letter', 'correspondence'],
    ['信函', 'correspondence'],
    ['fax', 'fax'],
    ['传真', 'fax'],
    ['appointment', 'appointment'],
    ['约会', 'appointment'],
    ['demo', 'demo'],
    ['演示', 'demo'],
    ['milestone', 'milestone'],
    ['里程碑', 'milestone'],
    ['event', 'event'],
    ['事件', 'event'],
    ['research', 'research'],
    ['调研', 'research'],
    ['note', 'note'],
    ['备注', 'note'],
    ['task', 'task'],
    ['任务', 'task'],
    ['ＣＡＬＬ', 'callOutbound'],
    ['Inbound Call', 'callInbound'],
  ])('reads "%s" as %s', (word, type) => {
    expect(parsed(log(`${word} Contoso`)).type).toBe(type);
  });

  it('reads a Chinese type word written straight against the name', () => {
    expect(parsed(log('电话Contoso：你好', 'zh-CN')).type).toBe('callOutbound');
  });

  it('takes the type from the command when its trigger named it', () => {
    expect(parsed(log('with Contoso', 'en', 'demo')).type).toBe('demo');
  });

  it.each(['banana with Contoso', 'calling Contoso', 'Contoso: discussed renewal'])('refuses "%s" without a known type word', (args) => {
    expect(log(args)).toMatchObject({ ok: false, reason: 'missingType' });
  });

  it.each(activityTypes)('has words for %s in both languages', (type) => {
    expect(activityTypeWords[type].en.length).toBeGreaterThan(0);
    expect(activityTypeWords[type]['zh-CN'].length).toBeGreaterThan(0);
  });
});

describe('log triggers', () => {
  const registry = new CommandRegistry();
  for (const [name, triggers] of Object.entries(logTriggersByCommand)) {
    registry.add('activities', { name, triggers, usage: 'u', example: 'e', run: async () => ({}) });
  }
  const viaRegistry = (text: string) => {
    const match = registry.match(text);
    if (!match) throw new Error(`no trigger matched "${text}"`);
    return log(match.args, match.locale, match.command.name as LogCommandInput['command']);
  };

  it.each<[string, ActivityType]>([
    ['log inbound call with Contoso', 'callInbound'],
    ['Log Call with Contoso: discussed renewal', 'callOutbound'],
    ['log e-mail Contoso', 'email'],
    ['记录呼入 Contoso', 'callInbound'],
    ['记录电话Contoso：讨论续约', 'callOutbound'],
    ['记录 会议 Contoso', 'meeting'],
  ])('registers without clashes and hands "%s" to the parser as %s', (text, type) => {
    expect(parsed(viaRegistry(text)).type).toBe(type);
  });

  it('lists the plain and the typed triggers per language', () => {
    expect(logTriggers.en).toEqual(expect.arrayContaining(['log', 'log call', 'log inbound call', 'log meeting', 'log note']));
    expect(logTriggers['zh-CN']).toEqual(expect.arrayContaining(['记录', '记录电话', '记录呼入', '记录会议', '记录备注']));
  });
});

describe('parseLogCommand: targets', () => {
  it.each<[string, object]>([
    ['call with Contoso', { accountName: 'Contoso' }],
    ['call Contoso Ltd', { accountName: 'Contoso Ltd' }],
    ['meeting Ana Silva at Contoso', { contactName: 'Ana Silva', accountName: 'Contoso' }],
    ['meeting with Ana Silva @ Contoso', { contactName: 'Ana Silva', accountName: 'Contoso' }],
    ['meeting Ana@Contoso', { contactName: 'Ana', accountName: 'Contoso' }],
    ['会议 李雷 在 中国移动', { contactName: '李雷', accountName: '中国移动' }],
    ['call with 3M', { accountName: '3M' }],
    ['call with May', { accountName: 'May' }],
    ['call 和记黄埔', { accountName: '和记黄埔' }],
    ['call with Contoso, Ltd: renewal', { accountName: 'Contoso, Ltd' }],
    ['call A/B #1? \\ 🚀 Co: hi', { accountName: 'A/B #1? \\ 🚀 Co' }],
  ])('reads the target of "%s"', (args, target) => {
    expect(parsed(log(args)).target).toEqual(target);
  });

  it.each(['call: discussed renewal', 'call', 'call with', 'call yesterday 3pm: hi'])('refuses "%s" without a name', (args) => {
    expect(log(args)).toEqual({ ok: false, reason: 'missingTarget' });
  });

  it('refuses a Chinese line without a name', () => {
    expect(log('电话：讨论续约', 'zh-CN')).toEqual({ ok: false, reason: 'missingTarget' });
  });

  it.each([`call ${'x'.repeat(201)}`, 'call Con\u0007toso: hi'])('refuses a name that is too long or holds control characters', (args) => {
    expect(log(args)).toEqual({ ok: false, reason: 'badTarget' });
  });

  it.each(['call w/ Contoso Ltd: price ok', 'call w/Contoso Ltd: price ok', 'call With Contoso Ltd: price ok'])(
    'reads the lead-in of "%s" as "with"',
    (args) => {
      expect(parsed(log(args)).target).toEqual({ accountName: 'Contoso Ltd' });
    },
  );
});

describe('withWordsAfterName', () => {
  const after = (line: ParsedLogCommand, rest: string, locale: Locale = 'en') => parsed(withWordsAfterName(line, rest, { now, locale }));

  it('makes the words after the account name the notes and the subject', () => {
    const line = parsed(log('call contoso ltd discussed pricing, follow up Friday'));
    expect(after(line, ' discussed pricing')).toMatchObject({
      subject: 'discussed pricing',
      notes: 'discussed pricing',
      followUpOn: '2026-11-27',
    });
  });

  it('puts them before the notes typed after the colon', () => {
    expect(after(parsed(log('call contoso ltd discussed pricing: they want 10% off')), 'discussed pricing')).toMatchObject({
      notes: 'discussed pricing: they want 10% off',
    });
    expect(after(parsed(log('拜访 上海星辰 讨论续约：客户满意', 'zh-CN')), '讨论续约', 'zh-CN')).toMatchObject({
      notes: '讨论续约：客户满意',
      subject: '讨论续约：客户满意',
    });
  });

  it('leaves the line as it was when nothing follows the name', () => {
    const line = parsed(log('call with Contoso: hi'));
    expect(after(line, '  ')).toEqual(line);
  });

  it.each<[string, string, Locale, Partial<ParsedLogCommand>]>([
    [
      'meeting woodgrove bank yesterday 3pm 45m went thru the QBR deck 👍',
      'yesterday 3pm 45m went thru the QBR deck 👍',
      'en',
      {
        occurredAt: '2026-11-23T15:00:00+08:00',
        durationMinutes: 45,
        subject: 'went thru the QBR deck 👍',
        notes: 'went thru the QBR deck 👍',
      },
    ],
    [
      'meeting woodgrove bank 1h30m on Monday at 3pm went well',
      '1h30m on Monday at 3pm went well',
      'en',
      { occurredAt: '2026-11-23T15:00:00+08:00', durationMinutes: 90, subject: 'went well' },
    ],
    [
      'visit fabrikam site tour follow up friday',
      'site tour follow up friday',
      'en',
      { subject: 'site tour', notes: 'site tour', followUpOn: '2026-11-27' },
    ],
    [
      'visit fabrikam inc follow up friday',
      'follow up friday',
      'en',
      { subject: 'Visit with fabrikam inc', followUpOn: '2026-11-27', occurredAt: '2026-11-24T10:00:00+08:00' },
    ],
    [
      '拜访 上海星辰 讨论续约 下周一跟进',
      '讨论续约 下周一跟进',
      'zh-CN',
      { subject: '讨论续约', notes: '讨论续约', followUpOn: '2026-11-30' },
    ],
    [
      '拜访 上海星辰昨天下午3点45分钟讨论续约',
      '昨天下午3点45分钟讨论续约',
      'zh-CN',
      { occurredAt: '2026-11-23T15:00:00+08:00', durationMinutes: 45, notes: '讨论续约' },
    ],
    [
      '拜访 上海星辰昨天下午3点 45分钟讨论续约',
      '昨天下午3点 45分钟讨论续约',
      'zh-CN',
      { occurredAt: '2026-11-23T15:00:00+08:00', durationMinutes: 45, notes: '讨论续约' },
    ],
  ])('reads `%s` after the name as the colon form does', (args, rest, locale, expected) => {
    expect(after(parsed(log(args, locale)), rest, locale)).toMatchObject(expected);
  });

  it('keeps words that only look like a time as notes', () => {
    expect(after(parsed(log('call contoso monitors 3pmish')), 'monitors 3pmish')).toMatchObject({
      occurredAt: '2026-11-24T10:00:00+08:00',
      notes: 'monitors 3pmish',
    });
  });

  it('refuses a duration or a follow-up it cannot log, as the colon form does', () => {
    const line = parsed(log('call contoso 0m ok'));
    expect(withWordsAfterName(line, '0m ok', { now, locale: 'en' })).toEqual({ ok: false, reason: 'badDuration', detail: '0m' });
    expect(withWordsAfterName(line, 'ok, follow up 2026-11-01', { now, locale: 'en' })).toEqual({
      ok: false,
      reason: 'badFollowUp',
      detail: '2026-11-01',
    });
  });
});

describe('parseLogCommand: when it happened', () => {
  it('defaults to now in the user zone', () => {
    expect(parsed(log('call Contoso')).occurredAt).toBe('2026-11-24T10:00:00+08:00');
  });

  it.each<[string, Locale, string]>([
    ['call Contoso yesterday', 'en', '2026-11-23T10:00:00+08:00'],
    ['call Contoso on Friday', 'en', '2026-11-20T10:00:00+08:00'],
    ['call Contoso at 9am', 'en', '2026-11-24T09:00:00+08:00'],
    ['meeting Contoso 12/1 3pm', 'en', '2025-12-01T15:00:00+08:00'],
    ['电话 Contoso 上午10点半', 'zh-CN', '2026-11-24T10:30:00+08:00'],
    ['电话 Contoso 周一', 'zh-CN', '2026-11-23T10:00:00+08:00'],
  ])('reads "%s" as the past %s', (args, locale, occurredAt) => {
    expect(parsed(log(args, locale)).occurredAt).toBe(occurredAt);
  });

  it('uses the user date when it differs from the UTC date', () => {
    const result = parsed(log('call Contoso today 9am', 'en', 'log', { now: new Date('2026-11-23T17:30:00Z') }));
    expect(result.occurredAt).toBe('2026-11-24T09:00:00+08:00');
  });

  it('gives a time before the DST change its summer offset', () => {
    const result = parsed(
      log('call Contoso yesterday 3pm', 'en', 'log', { now: new Date('2026-11-01T18:00:00Z'), timeZone: 'America/New_York' }),
    );
    expect(result.occurredAt).toBe('2026-10-31T15:00:00-04:00');
  });

  it('falls back to UTC for an unknown zone and says so', () => {
    expect(parsed(log('call Contoso', 'en', 'log', { timeZone: 'Nowhere/Atlantis' }))).toMatchObject({
      occurredAt: '2026-11-24T02:00:00Z',
      timeZone: 'UTC',
      zoneFallback: true,
    });
  });
});

describe('parseLogCommand: durations', () => {
  it.each<[string, number]>([
    ['45m', 45],
    ['1h', 60],
    ['1h30m', 90],
    ['1h 30m', 90],
    ['90 min', 90],
    ['2 hours', 120],
    ['for 20 minutes', 20],
    ['45分钟', 45],
    ['1小时', 60],
    ['1.5小时', 90],
    ['1小时30分', 90],
    ['半小时', 30],
    ['24h', 1440],
  ])('reads %s as %i minutes', (duration, minutes) => {
    expect(parsed(log(`meeting Contoso yesterday 3pm ${duration}: ok`)).durationMinutes).toBe(minutes);
  });

  it('reads a duration written before the time', () => {
    expect(parsed(log('meeting Contoso 45m yesterday 3pm'))).toMatchObject({
      durationMinutes: 45,
      occurredAt: '2026-11-23T15:00:00+08:00',
    });
  });

  it.each(['0m', '25h', '1h75m', '1.5m', '99999 min', '-5m', '0.5分钟'])('refuses the duration %s', (duration) => {
    expect(log(`meeting Contoso ${duration}: ok`)).toEqual({ ok: false, reason: 'badDuration', detail: duration });
  });
});

describe('parseLogCommand: notes, next steps and follow-ups', () => {
  it.each<[string, Locale, object]>([
    ['note Contoso: discussed renewal; follow-up next week', 'en', { notes: 'discussed renewal', followUpOn: '2026-11-30' }],
    [
      'note Contoso: sent deck, follow up 12/1, waiting for legal',
      'en',
      { notes: 'sent deck, waiting for legal', followUpOn: '2026-12-01' },
    ],
    [
      'note Contoso: met the CFO. Next step: send quote, then call back; follow up in 3 days',
      'en',
      { notes: 'met the CFO', nextStep: 'send quote, then call back', followUpOn: '2026-11-27' },
    ],
    ['note Contoso: follow up with legal about the contract', 'en', { notes: 'follow up with legal about the contract' }],
    ['call Contoso, follow up Friday', 'en', { followUpOn: '2026-11-27' }],
    ['visit Contoso; next step: send quote', 'en', { nextStep: 'send quote' }],
    ['备注 Contoso：讨论续约；跟进下周一', 'zh-CN', { notes: '讨论续约', followUpOn: '2026-11-30' }],
    ['备注 Contoso：讨论续约；下次跟进：3天后', 'zh-CN', { notes: '讨论续约', followUpOn: '2026-11-27' }],
    ['拜访 中国移动：见了采购；下一步：发报价；下周跟进', 'zh-CN', { notes: '见了采购', nextStep: '发报价', followUpOn: '2026-11-30' }],
    ['备注 Contoso：价格、交期都谈了，follow up Friday', 'zh-CN', { notes: '价格、交期都谈了', followUpOn: '2026-11-27' }],
  ])('reads "%s"', (args, locale, expected) => {
    const { notes, nextStep, followUpOn } = parsed(log(args, locale));
    expect({ notes, nextStep, followUpOn }).toEqual({ notes: undefined, nextStep: undefined, followUpOn: undefined, ...expected });
  });

  it('follows up on the next Friday when today is Friday', () => {
    const friday = new Date('2026-11-27T02:00:00Z');
    expect(parsed(log('call Contoso: ok, follow up Friday', 'en', 'log', { now: friday })).followUpOn).toBe('2026-12-04');
  });

  it('refuses a follow-up date in the past', () => {
    expect(log('call Contoso: ok, follow up yesterday')).toEqual({ ok: false, reason: 'badFollowUp', detail: '2026-11-23' });
  });
});

describe('parseLogCommand: subjects and limits', () => {
  it.each<[string, Locale, string]>([
    ['call with Contoso', 'en', 'Call with Contoso'],
    ['meeting Ana Silva at Contoso', 'en', 'Meeting with Ana Silva at Contoso'],
    ['电话 Contoso', 'zh-CN', '与Contoso的电话'],
    ['会议 李雷 在 中国移动', 'zh-CN', '与李雷（中国移动）的会议'],
    ['inbound call Contoso: follow up Friday', 'en', 'Inbound call with Contoso'],
  ])('gives "%s" the default subject %s', (args, locale, subject) => {
    expect(parsed(log(args, locale)).subject).toBe(subject);
  });

  it('shortens a long first clause to 200 characters and keeps the notes whole', () => {
    const notes = 'word '.repeat(2000).trim();
    const result = parsed(log(`note Contoso: ${notes}`));
    expect(result.subject).toHaveLength(200);
    expect(result.subject.endsWith('…')).toBe(true);
    expect(result.notes).toBe(notes);
  });

  it('never cuts an emoji in half', () => {
    const subject = parsed(log(`note Contoso: ${'🚀'.repeat(150)}`)).subject;
    expect(subject).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/u);
  });

  it('refuses notes longer than a table property holds', () => {
    expect(log(`note Contoso: ${'x'.repeat(33_000)}`)).toMatchObject({ ok: false, reason: 'notesTooLong' });
  });

  it('refuses a next step longer than 500 characters', () => {
    expect(log(`note Contoso: ok; next step: ${'x'.repeat(501)}`)).toMatchObject({ ok: false, reason: 'nextStepTooLong' });
  });

  it.each(['', '   '])('refuses empty text "%s"', (args) => {
    expect(log(args)).toEqual({ ok: false, reason: 'emptyArgs' });
  });
});

describe('logFailureHint', () => {
  const reasons: LogParseFailureReason[] = [
    'emptyArgs',
    'missingType',
    'missingTarget',
    'badTarget',
    'badDuration',
    'badFollowUp',
    'notesTooLong',
    'nextStepTooLong',
  ];

  it.each(reasons)('explains %s in both languages', (reason) => {
    const [en, zh] = (['en', 'zh-CN'] as const).map((locale) => logFailureHint({ ok: false, reason, detail: '99h' }, locale));
    expect(en).not.toMatch(/[\u4e00-\u9fff]/u);
    expect(zh).toMatch(/[\u4e00-\u9fff]/u);
    expect(en).not.toBe(zh);
  });

  it('quotes the words it could not read', () => {
    expect(logFailureHint({ ok: false, reason: 'badDuration', detail: '99h' }, 'en')).toContain('"99h"');
  });
});
