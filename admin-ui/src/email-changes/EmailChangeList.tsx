import { DataTable, List, SelectInput } from 'react-admin';
import { ChoiceChipField } from '../shared/ChoiceChipField';
import { DateTimeField } from '../shared/DateTimeField';
import { ShowLinkField } from '../shared/ShowLinkField';
import type { EmailChange } from '../types';
import { emailChangeStatuses } from './choices';

const Column = DataTable.Col<EmailChange>;

const emailChangeFilters = [<SelectInput key="status" source="status" choices={emailChangeStatuses} emptyText="console.all" alwaysOn />];

/** R21's queue: requests awaiting a reviewer first, oldest first, each with the old and the new address. */
export const EmailChangeList = () => (
  <List<EmailChange>
    filters={emailChangeFilters}
    filterDefaultValues={{ status: 'awaiting_review' }}
    sort={{ field: 'created_at', order: 'ASC' }}
    exporter={false}
  >
    <DataTable rowClick="show" bulkActionButtons={false}>
      <Column source="created_at">
        <DateTimeField source="created_at" />
      </Column>
      <Column source="participant_name" disableSort>
        <ShowLinkField source="participant_name" reference="participants" idSource="participant_id" />
      </Column>
      <Column source="member_number" disableSort />
      <Column
        source="old_email"
        label="resources.email-changes.fields.change"
        disableSort
        render={(r) => `${r.old_email} → ${r.new_email}`}
      />
      <Column source="status">
        <ChoiceChipField source="status" choices={emailChangeStatuses} />
      </Column>
      <Column source="documents_due_at" disableSort>
        <DateTimeField source="documents_due_at" />
      </Column>
    </DataTable>
  </List>
);
