// Service levels: the SLA policies' targets, the business calendars (hours, holidays, make-up days 调休), each service team's calendar and the paused statuses.
import { Button, Checkbox, Field, Input, Select, Spinner, Textarea } from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import type { ServiceSettings, Team } from './settings.api';
import { useSettings } from './settings.context';
import type { SettingsKey } from './settings.strings';

type Calendar = ServiceSettings['calendars'][number];
type Shift = Calendar['shifts'][number];
const days = [1, 2, 3, 4, 5, 6, 7] as const;
const pausable = ['new', 'in-progress', 'waiting'] as const;

/** Dates typed one per line (or separated by commas and spaces), blanks dropped; the server checks each. */
const datesOf = (typed: string) => typed.split(/[\s,，]+/u).filter(Boolean);

function ShiftRow({ shift, onChange, onRemove, label }: { shift: Shift; onChange(next: Shift): void; onRemove(): void; label: string }) {
  const { t } = useSettings();
  return (
    <li className="shift" aria-label={label}>
      <Select aria-label={t('shiftDay')} value={String(shift.day)} onChange={(_e, data) => onChange({ ...shift, day: Number(data.value) })}>
        {days.map((day) => (
          <option key={day} value={day}>
            {t(`day.${day}` as SettingsKey)}
          </option>
        ))}
      </Select>
      <Input aria-label={t('shiftFrom')} type="time" value={shift.from} onChange={(_e, data) => onChange({ ...shift, from: data.value })} />
      <Input aria-label={t('shiftTo')} type="time" value={shift.to} onChange={(_e, data) => onChange({ ...shift, to: data.value })} />
      <Button appearance="subtle" aria-label={t('removeShift')} onClick={onRemove}>
        ×
      </Button>
    </li>
  );
}

/** A list of dates as typed: the text stays as the person types it, the dates go to the calendar. */
function DatesField({ label, dates, onChange }: { label: string; dates: readonly string[]; onChange(dates: string[]): void }) {
  const [typed, setTyped] = useState(dates.join('\n'));
  return (
    <Field label={label}>
      <Textarea
        resize="vertical"
        value={typed}
        onChange={(_e, data) => {
          setTyped(data.value);
          onChange(datesOf(data.value));
        }}
      />
    </Field>
  );
}

function CalendarEditor({ calendar, onChange }: { calendar: Calendar; onChange(next: Calendar): void }) {
  const { t } = useSettings();
  const setShift = (index: number, next?: Shift) =>
    onChange({
      ...calendar,
      shifts: next ? calendar.shifts.map((each, i) => (i === index ? next : each)) : calendar.shifts.filter((_, i) => i !== index),
    });
  return (
    <fieldset className="calendar" aria-label={calendar.name}>
      <legend>{calendar.name}</legend>
      <div className="calendar-facts">
        <Field label={t('calendarName')}>
          <Input value={calendar.name} maxLength={60} onChange={(_e, data) => onChange({ ...calendar, name: data.value })} />
        </Field>
        <Field label={t('timeZone')}>
          <Input value={calendar.timeZone} maxLength={64} onChange={(_e, data) => onChange({ ...calendar, timeZone: data.value.trim() })} />
        </Field>
      </div>
      <h4>{t('shifts')}</h4>
      <ul className="shifts">
        {calendar.shifts.map((shift, index) => (
          <ShiftRow
            key={index}
            shift={shift}
            label={`${t(`day.${shift.day}` as SettingsKey)} ${shift.from}–${shift.to}`}
            onChange={(next) => setShift(index, next)}
            onRemove={() => setShift(index)}
          />
        ))}
      </ul>
      <Button onClick={() => onChange({ ...calendar, shifts: [...calendar.shifts, { day: 1, from: '09:00', to: '18:00' }] })}>
        {t('addShift')}
      </Button>
      <div className="calendar-days">
        <DatesField label={t('holidays')} dates={calendar.holidays} onChange={(holidays) => onChange({ ...calendar, holidays })} />
        <DatesField label={t('workdays')} dates={calendar.workdays} onChange={(workdays) => onChange({ ...calendar, workdays })} />
      </div>
    </fieldset>
  );
}

