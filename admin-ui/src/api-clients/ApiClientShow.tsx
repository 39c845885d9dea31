import { Box } from '@mui/material';
import { ArrayField, DataTable, EditButton, Show, SimpleShowLayout, TextField, TopToolbar } from 'react-admin';
import { DateTimeField } from '../shared/DateTimeField';
import { Section } from '../shared/Section';
import type { ApiClientRecord, ApiKeyRecord } from '../types';
import { IssueKeyButton, RevokeKeyButton } from './KeyButtons';
import { ScopesField } from './ScopesField';

const KeyColumn = DataTable.Col<ApiKeyRecord>;

/** One client: its scopes, and its keys newest first (issue a new one, revoke an old one: rotation). */
export const ApiClientShow = () => (
  <Show<ApiClientRecord>
    actions={
      <TopToolbar>
        <IssueKeyButton />
        <EditButton />
      </TopToolbar>
    }
  >
    <SimpleShowLayout>
      <TextField source="name" />
      <ScopesField label="resources.api-clients.fields.scopes" />
      <DateTimeField source="created_at" />
      <DateTimeField source="disabled_at" emptyText="—" />
    </SimpleShowLayout>
    <Box sx={{ px: 2, pb: 2 }}>
      <Section title="resources.api-clients.sections.keys">
        <ArrayField source="keys">
          <DataTable bulkActionButtons={false} rowClick={false}>
            <KeyColumn
              source="key_prefix"
              label="resources.api-clients.fields.key_prefix"
              render={(key) => <code>{key.key_prefix}…</code>}
            />
            <KeyColumn source="created_at" label="resources.api-clients.fields.key_created_at">
              <DateTimeField source="created_at" />
            </KeyColumn>
            <KeyColumn source="revoked_at" label="resources.api-clients.fields.revoked_at">
              <DateTimeField source="revoked_at" emptyText="—" />
            </KeyColumn>
            <KeyColumn label={false}>
              <RevokeKeyButton />
            </KeyColumn>
          </DataTable>
        </ArrayField>
      </Section>
    </Box>
  </Show>
);
