// Creates a deal typed in chat once its account is certain; otherwise asks (pick-list, or an offer to create the account) with the draft on the card.
import { z } from 'zod';
import type { BotReply, TurnInput } from '../../../core/plugin';
import { executeAction, plain } from '../../../cards/adaptive-card';
import { accountListCard, confirmOneAccount, createAccountLookup, createOfferCard, type Account, type AccountHit } from '../../accounts';
import { currencySchema, dateOnlySchema, opportunitySchema } from '../pipeline.schema';
import type { DealMoves } from './deal-moves';
import { fold, sameText } from './deal-moves';
import { dealCard, dealView, pipelineVerbs } from './deal.cards';
import { maxAmount } from './amount.parser';
import { accountTitleSplits, type ParsedNewOpportunity } from './new-opportunity.parser';
import type { PipelineChatDeps } from './pipeline-chat.deps';

/** The deal a line describes, before its account is known: rides on card buttons and is checked again when it comes back. */
export const dealDraftSchema = z.strictObject({
  title: opportunitySchema.shape.title,
  amount: z.number().finite().nonnegative().max(maxAmount).optional(),
  currency: currencySchema.optional(),
  expectedCloseDate: dateOnlySchema,
});
export type DealDraft = z.infer<typeof dealDraftSchema>;

/** `{ accountId, draft }` on a pick-list button; `{ name, draft }` on the offer to create the account. */
export const pickedAccountData = z.strictObject({ accountId: z.uuid(), draft: dealDraftSchema });
export const newAccountData = z.strictObject({ name: z.string().trim().min(1).max(200), draft: dealDraftSchema });

const pickListSize = 8;
/** Open deals of the account read to refuse a second deal with the same title (a repeated line or click). */
const sameTitleWindow = 50;

/** The title for an account picked from candidates: what follows the words of the head that begin the account's name. */
export function titleFor(head: string, accountName: string): string {
  const words = head.split(/\s+/u).filter(Boolean);
  const name = fold(accountName);
  let taken = 1;
  for (let k = words.length - 1; k >= 1; k -= 1) {
    if (name.startsWith(fold(words.slice(0, k).join(' ')))) {
      taken = k;
      break;
    }
  }
  return words.slice(taken).join(' ');
}

export function createNewDealFlow(deps: PipelineChatDeps, moves: DealMoves) {
  const { service, accounts } = deps;
  const lookup = createAccountLookup(accounts);

  async function create(turn: TurnInput, account: Account, draft: DealDraft): Promise<BotReply> {
    const { actor, t } = turn;
    const [context, open] = await Promise.all([
      moves.cardContext(turn),
      service.openOpportunitiesOf(actor.tenantId, account.id, sameTitleWindow),
    ]);
    const twin = open.find((deal) => sameText(deal.title, draft.title));
    if (twin)
      return { card: dealCard(twin, context, { text: t('pipeline.chat.deal.exists', { account: account.name }), tone: 'warning' }) };
    const created = await service.createOpportunity(actor, {
      title: draft.title,
      accountId: account.id,
      expectedCloseDate: draft.expectedCloseDate,
      ...(draft.amount !== undefined && { amount: draft.amount }),
      ...(draft.currency !== undefined && { currency: draft.currency }),
    });
    return { card: dealCard(dealView(created), context, { text: t('pipeline.chat.deal.created') }) };
  }

  return {
    /** The command's path: create when an account has exactly the typed name, otherwise ask; never a guessed account. */
    async createOrAsk(turn: TurnInput, parsed: ParsedNewOpportunity): Promise<BotReply> {
      const { actor, t } = turn;
      const splits = accountTitleSplits(parsed.head);
      const shortest = splits.at(-1);
      if (!shortest) return { text: t('pipeline.chat.new.hint.missingTitle') };
      const base = {
        expectedCloseDate: parsed.expectedCloseDate,
        ...(parsed.amount && { amount: parsed.amount.amount }),
        ...(parsed.amount?.currency && { currency: parsed.amount.currency }),
      };
      const draftWith = (title: string) => dealDraftSchema.safeParse({ ...base, title });
      const exact = await Promise.all(splits.map((split) => accounts.findAccountByName(actor.tenantId, split.accountName)));
      const found = exact.findIndex(Boolean);
      if (found >= 0) {
        const draft = draftWith(splits[found]!.title);
        return draft.success ? create(turn, exact[found]!.value, draft.data) : { text: t('pipeline.chat.new.tooLong') };
      }
      const colon = splits.length === 1 && /[:：]/u.test(parsed.head);
      const hits = await accounts.searchAccounts(actor.tenantId, shortest.accountName, pickListSize);
      if (hits.length > 0) {
        const drafts = hits.map((hit: AccountHit) => draftWith(colon ? shortest.title : titleFor(parsed.head, hit.name)));
        if (drafts.some((draft) => !draft.success)) return { text: t('pipeline.chat.new.tooLong') };
        const data = (hit: AccountHit) => ({ accountId: hit.accountId, draft: drafts[hits.indexOf(hit)]!.data! });
        // One account begins with the name: a yes/no, never a list of one.
        if (hits.length === 1)
          return {
            card: confirmOneAccount(
              t,
              shortest.accountName,
              hits[0]!,
              executeAction(t('pipeline.chat.new.pick.button'), pipelineVerbs.createPicked, data(hits[0]!)),
            ),
          };
        const title = t('pipeline.chat.new.pick.title', { name: plain(shortest.accountName) });
        return {
          card: accountListCard(title, hits, { verb: pipelineVerbs.createPicked, button: t('pipeline.chat.new.pick.button'), data }),
        };
      }
      const draft = draftWith(shortest.title);
      if (!draft.success) return { text: t('pipeline.chat.new.tooLong') };
      const name = shortest.accountName;
      return {
        card: createOfferCard(
          t('pipeline.chat.new.unknown.title', { name: plain(name) }),
          t('pipeline.chat.new.unknown.create', { name }),
          pipelineVerbs.createAccount,
          { name, draft: draft.data },
        ),
      };
    },

    /** A pick-list click: the account the user chose. */
    async createPicked(turn: TurnInput, accountId: string, draft: DealDraft): Promise<BotReply> {
      return create(turn, (await accounts.getAccount(turn.actor.tenantId, accountId)).value, draft);
    },

    /** The create-offer click: the account with exactly the typed name (created now, or by an earlier delivery of the click), then the deal. */
    async createAccountAndDeal(turn: TurnInput, name: string, draft: DealDraft): Promise<BotReply> {
      const { actor } = turn;
      const account = await lookup.createNamed(actor, name);
      return create(turn, account, draft);
    },
  };
}

export type NewDealFlow = ReturnType<typeof createNewDealFlow>;
