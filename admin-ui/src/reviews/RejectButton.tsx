import ThumbDownIcon from '@mui/icons-material/ThumbDown';
import { Dialog, DialogActions, DialogContent, DialogTitle, TextField } from '@mui/material';
import { useState, type FormEvent } from 'react';
import { Button, useRecordContext, useTranslate } from 'react-admin';
import type { Review } from '../types';
import { useDecideReview } from './useDecideReview';

/** Rejects an open review, with a reason the participant will read in the rejection mail. */
export const RejectButton = () => {
  const review = useRecordContext<Review>();
  const translate = useTranslate();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const close = () => {
    setOpen(false);
    setReason('');
  };
  const { mutate, isPending } = useDecideReview(close);
  if (review?.status !== 'open') return null;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    mutate({ id: review.id, decision: { decision: 'reject', reason: reason.trim() } });
  };

  return (
    <>
      <Button label="resources.reviews.actions.reject" variant="outlined" color="error" onClick={() => setOpen(true)}>
        <ThumbDownIcon />
      </Button>
      <Dialog open={open} onClose={close} fullWidth maxWidth="sm">
        <form onSubmit={submit}>
          <DialogTitle>{translate('resources.reviews.reject_dialog.title')}</DialogTitle>
          <DialogContent>
            <TextField
              autoFocus
              required
              fullWidth
              multiline
              minRows={3}
              margin="dense"
              label={translate('resources.reviews.fields.decision_reason')}
              helperText={translate('resources.reviews.reject_dialog.hint')}
              value={reason}
              onChange={(event) => setReason(event.target.value)}
              slotProps={{ htmlInput: { maxLength: 1000 } }}
            />
          </DialogContent>
          <DialogActions>
            <Button label="ra.action.cancel" onClick={close} />
            <Button label="resources.reviews.actions.reject" type="submit" color="error" variant="contained" disabled={isPending || !reason.trim()} />
          </DialogActions>
        </form>
      </Dialog>
    </>
  );
};
