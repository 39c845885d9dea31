import { Box, Typography } from '@mui/material';
import { useRecordContext, useTranslate } from 'react-admin';
import type { AuditEntry } from '../types';

/**
 * An entry's particulars as recorded, under its sentence (the row's expand panel): what it is about
 * (by type name and id) and each detail by its key. Keys and values are the record's own: ids,
 * codes and the words staff typed.
 */
export const AuditDetails = () => {
  const entry = useRecordContext<AuditEntry>();
  const translate = useTranslate();
  if (!entry) return null;
  const details = Object.entries(entry.details ?? {});
  return (
    <Box sx={{ py: 1 }} data-testid="audit-details">
      <Typography variant="body2">
        {translate('resources.audit.fields.subject_type')}:{' '}
        {translate(`resources.audit.subjects.${entry.subject_type}`, { _: entry.subject_type })} <code>{entry.subject_id}</code>
      </Typography>
      {details.length > 0 && (
        <Box component="dl" sx={{ m: 0, mt: 1, display: 'grid', gridTemplateColumns: 'max-content 1fr', columnGap: 2 }}>
          {details.map(([key, value]) => (
            <Box key={key} sx={{ display: 'contents' }}>
              <Typography component="dt" variant="body2">
                <code>{key}</code>
              </Typography>
              <Typography component="dd" variant="body2" sx={{ m: 0 }}>
                <code>{typeof value === 'string' ? value : JSON.stringify(value)}</code>
              </Typography>
            </Box>
          ))}
        </Box>
      )}
    </Box>
  );
};
