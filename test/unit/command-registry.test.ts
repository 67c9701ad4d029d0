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
  commands.add('accounts', command('account.create', ['new account'], ['新建客户']));
  commands.add('pipeline', command('pipeline.summary', ['pipeline', 'my pipeline'], ['管线', '我的管线']));
  return commands;
}

describe('CommandRegistry.match', () => {
  it("prefers the longest trigger and keeps the user's text after it", () => {
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
    expect(
      registry()
        .list()
        .map((c) => c.command.name),
    ).toEqual(['log', 'log.call', 'account.show', 'account.create', 'pipeline.summary']);
  });
});

describe('CommandRegistry.suggest', () => {
  it("corrects a misspelt trigger and keeps the rest of the user's text", () => {
    expect(registry().suggest('acount Contoso')).toEqual({ text: 'account Contoso', locale: 'en' });
    expect(registry().suggest('pipline')).toEqual({ text: 'pipeline', locale: 'en' });
    expect(registry().suggest('new acount Tailspin Toys')).toEqual({ text: 'new account Tailspin Toys', locale: 'en' });
    expect(registry().suggest('Lgo call with Contoso: renewal')).toEqual({ text: 'log call with Contoso: renewal', locale: 'en' });
  });

  it('corrects a Chinese trigger, and suggests the help word for 帮忙', () => {
    expect(registry().suggest('帮忙')).toEqual({ text: '帮助', locale: 'zh-CN' });
    expect(registry().suggest('新建客护 Contoso')).toEqual({ text: '新建客户 Contoso', locale: 'zh-CN' });
  });

  it('suggests only what the registered commands offer', () => {
    const empty = new CommandRegistry();
    expect(empty.suggest('acount Contoso')).toBeUndefined();
    expect(empty.suggest('halp')).toEqual({ text: 'help', locale: 'en' });
  });

  it('suggests nothing for text that is not close to any trigger', () => {
    expect(registry().suggest('what is the weather')).toBeUndefined();
    expect(registry().suggest('accountant Contoso')).toBeUndefined();
    expect(registry().suggest('今天天气怎么样')).toBeUndefined();
    expect(registry().suggest('')).toBeUndefined();
  });
});

describe('CommandRegistry.builtIn', () => {
  it('recognises help and greetings in English and Chinese, with the language they are written in', () => {
    expect(registry().builtIn('help')).toEqual({ word: 'help', locale: 'en' });
    expect(registry().builtIn('帮助')).toEqual({ word: 'help', locale: 'zh-CN' });
    for (const greeting of ['hi', 'Hello', 'hey!', 'HI.']) expect(registry().builtIn(greeting)).toEqual({ word: 'greeting', locale: 'en' });
    for (const greeting of ['你好', '您好！', '你好。'])
      expect(registry().builtIn(greeting)).toEqual({ word: 'greeting', locale: 'zh-CN' });
  });

  it('leaves other text to the commands', () => {
    expect(registry().builtIn('hi Contoso')).toBeUndefined();
    expect(registry().builtIn('account Contoso')).toBeUndefined();
  });

  it('recognises thanks in English and Chinese, with or without punctuation, but not a command that starts with it', () => {
    for (const thanks of ['thanks', 'Thank you!', 'thx.']) expect(registry().builtIn(thanks)).toEqual({ word: 'thanks', locale: 'en' });
    for (const thanks of ['谢谢', '多谢！']) expect(registry().builtIn(thanks)).toEqual({ word: 'thanks', locale: 'zh-CN' });
    expect(registry().builtIn('thanks for the call with Contoso')).toBeUndefined();
  });

  it('refuses a plugin trigger that is a greeting', () => {
    expect(() => new CommandRegistry().add('chatty', command('hello', ['hello'], ['问候']))).toThrow('reserved by the bot');
  });
});
