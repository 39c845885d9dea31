import { Create } from 'react-admin';
import { CharityFundForm, toRequest, type CharityFundFields } from './CharityFundForm';

export const CharityFundCreate = () => (
  <Create<CharityFundFields & { id: string }> redirect="show" transform={(data: CharityFundFields) => toRequest(data)}>
    <CharityFundForm />
  </Create>
);
