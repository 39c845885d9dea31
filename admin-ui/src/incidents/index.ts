import IncidentIcon from '@mui/icons-material/ReportProblem';
import type { Incident } from '../types';
import { IncidentList } from './IncidentList';

export default {
  list: IncidentList,
  icon: IncidentIcon,
  recordRepresentation: (incident: Incident) => incident.event_title ?? incident.kind,
};
