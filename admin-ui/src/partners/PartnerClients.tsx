import LinkIcon from '@mui/icons-material/Link';
import AddIcon from '@mui/icons-material/Add';
import { Dialog, DialogActions, DialogContent, DialogTitle, Stack, TextField as MuiTextField, Typography } from '@mui/material';
import { useState } from 'react';
import { ArrayField, Button, DataTable, usePermissions, useRecordContext, useTranslate } from 'react-admin';
import { NewKeyDialog } from '../api-clients/NewKeyDialog';
import { apiUrl, httpClient } from '../dataProvider';
import { DateTimeField } from '../shared/DateTimeField';
import { ShowLinkField } from '../shared/ShowLinkField';
import { useConsoleAction } from '../shared/useConsoleAction';
import type { StaffRole } from '../types';
import type { Partner } from './types';

const bind = async (partnerId: string, body: { clientId?: string }) =>
  (await httpClient(`${apiUrl}/partners/${encodeURIComponent(partnerId)}/api-client`, { method: 'POST', body: JSON.stringify(body) }))
    .json as {
    id: string;
    name: string;
    key: string | null;
  };

/** Admins: a new API client for the partner (its key shown once), or an existing client bound to it. */
const ClientButtons = ({ partner }: { partner: Partner }) => {
  const translate = useTranslate();
  const [key, setKey] = useState<string | null>(null);
  const [binding, setBinding] = useState(false);
  const [clientId, setClientId] = useState('');
  const create = useConsoleAction({ mutationFn: () => bind(partner.id, {}), success: 'resources.partners.notifications.client_created' });
  const attach = useConsoleAction({
    mutationFn: (id: string) => bind(partner.id, { clientId: id }),
    success: 'resources.partners.notifications.client_bound',
  });
  return (
    <Stack direction="row" spacing={1}>
      <Button
        label="resources.partners.actions.create_client"
        disabled={create.isPending}
        onClick={() => create.mutate(undefined, { onSuccess: (c) => setKey(c.key) })}
      >
        <AddIcon />
      </Button>
      <Button label="resources.partners.actions.bind_client" onClick={() => setBinding(true)}>
        <LinkIcon />
      </Button>
      <NewKeyDialog name={partner.name} apiKey={key} onClose={() => setKey(null)} />
      <Dialog open={binding} onClose={() => setBinding(false)} fullWidth maxWidth="sm">
        <DialogTitle>{translate('resources.partners.bind_dialog.title')}</DialogTitle>
        <DialogContent>
          <Typography variant="body2" sx={{ mb: 2 }}>
            {translate('resources.partners.bind_dialog.content')}
          </Typography>
          <MuiTextField
            fullWidth
            label={translate('resources.partners.bind_dialog.client_id')}
            value={clientId}
            onChange={(e) => setClientId(e.target.value.trim())}
          />
        </DialogContent>
        <DialogActions>
          <Button label="ra.action.cancel" onClick={() => setBinding(false)} />
          <Button
            label="resources.partners.actions.bind_client"
            variant="contained"
            disabled={clientId === '' || attach.isPending}
            onClick={() => attach.mutate(clientId, { onSuccess: () => setBinding(false) })}
          />
        </DialogActions>
      </Dialog>
    </Stack>
  );
};

/** The API clients that post for the partner (their keys are kept under API clients). */
export const PartnerClients = () => {
  const partner = useRecordContext<Partner>();
  const translate = useTranslate();
  const { permissions } = usePermissions<StaffRole>();
  if (!partner) return null;
  return (
    <Stack spacing={2}>
      {partner.clients?.length ? (
        <ArrayField source="clients">
          <DataTable bulkActionButtons={false} rowClick={false}>
            <DataTable.Col source="name" label="resources.api-clients.fields.name" disableSort>
              {permissions === 'admin' ? <ShowLinkField source="name" reference="api-clients" idSource="id" /> : undefined}
            </DataTable.Col>
            <DataTable.NumberCol source="live_keys" label="resources.api-clients.fields.live_keys" disableSort />
            <DataTable.Col source="disabled_at" label="resources.api-clients.fields.disabled_at" disableSort>
              <DateTimeField source="disabled_at" emptyText="—" />
            </DataTable.Col>
            <DataTable.Col source="created_at" label="resources.api-clients.fields.created_at" disableSort>
              <DateTimeField source="created_at" />
            </DataTable.Col>
          </DataTable>
        </ArrayField>
      ) : (
        <Typography variant="body2">{translate('resources.partners.no_clients')}</Typography>
      )}
      {permissions === 'admin' && <ClientButtons partner={partner} />}
    </Stack>
  );
};
