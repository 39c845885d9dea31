import { Show, SimpleShowLayout, TextField, TopToolbar } from 'react-admin';
import { ParticipantButton } from '../participants/ParticipantButton';
import { CodeField } from '../shared/CodeField';
import { DateTimeField } from '../shared/DateTimeField';
import type { Mail } from '../types';
import { MailBodyField } from './MailBodyField';
import { ResendMailButton } from './ResendMailButton';

const MailShowActions = () => (
  <TopToolbar>
    <ParticipantButton source="participant_id" />
    <ResendMailButton />
  </TopToolbar>
);

export const MailShow = () => (
  <Show<Mail> actions={<MailShowActions />}>
    <SimpleShowLayout>
      <CodeField source="channel" messages="resources.mail.channels" />
      <TextField source="to_address" />
      <TextField source="subject" />
      <CodeField source="kind" messages="resources.mail.kinds" />
      <DateTimeField source="created_at" />
      <DateTimeField source="sent_at" emptyText="resources.mail.not_sent" />
      <MailBodyField source="body_text" />
    </SimpleShowLayout>
  </Show>
);
