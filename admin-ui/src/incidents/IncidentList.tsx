import { List, SelectInput } from 'react-admin';
import type { Incident } from '../types';
import { incidentStatuses } from './choices';
import { IncidentTable } from './IncidentTable';

const incidentFilters = [<SelectInput key="status" source="status" choices={incidentStatuses} emptyText="console.all" alwaysOn />];

/** What staff must look at, e.g. a window that closed with no attendance report (R11): open ones first. */
export const IncidentList = () => (
  <List<Incident> filters={incidentFilters} sort={{ field: 'status', order: 'ASC' }} exporter={false}>
    <IncidentTable />
  </List>
);
