import type { ColoredChoice } from '../shared/ChoiceChipField';
import type { IncidentStatus } from '../types';

export const incidentStatuses: ColoredChoice<IncidentStatus>[] = [
  { id: 'open', name: 'resources.incidents.status.open', color: 'error' },
  { id: 'resolved', name: 'resources.incidents.status.resolved', color: 'success' },
];
