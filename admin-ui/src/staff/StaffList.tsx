import { BooleanField, DataTable, List, SelectField } from 'react-admin';
import { DateTimeField } from '../shared/DateTimeField';
import type { Staff } from '../types';
import { ResetSecondFactorButton } from './ResetSecondFactorButton';
import { staffRoles } from './roles';

const Column = DataTable.Col<Staff & { second_factor?: boolean }>;

export const StaffList = () => (
  <List<Staff> sort={{ field: 'email', order: 'ASC' }} exporter={false}>
    <DataTable bulkActionButtons={false} rowClick={false}>
      <Column source="email" />
      <Column source="name" />
      <Column source="role" disableSort>
        <SelectField source="role" choices={staffRoles} />
      </Column>
      <Column source="created_at">
        <DateTimeField source="created_at" />
      </Column>
      <Column source="second_factor" disableSort>
        <BooleanField source="second_factor" />
      </Column>
      <Column label={false} disableSort>
        <ResetSecondFactorButton />
      </Column>
    </DataTable>
  </List>
);
