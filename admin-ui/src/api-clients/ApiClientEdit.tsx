import { BooleanInput, CheckboxGroupInput, Edit, required, SimpleForm, TextInput, useRecordContext } from 'react-admin';
import type { ApiClientRecord } from '../types';
import { scopeChoices } from './scopes';

interface ClientFields {
  name: string;
  scopes: string[];
  disabled: boolean;
}

const fieldsOf = (client: Pick<ApiClientRecord, 'name' | 'scopes' | 'disabled_at'>): ClientFields => ({
  name: client.name,
  scopes: client.scopes,
  disabled: client.disabled_at !== null,
});

/** Only the changed fields are sent, so the audit log records what changed. */
const toRequest = (data: ClientFields, previous?: ApiClientRecord) => {
  const before = previous ? fieldsOf(previous) : undefined;
  const same = (a: string[], b: string[]) => [...a].sort().join() === [...b].sort().join();
  return {
    ...(data.name !== before?.name && { name: data.name }),
    ...(!(before && same(data.scopes, before.scopes)) && { scopes: data.scopes }),
    ...(data.disabled !== before?.disabled && { disabled: data.disabled }),
  };
};

const ClientForm = () => {
  const client = useRecordContext<ApiClientRecord>();
  return (
    <SimpleForm record={client && { ...client, ...fieldsOf(client) }}>
      <TextInput source="name" validate={required()} />
      <CheckboxGroupInput source="scopes" choices={scopeChoices} row={false} helperText="resources.api-clients.helper.scopes" />
      <BooleanInput source="disabled" helperText="resources.api-clients.helper.disabled" />
    </SimpleForm>
  );
};

/** The client's name, scopes, and whether it is switched off (its keys then answer 401 until it is switched on again). */
export const ApiClientEdit = () => (
  <Edit<ApiClientRecord>
    mutationMode="pessimistic"
    redirect="show"
    transform={(data: ClientFields, options?: { previousData?: ApiClientRecord }) =>
      toRequest(data, options?.previousData) as Partial<ApiClientRecord>
    }
  >
    <ClientForm />
  </Edit>
);
