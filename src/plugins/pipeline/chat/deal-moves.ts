// Moving deals from chat: find the deal a typed name means, move it (to a stage, or won/lost with the reason), answer with its card.
import { systemClock } from '../../../core/clock';
import { isAppError } from '../../../core/errors';
import type { BotReply, TurnInput } from '../../../core/plugin';
import { plain } from '../../../cards/adaptive-card';
import type { Stored } from '../../../storage/repository';
import type { Opportunity, Stage } from '../pipeline.schema';
import type { OpportunityCard } from '../pipeline.service';
import type { AccountHit } from '../../accounts';
import { accountWordsNaming, maxAccountWords, nameDeals, type DealNaming, type NamingMode } from './deal-name.match';
import { dealCard, dealPickCard, dealView, type DealCardContext, type DealView } from './deal.cards';
import type { PipelineChatDeps } from './pipeline-chat.deps';
import { stageName } from './stage-match';

/** A pick-list stays short enough to read at a glance; one more is read to know a name is ambiguous. */
export const dealPickListSize = 8;
/** Bytes of reasons a pick-list may carry on its buttons: eight clipped rows take about 8 KB more, far below Teams' 28 KB. */
const reasonBudget = 12 * 1024;
/** Leading words tried as a deal's name before the reason; longer names are not typed in chat. */
const maxNameWords = 8;
/** Accounts a line's first words may name that are looked through for the deal. */
const accountsRead = 8;

/** Titles compare after folding case, width and spaces. */
export const sameText = (a: string, b: string) => fold(a) === fold(b);
export function fold(text: string): string {
  return text.normalize('NFKC').toLocaleLowerCase('en').replace(/\s+/gu, ' ').trim();
}

