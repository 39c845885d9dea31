import { DataTable, List, SelectInput, TextInput } from 'react-admin';
import { CodeField } from '../shared/CodeField';
import { DateTimeField } from '../shared/DateTimeField';
import type { AuditEntry } from '../types';
import { auditActions } from './auditActions';

const Column = DataTable.Col<AuditEntry>;

const auditFilters = [
  <SelectInput key="action" source="action" choices={auditActions} emptyText="console.all" alwaysOn />,
  <TextInput key="subject_id" source="subject_id" alwaysOn />,
];

/** Who did what, newest first. */
export const AuditList = () => (
  <List<AuditEntry> filters={auditFilters} sort={{ field: 'at', order: 'DESC' }} exporter={false}>
    <DataTable bulkActionButtons={false} rowClick={false}>
      <Column source="at">
        <DateTimeField source="at" />
      </Column>
      <Column source="actor_label" disableSort />
      <Column source="action">
        <CodeField source="action" messages="resources.audit.actions" />
      </Column>
      <Column source="subject_type" disableSort />
      <Column source="subject_id" disableSort />
      <Column
        source="details"
        disableSort
        render={(entry) => Object.keys(entry.details).length > 0 && <code>{JSON.stringify(entry.details)}</code>}
      />
    </DataTable>
  </List>
);
