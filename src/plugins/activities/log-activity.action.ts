// The log-activity form: the chat command that opens it and the Action.Execute handler that logs it and updates the card.
import { DateTime } from 'luxon';
import type { Clock } from '../../core/clock';
import { AppError } from '../../core/errors';
import type { Translate } from '../../core/i18n';
import type { BotCommand, BotReply, CardAction } from '../../core/plugin';
import { plain } from '../../cards/adaptive-card';
import { createAccountLookup, type AccountsService } from '../accounts';
import type { ActivitiesService } from './activities.service';
import { isValidTimeZone } from './activity-time';
import { logActivityForm, loggedActivityCard, logFormVerb } from './log-activity.card';
import { checkForm, formTextChars, formValues, type FormCheck, type FormField } from './log-form.input';

const zoneOf = (timeZone: string | undefined) => (timeZone && isValidTimeZone(timeZone) ? timeZone : 'UTC');

/** `log form` / `记录活动表单`, optionally followed by the account name, opens the form set to now in the user's zone. */
export function logActivityFormCommand(clock: Clock): BotCommand {
  return {
    name: 'activity.logForm',
    triggers: { en: ['log form'], 'zh-CN': ['记录活动表单'] },
    usage: 'logForm.usage',
    example: 'logForm.example',
    async run({ t, args, timeZone }) {
      const now = DateTime.fromJSDate(clock.now()).setZone(zoneOf(timeZone));
      const account = args ? Array.from(args).slice(0, formTextChars).join('') : undefined;
      return { card: logActivityForm(t, { account, date: now.toISODate() ?? undefined, time: now.toFormat('HH:mm') }) };
    },
  };
}

function problemText(t: Translate, check: Exclude<FormCheck, { ok: true }>): string {
  if ('problem' in check) return t('activities.logForm.error.followUpBeforeDate');
  const fields = check.fields.map((field: FormField) => t(`activities.logForm.field.${field}`));
  return t('activities.logForm.error.fields', { fields: fields.join(t('activities.logForm.listSeparator')) });
}

export function logActivityCardActions(
  accounts: AccountsService,
  activities: Pick<ActivitiesService, 'logActivity'>,
  clock: Clock,
): CardAction[] {
  const lookup = createAccountLookup(accounts);
  return [
    {
      verb: logFormVerb,
      async run({ actor, t, locale, data, timeZone, activityId }): Promise<BotReply> {
        const zone = zoneOf(timeZone);
        const again = (error: string, account?: string): BotReply => ({
          card: logActivityForm(t, { ...formValues(data), ...(account && { account }) }, error),
        });
        const check = checkForm(data, zone, clock.now());
        if (!check.ok) return again(problemText(t, check));
        const { input, occurredAt } = check;

        const choice = await lookup.exactly(actor.tenantId, input.account, 5);
        if (choice.kind === 'none') return again(t('activities.logForm.error.unknownAccount', { name: plain(input.account) }));
        // The one account the name begins: the form comes back with its full name, and sending it again is the yes.
        if (choice.kind === 'partial')
          return again(
            t('activities.logForm.error.confirmAccount', { name: plain(input.account), match: plain(choice.hit.name) }),
            choice.hit.name,
          );
        if (choice.kind === 'several') {
          return again(
            t('activities.logForm.error.severalAccounts', {
              name: plain(input.account),
              names: choice.hits.map((hit) => plain(hit.name)).join(', '),
            }),
          );
        }
        try {
          const { activity, created } = await activities.logActivity(
            actor,
            {
              accountId: choice.account.id,
              type: input.type,
              subject: input.subject,
              notes: input.notes,
              occurredAt,
              timeZone: zone,
              durationMinutes: input.durationMinutes,
              followUpOn: input.followUpOn,
            },
            // Teams may deliver one click twice; the invoke's id makes the second a no-op.
            { source: 'card', idempotencyKey: activityId },
          );
          return { card: loggedActivityCard(t, activity.value, choice.account.name, created) };
        } catch (error) {
          // The user keeps what they typed and sees why it was refused; unexpected failures go to the turn-error handler.
          if (error instanceof AppError) return again(error.localisedMessage(locale));
          throw error;
        }
      },
    },
  ];
}
