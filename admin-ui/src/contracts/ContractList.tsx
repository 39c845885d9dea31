import { Box, Typography } from '@mui/material';
import {
  DataTable,
  FilterButton,
  List,
  SearchInput,
  SelectField,
  SelectInput,
  TopToolbar,
  usePermissions,
  useTranslate,
} from 'react-admin';
import { ChoiceChipField } from '../shared/ChoiceChipField';
import { DateTimeField } from '../shared/DateTimeField';
import type { Contract, StaffRole } from '../types';
import { contractStatuses, contractTypes } from './choices';
import { RegistryImportButton } from './RegistryImportButton';

const Column = DataTable.Col<Contract>;

const contractFilters = [
  <SearchInput key="q" source="q" alwaysOn />,
  <SelectInput key="status" source="status" choices={contractStatuses} />,
];

const ContractListActions = () => {
  const { permissions } = usePermissions<StaffRole>();
  return (
    <TopToolbar>
      <FilterButton />
      {permissions === 'admin' && <RegistryImportButton />}
    </TopToolbar>
  );
};

/**
 * No contract yet (a fresh system): react-admin shows this page instead of the list and its actions,
 * so the import is offered here too; registrations cannot be verified (R4) until the registry is loaded.
 */
const EmptyRegistry = () => {
  const { permissions } = usePermissions<StaffRole>();
  const translate = useTranslate();
  return (
    <Box sx={{ textAlign: 'center', mt: 6, mx: 'auto', maxWidth: 560 }} data-testid="contracts-empty">
      <Typography variant="h6" gutterBottom>
        {translate('resources.contracts.empty.title')}
      </Typography>
      <Typography variant="body2" color="text.secondary" sx={{ mb: 3 }}>
        {translate(permissions === 'admin' ? 'resources.contracts.empty.admin' : 'resources.contracts.empty.others')}
      </Typography>
      {permissions === 'admin' && <RegistryImportButton variant="contained" />}
    </Box>
  );
};

/** The operator's contract registry, as last imported. */
export const ContractList = () => (
  <List<Contract>
    filters={contractFilters}
    actions={<ContractListActions />}
    empty={<EmptyRegistry />}
    sort={{ field: 'contract_number', order: 'ASC' }}
    exporter={false}
  >
    <DataTable bulkActionButtons={false} rowClick={false}>
      <Column source="contract_number" />
      <Column source="contract_type" disableSort>
        <SelectField source="contract_type" choices={contractTypes} />
      </Column>
      <Column source="inn" disableSort />
      <Column source="legal_name" />
      <Column source="status">
        <ChoiceChipField source="status" choices={contractStatuses} />
      </Column>
      <Column source="imported_at">
        <DateTimeField source="imported_at" />
      </Column>
    </DataTable>
  </List>
);
