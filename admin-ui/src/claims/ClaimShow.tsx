import { Typography } from '@mui/material';
import {
  ArrayField,
  BooleanField,
  DataTable,
  FunctionField,
  NumberField,
  RecordContextProvider,
  SelectField,
  SimpleShowLayout,
  TextField,
  useRecordContext,
  useTranslate,
} from 'react-admin';
import { eventKinds } from '../events/choices';
import { ParticipantButton } from '../participants/ParticipantButton';
import { reportKinds, reportStatuses } from '../reports/choices';
import { ChoiceChipField } from '../shared/ChoiceChipField';
import { CodeField } from '../shared/CodeField';
import { ActorLabelField } from '../shared/ActorLabelField';
import { DateTimeField } from '../shared/DateTimeField';
import { OpenInTemporalButton } from '../shared/OpenInTemporalButton';
import { Section } from '../shared/Section';
import { ShowLinkField } from '../shared/ShowLinkField';
import { TaskShow } from '../shared/TaskShow';
import type { Claim } from '../types';
import { claimTask } from './claimTask';
import { accrualStatuses } from '../partners/choices';
import { PartnerStatement } from '../partners/PartnerStatement';
import { roubles, transactionDate, type PartnerAccrual } from '../partners/types';

/** A2: what the partner has posted for the claimant, and the partner's statement for the transaction's month. */
const PartnerEvidenceSection = () => {
  const claim = useRecordContext<Claim>();
  const translate = useTranslate();
  if (claim?.kind !== 'partner' || !claim.partner_accruals) return null;
  return (
    <>
      <Section title="resources.claims.sections.partner_accruals">
        {claim.partner_accruals.length === 0 ? (
          <Typography variant="body2">{translate('resources.claims.no_partner_accruals')}</Typography>
        ) : (
          <ArrayField source="partner_accruals">
            <DataTable bulkActionButtons={false} rowClick={false}>
              <DataTable.Col source="transaction_id" label="resources.partner-accruals.fields.transaction_id" disableSort />
              <DataTable.Col
                source="transaction_at"
                label="resources.partner-accruals.fields.transaction_at"
                disableSort
                render={(a) => transactionDate(a as PartnerAccrual)}
              />
              <DataTable.Col
                source="amount_kopecks"
                label="resources.partner-accruals.fields.amount_kopecks"
                disableSort
                render={(a) => roubles((a as PartnerAccrual).amount_kopecks)}
              />
              <DataTable.Col source="kind" label="resources.partner-accruals.fields.kind" disableSort />
              <DataTable.NumberCol source="points" label="resources.partner-accruals.fields.points" disableSort />
              <DataTable.Col source="status" label="resources.partner-accruals.fields.status" disableSort>
                <ChoiceChipField source="status" choices={accrualStatuses} />
              </DataTable.Col>
            </DataTable>
          </ArrayField>
        )}
      </Section>
      <Section title="resources.claims.sections.partner_statement">
        <RecordContextProvider value={{ id: claim.partner_id, name: claim.partner_name }}>
          <PartnerStatement initialMonth={claim.transaction_at?.slice(0, 7)} />
        </RecordContextProvider>
      </Section>
    </>
  );
};

/** A2: the transaction a partner claim names. */
const PartnerClaimFacts = () => {
  const claim = useRecordContext<Claim>();
  if (claim?.kind !== 'partner') return null;
  return (
    <SimpleShowLayout sx={{ p: 0 }}>
      <ShowLinkField source="partner_name" reference="partners" idSource="partner_id" />
      <TextField source="partner_reference" />
      <FunctionField<Claim>
        source="transaction_at"
        label="resources.claims.fields.transaction_date"
        render={(c) => transactionDate({ transaction_at: c.transaction_at!, date_only: c.date_only ?? true })}
      />
      <FunctionField<Claim> source="amount_kopecks" render={(c) => roubles(c.amount_kopecks)} />
      <TextField source="transaction_kind" emptyText="—" />
    </SimpleShowLayout>
  );
};

