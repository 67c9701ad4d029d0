// The queue's filters: status, priority, type, SLA, the viewer's own cases and one account, all answered by the server.
import { Button, Field, Select, Switch } from '@fluentui/react-components';
import { AccountPicker, type PickedAccount } from './account-picker';
import { useCases } from './cases.context';
import { priorities, slaFilters, statuses, types, type Filters } from './queue';

export interface FilterChoice {
  filters: Omit<Filters, 'ownerId' | 'accountId'>;
  mineOnly: boolean;
  account?: PickedAccount;
}

export const noFilters: FilterChoice = { filters: {}, mineOnly: false };

export const isFiltered = (choice: FilterChoice) =>
  choice.mineOnly || Boolean(choice.account) || Object.values(choice.filters).some(Boolean);

interface QueueFiltersProps {
  choice: FilterChoice;
  onChange(choice: FilterChoice): void;
  /** In "cases I own" every case is the viewer's: no "only mine". */
  offerMine: boolean;
}

export function QueueFilters({ choice, onChange, offerMine }: QueueFiltersProps) {
  const { t } = useCases();
  const set = <K extends keyof FilterChoice['filters']>(name: K, value: string) =>
    onChange({ ...choice, filters: { ...choice.filters, [name]: value || undefined } });
  const select = <K extends 'status' | 'priority' | 'type' | 'sla'>(
    name: K,
    label: string,
    values: readonly string[],
    text: (value: string) => string,
  ) => (
    <Field label={label} size="small" className="filter">
      <Select size="small" value={choice.filters[name] ?? ''} onChange={(_event, data) => set(name, data.value)}>
        <option value="">{t('filterAny')}</option>
        {values.map((value) => (
          <option key={value} value={value}>
            {text(value)}
          </option>
        ))}
      </Select>
    </Field>
  );
  return (
    <form className="queue-filters" aria-label={t('filters')} onSubmit={(event) => event.preventDefault()}>
      {select('status', t('filterStatus'), statuses, (value) => t(`status.${value as (typeof statuses)[number]}`))}
      {select('priority', t('filterPriority'), priorities, (value) => t(`priority.${value as (typeof priorities)[number]}`))}
      {select('type', t('filterType'), types, (value) => t(`type.${value as (typeof types)[number]}`))}
      {select('sla', t('filterSla'), slaFilters, (value) => t(value === 'breached' ? 'slaBreachedFilter' : 'slaAtRiskFilter'))}
      <Field label={t('filterAccount')} size="small" className="filter filter-account">
        <AccountPicker value={choice.account} onChange={(account) => onChange({ ...choice, account })} />
      </Field>
      {offerMine ? (
        <Switch
          className="filter-mine"
          label={t('filterMine')}
          checked={choice.mineOnly}
          onChange={(_event, data) => onChange({ ...choice, mineOnly: data.checked })}
        />
      ) : null}
      {isFiltered(choice) ? (
        <Button size="small" appearance="subtle" className="clear-filters" onClick={() => onChange(noFilters)}>
          {t('clearFilters')}
        </Button>
      ) : null}
    </form>
  );
}
