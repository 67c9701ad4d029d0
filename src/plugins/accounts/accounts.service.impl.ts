// The accounts service: accounts and contacts stores behind the public contract, plus the account card and its sections.
import { mayView, outOfScope, type AccessDirectory } from '../../core/access';
import type { Actor } from '../../core/actor';
import type { Translate } from '../../core/i18n';
import type { Logger } from '../../core/logger';
import { nameAtStart } from './account-at-start';
import { createAccountsBatch, createContactsBatch } from './account-batch';
import type { AccountStore } from './account.store';
import { accountCard } from './accounts.cards';
import type { Account } from './account.schema';
import type { AccountCardSection, AccountsService } from './accounts.service';
import type { ContactStore } from './contact.store';

export function createAccountsService(
  accounts: AccountStore,
  contacts: ContactStore,
  access: AccessDirectory,
  log: Logger,
  /** The account's page in the home tab, for the card's button. */
  accountUrl: (accountId: string) => string,
  /** Waits for the derived search rows of the caller's own writes (the projector's `settled`). */
  settled: (tenantId: string) => Promise<void>,
): AccountsService {
  const sections: AccountCardSection[] = [];
  const accountName = async (tenantId: string, accountId: string) => (await accounts.get(tenantId, accountId)).value.name;

  return {
    createAccount: (actor, input) => accounts.create(actor, input),
    importAccounts: (actor, inputs, options) => createAccountsBatch(accounts, log, actor, inputs, options),
    getAccount: (tenantId, id) => accounts.get(tenantId, id),
    async updateAccount(actor, id, changes, etag) {
      const before = await accounts.get(actor.tenantId, id);
      const stored = await accounts.update(actor, id, changes, etag);
      if (stored.value.name !== before.value.name) await contacts.renameAccount(actor.tenantId, id, stored.value.name);
      return stored;
    },
    async listAccounts(viewer, filters, request) {
      const visibility = await access.visibility(viewer);
      if (visibility.everyone) return accounts.list(viewer.tenantId, filters, request);
      if (filters.ownerId === undefined) return accounts.list(viewer.tenantId, filters, request, visibility.ownerIds);
      if (!mayView(visibility, filters.ownerId)) throw outOfScope(filters.ownerId);
      return accounts.list(viewer.tenantId, filters, request);
    },
    async findAccountByName(tenantId, name) {
      await settled(tenantId);
      return accounts.findByName(tenantId, name);
    },
    async searchAccounts(tenantId, prefix, limit) {
      await settled(tenantId);
      return accounts.index.searchByPrefix(tenantId, prefix, limit);
    },
    async accountsAtStart(tenantId, text) {
      await settled(tenantId);
      return nameAtStart((key, pageSize) => accounts.index.pageByPrefix(tenantId, key, pageSize), text);
    },
    async findAccounts(tenantId, terms, limit) {
      await settled(tenantId);
      return accounts.index.findByTerms(tenantId, terms, limit);
    },

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
    async searchContacts(tenantId, prefix, limit, accountId) {
      await settled(tenantId);
      return contacts.search(tenantId, prefix, limit, accountId);
    },

    addCardSection(section) {
      if (sections.some((s) => s.id === section.id)) throw new Error(`Account card section "${section.id}" is registered twice`);
      sections.push(section);
      sections.sort((a, b) => a.order - b.order);
    },

    async accountCard(actor: Actor, t: Translate, account: Account) {
      // Point reads only (the contacts summary, the parent), so the card stays fast however big the tenant is.
      const [summary, parentName, extra] = await Promise.all([
        contacts.summary(actor.tenantId, account.id),
        account.parentAccountId
          ? accounts.findById(actor.tenantId, account.parentAccountId).then((parent) => parent?.value.name)
          : undefined,
        Promise.all(sections.map((section) => section.render({ account, actor, t }))),
      ]);
      return accountCard(t, {
        account,
        parentName,
        contacts: summary.first,
        contactCount: summary.count,
        sections: extra.flat(),
        url: accountUrl(account.id),
      });
    },
  };
}
