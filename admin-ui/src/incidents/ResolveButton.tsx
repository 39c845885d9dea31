import CheckCircleIcon from '@mui/icons-material/CheckCircle';
import { useDataProvider, useRecordContext, type Identifier } from 'react-admin';
import type { ConsoleDataProvider } from '../dataProvider';
import { TextPromptButton } from '../shared/TextPromptButton';
import { useConsoleAction } from '../shared/useConsoleAction';
import type { Incident } from '../types';

/** Closes an open incident with what staff did about it (e.g. the report was found and a claim filed). */
export const ResolveButton = () => {
  const incident = useRecordContext<Incident>();
  const dataProvider = useDataProvider<ConsoleDataProvider>();
  const { mutate, isPending } = useConsoleAction({
    mutationFn: ({ id, resolution }: { id: Identifier; resolution: string }) => dataProvider.resolveIncident(id, resolution),
    success: 'resources.incidents.notifications.resolved',
    stale: { code: 'incident_not_open', message: 'resources.incidents.notifications.not_open' },
  });
  if (incident?.status !== 'open') return null;
  return (
    <TextPromptButton
      label="resources.incidents.actions.resolve"
      title="resources.incidents.resolve_dialog.title"
      fieldLabel="resources.incidents.fields.resolution"
      hint="resources.incidents.resolve_dialog.hint"
      icon={<CheckCircleIcon />}
      color="success"
      variant="text"
      maxLength={2000}
      isPending={isPending}
      onSubmit={(resolution, close) => mutate({ id: incident.id, resolution }, { onSuccess: close })}
    />
  );
};
