// Chat text reaches the command whose trigger it starts with, in English or Chinese.
import { describe, expect, it } from 'vitest';
import { CommandRegistry } from '../../src/core/command-registry';
import type { BotCommand } from '../../src/core/plugin';

const command = (name: string, en: string[], zh: string[]): BotCommand => ({
  name,
  triggers: { en, 'zh-CN': zh },
  usage: 'u',
  example: 'e',
  run: async () => ({}),
});

function registry() {
  const commands = new CommandRegistry();
  commands.add('activities', command('log', ['log'], ['记录']));
  commands.add('activities', command('log.call', ['log call'], ['记录电话']));
  commands.add('accounts', command('account.show', ['account'], ['客户']));
  return commands;
}

describe('CommandRegistry.match', () => {
  it('prefers the longest trigger and keeps the user\'s text after it', () => {
    const match = registry().match('Log Call with Contoso: discussed renewal');
    expect(match?.command.name).toBe('log.call');
    expect(match?.args).toBe('with Contoso: discussed renewal');
    expect(match?.locale).toBe('en');
  });

  it('matches a Chinese trigger without a space and answers in Chinese', () => {
    const match = registry().match('记录电话 Contoso：讨论续约，周五跟进');
    expect(match?.command.name).toBe('log.call');
    expect(match?.args).toBe('Contoso：讨论续约，周五跟进');
    expect(match?.locale).toBe('zh-CN');
    expect(registry().match('客户Contoso')?.args).toBe('Contoso');
  });

  it('folds full-width letters and extra spaces', () => {
    expect(registry().match('ＡＣＣＯＵＮＴ   Contoso')?.args).toBe('Contoso');
  });

  it('does not match a word that merely starts with a trigger', () => {
    expect(registry().match('accountant Contoso')).toBeUndefined();
    expect(registry().match('logistics')).toBeUndefined();
  });

  it('lists each command once, in registration order', () => {
    expect(registry().list().map((c) => c.command.name)).toEqual(['log', 'log.call', 'account.show']);
  });
});
