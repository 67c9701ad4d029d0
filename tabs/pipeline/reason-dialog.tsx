// Asks why a deal was won or lost before moving it to a closing stage; a lost deal's reason is required where the tenant says so.
import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Field,
  Textarea,
} from '@fluentui/react-components';
import { useState } from 'react';
import type { OpportunityCard, Stage } from './pipeline.api';
import { usePipeline } from './pipeline.context';

interface ReasonDialogProps {
  card: OpportunityCard;
  stage: Stage;
  onCancel(): void;
  onConfirm(reason: string | undefined): void;
}

export function ReasonDialog({ card, stage, onCancel, onConfirm }: ReasonDialogProps) {
  const { t, lostReasonRequired } = usePipeline();
  const [reason, setReason] = useState('');
  const required = stage.kind === 'lost' && lostReasonRequired;
  const missing = required && !reason.trim();
  return (
    <Dialog open modalType="modal" onOpenChange={(_event, data) => (data.open ? undefined : onCancel())}>
      <DialogSurface>
        <form
          onSubmit={(event) => {
            event.preventDefault();
            if (!missing) onConfirm(reason.trim() || undefined);
          }}
        >
          <DialogBody>
            <DialogTitle>{t(stage.kind === 'won' ? 'reasonWon' : 'reasonLost', { title: card.title })}</DialogTitle>
            <DialogContent>
              <Field
                label={t(required ? 'reasonRequired' : 'reasonLabel')}
                required={required}
                hint={missing ? t('reasonRequiredHint') : undefined}
              >
                <Textarea value={reason} maxLength={1000} onChange={(_event, data) => setReason(data.value)} />
              </Field>
            </DialogContent>
            <DialogActions>
              <Button type="submit" appearance="primary" disabled={missing}>
                {t('confirmMove')}
              </Button>
              <Button type="button" onClick={onCancel}>
                {t('cancel')}
              </Button>
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}
