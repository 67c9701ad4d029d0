// The accounts plugin 客户: account records, their name index, REST and chat commands.
import { definePlugin } from '../../core/plugin';
import { accountCommands } from './accounts.commands';
import { accountsMessages } from './accounts.messages';
import { createAccountsRouter } from './accounts.routes';
import { createAccountStore, type AccountStore } from './accounts.store';

export type { Account, NewAccount } from './account.schema';
export type { AccountStore } from './accounts.store';

export const accountsPlugin = definePlugin<AccountStore>({
  id: 'accounts',
  tables: ['Accounts', 'AccountNames'],
  messages: accountsMessages,
  setup({ table, clock, log }) {
    const store = createAccountStore({ accounts: table('Accounts'), names: table('AccountNames') }, clock, log);
    return { service: store, commands: accountCommands(store), router: createAccountsRouter(store) };
  },
});
