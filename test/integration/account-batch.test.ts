// Batch creation of accounts for imports: names already taken fail alone, the rest is stored, nothing half written.
import { beforeAll, describe, expect, it } from 'vitest';
import type { AccountsService } from '../../src/plugins/accounts';
import { makeAccount } from '../fixtures/accounts';
import { newTenantId } from '../fixtures/server';
import { actorIn, loadServices } from '../fixtures/services';

let accounts: AccountsService;
beforeAll(async () => {
  accounts = (await loadServices()).services.accounts as AccountsService;
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
    const stored = await accounts.listAccounts(actor.tenantId, {}, { pageSize: 50 });
    expect(stored.items.map((item) => item.value.name).sort()).toEqual(['Fresh One', 'Fresh Two', 'Taken Ltd']);
  });
});
