// Each morning, every person with follow-ups due or overdue gets one card listing them, in their Teams chat.
import type { Actor } from '../../core/actor';
import type { Notifier } from '../../core/notifier';
import type { JobRun } from '../../core/plugin';
import { localDateOf, type ActivitiesService } from '../activities';
import type { PeopleService, Person } from '../people';
import { followUpsCard } from './follow-ups.card';

export interface FollowUpReminderDeps {
  activities: ActivitiesService;
  people: PeopleService;
  notify: Notifier;
  /** The page of an account in the home tab. */
  accountLink(accountId: string): string;
}

/** People read per page of the directory while the job walks it. */
const pageSize = 200;

/**
 * Sends the day's cards for one tenant. Safe to run twice for one slot: a card's dedupe key is the person and the
 * local date, so a second run (a process that died mid-run, an admin's manual run) sends nothing new.
 */
export function followUpReminders({ activities, people, notify, accountLink }: FollowUpReminderDeps) {
  async function remind(run: JobRun, person: Person, date: string): Promise<void> {
    // The person's own report, as they would read it: their follow-ups from the day rollup and the follow-up index.
    const reader: Actor = { tenantId: run.tenantId, userId: person.userId, displayName: person.displayName, roles: person.roles };
    const report = await activities.dailyReport(reader, date, run.timeZone);
    const card = followUpsCard({ date, due: report.followUpsDue, overdue: report.followUpsOverdue, link: accountLink });
    if (!card) return;
    await notify.send({ tenantId: run.tenantId, to: { user: person.userId }, card, dedupeKey: `follow-ups:${person.userId}:${date}` });
  }

  return async (run: JobRun): Promise<void> => {
    const date = localDateOf(run.scheduledFor.toISOString(), run.timeZone);
    let continuationToken: string | undefined;
    let seen = 0;
    do {
      if (run.signal.aborted) return;
      const page = await people.everyone(run.tenantId, { pageSize, continuationToken });
      for (const person of page.items) {
        if (run.signal.aborted) return;
        await remind(run, person.value, date);
        seen += 1;
      }
      continuationToken = page.continuationToken;
    } while (continuationToken);
    run.log.info('follow-up reminders looked at', { tenantId: run.tenantId, date, people: seen });
  };
}
