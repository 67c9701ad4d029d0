// A view whose data did not load: the reason in the user's language and a way to try again.
import { Button, MessageBar, MessageBarActions, MessageBarBody } from '@fluentui/react-components';
import { describeError, usePipeline } from './pipeline.context';

export function ViewError({ error, onRetry }: { error: unknown; onRetry(): void }) {
  const { t, locale } = usePipeline();
  return (
    <MessageBar intent="error" className="view-error">
      <MessageBarBody>{describeError(error, locale)}</MessageBarBody>
      <MessageBarActions>
        <Button size="small" onClick={onRetry}>
          {t('refresh')}
        </Button>
      </MessageBarActions>
    </MessageBar>
  );
}
