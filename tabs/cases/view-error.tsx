// A part of the tab whose data did not load: the server's reason in the user's language and a way to try again.
import { Button, MessageBar, MessageBarActions, MessageBarBody } from '@fluentui/react-components';
import { describeError, useTab } from '../shared/tab-context';
import { casesTranslator } from './cases.strings';

export function ViewError({ error, onRetry }: { error: unknown; onRetry(): void }) {
  const { locale, t: common } = useTab();
  const t = casesTranslator(locale);
  return (
    <MessageBar intent="error" className="view-error">
      <MessageBarBody>{describeError(error, common)}</MessageBarBody>
      <MessageBarActions>
        <Button size="small" onClick={onRetry}>
          {t('refresh')}
        </Button>
      </MessageBarActions>
    </MessageBar>
  );
}
