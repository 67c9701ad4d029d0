// The activities section of the account card: recent activities and open follow-ups, from the account's rollup.
import type { Translate } from '../../core/i18n';
import { cardDate, facts, plain, type CardElement } from '../../cards/adaptive-card';
import type { AccountCardSection } from '../accounts';
import { activityTypeLabel } from './activities.messages';
import type { AccountDigest } from './activity-reads';

/** The card stays compact: a handful of lines per list. */
const shownFollowUps = 3;

const label = (text: string, separator = false): CardElement => ({
  type: 'TextBlock',
  text,
  weight: 'Bolder',
  wrap: true,
  ...(separator ? { separator: true, spacing: 'Medium' } : {}),
});
const subtle = (text: string): CardElement => ({ type: 'TextBlock', text, isSubtle: true, wrap: true, spacing: 'Small' });

export function activitiesSection(digest: AccountDigest, t: Translate): CardElement[] {
  const recent: CardElement[] = [label(t('activities.card.recent'), true)];
  if (digest.recent.length === 0) recent.push(subtle(t('activities.card.noActivities')));
  else recent.push(facts(digest.recent.map((d) => [activityTypeLabel(t, d.type), `${plain(d.subject)} · ${cardDate(d.occurredAt)}`])));
  const items: CardElement[] = [{ type: 'Container', items: recent }];

  if (digest.openFollowUpCount > 0) {
    const shown = digest.openFollowUps.slice(0, shownFollowUps);
    const followUps: CardElement[] = [
      label(t('activities.card.followUps', { count: digest.openFollowUpCount })),
      facts(
        shown.map((f) => [
          t('activities.card.due', { date: f.followUpOn }),
          plain(f.nextStep ? `${f.subject} — ${f.nextStep}` : f.subject),
        ]),
      ),
    ];
    const more = digest.openFollowUpCount - shown.length;
    if (more > 0) followUps.push(subtle(t('activities.card.more', { count: more })));
    items.push({ type: 'Container', items: followUps, spacing: 'Small' });
  }
  return items;
}

/** Registered with the accounts plugin; one point read of the account rollup per card. */
export function activitiesCardSection(digestOf: (tenantId: string, accountId: string) => Promise<AccountDigest>): AccountCardSection {
  return {
    id: 'activities',
    order: 20,
    async render({ account, actor, t }) {
      return activitiesSection(await digestOf(actor.tenantId, account.id), t);
    },
  };
}
