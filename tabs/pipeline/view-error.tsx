// A view whose data did not load: the reason in the user's language and a way to try again.
import { Button, MessageBar, MessageBarActions, MessageBarBody } from '@fluentui/react-components';
import { describeError, useTab } from '../shared/tab-context';
import { usePipeline } from './pipeline.context';

export function ViewError({ error, onRetry }: { error: unknown; onRetry(): void }) {
  const { t } = usePipeline();
  const common = useTab().t;
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
