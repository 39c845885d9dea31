import { Box, Typography } from '@mui/material';
import type { ReactNode } from 'react';
import { useRecordContext, useTranslate } from 'react-admin';
import { useFormatters } from '../shared/useFormatters';
import { useTiers } from '../tiers/useTiers';
import type { AuditEntry } from '../types';
import { auditDetailLabel, auditDetailValue } from './auditDetails';

/**
 * An entry's particulars, under its sentence (the row's expand panel): what it is about (by type
 * name and id) and each detail as a labelled field in the console's language (auditDetails.ts).
 */
export const AuditDetails = () => {
  const entry = useRecordContext<AuditEntry>();
  const translate = useTranslate();
  const formatters = useFormatters();
  const tiers = useTiers();
  if (!entry) return null;
  const format = { number: formatters.number, date: formatters.date, tier: tiers.name };
  const details = Object.entries(entry.details ?? {});
  return (
    <Box sx={{ py: 1 }} data-testid="audit-details">
      <Box component="dl" sx={{ m: 0, display: 'grid', gridTemplateColumns: 'max-content 1fr', columnGap: 2, rowGap: 0.5 }}>
        <Detail label={translate('resources.audit.fields.subject_type')}>
          {translate(`resources.audit.subjects.${entry.subject_type}`, { _: entry.subject_type })}{' '}
          <Box component="span" sx={{ fontFamily: 'monospace' }}>
            {entry.subject_id}
          </Box>
        </Detail>
        {details.map(([key, value]) => (
          <Detail key={key} label={auditDetailLabel(key, entry, translate)}>
            {auditDetailValue(key, value, entry, translate, format)}
          </Detail>
        ))}
      </Box>
    </Box>
  );
};

const Detail = ({ label, children }: { label: string; children: ReactNode }) => (
  <Box sx={{ display: 'contents' }} data-testid="audit-detail">
    <Typography component="dt" variant="body2" color="text.secondary">
      {label}
    </Typography>
    <Typography component="dd" variant="body2" sx={{ m: 0 }}>
      {children}
    </Typography>
  </Box>
);
