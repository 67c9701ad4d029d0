// Card actions of the log command: log on the account picked from a pick-list, or create the offered account and log.
import type { z } from 'zod';
import type { CardAction, TurnInput } from '../../core/plugin';
import { errorCard } from '../../cards/message.cards';
import type { AccountsService } from '../accounts';
import type { ActivitiesService } from './activities.service';
import { createChatLog, logVerbs } from './log-from-chat';
import { createDataSchema, pickedDataSchema } from './log-draft';

/** Card data is user input: a changed or stale draft logs nothing and says so in the user's language. */
function parsed<S extends z.ZodType>(schema: S, input: TurnInput & { data: unknown }): z.infer<S> | undefined {
  const result = schema.safeParse(input.data);
  return result.success ? result.data : undefined;
}

const outOfDate = ({ t }: TurnInput) => ({ card: errorCard(t, t('activities.chat.badCardData')) });

/** A question is answered once: its buttons log under the asking message's id, so a second click logs nothing new. */
export function activityCardActions(accounts: AccountsService, activities: ActivitiesService): CardAction[] {
  const chatLog = createChatLog(accounts, activities);
  return [
    {
      verb: logVerbs.pick,
      async run(input) {
        const data = parsed(pickedDataSchema, input);
        return data ? chatLog.logPicked(input, data.accountId, data.draft, data.askedIn) : outOfDate(input);
      },
    },
    {
      verb: logVerbs.create,
      async run(input) {
        const data = parsed(createDataSchema, input);
        return data ? chatLog.createAndLog(input, data.name, data.draft, data.askedIn) : outOfDate(input);
      },
    },
  ];
}
