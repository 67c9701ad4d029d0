// A rule as someone who may not change it sees it: every setting in words.
import { Button } from '@fluentui/react-components';
import type { RuleBody } from './alerts.api';
import { useAlerts } from './alerts.context';
import { aspectsOf } from './rule-diff';
import { settingsOf } from './rule-draft';

export function RuleSummary({ rule, onClose }: { rule: RuleBody; onClose(): void }) {
  const { t, words } = useAlerts();
  return (
    <div className="rule-summary">
      <dl className="settings-list">
        {aspectsOf(settingsOf(rule), words, t).map((aspect) => (
          <div key={aspect.key} className="difference" data-aspect={aspect.key}>
            <dt>{aspect.label}</dt>
            <dd>{aspect.value}</dd>
          </div>
        ))}
      </dl>
      <div className="form-buttons">
        <Button onClick={onClose}>{t('close')}</Button>
      </div>
    </div>
  );
}
