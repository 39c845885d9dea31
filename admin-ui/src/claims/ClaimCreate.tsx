import { AutocompleteInput, Create, ReferenceInput, required, SimpleForm, TextInput } from 'react-admin';

/**
 * A claim filed by staff for a participant (A4), e.g. after a phone call: the API refuses while the
 * event's window is still open or when the participant already holds the points (R12).
 */
export const ClaimCreate = () => (
  <Create redirect="show">
    <SimpleForm>
      <ReferenceInput
        source="participantId"
        reference="participants"
        filter={{ status: 'active' }}
        sort={{ field: 'last_name', order: 'ASC' }}
      >
        <AutocompleteInput validate={required()} label="resources.claims.fields.participantId" />
      </ReferenceInput>
      <ReferenceInput source="eventId" reference="events" sort={{ field: 'starts_at', order: 'DESC' }}>
        <AutocompleteInput validate={required()} label="resources.claims.fields.eventId" />
      </ReferenceInput>
      <TextInput source="statement" validate={required()} multiline minRows={3} fullWidth />
    </SimpleForm>
  </Create>
);
