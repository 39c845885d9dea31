import CatalogIcon from '@mui/icons-material/Storefront';
import type { CatalogItem } from '../types';
import { CatalogCreate } from './CatalogCreate';
import { CatalogEdit } from './CatalogEdit';
import { CatalogList } from './CatalogList';

/** Support reads the catalog; `create` and `edit` are registered for admins only (App). */
export default {
  list: CatalogList,
  create: CatalogCreate,
  edit: CatalogEdit,
  icon: CatalogIcon,
  recordRepresentation: (item: CatalogItem) => `${item.title} (${item.sku})`,
};
