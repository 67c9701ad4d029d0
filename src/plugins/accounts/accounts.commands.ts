// Chat commands of the accounts plugin: look up an account (客户), find accounts (查找客户), create an account (新建客户) or a contact (新建联系人).
import type { Actor } from '../../core/actor';
import type { Translate } from '../../core/i18n';
import type { BotCommand, BotReply } from '../../core/plugin';
import { adaptiveCard, clip, executeAction, paragraph, plain, type CardElement } from '../../cards/adaptive-card';
import { accountListCard, confirmAccountCard, createOfferCard, withNotice } from './account-chat.cards';
import { createAccountLookup } from './account-lookup';
import { accountNameMax, type Account, type NewContact } from './account.schema';
import type { AccountHit, AccountsService } from './accounts.service';
import { accountChatTriggers } from './chat/account-field.words';
import { fieldFailureHint } from './chat/account-chat.messages';
import { parseFindAccounts } from './chat/find-accounts.parser';
import { parseNewAccount } from './chat/new-account.parser';
import { parseNewContact } from './chat/new-contact.parser';

/** Card action verbs of the accounts plugin (see accounts.actions.ts). */
export const accountVerbs = {
  show: 'accounts.show',
  create: 'accounts.create',
  createContact: 'accounts.contact.create',
  dismiss: 'accounts.dismiss',
} as const;

/** Search results shown on one card; one more is read to know whether there are more. */
const findLimit = 10;

type Triggers = { readonly en: readonly string[]; readonly 'zh-CN': readonly string[] };
const triggers = (words: Triggers): BotCommand['triggers'] => ({ en: [...words.en], 'zh-CN': [...words['zh-CN']] });

/** The pick-list for an ambiguous name: each row shows that account's card in place of this one. */
export function pickAccountCard(t: Translate, typed: string, hits: readonly AccountHit[]): Record<string, unknown> {
  return accountListCard(t('accounts.chat.pick.title', { name: plain(typed) }), hits, {
    verb: accountVerbs.show,
    button: t('accounts.chat.pick.show'),
    data: (hit) => ({ accountId: hit.accountId }),
  });
}

/** Never a guess: an unknown name gets an offer to create exactly that account, when it can be one. */
export function unknownAccountCard(t: Translate, typed: string): Record<string, unknown> {
  if ([...typed].length > accountNameMax) {
    return adaptiveCard([paragraph(t('accounts.chat.unknown.tooLong', { name: plain(clip(typed, 60)), max: accountNameMax }))]);
  }
  return createOfferCard(
    t('accounts.chat.unknown.title', { name: plain(typed) }),
    t('accounts.chat.unknown.create', { name: typed }),
    accountVerbs.create,
    { name: typed },
  );
}

/** The "No" of a yes/no question that has no other way to offer: it answers that nothing was done. */
export function dismissAction(t: Translate): CardElement {
  return executeAction(t('accounts.chat.confirm.no'), accountVerbs.dismiss, {});
}

/**
 * The yes/no for the one account a typed name only begins, when the command has no words of its own for it: `yes`
 * does what was asked on that account, No does nothing.
 * @example confirmOneAccount(t, 'Fabrikam', hit, executeAction(t('pipeline.chat.new.pick.button'), verb, { accountId: hit.accountId, draft }))
 */
export function confirmOneAccount(t: Translate, typed: string, hit: AccountHit, yes: CardElement): Record<string, unknown> {
  return confirmAccountCard(t('accounts.chat.confirm.title', { name: plain(typed), match: plain(hit.name) }), yes, dismissAction(t));
}

/** Creates the contact and answers with the account card, the new contact on it. */
export async function addContact(
  accounts: AccountsService,
  actor: Actor,
  t: Translate,
  account: Account,
  contact: Omit<NewContact, 'accountId'>,
): Promise<BotReply> {
  const created = await accounts.createContact(actor, { ...contact, accountId: account.id });
  const card = await accounts.accountCard(actor, t, account);
  return { card: withNotice(card, t('accounts.chat.contact.created', { name: plain(created.value.name), account: plain(account.name) })) };
}

