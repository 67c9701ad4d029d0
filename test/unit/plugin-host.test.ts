// The host refuses a bad plugin set at start-up, naming the culprit.
import type { TableClient } from '@azure/data-tables';
import { describe, expect, it } from 'vitest';
import { systemClock } from '../../src/core/clock';
import { defineErrors } from '../../src/core/errors';
import { I18n, defineMessages } from '../../src/core/i18n';
import { createLogger } from '../../src/core/logger';
import { definePlugin, type AnyPlugin, type BotCommand, type ScheduledJob } from '../../src/core/plugin';
import { loadPlugins, validatePluginSet } from '../../src/core/plugin-host';
import { plugins } from '../../src/plugins';

const messages = defineMessages({ en: {}, 'zh-CN': {} });
const plugin = (id: string, more: Partial<AnyPlugin> = {}): AnyPlugin => definePlugin({ id, messages, setup: () => ({}), ...more });
const command = (name: string, en: string[], zh: string[] = []): BotCommand => ({
  name,
  triggers: { en, 'zh-CN': zh },
  usage: 'u',
  example: 'e',
  run: async () => ({ text: name }),
});
const deps = () => ({
  openTable: async (name: string) => ({ tableName: name }) as unknown as TableClient,
  i18n: new I18n(),
  clock: systemClock,
  log: createLogger('silent'),
  publicUrl: 'https://crm.example.com',
});

describe('validatePluginSet', () => {
  it('refuses a duplicate id', () => {
    expect(() => validatePluginSet([plugin('accounts'), plugin('accounts')])).toThrow('Plugin "accounts" is registered twice');
  });

  it('names both plugins when a dependency is missing', () => {
    expect(() => validatePluginSet([plugin('pipeline', { dependsOn: { accounts: plugin('accounts') } })])).toThrow(
      'Plugin "pipeline" depends on "accounts", which is not registered',
    );
  });

  it('refuses a dependency named after another plugin', () => {
    const accounts = plugin('accounts');
    expect(() => validatePluginSet([accounts, plugin('pipeline', { dependsOn: { people: accounts } })])).toThrow(
      'Plugin "pipeline" names its dependency "people" after another plugin ("accounts")',
    );
  });

  it('lets two plugins name the same logical table, as each keeps its own in a physical table named after it', () => {
    expect(() => validatePluginSet([plugin('accounts', { tables: ['Settings'] }), plugin('crm', { tables: ['Settings'] })])).not.toThrow();
  });

  it('refuses two plugins, or a plugin and the core, that would share a physical table, whatever its case', () => {
    expect(() => validatePluginSet([plugin('foo-bar', { tables: ['Rows'] }), plugin('foobar', { tables: ['Rows'] })])).toThrow(
      'Table "Foobar" is claimed by both plugin "foo-bar" and plugin "foobar"',
    );
    expect(() => validatePluginSet([plugin('tenants', { tables: ['Rows'] })])).toThrow(
      'Table "Tenants" is claimed by both the core and plugin "tenants"',
    );
  });

  it('refuses a logical table name that is not letters and digits, or declared twice', () => {
    expect(() => validatePluginSet([plugin('accounts', { tables: ['Account-Rows'] })])).toThrow(
      'Plugin "accounts" declares table "Account-Rows"',
    );
    expect(() => validatePluginSet([plugin('accounts', { tables: ['Rows', 'Rows'] })])).toThrow('declares table "Rows" twice');
  });

  it('refuses a dependency cycle', () => {
    const a = plugin('a');
    const b = plugin('b', { dependsOn: { a } });
    a.dependsOn = { b };
    expect(() => validatePluginSet([a, b])).toThrow('cycle: a → b → a');
  });

  it('refuses an id that is not kebab-case', () => {
    expect(() => validatePluginSet([plugin('Accounts')])).toThrow('must be kebab-case');
  });

  it("refuses the id of the server's own admin API", () => {
    expect(() => validatePluginSet([plugin('admin')])).toThrow('Plugin id "admin" is reserved by the server');
  });

  it('names both plugins declaring one error code', () => {
    const caseErrors = defineErrors({ CASE_CLOSED: { status: 409, en: 'The case is closed.', 'zh-CN': '服务请求已关闭。' } });
    const alertErrors = defineErrors({
      RULE_UNKNOWN: { status: 400, en: 'There is no such alert rule.', 'zh-CN': '没有此提醒规则。' },
      CASE_CLOSED: { status: 409, en: 'The case is closed.', 'zh-CN': '服务请求已关闭。' },
    });
    expect(() => validatePluginSet([plugin('cases', { errors: caseErrors }), plugin('alerts', { errors: alertErrors })])).toThrow(
      'Error code "CASE_CLOSED" is declared by both plugin "cases" and plugin "alerts"',
    );
  });

  it('refuses a plugin declaring a core error code, naming the plugin', () => {
    const errors = defineErrors({ NOT_FOUND: { status: 404, en: 'No case was found.', 'zh-CN': '未找到服务请求。' } });
    expect(() => validatePluginSet([plugin('cases', { errors })])).toThrow('Error code "NOT_FOUND" of plugin "cases" is a core code');
  });

  it('accepts plugins declaring codes of their own', () => {
    const cases = plugin('cases', {
      errors: defineErrors({ CASE_CLOSED: { status: 409, en: 'The case is closed.', 'zh-CN': '服务请求已关闭。' } }),
    });
    const alerts = plugin('alerts', {
      errors: defineErrors({ RULE_UNKNOWN: { status: 400, en: 'There is no such alert rule.', 'zh-CN': '没有此提醒规则。' } }),
    });
    expect(validatePluginSet([cases, alerts, plugin('accounts')]).map((p) => p.id)).toEqual(['cases', 'alerts', 'accounts']);
  });

  it("accepts the product's plugins, whose error codes are their own", () => {
    expect(validatePluginSet(plugins).map((p) => p.id)).toEqual(expect.arrayContaining(['accounts', 'activities', 'pipeline']));
  });

  it('orders dependencies before their dependants', () => {
    const accounts = plugin('accounts');
    const ordered = validatePluginSet([plugin('pipeline', { dependsOn: { accounts } }), accounts]);
    expect(ordered.map((p) => p.id)).toEqual(['accounts', 'pipeline']);
  });
});

