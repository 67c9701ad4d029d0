// Search over the name indexes only (prefixes in any case, width or script, pinyin and initials, terms, contacts), and writes that fail half-way.
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/core/clock';
import { createLogger } from '../../src/core/logger';
import { accountTables, type AccountsService } from '../../src/plugins/accounts';
import { accountEvents } from '../../src/plugins/accounts/account.events';
import { createAccountStore, recordPartition } from '../../src/plugins/accounts/account.store';
import { pageSearch } from '../../src/plugins/accounts/search-page';
import { createContactStore } from '../../src/plugins/accounts/contact.store';
import { partitionKeyOf, type LogicalTable } from '../../src/storage/logical-table';
import { makeAccount, makeContact } from '../fixtures/accounts';
import { outboxWithoutSubscribers } from '../fixtures/events';
import { newTenantId } from '../fixtures/server';
import { actorIn, loadServices } from '../fixtures/services';
import { openLogicalTable } from '../fixtures/tables';

let accounts: AccountsService;
beforeAll(async () => {
  accounts = (await loadServices()).services.accounts as AccountsService;
});

async function tenantWith(...names: string[]) {
  const actor = actorIn(newTenantId());
  const created = [];
  for (const name of names) created.push(await accounts.createAccount(actor, makeAccount({ name })));
  return { actor, tenantId: actor.tenantId, created };
}

const names = (hits: { name: string }[]) => hits.map((hit) => hit.name);

describe('searchAccounts', () => {
  it.each(['zhong', 'zhongguo', 'ZGYD', 'zg', '中国', '中国yi', 'Zhongguoyidong'])('finds 中国移动 by %j', async (prefix) => {
    const { tenantId } = await tenantWith('中国移动', 'Contoso');
    expect(names(await accounts.searchAccounts(tenantId, prefix, 10))).toEqual(['中国移动']);
  });

  it('returns an account found by its name and by its pinyin once', async () => {
    const { tenantId } = await tenantWith('中国移动', 'Zeta Corp');
    expect(names(await accounts.searchAccounts(tenantId, 'z', 10))).toEqual(['Zeta Corp', '中国移动']);
  });

  it('returns matches in name order, a name before the longer names it starts', async () => {
    const { tenantId } = await tenantWith('alpha b', 'Delta', 'Alpha 2', 'ALPHA', 'Beta', 'Alphabet');
    expect(names(await accounts.searchAccounts(tenantId, 'ａｌ', 10))).toEqual(['ALPHA', 'Alpha 2', 'alpha b', 'Alphabet']);
  });

  it('returns at most `limit` accounts, the first in name order', async () => {
    const { tenantId } = await tenantWith('Gamma 3', 'Gamma 1', 'Gamma 4', 'Gamma 2');
    expect(names(await accounts.searchAccounts(tenantId, 'gamma', 2))).toEqual(['Gamma 1', 'Gamma 2']);
  });

  it('pages one bucket in key order, every row once', async () => {
    const actor = actorIn(newTenantId());
    const written = Array.from({ length: 30 }, (_, i) => `Bucketmate ${String(i).padStart(2, '0')}`);
    const outcomes = await accounts.importAccounts(
      actor,
      [...written].reverse().map((name) => makeAccount({ name })),
    );
    expect(outcomes.every((outcome) => outcome.ok)).toBe(true);
    const [records, search, keys] = await Promise.all(
      [accountTables.records, accountTables.search, accountTables.keys].map((name) => openLogicalTable('accounts', name)),
    );
    const store = createAccountStore(
      { accounts: records!, search: search!, keys: keys! },
      systemClock,
      createLogger('silent'),
      await outboxWithoutSubscribers('accounts', accountEvents),
    );
    const seen: string[] = [];
    let continuationToken: string | undefined;
    do {
      const page = await pageSearch(store.index.search, actor.tenantId, 'bucketmate', { pageSize: 4, continuationToken });
      expect(page.items.length).toBeLessThanOrEqual(4);
      seen.push(...page.items.map((item) => item.value.name));
      continuationToken = page.continuationToken;
    } while (continuationToken);
    expect(seen).toEqual(written);
    expect(names(await accounts.searchAccounts(actor.tenantId, 'buc', 3))).toEqual(written.slice(0, 3));
  });

  it('reads the index, not the account records', async () => {
    const { tenantId, created } = await tenantWith('Indexed Only Ltd');
    const records = await openLogicalTable('accounts', accountTables.records);
    const { id } = created[0]!.value;
    const partitionKey = partitionKeyOf(records, tenantId, recordPartition(id));
    await records.client.deleteEntity(partitionKey, id);
    await expect(accounts.getAccount(tenantId, id)).rejects.toThrow();
    expect(await accounts.searchAccounts(tenantId, 'indexed', 5)).toEqual([
      { accountId: created[0]!.value.id, name: 'Indexed Only Ltd', industry: 'Retail', region: 'Shanghai', ownerName: 'Ana Silva' },
    ]);
  });

  it('follows a rename: the new name and its pinyin are found, the old one is not', async () => {
    const { actor, tenantId, created } = await tenantWith('Old Name Ltd');
    await accounts.updateAccount(actor, created[0]!.value.id, { name: '新名称' }, created[0]!.etag);
    expect(names(await accounts.searchAccounts(tenantId, 'xin', 5))).toEqual(['新名称']);
    expect(await accounts.searchAccounts(tenantId, 'old', 5)).toEqual([]);
  });

  it("never shows another tenant's accounts", async () => {
    await tenantWith('Tenant A Secret');
    const { tenantId } = await tenantWith('Tenant B');
    expect(names(await accounts.searchAccounts(tenantId, 'tenant', 5))).toEqual(['Tenant B']);
  });
});

