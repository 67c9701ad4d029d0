// Every user-facing string exists in English and Simplified Chinese, with the same placeholders.
import { describe, expect, it } from 'vitest';
import { coreMessages } from '../../src/core/core.messages';
import { AppError, coreErrors, type ErrorSet } from '../../src/core/errors';
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

  it('has a message for every core error code', () => {
    for (const code of coreErrors.codes) {
      expect(coreMessages.en[`error.${code}`], code).toBeDefined();
      expect(coreMessages['zh-CN'][`error.${code}`], code).toBeDefined();
    }
  });
});

const errorSets: [string, ErrorSet][] = plugins.flatMap((p): [string, ErrorSet][] => (p.errors ? [[p.id, p.errors]] : []));

describe('plugin error codes', () => {
  it('are declared by the plugins that throw them', () => {
    expect(errorSets.map(([id]) => id)).toContain('pipeline');
  });

  it.each(errorSets)('%s has every message in both languages, with the same placeholders', (_, errors) => {
    for (const code of errors.codes) {
      const english = errors.template(code, 'en');
      const chinese = errors.template(code, 'zh-CN');
      expect(english.trim(), code).not.toBe('');
      expect(chinese.trim(), code).not.toBe('');
      expect(chinese, code).not.toBe(english);
      expect(placeholders(chinese), code).toEqual(placeholders(english));
    }
  });
});

describe('AppError', () => {
  it('renders its message in the asked language, translating the record kind', () => {
    const error = new AppError('NOT_FOUND', { entity: 'account', id: 'Contoso' });
    expect(error.status).toBe(404);
    expect(error.localisedMessage('en')).toBe('No account was found for "Contoso".');
    expect(error.localisedMessage('zh-CN')).toBe('未找到“Contoso”对应的客户。');
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
