import LockResetIcon from '@mui/icons-material/LockReset';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { Button, Confirm, useGetIdentity, useNotify, useRecordContext, useRefresh } from 'react-admin';
import type { Staff } from '../types';
import { secondFactorApi } from './secondFactorApi';

/** Admins: removes another staff member's second factor (a lost phone); they set up a new one at their next sign-in. */
export const ResetSecondFactorButton = () => {
  const staff = useRecordContext<Staff & { second_factor?: boolean }>();
  const { identity } = useGetIdentity();
  const notify = useNotify();
  const refresh = useRefresh();
  const [asking, setAsking] = useState(false);
  const remove = useMutation({
    mutationFn: (id: string) => secondFactorApi.remove(id),
    onSuccess: () => {
      notify('console.security.removed', { type: 'success' });
      refresh();
    },
    onError: (error) => notify(error.message, { type: 'error' }),
  });
  if (!staff?.second_factor || staff.id === identity?.id) return null;
  return (
    <>
      <Button label="console.security.remove" onClick={() => setAsking(true)} disabled={remove.isPending}>
        <LockResetIcon />
      </Button>
      <Confirm
        isOpen={asking}
        title="console.security.remove_title"
        content="console.security.remove_content"
        translateOptions={{ email: staff.email }}
        onConfirm={() => {
          setAsking(false);
          remove.mutate(staff.id);
        }}
        onClose={() => setAsking(false)}
      />
    </>
  );
};
