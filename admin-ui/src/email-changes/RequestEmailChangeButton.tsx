import AlternateEmailIcon from '@mui/icons-material/AlternateEmail';
import { Dialog, DialogActions, DialogContent, DialogContentText, DialogTitle, TextField } from '@mui/material';
import { useState, type FormEvent } from 'react';
import { Button, useDataProvider, useRecordContext, useRedirect, useTranslate, type Identifier } from 'react-admin';
import type { ConsoleDataProvider } from '../dataProvider';
import { useConsoleAction } from '../shared/useConsoleAction';
import type { Participant } from '../types';

/**
 * R21 on the participant's behalf (they changed employer and lost the corporate mailbox): support
 * opens an email change with the new address, then uploads the two documents on the request's page.
 */
export const RequestEmailChangeButton = () => {
  const participant = useRecordContext<Participant>();
  const dataProvider = useDataProvider<ConsoleDataProvider>();
  const translate = useTranslate();
  const redirect = useRedirect();
  const [open, setOpen] = useState(false);
  const [address, setAddress] = useState('');
  const { mutate, isPending } = useConsoleAction({
    mutationFn: ({ id, newEmail }: { id: Identifier; newEmail: string }) => dataProvider.openEmailChange(id, newEmail),
    success: 'resources.email-changes.notifications.opened',
  });
  if (participant?.status !== 'active') return null;

  const close = () => {
    setOpen(false);
    setAddress('');
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    mutate(
      { id: participant.id, newEmail: address.trim() },
      {
        onSuccess: (request) => {
          close();
          redirect('show', 'email-changes', request.id);
        },
      },
    );
  };

  return (
    <>
      <Button label="resources.participants.actions.request_email_change" onClick={() => setOpen(true)}>
        <AlternateEmailIcon />
      </Button>
      <Dialog open={open} onClose={close} fullWidth maxWidth="sm">
        <form onSubmit={submit}>
          <DialogTitle>{translate('resources.email-changes.open_dialog.title')}</DialogTitle>
          <DialogContent>
            <DialogContentText sx={{ mb: 1 }}>
              {translate('resources.email-changes.open_dialog.explain', { email: participant.email })}
            </DialogContentText>
            <TextField
              autoFocus
              required
              fullWidth
              margin="dense"
              type="email"
              label={translate('resources.email-changes.open_dialog.new_email')}
              helperText={translate('resources.email-changes.open_dialog.hint')}
              value={address}
              onChange={(event) => setAddress(event.target.value)}
              slotProps={{ htmlInput: { maxLength: 254 } }}
            />
          </DialogContent>
          <DialogActions>
            <Button label="ra.action.cancel" onClick={close} />
            <Button
              label="resources.email-changes.open_dialog.submit"
              type="submit"
              variant="contained"
              disabled={isPending || !address.trim()}
            />
          </DialogActions>
        </form>
      </Dialog>
    </>
  );
};
