// The account card's "open cases" section: the account's cases not yet closed, soonest due first, with their SLA state (one range read).
import { resolveLocale } from '../../../core/i18n';
import { facts, plain, type CardElement } from '../../../cards/adaptive-card';
import type { AccountCardSection } from '../../accounts';
import { caseLabel } from '../case.schema';
import type { CasesService } from '../cases.service';
import type { CaseLinks } from './case-links';
import { rowSla } from './case.cards';

/** The card stays compact; one more is read to know there are more. */
const shown = 5;

export function openCasesSection(service: Pick<CasesService, 'accountCases'>, links: CaseLinks): AccountCardSection {
  return {
    id: 'cases',
    order: 40,
    async render({ account, actor, t }) {
      const cases = await service.accountCases(actor, account.id, shown + 1);
      const locale = resolveLocale(t('cases.chat.card.locale'));
      const count = cases.length > shown ? `${shown}+` : String(cases.length);
      const title: CardElement = {
        type: 'TextBlock',
        text: t('cases.chat.section.title', { count }),
        weight: 'Bolder',
        wrap: true,
        separator: true,
        spacing: 'Medium',
      };
      if (cases.length === 0)
        return [
          {
            type: 'Container',
            items: [title, { type: 'TextBlock', text: t('cases.chat.section.none'), isSubtle: true, wrap: true, spacing: 'Small' }],
          },
        ];
      const line = (item: (typeof cases)[number]): [string, string] => [
        plain(`${caseLabel(item.number)} ${item.title}`),
        t('cases.chat.section.line', {
          priority: t(`cases.cases.priority.${item.priority}`),
          status: t(`cases.cases.status.${item.status}`),
          sla: rowSla(item, { t, locale }),
        }),
      ];
      const items: CardElement[] = [title, facts(cases.slice(0, shown).map(line))];
      if (cases.length > shown)
        items.push({ type: 'TextBlock', text: t('cases.chat.section.more'), isSubtle: true, wrap: true, spacing: 'Small' });
      items.push({
        type: 'ActionSet',
        actions: [{ type: 'Action.OpenUrl', title: t('cases.chat.section.open'), url: links.account(account.id) }],
      });
      return [{ type: 'Container', items }];
    },
  };
}
