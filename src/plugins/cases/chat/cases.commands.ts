// Chat commands of the service desk: new case (新建工单), new complaint (新建投诉), case (工单), my cases (我的工单) and queue (队列).
import type { Actor } from '../../../core/actor';
import type { BotCommand, BotReply, CommandInput, TurnInput } from '../../../core/plugin';
import { adaptiveCard, facts, heading, openUrl, paragraph, plain } from '../../../cards/adaptive-card';
import type { Team } from '../../people';
import { parseCaseNumber, type CaseType } from '../case.schema';
import { casesErrors } from '../cases.errors';
import type { QueueItem } from '../cases.service';
import { caseCard, caseRow, type CaseCardContext } from './case.cards';
import { serviceTeamsOf, type CasesChatDeps } from './cases-chat.deps';
import { triggersOf } from './cases-chat.words';
import { createNewCaseFlow } from './new-case.flow';
import { parseNewCase } from './new-case.parser';

/** Rows a list shows: a glance, not the queue tab. */
const listShown = 10;
/** Queue rows read to count a team's queue: its first cases due. */
const queueRead = 100;
const queueShown = 5;

export const cardContext = (turn: TurnInput, links: CasesChatDeps['links']): CaseCardContext => ({
  t: turn.t,
  locale: turn.locale,
  links,
  ...(turn.timeZone ? { timeZone: turn.timeZone } : {}),
});

/**
 * Soonest due first, as the queue rows sort: breaches (keyed by when they were breached) before running clocks, cases
 * with no clock (`~`) last. Code-unit order, as storage compares keys; a locale's collation would put `~` first.
 */
const byDue = (a: QueueItem, b: QueueItem) => (a.dueKey < b.dueKey ? -1 : a.dueKey > b.dueKey ? 1 : a.number - b.number);

const fold = (name: string) => name.normalize('NFKC').toLowerCase().replace(/\s+/gu, ' ').trim();