describe('findAccounts', () => {
  async function segmented() {
    const actor = actorIn(newTenantId());
    const add = (name: string, industry: string, region: string, tags: string[] = []) =>
      accounts.createAccount(actor, makeAccount({ name, industry, region, tags }));
    await add('Contoso', 'Retail', 'Shanghai', ['VIP']);
    await add('Fabrikam', 'Retail', 'Beijing');
    await add('Northwind', 'Energy', 'Shanghai', ['vip']);
    await add('中国移动', 'Telecom', '北京', ['重点']);
    return actor.tenantId;
  }

  it('needs every term to match the industry, region, a tag or the start of the name', async () => {
    const tenantId = await segmented();
    expect(names(await accounts.findAccounts(tenantId, ['retail', 'SHANGHAI'], 10))).toEqual(['Contoso']);
    expect(names(await accounts.findAccounts(tenantId, ['vip'], 10))).toEqual(['Contoso', 'Northwind']);
    expect(names(await accounts.findAccounts(tenantId, ['north', 'shanghai'], 10))).toEqual(['Northwind']);
    expect(names(await accounts.findAccounts(tenantId, ['重点', '北京', 'zgyd'], 10))).toEqual(['中国移动']);
  });

  it('finds nothing when one term matches nothing', async () => {
    const tenantId = await segmented();
    expect(await accounts.findAccounts(tenantId, ['retail', 'mars'], 10)).toEqual([]);
  });

  it('checks terms beyond those the storage filter can hold', async () => {
    const tenantId = await segmented();
    expect(names(await accounts.findAccounts(tenantId, ['retail', 'shanghai', 'vip', 'contoso', 'con'], 10))).toEqual(['Contoso']);
    expect(await accounts.findAccounts(tenantId, ['retail', 'shanghai', 'vip', 'contoso', 'beijing'], 10)).toEqual([]);
  });
});

