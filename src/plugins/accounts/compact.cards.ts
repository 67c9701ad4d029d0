// Compact account and contact cards for message-extension results and unfurled links: a few facts and a link to the account.
import type { Translate } from '../../core/i18n';
import type { SearchResult } from '../../core/plugin';
import { adaptiveCard, facts, openUrl, paragraph, plain } from '../../cards/adaptive-card';
import type { AccountHit, ContactHit } from './accounts.service';

const title = (text: string) => paragraph(plain(text), { size: 'Medium', weight: 'Bolder', style: 'heading' });
const joined = (...parts: (string | undefined)[]) => parts.filter((part) => part !== undefined && part !== '').join(' · ') || undefined;

/** Everything comes from the search row, so a page of results costs no extra reads. */
export function compactAccountResult(t: Translate, hit: AccountHit, link: string): SearchResult {
  const card = adaptiveCard(
    [
      title(hit.name),
      facts([
        [t('accounts.card.industry'), hit.industry && plain(hit.industry)],
        [t('accounts.card.region'), hit.region && plain(hit.region)],
        [t('accounts.card.owner'), hit.ownerName && plain(hit.ownerName)],
      ]),
    ],
    [openUrl(t('accounts.ext.open'), link)],
  );
  return { card, preview: { title: hit.name, subtitle: joined(hit.industry, hit.region) ?? t('accounts.ext.account') } };
}

export function compactContactResult(t: Translate, hit: ContactHit, accountLink: string): SearchResult {
  const role = hit.cuteRole && t(`accounts.cute.${hit.cuteRole}`);
  const card = adaptiveCard(
    [
      title(hit.name),
      paragraph(t('accounts.ext.contactAt', { account: plain(hit.accountName) }), { isSubtle: true, spacing: 'None' }),
      facts([
        [t('accounts.ext.title'), hit.title && plain(hit.title)],
        [t('accounts.ext.role'), role],
        [t('accounts.ext.account'), plain(hit.accountName)],
      ]),
    ],
    [openUrl(t('accounts.ext.openAccount'), accountLink)],
  );
  return { card, preview: { title: hit.name, subtitle: joined(hit.title, hit.accountName), text: role ?? t('accounts.ext.contact') } };
}
