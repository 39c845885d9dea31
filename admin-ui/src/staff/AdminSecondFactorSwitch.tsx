import { FormControlLabel, Stack, Switch, Typography } from '@mui/material';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNotify, useTranslate } from 'react-admin';
import { secondFactorApi } from './secondFactorApi';

/** Admins: whether every admin account must have a second factor (an admin without one is sent to enrol). */
export const AdminSecondFactorSwitch = () => {
  const translate = useTranslate();
  const notify = useNotify();
  const queryClient = useQueryClient();
  const settings = useQuery({ queryKey: ['security-settings'], queryFn: () => secondFactorApi.settings() });
  const change = useMutation({
    mutationFn: (required: boolean) => secondFactorApi.setAdminSecondFactorRequired(required),
    onSuccess: (saved) => {
      queryClient.setQueryData(['security-settings'], saved);
      notify('console.security.settings_saved', { type: 'success' });
    },
    onError: (error) => notify(error.message, { type: 'error' }),
  });
  return (
    <Stack spacing={1}>
      <FormControlLabel
        control={
          <Switch
            checked={settings.data?.adminSecondFactorRequired ?? false}
            disabled={!settings.data || change.isPending}
            onChange={(event) => change.mutate(event.target.checked)}
          />
        }
        label={translate('console.security.admin_required')}
      />
      <Typography variant="body2" color="text.secondary">
        {translate('console.security.admin_required_hint')}
      </Typography>
    </Stack>
  );
};
