// Picks an account by the start of its name, from the same search the home tab uses: for a new case and the account filter.
import { Combobox, Option } from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import { ApiError } from '../shared/api';
import { useTabFailure } from '../shared/tab-error-boundary';
import type { AccountHit } from './cases.api';
import { useCases } from './cases.context';

export interface PickedAccount {
  id: string;
  name: string;
}

interface AccountPickerProps {
  id?: string;
  value?: PickedAccount;
  onChange(account: PickedAccount | undefined): void;
  /** Labelled by its Field; this names it for screen readers when there is none. */
  ariaLabel?: string;
  /** The Field's validation state, e.g. after a failed submit. */
  invalid?: boolean;
}

export function AccountPicker({ id, value, onChange, ariaLabel, invalid }: AccountPickerProps) {
  const { api, t } = useCases();
  const fail = useTabFailure();
  const [typed, setTyped] = useState(value?.name ?? '');
  const [hits, setHits] = useState<AccountHit[]>([]);
  // Opened by the search's answer too: the list would otherwise stay shut when the options arrive after the keystroke.
  const [open, setOpen] = useState(false);
  const prefix = typed.trim();

  useEffect(() => {
    if (!prefix || prefix === value?.name) return;
    const controller = new AbortController();
    // Typing pauses before the server is asked, so each keystroke does not cost a search.
    const timer = setTimeout(() => {
      api.searchAccounts(prefix, controller.signal).then(
        (found) => {
          setHits(found);
          setOpen(true);
        },
        (error: unknown) => {
          if (controller.signal.aborted) return;
          if (error instanceof ApiError) setHits([]);
          else fail(error);
        },
      );
    }, 200);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [api, fail, prefix, value?.name]);

  return (
    <Combobox
      id={id}
      freeform
      aria-label={ariaLabel}
      aria-invalid={invalid || undefined}
      placeholder={t('accountSearch')}
      value={typed}
      open={open}
      onOpenChange={(_event, data) => setOpen(data.open)}
      selectedOptions={value ? [value.id] : []}
      onChange={(event) => {
        setTyped(event.target.value);
        if (value && event.target.value !== value.name) onChange(undefined);
      }}
      onOptionSelect={(_event, data) => {
        const hit = hits.find((one) => one.accountId === data.optionValue);
        if (!hit) return;
        setTyped(hit.name);
        setOpen(false);
        onChange({ id: hit.accountId, name: hit.name });
      }}
    >
      {hits.map((hit) => (
        <Option key={hit.accountId} value={hit.accountId} text={hit.name}>
          {hit.name}
        </Option>
      ))}
      {prefix && hits.length === 0 && prefix !== value?.name ? (
        <Option key="none" value="" text="" disabled>
          {t('accountNone', { prefix })}
        </Option>
      ) : null}
    </Combobox>
  );
}
