// Chat cards of the accounts plugin: a short list of accounts to choose from, a yes/no for the one a name begins, the offer to create an unknown one, a notice above a card.
import {
  adaptiveCard,
  clip,
  executeAction,
  paragraph,
  pickRow,
  plain,
  type AdaptiveCard,
  type CardElement,
} from '../../cards/adaptive-card';
import type { AccountHit } from './accounts.service';

/** What each row of an account list does when clicked: an `Action.Execute` whose answer replaces the card. */
export interface AccountChoice {
  /** e.g. `accounts.show`; the plugin owning the verb validates the data again, since card data is user input. */
  verb: string;
  /** The button's label, e.g. "Show" or "Log here". */
  button: string;
  data(hit: AccountHit): Record<string, unknown>;
}

/** Row texts are shortened so that eight rows leave most of the 28 KB card for the data their buttons carry. */
const rowTextMax = 100;

/** Industry · region · owner, whichever the index row has. */
function hitDetail(hit: AccountHit): string {
  return [hit.industry, hit.region, hit.ownerName].filter((part): part is string => Boolean(part)).join(' · ');
}

function accountRow(hit: AccountHit, choice: AccountChoice): CardElement {
  const detail = clip(hitDetail(hit), rowTextMax);
  return pickRow(
    plain(clip(hit.name, rowTextMax)),
    detail ? plain(detail) : undefined,
    executeAction(choice.button, choice.verb, choice.data(hit)),
  );
}

/**
 * A list of accounts, each with a button; used for pick-lists (ambiguous names) and search results.
 * `title` and `footer` are shown as Markdown: escape user text in them with `plain()`.
 * @example accountListCard(t('accounts.chat.pick.title', { name: plain(typed) }), hits, { verb: 'accounts.show', button: t('accounts.chat.pick.show'), data: (hit) => ({ accountId: hit.accountId }) })
 */
export function accountListCard(title: string, hits: readonly AccountHit[], choice: AccountChoice, footer?: string): AdaptiveCard {
  return adaptiveCard([
    paragraph(title, { weight: 'Bolder' }),
    ...hits.map((hit) => accountRow(hit, choice)),
    ...(footer ? [paragraph(footer, { isSubtle: true, separator: true })] : []),
  ]);
}

/**
 * The question for the one account a typed name only begins ("Did you mean Contoso Ltd?"): `yes` does what was asked
 * on that account, `no` the alternative (create the typed name) or nothing. Never a pick-list of one.
 */
export function confirmAccountCard(message: string, yes: CardElement, no: CardElement): AdaptiveCard {
  return adaptiveCard([paragraph(message)], [yes, no]);
}

/** "No account is named X" with one button that creates it (and, for a log line, logs the activity). */
export function createOfferCard(message: string, button: string, verb: string, data: Record<string, unknown>): AdaptiveCard {
  return adaptiveCard([paragraph(message)], [executeAction(button, verb, data)]);
}

/** A card (e.g. the account card) with a line above it saying what just happened; the size is checked again. */
export function withNotice(card: Record<string, unknown>, notice: string): AdaptiveCard {
  const body = Array.isArray(card.body) ? (card.body as CardElement[]) : [];
  const actions = Array.isArray(card.actions) ? (card.actions as CardElement[]) : [];
  return adaptiveCard([paragraph(notice, { weight: 'Bolder', color: 'Good' }), ...body], actions);
}
