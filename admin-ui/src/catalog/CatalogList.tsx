import {
  BooleanField,
  CreateButton,
  DataTable,
  EditButton,
  List,
  NullableBooleanInput,
  SearchInput,
  TopToolbar,
  usePermissions,
} from 'react-admin';
import { DateTimeField } from '../shared/DateTimeField';
import { TierChipField } from '../tiers/TierChip';
import type { CatalogItem, StaffRole } from '../types';

const Column = DataTable.Col<CatalogItem>;
const NumberColumn = DataTable.NumberCol<CatalogItem>;

const catalogFilters = [<SearchInput key="q" source="q" alwaysOn />, <NullableBooleanInput key="active" source="active" alwaysOn />];

const CatalogListActions = ({ isAdmin }: { isAdmin: boolean }) => <TopToolbar>{isAdmin && <CreateButton />}</TopToolbar>;

/** R15: the shop's catalog; admins add and edit items, support reads it. */
export const CatalogList = () => {
  const { permissions } = usePermissions<StaffRole>();
  const isAdmin = permissions === 'admin';
  return (
    <List<CatalogItem>
      filters={catalogFilters}
      actions={<CatalogListActions isAdmin={isAdmin} />}
      sort={{ field: 'title', order: 'ASC' }}
      exporter={false}
    >
      <DataTable rowClick={isAdmin ? 'edit' : false} bulkActionButtons={false}>
        <Column source="sku" />
        <Column source="title" />
        <NumberColumn source="price_points" />
        <NumberColumn source="stock" />
        <Column source="active" disableSort>
          <BooleanField source="active" />
        </Column>
        <Column source="min_tier" disableSort>
          <TierChipField source="min_tier" />
        </Column>
        <Column source="updated_at">
          <DateTimeField source="updated_at" />
        </Column>
        {isAdmin && (
          <Column label={false} disableSort>
            <EditButton />
          </Column>
        )}
      </DataTable>
    </List>
  );
};
