import { CreateButton, DataTable, List, TopToolbar } from 'react-admin';
import { DateTimeField } from '../shared/DateTimeField';
import type { ApiClientRow } from '../types';
import { ScopesField } from './ScopesField';

const Column = DataTable.Col<ApiClientRow>;
const NumberColumn = DataTable.NumberCol<ApiClientRow>;

/** API clients (admins only): what each may do, and its keys (the newest live key's first characters, never a key). */
export const ApiClientList = () => (
  <List<ApiClientRow>
    sort={{ field: 'created_at', order: 'DESC' }}
    exporter={false}
    actions={
      <TopToolbar>
        <CreateButton />
      </TopToolbar>
    }
  >
    <DataTable bulkActionButtons={false} rowClick="show">
      <Column source="name" />
      <Column source="scopes" disableSort>
        <ScopesField />
      </Column>
      <NumberColumn source="live_keys" disableSort />
      <Column source="key_prefix" disableSort render={(client) => (client.key_prefix ? <code>{client.key_prefix}…</code> : '—')} />
      <Column source="created_at">
        <DateTimeField source="created_at" />
      </Column>
      <Column source="disabled_at" disableSort>
        <DateTimeField source="disabled_at" emptyText="—" />
      </Column>
    </DataTable>
  </List>
);