export function ServiceLevelsSection({ teams }: { teams: readonly Team[] }) {
  const { api, t, failed, notify } = useSettings();
  const [loaded, setLoaded] = useState<{ settings: ServiceSettings; etag: string } | undefined>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let live = true;
    api.serviceSettings().then(
      ({ etag, ...settings }) => live && setLoaded({ settings, etag }),
      (error: unknown) => live && failed(error),
    );
    return () => {
      live = false;
    };
  }, [api, failed]);

  if (!loaded) return <Spinner size="tiny" label={t('loading')} />;
  const { settings } = loaded;
  const change = (next: Partial<ServiceSettings>) => setLoaded({ ...loaded, settings: { ...settings, ...next } });
  const setPolicy = (index: number, field: 'responseMinutes' | 'resolutionMinutes' | 'warnPercent', value: string) =>
    change({ policies: settings.policies.map((policy, i) => (i === index ? { ...policy, [field]: Number(value) } : policy)) });

  const save = async () => {
    setBusy(true);
    try {
      const { etag, ...saved } = await api.saveServiceSettings(settings, loaded.etag);
      setLoaded({ settings: saved, etag });
      notify({ intent: 'success', body: t('slaSaved') });
    } catch (error) {
      failed(error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="settings-section service-levels" aria-labelledby="sla-heading">
      <h2 id="sla-heading">{t('slaHeading')}</h2>
      <p className="hint">{t('slaHint')}</p>
      <div className="policy-table" role="table" aria-label={t('slaHeading')}>
        <div role="row" className="policy-row head">
          <span role="columnheader">{t('policy')}</span>
          <span role="columnheader">{t('responseMinutes')}</span>
          <span role="columnheader">{t('resolutionMinutes')}</span>
          <span role="columnheader">{t('warnPercent')}</span>
        </div>
        {settings.policies.map((policy, index) => (
          <div role="row" className="policy-row" key={policy.id}>
            <span role="cell" className="policy-name">
              {policy.name}
            </span>
            {(['responseMinutes', 'resolutionMinutes', 'warnPercent'] as const).map((field) => (
              <span role="cell" key={field}>
                <Input
                  type="number"
                  aria-label={`${policy.name}: ${t(field)}`}
                  value={String(policy[field])}
                  onChange={(_e, data) => setPolicy(index, field, data.value)}
                />
              </span>
            ))}
          </div>
        ))}
      </div>
      <h3>{t('calendars')}</h3>
      {settings.calendars.map((calendar, index) => (
        <CalendarEditor
          key={calendar.id}
          calendar={calendar}
          onChange={(next) => change({ calendars: settings.calendars.map((each, i) => (i === index ? next : each)) })}
        />
      ))}
      {teams
        .filter((team) => team.kind === 'service')
        .map((team) => (
          <Field key={team.id} label={t('teamCalendar', { team: team.name })}>
            <Select
              value={settings.teamCalendars[team.id] ?? 'default'}
              onChange={(_e, data) => change({ teamCalendars: { ...settings.teamCalendars, [team.id]: data.value } })}
            >
              {settings.calendars.map((calendar) => (
                <option key={calendar.id} value={calendar.id}>
                  {calendar.name}
                </option>
              ))}
            </Select>
          </Field>
        ))}
      <fieldset className="paused-statuses">
        <legend>{t('pausedStatuses')}</legend>
        {pausable.map((status) => (
          <Checkbox
            key={status}
            label={t(`status.${status}`)}
            checked={settings.pausedStatuses.includes(status)}
            onChange={(_e, data) =>
              change({
                pausedStatuses: data.checked
                  ? [...settings.pausedStatuses, status]
                  : settings.pausedStatuses.filter((each) => each !== status),
              })
            }
          />
        ))}
      </fieldset>
      <Button appearance="primary" disabled={busy} onClick={() => void save()}>
        {t('saveSla')}
      </Button>
    </section>
  );
}
