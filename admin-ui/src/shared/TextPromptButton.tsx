import { Dialog, DialogActions, DialogContent, DialogTitle, TextField, type ButtonProps } from '@mui/material';
import { useState, type FormEvent, type ReactElement, type ReactNode } from 'react';
import { Button, Confirm, useTranslate } from 'react-admin';

interface TextPromptButtonProps {
  /** Translation keys: the button (also the dialog's submit), the dialog's title, the text field and its hint. */
  label: string;
  title: string;
  fieldLabel: string;
  hint?: string;
  /** What the action will do, shown above the fields (already translated). */
  description?: ReactNode;
  icon: ReactElement;
  color?: ButtonProps['color'];
  variant?: ButtonProps['variant'];
  maxLength: number;
  isPending: boolean;
  /** Called with the trimmed text; call `close` once the action has succeeded. */
  onSubmit: (text: string, close: () => void) => void;
  /** More fields above the text (e.g. an amount), whose state the caller keeps. */
  children?: ReactNode;
  /** False while those fields are not valid: the submit stays disabled. */
  canSubmit?: boolean;
  /** Called whenever the dialog closes, so the caller can reset its fields. */
  onClose?: () => void;
  /** An action that cannot be undone asks once more (translation keys) before `onSubmit`. */
  confirm?: { title: string; content: string; translateOptions?: Record<string, unknown> };
}

/** A button that asks for a required text (a reason, a resolution) in a dialog before acting. */
export const TextPromptButton = ({
  label,
  title,
  fieldLabel,
  hint,
  description,
  icon,
  color = 'primary',
  variant = 'outlined',
  maxLength,
  isPending,
  onSubmit,
  children,
  canSubmit = true,
  onClose,
  confirm,
}: TextPromptButtonProps) => {
  const translate = useTranslate();
  const [open, setOpen] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [text, setText] = useState('');
  const close = () => {
    setOpen(false);
    setConfirming(false);
    setText('');
    onClose?.();
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (confirm) setConfirming(true);
    else onSubmit(text.trim(), close);
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
            {description}
            {children}
            <TextField
              autoFocus={!children}
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
            <Button label={label} type="submit" color={color} variant="contained" disabled={isPending || !text.trim() || !canSubmit} />
          </DialogActions>
        </form>
      </Dialog>
      {confirm && (
        <Confirm
          isOpen={confirming}
          loading={isPending}
          title={confirm.title}
          content={confirm.content}
          translateOptions={confirm.translateOptions}
          confirm={label}
          confirmColor={color === 'error' ? 'warning' : 'primary'}
          onConfirm={() => onSubmit(text.trim(), close)}
          onClose={() => setConfirming(false)}
        />
      )}
    </>
  );
};
