import KeyIcon from '@mui/icons-material/Key';
import { Alert, Box, Button, Stack, TextField, Typography } from '@mui/material';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useGetIdentity, useNotify, useTranslate } from 'react-admin';
import { reloadSession } from '../authProvider';
import { secondFactorApi, type Enrolment } from './secondFactorApi';

const CODE = /^\d{6}$/;

/**
 * The signed-in staff member's own second factor: set up an authenticator app (the secret is shown
 * this once, as text and as the otpauth:// URI), confirm it with a code; or replace it, which takes a
 * code from the current one.
 */
export const SecondFactorEnrolment = () => {
  const translate = useTranslate();
  const notify = useNotify();
  const queryClient = useQueryClient();
  const { identity, refetch } = useGetIdentity();
  const active = identity?.secondFactor === true;
  const [enrolment, setEnrolment] = useState<Enrolment | null>(null);
  const [currentCode, setCurrentCode] = useState('');
  const [code, setCode] = useState('');

  const start = useMutation({
    mutationFn: () => secondFactorApi.start(active ? currentCode : undefined),
    onSuccess: (started) => {
      setEnrolment(started);
      setCurrentCode('');
    },
    onError: (error) => notify(error.message, { type: 'error' }),
  });

  const confirm = useMutation({
    mutationFn: () => secondFactorApi.confirm(code),
    onSuccess: async () => {
      setEnrolment(null);
      setCode('');
      notify('console.security.enrolled', { type: 'success' });
      await reloadSession();
      await refetch();
      await queryClient.invalidateQueries({ queryKey: ['auth'] });
    },
    onError: (error) => notify(error.message, { type: 'error' }),
  });

  const submitStart = (event: FormEvent) => {
    event.preventDefault();
    start.mutate();
  };
  const submitConfirm = (event: FormEvent) => {
    event.preventDefault();
    confirm.mutate();
  };

  if (enrolment) {
    return (
      <Stack spacing={2} component="form" onSubmit={submitConfirm} sx={{ maxWidth: 560 }}>
        <Typography variant="body2">{translate('console.security.scan')}</Typography>
        <Alert severity="warning">{translate('console.security.shown_once')}</Alert>
        <TextField label={translate('console.security.secret')} value={enrolment.secret} slotProps={{ input: { readOnly: true } }} />
        <Box>
          <Typography variant="caption" color="text.secondary">
            {translate('console.security.uri')}
          </Typography>
          <Typography variant="body2" sx={{ fontFamily: 'monospace', wordBreak: 'break-all' }} data-testid="otpauth-uri">
            {enrolment.otpauthUri}
          </Typography>
        </Box>
        <TextField
          label={translate('console.security.code')}
          value={code}
          onChange={(e) => setCode(e.target.value.trim())}
          autoComplete="one-time-code"
          slotProps={{ htmlInput: { inputMode: 'numeric', maxLength: 6 } }}
          required
        />
        <Stack direction="row" spacing={1}>
          <Button type="submit" variant="contained" disabled={!CODE.test(code) || confirm.isPending}>
            {translate('console.security.confirm')}
          </Button>
          <Button onClick={() => setEnrolment(null)}>{translate('ra.action.cancel')}</Button>
        </Stack>
      </Stack>
    );
  }

  return (
    <Stack spacing={2} component="form" onSubmit={submitStart} sx={{ maxWidth: 560 }}>
      <Typography variant="body2">{translate(active ? 'console.security.active' : 'console.security.inactive')}</Typography>
      {active && (
        <TextField
          label={translate('console.security.current_code')}
          value={currentCode}
          onChange={(e) => setCurrentCode(e.target.value.trim())}
          autoComplete="one-time-code"
          slotProps={{ htmlInput: { inputMode: 'numeric', maxLength: 6 } }}
        />
      )}
      <Box>
        <Button type="submit" variant="contained" startIcon={<KeyIcon />} disabled={start.isPending || (active && !CODE.test(currentCode))}>
          {translate(active ? 'console.security.replace' : 'console.security.set_up')}
        </Button>
      </Box>
    </Stack>
  );
};
