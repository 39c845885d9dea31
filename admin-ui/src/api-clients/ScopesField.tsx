import { Chip, Stack } from '@mui/material';
import { useRecordContext, useTranslate } from 'react-admin';
import type { ApiClientRow } from '../types';

/** The client's scopes as chips, in the console's words; none: a dash. */
export const ScopesField = (_props: { label?: string }) => {
  const client = useRecordContext<Pick<ApiClientRow, 'scopes'>>();
  const translate = useTranslate();
  if (!client) return null;
  if (client.scopes.length === 0) return <span>—</span>;
  return (
    <Stack direction="row" spacing={0.5} useFlexGap sx={{ flexWrap: 'wrap' }}>
      {client.scopes.map((scope) => (
        <Chip key={scope} size="small" label={translate(`resources.api-clients.scopes.${scope}`)} />
      ))}
    </Stack>
  );
};
