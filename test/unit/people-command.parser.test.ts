// Reading the admin's chat lines about people: the person and roles of `role …`, the team, verb and target of `team …`.
import { describe, expect, it } from 'vitest';
import { parseRoleLine, parseTeamLine } from '../../src/plugins/people/chat/people-command.parser';

describe('role lines', () => {
  it('reads the roles at the end of the line and the name before them, in English and Chinese', () => {
    expect(parseRoleLine('Ana manager')).toEqual({ ok: true, name: 'Ana', roles: ['manager'] });
    expect(parseRoleLine('Ana Silva sales manager, admin')).toEqual({ ok: true, name: 'Ana Silva', roles: ['manager', 'admin'] });
    expect(parseRoleLine('Ben service agent and admin')).toEqual({ ok: true, name: 'Ben', roles: ['service-agent', 'admin'] });
    expect(parseRoleLine('李娜 经理、管理员')).toEqual({ ok: true, name: '李娜', roles: ['manager', 'admin'] });
    expect(parseRoleLine('李娜经理')).toEqual({ ok: true, name: '李娜', roles: ['manager'] });
    expect(parseRoleLine('Ana: rep')).toEqual({ ok: true, name: 'Ana', roles: ['rep'] });
  });

  it('keeps a role word inside a name, and reads a line without roles as a question', () => {
    expect(parseRoleLine('Repton Ltd manager')).toEqual({ ok: true, name: 'Repton Ltd', roles: ['manager'] });
    expect(parseRoleLine('Ana')).toEqual({ ok: true, name: 'Ana', roles: [] });
    expect(parseRoleLine('admin')).toEqual({ ok: true, name: 'admin', roles: [] });
    expect(parseRoleLine('  ')).toEqual({ ok: false });
  });
});

describe('team lines', () => {
  it('reads the team, the verb and the person or new name', () => {
    expect(parseTeamLine('East add Ana Silva')).toEqual({ kind: 'change', team: 'East', verb: 'add', target: 'Ana Silva' });
    expect(parseTeamLine('Key Accounts manager Ben')).toEqual({ kind: 'change', team: 'Key Accounts', verb: 'manager', target: 'Ben' });
    expect(parseTeamLine('East REMOVE Ana')).toEqual({ kind: 'change', team: 'East', verb: 'remove', target: 'Ana' });
    expect(parseTeamLine('East rename North East')).toEqual({ kind: 'change', team: 'East', verb: 'rename', target: 'North East' });
    expect(parseTeamLine('华东 添加 李娜')).toEqual({ kind: 'change', team: '华东', verb: 'add', target: '李娜' });
    expect(parseTeamLine('华东经理李娜')).toEqual({ kind: 'change', team: '华东', verb: 'manager', target: '李娜' });
    expect(parseTeamLine('East 改名 华东')).toEqual({ kind: 'change', team: 'East', verb: 'rename', target: '华东' });
  });

  it('lists without words, shows a team by its name alone, and flags a verb without its target', () => {
    expect(parseTeamLine('')).toEqual({ kind: 'list' });
    expect(parseTeamLine('East Coast')).toEqual({ kind: 'show', team: 'East Coast' });
    expect(parseTeamLine('East add')).toEqual({ kind: 'bad' });
    expect(parseTeamLine('East 添加')).toEqual({ kind: 'bad' });
    expect(parseTeamLine('add Ana')).toEqual({ kind: 'show', team: 'add Ana' });
  });
});
