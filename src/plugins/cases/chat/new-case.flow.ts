// Opens a case typed in chat once its account is certain; otherwise asks (yes/no for one candidate, a pick-list, or an offer to create the account) with the draft on the card.
import { z } from 'zod';
import { text } from '../../../core/validation';
import type { BotReply, TurnInput } from '../../../core/plugin';
import { executeAction, plain } from '../../../cards/adaptive-card';
import { accountListCard, confirmOneAccount, createAccountLookup, createOfferCard, type Account, type AccountLookup } from '../../accounts';
import { caseLabel, casePriorities, caseTypes } from '../case.schema';
import { caseCard } from './case.cards';
import { casesVerbs } from './case-forms';
import { serviceTeamsOf, type CasesChatDeps } from './cases-chat.deps';
import { titleAndDescription, type ParsedNewCase } from './new-case.parser';

/** The case a line describes, before its account is known: rides on card buttons and is checked again when it comes back. */
export const caseDraftSchema = z.strictObject({
  title: text(200),
  description: z.string().max(2000),
  priority: z.enum(casePriorities),
  type: z.enum(caseTypes),
});
export type CaseDraft = z.infer<typeof caseDraftSchema>;

/** `{ accountId, draft, askedIn }` on a pick-list or yes button; `{ name, draft, askedIn }` on the offer to create the account. */
const askedIn = z.string().min(1).max(200).optional();
export const pickedAccountData = z.strictObject({ accountId: z.uuid(), draft: caseDraftSchema, askedIn });
export const newAccountData = z.strictObject({ name: z.string().trim().min(1).max(200), draft: caseDraftSchema, askedIn });

/** The asking message's id rides on the question's buttons: a repeated click opens the case it opened the first time. */
const asked = (turn: TurnInput) => (turn.activityId ? { askedIn: turn.activityId } : {});

export function createNewCaseFlow(deps: CasesChatDeps) {
  const { service, accounts, links } = deps;
  const lookup = createAccountLookup(accounts);

  /** Opens the case in the opener's first service team's queue, once per `once` key. */
  async function open(turn: TurnInput, account: Account, draft: CaseDraft, once: string | undefined): Promise<BotReply> {
    const { actor, t, locale, timeZone } = turn;
    const [team] = await serviceTeamsOf(deps, actor.tenantId, actor.userId);
    const detail = await service.openCase(
      actor,
      { ...draft, channel: 'chat', accountId: account.id, ...(team ? { teamId: team.id } : {}) },
      once ? { once } : {},
    );
    const notice = { text: t('cases.chat.done.opened', { label: caseLabel(detail.case.number) }) };
    return { card: caseCard(detail, { t, locale, links, ...(timeZone ? { timeZone } : {}) }, notice) };
  }

  /** The draft of what follows the account's name; undefined when nothing does. */
  function draftOf(about: string, parsed: ParsedNewCase, type: CaseDraft['type']): CaseDraft | undefined {
    const { title, description } = titleAndDescription(about);
    if (!title) return undefined;
    const draft = caseDraftSchema.safeParse({
      title,
      description: description.slice(0, 2000),
      priority: parsed.priority ?? 'normal',
      type: parsed.type ?? type,
    });
    return draft.success ? draft.data : undefined;
  }

  async function ask(turn: TurnInput, found: Exclude<AccountLookup, { kind: 'found' }>, draft: CaseDraft): Promise<BotReply> {
    const { t } = turn;
    if (found.kind === 'partial') {
      const yes = executeAction(t('cases.chat.new.pick.button'), casesVerbs.pick, {
        accountId: found.hit.accountId,
        draft,
        ...asked(turn),
      });
      return { card: confirmOneAccount(t, found.typed, found.hit, yes) };
    }
    if (found.kind === 'several') {
      return {
        card: accountListCard(t('cases.chat.new.pick.title', { name: plain(found.typed) }), found.hits, {
          verb: casesVerbs.pick,
          button: t('cases.chat.new.pick.button'),
          data: (hit) => ({ accountId: hit.accountId, draft, ...asked(turn) }),
        }),
      };
    }
    return {
      card: createOfferCard(
        t('cases.chat.new.unknown.title', { name: plain(found.name) }),
        t('cases.chat.new.unknown.create', { name: found.name }),
        casesVerbs.create,
        { name: found.name, draft, ...asked(turn) },
      ),
    };
  }

  return {
    /**
     * The command's path. With a colon the account is the words before it, looked up as typed; without one, the
     * longest known account name the line begins with. Opens only on an account that is certain; otherwise asks.
     */
    async openOrAsk(turn: TurnInput, parsed: ParsedNewCase, type: CaseDraft['type']): Promise<BotReply> {
      const { actor, t } = turn;
      const found = parsed.account
        ? await lookup.exactly(actor.tenantId, parsed.account)
        : await lookup.byName(actor.tenantId, parsed.text);
      const about = parsed.account ? parsed.text : found.kind === 'none' ? '' : found.rest;
      if (found.kind === 'none' && !parsed.account) {
        // No known name starts the line: the first word is offered as the account only when a problem follows it.
        const [first, ...rest] = parsed.text.split(/\s+/u);
        const draft = rest.length > 0 ? draftOf(rest.join(' '), parsed, type) : undefined;
        if (!first || !draft) return { text: t('cases.chat.new.hint.noSplit') };
        return ask(turn, { kind: 'none', name: first, rest: '' }, draft);
      }
      const draft = draftOf(about, parsed, type);
      if (!draft) {
        const account = found.kind === 'found' ? found.account.name : (parsed.account ?? '');
        return { text: t('cases.chat.new.hint.missingTitle', { account }) };
      }
      if (found.kind === 'found') return open(turn, found.account, draft, turn.activityId);
      return ask(turn, found, draft);
    },

    /** A pick-list or yes click: the account the user chose. */
    async openPicked(turn: TurnInput, accountId: string, draft: CaseDraft, askedIn?: string): Promise<BotReply> {
      const account = (await accounts.getAccount(turn.actor.tenantId, accountId)).value;
      return open(turn, account, draft, askedIn ? `asked:${askedIn}` : turn.activityId);
    },

    /** The create-offer click: the account with exactly the typed name (created now, or by an earlier delivery of the click), then the case. */
    async createAccountAndOpen(turn: TurnInput, name: string, draft: CaseDraft, askedIn?: string): Promise<BotReply> {
      const account = await lookup.createNamed(turn.actor, name);
      return open(turn, account, draft, askedIn ? `asked:${askedIn}` : turn.activityId);
    },
  };
}

export type NewCaseFlow = ReturnType<typeof createNewCaseFlow>;
