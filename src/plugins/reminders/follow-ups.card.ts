// The morning card of a person's follow-ups: due today and overdue, each linking to its account, in English and Chinese.
import { adaptiveCard, clip, heading, paragraph, plain, type AdaptiveCard, type CardElement } from '../../cards/adaptive-card';
import { format, locales, type Locale } from '../../core/i18n';
import type { FollowUp } from '../activities';
import { remindersMessages } from './reminders.messages';

/** Follow-ups listed on the card; the rest are counted, and the daily report has them all. */
export const listedMax = 12;

type Key = keyof (typeof remindersMessages)['en'];
/** The same words in both languages, English first: the card is sent before anyone knows who reads it in which. */
const both = (key: Key, params: Record<string, string | number> = {}) =>
  locales.map((locale: Locale) => format(remindersMessages[locale][key], params)).join(' · ');

function line(followUp: FollowUp, link: (accountId: string) => string, overdue: boolean): CardElement {
  const details = [
    overdue ? both('since', { date: followUp.followUpOn }) : undefined,
    followUp.nextStep ? both('nextStep', { nextStep: clip(followUp.nextStep, 120) }) : undefined,
  ].filter(Boolean);
  return {
    type: 'Container',
    separator: true,
    selectAction: { type: 'Action.OpenUrl', url: link(followUp.accountId), title: both('open') },
    items: [
      paragraph(`**${plain(clip(followUp.accountName, 80))}**: ${plain(clip(followUp.subject, 160))}`),
      ...(details.length > 0 ? [paragraph(plain(details.join(' — ')), { isSubtle: true, spacing: 'None', size: 'Small' })] : []),
    ],
  };
}

/**
 * The card, or undefined when nothing is due or overdue (no card is sent then).
 * @example followUpsCard({ date: '2026-12-03', due, overdue, link: (id) => accountLink(publicUrl, id) })
 */
export function followUpsCard(input: {
  date: string;
  due: readonly FollowUp[];
  overdue: readonly FollowUp[];
  link: (accountId: string) => string;
}): AdaptiveCard | undefined {
  const { date, due, overdue, link } = input;
  if (due.length + overdue.length === 0) return undefined;
  const listedOverdue = overdue.slice(0, listedMax);
  const listedDue = due.slice(0, listedMax - listedOverdue.length);
  const rest = due.length + overdue.length - listedDue.length - listedOverdue.length;
  const section = (key: Key, items: readonly FollowUp[], late: boolean): CardElement[] =>
    items.length === 0
      ? []
      : [paragraph(both(key), { weight: 'Bolder', spacing: 'Medium' }), ...items.map((item) => line(item, link, late))];
  return adaptiveCard([
    heading(both('title', { date })),
    paragraph(both('summary', { due: due.length, overdue: overdue.length }), { isSubtle: true }),
    ...section('overdue', listedOverdue, true),
    ...section('due', listedDue, false),
    ...(rest > 0 ? [paragraph(both('more', { count: rest }), { isSubtle: true, spacing: 'Medium' })] : []),
  ]);
}
