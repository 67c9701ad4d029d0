// Chat commands of the accounts plugin: look up an account (客户) and create one (新建客户).
import type { BotCommand } from '../../core/plugin';
import type { AccountsService } from './accounts.service';

const pickListSize = 5;

export function accountCommands(accounts: AccountsService): BotCommand[] {
  return [
    {
      name: 'account.show',
      triggers: { en: ['account', 'show account'], 'zh-CN': ['客户', '查看客户'] },
      usage: 'help.show',
      example: 'help.showExample',
      async run({ actor, t, args }) {
        if (!args) return { text: t('accounts.reply.nameMissing', { example: t('accounts.help.showExample') }) };
        const exact = await accounts.findAccountByName(actor.tenantId, args);
        if (exact) return { card: await accounts.accountCard(actor, t, exact.value) };
        const matches = await accounts.searchAccounts(actor.tenantId, args, pickListSize);
        if (matches.length === 1) return { card: await accounts.accountCard(actor, t, (await accounts.getAccount(actor.tenantId, matches[0]!.accountId)).value) };
        if (matches.length > 1) return { text: t('accounts.reply.several', { name: args, names: matches.map((m) => m.name).join(', ') }) };
        return { text: t('accounts.reply.notFound', { name: args }) };
      },
    },
    {
      name: 'account.create',
      triggers: { en: ['new account', 'create account'], 'zh-CN': ['新建客户', '新客户'] },
      usage: 'help.create',
      example: 'help.createExample',
      async run({ actor, t, args }) {
        if (!args) return { text: t('accounts.reply.nameMissing', { example: t('accounts.help.createExample') }) };
        const created = await accounts.createAccount(actor, { name: args });
        return { text: t('accounts.reply.created', { name: created.value.name }), card: await accounts.accountCard(actor, t, created.value) };
      },
    },
  ];
}
