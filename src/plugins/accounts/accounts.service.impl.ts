// The accounts service: accounts and contacts stores behind the public contract, plus the account card and its sections.
import type { Actor } from '../../core/actor';
import type { Translate } from '../../core/i18n';
import type { Logger } from '../../core/logger';
import { createAccountsBatch, createContactsBatch } from './account-batch';
import type { AccountStore } from './account.store';
import { accountCard } from './accounts.cards';
import type { Account } from './account.schema';
import type { AccountCardSection, AccountsService } from './accounts.service';
import type { ContactStore } from './contact.store';

/** How many contacts the account card lists before it says how many more there are. */
const cardContacts = 12;

export function createAccountsService(accounts: AccountStore, contacts: ContactStore, log: Logger): AccountsService {
  const sections: AccountCardSection[] = [];
  const accountName = async (tenantId: string, accountId: string) => (await accounts.get(tenantId, accountId)).value.name;

  return {
    createAccount: (actor, input) => accounts.create(actor, input),
    importAccounts: (actor, inputs) => createAccountsBatch(accounts, log, actor, inputs),
    getAccount: (tenantId, id) => accounts.get(tenantId, id),
    async updateAccount(actor, id, changes, etag) {
      const before = await accounts.get(actor.tenantId, id);
      const stored = await accounts.update(actor, id, changes, etag);
      if (stored.value.name !== before.value.name) await contacts.renameAccount(actor.tenantId, id, stored.value.name);
      return stored;
    },
    listAccounts: (tenantId, filters, request) => accounts.list(tenantId, filters, request),
    findAccountByName: (tenantId, name) => accounts.findByName(tenantId, name),
    searchAccounts: (tenantId, prefix, limit) => accounts.index.searchByPrefix(tenantId, prefix, limit),
    findAccounts: (tenantId, terms, limit) => accounts.index.findByTerms(tenantId, terms, limit),

    async createContact(actor, input) {
      return contacts.create(actor, input, await accountName(actor.tenantId, input.accountId));
    },
    importContacts: (actor, inputs) => createContactsBatch({ contacts, accountName }, actor, inputs),
    getContact: (tenantId, id) => contacts.get(tenantId, id),
    async updateContact(actor, id, changes, etag) {
      const current = await contacts.get(actor.tenantId, id);
      return contacts.update(actor, id, changes, etag, await accountName(actor.tenantId, current.value.accountId));
    },
    async listContacts(tenantId, accountId, request) {
      await accounts.get(tenantId, accountId);
      return contacts.listForAccount(tenantId, accountId, request);
    },
    searchContacts: (tenantId, prefix, limit, accountId) => contacts.search(tenantId, prefix, limit, accountId),

    addCardSection(section) {
      if (sections.some((s) => s.id === section.id)) throw new Error(`Account card section "${section.id}" is registered twice`);
      sections.push(section);
      sections.sort((a, b) => a.order - b.order);
    },

    async accountCard(actor: Actor, t: Translate, account: Account) {
      const [page, parent, extra] = await Promise.all([
        contacts.listForAccount(actor.tenantId, account.id, { pageSize: 100 }),
        account.parentAccountId ? accounts.get(actor.tenantId, account.parentAccountId).then((p) => p.value.name, () => undefined) : undefined,
        Promise.all(sections.map((section) => section.render({ account, actor, t }))),
      ]);
      const listed = page.items.map((item) => item.value);
      return accountCard(t, { account, parentName: parent, contacts: listed.slice(0, cardContacts), moreContacts: Math.max(0, listed.length - cardContacts) + (page.continuationToken ? 1 : 0), sections: extra.flat() });
    },
  };
}
