import { Edit } from 'react-admin';
import type { CatalogItem } from '../types';
import { CatalogForm, toRequest, type CatalogFields } from './CatalogForm';

/** Orders already placed keep their price; only the changed fields are sent. */
export const CatalogEdit = () => (
  <Edit<CatalogItem>
    mutationMode="pessimistic"
    redirect="list"
    transform={(data: CatalogFields, options?: { previousData?: CatalogFields }) =>
      toRequest(data, options?.previousData) as Partial<CatalogItem>
    }
  >
    <CatalogForm />
  </Edit>
);
