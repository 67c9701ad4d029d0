// The cases plugin 服务请求与投诉: service cases and the complaint workflow, SLA clocks on business hours, the case queue and service KPIs.
import { definePlugin } from '../../core/plugin';
import { accountsPlugin } from '../accounts';
import { peoplePlugin } from '../people';
import { createCaseStore } from './case.store';
import { createCaseLinks } from './chat/case-links';
import { casesCardActions } from './chat/cases.actions';
import { casesChatMessages } from './chat/cases-chat.messages';
import { casesCommands } from './chat/cases.commands';
import { createCaseAction } from './chat/create-case.action';
import { openCasesSection } from './chat/open-cases.section';
import { createCaseViews } from './case.views';
import { casesErrors } from './cases.errors';
import { casesEvents } from './cases.events';
import { casesMessages } from './cases.messages';
import { createCasesRouter } from './cases.routes';
import { createCasesService } from './cases.service.impl';

export type { CasesService, CaseDetail, QueueItem, QueueQuery } from './cases.service';
export type * from './cases.api-types';
export { casesEvents, type CasesEvents } from './cases.events';
export { createCaseLinks, type CaseLinks } from './chat/case-links';
export { isKeyAccount } from './sla/service-settings';
export { casesMessages } from './cases.messages';
export { caseLabel } from './case.schema';

/**
 * Logical tables, all in the plugin's one physical table `Cases`:
 * - `Cases`: PK [..., 'case', last two digits of the number]: the case at RK [number], its timeline lines at
 *   RK [number, 'e', seq], written with the case in one transaction with its events.
 * - `CaseQueue`: rows the projector keeps from `case.changed` (case.views.ts): a case not yet closed in
 *   ['all'], ['team', teamId], ['owner', userId], ['opener', userId] and ['account', accountId], RK [due key, number];
 *   and the SLA watch list ['watch'], RK [next change, number].
 * - `CaseViews`: the views' footprints and the KPI rollups.
 * - `CaseSettings`: PK [..., 'settings']: the service settings (RK ['service']), the case counter (['counter']) and
 *   the claims that open a case from one message once (['once', key]).
 */
export const casesTables = { cases: 'Cases', queue: 'CaseQueue', views: 'CaseViews', settings: 'CaseSettings' } as const;

/** How often the SLA schedule marks clocks that went at risk or were breached. */
export const slaWatchEvery = { minutes: 1 } as const;

export const casesPlugin = definePlugin({
  id: 'cases',
  dependsOn: { accounts: accountsPlugin, people: peoplePlugin },
  tables: Object.values(casesTables),
  events: casesEvents,
  messages: {
    en: { ...casesMessages.en, ...casesChatMessages.en },
    'zh-CN': { ...casesMessages['zh-CN'], ...casesChatMessages['zh-CN'] },
  },
  errors: casesErrors,
  setup({ table, services: { accounts, people }, clock, outbox, projections, publicUrl, teamsAppId }) {
    const tables = {
      cases: table(casesTables.cases),
      queue: table(casesTables.queue),
      views: table(casesTables.views),
      settings: table(casesTables.settings),
    };
    const teamsOf = (tenantId: string) => people.teamsOf(tenantId);
    const teamNames = (tenantId: string, userIds: readonly string[]) => people.teamNames(tenantId, userIds);
    const service = createCasesService({ tables, accounts, teamsOf, teamNames, clock, outbox, projections });
    const links = createCaseLinks({ publicUrl, ...(teamsAppId ? { teamsAppId } : {}) });
    accounts.addCardSection(openCasesSection(service, links));
    const chat = { service, accounts, teamsOf, links, clock };
    return {
      service,
      router: createCasesRouter(service),
      commands: casesCommands(chat),
      cardActions: casesCardActions(chat),
      messageActions: [createCaseAction(chat)],
      views: createCaseViews({ store: createCaseStore(tables), views: tables.views, queue: tables.queue }),
      jobs: [
        {
          id: 'sla-watch',
          every: slaWatchEvery,
          run: async ({ tenantId, scheduledFor, signal, log }) => {
            const marked = await service.markDueCases(tenantId, scheduledFor, signal);
            if (marked > 0) log.info('marked SLA changes', { tenantId, cases: marked });
          },
        },
      ],
    };
  },
});
