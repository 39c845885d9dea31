import { DataTable, ReferenceManyField } from 'react-admin';
import { ChoiceChipField } from '../shared/ChoiceChipField';
import { DateTimeField } from '../shared/DateTimeField';
import type { EmailChange } from '../types';
import { emailChangeStatuses } from './choices';

/** The participant's email changes (R21), newest first, for the participant's page. */
export const ParticipantEmailChanges = () => (
  <ReferenceManyField reference="email-changes" target="participant_id" sort={{ field: 'created_at', order: 'DESC' }} label={false}>
    <DataTable<EmailChange> rowClick="show" bulkActionButtons={false}>
      <DataTable.Col source="created_at" disableSort>
        <DateTimeField source="created_at" />
      </DataTable.Col>
      <DataTable.Col source="old_email" disableSort />
      <DataTable.Col source="new_email" disableSort />
      <DataTable.Col source="status" disableSort>
        <ChoiceChipField source="status" choices={emailChangeStatuses} />
      </DataTable.Col>
      <DataTable.Col source="decision_reason" disableSort />
    </DataTable>
  </ReferenceManyField>
);