describe('searchContacts', () => {
  it("finds a contact by name, pinyin and initials, with its account's name", async () => {
    const { actor, tenantId, created } = await tenantWith('中国移动');
    await accounts.createContact(actor, makeContact(created[0]!.value.id, { name: '李雷', cuteRole: 'economic' }));
    for (const prefix of ['李', 'li', 'lilei', 'LL']) {
      const hits = await accounts.searchContacts(tenantId, prefix, 5);
      expect(
        hits.map((hit) => [hit.name, hit.accountName, hit.cuteRole]),
        prefix,
      ).toEqual([['李雷', '中国移动', 'economic']]);
    }
  });

  it('searches inside one account when asked', async () => {
    const { actor, tenantId, created } = await tenantWith('Contoso', 'Fabrikam');
    await accounts.createContact(actor, makeContact(created[0]!.value.id, { name: 'Ana Silva' }));
    await accounts.createContact(actor, makeContact(created[1]!.value.id, { name: 'Ana Costa' }));
    expect(names(await accounts.searchContacts(tenantId, 'ana', 5))).toEqual(['Ana Costa', 'Ana Silva']);
    expect(names(await accounts.searchContacts(tenantId, 'ana', 5, created[1]!.value.id))).toEqual(['Ana Costa']);
  });

  it("shows the account's new name after the account is renamed", async () => {
    const { actor, tenantId, created } = await tenantWith('Before Ltd');
    await accounts.createContact(actor, makeContact(created[0]!.value.id, { name: 'Mei Lin' }));
    await accounts.updateAccount(actor, created[0]!.value.id, { name: 'After Ltd' }, created[0]!.etag);
    expect((await accounts.searchContacts(tenantId, 'mei', 5)).map((hit) => hit.accountName)).toEqual(['After Ltd']);
  });
});

describe('contacts of an account', () => {
  it('lists them in name order across pages', async () => {
    const { actor, tenantId, created } = await tenantWith('Paged Ltd');
    for (const name of ['Wu', 'anna', 'Ann', 'Zhao', '李雷', 'Bo'])
      await accounts.createContact(actor, makeContact(created[0]!.value.id, { name }));
    const first = await accounts.listContacts(tenantId, created[0]!.value.id, { pageSize: 4 });
    const second = await accounts.listContacts(tenantId, created[0]!.value.id, { pageSize: 4, continuationToken: first.continuationToken });
    expect([...first.items, ...second.items].map((item) => item.value.name)).toEqual(['Ann', 'anna', 'Bo', 'Wu', 'Zhao', '李雷']);
  });

  it('counts contacts imported into an account that already has some', async () => {
    const { actor, created } = await tenantWith('Import Ltd');
    const accountId = created[0]!.value.id;
    await accounts.createContact(actor, makeContact(accountId, { name: 'First' }));
    const outcomes = await accounts.importContacts(
      actor,
      Array.from({ length: 13 }, (_, i) => makeContact(accountId, { name: `Imported ${String(i).padStart(2, '0')}` })),
    );
    expect(outcomes.every((outcome) => outcome.ok)).toBe(true);
    const card = JSON.stringify(
      await accounts.accountCard(actor, (key, params) => `${key}${JSON.stringify(params ?? {})}`, created[0]!.value),
    );
    expect(card).toContain('First');
    expect(card).toContain('accounts.card.moreContacts{\\"count\\":2}');
  });

  it("keep the account card's first contacts right when one of them is renamed to the end", async () => {
    const { actor, created } = await tenantWith('Card Ltd');
    const contacts = [];
    for (let i = 1; i <= 14; i += 1)
      contacts.push(
        await accounts.createContact(actor, makeContact(created[0]!.value.id, { name: `Contact ${String(i).padStart(2, '0')}` })),
      );
    await accounts.updateContact(actor, contacts[0]!.value.id, { name: 'Zed' }, contacts[0]!.etag);
    const card = JSON.stringify(
      await accounts.accountCard(actor, (key, params) => `${key}${JSON.stringify(params ?? {})}`, created[0]!.value),
    );
    expect(card).toContain('Contact 13');
    expect(card).not.toContain('Contact 14');
    expect(card).not.toContain('Zed');
    expect(card).toContain('accounts.card.moreContacts{\\"count\\":2}');
  });
});

