import { Chip, Grid, Stack } from '@mui/material';
import { useMemo, type ReactNode } from 'react';
import { Show, SimpleShowLayout, TextField, TopToolbar, useRecordContext, useTranslate, type RaRecord } from 'react-admin';
import { ChoiceChipField } from './ChoiceChipField';
import { DateTimeField } from './DateTimeField';
import type { TaskDefinition, TaskOutcome } from './decisions';
import { DecisionButtons } from './DecisionButtons';
import { DocumentsField } from './DocumentPreview';
import { pollWhile } from './pollWhile';
import { Section } from './Section';

/** How often a task's page looks again while its workflow may still change it. */
const POLL_MS = 5000;

/** The status, and once a reviewer decided, who and when. */
const TaskHeader = <T extends RaRecord>({ task }: { task: TaskDefinition<T> }) => {
  const record = useRecordContext<T>();
  if (!record) return null;
  const decided = task.outcome(record) !== null;
  return (
    <SimpleShowLayout direction="row" spacing={4} useFlexGap sx={{ p: 0, '& .RaSimpleShowLayout-stack': { flexWrap: 'wrap' } }}>
      <ChoiceChipField source="status" choices={task.statuses} />
      {decided && <TextField source={task.decidedBy} />}
      {decided && <DateTimeField source="decided_at" />}
    </SimpleShowLayout>
  );
};

const OUTCOME_COLORS = { approved: 'success', rejected: 'error' } as const;

/** The decision as a chip; `label` is for the SimpleShowLayout around it. */
const OutcomeField = ({ outcome }: { outcome: TaskOutcome; label: string }) => {
  const translate = useTranslate();
  return <Chip size="small" color={OUTCOME_COLORS[outcome]} label={translate(`console.task.outcomes.${outcome}`)} />;
};

/**
 * The reviewer's part: the buttons while the task awaits a decision, then the decision taken. The
 * rejection reason shows only on a rejection, so an approved task never shows an empty reason.
 */
const DecisionSection = <T extends RaRecord>({ task }: { task: TaskDefinition<T> }) => {
  const record = useRecordContext<T>();
  if (!record) return null;
  const title = `resources.${task.resource}.sections.decision`;
  if (task.awaitsDecision(record)) {
    return (
      <Section title={title}>
        <DecisionButtons task={task} record={record} />
      </Section>
    );
  }
  const outcome = task.outcome(record);
  if (!outcome) return null;
  return (
    <Section title={title}>
      <SimpleShowLayout sx={{ p: 0 }}>
        <OutcomeField outcome={outcome} label="console.task.decision" />
        {outcome === 'rejected' && <TextField source="decision_reason" />}
      </SimpleShowLayout>
    </Section>
  );
};

/** The documents of a task, titled, with anything that goes before them (e.g. upload buttons). */
export const TaskDocuments = ({ title, children }: { title: string; children?: ReactNode }) => (
  <Section title={title}>
    {children}
    <DocumentsField />
  </Section>
);

interface TaskShowProps<T extends RaRecord> {
  task: TaskDefinition<T>;
  /** Links beside the page's title: the participant's card, the workflow in Temporal. */
  actions?: ReactNode;
  /** The facts of the case: one or more titled sections (without the status: the header shows it). */
  facts: ReactNode;
  /** What the reviewer weighs beside the facts: the documents (TaskDocuments) or, for a claim, the reports. */
  documents?: ReactNode;
}

/**
 * The page of one review-like task: the status and who decided on top; the facts and the decision
 * on the left, the documents on the right. While the workflow may still change the record (a
 * deadline, another reviewer, the next step), the page looks again every few seconds.
 */
export const TaskShow = <T extends RaRecord>({ task, actions, facts, documents }: TaskShowProps<T>) => {
  const queryOptions = useMemo(() => pollWhile<T>((record) => record !== undefined && task.live(record), POLL_MS), [task]);
  return (
    <Show<T> actions={<TopToolbar>{actions}</TopToolbar>} queryOptions={queryOptions}>
      <Grid container spacing={4} sx={{ p: 2 }}>
        <Grid size={12}>
          <TaskHeader task={task} />
        </Grid>
        <Grid size={{ xs: 12, lg: 5 }}>
          <Stack spacing={3}>
            {facts}
            <DecisionSection task={task} />
          </Stack>
        </Grid>
        <Grid size={{ xs: 12, lg: 7 }}>
          <Stack spacing={3}>{documents}</Stack>
        </Grid>
      </Grid>
    </Show>
  );
};
