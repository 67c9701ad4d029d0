// Choosing a channel tab's case queue: one service team's queue or every queue, narrowed by priority, type or SLA. Used
// by this tab's configuration page and by the app's one configuration page (Teams allows one configurable tab per app).
import { Field, Radio, RadioGroup, Select } from '@fluentui/react-components';
import { useMemo } from 'react';
import type { Me } from '../../src/plugins/people';
import { useTab } from '../shared/tab-context';
import { useLoad } from '../shared/use-load';
import { casesTranslator } from './cases.strings';
import { placeQuery, priorities, slaFilters, types, type TabPlace } from './queue';

export interface QueueSetup {
  kind: 'team' | 'all';
  teamId: string;
  priority: string;
  type: string;
  sla: string;
}

export const emptySetup: QueueSetup = { kind: 'team', teamId: '', priority: '', type: '', sla: '' };

/** The place a setup shows; undefined while a team queue has no team chosen. */
export function setupPlace(setup: QueueSetup): TabPlace | undefined {
  if (setup.kind === 'team' && !setup.teamId) return undefined;
  const pick = <T extends string>(values: readonly T[], value: string) => values.find((known) => known === value);
  return {
    view: setup.kind,
    ...(setup.kind === 'team' ? { teamId: setup.teamId } : {}),
    filters: { priority: pick(priorities, setup.priority), type: pick(types, setup.type), sla: pick(slaFilters, setup.sla) },
    ownerMe: false,
  };
}

/** The saved tab's address: the cases page with the chosen queue, and `inTeams=true` so it waits for the host. */
export function caseTabUrl(origin: string, place: TabPlace, inTeams: boolean): string {
  const query = placeQuery(place);
  if (inTeams) query.set('inTeams', 'true');
  return `${origin}/tabs/cases/index.html?${query}`;
}

export function QueueSetupFields({ value, onChange }: { value: QueueSetup; onChange(setup: QueueSetup): void }) {
  const { locale, request } = useTab();
  const t = useMemo(() => casesTranslator(locale), [locale]);
  const me = useLoad(() => request<Me>('/people/me'), 'me');
  const teams = (me.data?.teams ?? []).filter((team) => team.kind === 'service');
  const set = (change: Partial<QueueSetup>) => onChange({ ...value, ...change });
  const narrowing = (name: 'priority' | 'type' | 'sla', label: string, values: readonly string[], text: (value: string) => string) => (
    <Field label={label}>
      <Select value={value[name]} onChange={(_event, data) => set({ [name]: data.value })}>
        <option value="">{t('filterAny')}</option>
        {values.map((option) => (
          <option key={option} value={option}>
            {text(option)}
          </option>
        ))}
      </Select>
    </Field>
  );
  const teamMissing = value.kind === 'team' && !value.teamId;
  return (
    <>
      <Field label={t('queueChoice')}>
        <RadioGroup value={value.kind} onChange={(_event, data) => set({ kind: data.value as QueueSetup['kind'] })}>
          <Radio value="team" label={t('queueTeam')} />
          <Radio value="all" label={t('queueAll')} />
        </RadioGroup>
      </Field>
      {value.kind === 'team' ? (
        <Field
          label={t('queueTeamLabel')}
          required
          hint={me.data && teams.length === 0 ? t('queueNoTeams') : undefined}
          validationState={teamMissing && me.data ? 'error' : 'none'}
          validationMessage={teamMissing && me.data && teams.length > 0 ? t('teamRequired') : undefined}
        >
          <Select value={value.teamId} onChange={(_event, data) => set({ teamId: data.value })}>
            <option value="" />
            {teams.map((team) => (
              <option key={team.id} value={team.id}>
                {team.name}
              </option>
            ))}
          </Select>
        </Field>
      ) : null}
      {narrowing('priority', t('queueFilterPriority'), priorities, (option) => t(`priority.${option as (typeof priorities)[number]}`))}
      {narrowing('type', t('queueFilterType'), types, (option) => t(`type.${option as (typeof types)[number]}`))}
      {narrowing('sla', t('queueFilterSla'), slaFilters, (option) => t(option === 'breached' ? 'slaBreachedFilter' : 'slaAtRiskFilter'))}
    </>
  );
}