describe('loadPlugins', () => {
  it('refuses a command trigger claimed by two plugins, naming both', async () => {
    const set = [
      plugin('accounts', { setup: () => ({ commands: [command('account.show', ['account'])] }) }),
      plugin('crm', { setup: () => ({ commands: [command('crm.show', ['Account'])] }) }),
    ];
    await expect(loadPlugins(set, deps())).rejects.toThrow(
      'Command trigger "Account" is claimed by both accounts/account.show and crm/crm.show',
    );
  });

  it('refuses a trigger the bot reserves for help', async () => {
    const set = [plugin('accounts', { setup: () => ({ commands: [command('x', [], ['帮助'])] }) })];
    await expect(loadPlugins(set, deps())).rejects.toThrow('reserved by the bot');
  });

  it('refuses a card action verb claimed twice', async () => {
    const action = { verb: 'logActivity', run: async () => ({}) };
    const set = [plugin('a', { setup: () => ({ cardActions: [action] }) }), plugin('b', { setup: () => ({ cardActions: [action] }) })];
    await expect(loadPlugins(set, deps())).rejects.toThrow('Card action "logActivity" is claimed by both plugin "a" and plugin "b"');
  });

  it('refuses a message-extension command id claimed by two plugins', async () => {
    const search = { commandId: 'searchCrm', run: async () => [] };
    const set = [
      plugin('accounts', { setup: () => ({ searchCommands: [search] }) }),
      plugin('cases', { setup: () => ({ searchCommands: [search] }) }),
    ];
    await expect(loadPlugins(set, deps())).rejects.toThrow(
      'Message-extension command "searchCrm" is claimed by both plugin "accounts" and plugin "cases"',
    );
  });

  it("gives a plugin its dependencies' services and only its own tables", async () => {
    let seen: unknown;
    let foreignTable: unknown;
    let ownTable: unknown;
    const accounts = definePlugin({
      id: 'accounts',
      messages,
      tables: ['Accounts'],
      setup: () => ({ service: { kind: 'account-store' } }),
    });
    const set: AnyPlugin[] = [
      accounts,
      definePlugin({
        id: 'pipeline',
        messages,
        dependsOn: { accounts },
        tables: ['Opportunities'],
        setup: ({ services, table }) => {
          const kind: string = services.accounts.kind;
          expect(kind).toBe('account-store');
          seen = services.accounts;
          const own = table('Opportunities');
          ownTable = { physical: own.client.tableName, logical: own.name };
          foreignTable = (() => {
            try {
              return table('Accounts');
            } catch (error) {
              return (error as Error).message;
            }
          })();
          return {};
        },
      }),
    ];
    await loadPlugins(set, deps());
    expect(seen).toEqual({ kind: 'account-store' });
    expect(foreignTable).toBe('Plugin "pipeline" uses table "Accounts" without declaring it');
    expect(ownTable).toEqual({ physical: 'Pipeline', logical: 'Opportunities' });
  });
});

