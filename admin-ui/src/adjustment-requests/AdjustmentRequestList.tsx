import { DataTable, List, NumberField, SelectInput } from 'react-admin';
import { ChoiceChipField } from '../shared/ChoiceChipField';
import { DateTimeField } from '../shared/DateTimeField';
import { ShowLinkField } from '../shared/ShowLinkField';
import type { AdjustmentRequest } from '../types';
import { adjustmentRequestStatuses } from './choices';

const Column = DataTable.Col<AdjustmentRequest>;

const filters = [<SelectInput key="status" source="status" choices={adjustmentRequestStatuses} emptyText="console.all" alwaysOn />];

/** The four-eyes queue: adjustments awaiting a second staff member first, oldest first. */
export const AdjustmentRequestList = () => (
  <List<AdjustmentRequest>
    filters={filters}
    filterDefaultValues={{ status: 'pending' }}
    sort={{ field: 'created_at', order: 'ASC' }}
    exporter={false}
  >
    <DataTable rowClick="show" bulkActionButtons={false}>
      <Column source="created_at">
        <DateTimeField source="created_at" />
      </Column>
      <Column source="participant_name">
        <ShowLinkField source="participant_name" reference="participants" idSource="participant_id" />
      </Column>
      <Column source="amount">
        <NumberField source="amount" options={{ signDisplay: 'always' }} />
      </Column>
      <Column source="reason" disableSort />
      <Column source="requested_by" disableSort />
      <Column source="status">
        <ChoiceChipField source="status" choices={adjustmentRequestStatuses} />
      </Column>
    </DataTable>
  </List>
);
