import { BooleanField, CreateButton, DataTable, List, NullableBooleanInput, SearchInput, TopToolbar, usePermissions } from 'react-admin';
import { DateTimeField } from '../shared/DateTimeField';
import type { StaffRole } from '../types';
import type { CharityFund } from './types';

const Column = DataTable.Col<CharityFund>;
const NumberColumn = DataTable.NumberCol<CharityFund>;

const fundFilters = [<SearchInput key="q" source="q" alwaysOn />, <NullableBooleanInput key="active" source="active" alwaysOn />];

const FundListActions = ({ isAdmin }: { isAdmin: boolean }) => <TopToolbar>{isAdmin && <CreateButton />}</TopToolbar>;

/** A3: the charity funds participants donate points to, with what each has received; admins keep them. */
export const CharityFundList = () => {
  const { permissions } = usePermissions<StaffRole>();
  return (
    <List<CharityFund>
      filters={fundFilters}
      actions={<FundListActions isAdmin={permissions === 'admin'} />}
      sort={{ field: 'name', order: 'ASC' }}
      exporter={false}
    >
      <DataTable rowClick="show" bulkActionButtons={false}>
        <Column source="name" />
        <Column source="active" disableSort>
          <BooleanField source="active" />
        </Column>
        <NumberColumn source="donations" />
        <NumberColumn source="points" />
        <Column source="updated_at">
          <DateTimeField source="updated_at" />
        </Column>
      </DataTable>
    </List>
  );
};
