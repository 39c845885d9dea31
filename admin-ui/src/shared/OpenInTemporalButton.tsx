import OpenInNewIcon from '@mui/icons-material/OpenInNew';
import { Button } from '@mui/material';
import { useRecordContext, useTranslate } from 'react-admin';
import type { ConsoleSettings } from '../types';
import { useSettings } from './useSettings';

const workflowUrl = ({ temporalUiUrl, namespace }: ConsoleSettings, workflowId: string): string =>
  `${temporalUiUrl}/namespaces/${namespace}/workflows/${encodeURIComponent(workflowId)}`;

/** Opens the record's workflow in the Temporal Web UI, in a new tab. */
export const OpenInTemporalButton = () => {
  const record = useRecordContext<{ workflow_id: string }>();
  const settings = useSettings();
  const translate = useTranslate();
  if (!record || !settings) return null;
  return (
    <Button
      size="small"
      href={workflowUrl(settings, record.workflow_id)}
      target="_blank"
      rel="noopener noreferrer"
      startIcon={<OpenInNewIcon />}
    >
      {translate('console.open_in_temporal')}
    </Button>
  );
};