export function accountCommands(accounts: AccountsService): BotCommand[] {
  const lookup = createAccountLookup(accounts);
  return [
    {
      name: 'account.show',
      triggers: { en: ['account', 'show account'], 'zh-CN': ['客户', '查看客户'] },
      usage: 'help.show',
      example: 'help.showExample',
      async run({ actor, t, args }) {
        if (!args) return { text: t('accounts.reply.nameMissing', { example: t('accounts.help.showExample') }) };
        const found = await lookup.byName(actor.tenantId, args);
        // Showing a card writes nothing, so the one account the name begins is shown rather than asked about.
        if (found.kind === 'found' || found.kind === 'partial') {
          const account = found.kind === 'found' ? found.account : (await accounts.getAccount(actor.tenantId, found.hit.accountId)).value;
          return { card: await accounts.accountCard(actor, t, account) };
        }
        return { card: found.kind === 'several' ? pickAccountCard(t, args, found.hits) : unknownAccountCard(t, found.name) };
      },
    },
    {
      name: 'account.find',
      triggers: triggers(accountChatTriggers.findAccounts),
      usage: 'chat.help.find',
      example: 'chat.help.findExample',
      async run({ actor, t, args }) {
        const terms = parseFindAccounts(args);
        if (terms.length === 0) return { text: t('accounts.chat.find.termsMissing') };
        const quoted = terms.map((term) => `"${term}"`).join(' ');
        const hits = await accounts.findAccounts(actor.tenantId, terms, findLimit + 1);
        if (hits.length === 0) return { text: t('accounts.chat.find.none', { terms: quoted }) };
        const footer = hits.length > findLimit ? t('accounts.chat.find.more', { count: findLimit }) : undefined;
        const choice = {
          verb: accountVerbs.show,
          button: t('accounts.chat.pick.show'),
          data: (hit: AccountHit) => ({ accountId: hit.accountId }),
        };
        return { card: accountListCard(t('accounts.chat.find.title', { terms: plain(quoted) }), hits.slice(0, findLimit), choice, footer) };
      },
    },
    {
      name: 'account.create',
      triggers: triggers(accountChatTriggers.newAccount),
      usage: 'chat.help.create',
      example: 'chat.help.createExample',
      async run({ actor, locale, t, args }) {
        const parsed = parseNewAccount(args, locale);
        if (!parsed.ok) return { text: fieldFailureHint(parsed, locale) };
        // A name already taken is ALREADY_EXISTS; the bot renders it as a localised error card.
        const created = await accounts.createAccount(actor, parsed.account);
        return {
          text: t('accounts.chat.created', { name: created.value.name }),
          card: await accounts.accountCard(actor, t, created.value),
        };
      },
    },
    {
      name: 'contact.create',
      triggers: triggers(accountChatTriggers.newContact),
      usage: 'chat.help.newContact',
      example: 'chat.help.newContactExample',
      async run({ actor, locale, t, args }) {
        const parsed = parseNewContact(args, locale);
        if (!parsed.ok)
          return { text: parsed.reason === 'emptyArgs' ? t('accounts.chat.contact.empty') : fieldFailureHint(parsed, locale) };
        const found = await lookup.byName(actor.tenantId, parsed.accountName);
        if (found.kind === 'found') return addContact(accounts, actor, t, found.account, parsed.contact);
        if (found.kind === 'none') return { text: t('accounts.chat.contact.unknownAccount', { name: found.name }) };
        const contact = parsed.contact;
        if (found.kind === 'partial') {
          const names = { account: plain(parsed.accountName), name: plain(contact.name), match: plain(found.hit.name) };
          const yes = executeAction(t('accounts.chat.contact.confirmYes', { match: found.hit.name }), accountVerbs.createContact, {
            accountId: found.hit.accountId,
            contact,
          });
          return { card: confirmAccountCard(t('accounts.chat.contact.confirmTitle', names), yes, dismissAction(t)) };
        }
        const title = t('accounts.chat.contact.pickTitle', { account: plain(parsed.accountName), name: plain(parsed.contact.name) });
        const choice = {
          verb: accountVerbs.createContact,
          button: t('accounts.chat.contact.pick'),
          data: (hit: AccountHit) => ({ accountId: hit.accountId, contact: parsed.contact }),
        };
        return { card: accountListCard(title, found.hits, choice) };
      },
    },
  ];
}