describe('loadPlugins: scheduled jobs and lifecycle', () => {
  const job = (id: string, cadence: Partial<ScheduledJob> = { every: { minutes: 15 } }): ScheduledJob =>
    ({ id, ...cadence, run: async () => {} }) as ScheduledJob;

  it("collects every plugin's jobs, dependencies' first", async () => {
    const accounts = plugin('accounts', { setup: () => ({ jobs: [job('dedupe')] }) });
    const loaded = await loadPlugins(
      [plugin('pipeline', { dependsOn: { accounts }, setup: () => ({ jobs: [job('stuck-deals', { dailyAt: '08:00' })] }) }), accounts],
      deps(),
    );
    expect(loaded.jobs.map((entry) => `${entry.pluginId}/${entry.job.id}`)).toEqual(['accounts/dedupe', 'pipeline/stuck-deals']);
  });

  it('refuses a job id used twice within a plugin, naming the plugin', async () => {
    const set = [plugin('pipeline', { setup: () => ({ jobs: [job('stuck-deals'), job('stuck-deals')] }) })];
    await expect(loadPlugins(set, deps())).rejects.toThrow('Plugin "pipeline" declares the scheduled job "stuck-deals" twice');
  });

  it('lets two plugins use the same job id', async () => {
    const set = [plugin('a', { setup: () => ({ jobs: [job('digest')] }) }), plugin('b', { setup: () => ({ jobs: [job('digest')] }) })];
    expect((await loadPlugins(set, deps())).jobs).toHaveLength(2);
  });

  it('refuses a job id that is not kebab-case and a cadence that cannot be scheduled, naming plugin and job', async () => {
    await expect(loadPlugins([plugin('a', { setup: () => ({ jobs: [job('Digest')] }) })], deps())).rejects.toThrow(
      'Plugin "a" has a scheduled job id "Digest" that is not kebab-case',
    );
    await expect(loadPlugins([plugin('a', { setup: () => ({ jobs: [job('digest', { dailyAt: '8am' })] }) })], deps())).rejects.toThrow(
      'Plugin "a": scheduled job "digest" has dailyAt "8am"',
    );
  });

  it('starts the plugins in dependency order and stops them in reverse', async () => {
    const calls: string[] = [];
    const lifecycle = (id: string) => () => ({
      start: async () => void calls.push(`start ${id}`),
      stop: async () => void calls.push(`stop ${id}`),
    });
    const accounts = plugin('accounts', { setup: lifecycle('accounts') });
    const loaded = await loadPlugins([plugin('pipeline', { dependsOn: { accounts }, setup: lifecycle('pipeline') }), accounts], deps());
    expect(calls).toEqual([]);
    await loaded.start();
    await loaded.stop();
    expect(calls).toEqual(['start accounts', 'start pipeline', 'stop pipeline', 'stop accounts']);
  });

  it('names the plugin whose start failed, and starts none after it', async () => {
    const calls: string[] = [];
    const set = [
      plugin('a', {
        setup: () => ({
          start: async () => {
            throw new Error('no connection');
          },
        }),
      }),
      plugin('b', { setup: () => ({ start: async () => void calls.push('start b') }) }),
    ];
    const loaded = await loadPlugins(set, deps());
    await expect(loaded.start()).rejects.toThrow('Plugin "a" did not start: no connection');
    expect(calls).toEqual([]);
  });
});
