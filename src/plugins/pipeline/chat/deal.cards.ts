// Chat cards for single deals: the deal card with "move to next stage", and the pick-list of deals a typed name matches.
import type { Locale, Translate } from '../../../core/i18n';
import { formatMoney as sharedMoney } from '../../../core/money-format';
import {
  adaptiveCard,
  clip as clipTo,
  executeAction,
  facts,
  heading,
  openUrl,
  paragraph,
  pickRow,
  plain,
  type AdaptiveCard,
  type CardElement,
} from '../../../cards/adaptive-card';
import type { Stored } from '../../../storage/repository';
import type { Opportunity, Stage } from '../pipeline.schema';
import type { OpportunityCard } from '../pipeline.service';
import type { PipelineLinks } from './pipeline-chat.deps';
import { nextStage, stageName } from './stage-match';

/** Card action verbs of the pipeline chat (see pipeline.actions.ts). */
export const pipelineVerbs = {
  /** A deal picked from a pick-list, or the deal card's next-stage button: move it. */
  move: 'pipeline.deal.move',
  /** An account picked for a new deal. */
  createPicked: 'pipeline.deal.create.pick',
  /** The offer to create an unknown account and the deal. */
  createAccount: 'pipeline.deal.create.account',
  /** A lead picked to qualify. */
  qualify: 'pipeline.lead.qualify',
  /** A lead picked to convert into a deal. */
  convert: 'pipeline.lead.convert',
} as const;

/** Row texts are clipped so that a pick-list of eight stays far below 28 KB. */
const rowMax = 100;
export const clip = (text: string, max: number = rowMax): string => clipTo(text, max);

/** Money in the reader's format, as the tabs show it; `compact` for figures (¥123.5万, ¥1.2M), full for a deal's own amount. */
export const formatMoney = (amount: number, currency: string, locale: Locale, compact = false): string =>
  sharedMoney(amount, currency, locale, compact ? 'compact' : 'exact');

/** What the deal card shows: a stored opportunity, or a board card with the reason when closed. */
export type DealView = OpportunityCard & { outcomeReason?: string };

export function dealView(stored: Stored<Opportunity>): DealView {
  const { value } = stored;
  return {
    id: value.id,
    title: value.title,
    accountId: value.accountId,
    accountName: value.accountName,
    amount: value.amount,
    currency: value.currency,
    reportingAmount: value.reportingAmount,
    probability: value.probability,
    stageId: value.stageId,
    expectedCloseDate: value.expectedCloseDate,
    ownerId: value.ownerId,
    ownerName: value.ownerName,
    stageEnteredAt: value.stageEnteredAt,
    status: value.status,
    etag: stored.etag,
    ...(value.team !== undefined && { team: value.team }),
    ...(value.outcomeReason !== undefined && { outcomeReason: value.outcomeReason }),
  };
}

export interface DealCardContext {
  t: Translate;
  locale: Locale;
  stages: readonly Stage[];
  links: PipelineLinks;
  now: Date;
  /** The tenant's reporting currency: a deal in another currency also shows what it counts for in totals. */
  reportingCurrency: string;
}

/** The deal's own amount, and beside it the reporting-currency amount totals count when the currencies differ. */
export function dealAmount(
  deal: Pick<OpportunityCard, 'amount' | 'currency' | 'reportingAmount'>,
  context: Pick<DealCardContext, 't' | 'locale' | 'reportingCurrency'>,
): string {
  const own = formatMoney(deal.amount, deal.currency, context.locale);
  if (deal.currency === context.reportingCurrency) return own;
  return context.t('pipeline.chat.deal.amountConverted', {
    amount: own,
    reporting: formatMoney(deal.reportingAmount, context.reportingCurrency, context.locale),
  });
}

const dayMs = 24 * 60 * 60 * 1000;

/**
 * The deal, its stage and figures, a link into the pipeline tab, and "move to <next stage>" while it is open.
 * The button carries the ETag it was drawn from, so a click on an out-of-date card never overwrites a newer move.
 * @example dealCard(deal, { t, locale, stages: model.stages, links, now, reportingCurrency: model.reportingCurrency }, { text: t('pipeline.chat.deal.created') })
 */
export function dealCard(deal: DealView, context: DealCardContext, notice?: { text: string; tone?: 'good' | 'warning' }): AdaptiveCard {
  const { t, locale, stages, links, now } = context;
  const stage = stageName(stages, deal.stageId, locale);
  const days = Math.max(0, Math.floor((now.getTime() - Date.parse(deal.stageEnteredAt)) / dayMs));
  const next = deal.status === 'open' ? nextStage(stages, deal.stageId) : undefined;
  const body: CardElement[] = [
    ...(notice ? [paragraph(plain(notice.text), { weight: 'Bolder', color: notice.tone === 'warning' ? 'Warning' : 'Good' })] : []),
    heading(plain(deal.title)),
    facts([
      [t('pipeline.chat.deal.account'), plain(deal.accountName)],
      [t('pipeline.chat.deal.amount'), dealAmount(deal, context)],
      // A closed deal's stage is its outcome (Lost 丢单, Contract signed 签订合同): naming the status too would say it twice.
      [
        t('pipeline.chat.deal.stage'),
        plain(deal.status === 'open' ? t('pipeline.chat.deal.stageValue', { stage, probability: deal.probability }) : stage),
      ],
      [t('pipeline.chat.deal.close'), deal.expectedCloseDate],
      [t('pipeline.chat.deal.owner'), plain(deal.ownerName)],
      [t('pipeline.chat.deal.inStage'), deal.status === 'open' ? t('pipeline.chat.deal.days', { days }) : undefined],
      [t('pipeline.chat.deal.reason'), deal.outcomeReason ? plain(clip(deal.outcomeReason, 300)) : undefined],
    ]),
  ];
  const actions = [
    ...(next
      ? [
          executeAction(t('pipeline.chat.deal.moveNext', { stage: next.name[locale] }), pipelineVerbs.move, {
            opportunityId: deal.id,
            stageId: next.id,
            etag: deal.etag,
          }),
        ]
      : []),
    openUrl(t('pipeline.chat.deal.openInTab'), links.opportunity(deal.id)),
  ];
  return adaptiveCard(body, actions);
}

/** One pick-list row: the deal's title and where it stands, with one button in its own ActionSet. */
function dealRow(deal: OpportunityCard, context: DealCardContext, button: CardElement): CardElement {
  const { t, locale, stages } = context;
  const detail = t('pipeline.chat.deal.row', {
    account: deal.accountName,
    stage: stageName(stages, deal.stageId, locale),
    amount: formatMoney(deal.amount, deal.currency, locale, true),
  });
  return pickRow(plain(clip(deal.title)), plain(clip(detail)), button);
}

/**
 * Several open deals match what was typed: each row moves that deal to the stage (and reason) the command named.
 * `title` is Markdown: user text in it goes through `plain()`.
 */
export function dealPickCard(
  title: string,
  deals: readonly OpportunityCard[],
  context: DealCardContext,
  move: { stageId: string; reason?: string; button: string },
): AdaptiveCard {
  return adaptiveCard([
    paragraph(title, { weight: 'Bolder' }),
    ...deals.map((deal) =>
      dealRow(
        deal,
        context,
        executeAction(move.button, pipelineVerbs.move, {
          opportunityId: deal.id,
          stageId: move.stageId,
          ...(move.reason !== undefined && { reason: move.reason }),
        }),
      ),
    ),
  ]);
}
