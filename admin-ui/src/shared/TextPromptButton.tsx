import { Dialog, DialogActions, DialogContent, DialogTitle, TextField, type ButtonProps } from '@mui/material';
import { useState, type FormEvent, type ReactElement } from 'react';
import { Button, useTranslate } from 'react-admin';

interface TextPromptButtonProps {
  /** Translation keys: the button (also the dialog's submit), the dialog's title, the text field and its hint. */
  label: string;
  title: string;
  fieldLabel: string;
  hint?: string;
  icon: ReactElement;
  color?: ButtonProps['color'];
  variant?: ButtonProps['variant'];
  maxLength: number;
  isPending: boolean;
  /** Called with the trimmed text; call `close` once the action has succeeded. */
  onSubmit: (text: string, close: () => void) => void;
}

/** A button that asks for a required text (a reason, a resolution) in a dialog before acting. */
export const TextPromptButton = ({
  label,
  title,
  fieldLabel,
  hint,
  icon,
  color = 'primary',
  variant = 'outlined',
  maxLength,
  isPending,
  onSubmit,
}: TextPromptButtonProps) => {
  const translate = useTranslate();
  const [open, setOpen] = useState(false);
  const [text, setText] = useState('');
  const close = () => {
    setOpen(false);
    setText('');
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit(text.trim(), close);
  };

  return (
    <>
      <Button label={label} variant={variant} color={color} onClick={() => setOpen(true)}>
        {icon}
      </Button>
      <Dialog open={open} onClose={close} fullWidth maxWidth="sm">
        <form onSubmit={submit}>
          <DialogTitle>{translate(title)}</DialogTitle>
          <DialogContent>
            <TextField
              autoFocus
              required
              fullWidth
              multiline
              minRows={3}
              margin="dense"
              label={translate(fieldLabel)}
              helperText={hint && translate(hint)}
              value={text}
              onChange={(event) => setText(event.target.value)}
              slotProps={{ htmlInput: { maxLength } }}
            />
          </DialogContent>
          <DialogActions>
            <Button label="ra.action.cancel" onClick={close} />
            <Button label={label} type="submit" color={color} variant="contained" disabled={isPending || !text.trim()} />
          </DialogActions>
        </form>
      </Dialog>
    </>
  );
};
