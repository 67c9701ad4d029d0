// The accounts plugin 客户: accounts and contacts, their name and pinyin search, CSV import and export, REST and chat commands.
import { definePlugin } from '../../core/plugin';
import { peoplePlugin } from '../people';
import { accountLink } from './account-link';
import { accountEvents } from './account.events';
import { createAccountStore, recordAddress } from './account.store';
import { accountChangedEvent, createAccountViews } from './account.views';
import { accountSearchExtension } from './account-search.extension';
import { accountCardActions } from './accounts.actions';
import { accountsChatMessages } from './accounts-chat.messages';
import { accountCommands } from './accounts.commands';
import { accountsMessages } from './accounts.messages';
import { createAccountsRouter } from './accounts.routes';
import { createAccountsService } from './accounts.service.impl';
import type { AccountsService } from './accounts.service';
import { createContactStore } from './contact.store';
import { createCsvRouter } from './csv/csv.routes';
import { extensionMessages } from './extension.messages';
import { createBackgroundWork } from '../../core/background-work';
import { createImportStore } from './imports/import.store';
import { createImportsRouter } from './imports/imports.routes';
import { importErrors } from './imports/imports.errors';

export type { Account, AccountChanges, Consent, Contact, ContactChanges, NewAccount, NewContact } from './account.schema';
export { cuteRoles } from './account.schema';
export type { AccountCardSection, AccountFilters, AccountHit, AccountsService, BatchOutcome, ContactHit } from './accounts.service';
export type * from './accounts.api-types';
export { accountListCard, confirmAccountCard, createOfferCard } from './account-chat.cards';
export { confirmOneAccount, dismissAction } from './accounts.commands';
export { createAccountLookup, type AccountLookup, type NamedTarget } from './account-lookup';
export { accountLink } from './account-link';

/**
 * Logical tables, all in the plugin's one physical table `Accounts` (storage/logical-table.ts: every PartitionKey is
 * [tenant, logical name, ...]): account records and their names' own search rows (which claim the names), the pinyin
 * and initials rows and the views' footprints the projector keeps from the records' `account.changed` (account.views.ts),
 * contact records, every account's contact list and summary, and the contact search rows.
 */
export const accountTables = {
  records: 'Accounts',
  search: 'AccountSearch',
  keys: 'AccountKeys',
  views: 'AccountViews',
  contacts: 'Contacts',
  accountContacts: 'AccountContacts',
  contactSearch: 'ContactSearch',
} as const;

/** CSV imports as resources (imports/import.store.ts). */
const importTable = 'AccountImports';

export const accountsPlugin = definePlugin({
  id: 'accounts',
  dependsOn: { people: peoplePlugin },
  tables: [...Object.values(accountTables), importTable],
  errors: importErrors,
  events: accountEvents,
  messages: {
    en: { ...accountsMessages.en, ...extensionMessages.en, ...accountsChatMessages.en },
    'zh-CN': { ...accountsMessages['zh-CN'], ...extensionMessages['zh-CN'], ...accountsChatMessages['zh-CN'] },
  },
  setup({ table, services: { people }, clock, log, publicUrl, outbox, projections }) {
    const imports = createImportStore(table(importTable), clock);
    const accounts = createAccountStore(
      { accounts: table(accountTables.records), search: table(accountTables.search), keys: table(accountTables.keys) },
      clock,
      log,
      outbox,
      {
        // A pending claim of an import is in flight while that import runs and its heartbeat is fresh.
        async importAlive(tenantId, importId) {
          const found = await imports.get(tenantId, importId);
          return found !== undefined && found.value.state === 'running' && !imports.expired(found.value);
        },
      },
      (account) => projections.derivesFrom(accountChangedEvent, { ...account, version: 1 }),
    );
    const background = createBackgroundWork();
    const contacts = createContactStore(
      {
        contacts: table(accountTables.contacts),
        accountContacts: table(accountTables.accountContacts),
        search: table(accountTables.contactSearch),
      },
      clock,
      log,
    );
    const service: AccountsService = createAccountsService(
      accounts,
      contacts,
      people,
      log,
      (id) => accountLink(publicUrl, id),
      (tenantId) => projections.settled(tenantId),
    );
    return {
      service,
      commands: accountCommands(service),
      cardActions: accountCardActions(service),
      router: createAccountsRouter(
        service,
        createCsvRouter({ accounts: service, log }),
        createImportsRouter({ accounts: service, store: accounts, imports, access: people, background, log }),
      ),
      // Imports under way finish before the server stops; one cut short by a crash is reported interrupted.
      stop: () => background.idle(),
      ...accountSearchExtension(service, publicUrl),
      views: createAccountViews({
        records: accounts.records,
        views: table(accountTables.views),
        keys: table(accountTables.keys),
        recordAddress,
      }),
    };
  },
});
