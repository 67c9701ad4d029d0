// One team: its name (rename), its manager, its members (remove), and a person to add.
import { Button, Field, Input, Select } from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import type { Team } from './settings.api';
import { useSettings } from './settings.context';

export function TeamCard({ team }: { team: Team }) {
  const { api, t, people, nameOf, failed, notify, teamChanged } = useSettings();
  const [name, setName] = useState(team.name);
  const [adding, setAdding] = useState('');
  const [busy, setBusy] = useState(false);
  const headingId = `team-${team.id}`;
  // A rename (here or by another admin, seen on refresh) shows the new name in the field.
  useEffect(() => setName(team.name), [team.name]);

  /** Runs one change of the team; the server's answer replaces the team, its message tells what happened. */
  const change = async (call: () => Promise<Team>, done: (saved: Team) => string) => {
    setBusy(true);
    try {
      const saved = await call();
      teamChanged(saved);
      notify({ intent: 'success', body: done(saved) });
      return true;
    } catch (error) {
      failed(error);
      return false;
    } finally {
      setBusy(false);
    }
  };

  const rename = () =>
    void change(
      () => api.renameTeam(team.id, name.trim()),
      (saved) => t('renamed', { team: saved.name }),
    );
  const setManager = (userId: string) =>
    void change(
      () => api.setManager(team.id, userId || null),
      (saved) =>
        saved.managerId ? t('managerSet', { name: nameOf(saved.managerId), team: saved.name }) : t('managerCleared', { team: saved.name }),
    );
  const add = async () => {
    if (
      await change(
        () => api.addMember(team.id, adding),
        (saved) => t('added', { name: nameOf(adding), team: saved.name }),
      )
    )
      setAdding('');
  };
  const remove = (userId: string) =>
    void change(
      () => api.removeMember(team.id, userId),
      (saved) => t('removed', { name: nameOf(userId), team: saved.name }),
    );
  const outside = people.filter((person) => !team.memberIds.includes(person.userId));

  return (
    <li className="team-card" aria-labelledby={headingId} data-team-id={team.id}>
      <h3 id={headingId}>
        {team.name} <span className="team-kind">· {t(`kind.${team.kind}`)}</span>
      </h3>
      <div className="field-row">
        <Field label={t('teamName')} className="grow">
          <Input value={name} maxLength={60} onChange={(_event, data) => setName(data.value)} />
        </Field>
        <Button disabled={busy || !name.trim() || name.trim() === team.name} onClick={rename}>
          {t('rename')}
        </Button>
      </div>
      <Field label={t('manager')}>
        <Select value={team.managerId ?? ''} disabled={busy} onChange={(_event, data) => setManager(data.value)}>
          <option value="">{t('noManager')}</option>
          {team.managerId && !people.some((person) => person.userId === team.managerId) ? (
            <option value={team.managerId}>{nameOf(team.managerId)}</option>
          ) : null}
          {people.map((person) => (
            <option key={person.userId} value={person.userId}>
              {nameOf(person.userId)}
            </option>
          ))}
        </Select>
      </Field>
      <h4>{t('members', { count: team.memberIds.length })}</h4>
      {team.memberIds.length === 0 ? <p className="hint">{t('noMembers')}</p> : null}
      <ul className="member-list">
        {team.memberIds.map((userId) => (
          <li key={userId} className="member">
            <span>{nameOf(userId)}</span>
            <Button
              size="small"
              disabled={busy}
              aria-label={t('removeMember', { name: nameOf(userId), team: team.name })}
              onClick={() => remove(userId)}
            >
              {t('remove')}
            </Button>
          </li>
        ))}
      </ul>
      <div className="field-row">
        <Field label={t('addMember')} className="grow">
          <Select value={adding} disabled={busy} onChange={(_event, data) => setAdding(data.value)}>
            <option value="">{t('choosePerson')}</option>
            {outside.map((person) => (
              <option key={person.userId} value={person.userId}>
                {nameOf(person.userId)}
              </option>
            ))}
          </Select>
        </Field>
        <Button disabled={busy || !adding} onClick={() => void add()}>
          {t('add')}
        </Button>
      </div>
    </li>
  );
}
