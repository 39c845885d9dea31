import { DataTable, List, SelectInput, TextInput } from 'react-admin';
import { CodeField } from '../shared/CodeField';
import { DateTimeField } from '../shared/DateTimeField';
import type { AuditEntry } from '../types';
import { auditActions } from './auditActions';
import { AuditDetails } from './AuditDetails';
import { AuditActorField, AuditSentenceField } from './AuditSentenceField';

const Column = DataTable.Col<AuditEntry>;

const auditFilters = [
  <SelectInput key="action" source="action" choices={auditActions} emptyText="console.all" alwaysOn />,
  <TextInput key="subject_id" source="subject_id" alwaysOn />,
];

/** Who did what, newest first: each entry as a sentence, its particulars in the row's expand panel. */
export const AuditList = () => (
  <List<AuditEntry> filters={auditFilters} sort={{ field: 'at', order: 'DESC' }} exporter={false}>
    <DataTable bulkActionButtons={false} rowClick="expand" expand={<AuditDetails />}>
      <Column source="at">
        <DateTimeField source="at" />
      </Column>
      <Column source="actor_label" disableSort>
        <AuditActorField />
      </Column>
      <Column source="action" label="resources.audit.fields.what">
        <AuditSentenceField />
      </Column>
      <Column source="subject_type" disableSort>
        <CodeField source="subject_type" messages="resources.audit.subjects" />
      </Column>
    </DataTable>
  </List>
);
