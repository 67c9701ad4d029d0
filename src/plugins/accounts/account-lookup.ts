// Finds the account a chat line names: the known name it begins with, through a contact's name, or the candidates its first words match.
import { normaliseAccountName } from './account-name';
import type { Actor } from '../../core/actor';
import { isAppError } from '../../core/errors';
import type { Account } from './account.schema';
import type { NameAtStart } from './account-at-start';
import { byName } from './account-index';
import type { AccountHit, AccountsService, ContactHit } from './accounts.service';
import { newAccountName, type TypedName } from './chat/typed-name.parser';

/** A pick-list stays short enough to read at a glance. */
export const pickListSize = 8;
/** Longer than any account name can be, so it names none. */
const maxNameLength = 200;
/** Contacts read per name search; names sharing a longer prefix sort before the exact one, so a few more than needed. */
const contactSearchSize = 50;

/**
 * `found`: the account, with the contacts named in the line that belong to it.
 * `partial`: one account whose name only begins with what was typed: confirm it before anything is written.
 * `several`: candidates to choose from; `contactName` when they are the accounts of contacts with that name.
 * `none`: no account or contact; `name` is the one to offer to create, without lead-in words, emoji or notes.
 * `rest` is what the line held after the account's name (notes, in a log line), as typed.
 */
export type AccountLookup =
  | { kind: 'found'; account: Account; contacts: ContactHit[]; rest: string }
  | { kind: 'partial'; hit: AccountHit; typed: string; rest: string }
  | { kind: 'several'; hits: AccountHit[]; typed: string; contactName?: string; rest: string }
  | { kind: 'none'; name: string; rest: string };

/** Who an activity was with, by name; a lone name may be an account's or a contact's. */
export interface NamedTarget {
  accountName?: string;
  contactName?: string;
}

/** One candidate is confirmed, never picked from a list of one; more are listed, the first `pickListSize`. */
const candidates = (hits: AccountHit[], typed: string, rest: string): AccountLookup =>
  hits.length === 1
    ? { kind: 'partial', hit: hits[0]!, typed, rest }
    : { kind: 'several', hits: [...hits].sort(byName).slice(0, pickListSize), typed, rest };

/** What follows a name in the line, without the separators between them. */
const restOf = (text: string) => text.replace(/^[\s,，;；:：。、]+/u, '').trim();

/**
 * Name resolution for chat commands, over the accounts service's point reads and index range queries.
 * @example const found = await createAccountLookup(accounts).forActivity(tenantId, { contactName: 'Ana Silva', accountName: 'Contoso' })
 */
