// The account card's "open opportunities" section: the account's open deals from its rollup row (one point read).
import { resolveLocale } from '../../core/i18n';
import { formatMoney } from '../../core/money-format';
import { facts, plain, type CardElement } from '../../cards/adaptive-card';
import type { AccountCardSection } from '../accounts';
import type { PipelineLinks } from './pipeline-links';
import type { OpportunityCard, PipelineService } from './pipeline.service';

/** The card stays compact. */
const shown = 5;

export interface AccountDeals {
  count: number;
  items: OpportunityCard[];
}

export function openOpportunitiesSection(
  dealsOf: (tenantId: string, accountId: string) => Promise<AccountDeals>,
  service: Pick<PipelineService, 'stageModel'>,
  links: PipelineLinks,
): AccountCardSection {
  return {
    id: 'pipeline',
    order: 30,
    async render({ account, actor, t }) {
      const [{ count, items: deals }, { value: model }] = await Promise.all([
        dealsOf(actor.tenantId, account.id),
        service.stageModel(actor.tenantId),
      ]);
      const locale = resolveLocale(t('pipeline.card.locale'));
      const stageName = (id: string) => model.stages.find((stage) => stage.id === id)?.name[locale] ?? id;
      const title: CardElement = {
        type: 'TextBlock',
        text: t('pipeline.card.openDeals', { count }),
        weight: 'Bolder',
        wrap: true,
        separator: true,
        spacing: 'Medium',
      };
      if (count === 0)
        return [
          {
            type: 'Container',
            items: [title, { type: 'TextBlock', text: t('pipeline.card.noDeals'), isSubtle: true, wrap: true, spacing: 'Small' }],
          },
        ];
      const line = (deal: OpportunityCard): [string, string] => [
        plain(deal.title),
        t('pipeline.card.dealLine', {
          stage: plain(stageName(deal.stageId)),
          amount: formatMoney(deal.amount, deal.currency, locale),
          date: deal.expectedCloseDate,
        }),
      ];
      const items: CardElement[] = [title, facts(deals.slice(0, shown).map(line))];
      if (count > shown)
        items.push({
          type: 'TextBlock',
          text: t('pipeline.card.more', { count: count - shown }),
          isSubtle: true,
          wrap: true,
          spacing: 'Small',
        });
      items.push({
        type: 'ActionSet',
        actions: [{ type: 'Action.OpenUrl', title: t('pipeline.card.openBoard'), url: links.board({ ownerId: actor.userId }) }],
      });
      return [{ type: 'Container', items }];
    },
  };
}
