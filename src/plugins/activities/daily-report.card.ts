// The daily work report card 日工作报表: one person's activities of a day by type, and the follow-ups due and overdue.
import type { Locale, Translate } from '../../core/i18n';
import { adaptiveCard, clip, facts, heading, paragraph, plain, type AdaptiveCard, type CardElement } from '../../cards/adaptive-card';
import type { DailyReport, FollowUp } from './activities.service';
import { activityTypeLabel } from './activities.messages';
import { activityTypes } from './activity.schema';
import { cardDateTime } from '../../cards/adaptive-card';
import { localDateLabel } from './log-reply.card';

/** Lines per list; with clipped names and subjects, three full lists stay far below the 28 KB card limit. */
const shownLines = 10;
const nameChars = 60;
const subjectChars = 100;

const section = (title: string): CardElement => paragraph(title, { weight: 'Bolder', separator: true, spacing: 'Medium' });
const subtle = (text: string): CardElement => paragraph(text, { isSubtle: true, spacing: 'Small' });
const line = (text: string): CardElement => paragraph(text, { spacing: 'Small' });

function limited<T>(t: Translate, items: readonly T[], render: (item: T) => CardElement, rest: 'more' | 'earlier' = 'more'): CardElement[] {
  const more = items.length - shownLines;
  return [...items.slice(0, shownLines).map(render), ...(more > 0 ? [subtle(t(`activities.chat.report.${rest}`, { count: more }))] : [])];
}

const what = (accountName: string, subject: string) => `${plain(clip(accountName, nameChars))} — ${plain(clip(subject, subjectChars))}`;

function followUpLine(followUp: FollowUp, locale: Locale, t: Translate, overdue: boolean): CardElement {
  const step = followUp.nextStep ? ` · ${plain(clip(followUp.nextStep, subjectChars))}` : '';
  const due = overdue ? ` (${t('activities.chat.report.dueOn', { date: localDateLabel(followUp.followUpOn, locale) })})` : '';
  return line(`${what(followUp.accountName, followUp.subject)}${step}${due}`);
}

/** `today`: whether the report is of the user's current day, which changes its title. */
export function dailyReportCard(t: Translate, locale: Locale, report: DailyReport, today: boolean): AdaptiveCard {
  const date = localDateLabel(report.date, locale);
  // Latest first: what was just logged is what a rep checks, and a busy day's earliest entries are the ones left out.
  const activities = [...report.activities].sort((a, b) => Date.parse(b.occurredAt) - Date.parse(a.occurredAt));
  const counts = activityTypes
    .filter((type) => (report.countsByType[type] ?? 0) > 0)
    .map((type): [string, string] => [activityTypeLabel(t, type), String(report.countsByType[type])]);
  const body: CardElement[] = [
    heading(t(today ? 'activities.chat.report.title' : 'activities.chat.report.titleOther', { date })),
    section(t('activities.chat.report.activities', { count: activities.length })),
  ];
  if (activities.length === 0) body.push(subtle(t('activities.chat.report.none')));
  else {
    body.push(facts(counts));
    body.push(
      ...limited(
        t,
        activities,
        (a) => line(`${cardDateTime(a.occurredAt)} · ${activityTypeLabel(t, a.type)} · ${what(a.accountName, a.subject)}`),
        'earlier',
      ),
    );
  }
  const { followUpsDue: due, followUpsOverdue: overdue } = report;
  if (due.length === 0 && overdue.length === 0)
    body.push(section(t('activities.chat.report.due', { count: 0 })), subtle(t('activities.chat.report.noFollowUps')));
  if (due.length > 0)
    body.push(
      section(t('activities.chat.report.due', { count: due.length })),
      ...limited(t, due, (f) => followUpLine(f, locale, t, false)),
    );
  if (overdue.length > 0) {
    const oldestFirst = [...overdue].sort((a, b) => a.followUpOn.localeCompare(b.followUpOn));
    body.push(
      section(t('activities.chat.report.overdue', { count: overdue.length })),
      ...limited(t, oldestFirst, (f) => followUpLine(f, locale, t, true)),
    );
  }
  return adaptiveCard(body);
}