export function createAccountLookup(accounts: AccountsService) {
  const sameName = (a: string, b: string) => normaliseAccountName(a) === normaliseAccountName(b);

  async function contactsNamed(tenantId: string, name: string, accountId?: string): Promise<ContactHit[]> {
    const hits = await accounts.searchContacts(tenantId, name, contactSearchSize, accountId);
    return hits.filter((hit) => sameName(hit.name, name));
  }

  /** The contact of an account with exactly this name; none when several share it, since linking one would be a guess. */
  async function contactIn(tenantId: string, accountId: string, name: string): Promise<ContactHit[]> {
    const hits = await contactsNamed(tenantId, name, accountId);
    return hits.length === 1 ? hits : [];
  }

  /** The account of a hit; `known` when it was already read (the claim of the whole text). */
  async function found(
    tenantId: string,
    hit: AccountHit,
    rest: string,
    contacts: ContactHit[] = [],
    known?: Account,
  ): Promise<AccountLookup> {
    const account = known?.id === hit.accountId ? known : (await accounts.getAccount(tenantId, hit.accountId)).value;
    return { kind: 'found', account, contacts, rest: restOf(rest) };
  }

  /**
   * The known account the text begins with, and the name to offer when none does. The text's own claim is read first:
   * an account named by the whole text (the usual `account Contoso`) is one point read, and found however many names
   * share its first words; only a text that is no name reads the ranges.
   */
  async function leading(tenantId: string, text: string): Promise<{ start?: NameAtStart; offer: TypedName; exact?: Account }> {
    const name = text.trim();
    if (name === '' || name.length > maxNameLength) return { offer: { name, rest: '' } };
    const exact = await accounts.findAccountByName(tenantId, name);
    if (exact) {
      const whole = {
        kind: 'whole' as const,
        hits: [{ accountId: exact.value.id, name: exact.value.name }],
        typed: name,
        rest: '',
        more: false,
      };
      return { start: whole, offer: newAccountName(name), exact: exact.value };
    }
    return { start: await accounts.accountsAtStart(tenantId, name), offer: newAccountName(name) };
  }

  return {
    contactIn,

    /** A create-offer click: the account with exactly this name, created now or by an earlier delivery of the same click. */
    async createNamed(actor: Actor, name: string): Promise<Account> {
      try {
        return (await accounts.createAccount(actor, { name })).value;
      } catch (error) {
        if (!isAppError(error, 'ALREADY_EXISTS')) throw error;
        const existing = await accounts.findAccountByName(actor.tenantId, name);
        if (!existing) throw error;
        return existing.value;
      }
    },

    /**
     * `account contoso ltd 🙂`, `new contact … at Contoso`: the longest known name the text begins with; else the
     * accounts a name of which begins with its first words (one of them `partial`), else the name to offer.
     */
    async byName(tenantId: string, text: string): Promise<AccountLookup> {
      const { start, offer, exact } = await leading(tenantId, text);
      if (!start) return { kind: 'none', ...offer };
      if (start.kind === 'whole' && start.hits.length === 1) return found(tenantId, start.hits[0]!, start.rest, [], exact);
      return candidates(start.hits, start.typed.trim(), restOf(start.rest));
    },

    /**
     * Forms and Save to CRM, where the name is typed on its own: the account with exactly this name (two point reads);
     * otherwise the accounts a prefix or pinyin matches, a single one to confirm, never a guess.
     */
    async exactly(tenantId: string, typed: string, limit = pickListSize): Promise<AccountLookup> {
      const name = typed.trim();
      if (name === '' || name.length > maxNameLength) return { kind: 'none', name, rest: '' };
      const exact = await accounts.findAccountByName(tenantId, name);
      if (exact) return { kind: 'found', account: exact.value, contacts: [], rest: '' };
      const hits = await accounts.searchAccounts(tenantId, name, limit);
      return hits.length === 0 ? { kind: 'none', name, rest: '' } : candidates(hits, name, '');
    },

    /**
     * Logging: the longest known account name the line begins with (the words after it are notes); else the account of
     * the contact with exactly this name (inside an account the typed account name begins, when both are given); else
     * the candidates, a single one to confirm, because nothing may be logged against a guessed account.
     */
    async forActivity(tenantId: string, target: NamedTarget): Promise<AccountLookup> {
      const { accountName, contactName } = target;
      const person = contactName ?? accountName ?? '';
      const [{ start, offer, exact }, named] = await Promise.all([leading(tenantId, accountName ?? ''), contactsNamed(tenantId, person)]);
      const rest = start ? start.rest : '';
      const wholeAccount = start?.kind === 'whole' && start.hits.length === 1 ? start.hits[0] : undefined;
      // An account named by the whole text comes first; a contact named by it before an account named by its first words.
      if (wholeAccount && (restOf(rest) === '' || contactName || named.length === 0)) {
        return found(
          tenantId,
          wholeAccount,
          rest,
          contactName ? await contactIn(tenantId, wholeAccount.accountId, contactName) : [],
          exact,
        );
      }
      const hits = start?.hits ?? [];
      const contacts =
        contactName && accountName ? named.filter((contact) => hits.some((hit) => hit.accountId === contact.accountId)) : named;
      const accountIds = [...new Set(contacts.map((contact) => contact.accountId))];
      // A contact named alone takes the whole name, so nothing of it is left for the notes.
      const contactRest = contactName ? rest : '';
      if (accountIds.length === 1) {
        const hit = { accountId: accountIds[0]!, name: contacts[0]!.accountName };
        return found(tenantId, hit, contactRest, contacts.length === 1 ? contacts : []);
      }
      if (accountIds.length > 1) {
        const byAccount = accountIds.slice(0, pickListSize).map((id) => contacts.find((contact) => contact.accountId === id)!);
        return {
          kind: 'several',
          hits: byAccount.map((contact) => ({ accountId: contact.accountId, name: contact.accountName })),
          typed: person,
          contactName: person,
          rest: restOf(contactRest),
        };
      }
      if (start) return candidates(hits, start.typed.trim(), restOf(rest));
      return { kind: 'none', ...offer };
    },
  };
}

export type AccountLookupService = ReturnType<typeof createAccountLookup>;
