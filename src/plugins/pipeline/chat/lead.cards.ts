// Chat cards for leads: the lead with its source and MAN verdict (after `new lead`, `qualify lead`, `convert lead`), and the pick-list when a name matches several.
import type { Translate } from '../../../core/i18n';
import {
  adaptiveCard,
  executeAction,
  facts,
  heading,
  paragraph,
  pickRow,
  plain,
  type AdaptiveCard,
  type CardElement,
} from '../../../cards/adaptive-card';
import type { Lead, Man } from '../pipeline.schema';
import { clip } from './deal.cards';
import { manCriteria } from './man.parser';

/** The criteria not met, in MAN order, by their localised names. */
export function missingCriteria(t: Translate, man: Man): string[] {
  return manCriteria.filter((criterion) => !man[criterion].met).map((criterion) => t(`pipeline.chat.qualify.criterion.${criterion}`));
}

/** Where the lead stands, and what to do next. */
function verdictOf(t: Translate, lead: Lead): string {
  if (lead.status === 'converted') return t('pipeline.chat.qualify.converted');
  if (!lead.man) return t('pipeline.chat.lead.next', { name: lead.name });
  const missing = missingCriteria(t, lead.man);
  return missing.length === 0
    ? t('pipeline.chat.qualify.qualified', { name: lead.name })
    : t('pipeline.chat.qualify.disqualified', { missing: missing.join(', ') });
}

/**
 * The lead: who it is, where it came from, money, authority and need once recorded, and whether it qualifies.
 * @example leadCard(t, created.value, { text: t('pipeline.chat.lead.created') })
 */
export function leadCard(t: Translate, lead: Lead, notice?: { text: string; tone?: 'good' | 'warning' }): AdaptiveCard {
  const man = lead.man;
  const body: CardElement[] = [
    ...(notice ? [paragraph(plain(notice.text), { weight: 'Bolder', color: notice.tone === 'good' ? 'Good' : 'Warning' })] : []),
    heading(t('pipeline.chat.qualify.title', { name: plain(lead.name) })),
    paragraph(plain(verdictOf(t, lead)), {
      weight: 'Bolder',
      color: lead.status === 'qualified' ? 'Good' : lead.status === 'disqualified' ? 'Attention' : 'Default',
    }),
    facts([
      [t('pipeline.chat.lead.company'), lead.company && plain(lead.company)],
      [t('pipeline.chat.lead.contact'), lead.contactName && plain(lead.contactName)],
      [t('pipeline.chat.lead.source'), t(`pipeline.chat.lead.sourceName.${lead.source}`)],
      [t('pipeline.chat.lead.referredBy'), lead.referredBy && plain(lead.referredBy)],
      [t('pipeline.chat.lead.owner'), plain(lead.ownerName)],
      ...manCriteria.map((criterion): [string, string | undefined] => [
        t(`pipeline.chat.qualify.criterion.${criterion}`),
        man
          ? `${man[criterion].met ? '✓' : '✗'} ${t(man[criterion].met ? 'pipeline.chat.qualify.met' : 'pipeline.chat.qualify.notMet')}`
          : undefined,
      ]),
    ]),
  ];
  return adaptiveCard(body);
}

/** What each pick-list row's button does with its lead. */
export interface LeadPickButton {
  title: string;
  verb: string;
  data: (lead: Lead) => Record<string, unknown>;
}

/** Several leads match the typed name: each row does the command's work on that one. `title` is Markdown: user text in it goes through `plain()`. */
export function leadPickCard(title: string, leads: readonly Lead[], button: LeadPickButton): AdaptiveCard {
  return adaptiveCard([paragraph(title, { weight: 'Bolder' }), ...leads.map((lead) => leadRow(lead, button))]);
}

function leadRow(lead: Lead, button: LeadPickButton): CardElement {
  const detail = [lead.company, lead.contactName, lead.ownerName].filter(Boolean).join(' · ');
  return pickRow(
    plain(clip(lead.name)),
    detail ? plain(clip(detail)) : undefined,
    executeAction(button.title, button.verb, button.data(lead)),
  );
}
