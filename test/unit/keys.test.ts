// Keys: illegal characters are encoded reversibly, prefixes survive, and limits are refused clearly.
import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/core/errors';
import { composeKey, decodeKeyPart, encodeKeyPart, splitPartitionKey, tenantPartitionKey } from '../../src/storage/keys';

describe('encodeKeyPart', () => {
  it('encodes the characters Azure forbids, and the escape and separator themselves', () => {
    expect(encodeKeyPart('a/b\\c#d?e%f|g\u0001h\u007f')).toBe('a%2Fb%5Cc%23d%3Fe%25f%7Cg%01h%7F');
  });

  it('round-trips any text, Chinese and emoji included', () => {
    const text = 'Contoso / 中国移动 #1 ? 100% | 🚀\t\\';
    expect(decodeKeyPart(encodeKeyPart(text))).toBe(text);
  });

  it('keeps prefixes, so a prefix range on encoded keys finds encoded names', () => {
    expect(encodeKeyPart('ab/cd').startsWith(encodeKeyPart('ab/'))).toBe(true);
  });
});

describe('composeKey', () => {
  it('refuses an empty part', () => {
    expect(() => composeKey(['tenant', ''])).toThrow(AppError);
  });

  it('refuses a key over 512 characters with INVALID_KEY', () => {
    const error = (() => {
      try {
        composeKey(['/'.repeat(200)]);
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('INVALID_KEY');
  });
});

describe('tenantPartitionKey', () => {
  it('starts with the tenant and splits back into its parts', () => {
    const key = tenantPartitionKey('tenant|1', ['accounts', 'a/b']);
    expect(key.startsWith('tenant%7C1|')).toBe(true);
    expect(splitPartitionKey(key)).toEqual({ tenantId: 'tenant|1', partition: ['accounts', 'a/b'] });
  });
});
