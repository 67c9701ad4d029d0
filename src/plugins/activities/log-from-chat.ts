// Logs an activity typed in chat once its account is certain; otherwise asks (yes/no for one candidate, a pick-list, or an offer to create the account) with the draft on the card.
import type { BotReply, TurnInput } from '../../core/plugin';
import { executeAction, plain } from '../../cards/adaptive-card';
import {
  accountListCard,
  confirmAccountCard,
  createAccountLookup,
  createOfferCard,
  dismissAction,
  type Account,
  type AccountsService,
  type ContactHit,
} from '../accounts';
import type { ActivitiesService } from './activities.service';
import { logReplyCard } from './log-reply.card';
import { logFailureHint, withWordsAfterName, type ParsedLogCommand } from './chat/log-command.parser';
import { maxNameLength } from './chat/log-target.parser';
import { activityOf, draftOf, fitsOnCard, type LogDraft } from './log-draft';

/** The asking message's id, for the buttons of a question card (see `askedIn` in log-draft.ts). */
const asked = (turn: TurnInput) => (turn.activityId ? { askedIn: turn.activityId } : {});

/** Card action verbs of the log command (see activities.actions.ts). */
export const logVerbs = { pick: 'activities.log.pick', create: 'activities.log.create' } as const;

export function createChatLog(accounts: AccountsService, activities: ActivitiesService) {
  const lookup = createAccountLookup(accounts);

  /**
   * Teams may deliver one activity twice: its id is the idempotency key, so the second delivery logs nothing new. An
   * answer to a question logs under the id of the message that asked (`askedIn`), so the question is answered once.
   */
  async function log(turn: TurnInput, account: Account, draft: LogDraft, contacts: ContactHit[], askedIn?: string): Promise<BotReply> {
    const input = activityOf(
      draft,
      account.id,
      contacts.map((contact) => contact.contactId),
    );
    const idempotencyKey = askedIn ? `asked:${askedIn}` : turn.activityId;
    const { activity } = await activities.logActivity(turn.actor, input, { source: 'chat', idempotencyKey });
    return {
      card: logReplyCard(turn.t, turn.locale, {
        activity: activity.value,
        accountName: account.name,
        contactNames: contacts.map((contact) => contact.name),
      }),
    };
  }

  async function contactsOf(tenantId: string, accountId: string, draft: LogDraft): Promise<ContactHit[]> {
    return draft.contactName ? lookup.contactIn(tenantId, accountId, draft.contactName) : [];
  }

  return {
    /**
     * The command's path: log when the account is certain, otherwise ask. The words typed after the account's name
     * are read (time, duration, notes, follow-up) before asking, so a confirmed account logs what the line said.
     */
    async logOrAsk(turn: TurnInput, parsed: ParsedLogCommand, now: Date): Promise<BotReply> {
      const { t } = turn;
      const found = await lookup.forActivity(turn.actor.tenantId, parsed.target);
      const line = withWordsAfterName(parsed, found.rest, { now, locale: turn.locale });
      if (!line.ok) return { text: logFailureHint(line, turn.locale) };
      const draft = draftOf(line);
      if (found.kind === 'found') return log(turn, found.account, draft, found.contacts);
      if (found.kind === 'partial') {
        // One account begins with the name typed: a question, never a guess nor a list of one. A known account matched
        // in part, so No offers no new account either: it logs nothing.
        const { hit, typed } = found;
        if (!fitsOnCard(draft, 1)) return { text: t('activities.chat.confirm.tooLong', { name: typed, match: hit.name }) };
        const yes = executeAction(t('activities.chat.confirm.yes', { match: hit.name }), logVerbs.pick, {
          accountId: hit.accountId,
          draft,
          ...asked(turn),
        });
        return {
          card: confirmAccountCard(
            t('activities.chat.confirm.title', { name: plain(typed), match: plain(hit.name) }),
            yes,
            dismissAction(t),
          ),
        };
      }
      if (found.kind === 'several') {
        const name = found.typed;
        // Several contacts with the typed name: the chosen account's one is linked on click.
        const carried: LogDraft = found.contactName ? { ...draft, contactName: found.contactName } : draft;
        if (!fitsOnCard(carried, found.hits.length))
          return { text: t('activities.chat.pick.tooLong', { name, names: found.hits.map((hit) => hit.name).join(', ') }) };
        const title = t(found.contactName ? 'activities.chat.pick.contactTitle' : 'activities.chat.pick.title', { name: plain(name) });
        return {
          card: accountListCard(title, found.hits, {
            verb: logVerbs.pick,
            button: t('activities.chat.pick.button'),
            data: (hit) => ({ accountId: hit.accountId, draft: carried, ...asked(turn) }),
          }),
        };
      }
      const { name } = found;
      if (!fitsOnCard(draft, 1) || name.length > maxNameLength) return { text: t('activities.chat.unknown.tooLong', { name }) };
      return {
        card: createOfferCard(
          t('activities.chat.unknown.title', { name: plain(name) }),
          t('activities.chat.unknown.create', { name }),
          logVerbs.create,
          { name, draft, ...asked(turn) },
        ),
      };
    },

    /** A pick-list click: the account the user chose. */
    async logPicked(turn: TurnInput, accountId: string, draft: LogDraft, askedIn?: string): Promise<BotReply> {
      const account = (await accounts.getAccount(turn.actor.tenantId, accountId)).value;
      return log(turn, account, draft, await contactsOf(turn.actor.tenantId, account.id, draft), askedIn);
    },

    /** A create-offer click: the account with exactly the typed name (created now, or by an earlier delivery of the click), then the activity. */
    async createAndLog(turn: TurnInput, name: string, draft: LogDraft, askedIn?: string): Promise<BotReply> {
      const { actor } = turn;
      const account = await lookup.createNamed(actor, name);
      return log(turn, account, draft, await contactsOf(actor.tenantId, account.id, draft), askedIn);
    },
  };
}

export type ChatLog = ReturnType<typeof createChatLog>;
