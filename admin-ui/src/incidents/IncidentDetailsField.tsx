import { Box, Button, Typography } from '@mui/material';
import { useState } from 'react';
import { useRecordContext, useTranslate } from 'react-admin';
import type { Incident } from '../types';

/** What the workflow did about the failure, as the API names it (api/incident-consequences.ts). */
interface IncidentConsequence {
  code: string;
  params: Record<string, string>;
}

/**
 * What went wrong, in the console's language, from the incident's codes: the process it concerns, the
 * failed step (by its activity's name, a code) and the kind of failure. The server's own account
 * (English, with the error's text, which may quote internals) is there on request, for whoever
 * takes it further.
 */
export const IncidentDetailsField = (_props: { source?: string; label?: string }) => {
  const incident = useRecordContext<Incident & { consequence?: IncidentConsequence | null }>();
  const translate = useTranslate();
  const [open, setOpen] = useState(false);
  if (!incident) return null;
  const t = (key: string, fallback: string) => translate(key, { _: fallback });
  const sentence =
    incident.kind === 'no_attendance_report'
      ? translate('resources.incidents.texts.no_attendance_report', { event: incident.event_title ?? '—' })
      : translate('resources.incidents.texts.step_failed', {
          subject: incident.subject_type ? t(`resources.incidents.subjects.${incident.subject_type}`, incident.subject_type) : '—',
          failure: t(`resources.incidents.failures.${incident.failure_type ?? 'other'}`, translate('resources.incidents.failures.other')),
        });
  return (
    <Box data-testid="incident-details">
      <Typography variant="body2">{sentence}</Typography>
      {incident.consequence && (
        <Typography variant="body2" data-testid="incident-consequence">
          {translate(`resources.incidents.consequences.${incident.consequence.code}`, {
            ...incident.consequence.params,
            _: translate('resources.incidents.consequences.other'),
          })}
        </Typography>
      )}
      {incident.step && (
        <Typography variant="body2" color="text.secondary">
          {translate('resources.incidents.texts.step')} <code>{incident.step}</code>
        </Typography>
      )}
      {incident.kind === 'step_failed' && incident.details && (
        <>
          <Button size="small" onClick={() => setOpen(!open)} sx={{ p: 0, minWidth: 0, textTransform: 'none' }}>
            {translate(open ? 'resources.incidents.texts.hide_technical' : 'resources.incidents.texts.show_technical')}
          </Button>
          {open && (
            <Typography component="pre" variant="caption" lang="en" sx={{ whiteSpace: 'pre-wrap', m: 0 }}>
              <code>{incident.details}</code>
            </Typography>
          )}
        </>
      )}
    </Box>
  );
};
