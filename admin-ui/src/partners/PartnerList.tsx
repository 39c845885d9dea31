import { BooleanField, CreateButton, DataTable, List, NullableBooleanInput, SearchInput, TopToolbar, usePermissions } from 'react-admin';
import { DateTimeField } from '../shared/DateTimeField';
import type { StaffRole } from '../types';
import { EarningRuleField, PendingPeriodField } from './EarningRuleField';
import { roubles, type Partner } from './types';

const Column = DataTable.Col<Partner>;

const partnerFilters = [<SearchInput key="q" source="q" alwaysOn />, <NullableBooleanInput key="active" source="active" alwaysOn />];

const PartnerListActions = ({ isAdmin }: { isAdmin: boolean }) => <TopToolbar>{isAdmin && <CreateButton />}</TopToolbar>;

/** A2: the partners whose systems post accruals, with what waits in their pending period; admins keep them. */
export const PartnerList = () => {
  const { permissions } = usePermissions<StaffRole>();
  return (
    <List<Partner>
      filters={partnerFilters}
      actions={<PartnerListActions isAdmin={permissions === 'admin'} />}
      sort={{ field: 'name', order: 'ASC' }}
      exporter={false}
    >
      <DataTable rowClick="show" bulkActionButtons={false}>
        <Column source="name" />
        <Column source="earning_rule" disableSort>
          <EarningRuleField />
        </Column>
        <Column source="pending_period_ms">
          <PendingPeriodField />
        </Column>
        <Column source="price_per_point_kopecks" disableSort render={(p) => roubles(p.price_per_point_kopecks)} />
        <Column source="qualifies" disableSort>
          <BooleanField source="qualifies" />
        </Column>
        <Column source="active" disableSort>
          <BooleanField source="active" />
        </Column>
        <DataTable.NumberCol source="pending" />
        <Column source="updated_at">
          <DateTimeField source="updated_at" />
        </Column>
      </DataTable>
    </List>
  );
};
