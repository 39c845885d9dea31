import type { ColoredChoice } from '../shared/ChoiceChipField';
import type { ReportKind, ReportStatus } from '../types';

export const reportKinds: { id: ReportKind; name: string }[] = [
  { id: 'attendance', name: 'resources.reports.kinds.attendance' },
  { id: 'test_results', name: 'resources.reports.kinds.test_results' },
  { id: 'course_completions', name: 'resources.reports.kinds.course_completions' },
];

export const reportStatuses: ColoredChoice<ReportStatus>[] = [
  { id: 'preview', name: 'resources.reports.status.preview', color: 'warning' },
  { id: 'confirmed', name: 'resources.reports.status.confirmed', color: 'success' },
  { id: 'superseded', name: 'resources.reports.status.superseded', color: 'default' },
  { id: 'discarded', name: 'resources.reports.status.discarded', color: 'default' },
];
