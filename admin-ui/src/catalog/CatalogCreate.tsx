import { Create } from 'react-admin';
import { CatalogForm, toRequest, type CatalogFields } from './CatalogForm';

export const CatalogCreate = () => (
  <Create<CatalogFields & { id: string }> redirect="list" transform={(data: CatalogFields) => toRequest(data)}>
    <CatalogForm />
  </Create>
);
