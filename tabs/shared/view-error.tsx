// A view whose data did not load: the server's reason in the user's language and a way to try again.
import { Button, MessageBar, MessageBarActions, MessageBarBody } from '@fluentui/react-components';
import { describeError, useTab } from './tab-context';

export function ViewError({ error, onRetry }: { error: unknown; onRetry(): void }) {
  const { t } = useTab();
  return (
    <MessageBar intent="error" className="view-error">
      <MessageBarBody>{describeError(error, t)}</MessageBarBody>
      <MessageBarActions>
        <Button size="small" onClick={onRetry}>
          {t('retry')}
        </Button>
      </MessageBarActions>
    </MessageBar>
  );
}
