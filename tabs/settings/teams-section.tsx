// The teams: a form for a new sales or service team, then each team's card.
import { Button, Field, Input, Select } from '@fluentui/react-components';
import { useState, type FormEvent } from 'react';
import type { Team } from './settings.api';
import { useSettings } from './settings.context';
import { TeamCard } from './team-card';

function NewTeamForm() {
  const { api, t, failed, notify, teamChanged } = useSettings();
  const [name, setName] = useState('');
  const [kind, setKind] = useState<Team['kind']>('sales');
  const [missing, setMissing] = useState(false);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!name.trim()) {
      setMissing(true);
      return;
    }
    setBusy(true);
    try {
      const team = await api.createTeam(name.trim(), kind);
      teamChanged(team);
      notify({ intent: 'success', body: t('created', { team: team.name }) });
      setName('');
    } catch (error) {
      failed(error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="new-team" onSubmit={(event) => void submit(event)} aria-label={t('newTeam')}>
      <Field label={t('teamName')} className="grow" validationMessage={missing && !name.trim() ? t('nameRequired') : undefined}>
        <Input value={name} maxLength={60} onChange={(_event, data) => setName(data.value)} />
      </Field>
      <Field label={t('teamKind')}>
        <Select value={kind} onChange={(_event, data) => setKind(data.value as Team['kind'])}>
          <option value="sales">{t('kind.sales')}</option>
          <option value="service">{t('kind.service')}</option>
        </Select>
      </Field>
      <Button type="submit" appearance="primary" disabled={busy}>
        {t('create')}
      </Button>
    </form>
  );
}

export function TeamsSection({ teams }: { teams: readonly Team[] }) {
  const { t } = useSettings();
  return (
    <section className="settings-section" aria-labelledby="teams-heading">
      <h2 id="teams-heading">{t('teamsHeading')}</h2>
      <NewTeamForm />
      {teams.length === 0 ? <p className="hint">{t('noTeams')}</p> : null}
      <ul className="team-list">
        {teams.map((team) => (
          <TeamCard key={team.id} team={team} />
        ))}
      </ul>
    </section>
  );
}
