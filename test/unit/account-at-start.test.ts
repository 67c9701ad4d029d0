// The known account a chat line begins with is found by prefix reads of the name index, a few however large the tenant.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { nameAtStart, nameEnds, type PrefixPage } from '../../src/plugins/accounts/account-at-start';
import type { AccountHit } from '../../src/plugins/accounts/accounts.service';
import { searchKeys } from '../../src/plugins/accounts/search-keys';

/** The name index as the store keeps it: one row per key, in key order, read a page at a time; counts the reads. */
function nameIndex(names: string[]) {
  const rows = names
    .map((name) => ({ accountId: randomUUID(), name }))
    .flatMap((hit) => searchKeys(hit.name).map((key) => ({ key, hit })))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const reads: string[] = [];
  const page: PrefixPage = async (key, pageSize) => {
    reads.push(key);
    const matching = rows.filter((row) => row.key.startsWith(key));
    const hits = new Map<string, AccountHit>(matching.slice(0, pageSize).map((row) => [row.hit.accountId, row.hit]));
    return { hits: [...hits.values()], more: matching.length > pageSize };
  };
  return { page, reads };
}

const names = (found: Awaited<ReturnType<typeof nameAtStart>>) => found?.hits.map((hit) => hit.name).sort();

describe('nameAtStart', () => {
  it('takes the longest known name that is a whole start of the line, and leaves the rest as typed', async () => {
    const { page } = nameIndex(['Contoso', 'Contoso Ltd', 'Contoso Pharma']);
    const found = await nameAtStart(page, 'Contoso Ltd discussed pricing');
    expect(found).toMatchObject({ kind: 'whole', typed: 'Contoso Ltd', rest: ' discussed pricing' });
    expect(names(found)).toEqual(['Contoso Ltd']);
  });

  it('gives both accounts when the words after a whole name begin a longer one', async () => {
    const { page } = nameIndex(['Northwind', 'Northwind Traders Asia']);
    const either = await nameAtStart(page, 'northwind traders intro');
    expect(either).toMatchObject({ kind: 'partial', typed: 'northwind traders', rest: ' intro' });
    expect(names(either)).toEqual(['Northwind', 'Northwind Traders Asia']);
    expect(await nameAtStart(page, 'northwind intro')).toMatchObject({ kind: 'whole', typed: 'northwind', rest: ' intro' });
  });

  it('does not take a name that ends inside a word', async () => {
    const { page } = nameIndex(['Contoso']);
    expect(await nameAtStart(page, 'contosoltd pricing')).toBeUndefined();
  });

  it('finds a Chinese name before Chinese notes with or without a space, and by its pinyin or initials', async () => {
    const { page } = nameIndex(['上海星辰', '上海星辰科技']);
    expect(await nameAtStart(page, '上海星辰 讨论续约')).toMatchObject({ kind: 'whole', typed: '上海星辰', rest: ' 讨论续约' });
    expect(await nameAtStart(page, '上海星辰讨论续约')).toMatchObject({ kind: 'whole', typed: '上海星辰', rest: '讨论续约' });
    expect(names(await nameAtStart(page, 'shanghaixingchen renewal'))).toEqual(['上海星辰']);
    expect(names(await nameAtStart(page, 'shxckj renewal'))).toEqual(['上海星辰科技']);
  });

  it('finds a two-character Chinese name', async () => {
    const { page } = nameIndex(['华为', '华润']);
    expect(await nameAtStart(page, '华为 讨论报价')).toMatchObject({ kind: 'whole', typed: '华为' });
  });

  it('gives the accounts the longest leading words begin when no name is whole', async () => {
    const { page } = nameIndex(['Northwind Traders', 'Northwind Health', 'Fabrikam Inc']);
    const some = await nameAtStart(page, 'northwind intro call');
    expect(some).toMatchObject({ kind: 'partial', typed: 'northwind', rest: ' intro call', more: false });
    expect(names(some)).toEqual(['Northwind Health', 'Northwind Traders']);
    expect(names(await nameAtStart(page, 'northwind traders asia intro'))).toEqual(['Northwind Traders']);
    expect(names(await nameAtStart(page, 'Fabrikam: site tour'))).toEqual(['Fabrikam Inc']);
  });

  it('reads a few pages however many accounts share the first words', async () => {
    const many = Array.from({ length: 5000 }, (_, i) => `Shanghai ${String(i).padStart(4, '0')} Trading`);
    const { page, reads } = nameIndex([...many, 'Shanghai Stellar Tech']);
    const found = await nameAtStart(page, 'shanghai stellar tech renewal talk');
    expect(names(found)).toEqual(['Shanghai Stellar Tech']);
    expect(reads.length).toBeLessThanOrEqual(3);
  });

  it('knows where a name may end: after words, signs and each Chinese character', () => {
    expect(nameEnds('w/ A 上海').map((end) => end.key)).toEqual(['w', 'w/', 'w/ a', 'w/ a 上', 'w/ a 上海']);
  });
});
