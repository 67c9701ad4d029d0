// The confirmation card after an activity is logged from chat: type, account, when, duration, follow-up and the start of the notes.
import { DateTime } from 'luxon';
import type { Locale, Translate } from '../../core/i18n';
import { adaptiveCard, cardDateTime, clip, facts, heading, paragraph, plain, type AdaptiveCard } from '../../cards/adaptive-card';
import { activityTypeLabel } from './activities.messages';
import type { Activity } from './activity.schema';

/** Enough of the notes to recognise them; the whole text is on the activity. */
const notesExcerpt = 280;

/** A local calendar date as typed dates are kept (`2026-11-27`), with its weekday in the reader's language. */
export function localDateLabel(date: string, locale: Locale): string {
  const weekday = DateTime.fromISO(date, { zone: 'UTC', locale }).toFormat('ccc');
  return `${date} (${weekday})`;
}

export function durationText(t: Translate, minutes: number): string {
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours === 0) return t('activities.chat.duration.minutes', { minutes });
  return rest === 0 ? t('activities.chat.duration.hours', { hours }) : t('activities.chat.duration.hoursMinutes', { hours, minutes: rest });
}

export interface LogReply {
  activity: Activity;
  accountName: string;
  contactNames: string[];
}

export function logReplyCard(t: Translate, locale: Locale, { activity, accountName, contactNames }: LogReply): AdaptiveCard {
  return adaptiveCard([
    heading(t('activities.chat.logged.title', { type: activityTypeLabel(t, activity.type) })),
    facts([
      [t('activities.chat.logged.account'), plain(accountName)],
      [t('activities.chat.logged.contacts'), contactNames.length > 0 ? plain(contactNames.join(', ')) : undefined],
      [t('activities.chat.logged.subject'), plain(activity.subject)],
      [t('activities.chat.logged.when'), cardDateTime(activity.occurredAt)],
      [
        t('activities.chat.logged.duration'),
        activity.durationMinutes === undefined ? undefined : durationText(t, activity.durationMinutes),
      ],
      [t('activities.chat.logged.nextStep'), activity.nextStep && plain(activity.nextStep)],
      [t('activities.chat.logged.followUp'), activity.followUpOn && localDateLabel(activity.followUpOn, locale)],
    ]),
    ...(activity.notes
      ? [
          paragraph(t('activities.chat.logged.notes'), { weight: 'Bolder', spacing: 'Medium' }),
          paragraph(plain(clip(activity.notes, notesExcerpt)), { spacing: 'Small' }),
        ]
      : []),
  ]);
}
