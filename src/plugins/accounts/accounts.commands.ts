// Chat commands of the accounts plugin: look up an account (客户) and create one (新建客户).
import type { BotCommand } from '../../core/plugin';
import { accountCard } from './accounts.cards';
import type { AccountStore } from './accounts.store';

const pickListSize = 5;

export function accountCommands(store: AccountStore): BotCommand[] {
  return [
    {
      name: 'account.show',
      triggers: { en: ['account', 'show account'], 'zh-CN': ['客户', '查看客户'] },
      usage: 'help.show',
      example: 'help.showExample',
      async run({ actor, t, args }) {
        if (!args) return { text: t('accounts.reply.nameMissing', { example: t('accounts.help.showExample') }) };
        const exact = await store.findByName(actor.tenantId, args);
        if (exact) return { card: accountCard(exact.value, t) };
        const matches = await store.searchByName(actor.tenantId, args, pickListSize);
        if (matches.length === 1) return { card: accountCard((await store.get(actor.tenantId, matches[0]!.accountId)).value, t) };
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
        const created = await store.create(actor, { name: args });
        return { text: t('accounts.reply.created', { name: created.value.name }), card: accountCard(created.value, t) };
      },
    },
  ];
}
