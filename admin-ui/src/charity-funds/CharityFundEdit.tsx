import { Edit } from 'react-admin';
import { CharityFundForm, toRequest, type CharityFundFields } from './CharityFundForm';
import type { CharityFund } from './types';

/** Donations already made stay with the fund; only the changed fields are sent. */
export const CharityFundEdit = () => (
  <Edit<CharityFund>
    mutationMode="pessimistic"
    redirect="show"
    transform={(data: CharityFundFields, options?: { previousData?: CharityFundFields }) =>
      toRequest(data, options?.previousData) as Partial<CharityFund>
    }
  >
    <CharityFundForm />
  </Edit>
);
