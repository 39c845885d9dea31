import { Create, email, minLength, PasswordInput, required, SelectInput, SimpleForm, TextInput } from 'react-admin';
import { staffRoles } from './roles';

/** A new staff account; the API wants a password of at least 12 characters. */
export const StaffCreate = () => (
  <Create redirect="list">
    <SimpleForm defaultValues={{ role: 'support' }}>
      <TextInput source="email" type="email" autoComplete="off" validate={[required(), email()]} />
      <TextInput source="name" validate={required()} />
      <SelectInput source="role" choices={staffRoles} validate={required()} />
      <PasswordInput source="password" autoComplete="new-password" validate={[required(), minLength(12)]} />
    </SimpleForm>
  </Create>
);
