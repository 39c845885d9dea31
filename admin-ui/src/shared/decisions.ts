import type { Identifier, RaRecord } from 'react-admin';
import type { ConsoleDataProvider } from '../dataProvider';
import type { TaskDecision } from '../types';
import type { ColoredChoice } from './ChoiceChipField';

/** The decision a task records once a reviewer has taken it. */
export type TaskOutcome = 'approved' | 'rejected';

/** A sentence for the reviewer: a translation key and its options (`smart_count` picks the plural). */
export interface Sentence {
  message: string;
  options?: Record<string, unknown>;
}

/**
 * One kind of review-like task (a registration review, a claim, an order's employment check, an
 * email change…): what TaskShow and DecisionButtons need to show it and decide it. Its messages live
 * under `resources.<resource>`: `fields.*` (with `status`, `decision_reason` and the decided-by
 * field), `sections.decision`, `actions.approve|reject`, `approve_dialog.title`,
 * `reject_dialog.title|hint`.
 */
export interface TaskDefinition<T extends RaRecord> {
  resource: string;
  statuses: readonly ColoredChoice[];
  /** The record's field naming who decided. */
  decidedBy: string;
  /** The workflow may still change the record (a deadline, another reviewer, the next step): the page looks again. */
  live: (record: T) => boolean;
  /** The record waits for a reviewer: the decision buttons show. */
  awaitsDecision: (record: T) => boolean;
  /** The decision taken, or null while none was (or the task ended without one, e.g. past its deadline). */
  outcome: (record: T) => TaskOutcome | null;
  /** What each decision will do, said before it is sent: neither can be taken back. */
  consequences: (record: T) => Record<TaskDecision['decision'], Sentence>;
  /** Sends the decision; the API answers with the decided record. */
  decide: (dataProvider: ConsoleDataProvider, id: Identifier, decision: TaskDecision) => Promise<T>;
  /** The success message for the decided record (a translation key). */
  decided: (record: T) => string;
  /** The API's refusal when another reviewer decided first, and what to say then. */
  stale: { code: string; message: string };
}
