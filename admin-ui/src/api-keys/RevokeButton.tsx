import BlockIcon from '@mui/icons-material/Block';
import { useState } from 'react';
import { Button, Confirm, useDelete, useNotify, useRecordContext, useRefresh } from 'react-admin';
import type { ApiKey } from '../types';

/** Revokes an API key (`DELETE /admin/api/api-keys/:id`); the key stays listed as revoked. */
export const RevokeButton = () => {
  const apiKey = useRecordContext<ApiKey>();
  const notify = useNotify();
  const refresh = useRefresh();
  const [confirming, setConfirming] = useState(false);
  const [revoke, { isPending }] = useDelete<ApiKey>();
  if (!apiKey || apiKey.revoked_at) return null;

  const confirm = () =>
    revoke(
      'api-keys',
      { id: apiKey.id, previousData: apiKey },
      {
        mutationMode: 'pessimistic',
        onSuccess: () => {
          notify('resources.api-keys.notifications.revoked', { type: 'success' });
          refresh();
        },
        onError: (error) => notify(error instanceof Error ? error.message : String(error), { type: 'error' }),
        onSettled: () => setConfirming(false),
      },
    );

  return (
    <>
      <Button label="resources.api-keys.actions.revoke" color="error" onClick={() => setConfirming(true)}>
        <BlockIcon />
      </Button>
      <Confirm
        isOpen={confirming}
        loading={isPending}
        title="resources.api-keys.revoke_confirm.title"
        content="resources.api-keys.revoke_confirm.content"
        translateOptions={{ name: apiKey.name }}
        onConfirm={confirm}
        onClose={() => setConfirming(false)}
      />
    </>
  );
};
