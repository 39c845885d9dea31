import { DataTable, List, SearchInput, SelectField, SelectInput } from 'react-admin';
import { ChoiceChipField } from '../shared/ChoiceChipField';
import { DateTimeField } from '../shared/DateTimeField';
import type { EarningEvent } from '../types';
import { creditingStages, eventKinds } from './choices';

const Column = DataTable.Col<EarningEvent>;
const NumberColumn = DataTable.NumberCol<EarningEvent>;

const eventFilters = [
  <SearchInput key="q" source="q" alwaysOn />,
  <SelectInput key="kind" source="kind" choices={eventKinds} emptyText="console.all" alwaysOn />,
  <SelectInput key="crediting_status" source="crediting_status" choices={creditingStages} emptyText="console.all" alwaysOn />,
];

/** Events that earn points (R9), the latest broadcast first, with how their crediting went. */
export const EventList = () => (
  <List<EarningEvent> filters={eventFilters} sort={{ field: 'starts_at', order: 'DESC' }} exporter={false}>
    <DataTable rowClick="show" bulkActionButtons={false}>
      <Column source="title" />
      <Column source="kind">
        <SelectField source="kind" choices={eventKinds} />
      </Column>
      <NumberColumn source="points" disableSort />
      <Column source="starts_at">
        <DateTimeField source="starts_at" />
      </Column>
      <Column source="ends_at" disableSort>
        <DateTimeField source="ends_at" emptyText="—" />
      </Column>
      <Column source="crediting_status">
        <ChoiceChipField source="crediting_status" choices={creditingStages} />
      </Column>
      <NumberColumn source="credited_count" disableSort />
      <NumberColumn
        source="unmatched_count"
        disableSort
        cellSx={(event) => (event.unmatched_count > 0 ? { color: 'warning.dark', fontWeight: 'bold' } : {})}
      />
    </DataTable>
  </List>
);
