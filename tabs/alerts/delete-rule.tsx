// Deleting a rule, after the person confirms it in a dialog that names the rule.
import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  DialogTrigger,
} from '@fluentui/react-components';
import { useAlerts } from './alerts.context';

export function DeleteRule({ name, disabled, onConfirm }: { name: string; disabled: boolean; onConfirm(): void }) {
  const { t } = useAlerts();
  return (
    <Dialog modalType="alert">
      <DialogTrigger disableButtonEnhancement>
        <Button className="delete-rule" appearance="subtle" disabled={disabled}>
          {t('delete')}
        </Button>
      </DialogTrigger>
      <DialogSurface>
        <DialogBody>
          <DialogTitle>{t('deleteTitle', { name })}</DialogTitle>
          <DialogContent>{t('deleteBody')}</DialogContent>
          <DialogActions>
            <DialogTrigger disableButtonEnhancement>
              <Button appearance="primary" onClick={onConfirm}>
                {t('deleteConfirm')}
              </Button>
            </DialogTrigger>
            <DialogTrigger disableButtonEnhancement>
              <Button>{t('cancel')}</Button>
            </DialogTrigger>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
