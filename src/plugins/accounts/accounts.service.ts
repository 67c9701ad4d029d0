// The accounts plugin's public service: what other plugins (activities, pipeline, cases) may call.
import type { Actor } from '../../core/actor';
import type { Translate } from '../../core/i18n';
import type { CardElement } from '../../cards/adaptive-card';
import type { Page, PageRequest, Stored } from '../../storage/repository';
import type { NameAtStart } from './account-at-start';
import type { Account, AccountChanges, Contact, ContactChanges, NewAccount, NewContact } from './account.schema';

/** One account found by name, pinyin or terms: enough for a pick-list or a search result, read from the index. */
export interface AccountHit {
  accountId: string;
  name: string;
  industry?: string;
  region?: string;
  ownerName?: string;
}

export interface ContactHit {
  contactId: string;
  accountId: string;
  name: string;
  title?: string;
  accountName: string;
  cuteRole?: Contact['cuteRole'];
}

export interface AccountFilters {
  industry?: string;
  region?: string;
  ownerId?: string;
  type?: Account['type'];
  team?: string;
  tag?: string;
}

/**
 * Other plugins add sections to the account card (recent activities, open opportunities, cases)
 * without the accounts plugin knowing them.
 * @example accounts.addCardSection({ id: 'activities', order: 20, render: async ({ account, actor, t }) => [...] })
 */
export interface AccountCardSection {
  id: string;
  /** Lower first. */
  order: number;
  render(input: { account: Account; actor: Actor; t: Translate }): Promise<CardElement[]>;
}

/** The result of one input of a batch: stored, or refused with its own error. */
export type BatchOutcome<T> = { ok: true; stored: Stored<T> } | { ok: false; error: unknown };

export interface AccountsService {
  createAccount(actor: Actor, input: NewAccount): Promise<Stored<Account>>;
  /**
   * Creates up to 10,000 accounts in a few transactions (imports). One outcome per input, in order: invalid
   * inputs and names already taken (stored, or earlier in the batch) fail alone; nothing is half written.
   */
  importAccounts(actor: Actor, inputs: readonly NewAccount[], options?: { importId?: string }): Promise<BatchOutcome<Account>[]>;
  /** NOT_FOUND when the tenant has no such account. */
  getAccount(tenantId: string, id: string): Promise<Stored<Account>>;
  /** Applies `changes` only to the version with `etag`; a stale ETag is CONFLICT. */
  updateAccount(actor: Actor, id: string, changes: AccountChanges, etag: string): Promise<Stored<Account>>;
  /**
   * The accounts `viewer` may see (access.ts: their own, their teams', or all for an admin), filtered. An `ownerId`
   * filter naming someone outside their reach is OUT_OF_SCOPE.
   */
  listAccounts(viewer: Actor, filters: AccountFilters, request: PageRequest): Promise<Page<Account>>;
  /** The account whose name matches after normalisation (case, width, accents, spaces), if any. */
  findAccountByName(tenantId: string, name: string): Promise<Stored<Account> | undefined>;
  /** Accounts whose name, or its pinyin, starts with `prefix`; never scans the accounts table. */
  searchAccounts(tenantId: string, prefix: string, limit: number): Promise<AccountHit[]>;
  /**
   * The known account a chat line begins with (`contoso ltd discussed pricing`): the longest name, pinyin or initials
   * that is a whole start of the line, else the accounts whose name begins with its longest leading words. Prefix
   * ranges of the name index only; a few reads however large the tenant.
   */
  accountsAtStart(tenantId: string, text: string): Promise<NameAtStart | undefined>;
  /** `find accounts retail shanghai`: every term must match the name prefix, industry, region or a tag. */
  findAccounts(tenantId: string, terms: string[], limit: number): Promise<AccountHit[]>;

  createContact(actor: Actor, input: NewContact): Promise<Stored<Contact>>;
  /** Creates up to 10,000 contacts in a few transactions (imports); one outcome per input, in order. */
  importContacts(actor: Actor, inputs: readonly NewContact[]): Promise<BatchOutcome<Contact>[]>;
  getContact(tenantId: string, id: string): Promise<Stored<Contact>>;
  updateContact(actor: Actor, id: string, changes: ContactChanges, etag: string): Promise<Stored<Contact>>;
  /** An account's contacts, in name order. */
  listContacts(tenantId: string, accountId: string, request: PageRequest): Promise<Page<Contact>>;
  /** Contacts whose name, or its pinyin, starts with `prefix`, optionally inside one account. */
  searchContacts(tenantId: string, prefix: string, limit: number, accountId?: string): Promise<ContactHit[]>;

  addCardSection(section: AccountCardSection): void;
  /** The account card: facts, contacts with CUTE roles, then every registered section. */
  accountCard(actor: Actor, t: Translate, account: Account): Promise<Record<string, unknown>>;
}
