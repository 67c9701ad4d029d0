// Finds the account a chat line names: by its exact name, through a contact's name, or the candidates a prefix or pinyin matches.
import { normaliseAccountName } from './account-name';
import type { Actor } from '../../core/actor';
import { AppError } from '../../core/errors';
import type { Account } from './account.schema';
import type { AccountHit, AccountsService, ContactHit } from './accounts.service';

/** A pick-list stays short enough to read at a glance. */
export const pickListSize = 8;
/** Longer than any account name can be, so it names none. */
const maxNameLength = 200;
/** Contacts read per name search; names sharing a longer prefix sort before the exact one, so a few more than needed. */
const contactSearchSize = 50;

/**
 * `found`: the account, with the contacts named in the line that belong to it.
 * `several`: candidates to choose from; `contactName` when they are the accounts of contacts with that name.
 */
export type AccountLookup =
  | { kind: 'found'; account: Account; contacts: ContactHit[] }
  | { kind: 'several'; hits: AccountHit[]; contactName?: string }
  | { kind: 'none' };

/** Who an activity was with, by name; a lone name may be an account's or a contact's. */
export interface NamedTarget {
  accountName?: string;
  contactName?: string;
}

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

  return {
    contactIn,

    /** A create-offer click: the account with exactly this name, created now or by an earlier delivery of the same click. */
    async createNamed(actor: Actor, name: string): Promise<Account> {
      try {
        return (await accounts.createAccount(actor, { name })).value;
      } catch (error) {
        if (!(error instanceof AppError && error.code === 'ALREADY_EXISTS')) throw error;
        const existing = await accounts.findAccountByName(actor.tenantId, name);
        if (!existing) throw error;
        return existing.value;
      }
    },

    /** `account Contoso`, `new contact … at Contoso`: the exact name, else the only account a prefix or pinyin matches. */
    async byName(tenantId: string, name: string): Promise<AccountLookup> {
      const exact = await accounts.findAccountByName(tenantId, name);
      if (exact) return { kind: 'found', account: exact.value, contacts: [] };
      const hits = await accounts.searchAccounts(tenantId, name, pickListSize);
      if (hits.length === 1) return { kind: 'found', account: (await accounts.getAccount(tenantId, hits[0]!.accountId)).value, contacts: [] };
      return hits.length > 1 ? { kind: 'several', hits } : { kind: 'none' };
    },

    /**
     * Forms and Save to CRM, where the name is typed on its own: the account with exactly this name (two point reads);
     * otherwise every account a prefix or pinyin matches, even a single one, as a candidate and never a guess.
     */
    async exactly(tenantId: string, typed: string, candidates = pickListSize): Promise<AccountLookup> {
      const name = typed.trim();
      if (name === '' || name.length > maxNameLength) return { kind: 'none' };
      const exact = await accounts.findAccountByName(tenantId, name);
      if (exact) return { kind: 'found', account: exact.value, contacts: [] };
      const hits = await accounts.searchAccounts(tenantId, name, candidates);
      return hits.length === 0 ? { kind: 'none' } : { kind: 'several', hits };
    },

    /**
     * Logging: the account with exactly this name; else the account of the contact with exactly this name (inside an
     * account the typed account name matches, when both are given); else every candidate, even a single one, because
     * nothing may be logged against a guessed account.
     */
    async forActivity(tenantId: string, target: NamedTarget): Promise<AccountLookup> {
      const { accountName, contactName } = target;
      if (accountName) {
        const exact = await accounts.findAccountByName(tenantId, accountName);
        if (exact) return { kind: 'found', account: exact.value, contacts: contactName ? await contactIn(tenantId, exact.value.id, contactName) : [] };
      }
      const person = contactName ?? accountName ?? '';
      const [named, hits] = await Promise.all([contactsNamed(tenantId, person), accounts.searchAccounts(tenantId, accountName ?? person, pickListSize)]);
      const contacts = contactName && accountName ? named.filter((contact) => hits.some((hit) => hit.accountId === contact.accountId)) : named;
      const accountIds = [...new Set(contacts.map((contact) => contact.accountId))];
      if (accountIds.length === 1) {
        const account = (await accounts.getAccount(tenantId, accountIds[0]!)).value;
        return { kind: 'found', account, contacts: contacts.length === 1 ? contacts : [] };
      }
      if (accountIds.length > 1) {
        const byAccount = accountIds.slice(0, pickListSize).map((id) => contacts.find((contact) => contact.accountId === id)!);
        return { kind: 'several', hits: byAccount.map((contact) => ({ accountId: contact.accountId, name: contact.accountName })), contactName: person };
      }
      return hits.length > 0 ? { kind: 'several', hits } : { kind: 'none' };
    },
  };
}

export type AccountLookupService = ReturnType<typeof createAccountLookup>;
