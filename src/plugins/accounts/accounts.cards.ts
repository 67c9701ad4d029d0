// The account card 客户卡片: key facts of one account, in the reader's language.
import type { Translate } from '../../core/i18n';
import { adaptiveCard, cardDate, facts, heading, plain, type AdaptiveCard } from '../../cards/adaptive-card';
import type { Account } from './account.schema';

export function accountCard(account: Account, t: Translate): AdaptiveCard {
  return adaptiveCard([
    heading(plain(account.name)),
    facts([
      [t('accounts.card.industry'), account.industry && plain(account.industry)],
      [t('accounts.card.region'), account.region && plain(account.region)],
      [t('accounts.card.type'), t(`accounts.type.${account.type}`)],
      [t('accounts.card.owner'), plain(account.ownerName || account.ownerId)],
      [t('accounts.card.website'), account.website],
      [t('accounts.card.phone'), account.phone && plain(account.phone)],
      [t('accounts.card.tags'), account.tags.length > 0 ? plain(account.tags.join(', ')) : undefined],
      [t('accounts.card.created'), cardDate(account.createdAt)],
    ]),
  ]);
}
