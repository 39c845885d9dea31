import { DataTable } from 'react-admin';
import { ChoiceChipField } from '../shared/ChoiceChipField';
import { CodeField } from '../shared/CodeField';
import { DateTimeField } from '../shared/DateTimeField';
import { ShowLinkField } from '../shared/ShowLinkField';
import type { Incident } from '../types';
import { incidentStatuses } from './choices';
import { IncidentDetailsField } from './IncidentDetailsField';
import { ResolveButton } from './ResolveButton';

const Column = DataTable.Col<Incident>;

/** Incidents with their event and a Resolve button on the open ones; in the incident list and on an event. */
export const IncidentTable = ({ showEvent = true }: { showEvent?: boolean }) => (
  <DataTable<Incident> bulkActionButtons={false} rowClick={false}>
    <Column source="created_at">
      <DateTimeField source="created_at" />
    </Column>
    <Column source="status">
      <ChoiceChipField source="status" choices={incidentStatuses} />
    </Column>
    <Column source="kind" disableSort>
      <CodeField source="kind" messages="resources.incidents.kinds" />
    </Column>
    {showEvent && (
      <Column source="event_title" disableSort>
        <ShowLinkField source="event_title" reference="events" idSource="event_id" emptyText="—" />
      </Column>
    )}
    <Column source="details" disableSort>
      <IncidentDetailsField />
    </Column>
    <Column source="resolution" disableSort />
    <Column source="resolved_by" disableSort />
    <Column source="resolved_at" disableSort>
      <DateTimeField source="resolved_at" />
    </Column>
    <Column label={false} disableSort>
      <ResolveButton />
    </Column>
  </DataTable>
);
