import { DataTable, List, SearchInput } from 'react-admin';
import { CodeField } from '../shared/CodeField';
import { DateTimeField } from '../shared/DateTimeField';
import type { Mail } from '../types';

const Column = DataTable.Col<Mail>;

const mailFilters = [<SearchInput key="q" source="q" alwaysOn />];

/** Every mail the program sent, newest first. */
export const MailList = () => (
  <List<Mail> filters={mailFilters} sort={{ field: 'created_at', order: 'DESC' }} exporter={false}>
    <DataTable rowClick="show" bulkActionButtons={false}>
      <Column source="created_at">
        <DateTimeField source="created_at" />
      </Column>
      <Column source="channel" disableSort>
        <CodeField source="channel" messages="resources.mail.channels" />
      </Column>
      <Column source="to_address" />
      <Column source="kind">
        <CodeField source="kind" messages="resources.mail.kinds" />
      </Column>
      <Column source="subject" disableSort />
      <Column source="sent_at" disableSort>
        <DateTimeField source="sent_at" emptyText="resources.mail.not_sent" />
      </Column>
    </DataTable>
  </List>
);
