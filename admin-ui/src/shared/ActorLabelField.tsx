import { Typography } from '@mui/material';
import { useFieldValue, useTranslate, type FieldProps } from 'react-admin';

/**
 * Who did something, as the server records it (`created_by`, `decided_by`): a staff member's email as
 * it is; an API client's `api:<name>` and the `system` said in the console's language.
 */
export const ActorLabelField = ({ emptyText, ...props }: FieldProps) => {
  const value = useFieldValue(props) as string | null | undefined;
  const translate = useTranslate();
  if (value == null || value === '')
    return emptyText ? <Typography variant="body2">{translate(emptyText, { _: emptyText })}</Typography> : null;
  const text = value.startsWith('api:')
    ? translate('console.actors.api_client', { name: value.slice('api:'.length) })
    : value === 'system'
      ? translate('console.actors.system')
      : value;
  return (
    <Typography component="span" variant="body2">
      {text}
    </Typography>
  );
};
