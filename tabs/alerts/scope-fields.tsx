// Which records a rule watches: teams, owners, the account tier and a smallest deal amount; nothing chosen means all.
import { Field, Input, Select } from '@fluentui/react-components';
import { useAlerts } from './alerts.context';
import type { DraftSection } from './draft-section';
import { PickMany } from './pick-many';
import type { Tier } from './rule-draft';

const tiers: Tier[] = ['any', 'key', 'other'];

export function ScopeFields({ section }: { section: DraftSection }) {
  const { t, catalogue } = useAlerts();
  const { draft, change, invalid, locked } = section;
  return (
    <fieldset className="form-part scope-part">
      <legend>{t('scopeHeading')}</legend>
      <PickMany
        label={t('scopeTeams')}
        hint={t('scopeTeamsHint')}
        choices={catalogue.teams}
        selected={draft.teamIds}
        onChange={(teamIds) => change({ teamIds })}
        disabled={locked}
        invalid={invalid('scope.teamIds')}
      />
      <PickMany
        label={t('scopeOwners')}
        hint={t('scopeOwnersHint')}
        choices={catalogue.people.map((person) => ({ id: person.userId, name: person.name }))}
        selected={draft.ownerIds}
        onChange={(ownerIds) => change({ ownerIds })}
        disabled={locked}
        invalid={invalid('scope.ownerIds')}
      />
      <div className="field-pair">
        <Field label={t('tier')} validationState={invalid('scope.tier') ? 'error' : 'none'}>
          <Select value={draft.tier} disabled={locked} onChange={(_event, data) => change({ tier: data.value as Tier })}>
            {tiers.map((tier) => (
              <option key={tier} value={tier}>
                {t(`tier.${tier}`)}
              </option>
            ))}
          </Select>
        </Field>
        <Field
          label={t('minAmount')}
          hint={t('minAmountHint', { currency: catalogue.reportingCurrency })}
          validationState={invalid('scope.minAmount') ? 'error' : 'none'}
        >
          <Input
            type="number"
            inputMode="decimal"
            min={0}
            value={draft.minAmount}
            disabled={locked}
            contentAfter={<span className="unit">{catalogue.reportingCurrency}</span>}
            onChange={(_event, data) => change({ minAmount: data.value })}
          />
        </Field>
      </div>
    </fieldset>
  );
}
