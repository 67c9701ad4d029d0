// Several teams or people picked by name: the chosen ones as tags (each removable), a box that filters the others as
// one types.
import {
  Field,
  Tag,
  TagPicker,
  TagPickerControl,
  TagPickerGroup,
  TagPickerInput,
  TagPickerList,
  TagPickerOption,
  useTagPickerFilter,
  type TagPickerProps,
} from '@fluentui/react-components';
import { useMemo, useState } from 'react';
import { useAlerts } from './alerts.context';

export interface Choice {
  id: string;
  name: string;
}

interface PickManyProps {
  label: string;
  hint?: string;
  choices: readonly Choice[];
  selected: readonly string[];
  onChange(selected: string[]): void;
  disabled?: boolean;
  invalid?: boolean;
  className?: string;
}

const noMatch = '\u0000no-match';

export function PickMany({ label, hint, choices, selected, onChange, disabled, invalid, className }: PickManyProps) {
  const { t } = useAlerts();
  const [query, setQuery] = useState('');
  const names = useMemo(() => new Map(choices.map((choice) => [choice.id, choice.name])), [choices]);
  const nameOf = (id: string) => names.get(id) ?? id;

  const select: TagPickerProps['onOptionSelect'] = (_event, data) => {
    if (data.value === noMatch) return;
    onChange(data.selectedOptions);
    setQuery('');
  };
  const options = useTagPickerFilter({
    query,
    options: choices.map((choice) => choice.id),
    noOptionsElement: <TagPickerOption value={noMatch}>{t('noMatch')}</TagPickerOption>,
    renderOption: (id) => (
      <TagPickerOption key={id} value={id} text={nameOf(id)}>
        {nameOf(id)}
      </TagPickerOption>
    ),
    filter: (id) => !selected.includes(id) && nameOf(id).toLocaleLowerCase().includes(query.trim().toLocaleLowerCase()),
  });

  return (
    <Field label={label} hint={hint} className={className} validationState={invalid ? 'error' : 'none'}>
      <TagPicker onOptionSelect={select} selectedOptions={[...selected]} disabled={disabled}>
        <TagPickerControl>
          <TagPickerGroup aria-label={label}>
            {selected.map((id) => (
              <Tag key={id} shape="rounded" value={id} dismissIcon={{ 'aria-label': t('removeChoice', { name: nameOf(id) }) }}>
                {nameOf(id)}
              </Tag>
            ))}
          </TagPickerGroup>
          <TagPickerInput aria-label={label} value={query} onChange={(event) => setQuery(event.target.value)} />
        </TagPickerControl>
        <TagPickerList>{options}</TagPickerList>
      </TagPicker>
    </Field>
  );
}
