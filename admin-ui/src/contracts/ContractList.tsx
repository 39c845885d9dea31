import { DataTable, FilterButton, List, SearchInput, SelectField, SelectInput, TopToolbar, usePermissions } from 'react-admin';
import { ChoiceChipField } from '../shared/ChoiceChipField';
import { DateTimeField } from '../shared/DateTimeField';
import type { Contract, StaffRole } from '../types';
import { contractStatuses, contractTypes } from './choices';
import { ImportContractsButton } from './ImportContractsButton';

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
      {permissions === 'admin' && <ImportContractsButton />}
    </TopToolbar>
  );
};

/** The operator's contract registry, as last imported. */
export const ContractList = () => (
  <List<Contract> filters={contractFilters} actions={<ContractListActions />} sort={{ field: 'contract_number', order: 'ASC' }} exporter={false}>
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
