import ContentCopyIcon from '@mui/icons-material/ContentCopy';
import { Alert, Dialog, DialogActions, DialogContent, DialogTitle, IconButton, InputAdornment, TextField } from '@mui/material';
import { useState } from 'react';
import { Button, Create, required, SimpleForm, TextInput, useNotify, useRedirect, useTranslate } from 'react-admin';
import type { NewApiKey } from '../types';

/** Shows a new key once: only its hash is stored, so it cannot be shown again. */
const NewKeyDialog = ({ apiKey, onClose }: { apiKey: NewApiKey | null; onClose: () => void }) => {
  const translate = useTranslate();
  const notify = useNotify();
  const copy = async (key: string) => {
    await navigator.clipboard.writeText(key);
    notify('resources.api-keys.created_dialog.copied', { type: 'info' });
  };
  return (
    <Dialog open={apiKey !== null} fullWidth maxWidth="sm">
      <DialogTitle>{translate('resources.api-keys.created_dialog.title', { name: apiKey?.name })}</DialogTitle>
      <DialogContent>
        <Alert severity="warning" sx={{ mb: 2 }}>
          {translate('resources.api-keys.created_dialog.once')}
        </Alert>
        <TextField
          fullWidth
          label={translate('resources.api-keys.created_dialog.key')}
          value={apiKey?.key ?? ''}
          slotProps={{
            htmlInput: { readOnly: true, style: { fontFamily: 'monospace' } },
            input: {
              // the clipboard API exists in secure contexts only (https or localhost)
              endAdornment: apiKey && 'clipboard' in navigator && (
                <InputAdornment position="end">
                  <IconButton aria-label={translate('resources.api-keys.created_dialog.copy')} onClick={() => copy(apiKey.key)}>
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

export const ApiKeyCreate = () => {
  const [created, setCreated] = useState<NewApiKey | null>(null);
  const redirect = useRedirect();
  return (
    <>
      <Create<NewApiKey> mutationOptions={{ onSuccess: setCreated }}>
        <SimpleForm>
          <TextInput source="name" validate={required()} helperText="resources.api-keys.helper.name" />
        </SimpleForm>
      </Create>
      <NewKeyDialog apiKey={created} onClose={() => redirect('list', 'api-keys')} />
    </>
  );
};
