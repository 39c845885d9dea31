import { Typography } from '@mui/material';
import { useFieldValue, useTranslate, type FieldProps } from 'react-admin';

interface CodeFieldProps extends FieldProps {
  /** Where the codes' translations live, e.g. `console.reasons`. */
  messages: string;
}

/** A machine code shown by its translation; free text and unknown codes are shown as they are. */
export const CodeField = ({ messages, emptyText, ...props }: CodeFieldProps) => {
  const value = useFieldValue(props);
  const translate = useTranslate();
  const text =
    value == null || value === ''
      ? emptyText && translate(emptyText, { _: emptyText })
      : translate(`${messages}.${value}`, { _: String(value) });
  return text ? (
    <Typography component="span" variant="body2">
      {text}
    </Typography>
  ) : null;
};
