import { DataTable, List, SelectInput } from 'react-admin';
import { ChoiceChipField } from '../shared/ChoiceChipField';
import { DateTimeField } from '../shared/DateTimeField';
import type { Claim } from '../types';
import { claimStatuses } from './choices';
import { claimSubject } from './claimTask';

const Column = DataTable.Col<Claim>;

const claimFilters = [<SelectInput key="status" source="status" choices={claimStatuses} emptyText="console.all" alwaysOn />];

/** Claims of missing points (A4): open ones first, oldest first, each with its deadline. */
export const ClaimList = () => (
  <List<Claim>
    filters={claimFilters}
    filterDefaultValues={{ status: 'open' }}
    sort={{ field: 'created_at', order: 'ASC' }}
    exporter={false}
  >
    <DataTable rowClick="show" bulkActionButtons={false}>
      <Column source="created_at">
        <DateTimeField source="created_at" />
      </Column>
      <Column source="participant_name" disableSort />
      <Column source="email" disableSort />
      {/* an event, or a partner's transaction (A2) */}
      <Column source="event_title" disableSort render={(claim) => claimSubject(claim)} />
      <DataTable.NumberCol<Claim> source="points" disableSort />
      <Column source="status">
        <ChoiceChipField source="status" choices={claimStatuses} />
      </Column>
      <Column source="deadline_at">
        <DateTimeField source="deadline_at" />
      </Column>
      <Column source="decided_at" disableSort>
        <DateTimeField source="decided_at" />
      </Column>
    </DataTable>
  </List>
);
