import { Create } from 'react-admin';
import { PartnerForm, toRequest, type PartnerFormValues } from './PartnerForm';

export const PartnerCreate = () => (
  <Create redirect="show" transform={(data: PartnerFormValues) => toRequest(data)}>
    <PartnerForm />
  </Create>
);
