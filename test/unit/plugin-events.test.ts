// The host refuses a bad set of events at start-up, naming the culprit; handlers receive their publisher's payload type.
import type { TableClient } from '@azure/data-tables';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import { systemClock } from '../../src/core/clock';
import type { DomainEvent } from '../../src/core/events';
import { I18n, defineMessages } from '../../src/core/i18n';
import { createLogger } from '../../src/core/logger';
import { definePlugin } from '../../src/core/plugin';
import { loadPlugins, validatePluginSet } from '../../src/core/plugin-host';

const messages = defineMessages({ en: {}, 'zh-CN': {} });
const deps = () => ({
  openTable: async (name: string) => ({ tableName: name }) as unknown as TableClient,
  i18n: new I18n(),
  clock: systemClock,
  log: createLogger('silent'),
  publicUrl: 'https://crm.example.com',
});

const accounts = definePlugin({
  id: 'accounts',
  messages,
  events: { 'account.created': z.object({ accountId: z.string(), name: z.string() }) },
  setup: () => ({}),
});
const activities = definePlugin({
  id: 'activities',
  messages,
  events: { 'activity.logged': z.object({ activityId: z.string(), minutes: z.number() }) },
  setup: () => ({}),
});

describe('the events of a plugin set', () => {
  it('refuses an event type published by two plugins, naming both', () => {
    const twin = definePlugin({ id: 'crm', messages, events: { 'account.created': z.object({}) }, setup: () => ({}) });
    expect(() => validatePluginSet([accounts, twin])).toThrow(
      'Event "account.created" is published by both plugin "accounts" and plugin "crm"',
    );
  });

  it('refuses an event type not named <record>.<whatHappened>, naming its plugin', () => {
    const sloppy = definePlugin({ id: 'cases', messages, events: { CaseOpened: z.object({}) }, setup: () => ({}) });
    expect(() => validatePluginSet([sloppy])).toThrow('Event type "CaseOpened" of plugin "cases" must be <record>.<whatHappened>');
  });

  it('refuses a handler of an event type no plugin in the set publishes, naming the subscriber', async () => {
    const alerts = definePlugin({
      id: 'alerts',
      messages,
      setup: () => ({ handles: { 'case.slaBreached': async () => undefined } as never }),
    });
    await expect(loadPlugins([accounts, alerts], deps())).rejects.toThrow(
      'Plugin "alerts" handles event "case.slaBreached", which no plugin in the set publishes',
    );
  });

  it('refuses a set with events when the host has no outbox to store them', async () => {
    await expect(loadPlugins([accounts], deps())).rejects.toThrow(
      'Plugin "accounts" publishes or handles events, but the host was given no outbox',
    );
  });

  it('loads a set without events on a host without an outbox, whose plugins then store no events', async () => {
    let stores: boolean | undefined;
    const quiet = definePlugin({ id: 'quiet', messages, setup: ({ outbox }) => ((stores = outbox.delivers('account.created')), {}) });
    await loadPlugins([quiet], deps());
    expect(stores).toBe(false);
  });
});

describe('a plugin outbox', () => {
  it('makes events only of its own types, each payload checked against its schema, with a stable id', async () => {
    let made: unknown;
    let wrongType: unknown;
    let badPayload: unknown;
    const publisher = definePlugin({
      id: 'activities',
      messages,
      events: activities.events,
      setup: ({ outbox }) => {
        made = outbox.event('activity.logged', 'a1', 3, { activityId: 'a1', minutes: 30 });
        wrongType = (() => outbox.event('account.created' as never, 'x', 1, {} as never)) as () => unknown;
        badPayload = () => outbox.event('activity.logged', 'a1', 1, { activityId: 'a1', minutes: 'thirty' as unknown as number });
        return {};
      },
    });
    await expect(loadPlugins([publisher], deps())).rejects.toThrow('no outbox');
    expect(made).toMatchObject({
      id: 'activity.logged:a1:3',
      type: 'activity.logged',
      recordId: 'a1',
      version: 3,
      payload: { activityId: 'a1', minutes: 30 },
    });
    expect(wrongType).toThrow('Plugin "activities" publishes event "account.created", which it does not declare in its events');
    expect(badPayload).toThrow(/Event "activity.logged" of record a1 does not match its schema/);
  });
});

describe('handler types', () => {
  it('gives a handler the payload type of the event its dependency publishes', () => {
    definePlugin({
      id: 'insights',
      dependsOn: { accounts, activities },
      messages,
      setup: () => ({
        handles: {
          'account.created': async (event) => {
            expectTypeOf(event).toEqualTypeOf<DomainEvent<'account.created', { accountId: string; name: string }>>();
          },
          'activity.logged': async (event) => {
            expectTypeOf(event.payload.minutes).toEqualTypeOf<number>();
          },
        },
      }),
    });
    definePlugin({
      id: 'loner',
      messages,
      // @ts-expect-error -- a plugin handles only its own events and those of the plugins it depends on
      setup: () => ({ handles: { 'account.created': async () => undefined } }),
    });
  });
});
