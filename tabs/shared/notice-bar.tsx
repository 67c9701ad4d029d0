// The notice a tab shows under its header (an action done, refused or in conflict), with a button to dismiss it.
import { Button, MessageBar, MessageBarActions, MessageBarBody, MessageBarTitle } from '@fluentui/react-components';

export interface Notice {
  intent: 'success' | 'warning' | 'error' | 'info';
  title?: string;
  body: string;
}

/** Success is announced politely; anything else at once. */
export function NoticeBar({ notice, dismissLabel, onDismiss }: { notice: Notice; dismissLabel: string; onDismiss(): void }) {
  return (
    <MessageBar
      intent={notice.intent}
      className="notice"
      data-intent={notice.intent}
      politeness={notice.intent === 'success' ? 'polite' : 'assertive'}
    >
      <MessageBarBody>
        {notice.title ? <MessageBarTitle>{notice.title}</MessageBarTitle> : null}
        {notice.body}
      </MessageBarBody>
      <MessageBarActions
        containerAction={
          <Button appearance="transparent" aria-label={dismissLabel} onClick={onDismiss}>
            ×
          </Button>
        }
      />
    </MessageBar>
  );
}
