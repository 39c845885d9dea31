import type { ColoredChoice } from '../shared/ChoiceChipField';
import type { CreditingStage, EventKind, ReportKind } from '../types';

export const eventKinds: { id: EventKind; name: string }[] = [
  { id: 'destination_webinar', name: 'resources.events.kinds.destination_webinar' },
  { id: 'marathon_webinar', name: 'resources.events.kinds.marathon_webinar' },
  { id: 'website_webinar', name: 'resources.events.kinds.website_webinar' },
  { id: 'course', name: 'resources.events.kinds.course' },
];

export const creditingStages: ColoredChoice<CreditingStage>[] = [
  { id: 'scheduled', name: 'resources.events.status.scheduled', color: 'default' },
  { id: 'open', name: 'resources.events.status.open', color: 'warning' },
  { id: 'crediting', name: 'resources.events.status.crediting', color: 'info' },
  { id: 'closed', name: 'resources.events.status.closed', color: 'success' },
  { id: 'ongoing', name: 'resources.events.status.ongoing', color: 'info' },
];

/** The report kinds an event takes (the API refuses the others with `report_kind_mismatch`). */
export const reportKindsFor = (kind: EventKind): ReportKind[] =>
  kind === 'course' ? ['course_completions'] : kind === 'marathon_webinar' ? ['attendance', 'test_results'] : ['attendance'];

/** Stages in which the window may still change: the show page keeps asking the workflow. */
export const isLive = (stage: CreditingStage | undefined) => stage === 'scheduled' || stage === 'open' || stage === 'crediting';