export function createDealMoves(deps: PipelineChatDeps) {
  const { service, accounts, links } = deps;
  const clock = deps.clock ?? systemClock;

  async function cardContext(turn: TurnInput): Promise<DealCardContext> {
    const model = await service.stageModel(turn.actor.tenantId);
    return {
      t: turn.t,
      locale: turn.locale,
      stages: model.value.stages,
      links,
      now: clock.now(),
      reportingCurrency: model.value.reportingCurrency,
    };
  }

  /** Open deals whose title, or account name and title, start with the longest leading run of `words` that starts any. */
  async function byTitle(tenantId: string, words: readonly string[], mode: NamingMode): Promise<OpportunityCard[]> {
    const longest = Math.min(words.length, maxNameWords);
    for (let k = longest; k >= (mode === 'whole' ? longest : 1); k -= 1) {
      const deals = await service.findOpenOpportunities(tenantId, words.slice(0, k).join(' '), dealPickListSize);
      if (deals.length > 0) return deals;
    }
    return [];
  }

  /**
   * Open deals of the accounts the leading words name (`Woodgrove` of Woodgrove Bank), those whose title starts with
   * the next word first: an account's own deals are found however many other deals start with its name.
   */
  async function byAccount(tenantId: string, words: readonly string[]): Promise<OpportunityCard[]> {
    let hits: AccountHit[] = [];
    for (let k = 1; k <= Math.min(words.length, maxAccountWords); k += 1) {
      const found = await accounts.searchAccounts(tenantId, words.slice(0, k).join(' '), accountsRead);
      if (found.length === 0) break;
      hits = found;
      if (found.length < accountsRead) break;
    }
    const named = hits.flatMap((hit) => {
      const taken = accountWordsNaming(words, hit.name);
      return taken > 0 ? [{ hit, next: words[taken] }] : [];
    });
    const lists = await Promise.all(
      named.slice(0, accountsRead).map(async ({ hit, next }) => {
        const titled = next ? await service.findOpenOpportunities(tenantId, `${hit.name} ${next}`, dealPickListSize) : [];
        const deals = titled.length > 0 ? titled : await service.findOpenOpportunities(tenantId, hit.name, dealPickListSize);
        return deals.filter((deal) => deal.accountId === hit.accountId);
      }),
    );
    return lists.flat();
  }

  /**
   * The open deals `text` names best, and what follows the name (the reason of won/lost in `leading` mode): by title,
   * by account name and title, or by the start of the account's name and the title (`Woodgrove Core banking`).
   */
  async function nameDeal(tenantId: string, text: string, mode: NamingMode): Promise<DealNaming<OpportunityCard> | undefined> {
    const words = text.trim().split(/\s+/u).filter(Boolean);
    if (words.length === 0) return undefined;
    const [titled, ofAccounts] = await Promise.all([byTitle(tenantId, words, mode), byAccount(tenantId, words)]);
    const candidates = [...new Map([...titled, ...ofAccounts].map((deal) => [deal.id, deal])).values()];
    return nameDeals(text.trim(), candidates, mode);
  }

  function movedNotice(turn: TurnInput, stages: readonly Stage[], before: Opportunity, after: Opportunity): string {
    if (after.status === 'won') return turn.t('pipeline.chat.deal.markedWon');
    if (after.status === 'lost') return turn.t('pipeline.chat.deal.markedLost');
    return turn.t('pipeline.chat.deal.moved', {
      from: stageName(stages, before.stageId, turn.locale),
      to: stageName(stages, after.stageId, turn.locale),
    });
  }

  /**
   * Moves one deal. With the ETag of the card it was clicked on, a deal changed since is not moved: the answer is its
   * fresh card. A repeated click (Teams redelivers) finds the deal already there and changes nothing.
   */
  async function move(
    turn: TurnInput,
    opportunityId: string,
    stageId: string,
    options: { reason?: string; etag?: string } = {},
  ): Promise<BotReply> {
    const { actor, t } = turn;
    const [context, current] = await Promise.all([cardContext(turn), service.getOpportunity(actor.tenantId, opportunityId)]);
    const reply = (deal: Stored<Opportunity> | DealView, text: string, tone: 'good' | 'warning' = 'good') => ({
      card: dealCard('value' in deal ? dealView(deal) : deal, context, { text, tone }),
    });
    if (current.value.stageId === stageId)
      return reply(current, t('pipeline.chat.deal.alreadyIn', { stage: stageName(context.stages, stageId, turn.locale) }), 'warning');
    if (current.value.status !== 'open')
      return reply(current, t('pipeline.chat.deal.closed', { status: t(`pipeline.chat.deal.status.${current.value.status}`) }), 'warning');
    if (options.etag !== undefined && options.etag !== current.etag) return reply(current, t('pipeline.chat.deal.conflict'), 'warning');
    try {
      const moved = await service.moveOpportunity(
        actor,
        opportunityId,
        { stageId, ...(options.reason && { reason: options.reason }) },
        options.etag,
      );
      return reply(moved, movedNotice(turn, context.stages, current.value, moved.value));
    } catch (error) {
      if (!isAppError(error, 'CONFLICT')) throw error;
      return reply(await service.getOpportunity(actor.tenantId, opportunityId), t('pipeline.chat.deal.conflict'), 'warning');
    }
  }

  /** One deal: move it now; several: a pick-list whose buttons move the chosen one with the same stage and reason. */
  async function moveOrAsk(
    turn: TurnInput,
    typed: string,
    named: readonly OpportunityCard[],
    stage: Stage,
    reason?: string,
  ): Promise<BotReply> {
    if (named.length === 1) return move(turn, named[0]!.id, stage.id, reason === undefined ? {} : { reason });
    const deals = named.slice(0, dealPickListSize);
    const { t, locale } = turn;
    // Every button carries the reason: past the budget the choice is asked in words instead.
    if (reason && Buffer.byteLength(reason) * deals.length > reasonBudget) {
      return {
        text: t('pipeline.chat.move.pick.tooLong', {
          name: typed,
          names: deals.map((deal) => `${deal.accountName} ${deal.title}`).join(', '),
        }),
      };
    }
    const button =
      stage.kind === 'won'
        ? t('pipeline.chat.move.pick.won')
        : stage.kind === 'lost'
          ? t('pipeline.chat.move.pick.lost')
          : t('pipeline.chat.move.pick.button', { stage: stage.name[locale] });
    const context = await cardContext(turn);
    return {
      card: dealPickCard(t('pipeline.chat.move.pick.title', { name: plain(typed) }), deals, context, {
        stageId: stage.id,
        button,
        ...(reason !== undefined && { reason }),
      }),
    };
  }

  return { cardContext, nameDeal, move, moveOrAsk };
}

export type DealMoves = ReturnType<typeof createDealMoves>;
