import ReportIcon from '@mui/icons-material/Summarize';
import { lazyPage } from '../shared/lazyPage';
import type { Report } from '../types';

/** Reports are reached from their event (no list of their own). */
export default {
  show: lazyPage(() => import('./ReportShow'), 'ReportShow'),
  icon: ReportIcon,
  recordRepresentation: (report: Report) => report.filename ?? report.event_title,
};
