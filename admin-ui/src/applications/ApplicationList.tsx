import { DataTable, List, SelectInput, TextInput } from 'react-admin';
import { ChoiceChipField } from '../shared/ChoiceChipField';
import { DateTimeField } from '../shared/DateTimeField';
import type { CorporateApplication } from '../types';
import { applicationStatuses } from './choices';

const Column = DataTable.Col<CorporateApplication>;

const applicationFilters = [
  <SelectInput key="status" source="status" choices={applicationStatuses} emptyText="console.all" alwaysOn />,
  <TextInput key="q" source="q" label="resources.applications.search" alwaysOn />,
];

/** A7's queue: applications awaiting a manager first, oldest first. */
export const ApplicationList = () => (
  <List<CorporateApplication>
    filters={applicationFilters}
    filterDefaultValues={{ status: 'awaiting_review' }}
    sort={{ field: 'created_at', order: 'ASC' }}
    exporter={false}
  >
    <DataTable rowClick="show" bulkActionButtons={false}>
      <Column source="number" />
      <Column source="created_at">
        <DateTimeField source="created_at" />
      </Column>
      <Column source="legal_name" />
      <Column source="inn" disableSort />
      <Column source="contact_name" disableSort />
      <Column source="status">
        <ChoiceChipField source="status" choices={applicationStatuses} />
      </Column>
      <Column source="documents_due_at" disableSort>
        <DateTimeField source="documents_due_at" />
      </Column>
    </DataTable>
  </List>
);
