// Every user-facing string exists in English and Simplified Chinese, with the same placeholders.
import { describe, expect, it } from 'vitest';
import { coreMessages } from '../../src/core/core.messages';
import { AppError, errorCatalogue, type ErrorCode } from '../../src/core/errors';
import { resolveLocale, type Messages } from '../../src/core/i18n';
import { plugins } from '../../src/plugins';

const catalogues: [string, Messages][] = [['core', coreMessages], ...plugins.map((p): [string, Messages] => [p.id, p.messages])];
const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('string catalogues', () => {
  it.each(catalogues)('%s has the same keys and placeholders in both languages', (_, messages) => {
    expect(Object.keys(messages['zh-CN']).sort()).toEqual(Object.keys(messages.en).sort());
    for (const [key, english] of Object.entries(messages.en)) {
      expect(placeholders(messages['zh-CN'][key]!), key).toEqual(placeholders(english));
      expect(messages['zh-CN'][key], key).not.toBe('');
    }
  });

  it('has a message for every error code', () => {
    for (const code of Object.keys(errorCatalogue) as ErrorCode[]) {
      expect(coreMessages.en[`error.${code}`], code).toBeDefined();
    }
  });
});

describe('AppError', () => {
  it('renders its message in the asked language, translating the record kind', () => {
    const error = new AppError('NOT_FOUND', { entity: 'account', id: 'Contoso' });
    expect(error.status).toBe(404);
    expect(error.localisedMessage('en')).toBe('No account was found for "Contoso".');
    expect(error.localisedMessage('zh-CN')).toBe('未找到 "Contoso" 对应的客户。');
  });
});

describe('resolveLocale', () => {
  it('maps Teams locale tags to the two supported languages', () => {
    expect(resolveLocale('zh-cn')).toBe('zh-CN');
    expect(resolveLocale('zh-Hans-CN')).toBe('zh-CN');
    expect(resolveLocale('en-GB')).toBe('en');
    expect(resolveLocale('fr-FR')).toBe('en');
    expect(resolveLocale(undefined)).toBe('en');
  });
});
