import { Typography } from '@mui/material';
import { useRecordContext, useTranslate } from 'react-admin';
import { useFormatters } from '../shared/useFormatters';
import { useTiers } from '../tiers/useTiers';
import type { AuditEntry } from '../types';
import { auditActor, auditSentence } from './auditSentence';

/** Who acted, in words (a staff member with their role, an API client, the system). */
export const AuditActorField = (_props: { source?: string; label?: string }) => {
  const entry = useRecordContext<AuditEntry>();
  const translate = useTranslate();
  return entry ? <Typography variant="body2">{auditActor(entry, translate)}</Typography> : null;
};

/** What happened, as a sentence in the console's language. */
export const AuditSentenceField = (_props: { source?: string; label?: string }) => {
  const entry = useRecordContext<AuditEntry>();
  const translate = useTranslate();
  const formatters = useFormatters();
  const tiers = useTiers();
  if (!entry) return null;
  const sentence = auditSentence(entry, translate, { number: formatters.number, date: formatters.date, tier: tiers.name });
  return (
    <Typography variant="body2" data-testid="audit-sentence">
      {sentence}
    </Typography>
  );
};
