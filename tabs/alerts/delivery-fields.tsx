// When a rule's alerts go out: at once or in a daily digest at a local time, never during quiet hours, and at most so
// many per person and day (the rest wait for the digest); and whether the rule is on.
import { Checkbox, Field, Input, Radio, RadioGroup, Switch } from '@fluentui/react-components';
import { useAlerts } from './alerts.context';
import type { DraftSection } from './draft-section';
import type { CadenceMode } from './rule-draft';

export function DeliveryFields({ section }: { section: DraftSection }) {
  const { t } = useAlerts();
  const { draft, change, invalid, locked } = section;
  const state = (path: string) => (invalid(path) ? ('error' as const) : ('none' as const));
  const missingTime = (path: string, value: string) => (invalid(path) && !value ? t('timeRequired') : undefined);

  return (
    <fieldset className="form-part delivery-part">
      <legend>{t('deliveryHeading')}</legend>
      <Field label={t('cadence')} validationState={state('cadence.mode')}>
        <RadioGroup
          value={draft.cadence}
          disabled={locked}
          layout="horizontal"
          onChange={(_event, data) => change({ cadence: data.value as CadenceMode })}
        >
          <Radio value="immediate" label={t('cadenceImmediate')} />
          <Radio value="digest" label={t('cadenceDigest')} />
        </RadioGroup>
      </Field>
      {draft.cadence === 'digest' ? (
        <Field
          label={t('digestAt')}
          hint={t('localTimeHint')}
          validationState={state('cadence.digestAt')}
          validationMessage={missingTime('cadence.digestAt', draft.digestAt)}
          className="time-field"
        >
          <Input type="time" value={draft.digestAt} disabled={locked} onChange={(_event, data) => change({ digestAt: data.value })} />
        </Field>
      ) : null}
      <Checkbox
        label={t('quietHours')}
        checked={draft.quiet}
        disabled={locked}
        onChange={(_event, data) => change({ quiet: data.checked === true })}
      />
      {draft.quiet ? (
        <div className="quiet-hours">
          <div className="field-pair">
            <Field
              label={t('quietFrom')}
              validationState={state('quietHours.from')}
              validationMessage={missingTime('quietHours.from', draft.quietFrom)}
            >
              <Input type="time" value={draft.quietFrom} disabled={locked} onChange={(_event, data) => change({ quietFrom: data.value })} />
            </Field>
            <Field
              label={t('quietTo')}
              validationState={state('quietHours.to')}
              validationMessage={missingTime('quietHours.to', draft.quietTo)}
            >
              <Input type="time" value={draft.quietTo} disabled={locked} onChange={(_event, data) => change({ quietTo: data.value })} />
            </Field>
          </div>
          <p className="hint">{t('quietHint')}</p>
        </div>
      ) : null}
      <Field
        label={t('capPerDay')}
        hint={t('capHint')}
        validationState={state('capPerDay')}
        validationMessage={invalid('capPerDay') && !draft.capPerDay.trim() ? t('numberRequired') : undefined}
        className="cap-field"
      >
        <Input
          type="number"
          inputMode="numeric"
          min={1}
          max={200}
          value={draft.capPerDay}
          disabled={locked}
          contentAfter={<span className="unit">{t('unit.alerts')}</span>}
          onChange={(_event, data) => change({ capPerDay: data.value })}
        />
      </Field>
      <Switch
        label={t('enabled')}
        checked={draft.enabled}
        disabled={locked}
        onChange={(_event, data) => change({ enabled: data.checked })}
      />
    </fieldset>
  );
}