/** What the event's confirmed reports say of the claimant's email. */
const EvidenceSection = () => {
  const claim = useRecordContext<Claim>();
  const translate = useTranslate();
  if (!claim?.evidence) return null;
  return (
    <Section title="resources.claims.sections.evidence">
      {claim.evidence.length === 0 ? (
        <Typography variant="body2">{translate('resources.claims.no_evidence')}</Typography>
      ) : (
        <ArrayField source="evidence">
          <DataTable bulkActionButtons={false} rowClick={false}>
            <DataTable.Col source="created_at" label="resources.reports.fields.created_at" disableSort>
              <DateTimeField source="created_at" />
            </DataTable.Col>
            <DataTable.Col source="kind" label="resources.reports.fields.kind" disableSort>
              <SelectField source="kind" choices={reportKinds} />
            </DataTable.Col>
            <DataTable.Col source="filename" label="resources.reports.fields.filename" disableSort>
              <ShowLinkField source="filename" reference="reports" idSource="report_id" />
            </DataTable.Col>
            <DataTable.Col source="status" label="resources.reports.fields.status" disableSort>
              <ChoiceChipField source="status" choices={reportStatuses} />
            </DataTable.Col>
            <DataTable.NumberCol source="live_minutes" label="resources.reports.line_fields.live_minutes" disableSort />
            <DataTable.NumberCol source="recording_minutes" label="resources.reports.line_fields.recording_minutes" disableSort />
            <DataTable.NumberCol source="score" label="resources.reports.line_fields.score" disableSort />
            <DataTable.Col source="completed_at" label="resources.reports.line_fields.completed_at" disableSort>
              <DateTimeField source="completed_at" />
            </DataTable.Col>
          </DataTable>
        </ArrayField>
      )}
    </Section>
  );
};

/** The window's verdict for the claimant's email, when it was reported at all. */
const OutcomeSection = () => {
  const claim = useRecordContext<Claim>();
  const translate = useTranslate();
  if (!claim || claim.outcome === undefined) return null;
  return (
    <Section title="resources.claims.sections.outcome">
      {claim.outcome === null ? (
        <Typography variant="body2">{translate('resources.claims.no_outcome')}</Typography>
      ) : (
        <SimpleShowLayout record={{ id: claim.id, ...claim.outcome }} resource="outcomes" sx={{ p: 0 }}>
          <BooleanField source="credited" />
          <CodeField source="reason" messages="console.ineligibility" emptyText="—" />
          <NumberField source="live_minutes" emptyText="—" />
          <NumberField source="score" emptyText="—" />
        </SimpleShowLayout>
      )}
    </Section>
  );
};

/** One claim of missing points (A4): the statement, the evidence, the window's verdict and the decision. */
export const ClaimShow = () => (
  <TaskShow
    task={claimTask}
    actions={
      <>
        <ParticipantButton source="participant_id" />
        <OpenInTemporalButton />
      </>
    }
    facts={
      <Section title="resources.claims.sections.claim">
        <SimpleShowLayout sx={{ p: 0 }}>
          <ShowLinkField source="participant_name" reference="participants" idSource="participant_id" />
          <TextField source="email" />
          <ShowLinkField source="event_title" reference="events" idSource="event_id" emptyText="—" />
          <SelectField source="event_kind" choices={eventKinds} emptyText="—" />
          <NumberField source="points" />
          <TextField source="statement" />
          <DateTimeField source="deadline_at" />
          <ActorLabelField source="created_by" />
          <DateTimeField source="created_at" />
        </SimpleShowLayout>
        <PartnerClaimFacts />
      </Section>
    }
    documents={
      <>
        <OutcomeSection />
        <EvidenceSection />
        <PartnerEvidenceSection />
      </>
    }
  />
);
