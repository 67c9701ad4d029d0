// The accounts plugin 客户: accounts and contacts, their name and pinyin search, CSV import and export, REST and chat commands.
import { definePlugin } from '../../core/plugin';
import { createAccountStore } from './account.store';
import { accountCommands } from './accounts.commands';
import { accountsMessages } from './accounts.messages';
import { createAccountsRouter } from './accounts.routes';
import { createAccountsService } from './accounts.service.impl';
import type { AccountsService } from './accounts.service';
import { createContactStore } from './contact.store';
import { createCsvRouter } from './csv/csv.routes';

export type { Account, Contact, NewAccount, NewContact } from './account.schema';
export type { AccountCardSection, AccountHit, AccountsService, ContactHit } from './accounts.service';

export const accountsPlugin = definePlugin<AccountsService>({
  id: 'accounts',
  tables: ['Accounts', 'AccountNames', 'Contacts', 'AccountContacts', 'ContactSearch'],
  messages: accountsMessages,
  setup({ table, clock, log }) {
    const accounts = createAccountStore({ accounts: table('Accounts'), names: table('AccountNames') }, clock, log);
    const contacts = createContactStore({ contacts: table('Contacts'), accountContacts: table('AccountContacts'), search: table('ContactSearch') }, clock, log);
    const service = createAccountsService(accounts, contacts, log);
    return {
      service,
      commands: accountCommands(service),
      router: createAccountsRouter(service, createCsvRouter({ accounts: service, log })),
    };
  },
});
