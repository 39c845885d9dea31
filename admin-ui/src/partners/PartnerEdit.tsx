import { Edit } from 'react-admin';
import { PartnerForm, toRequest, type PartnerFormValues } from './PartnerForm';
import type { Partner } from './types';

/** Accruals already posted keep their points and due instant; only the changed fields are sent. */
export const PartnerEdit = () => (
  <Edit<Partner>
    mutationMode="pessimistic"
    redirect="show"
    transform={(data: PartnerFormValues, options?: { previousData?: Partner }) =>
      toRequest(data, options?.previousData) as unknown as Partial<Partner>
    }
  >
    <PartnerForm />
  </Edit>
);
