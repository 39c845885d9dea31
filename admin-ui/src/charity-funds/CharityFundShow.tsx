import {
  BooleanField,
  DataTable,
  EditButton,
  ReferenceManyField,
  Show,
  TabbedShowLayout,
  TextField,
  TopToolbar,
  usePermissions,
} from 'react-admin';
import { CodeField } from '../shared/CodeField';
import { ActorLabelField } from '../shared/ActorLabelField';
import { DateTimeField } from '../shared/DateTimeField';
import type { StaffRole } from '../types';
import { FundStatement } from './FundStatement';
import type { CharityFund, Donation } from './types';

const FundShowActions = () => {
  const { permissions } = usePermissions<StaffRole>();
  return <TopToolbar>{permissions === 'admin' && <EditButton />}</TopToolbar>;
};

/** A3: a charity fund, its monthly statement, and the donations made to it (each final once completed). */
export const CharityFundShow = () => (
  <Show<CharityFund> actions={<FundShowActions />}>
    <TabbedShowLayout>
      <TabbedShowLayout.Tab label="resources.charity-funds.tabs.summary">
        <TextField source="name" />
        <TextField source="description" emptyText="—" />
        <BooleanField source="active" />
        <ActorLabelField source="created_by" />
        <DateTimeField source="created_at" />
        <DateTimeField source="updated_at" />
      </TabbedShowLayout.Tab>
      <TabbedShowLayout.Tab label="resources.charity-funds.tabs.statement" path="statement">
        <FundStatement />
      </TabbedShowLayout.Tab>
      <TabbedShowLayout.Tab label="resources.charity-funds.tabs.donations" path="donations">
        <ReferenceManyField reference="donations" target="fund_id" sort={{ field: 'created_at', order: 'DESC' }} label={false}>
          <DataTable<Donation> rowClick={false} bulkActionButtons={false}>
            <DataTable.Col source="created_at" disableSort>
              <DateTimeField source="created_at" />
            </DataTable.Col>
            <DataTable.Col source="participant_name" disableSort />
            <DataTable.Col source="participant_email" disableSort />
            <DataTable.NumberCol source="points" disableSort />
            <DataTable.Col source="status" disableSort>
              <CodeField source="status" messages="resources.donations.status" />
            </DataTable.Col>
            <DataTable.Col source="completed_at" disableSort>
              <DateTimeField source="completed_at" emptyText="—" />
            </DataTable.Col>
            <DataTable.Col source="end_reason" disableSort>
              <CodeField source="end_reason" messages="resources.donations.end_reasons" emptyText="—" />
            </DataTable.Col>
          </DataTable>
        </ReferenceManyField>
      </TabbedShowLayout.Tab>
    </TabbedShowLayout>
  </Show>
);
