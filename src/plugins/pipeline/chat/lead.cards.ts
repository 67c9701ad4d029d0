// Chat cards for leads: the MAN result after `qualify lead …` / `评估线索 …`, and the pick-list when a name matches several leads.
import type { Translate } from '../../../core/i18n';
import { adaptiveCard, executeAction, facts, heading, paragraph, pickRow, plain, type AdaptiveCard, type CardElement } from '../../../cards/adaptive-card';
import type { Lead, Man } from '../pipeline.schema';
import { clip, pipelineVerbs } from './deal.cards';
import { manCriteria } from './man.parser';

/** The criteria not met, in MAN order, by their localised names. */
export function missingCriteria(t: Translate, man: Man): string[] {
  return manCriteria.filter((criterion) => !man[criterion].met).map((criterion) => t(`pipeline.chat.qualify.criterion.${criterion}`));
}

/** The lead after qualification: each of money, authority and need, and whether it qualifies or what is missing. */
export function leadCard(t: Translate, lead: Lead, notice?: string): AdaptiveCard {
  const man = lead.man;
  const missing = man ? missingCriteria(t, man) : [];
  const verdict =
    lead.status === 'converted'
      ? t('pipeline.chat.qualify.converted')
      : missing.length === 0 && man
        ? t('pipeline.chat.qualify.qualified')
        : t('pipeline.chat.qualify.disqualified', { missing: missing.join(', ') });
  const body: CardElement[] = [
    ...(notice ? [paragraph(plain(notice), { weight: 'Bolder', color: 'Warning' })] : []),
    heading(t('pipeline.chat.qualify.title', { name: plain(lead.name) })),
    paragraph(verdict, { weight: 'Bolder', color: lead.status === 'qualified' ? 'Good' : lead.status === 'disqualified' ? 'Attention' : 'Default' }),
    facts(
      manCriteria.map((criterion) => [
        t(`pipeline.chat.qualify.criterion.${criterion}`),
        man ? `${man[criterion].met ? '✓' : '✗'} ${t(man[criterion].met ? 'pipeline.chat.qualify.met' : 'pipeline.chat.qualify.notMet')}` : undefined,
      ]),
    ),
  ];
  return adaptiveCard(body);
}

/** Several leads match the typed name: each row qualifies that one with the answers typed. */
export function leadPickCard(t: Translate, typed: string, leads: readonly Lead[], man: Man): AdaptiveCard {
  return adaptiveCard([
    paragraph(t('pipeline.chat.qualify.pick.title', { name: plain(typed) }), { weight: 'Bolder' }),
    ...leads.map((lead) => leadRow(t, lead, man)),
  ]);
}

function leadRow(t: Translate, lead: Lead, man: Man): CardElement {
  const detail = [lead.company, lead.contactName, lead.ownerName].filter(Boolean).join(' · ');
  return pickRow(plain(clip(lead.name)), detail ? plain(clip(detail)) : undefined, executeAction(t('pipeline.chat.qualify.pick.button'), pipelineVerbs.qualify, { leadId: lead.id, man }));
}
