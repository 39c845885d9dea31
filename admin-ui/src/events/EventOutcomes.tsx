import { Chip, ToggleButton, ToggleButtonGroup, Typography, alpha, type Theme } from '@mui/material';
import { useState } from 'react';
import { DataTable, Pagination, ReferenceManyField, useTranslate } from 'react-admin';
import { CodeField } from '../shared/CodeField';
import { DateTimeField } from '../shared/DateTimeField';
import { ShowLinkField } from '../shared/ShowLinkField';
import type { Outcome } from '../types';

const Column = DataTable.Col<Outcome>;

const views = {
  all: {},
  credited: { credited: true },
  not_credited: { credited: false },
  unmatched: { reason: 'not_a_participant' },
} as const;
type View = keyof typeof views;

/** R13: an email that is no active participant is recorded, credits nobody, and stands out here. */
const isUnmatched = (outcome: Outcome) => outcome.reason === 'not_a_participant';

const CreditedChip = ({ outcome }: { outcome: Outcome }) => {
  const translate = useTranslate();
  return outcome.credited ? (
    <Chip size="small" color="success" label={translate('resources.outcomes.credited.yes')} />
  ) : (
    <Chip size="small" color={isUnmatched(outcome) ? 'warning' : 'default'} label={translate('resources.outcomes.credited.no')} />
  );
};

/**
 * The verdict for every reported email once the window closed: credited, or why not (R8–R10, R13).
 * `label={false}`: the tab draws no label above it.
 */
export const EventOutcomes = (_: { label: false }) => {
  const translate = useTranslate();
  const [view, setView] = useState<View>('all');
  return (
    <>
      <ToggleButtonGroup size="small" exclusive value={view} onChange={(_, next: View | null) => next && setView(next)} sx={{ mb: 1 }}>
        {(Object.keys(views) as View[]).map((v) => (
          <ToggleButton key={v} value={v}>
            {translate(`resources.outcomes.views.${v}`)}
          </ToggleButton>
        ))}
      </ToggleButtonGroup>
      <ReferenceManyField
        reference="outcomes"
        target="event_id"
        filter={views[view]}
        sort={{ field: 'email_normalized', order: 'ASC' }}
        perPage={50}
        pagination={<Pagination />}
        label={false}
      >
        <DataTable<Outcome>
          bulkActionButtons={false}
          rowClick={false}
          rowSx={(outcome) => (isUnmatched(outcome) ? { bgcolor: (theme) => alpha((theme as Theme).palette.warning.main, 0.12) } : {})}
          empty={
            <Typography variant="body2" sx={{ p: 2 }}>
              {translate('resources.outcomes.empty')}
            </Typography>
          }
        >
          <Column source="email_normalized" />
          <Column source="credited" disableSort render={(outcome) => <CreditedChip outcome={outcome} />} />
          <Column source="reason">
            <CodeField source="reason" messages="console.ineligibility" emptyText="—" />
          </Column>
          <DataTable.NumberCol<Outcome> source="live_minutes" disableSort />
          <DataTable.NumberCol<Outcome> source="score" disableSort />
          <Column source="participant_id" disableSort>
            <ShowLinkField
              source="participant_id"
              reference="participants"
              idSource="participant_id"
              text="resources.participants.actions.open"
              emptyText="—"
            />
          </Column>
          <Column source="decided_at">
            <DateTimeField source="decided_at" />
          </Column>
        </DataTable>
      </ReferenceManyField>
    </>
  );
};
