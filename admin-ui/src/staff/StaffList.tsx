import { DataTable, List, SelectField } from 'react-admin';
import { DateTimeField } from '../shared/DateTimeField';
import type { Staff } from '../types';
import { staffRoles } from './roles';

const Column = DataTable.Col<Staff>;

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
    </DataTable>
  </List>
);