describe('a write that fails half-way', () => {
  /** The real table, except that every transaction fails as if the service had gone away. */
  const failingTransactions = (table: LogicalTable): LogicalTable => ({
    ...table,
    client: failingClient(table.client),
  });
  const failingClient = (table: LogicalTable['client']): LogicalTable['client'] =>
    new Proxy(table, {
      get: (target, property, receiver) =>
        // Transactions and upserts: a contact's search rows go in transactions, an account's claim is confirmed by an upsert.
        property === 'submitTransaction' || property === 'upsertEntity'
          ? () => Promise.reject(new Error('injected failure'))
          : Reflect.get(target, property, receiver),
    });
  const log = createLogger('silent');
  const actor = () => actorIn(newTenantId());

  it('leaves no contact behind when its search rows cannot be written', async () => {
    const [contacts, accountContacts, search] = await Promise.all(
      [accountTables.contacts, accountTables.accountContacts, accountTables.contactSearch].map((name) =>
        openLogicalTable('accounts', name),
      ),
    );
    const store = createContactStore(
      { contacts: contacts!, accountContacts: accountContacts!, search: failingTransactions(search!) },
      systemClock,
      log,
    );
    const who = actor();
    const accountId = randomUUID();
    await expect(store.create(who, makeContact(accountId, { name: 'Half Written' }), 'Contoso')).rejects.toThrow('injected failure');
    expect(await store.summary(who.tenantId, accountId)).toEqual({ count: 0, first: [] });
    expect((await store.listForAccount(who.tenantId, accountId, {})).items).toEqual([]);
  });

  it("gives the name back when an account's search rows cannot be written", async () => {
    const [records, search, keys] = await Promise.all(
      [accountTables.records, accountTables.search, accountTables.keys].map((name) => openLogicalTable('accounts', name)),
    );
    const broken = createAccountStore(
      { accounts: records!, search: failingTransactions(search!), keys: keys! },
      systemClock,
      log,
      await outboxWithoutSubscribers('accounts', accountEvents),
    );
    const who = actor();
    // A Chinese name has pinyin and initials rows besides the claim; an English name's only search row is its claim.
    await expect(broken.create(who, makeAccount({ name: '半途科技有限公司' }))).rejects.toThrow('injected failure');
    expect(await accounts.findAccountByName(who.tenantId, '半途科技有限公司')).toBeUndefined();
    expect(await accounts.searchAccounts(who.tenantId, 'bantu', 5)).toEqual([]);
    expect((await accounts.createAccount(who, makeAccount({ name: '半途科技有限公司' }))).value.name).toBe('半途科技有限公司');
  });

  it('puts an account back as it was when its new search rows cannot be written', async () => {
    const [records, search, keys] = await Promise.all(
      [accountTables.records, accountTables.search, accountTables.keys].map((name) => openLogicalTable('accounts', name)),
    );
    const broken = createAccountStore(
      { accounts: records!, search: failingTransactions(search!), keys: keys! },
      systemClock,
      log,
      await outboxWithoutSubscribers('accounts', accountEvents),
    );
    const who = actor();
    const created = await accounts.createAccount(who, makeAccount({ name: 'Stable Ltd' }));
    await expect(broken.update(who, created.value.id, { name: '更名贸易有限公司' }, created.etag)).rejects.toThrow('injected failure');
    expect((await accounts.getAccount(who.tenantId, created.value.id)).value.name).toBe('Stable Ltd');
    expect((await accounts.findAccountByName(who.tenantId, 'stable ltd'))?.value.id).toBe(created.value.id);
    expect((await accounts.searchAccounts(who.tenantId, 'stable', 5)).map((hit) => hit.accountId)).toEqual([created.value.id]);
    expect((await accounts.createAccount(who, makeAccount({ name: '更名贸易有限公司' }))).value.name).toBe('更名贸易有限公司');
  });
});
