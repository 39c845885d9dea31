import IncidentIcon from '@mui/icons-material/ReportProblem';
import { lazyPage } from '../shared/lazyPage';
import type { Incident } from '../types';

export default {
  list: lazyPage(() => import('./IncidentList'), 'IncidentList'),
  icon: IncidentIcon,
  recordRepresentation: (incident: Incident) => incident.event_title ?? incident.kind,
};
