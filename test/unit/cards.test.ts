// Every card the product sends parses at schema 1.5 without errors or warnings.
import { describe, expect, it } from 'vitest';
import { adaptiveCard, plain } from '../../src/cards/adaptive-card';
import { errorCard, helpCard, welcomeCard } from '../../src/cards/message.cards';
import { coreMessages } from '../../src/core/core.messages';
import { I18n, locales } from '../../src/core/i18n';
import { plugins } from '../../src/plugins';
import { accountCard, cardContactLimit } from '../../src/plugins/accounts/accounts.cards';
import { accountCommands } from '../../src/plugins/accounts/accounts.commands';
import type { AccountsService } from '../../src/plugins/accounts';
import { cardProblems, expectValidCard } from '../fixtures/cards';

const i18n = new I18n();
i18n.add('core', coreMessages);
for (const plugin of plugins) i18n.add(plugin.id, plugin.messages);

describe.each(locales)('cards in %s', (locale) => {
  const t = i18n.translator(locale);

  it('welcome, help and error cards are valid', () => {
    const commands = accountCommands({} as AccountsService).map((command) => ({ pluginId: 'accounts', command }));
    expectValidCard(welcomeCard(t));
    expectValidCard(helpCard(t, commands));
    expectValidCard(errorCard(t, 'Something failed'));
  });

  it('the account card is valid, sparse or full, with markdown characters in the name', () => {
    const base = {
      id: '3f1c0c7e-3b9a-4a43-9a55-2d8f3c1b8e11',
      ownerId: 'u1',
      ownerName: 'Ana Silva',
      createdAt: '2026-11-23T09:00:00.000Z',
      updatedAt: '2026-11-23T09:00:00.000Z',
      tags: [],
      consent: { phone: false, email: false, mail: false, sms: false },
    };
    const url = 'https://crm.example.com/tabs/home/index.html?account=a1';
    expectValidCard(
      accountCard(t, { account: { ...base, name: 'Contoso', type: 'enterprise' }, contacts: [], contactCount: 0, sections: [], url }),
    );
    const full = {
      ...base,
      name: '*Contoso* [Ltd] 中国 🚀',
      type: 'government' as const,
      industry: 'Retail',
      region: '上海',
      size: 'large' as const,
      team: 'East',
      preferredChannel: 'wechat' as const,
      consent: { phone: true, email: true, mail: false, sms: false },
      website: 'https://contoso.example.com',
      phone: '+86 21 5555 0100',
      address: '上海市浦东新区世纪大道 100 号',
      tags: ['vip', '重点'],
    };
    const roles = ['coach', 'user', 'technical', 'economic'] as const;
    const contacts = Array.from({ length: 40 }, (_, i) => ({
      name: `李雷 *${i}* [Lei]`,
      title: 'Chief Financial Officer 首席财务官',
      cuteRole: roles[i % roles.length],
    }));
    const card = accountCard(t, { account: full, parentName: 'Contoso Group', contacts, contactCount: 40, sections: [], url });
    expectValidCard(card);
    expect(card.actions).toEqual([{ type: 'Action.OpenUrl', title: t('accounts.card.open'), url }]);
    expect(JSON.stringify(card)).toContain(t('accounts.card.moreContacts', { count: 40 - cardContactLimit }));
    expect(JSON.stringify(card)).toContain(t('accounts.cute.economic'));
  });
});

describe('card checks', () => {
  it('report an element the 1.5 schema does not know', () => {
    expect(cardProblems({ type: 'AdaptiveCard', version: '1.5', body: [{ type: 'Carousel', pages: [] }] }).length).toBeGreaterThan(0);
  });

  it('refuse to build a card over 28 KB', () => {
    expect(() => adaptiveCard([{ type: 'TextBlock', text: 'x'.repeat(29 * 1024) }])).toThrow(/28672/);
  });
});

describe('plain', () => {
  it('escapes what would start Markdown and sends ordinary punctuation as it is', () => {
    expect(plain('Contract signed (won) · 58 days (limit 30)')).toBe('Contract signed (won) · 58 days (limit 30)');
    expect(plain('*Big* deal_2 [draft] `x` ~y~')).toBe('\\*Big\\* deal\\_2 \\[draft\\] \\`x\\` \\~y\\~');
    expect(plain('- not a list\n# not a heading\n1. not numbered')).toBe('\\- not a list\n\\# not a heading\n1\\. not numbered');
    expect(plain('C:\\data')).toBe('C:\\\\data');
  });
});
