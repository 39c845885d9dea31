import CatalogIcon from '@mui/icons-material/Storefront';
import { lazyPage } from '../shared/lazyPage';
import type { CatalogItem } from '../types';

/** Support reads the catalog; `create` and `edit` are registered for admins only (App). */
export default {
  list: lazyPage(() => import('./CatalogList'), 'CatalogList'),
  create: lazyPage(() => import('./CatalogCreate'), 'CatalogCreate'),
  edit: lazyPage(() => import('./CatalogEdit'), 'CatalogEdit'),
  icon: CatalogIcon,
  recordRepresentation: (item: CatalogItem) => `${item.title} (${item.sku})`,
};
