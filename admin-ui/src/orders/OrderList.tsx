import { BooleanField, DataTable, List, SelectInput } from 'react-admin';
import { ChoiceChipField } from '../shared/ChoiceChipField';
import { DateTimeField } from '../shared/DateTimeField';
import type { Order } from '../types';
import { orderStatuses } from './choices';

const Column = DataTable.Col<Order>;
const NumberColumn = DataTable.NumberCol<Order>;

const orderFilters = [<SelectInput key="status" source="status" choices={orderStatuses} emptyText="console.all" alwaysOn />];

/** Orders paid with points: the reviewer's queue (R17) first, those awaiting review, oldest first. */
export const OrderList = () => (
  <List<Order>
    filters={orderFilters}
    filterDefaultValues={{ status: 'awaiting_review' }}
    sort={{ field: 'created_at', order: 'ASC' }}
    exporter={false}
  >
    <DataTable rowClick="show" bulkActionButtons={false}>
      <Column source="created_at">
        <DateTimeField source="created_at" />
      </Column>
      <Column source="participant_name" />
      <Column source="participant_email" disableSort />
      <Column source="item_title" disableSort />
      <NumberColumn source="quantity" disableSort />
      <NumberColumn source="total_points" />
      <Column source="status">
        <ChoiceChipField source="status" choices={orderStatuses} />
      </Column>
      <Column source="affiliation_check" disableSort>
        <BooleanField source="affiliation_check" />
      </Column>
      <Column source="updated_at">
        <DateTimeField source="updated_at" />
      </Column>
    </DataTable>
  </List>
);
