// Strings of the people plugin's chat commands and cards (角色、团队), in English and Simplified Chinese.
import { defineMessages } from '../../core/i18n';

export const peopleMessages = defineMessages({
  en: {
    'chat.help.role': 'role <person> <roles> — set a person’s roles: rep, manager, service agent, admin (admins only)',
    'chat.help.roleExample': 'role Sofia manager',
    'chat.help.team':
      'team <team> add | remove | manager <person>, team <team> rename <name>, teams — manage sales and service teams (admins only)',
    'chat.help.teamExample': 'team North add Sofia',

    'role.rep': 'rep',
    'role.manager': 'manager',
    'role.service-agent': 'service agent',
    'role.admin': 'admin',
    'role.separator': ', ',
    'kind.sales': 'sales team',
    'kind.service': 'service team',

    'chat.role.hint':
      'Write the person and their roles, e.g. “role Ana manager” or “role Ben manager, admin”. Roles: rep, manager, service agent, admin. Everyone stays a rep.',
    'chat.role.set': '{person} now has the roles: {roles}.',
    'chat.role.show': '{person} has the roles: {roles}.',
    'chat.person.unknown':
      'Nobody called “{name}” has used Guanxi CRM in your organisation yet. A person is listed after their first message to the bot or first visit to a tab.',
    'chat.person.several': 'Several people are called “{name}”: {people}. Write the full name.',

    'chat.team.hint':
      'Write the team, what to do and the person, e.g. “team East add Ana”, “team East remove Ana”, “team East manager Ben”, or “team East rename North”. “teams” lists them.',
    'chat.team.unknown': 'There is no team “{team}”. Teams: {teams}.',
    'chat.team.none': 'There are no teams yet. Create one by adding its first member, e.g. “team East add Ana”.',
    'chat.team.created': 'Created the sales team {team}.',
    'chat.team.added': '{person} is now a member of {team}.',
    'chat.team.alreadyMember': '{person} is already a member of {team}.',
    'chat.team.removed': '{person} is no longer a member of {team}.',
    'chat.team.notMember': '{person} is not a member of {team}.',
    'chat.team.manager': '{person} now manages {team}, and has the manager role.',
    'chat.team.renamed': 'The team {old} is now called {team}.',

    'card.teams.title': 'Teams',
    'card.teams.empty': 'There are no teams yet. An admin creates one by adding its first member: “team East add Ana”.',
    'card.teams.manager': 'Manager',
    'card.teams.noManager': 'none yet',
    'card.teams.members': 'Members ({count})',
    'card.teams.noMembers': 'none yet',
    'card.teams.more': 'and {count} more',
    'card.teams.hiddenTeams': '{count} more teams are in the settings tab.',
  },
  'zh-CN': {
    'chat.help.role': '角色 <人员> <角色> — 设置人员的角色：销售代表、销售经理、客服人员、管理员（仅管理员）',
    'chat.help.roleExample': '角色 李娜 经理',
    'chat.help.team': '团队 <团队> 添加 | 移除 | 经理 <人员>，团队 <团队> 改名 <名称>，团队 — 管理销售和客服团队（仅管理员）',
    'chat.help.teamExample': '团队 North 添加 李娜',

    'role.rep': '销售代表',
    'role.manager': '销售经理',
    'role.service-agent': '客服人员',
    'role.admin': '管理员',
    'role.separator': '、',
    'kind.sales': '销售团队',
    'kind.service': '客服团队',

    'chat.role.hint':
      '请写出人员及其角色，例如“角色 Ana 经理”或“角色 Ben 经理、管理员”。角色：销售代表、销售经理、客服人员、管理员。每个人都保留销售代表角色。',
    'chat.role.set': '{person}现在的角色：{roles}。',
    'chat.role.show': '{person}的角色：{roles}。',
    'chat.person.unknown': '贵组织中还没有名为“{name}”的人使用过关系 CRM。人员在第一次给机器人发消息或第一次打开标签页后才会列出。',
    'chat.person.several': '有多人名为“{name}”：{people}。请写出全名。',

    'chat.team.hint':
      '请写出团队、操作和人员，例如“团队 East 添加 Ana”“团队 East 移除 Ana”“团队 East 经理 Ben”或“团队 East 改名 North”。输入“团队”查看所有团队。',
    'chat.team.unknown': '没有名为“{team}”的团队。现有团队：{teams}。',
    'chat.team.none': '还没有团队。添加第一位成员即可创建团队，例如“团队 East 添加 Ana”。',
    'chat.team.created': '已创建销售团队 {team}。',
    'chat.team.added': '{person}已加入{team}。',
    'chat.team.alreadyMember': '{person}已经是{team}的成员。',
    'chat.team.removed': '{person}已不再是{team}的成员。',
    'chat.team.notMember': '{person}不是{team}的成员。',
    'chat.team.manager': '{person}现在负责管理{team}，并拥有销售经理角色。',
    'chat.team.renamed': '团队 {old} 已改名为 {team}。',

    'card.teams.title': '团队',
    'card.teams.empty': '还没有团队。管理员添加第一位成员即可创建团队：“团队 East 添加 Ana”。',
    'card.teams.manager': '经理',
    'card.teams.noManager': '暂无',
    'card.teams.members': '成员（{count}）',
    'card.teams.noMembers': '暂无',
    'card.teams.more': '另有 {count} 人',
    'card.teams.hiddenTeams': '另有 {count} 个团队，请在设置标签页中查看。',
  },
});
