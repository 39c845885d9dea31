import ReportIcon from '@mui/icons-material/Summarize';
import type { Report } from '../types';
import { ReportShow } from './ReportShow';

/** Reports are reached from their event (no list of their own). */
export default {
  show: ReportShow,
  icon: ReportIcon,
  recordRepresentation: (report: Report) => report.filename ?? report.event_title,
};
