// Chat commands of the people plugin: roles (角色) and teams (团队), for admins; people are named by display name.
import type { Role } from '../../../core/actor';
import type { Translate } from '../../../core/i18n';
import type { BotCommand, BotReply, CommandInput } from '../../../core/plugin';
import type { Person, Team } from '../people.schema';
import type { PeopleService } from '../people.service';
import { parseRoleLine, parseTeamLine } from './people-command.parser';
import { namedOnCard, teamsCard } from './teams.card';

const roleList = (roles: readonly Role[], t: Translate) => roles.map((role) => t(`people.role.${role}`)).join(t('people.role.separator'));
const nameOf = (person: Pick<Person, 'userId' | 'displayName'>) => person.displayName || person.userId;

export function peopleCommands(people: PeopleService): BotCommand[] {
  /** The one person a chat line names, or the reply saying why there is none. */
  async function named({ actor, t }: CommandInput, name: string): Promise<{ person: Person } | { reply: BotReply }> {
    const found = await people.findPerson(actor, name);
    if (found.kind === 'one') return { person: found.person };
    if (found.kind === 'none') return { reply: { text: t('people.chat.person.unknown', { name }) } };
    return {
      reply: { text: t('people.chat.person.several', { name, people: found.people.map(nameOf).join(t('people.role.separator')) }) },
    };
  }

  async function role(input: CommandInput): Promise<BotReply> {
    const { actor, t, args } = input;
    const line = parseRoleLine(args);
    if (!line.ok) return { text: t('people.chat.role.hint') };
    const found = await named(input, line.name);
    if ('reply' in found) return found.reply;
    if (line.roles.length === 0)
      return { text: t('people.chat.role.show', { person: nameOf(found.person), roles: roleList(found.person.roles, t) }) };
    const person = await people.setRoles(actor, found.person.userId, line.roles);
    return { text: t('people.chat.role.set', { person: nameOf(person), roles: roleList(person.roles, t) }) };
  }

  async function teamsReply({ actor, t }: CommandInput, teams: readonly Team[]): Promise<BotReply> {
    return { card: teamsCard(t, teams, await people.namesOf(actor, namedOnCard(teams))) };
  }

  async function unknownTeam({ actor, t }: CommandInput, name: string): Promise<BotReply> {
    const teams = await people.listTeams(actor);
    if (teams.length === 0) return { text: t('people.chat.team.none') };
    return { text: t('people.chat.team.unknown', { team: name, teams: teams.map((each) => each.name).join(t('people.role.separator')) }) };
  }

  async function team(input: CommandInput): Promise<BotReply> {
    const { actor, t, args } = input;
    const line = parseTeamLine(args);
    if (line.kind === 'bad') return { text: t('people.chat.team.hint') };
    if (line.kind === 'list') return teamsReply(input, await people.listTeams(actor));
    const current = await people.findTeam(actor, line.team);
    if (line.kind === 'show') return current ? teamsReply(input, [current]) : unknownTeam(input, line.team);
    if (line.verb === 'rename') {
      if (!current) return unknownTeam(input, line.team);
      const renamed = await people.renameTeam(actor, current.id, line.target);
      return { text: t('people.chat.team.renamed', { old: current.name, team: renamed.name }) };
    }
    const target = await named(input, line.target);
    if ('reply' in target) return target.reply;
    if (line.verb === 'remove' && !current) return unknownTeam(input, line.team);
    // `add` and `manager` make the team (a sales team) when it is new.
    const teamNow = current ?? (await people.createTeam(actor, { name: line.team, kind: 'sales' }));
    const created = current ? '' : `${t('people.chat.team.created', { team: teamNow.name })} `;
    const params = { person: nameOf(target.person), team: teamNow.name };
    const isMember = teamNow.memberIds.includes(target.person.userId);
    if (line.verb === 'add') {
      if (isMember) return { text: t('people.chat.team.alreadyMember', params) };
      await people.addMember(actor, teamNow.id, target.person.userId);
      return { text: `${created}${t('people.chat.team.added', params)}` };
    }
    if (line.verb === 'remove') {
      if (!isMember) return { text: t('people.chat.team.notMember', params) };
      await people.removeMember(actor, teamNow.id, target.person.userId);
      return { text: t('people.chat.team.removed', params) };
    }
    await people.setManager(actor, teamNow.id, target.person.userId);
    return { text: `${created}${t('people.chat.team.manager', params)}` };
  }

  return [
    {
      name: 'people.role',
      triggers: { en: ['role', 'roles'], 'zh-CN': ['角色'] },
      usage: 'chat.help.role',
      example: 'chat.help.roleExample',
      run: role,
    },
    {
      name: 'people.team',
      triggers: { en: ['team', 'teams'], 'zh-CN': ['团队'] },
      usage: 'chat.help.team',
      example: 'chat.help.teamExample',
      run: team,
    },
  ];
}
