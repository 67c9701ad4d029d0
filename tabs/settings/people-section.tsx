// People and their roles: one row per person with a checkbox per role; rep is everyone's and stays ticked.
import { Button, Checkbox } from '@fluentui/react-components';
import { useState } from 'react';
import type { Person, Role } from './settings.api';
import { useSettings } from './settings.context';

const roleOrder: Role[] = ['rep', 'manager', 'service-agent', 'admin'];

function PersonRow({ person }: { person: Person }) {
  const { api, t, failed, notify, personChanged } = useSettings();
  // The roles being saved show at once; the server's answer replaces them, a refusal puts the stored ones back.
  const [pending, setPending] = useState<Role[] | undefined>();
  const shown = pending ?? person.roles;
  const name = person.displayName || person.userId;

  const toggle = async (role: Role, on: boolean) => {
    const roles = on ? [...shown, role] : shown.filter((held) => held !== role);
    setPending(roles);
    try {
      const saved = await api.setRoles(person.userId, roles);
      personChanged(saved);
      notify({
        intent: 'success',
        body: t('rolesSaved', { name, roles: saved.roles.map((held) => t(`role.${held}`)).join(t('listSeparator')) }),
      });
    } catch (error) {
      failed(error);
    } finally {
      setPending(undefined);
    }
  };

  return (
    <li className="person-row" data-user-id={person.userId}>
      <span className="person-name">{name}</span>
      <div className="role-boxes" role="group" aria-label={t('rolesOf', { name })}>
        {roleOrder.map((role) => (
          <Checkbox
            key={role}
            label={t(`role.${role}`)}
            checked={shown.includes(role)}
            disabled={role === 'rep' || pending !== undefined}
            onChange={(_event, data) => void toggle(role, data.checked === true)}
          />
        ))}
      </div>
    </li>
  );
}

export function PeopleSection({ more, onMore }: { more: boolean; onMore(): void }) {
  const { t, people } = useSettings();
  return (
    <section className="settings-section" aria-labelledby="people-heading">
      <h2 id="people-heading">{t('peopleHeading')}</h2>
      <p className="hint">{t('peopleHint')}</p>
      <p className="count">{t('peopleCount', { count: people.length })}</p>
      <ul className="people-list">
        {people.map((person) => (
          <PersonRow key={person.userId} person={person} />
        ))}
      </ul>
      {more ? <Button onClick={onMore}>{t('loadMore')}</Button> : null}
    </section>
  );
}
