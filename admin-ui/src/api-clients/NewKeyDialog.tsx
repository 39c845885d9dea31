import ContentCopyIcon from '@mui/icons-material/ContentCopy';
import { Alert, Dialog, DialogActions, DialogContent, DialogTitle, IconButton, InputAdornment, TextField } from '@mui/material';
import { Button, useNotify, useTranslate } from 'react-admin';

/** Shows a new key once: only its hash is stored, so it cannot be shown again. */
export const NewKeyDialog = ({ name, apiKey, onClose }: { name: string; apiKey: string | null; onClose: () => void }) => {
  const translate = useTranslate();
  const notify = useNotify();
  const copy = async (key: string) => {
    await navigator.clipboard.writeText(key);
    notify('resources.api-clients.created_dialog.copied', { type: 'info' });
  };
  return (
    <Dialog open={apiKey !== null} fullWidth maxWidth="sm">
      <DialogTitle>{translate('resources.api-clients.created_dialog.title', { name })}</DialogTitle>
      <DialogContent>
        <Alert severity="warning" sx={{ mb: 2 }}>
          {translate('resources.api-clients.created_dialog.once')}
        </Alert>
        <TextField
          fullWidth
          label={translate('resources.api-clients.created_dialog.key')}
          value={apiKey ?? ''}
          slotProps={{
            htmlInput: { readOnly: true, style: { fontFamily: 'monospace' } },
            input: {
              // the clipboard API exists in secure contexts only (https or localhost)
              endAdornment: apiKey && 'clipboard' in navigator && (
                <InputAdornment position="end">
                  <IconButton aria-label={translate('resources.api-clients.created_dialog.copy')} onClick={() => copy(apiKey)}>
                    <ContentCopyIcon />
                  </IconButton>
                </InputAdornment>
              ),
            },
          }}
        />
      </DialogContent>
      <DialogActions>
        <Button label="ra.action.close" variant="contained" onClick={onClose} />
      </DialogActions>
    </Dialog>
  );
};
