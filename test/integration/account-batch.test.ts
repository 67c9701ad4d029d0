// Batch creation of accounts for imports: names already taken fail alone, the rest is stored, nothing half written.
import { beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/core/clock';
import { createLogger } from '../../src/core/logger';
import { accountTables, type AccountsService } from '../../src/plugins/accounts';
import { createAccountsBatch } from '../../src/plugins/accounts/account-batch';
import { accountEvents } from '../../src/plugins/accounts/account.events';
import { createAccountStore } from '../../src/plugins/accounts/account.store';
import { makeAccount } from '../fixtures/accounts';
import { outboxWithoutSubscribers } from '../fixtures/events';
import { newTenantId } from '../fixtures/server';
import { actorIn, loadServices } from '../fixtures/services';
import type { Projector } from '../../src/storage/projector';
import type { LogicalTable } from '../../src/storage/logical-table';
import { openLogicalTable } from '../fixtures/tables';

let accounts: AccountsService;
let projector: Projector;
beforeAll(async () => {
  const loaded = await loadServices();
  accounts = loaded.services.accounts as AccountsService;
  projector = loaded.projector;
});

describe('importContacts', () => {
  it("stores contacts of several accounts, each in its account's list and in search, and fails an unknown account alone", async () => {
    const actor = actorIn(newTenantId());
    const [contoso, fabrikam] = await Promise.all([
      accounts.createAccount(actor, makeAccount({ name: 'Contoso' })),
      accounts.createAccount(actor, makeAccount({ name: '中国移动' })),
    ]);
    const outcomes = await accounts.importContacts(actor, [
      { accountId: contoso.value.id, name: 'Ana Silva', cuteRole: 'economic' },
      { accountId: fabrikam.value.id, name: '李雷', title: '采购经理' },
      { accountId: '3f1c0c7e-3b9a-4a43-9a55-2d8f3c1b8e11', name: 'Nobody' },
      { accountId: contoso.value.id, name: 'Wei Zhang' },
    ]);
    expect(outcomes.map((outcome) => outcome.ok)).toEqual([true, true, false, true]);
    const listed = await accounts.listContacts(actor.tenantId, contoso.value.id, { pageSize: 10 });
    expect(listed.items.map((item) => item.value.name)).toEqual(['Ana Silva', 'Wei Zhang']);
    expect((await accounts.searchContacts(actor.tenantId, 'lilei', 5)).map((hit) => hit.accountName)).toEqual(['中国移动']);
  });
});

describe('importAccounts', () => {
  it('stores a clean batch and makes every account findable by name and search', async () => {
    const actor = actorIn(newTenantId());
    const inputs = Array.from({ length: 100 }, (_, i) => makeAccount({ name: `Batch ${i}` }));
    const outcomes = await accounts.importAccounts(actor, inputs);
    expect(outcomes.every((outcome) => outcome.ok)).toBe(true);
    expect((await accounts.findAccountByName(actor.tenantId, 'batch 42'))?.value.name).toBe('Batch 42');
    expect(await accounts.searchAccounts(actor.tenantId, 'batch 9', 20)).toHaveLength(11);
  });

  it('fails only the inputs whose names are taken, in the store or earlier in the batch', async () => {
    const actor = actorIn(newTenantId());
    await accounts.createAccount(actor, makeAccount({ name: 'Taken Ltd' }));
    const outcomes = await accounts.importAccounts(actor, [
      makeAccount({ name: 'Fresh One' }),
      makeAccount({ name: 'taken  LTD' }),
      makeAccount({ name: 'Fresh Two' }),
      makeAccount({ name: 'FRESH ONE' }),
      makeAccount({ name: '' }),
    ]);
    expect(outcomes.map((outcome) => outcome.ok)).toEqual([true, false, true, false, false]);
    const stored = await accounts.listAccounts(actor, {}, { pageSize: 50 });
    expect(stored.items.map((item) => item.value.name).sort()).toEqual(['Fresh One', 'Fresh Two', 'Taken Ltd']);
  });

  it('fails a name of only accents alone, with nothing left to compare, and stores the rest', async () => {
    const actor = actorIn(newTenantId());
    const outcomes = await accounts.importAccounts(actor, [
      makeAccount({ name: 'Accent One' }),
      makeAccount({ name: '\u0301\u0301' }),
      makeAccount({ name: 'Accent Two' }),
    ]);
    expect(outcomes.map((outcome) => outcome.ok)).toEqual([true, false, true]);
    expect(outcomes[1]).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    expect((await accounts.searchAccounts(actor.tenantId, 'accent', 5)).map((hit) => hit.name)).toEqual(['Accent One', 'Accent Two']);
  });

  it('stores a batch of 1,000 with taken names spread through it, each stored account once and every other refused', async () => {
    const actor = actorIn(newTenantId());
    await accounts.importAccounts(actor, [
      makeAccount({ name: 'Wide 17' }),
      makeAccount({ name: 'Wide 640' }),
      makeAccount({ name: 'Wide 999' }),
    ]);
    const inputs = Array.from({ length: 1000 }, (_, i) => makeAccount({ name: `Wide ${i}` }));
    const outcomes = await accounts.importAccounts(actor, inputs);
    const refused = outcomes.flatMap((outcome, i) => (outcome.ok ? [] : [i]));
    expect(refused).toEqual([17, 640, 999]);
    const ids = new Set(outcomes.flatMap((outcome) => (outcome.ok ? [outcome.stored.value.id] : [])));
    expect(ids.size).toBe(997);
    let listed = 0;
    let continuationToken: string | undefined;
    do {
      const page = await accounts.listAccounts(actor, {}, { pageSize: 1000, continuationToken });
      listed += page.items.length;
      continuationToken = page.continuationToken;
    } while (continuationToken);
    expect(listed).toBe(1000);
    expect((await accounts.findAccountByName(actor.tenantId, 'wide 512'))?.value.id).toSatisfy((id: string) => ids.has(id));
    expect(await accounts.searchAccounts(actor.tenantId, 'wide 99', 20)).toHaveLength(11);
  });

  it('undoes a batch whose records cannot be written together, then stores each account on its own, once', async () => {
    const [records, search, keys] = await Promise.all(
      [accountTables.records, accountTables.search, accountTables.keys].map((name) => openLogicalTable('accounts', name)),
    );
    // Only the records' transactions fail: single writes, and every search row, still go through.
    const recordsWithoutTransactions: LogicalTable = {
      ...records!,
      client: new Proxy(records!.client, {
        get: (target, property, receiver) =>
          property === 'submitTransaction' ? () => Promise.reject(new Error('injected failure')) : Reflect.get(target, property, receiver),
      }),
    };
    const store = createAccountStore(
      { accounts: recordsWithoutTransactions, search: search!, keys: keys! },
      systemClock,
      createLogger('silent'),
      await outboxWithoutSubscribers('accounts', accountEvents),
    );
    const actor = actorIn(newTenantId());
    const names = ['Undo Alpha', '撤销科技有限公司', 'Undo Beta', '撤销贸易有限公司'];
    const outcomes = await createAccountsBatch(
      store,
      createLogger('silent'),
      actor,
      names.map((name) => makeAccount({ name })),
    );
    expect(outcomes.map((outcome) => outcome.ok)).toEqual([true, true, true, true]);
    const ids = outcomes.map((outcome) => (outcome.ok ? outcome.stored.value.id : ''));
    // This store's outbox reaches no subscriber: each record's change goes to the server's projector as its outbox would.
    await Promise.all(ids.map((recordId) => projector.handle({ type: 'account.changed', tenantId: actor.tenantId, recordId, version: 1 })));
    for (const [i, name] of names.entries()) expect((await accounts.findAccountByName(actor.tenantId, name))?.value.id).toBe(ids[i]);
    const found = [
      ...(await accounts.searchAccounts(actor.tenantId, 'undo', 10)),
      ...(await accounts.searchAccounts(actor.tenantId, 'chexiao', 10)),
      ...(await accounts.searchAccounts(actor.tenantId, 'cxkj', 10)),
    ];
    expect(found.map((hit) => hit.accountId).sort()).toEqual([ids[0], ids[2], ids[1], ids[3], ids[1]].sort());
    expect((await accounts.listAccounts(actor, {}, { pageSize: 50 })).items).toHaveLength(4);
  });

  it('refuses more than 10,000 inputs in one call', async () => {
    const inputs = Array.from({ length: 10_001 }, (_, i) => makeAccount({ name: `Over ${i}` }));
    await expect(accounts.importAccounts(actorIn(newTenantId()), inputs)).rejects.toThrow(/at most 10000/);
  });
});