export function casesCommands(deps: CasesChatDeps): BotCommand[] {
  const { service, links } = deps;
  const newCases = createNewCaseFlow(deps);

  async function newCase(input: CommandInput, type: CaseType): Promise<BotReply> {
    const { t, locale, args } = input;
    const parsed = parseNewCase(args);
    if (parsed.ok) return newCases.openOrAsk(input, parsed, type);
    if (parsed.reason === 'badPriority')
      return { text: casesErrors.fail('CASE_PRIORITY_UNKNOWN', { value: parsed.detail }).localisedMessage(locale) };
    if (parsed.reason === 'badType')
      return { text: casesErrors.fail('CASE_TYPE_UNKNOWN', { value: parsed.detail }).localisedMessage(locale) };
    return { text: t(`cases.chat.new.hint.${parsed.reason}`, { account: 'Contoso' }) };
  }

  /** The team a `queue` line names, or the first service team the person is in. */
  async function queueTeam(actor: Actor, typed: string): Promise<Team | { text: string; params?: Record<string, string> }> {
    if (!typed) {
      const [mine] = await serviceTeamsOf(deps, actor.tenantId, actor.userId);
      return mine ?? { text: 'cases.chat.queue.noTeam' };
    }
    const teams = (await deps.teamsOf(actor.tenantId)).filter((team) => team.kind === 'service');
    // The whole name, its start, or any part of it (`service desk` for 客服中心 Service Desk).
    const named =
      teams.find((team) => fold(team.name) === fold(typed)) ??
      teams.find((team) => fold(team.name).startsWith(fold(typed))) ??
      teams.find((team) => fold(team.name).includes(fold(typed)));
    if (named) return named;
    if (teams.length === 0) return { text: 'cases.chat.queue.noTeams', params: { name: typed } };
    return { text: 'cases.chat.queue.unknownTeam', params: { name: typed, teams: teams.map((team) => team.name).join(', ') } };
  }

  return [
    {
      name: 'cases.newCase',
      triggers: triggersOf('newCase'),
      usage: 'chat.help.newCase',
      example: 'chat.help.newCaseExample',
      run: (input) => newCase(input, 'after-sales'),
    },
    {
      name: 'cases.newComplaint',
      triggers: triggersOf('newComplaint'),
      usage: 'chat.help.newComplaint',
      example: 'chat.help.newComplaintExample',
      run: (input) => newCase(input, 'complaint'),
    },
    {
      name: 'cases.show',
      triggers: triggersOf('showCase'),
      usage: 'chat.help.show',
      example: 'chat.help.showExample',
      async run(input) {
        const number = parseCaseNumber(input.args);
        if (number === undefined)
          return input.args.trim()
            ? { text: casesErrors.fail('UNKNOWN_CASE', { number: input.args.trim().slice(0, 40) }).localisedMessage(input.locale) }
            : { text: input.t('cases.chat.show.hint') };
        return { card: caseCard(await service.getCase(input.actor, number), cardContext(input, links)) };
      },
    },
    {
      name: 'cases.mine',
      triggers: triggersOf('myCases'),
      usage: 'chat.help.mine',
      example: 'chat.help.mineExample',
      async run(input) {
        const { actor, t } = input;
        const [owned, opened] = await Promise.all([
          service.listCases(actor, { view: 'mine', pageSize: listShown }),
          service.listCases(actor, { view: 'opened', pageSize: listShown }),
        ]);
        const items = [...new Map([...owned.items, ...opened.items].map(({ value }) => [value.number, value])).values()].sort(byDue);
        if (items.length === 0) return { text: t('cases.chat.mine.empty') };
        const more = items.length > listShown || Boolean(owned.continuationToken || opened.continuationToken);
        const context = cardContext(input, links);
        return {
          card: adaptiveCard(
            [
              heading(t('cases.chat.mine.title')),
              ...items.slice(0, listShown).map((item) => caseRow(item, context)),
              ...(more ? [paragraph(t('cases.chat.mine.more', { shown: listShown }), { isSubtle: true, separator: true })] : []),
            ],
            [openUrl(t('cases.chat.queue.openTab'), links.queue())],
          ),
        };
      },
    },
    {
      name: 'cases.queue',
      triggers: triggersOf('queue'),
      usage: 'chat.help.queue',
      example: 'chat.help.queueExample',
      async run(input) {
        const { actor, t } = input;
        const team = await queueTeam(actor, input.args.trim());
        if ('text' in team) return { text: t(team.text, team.params) };
        const page = await service.listCases(actor, { view: 'team', teamId: team.id, pageSize: queueRead });
        const items = page.items.map((row) => row.value).sort(byDue);
        const title = heading(plain(t('cases.chat.queue.title', { team: team.name })));
        const tab = openUrl(t('cases.chat.queue.openTab'), links.queue({ teamId: team.id }));
        if (items.length === 0) return { card: adaptiveCard([title, paragraph(t('cases.chat.queue.empty'))], [tab]) };
        const count = (test: (item: QueueItem) => boolean) => String(items.filter(test).length);
        const statuses = (['new', 'in-progress', 'waiting', 'resolved'] as const).filter((status) =>
          items.some((item) => item.status === status),
        );
        const context = cardContext(input, links);
        return {
          card: adaptiveCard(
            [
              title,
              facts([
                ...statuses.map((status): [string, string] => [t(`cases.cases.status.${status}`), count((item) => item.status === status)]),
                [t('cases.chat.queue.breached'), count((item) => item.slaState === 'breached')],
                [t('cases.chat.queue.atRisk'), count((item) => item.slaState === 'at-risk')],
              ]),
              ...(page.continuationToken ? [paragraph(t('cases.chat.queue.counted', { count: queueRead }), { isSubtle: true })] : []),
              paragraph(t('cases.chat.queue.next'), { weight: 'Bolder', separator: true, spacing: 'Medium' }),
              ...items.slice(0, queueShown).map((item) => caseRow(item, context)),
            ],
            [tab],
          ),
        };
      },
    },
  ];
}
