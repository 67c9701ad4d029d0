// Chat commands of the activities plugin: log an activity in one line (log call … / 记录电话 …) and the daily work report (my day / 今日工作).
import { normaliseCommandText } from '../../core/command-registry';
import type { Clock } from '../../core/clock';
import type { BotCommand } from '../../core/plugin';
import { resolveDate } from '../../core/relative-date';
import type { AccountsService } from '../accounts';
import type { ActivitiesService } from './activities.service';
import type { ActivityType } from './activity.schema';
import { isValidTimeZone, todayIn } from './activity-time';
import { logTriggers, logTriggersByCommand } from './chat/activity-type.words';
import { logFailureHint, parseLogCommand } from './chat/log-command.parser';
import { dailyReportCard } from './daily-report.card';
import { createChatLog } from './log-from-chat';

/** The user's IANA zone from Teams, or UTC when Teams sent none (or one we cannot use). */
export function zoneOf(timeZone: string | undefined): string {
  return timeZone !== undefined && isValidTimeZone(timeZone) ? timeZone : 'UTC';
}

const triggerCommands = Object.entries(logTriggersByCommand).flatMap(([command, words]) =>
  [...words.en, ...words['zh-CN']].map((word) => ({ words: normaliseCommandText(word), command: command as 'log' | ActivityType })),
);

/**
 * Which log trigger the registry matched: the text before the arguments. `log call` names the type,
 * `log` leaves it to the arguments (`log call with …` never gets here as `log`: the longest trigger wins).
 */
export function logCommandOf(text: string, args: string): 'log' | ActivityType {
  const typed = text.trim();
  if (!typed.endsWith(args)) return 'log';
  const trigger = normaliseCommandText(typed.slice(0, typed.length - args.length)).replace(/[\s:：,，;；]+$/u, '');
  return triggerCommands.find((entry) => entry.words === trigger)?.command ?? 'log';
}

export function activityCommands(accounts: AccountsService, activities: ActivitiesService, clock: Clock): BotCommand[] {
  const chatLog = createChatLog(accounts, activities);
  return [
    {
      name: 'activity.log',
      // One command for every type: the help card lists it once, and the type is read from the trigger.
      triggers: { en: [...logTriggers.en], 'zh-CN': [...logTriggers['zh-CN']] },
      usage: 'chat.help.log',
      example: 'chat.help.logExample',
      async run(input) {
        const { args, locale } = input;
        const now = clock.now();
        const parsed = parseLogCommand({ command: logCommandOf(input.text, args), args, locale, now, timeZone: zoneOf(input.timeZone) });
        if (!parsed.ok) return { text: logFailureHint(parsed, locale) };
        return chatLog.logOrAsk(input, parsed, now);
      },
    },
    {
      name: 'activity.myDay',
      triggers: { en: ['my day', 'daily report'], 'zh-CN': ['今日工作', '工作日报', '日报'] },
      usage: 'chat.help.myDay',
      example: 'chat.help.myDayExample',
      async run({ actor, locale, t, args, timeZone }) {
        const zone = zoneOf(timeZone);
        const now = clock.now();
        const today = todayIn(now, zone);
        // `my day yesterday`, `今日工作 11月20日`: another day's report.
        const date = args ? resolveDate(args, { now, timeZone: zone, locale, direction: 'past' })?.date : today;
        if (!date) return { text: t('activities.chat.myDay.badDate', { text: args }) };
        return { card: dailyReportCard(t, locale, await activities.dailyReport(actor, date, zone), date === today) };
      },
    },
  ];
}
