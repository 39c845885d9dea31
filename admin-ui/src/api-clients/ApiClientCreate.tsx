import { useState } from 'react';
import { CheckboxGroupInput, Create, required, SimpleForm, TextInput, useRedirect } from 'react-admin';
import type { NewApiClient } from '../types';
import { NewKeyDialog } from './NewKeyDialog';
import { scopeChoices } from './scopes';

/** A new client with its scopes; its first key is shown once, then the client's page opens. */
export const ApiClientCreate = () => {
  const [created, setCreated] = useState<NewApiClient | null>(null);
  const redirect = useRedirect();
  return (
    <>
      <Create<NewApiClient> mutationOptions={{ onSuccess: setCreated }}>
        <SimpleForm defaultValues={{ scopes: [] }}>
          <TextInput source="name" validate={required()} helperText="resources.api-clients.helper.name" />
          <CheckboxGroupInput
            source="scopes"
            choices={scopeChoices}
            row={false}
            validate={required()}
            helperText="resources.api-clients.helper.scopes"
          />
        </SimpleForm>
      </Create>
      <NewKeyDialog name={created?.name ?? ''} apiKey={created?.key ?? null} onClose={() => redirect('show', 'api-clients', created?.id)} />
    </>
  );
};
