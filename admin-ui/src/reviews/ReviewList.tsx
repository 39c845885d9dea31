import { DataTable, List, SelectField, SelectInput } from 'react-admin';
import { contractPaths } from '../participants/choices';
import { ChoiceChipField } from '../shared/ChoiceChipField';
import { CodeField } from '../shared/CodeField';
import { DateTimeField } from '../shared/DateTimeField';
import { TierChipField } from '../tiers/TierChip';
import type { Review } from '../types';
import { reviewStatuses } from './reviewStatuses';

const Column = DataTable.Col<Review>;

const reviewFilters = [<SelectInput key="status" source="status" choices={reviewStatuses} emptyText="console.all" alwaysOn />];

/**
 * The support review queue: open tasks, by priority (A1: a participant's higher tier first, then the
 * oldest first), each marked with the participant's tier.
 */
export const ReviewList = () => (
  <List<Review>
    filters={reviewFilters}
    filterDefaultValues={{ status: 'open' }}
    sort={{ field: 'priority', order: 'DESC' }}
    exporter={false}
  >
    <DataTable rowClick="show" bulkActionButtons={false}>
      <Column source="created_at">
        <DateTimeField source="created_at" />
      </Column>
      <Column source="tier_rank" label="resources.reviews.fields.tier">
        <TierChipField source="tier" />
      </Column>
      <Column source="participant_name" />
      <Column source="email" disableSort />
      <Column source="contract_path" disableSort>
        <SelectField source="contract_path" choices={contractPaths} />
      </Column>
      <Column source="review_reason" disableSort>
        <CodeField source="review_reason" messages="console.reasons" />
      </Column>
      <Column source="status">
        <ChoiceChipField source="status" choices={reviewStatuses} />
      </Column>
      <Column source="decided_at">
        <DateTimeField source="decided_at" />
      </Column>
    </DataTable>
  </List>
);
