import { DataTable, DateInput, List, SearchInput, SelectField, SelectInput, TextInput } from 'react-admin';
import { ChoiceChipField } from '../shared/ChoiceChipField';
import { DateTimeField } from '../shared/DateTimeField';
import type { Participant } from '../types';
import { AgencyField } from './AgencyField';
import { contractPaths, participantStatuses } from './choices';
import { TierFilterInput } from './TierFilterInput';

const Column = DataTable.Col<Participant>;

const participantFilters = [
  <SearchInput key="q" source="q" alwaysOn />,
  // R24: a participant who forgot the email is found by name and agency legal name together.
  <TextInput key="name" source="name" alwaysOn />,
  <TextInput key="agency" source="agency" alwaysOn />,
  <SelectInput key="status" source="status" choices={participantStatuses} emptyText="console.all" alwaysOn />,
  // The dashboard's figures open the list on these: a day's registrations or activations (UTC), a tier's participants (A1).
  <DateInput key="registered_on" source="registered_on" />,
  <DateInput key="activated_on" source="activated_on" />,
  <TierFilterInput key="tier" source="tier" />,
];

export const ParticipantList = () => (
  <List<Participant> filters={participantFilters} sort={{ field: 'registered_at', order: 'DESC' }} exporter={false}>
    <DataTable rowClick="show" bulkActionButtons={false}>
      <Column source="member_number" />
      <Column source="last_name" label="resources.participants.fields.full_name" render={(p) => `${p.last_name} ${p.first_name}`} />
      <Column source="email" />
      <Column source="agency_name">
        <AgencyField />
      </Column>
      <Column source="contract_path" disableSort>
        <SelectField source="contract_path" choices={contractPaths} />
      </Column>
      <Column source="status">
        <ChoiceChipField source="status" choices={participantStatuses} />
      </Column>
      <DataTable.NumberCol<Participant> source="balance" />
      <Column source="registered_at">
        <DateTimeField source="registered_at" />
      </Column>
    </DataTable>
  </List>
);
