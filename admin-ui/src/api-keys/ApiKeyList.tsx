import { DataTable, List } from 'react-admin';
import { DateTimeField } from '../shared/DateTimeField';
import type { ApiKey } from '../types';
import { RevokeButton } from './RevokeButton';

const Column = DataTable.Col<ApiKey>;

export const ApiKeyList = () => (
  <List<ApiKey> sort={{ field: 'created_at', order: 'DESC' }} exporter={false}>
    <DataTable bulkActionButtons={false} rowClick={false}>
      <Column source="name" />
      <Column source="key_prefix" disableSort render={(apiKey) => <code>{apiKey.key_prefix}…</code>} />
      <Column source="created_at">
        <DateTimeField source="created_at" />
      </Column>
      <Column source="revoked_at" disableSort>
        <DateTimeField source="revoked_at" />
      </Column>
      <Column label={false}>
        <RevokeButton />
      </Column>
    </DataTable>
  </List>
);
