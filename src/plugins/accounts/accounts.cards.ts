// The account card 客户卡片: key facts, contacts with their CUTE roles, then the sections other plugins add.
import type { Translate } from '../../core/i18n';
import {
  adaptiveCard,
  cardDate,
  facts,
  heading,
  openUrl,
  paragraph,
  plain,
  type AdaptiveCard,
  type CardElement,
} from '../../cards/adaptive-card';
import type { Account, Contact } from './account.schema';

/** What the card shows of a contact. */
export type CardContact = Pick<Contact, 'name' | 'title' | 'cuteRole'>;

/** The card lists this many contacts and counts the rest, so it stays far below 28 KB however many there are. */
export const cardContactLimit = 12;

export interface AccountCardContent {
  account: Account;
  parentName?: string;
  /** The account's first contacts by name; more than `cardContactLimit` are cut. */
  contacts: CardContact[];
  /** How many contacts the account has in all. */
  contactCount: number;
  sections: CardElement[];
  /** The account's page in the home tab. */
  url: string;
}

/** Consent in a few words: which channels the customer allows. */
function consentText(t: Translate, consent: Account['consent']): string {
  const allowed = (['phone', 'email', 'mail', 'sms'] as const)
    .filter((channel) => consent[channel])
    .map((channel) => t(`accounts.channel.${channel}`));
  return allowed.length > 0 ? allowed.join(', ') : t('accounts.card.noConsent');
}

function contactLine(t: Translate, contact: CardContact): CardElement {
  const role = contact.cuteRole ? ` · ${t(`accounts.cute.${contact.cuteRole}`)}` : '';
  const title = contact.title ? ` — ${plain(contact.title)}` : '';
  return paragraph(`${plain(contact.name)}${title}${role}`, { spacing: 'Small' });
}

export function accountCard(t: Translate, content: AccountCardContent): AdaptiveCard {
  const { account } = content;
  const listed = content.contacts.slice(0, cardContactLimit);
  const more = Math.max(0, content.contactCount - listed.length);
  const body: CardElement[] = [
    heading(plain(account.name)),
    facts([
      [t('accounts.card.industry'), account.industry && plain(account.industry)],
      [t('accounts.card.region'), account.region && plain(account.region)],
      [t('accounts.card.size'), account.size && t(`accounts.size.${account.size}`)],
      [t('accounts.card.type'), t(`accounts.type.${account.type}`)],
      [t('accounts.card.owner'), plain(account.ownerName || account.ownerId)],
      [t('accounts.card.team'), account.team && plain(account.team)],
      [t('accounts.card.parent'), content.parentName && plain(content.parentName)],
      [t('accounts.card.preferredChannel'), account.preferredChannel && t(`accounts.channel.${account.preferredChannel}`)],
      [t('accounts.card.consent'), consentText(t, account.consent)],
      [t('accounts.card.website'), account.website],
      [t('accounts.card.phone'), account.phone && plain(account.phone)],
      [t('accounts.card.address'), account.address && plain(account.address)],
      [t('accounts.card.tags'), account.tags.length > 0 ? plain(account.tags.join(', ')) : undefined],
      [t('accounts.card.created'), cardDate(account.createdAt)],
    ]),
    paragraph(t('accounts.card.contacts'), { weight: 'Bolder', separator: true, spacing: 'Medium' }),
    ...(listed.length > 0
      ? listed.map((contact) => contactLine(t, contact))
      : [paragraph(t('accounts.card.noContacts'), { isSubtle: true })]),
    ...(more > 0 ? [paragraph(t('accounts.card.moreContacts', { count: more }), { isSubtle: true, spacing: 'Small' })] : []),
    ...content.sections,
  ];
  return adaptiveCard(body, [openUrl(t('accounts.card.open'), content.url)]);
}
