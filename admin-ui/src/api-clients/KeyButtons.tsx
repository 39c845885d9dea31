import AddIcon from '@mui/icons-material/Add';
import BlockIcon from '@mui/icons-material/Block';
import { useState } from 'react';
import { Button, Confirm, useDataProvider, useDelete, useNotify, useRecordContext, useRefresh } from 'react-admin';
import type { ConsoleDataProvider } from '../dataProvider';
import { useConsoleAction } from '../shared/useConsoleAction';
import type { ApiClientRecord, ApiKeyRecord } from '../types';
import { NewKeyDialog } from './NewKeyDialog';

/** Rotation, step one: one more key for the client, shown once; the client's other keys go on working. */
export const IssueKeyButton = () => {
  const client = useRecordContext<ApiClientRecord>();
  const dataProvider = useDataProvider<ConsoleDataProvider>();
  const [key, setKey] = useState<string | null>(null);
  const issue = useConsoleAction({
    mutationFn: (id: string) => dataProvider.issueApiKey(id),
    success: 'resources.api-clients.notifications.key_issued',
  });
  if (!client) return null;
  return (
    <>
      <Button
        label="resources.api-clients.actions.issue_key"
        disabled={issue.isPending}
        onClick={() => issue.mutate(client.id, { onSuccess: (issued) => setKey(issued.key) })}
      >
        <AddIcon />
      </Button>
      <NewKeyDialog name={client.name} apiKey={key} onClose={() => setKey(null)} />
    </>
  );
};

/** Revokes one key (`DELETE /admin/api/api-keys/:id`): requests with it get 401 at once; it stays listed as revoked. */
export const RevokeKeyButton = () => {
  const apiKey = useRecordContext<ApiKeyRecord>();
  const notify = useNotify();
  const refresh = useRefresh();
  const [confirming, setConfirming] = useState(false);
  const [revoke, { isPending }] = useDelete<ApiKeyRecord>();
  if (!apiKey || apiKey.revoked_at) return null;

  const confirm = () =>
    revoke(
      'api-keys',
      { id: apiKey.id, previousData: apiKey },
      {
        mutationMode: 'pessimistic',
        onSuccess: () => {
          notify('resources.api-clients.notifications.revoked', { type: 'success' });
          refresh();
        },
        onError: (error) => notify(error instanceof Error ? error.message : String(error), { type: 'error' }),
        onSettled: () => setConfirming(false),
      },
    );

  return (
    <>
      <Button label="resources.api-clients.actions.revoke" color="error" onClick={() => setConfirming(true)}>
        <BlockIcon />
      </Button>
      <Confirm
        isOpen={confirming}
        loading={isPending}
        title="resources.api-clients.revoke_confirm.title"
        content="resources.api-clients.revoke_confirm.content"
        translateOptions={{ prefix: apiKey.key_prefix }}
        onConfirm={confirm}
        onClose={() => setConfirming(false)}
      />
    </>
  );
};
