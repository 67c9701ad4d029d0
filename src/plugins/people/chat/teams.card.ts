// The teams card 团队: each team with its kind, manager and members, for `teams` · `团队`.
import { adaptiveCard, facts, heading, paragraph, plain, type AdaptiveCard, type CardElement } from '../../../cards/adaptive-card';
import type { Translate } from '../../../core/i18n';
import type { Team } from '../people.schema';

/** Teams and members a card names, so it stays well under Teams' size; the settings tab shows them all. */
export const cardLimits = { teams: 20, members: 15 } as const;

/** `names` holds the display names of the managers and the members the card shows. */
export function teamsCard(t: Translate, teams: readonly Team[], names: ReadonlyMap<string, string>): AdaptiveCard {
  if (teams.length === 0) return adaptiveCard([heading(t('people.card.teams.title')), paragraph(t('people.card.teams.empty'))]);
  const nameOf = (userId: string) => plain(names.get(userId) || userId);
  const shown = teams.slice(0, cardLimits.teams);
  const body: CardElement[] = [heading(t('people.card.teams.title'))];
  for (const team of shown) {
    const members = team.memberIds.slice(0, cardLimits.members).map(nameOf);
    const more = team.memberIds.length - members.length;
    const memberText =
      members.length === 0
        ? t('people.card.teams.noMembers')
        : `${members.join(t('people.role.separator'))}${more > 0 ? ` ${t('people.card.teams.more', { count: more })}` : ''}`;
    body.push({
      type: 'Container',
      separator: true,
      items: [
        paragraph(`**${plain(team.name)}** · ${t(`people.kind.${team.kind}`)}`),
        facts([
          [t('people.card.teams.manager'), team.managerId ? nameOf(team.managerId) : t('people.card.teams.noManager')],
          [t('people.card.teams.members', { count: team.memberIds.length }), memberText],
        ]),
      ],
    });
  }
  if (teams.length > shown.length)
    body.push(paragraph(t('people.card.teams.hiddenTeams', { count: teams.length - shown.length }), { isSubtle: true }));
  return adaptiveCard(body);
}

/** The people a teams card names: its teams' managers and first members. */
export function namedOnCard(teams: readonly Team[]): string[] {
  const ids = new Set<string>();
  for (const team of teams.slice(0, cardLimits.teams)) {
    if (team.managerId) ids.add(team.managerId);
    for (const id of team.memberIds.slice(0, cardLimits.members)) ids.add(id);
  }
  return [...ids];
}
