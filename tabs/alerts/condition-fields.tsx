// The rule's name, its condition picked from the catalogue (each with its one-line description), and the condition's
// thresholds: numbers within their bounds, a stage, an SLA clock or a complaint step.
import { Dropdown, Field, Input, Option, Select } from '@fluentui/react-components';
import type { ThresholdField } from './alerts.api';
import { useAlerts } from './alerts.context';
import type { DraftSection } from './draft-section';
import { withCondition } from './rule-draft';

const clocks = ['any', 'response', 'resolution'] as const;

function ThresholdInput({ field, section }: { field: ThresholdField; section: DraftSection }) {
  const { t, words, catalogue } = useAlerts();
  const { draft, change, invalid, locked } = section;
  const value = draft.thresholds[field.name] ?? '';
  const set = (next: string) => change({ thresholds: { ...draft.thresholds, [field.name]: next } });
  const label = words.fieldLabel(draft.condition, field);
  const wrong = invalid(`thresholds.${field.name}`);
  const validation = { validationState: wrong ? ('error' as const) : ('none' as const) };

  switch (field.kind) {
    case 'stage':
      return (
        <Field label={label} {...validation}>
          <Select value={value} disabled={locked} onChange={(_event, data) => set(data.value)}>
            {catalogue.stages.some((stage) => stage.id === value) ? null : <option value={value}>{words.fieldValue(field, value)}</option>}
            {catalogue.stages.map((stage) => (
              <option key={stage.id} value={stage.id}>
                {stage.name}
              </option>
            ))}
          </Select>
        </Field>
      );
    case 'clock':
      return (
        <Field label={label} {...validation}>
          <Select value={value} disabled={locked} onChange={(_event, data) => set(data.value)}>
            {clocks.map((clock) => (
              <option key={clock} value={clock}>
                {t(`clock.${clock}`)}
              </option>
            ))}
          </Select>
        </Field>
      );
    case 'step': {
      const steps = Array.from({ length: field.max - field.min + 1 }, (_, index) => field.min + index);
      return (
        <Field label={label} {...validation}>
          <Select value={value} disabled={locked} onChange={(_event, data) => set(data.value)}>
            {steps.map((step) => (
              <option key={step} value={String(step)}>
                {words.stepName(step)}
              </option>
            ))}
          </Select>
        </Field>
      );
    }
    default: {
      const unit = words.unit(field);
      return (
        <Field
          label={label}
          hint={t('fieldRange', { min: field.min, max: field.max })}
          {...validation}
          validationMessage={wrong && !value.trim() ? t('numberRequired') : undefined}
        >
          <Input
            type="number"
            inputMode="decimal"
            min={field.min}
            max={field.max}
            value={value}
            disabled={locked}
            contentAfter={unit ? <span className="unit">{unit}</span> : undefined}
            onChange={(_event, data) => set(data.value)}
          />
        </Field>
      );
    }
  }
}

export function ConditionFields({ section }: { section: DraftSection }) {
  const { t, catalogue, words } = useAlerts();
  const { draft, change, invalid, locked } = section;
  const condition = words.condition(draft.condition);

  return (
    <div className="form-part condition-part">
      <Field
        label={t('ruleName')}
        required
        validationState={invalid('name') ? 'error' : 'none'}
        validationMessage={invalid('name') && !draft.name.trim() ? t('nameRequired') : undefined}
      >
        <Input value={draft.name} maxLength={80} disabled={locked} onChange={(_event, data) => change({ name: data.value })} />
      </Field>
      <Field label={t('condition')} hint={condition?.description} validationState={invalid('condition') ? 'error' : 'none'}>
        <Dropdown
          className="condition-picker"
          value={words.conditionName(draft.condition)}
          selectedOptions={[draft.condition]}
          disabled={locked}
          onOptionSelect={(_event, data) => {
            const next = catalogue.conditions.find((each) => each.id === data.optionValue);
            if (next && next.id !== draft.condition) change(withCondition(draft, condition, next));
          }}
        >
          {catalogue.conditions.map((each) => (
            <Option key={each.id} value={each.id} text={each.name}>
              <span className="condition-option">
                <span className="condition-name">{each.name}</span>
                <span className="condition-description">{each.description}</span>
              </span>
            </Option>
          ))}
        </Dropdown>
      </Field>
      {condition?.onEvents ? <p className="hint">{t('onEvents')}</p> : null}
      {condition && condition.fields.length > 0 ? (
        <fieldset className="thresholds">
          <legend>{t('thresholdsHeading')}</legend>
          {condition.fields.map((field) => (
            <ThresholdInput key={field.name} field={field} section={section} />
          ))}
        </fieldset>
      ) : null}
    </div>
  );
}
