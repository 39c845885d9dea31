import { BooleanInput, SimpleForm, TextInput, required } from 'react-admin';
import type { CharityFund } from './types';

export type CharityFundFields = Pick<CharityFund, 'name' | 'description' | 'active'>;

/**
 * The fields to send: all of them for a new fund, only the changed ones for an edit (so the audit
 * log records what changed). The API's names are the record's own.
 */
export function toRequest(data: CharityFundFields, previous?: Partial<CharityFundFields>): Partial<CharityFundFields> {
  const fields = (['name', 'description', 'active'] as const).filter(
    (field) => data[field] !== undefined && (previous === undefined || data[field] !== previous[field]),
  );
  return Object.fromEntries(fields.map((field) => [field, field === 'description' ? (data[field] ?? '') : data[field]]));
}

/** A3: a charity fund the program keeps (an organisation, never a person); the same form creates and edits. */
export const CharityFundForm = () => (
  <SimpleForm defaultValues={{ active: true, description: '' }}>
    <TextInput source="name" validate={required()} fullWidth slotProps={{ htmlInput: { maxLength: 300 } }} />
    <TextInput source="description" multiline minRows={2} fullWidth slotProps={{ htmlInput: { maxLength: 5000 } }} />
    <BooleanInput source="active" helperText="resources.charity-funds.helper.active" />
  </SimpleForm>
);
