// Names compare and sort as people expect: case, width, accents and spaces folded, Chinese found by pinyin and initials.
import { describe, expect, it } from 'vitest';
import { composeKey } from '../../src/storage/keys';
import { normaliseAccountName } from '../../src/plugins/accounts/account-name';
import { claimKey, facetColumn, orderedKey, prefixKeys, prefixRange, searchKeys } from '../../src/plugins/accounts/search-keys';

describe('normaliseAccountName', () => {
  it.each([
    ['Contoso Ltd', 'contoso ltd'],
    ['ＣＯＮＴＯＳＯ　Ｌｔｄ', 'contoso ltd'],
    ['Café Crème', 'cafe creme'],
    ['  Contoso \t\n  Ltd  ', 'contoso ltd'],
    ['中国移动', '中国移动'],
    ['中国移动（香港）', '中国移动(香港)'],
    ['A/B \\ C #1 ? 🚀', 'a/b \\ c #1 ? 🚀'],
  ])('folds %j to %j', (name, expected) => {
    expect(normaliseAccountName(name)).toBe(expected);
  });

  it('makes names that differ only in case, width, accents or spacing equal', () => {
    expect(normaliseAccountName('Société Générale')).toBe(normaliseAccountName('SOCIETE  generale'));
  });

  it('keeps names that differ in letters apart', () => {
    expect(normaliseAccountName('Contoso Ltd')).not.toBe(normaliseAccountName('ContosoLtd'));
  });
});

describe('searchKeys', () => {
  it('finds a Latin name by its normalised form only', () => {
    expect(searchKeys('Northwind Traders')).toEqual(['northwind traders']);
  });

  it('adds the toneless pinyin without spaces and the initials for a Chinese name', () => {
    expect(searchKeys('中国移动')).toEqual(['中国移动', 'zhongguoyidong', 'zgyd']);
  });

  it('reads polyphonic characters in context', () => {
    expect(searchKeys('重庆银行')).toContain('chongqingyinhang');
  });

  it('keeps the Latin part of a mixed name in its pinyin keys', () => {
    expect(searchKeys('中国移动 China Mobile')).toContain('zhongguoyidongchinamobile');
  });
});

describe('prefixKeys', () => {
  it('looks a Latin prefix up as it is', () => {
    expect(prefixKeys('ZHONG')).toEqual(['zhong']);
  });

  it('needs no pinyin for a prefix of Chinese characters alone', () => {
    expect(prefixKeys('中国')).toEqual(['中国']);
  });

  it('also looks a prefix mixing Chinese and letters up by its pinyin', () => {
    expect(prefixKeys('中国yi')).toEqual(['中国yi', 'zhongguoyi']);
  });

  it('has nothing to look up for a blank prefix', () => {
    expect(prefixKeys('   ')).toEqual([]);
  });
});

describe('orderedKey', () => {
  const id = 'ffffffff-ffff-4fff-bfff-ffffffffffff';
  const lowId = '00000000-0000-4000-8000-000000000000';
  const rowKey = (name: string, withId: string) => composeKey([orderedKey(normaliseAccountName(name), withId)]);

  it('sorts a name before the longer names it starts, whatever the ids', () => {
    const keys = [rowKey('abcd', lowId), rowKey('abc d', lowId), rowKey('abc', id), rowKey('abc!', lowId)];
    expect([...keys].sort()).toEqual([rowKey('abc', id), rowKey('abc d', lowId), rowKey('abc!', lowId), rowKey('abcd', lowId)]);
  });

  it('falls inside the range of every prefix of its name, with characters keys cannot hold', () => {
    const key = rowKey('A/B \\ C #1 ? 🚀 100%', id);
    for (const prefix of ['a', 'a/b', 'a/b \\', 'a/b \\ c #1 ? 🚀 100%']) {
      const { rowKeyFrom, rowKeyBefore } = prefixRange(prefix);
      expect(key >= rowKeyFrom && key < rowKeyBefore, prefix).toBe(true);
    }
  });

  it('falls outside the range of a prefix it does not start with', () => {
    const { rowKeyFrom, rowKeyBefore } = prefixRange('abd');
    const key = rowKey('abc', id);
    expect(key >= rowKeyFrom && key < rowKeyBefore).toBe(false);
  });

  it("stays within Azure's key length for the longest names", () => {
    expect(() => composeKey([orderedKey('/'.repeat(200), id)])).not.toThrow();
  });
});

describe('claimKey', () => {
  const claim = (name: string) => composeKey([claimKey(normaliseAccountName(name))]);

  it('is one key per normalised name, sorting before the rows of others that start with it', () => {
    expect(claim('Contoso  Ltd')).toBe(claim('ｃｏｎｔｏｓｏ ltd'));
    expect(claim('Contoso Ltd')).not.toBe(claim('Contoso Ltd 2'));
    const other = composeKey([orderedKey('contoso ltd', '00000000-0000-4000-8000-000000000000')]);
    expect(claim('Contoso Ltd') < other).toBe(true);
  });

  it('falls inside the range of every prefix of the name', () => {
    const key = claim('A/B \\ C #1 ? 🚀 100%');
    for (const prefix of ['a', 'a/b \\', 'a/b \\ c #1 ? 🚀 100%']) {
      const { rowKeyFrom, rowKeyBefore } = prefixRange(prefix);
      expect(key >= rowKeyFrom && key < rowKeyBefore, prefix).toBe(true);
    }
  });

  it("keeps two long names that differ only at their ends apart, within Azure's key length", () => {
    // Spaces take three characters each in a key, so these names are too long to keep whole.
    const long = 'a '.repeat(99);
    const [first, second] = [claim(`${long}x`), claim(`${long}y`)];
    expect(first).not.toBe(second);
    expect(first.length).toBeLessThanOrEqual(512);
    const { rowKeyFrom, rowKeyBefore } = prefixRange('a a a');
    expect(first >= rowKeyFrom && first < rowKeyBefore).toBe(true);
  });
});

describe('facetColumn', () => {
  it('is one legal column name per normalised value', () => {
    expect(facetColumn('Retail')).toBe(facetColumn('ＲＥＴＡＩＬ'));
    expect(facetColumn('零售')).toMatch(/^f_[0-9a-f]{16}$/);
    expect(facetColumn('Retail')).not.toBe(facetColumn('Energy'));
  });
});
